"""Reddi et al.'s counterexample, run by the chapter's own ``run_reddi``: end
points, regret, projection, and step-by-step parity of its three methods with
``torch.optim.Adam`` (amsgrad off and on) and the chapter's ``yogi``."""

import math

import numpy as np
import pytest
import torch

from d2l_local.core.reddi import average_regret, plot_reddi, reddi_gradients

METHODS = ["Adam", "AMSGrad", "Yogi"]


@pytest.fixture(scope="module")
def run_reddi(lesson):
    return lesson["run_reddi"]


@pytest.fixture(scope="module")
def paper(run_reddi):
    """The chapter's stated setting: C = 3, beta1 = 0, beta2 = 0.1, 300k steps."""
    x, s = run_reddi(3, beta1=0.0, beta2=1 / (1 + 3**2))
    return x, s


def test_gradients_follow_the_three_step_cycle():
    assert reddi_gradients(3, 7).tolist() == [3, -1, -1, 3, -1, -1, 3]


def test_every_method_reports_a_point_and_a_scale_per_step(paper):
    x, s = paper
    assert list(x) == list(s) == METHODS
    assert all(len(x[m]) == len(s[m]) == 300_000 for m in METHODS)
    assert all(x[m][0] == 0.0 for m in METHODS)  # x_1 is the start


def test_paper_setting_adam_goes_to_the_worst_point(paper):
    x, _ = paper
    assert x["Adam"][-1] > 0.99
    assert x["AMSGrad"][-1] < -0.99
    assert x["Yogi"][-1] < -0.99


def test_book_defaults_all_three_converge(run_reddi):
    x, _ = run_reddi(3, beta1=0.9, beta2=0.999, steps=30_000)
    for method in METHODS:
        assert x[method][-1] < -0.99, method


def test_regret_adam_linear_others_vanishing(paper):
    x, _ = paper
    # Parked at +1, Adam loses 2 (C - 2) every three steps against x = -1.
    assert average_regret(3, x["Adam"])[-1] == pytest.approx(2 * (3 - 2) / 3, rel=1e-3)
    for method in ("AMSGrad", "Yogi"):
        regret = average_regret(3, x[method])
        assert regret[-1] < 0.01
        assert regret[-1] < regret[2999] / 5, method  # still shrinking


def test_regret_of_adam_scales_with_C(run_reddi):
    x, _ = run_reddi(5, beta1=0.0, beta2=1 / 26, steps=30_000)
    assert x["Adam"][-1] > 0.99
    assert average_regret(5, x["Adam"])[-1] == pytest.approx(2 * (5 - 2) / 3, rel=1e-2)


def test_regret_is_the_sum_of_losses_minus_the_best(run_reddi):
    x = np.array(run_reddi(3, beta1=0.0, beta2=0.1, steps=30)[0]["Adam"])
    t = np.arange(1, 31)
    loss = np.where(t % 3 == 1, 3 * x, -x)
    best = np.where(t % 3 == 1, -3, 1.0)
    np.testing.assert_allclose(average_regret(3, x), np.cumsum(loss - best) / t)


def test_the_scales_are_adams_its_running_maximum_and_yogis(run_reddi):
    _, s = run_reddi(3, beta1=0.0, beta2=0.1, steps=3000)
    np.testing.assert_array_equal(s["AMSGrad"], np.maximum.accumulate(s["Adam"]))
    g2 = reddi_gradients(3, 3000) ** 2
    previous = np.concatenate([[0.0], s["Yogi"][:-1]])
    np.testing.assert_allclose(np.abs(np.array(s["Yogi"]) - previous), 0.9 * g2, rtol=1e-12)


@pytest.mark.parametrize("lr", [0.1, 3.0])
def test_iterates_stay_in_the_interval(run_reddi, lr):
    x, _ = run_reddi(3, beta1=0.0, beta2=0.1, lr=lr, steps=3000)
    for method in METHODS:
        assert min(x[method]) >= -1 and max(x[method]) <= 1, method
    if lr == 3.0:  # large steps hit both ends, so the projection really acts
        assert 1.0 in x["Adam"] and -1.0 in x["Yogi"]


def test_yogi_with_its_book_epsilon_still_converges(run_reddi):
    assert run_reddi(3, beta1=0.0, beta2=0.1, eps=1e-3)[0]["Yogi"][-1] < -0.99


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
def test_adam_and_amsgrad_equal_torch(run_reddi, betas):
    x, _ = run_reddi(3, beta1=betas[0], beta2=betas[1], steps=3000)
    np.testing.assert_allclose(x["Adam"], _torch_adam(False, 3000, betas=betas), atol=1e-10)
    np.testing.assert_allclose(x["AMSGrad"], _torch_adam(True, 3000, betas=betas), atol=1e-10)


def test_yogi_equals_the_chapter_yogi(lesson, run_reddi):
    steps, lr = 3000, 0.1
    p = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    states = ((torch.zeros(1, dtype=torch.float64), torch.zeros(1, dtype=torch.float64)),)
    hyper = {"t": 1, "beta1": 0.0, "beta2": 0.1, "eps": 1e-6}
    xs = []
    for t, g in enumerate(reddi_gradients(3, steps), start=1):
        xs.append(p.item())
        p.grad = torch.tensor([g], dtype=torch.float64)
        hyper["lr"] = lr / math.sqrt(t)
        lesson["yogi"]([p], states, hyper)
        with torch.no_grad():
            p.clamp_(-1, 1)
    x, _ = run_reddi(3, beta1=0.0, beta2=0.1, steps=steps)
    np.testing.assert_allclose(x["Yogi"], xs, atol=1e-10)


def test_plot_draws_three_curves_per_panel(run_reddi):
    x, _ = run_reddi(3, beta1=0.0, beta2=0.1, steps=3000)
    axes = plot_reddi(x, 3, beta1=0.0, beta2=0.1)
    assert [len(ax.get_lines()) for ax in axes] == [4, 3]  # + the x = -1 guide
    labels = [line.get_label() for line in axes[1].get_lines()]
    assert labels == METHODS
    assert axes[0].get_title() == "C = 3, β1 = 0, β2 = 0.1"


# --- the figure whose sliders rerun the problem -------------------------------------


@pytest.fixture
def figure(run_reddi):
    from d2l_local.figures.reddi import explore_reddi

    return explore_reddi(run_reddi, steps=3000)


def test_the_figure_sends_sampled_points_and_the_end_points(figure, run_reddi):
    t = figure.spec["t"]
    assert t[0] == 1 and t[-1] == 3000 and t == sorted(set(t))
    x, _ = run_reddi(3.0, 0.0, 0.1, steps=3000)
    for method in METHODS:
        assert figure.result["final"][method] == x[method][-1]
        assert figure.result["x"][method] == [x[method][i - 1] for i in t]
        regret = average_regret(3.0, x[method])
        assert figure.result["final_regret"][method] == regret[-1]
        assert figure.result["regret"][method] == [regret[i - 1] for i in t]


def test_moving_a_slider_reruns_with_the_new_values(figure, run_reddi):
    figure.set(C=4, beta2=0.06)
    x, _ = run_reddi(4.0, 0.0, 0.06, steps=3000)
    assert figure.result["values"] == {"C": 4.0, "beta1": 0.0, "beta2": 0.06}
    assert figure.result["final"] == {m: x[m][-1] for m in METHODS}


@pytest.mark.parametrize(
    "name, value", [("C", 2.0), ("C", 11.0), ("beta1", 1.0), ("beta2", -0.1), ("lr", 0.1)]
)
def test_values_outside_the_sliders_are_refused_by_name(figure, name, value):
    with pytest.raises(ValueError, match=name):
        figure.set(**{name: value})
