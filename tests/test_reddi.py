"""Reddi et al.'s counterexample: end points, regret, projection, and parity
of our three methods with torch.optim.Adam and the chapter's own ``yogi``."""

import math

import numpy as np
import pytest
import torch
from lesson import lesson_functions

from d2l_local.reddi import plot_reddi, reddi_gradients, run_reddi


@pytest.fixture(scope="module")
def paper():
    """The chapter's stated setting: C = 3, beta1 = 0, beta2 = 0.1, 300k steps."""
    return run_reddi()


def test_gradients_follow_the_three_step_cycle():
    assert reddi_gradients(3, 7).tolist() == [3, -1, -1, 3, -1, -1, 3]


def test_paper_setting_adam_goes_to_the_worst_point(paper):
    assert paper.settings["beta2"] == pytest.approx(0.1)
    assert paper.final["Adam"] > 0.99
    assert paper.final["AMSGrad"] < -0.99
    assert paper.final["Yogi"] < -0.99


def test_book_defaults_all_three_converge():
    run = run_reddi(beta1=0.9, beta2=0.999)
    for method, x in run.final.items():
        assert x < -0.99, method


def test_regret_adam_linear_others_vanishing(paper):
    # Parked at +1, Adam loses 2 (C - 2) every three steps against x = -1.
    assert paper.average_regret["Adam"][-1] == pytest.approx(2 * (3 - 2) / 3, rel=1e-3)
    for method in ("AMSGrad", "Yogi"):
        regret = paper.average_regret[method]
        assert regret[-1] < 0.01
        assert regret[-1] < regret[2999] / 5, method  # still shrinking


def test_regret_of_adam_scales_with_C():
    run = run_reddi(C=5, steps=30_000)
    assert run.final["Adam"] > 0.99
    assert run.average_regret["Adam"][-1] == pytest.approx(2 * (5 - 2) / 3, rel=1e-2)


def test_regret_is_the_sum_of_losses_minus_the_best():
    run = run_reddi(steps=30)
    C, t, x = run.C, run.t, run.x["Adam"]
    loss = np.where(t % 3 == 1, C * x, -x)
    best = np.where(t % 3 == 1, -C, 1.0)
    np.testing.assert_allclose(run.average_regret["Adam"], np.cumsum(loss - best) / t)


@pytest.mark.parametrize("lr", [0.1, 3.0])
def test_iterates_stay_in_the_interval(lr):
    run = run_reddi(lr=lr, steps=3000)
    for method, x in run.x.items():
        assert x.min() >= -1 and x.max() <= 1, method
    if lr == 3.0:  # large steps hit both ends, so the projection really acts
        assert (run.x["Adam"] == 1).any() and (run.x["Yogi"] == -1).any()


def test_yogi_with_its_book_epsilon_still_converges():
    assert run_reddi(eps=1e-3).final["Yogi"] < -0.99


def _torch_adam(amsgrad, steps, C=3.0, lr=0.1, betas=(0.0, 0.1), eps=1e-6):
    """The same run with torch.optim.Adam, lr / sqrt(t) and a projection."""
    x = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adam([x], lr=lr, betas=betas, eps=eps, amsgrad=amsgrad)
    xs = []
    for t, g in enumerate(reddi_gradients(C, steps), start=1):
        xs.append(x.item())
        x.grad = torch.tensor([g], dtype=torch.float64)
        opt.param_groups[0]["lr"] = lr / math.sqrt(t)
        opt.step()
        with torch.no_grad():
            x.clamp_(-1, 1)
    return np.array(xs)


@pytest.mark.parametrize("betas", [(0.0, 0.1), (0.9, 0.999)])
def test_adam_and_amsgrad_equal_torch(betas):
    run = run_reddi(beta1=betas[0], beta2=betas[1], steps=3000)
    np.testing.assert_allclose(run.x["Adam"], _torch_adam(False, 3000, betas=betas),
                               atol=1e-10)
    np.testing.assert_allclose(run.x["AMSGrad"], _torch_adam(True, 3000, betas=betas),
                               atol=1e-10)


def test_yogi_equals_the_chapter_yogi():
    yogi = lesson_functions()["yogi"]
    steps, lr = 3000, 0.1
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    states = ((torch.zeros(1, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)),)
    hyper = {"t": 1, "beta1": 0.0, "beta2": 0.1, "eps": 1e-6}
    xs = []
    for t, g in enumerate(reddi_gradients(3, steps), start=1):
        xs.append(p.item())
        p.grad = torch.tensor([g], dtype=torch.float64)
        hyper["lr"] = lr / math.sqrt(t)
        yogi([p], states, hyper)
        with torch.no_grad():
            p.clamp_(-1, 1)
    run = run_reddi(steps=steps)
    np.testing.assert_allclose(run.x["Yogi"], xs, atol=1e-10)


@pytest.mark.parametrize("kwargs, name", [
    ({"C": 2}, "C"), ({"C": float("nan")}, "C"), ({"beta2": 1.0}, "beta2"),
    ({"lr": 0}, "lr"), ({"steps": 0}, "steps"), ({"x1": 2}, "x1"),
])
def test_bad_input_is_refused_by_name(kwargs, name):
    with pytest.raises(ValueError, match=name):
        run_reddi(**kwargs)


def test_plot_draws_three_curves_per_panel():
    axes = plot_reddi(run_reddi(steps=3000))
    assert [len(ax.get_lines()) for ax in axes] == [4, 3]  # + the x = -1 guide
    labels = [line.get_label() for line in axes[1].get_lines()]
    assert labels == ["Adam", "AMSGrad", "Yogi"]
