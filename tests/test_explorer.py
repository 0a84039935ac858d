"""The explorer: curves equal to direct training runs, sliders, presets, reruns.

Most tests drive the widget in-process (its callbacks are plain Python; with
no event loop running a change reruns at once). The coalescing of a burst of
changes is tested twice: on an asyncio loop in-process, and in a real kernel
by sending the same comm messages a browser sends when a slider moves.
"""

import asyncio
import html
import math
import time
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pytest
import torch
import traitlets

from d2l_local import torch as d2l
from d2l_local.curves import (
    BOOK_DEFAULTS,
    TORCH_ADAM,
    loss_curves,
    make_problem,
    scratch_curve,
    start_loss,
)
from d2l_local.explorer import BETA2_OPTIONS, PRESETS, YLIM, explore
from d2l_local.training import run_schedule, scratch_run

ROOT = Path(__file__).resolve().parent.parent
ADAM, YOGI = "Adam (ours)", "Yogi (ours)"


@pytest.fixture(scope="module")
def problem(data_iter):
    return make_problem(data_iter, seed=0)


@pytest.fixture(scope="module")
def trainers(lesson):
    return {ADAM: lesson["adam"], YOGI: lesson["yogi"]}


@pytest.fixture
def explorer(trainers, lesson, problem):
    return explore(trainers, lesson["init_adam_states"], problem)


def direct(trainers, lesson, problem, **changes):
    return loss_curves(
        trainers, lesson["init_adam_states"], problem, dict(BOOK_DEFAULTS, **changes)
    )


def assert_same_curves(shown, expected):
    assert shown.keys() == expected.keys()
    for name in expected:
        assert shown[name].losses == expected[name].losses, name
        assert shown[name].diverged_at == expected[name].diverged_at, name


# --- the widget-free computation -------------------------------------------------


def test_defaults_equal_train_ch11_for_the_seed(lesson, data_iter, trainers):
    curves = loss_curves(
        trainers, lesson["init_adam_states"], make_problem(data_iter, seed=3), BOOK_DEFAULTS
    )
    for name, fn, eps in ((ADAM, lesson["adam"], 1e-6), (YOGI, lesson["yogi"], 1e-6)):
        torch.manual_seed(3)
        _, book = d2l.train_ch11(
            fn, lesson["init_adam_states"](5), {"lr": 0.01, "t": 1, "eps": eps}, data_iter, 5
        )
        np.testing.assert_allclose(curves[name].losses, book, rtol=0, atol=1e-6)
    assert abs(curves[ADAM].final - 0.243) < 0.01


@pytest.mark.parametrize(
    "changes", [{}, {"lr": 1.0}, {"beta1": 0.99, "beta2": 0.9, "lr": 0.1}, {"eps": 1.0}]
)
def test_hand_written_gradient_equals_autograd(lesson, problem, changes):
    hp = dict(BOOK_DEFAULTS, **changes)
    init = lesson["init_adam_states"]
    fast = scratch_curve(problem, lesson["adam"], init, hp)
    w = problem.w0.clone().requires_grad_(True)
    b = torch.zeros(1, requires_grad=True)
    slow = scratch_run(lesson["adam"], init(5), dict(hp, t=1), problem.schedule, w, b)
    np.testing.assert_allclose(fast.losses, slow.losses, rtol=0, atol=1e-6)


def test_torch_adam_curve_is_torch_optim_adam_with_the_same_loss(lesson, problem, trainers):
    hp = dict(BOOK_DEFAULTS, lr=0.1, beta1=0.8, beta2=0.99, eps=1e-4)
    ours = loss_curves(trainers, lesson["init_adam_states"], problem, hp)
    w = problem.w0.clone().requires_grad_(True)
    b = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.Adam([w, b], lr=0.1, betas=(0.8, 0.99), eps=1e-4)  # not fused
    X_all, y_all = problem.schedule.features, problem.schedule.labels

    def step(X, y):
        optimizer.zero_grad()
        d2l.squared_loss(d2l.linreg(X, w, b), y).mean().backward()
        optimizer.step()

    def evaluate():
        with torch.no_grad():
            return d2l.squared_loss(d2l.linreg(X_all, w, b), y_all).mean().item()

    reference = run_schedule(step, evaluate, problem.schedule).curve()
    np.testing.assert_allclose(ours[TORCH_ADAM].losses, reference.losses, rtol=0, atol=1e-6)
    np.testing.assert_allclose(ours[TORCH_ADAM].losses, ours[ADAM].losses, rtol=0, atol=1e-5)


def test_leaves_the_callers_rng_and_threads_alone(lesson, data_iter, trainers):
    torch.manual_seed(123)
    threads = torch.get_num_threads()
    before = torch.get_rng_state()
    loss_curves(
        trainers, lesson["init_adam_states"], make_problem(data_iter, seed=0), BOOK_DEFAULTS
    )
    assert torch.equal(torch.get_rng_state(), before)
    assert torch.get_num_threads() == threads


@pytest.mark.parametrize(
    "name, value",
    [
        ("beta1", 1.0),
        ("beta1", -0.1),
        ("beta2", 1.0),
        ("beta2", -1e-3),
        ("lr", 0.0),
        ("lr", -0.01),
        ("eps", -1e-8),
        ("lr", math.nan),
        ("eps", math.inf),
        ("beta1", math.nan),
    ],
)
def test_bad_hyperparameters_are_refused_by_name(lesson, problem, trainers, name, value):
    with pytest.raises(ValueError, match=name):
        loss_curves(
            trainers, lesson["init_adam_states"], problem, dict(BOOK_DEFAULTS, **{name: value})
        )
    with pytest.raises(ValueError, match=name):
        d2l.check_hyperparams({name: value})


# --- the widget -----------------------------------------------------------------


def test_starts_at_the_book_defaults_with_curves_equal_to_train_ch11(explorer, lesson, data_iter):
    assert explorer.hyperparams() == BOOK_DEFAULTS
    assert set(explorer.curves) == {ADAM, YOGI, TORCH_ADAM}
    torch.manual_seed(0)
    _, book = d2l.train_ch11(
        lesson["adam"], lesson["init_adam_states"](5), {"lr": 0.01, "t": 1}, data_iter, 5
    )
    np.testing.assert_allclose(explorer.curves[ADAM].losses, book, rtol=0, atol=1e-6)
    np.testing.assert_allclose(explorer.reference.losses, book, rtol=0, atol=1e-6)
    assert f"{ADAM}</b>: {book[-1]:.3f}" in explorer.status.value
    assert "rerun" in explorer.status.value and " ms" in explorer.status.value


@pytest.mark.parametrize(
    "name, value", [("lr", 0.1), ("beta1", 0.5), ("beta2", 0.99), ("eps", 1e-2)]
)
def test_a_slider_change_retrains_and_redraws(explorer, trainers, lesson, problem, name, value):
    before_png = explorer.image.value
    before = {k: c.losses for k, c in explorer.curves.items()}
    explorer.sliders[name].value = value
    expected = direct(trainers, lesson, problem, **{name: value})
    assert_same_curves(explorer.curves, expected)
    assert all(explorer.curves[k].losses != before[k] for k in before)
    for k, line in explorer.plot.lines.items():
        np.testing.assert_allclose(line.get_ydata()[1:], expected[k].losses)
    assert explorer.image.value != before_png and explorer.image.value[:4] == b"\x89PNG"
    assert f"{expected[YOGI].final:.3f}" in explorer.status.value


def test_beta2_slider_makes_each_nine_one_notch_apart(explorer):
    values = [value for _, value in BETA2_OPTIONS]
    positions = [values.index(v) for v in (0.9, 0.99, 0.999, 0.9999, 0.99999)]
    assert np.diff(positions).tolist() == [4, 4, 4, 4]
    assert explorer.sliders["beta2"].label == "0.999"


def test_hidden_curves_are_not_trained(explorer):
    runs = explorer.runs
    explorer.toggles[YOGI].value = False
    assert YOGI not in explorer.curves and explorer.runs == runs  # reused, nothing trained
    assert len(explorer.plot.lines[YOGI].get_xdata()) == 0
    explorer.sliders["lr"].value = 0.1
    assert explorer.runs == runs + 1 and set(explorer.curves) == {ADAM, TORCH_ADAM}
    assert YOGI not in explorer.status.value
    explorer.toggles[YOGI].value = True
    assert explorer.runs == runs + 2 and YOGI in explorer.curves


def test_reset_restores_the_defaults(explorer, trainers, lesson, problem):
    explorer.set(lr=0.3, beta1=0.5, beta2=0.9, eps=1e-3)
    explorer.toggles[TORCH_ADAM].value = False
    explorer.presets["reset: book defaults"].click()
    assert explorer.hyperparams() == BOOK_DEFAULTS
    assert all(toggle.value for toggle in explorer.toggles.values())
    assert_same_curves(explorer.curves, direct(trainers, lesson, problem))


def test_a_preset_trains_once(explorer):
    runs = explorer.runs
    explorer.presets["β2 too small"].click()  # three sliders move
    assert explorer.runs == runs + 1


@pytest.mark.parametrize("label", list(PRESETS))
def test_each_preset_sets_its_values(explorer, trainers, lesson, problem, label):
    explorer.presets[label].click()
    values, note = PRESETS[label]
    assert explorer.hyperparams() == {**BOOK_DEFAULTS, **values}
    assert_same_curves(explorer.curves, direct(trainers, lesson, problem, **values))
    assert html.escape(note) in explorer.status.value


def test_beta2_too_small_hurts_adam_more_than_yogi(trainers, lesson, problem):
    values = PRESETS["β2 too small"][0]
    small = direct(trainers, lesson, problem, **values)
    usual = direct(trainers, lesson, problem, **dict(values, beta2=0.999))
    assert small[ADAM].final > usual[ADAM].final + 0.05  # move β2 back: the loss falls
    assert small[YOGI].final < small[ADAM].final - 0.05  # Yogi's additive s copes better


def test_huge_eps_slows_adam_down_like_sgd_with_momentum(trainers, lesson, problem):
    huge = direct(trainers, lesson, problem, **PRESETS["huge ε"][0])
    usual = direct(trainers, lesson, problem)
    assert huge[ADAM].final > usual[ADAM].final + 0.01
    assert huge[ADAM].losses[0] > usual[ADAM].losses[0]


def test_eta_too_large_fails_to_converge_without_diverging(explorer, problem):
    """What really happens (see the section's prose): Adam's step stays near η,
    so η = 1 makes the loss oscillate and end above its start, not blow up."""
    explorer.presets["η too large"].click()
    start = start_loss(problem)
    for name, curve in explorer.curves.items():
        assert curve.diverged_at is None, name
        assert len(curve.losses) == 15 and curve.final > start, name
        assert all(math.isfinite(x) for x in curve.losses)
    assert explorer.status.value.count("not converging") == 3
    assert "diverged" not in explorer.status.value


def _ascent(params, states, hyperparams):
    """A reader's slip: the sign of the update is wrong, so the loss climbs."""
    with torch.no_grad():
        for p in params:
            p += hyperparams["lr"] * 10 * torch.sign(p.grad)
            p.grad.zero_()


def _nan(params, states, hyperparams):
    """A reader's slip that produces NaN (0/0)."""
    with torch.no_grad():
        for p in params:
            p[:] = p / (p.grad * 0)
            p.grad.zero_()


@pytest.mark.parametrize("broken", [_ascent, _nan])
def test_a_diverging_curve_stops_with_a_marker_and_no_warnings(lesson, problem, broken):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = explore(
            {ADAM: lesson["adam"], "broken": broken}, lesson["init_adam_states"], problem
        )
        explorer.set(lr=1.0)
    curve = explorer.curves["broken"]
    assert curve.diverged_at is not None and curve.diverged_at > 0
    assert f"diverged at step {curve.diverged_at}" in explorer.status.value
    x, y = explorer.plot.markers["broken"].get_data()
    assert len(x) == 1 and x[0] == curve.epochs[-1] and y[0] <= YLIM[1]
    assert np.isfinite(explorer.plot.lines["broken"].get_ydata()).all()
    assert len(explorer.plot.markers[ADAM].get_xdata()) == 0  # Adam itself did not diverge


@pytest.mark.parametrize(
    "name, value",
    [
        ("beta1", 1.0),
        ("beta1", -0.5),
        ("beta2", 0.5),
        ("beta2", 1.0),
        ("lr", 2.0),
        ("lr", 1e-5),
        ("eps", 10.0),
        ("eps", 1e-11),
        ("lr", math.nan),
    ],
)
def test_values_outside_the_sliders_are_refused_by_name(explorer, name, value):
    runs = explorer.runs
    with pytest.raises(ValueError, match=name):
        explorer.set(**{name: value})
    assert explorer.hyperparams() == BOOK_DEFAULTS and explorer.runs == runs


def test_sliders_cannot_hold_a_value_outside_their_range(explorer):
    explorer.sliders["beta1"].value = 1.5  # ipywidgets clamps a float slider
    explorer.sliders["lr"].value = 10.0
    explorer.sliders["eps"].value = 1e-15
    assert explorer.hyperparams() == dict(BOOK_DEFAULTS, beta1=0.999, lr=1.0, eps=1e-10)
    with pytest.raises(traitlets.TraitError):  # β2 only takes its notches
        explorer.sliders["beta2"].value = 0.5
    d2l.check_hyperparams(explorer.hyperparams())


def test_a_burst_of_changes_trains_once_on_the_latest_value(explorer, trainers, lesson, problem):
    values = np.logspace(-3, -1, 50).tolist()
    runs = explorer.runs

    async def burst():
        for value in values:
            explorer.sliders["lr"].value = value
        await asyncio.sleep(explorer.quiet * 5 + 0.5)

    asyncio.run(burst())
    assert 1 <= explorer.runs - runs <= 2
    assert explorer.hyperparams()["lr"] == values[-1]
    assert_same_curves(explorer.curves, direct(trainers, lesson, problem, lr=values[-1]))


def test_an_error_in_a_readers_optimiser_shows_in_the_status(lesson, problem):
    def picky(params, states, hyperparams):
        if hyperparams["lr"] != 0.01:
            raise RuntimeError("my typo")
        lesson["adam"](params, states, hyperparams)

    explorer = explore({"mine": picky}, lesson["init_adam_states"], problem)

    async def change():
        explorer.sliders["lr"].value = 0.1
        await asyncio.sleep(explorer.quiet * 5 + 0.2)

    asyncio.run(change())
    assert "RuntimeError" in explorer.status.value and "my typo" in explorer.status.value


# --- a real kernel ---------------------------------------------------------------

SETUP = """
from tools.lesson import lesson_functions
from d2l_local import torch as d2l
from d2l_local.curves import BOOK_DEFAULTS, loss_curves
L = lesson_functions()
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
ex = d2l.explore(trainers={'Adam (ours)': L['adam'], 'Yogi (ours)': L['yogi']},
                 init_states=L['init_adam_states'], data=data_iter)
ex
"""


def test_in_a_kernel_a_burst_of_slider_messages_trains_on_the_latest():
    testbook = pytest.importorskip("testbook").testbook
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell(SETUP))
    with testbook(
        notebook,
        execute=True,
        timeout=120,  # kernel in ROOT: tools/ imports
        resources={"metadata": {"path": str(ROOT)}},
    ) as tb:
        assert "Adam (ours)</b>: 0.243" in tb.value("ex.status.value")
        model_id = tb.value("ex.sliders['lr'].model_id")
        runs = tb.value("ex.runs")
        values = np.logspace(-3, 0, 50).tolist()
        for value in values:  # what the front end sends when the slider moves
            content = {
                "comm_id": model_id,
                "data": {"method": "update", "state": {"value": value}, "buffer_paths": []},
            }
            tb.kc.shell_channel.send(tb.kc.session.msg("comm_msg", content))
        settled = f"ex.hyperparams()['lr'] == {values[-1]!r} and ex._timer is None"
        deadline = time.monotonic() + 60
        while not tb.value(settled):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert 1 <= tb.value("ex.runs") - runs <= 3
        same = tb.value(
            "loss_curves(ex.trainers, ex.init_states, ex.problem, dict(BOOK_DEFAULTS, "
            f"lr={values[-1]!r}))['Adam (ours)'].losses == ex.curves['Adam (ours)'].losses"
        )
        assert same is True
        assert tb.value("'adam-explorer' in ex._dom_classes")
        assert tb.value("ex.sliders['lr'].description") == "η"
