"""The vectorised sweep: each of its curves equals a separate scalar run of the
chapter's own ``adam`` / ``yogi``, divergence is recorded and masked, bad
settings are refused by name."""

import numpy as np
import pytest
import torch
from lesson import lesson_functions

from d2l_local import torch as d2l
from d2l_local.sweep import DEFAULTS, grid, train_sweep
from d2l_local.training import book_schedule, scratch_run

# Ordinary and odd settings; the last two blow up within the first 200 examples.
# Left out on purpose: settings under which the scalar loop is chaotic. Scaling w0
# by (1 + 1e-6) moves the scalar run's own losses by up to 16% for Yogi with
# beta1 = 0, beta2 = 0.5, lr = 0.3, and by 1.5e-5 with beta1 = 0, lr = 3: no two
# summation orders can agree to 1e-5 there.
CONFIGS = [
    {"lr": 0.01},
    {"lr": 0.1, "beta1": 0.5, "beta2": 0.9},
    {"lr": 1.0},
    {"lr": 1e-4, "beta2": 0.99999},
    {"lr": 0.3, "beta1": 0.0, "beta2": 0.9},
    {"lr": 0.05, "eps": 1.0},
    {"lr": 0.02, "beta1": 0.99, "eps": 0.0},
    {"lr": 1.0, "beta1": 0.0, "beta2": 0.99},
    {"lr": 100.0, "beta1": 0.999},
    {"lr": 30.0, "beta2": 0.5},
]
DIVERGING = {8, 9}


@pytest.fixture(scope="module")
def setup():
    """The book's setup: seed 0, weights drawn first, then two epochs of minibatches."""
    torch.manual_seed(0)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
    w0 = torch.normal(0.0, 0.01, size=(feature_dim, 1))
    return book_schedule(data_iter, num_epochs=2), w0


def columns(method, configs):
    """The configurations as per-setting lists, defaults filled in."""
    return {name: [c.get(name, DEFAULTS[method].get(name)) for c in configs]
            for name in ("lr", "beta1", "beta2", "eps")}


def scalar_run(method, config, schedule, w0):
    F = lesson_functions()
    w = w0.clone().requires_grad_(True)
    b = torch.zeros(1, requires_grad=True)
    return scratch_run(F[method], F["init_adam_states"](len(w0)), {**config, "t": 1},
                       schedule, w, b)


@pytest.fixture(scope="module", params=["adam", "yogi"])
def both(request, setup):
    method = request.param
    schedule, w0 = setup
    sweep = train_sweep(method, schedule, w0, 0.0, **columns(method, CONFIGS))
    scalars = [scalar_run(method, c, schedule, w0) for c in CONFIGS]
    return sweep, scalars


def test_every_curve_equals_a_separate_scalar_run(both):
    sweep, scalars = both
    assert len(CONFIGS) >= 8
    for i, curve in enumerate(scalars):
        got = sweep.losses[i].compressed()
        assert len(got) == len(curve.losses), CONFIGS[i]
        np.testing.assert_allclose(got, curve.losses, rtol=1e-5, atol=1e-5,
                                   err_msg=str(CONFIGS[i]))
        np.testing.assert_allclose(sweep.epochs[:len(got)], curve.epochs)
        assert sweep.final[i] == pytest.approx(curve.final, rel=1e-5, abs=1e-5)


def test_divergence_is_recorded_like_run_schedule(both):
    sweep, scalars = both
    for i, curve in enumerate(scalars):
        expected = -1 if curve.diverged_at is None else curve.diverged_at
        assert sweep.diverged_at[i] == expected, CONFIGS[i]
    assert set(np.flatnonzero(sweep.diverged)) == DIVERGING


def test_points_after_divergence_are_masked_not_nan(both):
    sweep, _ = both
    assert sweep.losses.shape == (len(CONFIGS), 15)  # every 200 of 3000 examples
    mask = np.ma.getmaskarray(sweep.losses)
    for i in range(len(CONFIGS)):
        kept = sweep.losses[i].compressed()
        if i in DIVERGING:
            assert len(kept) == 1 and mask[i, 1:].all()
            assert kept[-1] > 100 * 0.2  # the blow-up value itself is kept
        else:
            assert not mask[i].any()
        assert not np.isnan(kept).any()


def test_default_run_matches_the_published_loss(setup):
    schedule, w0 = setup
    sweep = train_sweep("adam", schedule, w0, lr=0.01)
    assert sweep.final[0] == pytest.approx(0.243, abs=0.002)  # the reference's 0.243


def test_grid_is_every_combination_in_c_order():
    cfg, shape = grid(lr=[1, 2, 3], beta2=[0.9, 0.99])
    assert shape == (3, 2)
    assert cfg["lr"].tolist() == [1, 1, 2, 2, 3, 3]
    assert cfg["beta2"].tolist() == [0.9, 0.99] * 3


def test_a_grid_reshapes_back(setup):
    schedule, w0 = setup
    cfg, shape = grid(lr=[0.01, 0.1], beta2=[0.9, 0.999])
    finals = train_sweep("yogi", schedule, w0, **cfg).final.reshape(shape)
    one = train_sweep("yogi", schedule, w0, lr=0.1, beta2=0.9).final[0]
    assert finals[1, 0] == pytest.approx(one, rel=1e-6)


@pytest.mark.parametrize("kwargs, name", [
    ({"lr": [0.1, -1.0]}, "lr"), ({"beta2": 1.0}, "beta2"), ({"beta1": [0.9, np.nan]}, "beta1"),
    ({"eps": -1e-8}, "eps"), ({"lr": [0.1, 0.2], "beta1": [0.9, 0.8, 0.7]}, "length"),
])
def test_bad_settings_are_refused_by_name(setup, kwargs, name):
    schedule, w0 = setup
    with pytest.raises(ValueError, match=name):
        train_sweep("adam", schedule, w0, **kwargs)


def test_wrong_start_or_evaluation_step_is_refused(setup):
    schedule, w0 = setup
    with pytest.raises(ValueError, match="w0"):
        train_sweep("adam", schedule, w0[:3])
    with pytest.raises(ValueError, match="eval_every"):
        train_sweep("adam", schedule, w0, eval_every=0)


def test_no_evaluation_point_gives_nan_not_an_error(setup):
    schedule, w0 = setup
    sweep = train_sweep("adam", schedule, w0, lr=[0.01, 0.1], eval_every=10**6)
    assert sweep.losses.shape == (2, 0) and np.isnan(sweep.final).all()


def test_unknown_method_is_refused(setup):
    schedule, w0 = setup
    with pytest.raises(ValueError, match="method"):
        train_sweep("sgd", schedule, w0)
