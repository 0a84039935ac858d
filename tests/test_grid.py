"""The precomputed grid behind the exported page's explorer.

The page promises the kernel's numbers: every grid value must be one the live
sliders can take, and a grid point's curve must equal what the live explorer
trains for the same settings.
"""

import json
import math

import numpy as np
import pytest
import torch

from d2l_local.curves import BOOK_DEFAULTS, loss_curves, make_problem
from d2l_local.explorer import BETA2_OPTIONS
from d2l_local.grid import AXES, LossGrid, compute_grid, decode, encode
from d2l_local.hyperparams import SLIDERS
from d2l_local.training import scratch_run

ADAM, YOGI = "Adam (ours)", "Yogi (ours)"
# Settings whose runs converge smoothly (η <= 0.1): float rounding stays ~1e-7.
CALM = [
    BOOK_DEFAULTS,
    {"beta1": 0.0, "beta2": 0.99, "lr": 0.1, "eps": 1e-3},
    {"beta1": 0.99, "beta2": 0.9999, "lr": 10**-2.5, "eps": 0.1},
]
# η = 1: the loss oscillates and rounding differences grow (measured up to ~3e-4
# on the final loss over 200 random grid points; η <= 0.1 stayed below 1.5e-7).
CHAOTIC = {"beta1": 0.999, "beta2": 0.9999, "lr": 1.0, "eps": 1e-10}


@pytest.fixture(scope="module")
def loss_grid(data_iter, lesson):
    return compute_grid({ADAM: lesson["adam"], YOGI: lesson["yogi"]}, data_iter, seed=0)


def kernel_curves(lesson, data_iter, hyperparams):
    """What the live explorer trains for these settings."""
    trainers = {ADAM: lesson["adam"], YOGI: lesson["yogi"]}
    return loss_curves(
        trainers,
        lesson["init_adam_states"],
        make_problem(data_iter, seed=0),
        hyperparams,
        torch_adam=False,
    )


def test_axes_are_large_enough_and_hold_the_defaults():
    assert all(
        len(AXES[name]) >= n for name, n in {"beta1": 5, "beta2": 7, "lr": 9, "eps": 5}.items()
    )
    for name, value in BOOK_DEFAULTS.items():
        assert value in AXES[name], name
    assert 1e-3 in AXES["eps"]  # the book's Yogi default, one click away
    assert AXES["lr"][0] == pytest.approx(1e-4) and AXES["lr"][-1] == 1.0
    assert AXES["eps"][0] == 1e-10 and AXES["eps"][-1] == 1.0


def test_every_grid_value_is_a_live_slider_value():
    assert all(SLIDERS["beta1"].interval.holds(b) and round(b, 3) == b for b in AXES["beta1"])
    notches = [value for _, value in BETA2_OPTIONS]
    assert all(b in notches for b in AXES["beta2"])  # the exact floats the widget sends
    for name, step in (("lr", 0.1), ("eps", 0.5)):
        low, high = math.log10(SLIDERS[name].low), math.log10(SLIDERS[name].high)
        for value in AXES[name]:
            exponent = math.log10(value)
            assert low <= exponent <= high
            assert abs(exponent / step - round(exponent / step)) < 1e-9, (name, value)


def test_grid_shape_and_defaults(loss_grid):
    K = math.prod(len(axis) for axis in AXES.values())
    assert len(loss_grid.epochs) == 15 and loss_grid.epochs[-1] == 2.0
    for name in (ADAM, YOGI):
        assert loss_grid.losses[name].shape == (K, 15)
        assert loss_grid.losses[name].dtype == np.float32
    payload = encode(loss_grid)
    assert payload["defaults"] == {"beta1": 2, "beta2": 4, "lr": 4, "eps": 2}
    # On this convex problem no grid point blows up (the page still handles it).
    assert all((loss_grid.diverged_at[name] == -1).all() for name in (ADAM, YOGI))
    assert np.isfinite(loss_grid.losses[ADAM]).all()


def test_encoding_round_trips_through_json(loss_grid):
    text = json.dumps(encode(loss_grid))
    back = decode(json.loads(text))
    assert back.axes == loss_grid.axes
    assert np.array_equal(back.epochs, loss_grid.epochs)
    assert back.start_loss == loss_grid.start_loss and back.seed == 0
    for name in (ADAM, YOGI):
        assert back.losses[name].tobytes() == loss_grid.losses[name].tobytes()
        assert np.array_equal(back.diverged_at[name], loss_grid.diverged_at[name])
    # float32 little-endian, base64: 4 bytes per loss, 4/3 for base64
    assert len(text) < 1.4 * 4 * 15 * loss_grid.losses[ADAM].shape[0] * 2


def test_a_diverged_run_round_trips():
    losses = np.array([[0.4, 0.3, 0.2], [0.5, np.inf, np.nan]], dtype=np.float32)
    fake = LossGrid(
        {"beta1": [0.9], "beta2": [0.999], "lr": [0.01, 1.0], "eps": [1e-6]},
        np.array([0.5, 1.0, 1.5]),
        {ADAM: losses},
        {ADAM: np.array([-1, 40], dtype=np.int32)},
        0.49,
        0,
    )
    payload = encode(fake)
    assert payload["curves"][ADAM]["diverged_at"] == {"1": 40}
    back = decode(json.loads(json.dumps(payload)))
    assert back.losses[ADAM].tobytes() == losses.tobytes()
    curve, step = back.curve(ADAM, beta1=0.9, beta2=0.999, lr=1.0, eps=1e-6)
    assert step == 40 and curve.tolist() == [0.5, math.inf]


def test_decode_refuses_truncated_data(loss_grid):
    payload = encode(loss_grid)
    payload["curves"][ADAM]["losses"] = payload["curves"][ADAM]["losses"][:400]
    with pytest.raises(ValueError, match="expected"):
        decode(payload)


def test_lookup_refuses_values_off_the_grid(loss_grid):
    with pytest.raises(ValueError, match="lr=0.02"):
        loss_grid.index(**dict(BOOK_DEFAULTS, lr=0.02))
    with pytest.raises(ValueError, match="missing eps"):
        loss_grid.index(beta1=0.9, beta2=0.999, lr=0.01)


@pytest.mark.parametrize("hyperparams", CALM, ids=["defaults", "beta1=0", "slow-lr-big-eps"])
def test_calm_grid_points_equal_the_live_explorer(loss_grid, lesson, data_iter, hyperparams):
    for name, curve in kernel_curves(lesson, data_iter, hyperparams).items():
        losses, diverged_at = loss_grid.curve(name, **hyperparams)
        assert diverged_at == -1 and curve.diverged_at is None
        assert np.allclose(losses, curve.losses, rtol=0, atol=1e-6), name
        assert abs(float(losses[-1]) - curve.final) <= 1e-6, name


def test_defaults_equal_the_book_training_path(loss_grid, lesson, data_iter):
    """The grid's Adam at the defaults is ``scratch_run`` (autograd) of the chapter's adam."""
    problem = make_problem(data_iter, seed=0)
    w = problem.w0.clone().requires_grad_()
    b = torch.zeros(1, requires_grad=True)
    curve = scratch_run(
        lesson["adam"],
        lesson["init_adam_states"](5),
        dict(BOOK_DEFAULTS, t=1),
        problem.schedule,
        w,
        b,
    )
    losses, _ = loss_grid.curve(ADAM, **BOOK_DEFAULTS)
    assert abs(float(losses[-1]) - curve.final) <= 1e-6
    assert float(losses[-1]) == pytest.approx(0.2426, abs=1e-4)


def test_chaotic_grid_point_is_close_but_not_exact(loss_grid, lesson, data_iter):
    """At η = 1 the runs oscillate: float rounding shows, but only in the 4th decimal."""
    for name, curve in kernel_curves(lesson, data_iter, CHAOTIC).items():
        losses, _ = loss_grid.curve(name, **CHAOTIC)
        assert abs(float(losses[-1]) - curve.final) <= 1e-3, name
