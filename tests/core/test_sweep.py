"""The vectorised sweep: each of its curves equals a separate scalar run of the
chapter's own ``adam`` / ``yogi``, divergence is recorded and masked, bad
settings are refused by name."""

import numpy as np
import pytest
import torch

from d2l_local import torch as d2l
from d2l_local.book.hyperparams import DEFAULTS
from d2l_local.book.training import scratch_run
from d2l_local.core.sweep import grid, train_sweep
from tools.lesson import lesson_functions

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
def problem(data_iter):
    """The book's setup: seed 0, weights drawn first, then two epochs of minibatches."""
    return d2l.make_problem(data_iter, seed=0)


def columns(method, configs):
    """The configurations as per-setting lists, defaults filled in."""
    return {
        name: [c.get(name, DEFAULTS[method].get(name)) for c in configs]
        for name in ("lr", "beta1", "beta2", "eps")
    }


def scalar_run(method, config, problem):
    F = lesson_functions()
    w = problem.w0.clone().requires_grad_(True)
    b = torch.zeros(1, requires_grad=True)
    return scratch_run(
        F[method], F["init_adam_states"](len(w)), {**config, "t": 1}, problem.schedule, w, b
    )


def kept(losses):
    """A run's losses up to where it diverged."""
    return losses[~np.isnan(losses)]


@pytest.fixture(scope="module", params=["adam", "yogi"])
def both(request, problem):
    method = request.param
    sweep = train_sweep(lesson_functions()[method], problem, **columns(method, CONFIGS))
    scalars = [scalar_run(method, c, problem) for c in CONFIGS]
    return sweep, scalars


def test_every_curve_equals_a_separate_scalar_run(both):
    sweep, scalars = both
    assert len(CONFIGS) >= 8
    for i, curve in enumerate(scalars):
        got = kept(sweep.losses[i])
        assert len(got) == len(curve.losses), CONFIGS[i]
        np.testing.assert_allclose(got, curve.losses, rtol=1e-5, atol=1e-5, err_msg=str(CONFIGS[i]))
        np.testing.assert_allclose(sweep.epochs[: len(got)], curve.epochs)
        assert sweep.final[i] == pytest.approx(curve.final, rel=1e-5, abs=1e-5)


def test_divergence_is_recorded_like_run_schedule(both):
    sweep, scalars = both
    for i, curve in enumerate(scalars):
        expected = -1 if curve.diverged_at is None else curve.diverged_at
        assert sweep.diverged_at[i] == expected, CONFIGS[i]
    assert set(np.flatnonzero(sweep.diverged)) == DIVERGING


def test_points_after_divergence_are_nan_and_the_blow_up_is_kept(both):
    sweep, _ = both
    assert sweep.losses.shape == (len(CONFIGS), 15)  # every 200 of 3000 examples
    for i in range(len(CONFIGS)):
        losses = sweep.losses[i]
        if i in DIVERGING:
            assert not np.isnan(losses[0]) and np.isnan(losses[1:]).all()
            assert losses[0] > 100 * 0.2  # the blow-up value itself is kept
        else:
            assert not np.isnan(losses).any()


def test_default_run_matches_the_published_loss(problem):
    sweep = train_sweep(lesson_functions()["adam"], problem, lr=0.01)
    assert sweep.final[0] == pytest.approx(0.243, abs=0.002)  # the reference's 0.243


def test_unset_values_are_the_trainers_own_defaults(problem):
    """Yogi's own ε is 1e-3: a sweep that leaves ε out trains with it."""
    yogi = lesson_functions()["yogi"]
    left_out = train_sweep(yogi, problem, lr=[0.01, 0.1])
    given = train_sweep(yogi, problem, lr=[0.01, 0.1], eps=DEFAULTS["yogi"]["eps"])
    np.testing.assert_allclose(left_out.losses, given.losses, rtol=1e-6)  # given: float64
    assert "eps" not in left_out.settings and left_out.settings["lr"].tolist() == [0.01, 0.1]


def test_grid_is_every_combination_in_c_order():
    cfg, shape = grid(lr=[1, 2, 3], beta2=[0.9, 0.99])
    assert shape == (3, 2)
    assert cfg["lr"].tolist() == [1, 1, 2, 2, 3, 3]
    assert cfg["beta2"].tolist() == [0.9, 0.99] * 3


def test_a_grid_reshapes_back(problem):
    yogi = lesson_functions()["yogi"]
    cfg, shape = grid(lr=[0.01, 0.1], beta2=[0.9, 0.999])
    finals = train_sweep(yogi, problem, **cfg).final.reshape(shape)
    one = train_sweep(yogi, problem, lr=0.1, beta2=0.9).final[0]
    assert finals[1, 0] == pytest.approx(one, rel=1e-6)


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"lr": [0.1, -1.0]}, "lr"),
        ({"beta2": 1.0}, "beta2"),
        ({"beta1": [0.9, np.nan]}, "beta1"),
        ({"eps": -1e-8}, "eps"),
        ({"lr": [0.1, 0.2], "beta1": [0.9, 0.8, 0.7]}, "length"),
    ],
)
def test_bad_settings_are_refused_by_name(problem, kwargs, name):
    with pytest.raises(ValueError, match=name):
        train_sweep(lesson_functions()["adam"], problem, **kwargs)
