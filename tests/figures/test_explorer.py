"""The explorer: curves equal to direct training runs, sliders, presets, reruns.

Most tests drive the widget in-process (its callbacks are plain Python; with
no event loop running a change reruns at once) and read what it hands the front
end: ``result``, the curves the browser draws. The drawing itself is tested in a
browser (test_browser_page.py, test_browser_lab.py). The coalescing of a burst of
changes is tested twice: on an asyncio loop in-process, and in a real kernel by
sending the same comm messages a browser sends when a slider moves.
"""

import asyncio
import math
import time
import warnings

import numpy as np
import pytest
import torch

from d2l_local import torch as d2l
from d2l_local.book.training import run_schedule, scratch_run
from d2l_local.core.curves import (
    BOOK_DEFAULTS,
    TORCH_ADAM,
    loss_curves,
    make_problem,
    scratch_curve,
    start_loss,
)
from d2l_local.core.sliders import SLIDERS
from d2l_local.figures.explorer import PRESETS, explore
from d2l_local.messages import message

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


def shown(explorer):
    """The curves the front end draws: losses (None where they blew up) and verdicts."""
    return explorer.result["curves"]


def as_sent(curves):
    return {
        name: {
            "losses": [x if math.isfinite(x) else None for x in c.losses],
            "diverged_at": c.diverged_at,
        }
        for name, c in curves.items()
    }


def move(explorer, **values):
    """What the front end does when a slider moves: new values, the note cleared."""
    explorer.values = {**explorer.values, **values}


def test_starts_at_the_book_defaults_with_curves_equal_to_train_ch11(explorer, lesson, data_iter):
    assert explorer.hyperparams() == BOOK_DEFAULTS
    assert set(shown(explorer)) == {ADAM, YOGI, TORCH_ADAM}
    torch.manual_seed(0)
    _, book = d2l.train_ch11(
        lesson["adam"], lesson["init_adam_states"](5), {"lr": 0.01, "t": 1}, data_iter, 5
    )
    np.testing.assert_allclose(shown(explorer)[ADAM]["losses"], book, rtol=0, atol=1e-6)
    np.testing.assert_allclose(explorer.spec["reference"]["losses"], book, rtol=0, atol=1e-6)
    assert explorer.result["values"] == explorer.values and explorer.result["elapsed_ms"] > 0


def test_the_spec_holds_the_sliders_wording_and_the_pages_problem(explorer, problem):
    spec = explorer.spec
    assert [s["name"] for s in spec["sliders"]] == ["beta1", "beta2", "lr", "eps"]
    for slider in spec["sliders"]:
        assert (slider["low"], slider["high"]) == (
            SLIDERS[slider["name"]].low,
            SLIDERS[slider["name"]].high,
        )
        assert slider["label"] == message(f"label.{slider['name']}")
    assert [p["label"] for p in spec["presets"]] == [message(key) for key in PRESETS]
    assert {c["name"]: c["method"] for c in spec["curves"]} == {
        ADAM: "adam",
        YOGI: "yogi",
        TORCH_ADAM: None,
    }  # the page trains only its copies
    assert spec["problem"]["w0"] == problem.w0.reshape(-1).tolist()
    assert spec["start_loss"] == pytest.approx(start_loss(problem))
    assert spec["fragment"] == "explore" and spec["defaults"] == BOOK_DEFAULTS


@pytest.mark.parametrize(
    "name, value", [("lr", 0.1), ("beta1", 0.5), ("beta2", 0.99), ("eps", 1e-2)]
)
def test_a_slider_change_retrains(explorer, trainers, lesson, problem, name, value):
    before = shown(explorer)
    move(explorer, **{name: value})
    expected = direct(trainers, lesson, problem, **{name: value})
    assert shown(explorer) == as_sent(expected)
    assert all(shown(explorer)[k]["losses"] != before[k]["losses"] for k in before)
    assert explorer.result["values"][name] == value


def test_hidden_curves_are_not_trained(explorer):
    runs = explorer.runs
    explorer.show(**{YOGI: False})
    assert YOGI not in shown(explorer) and YOGI not in explorer.curves
    move(explorer, lr=0.1)
    assert set(shown(explorer)) == {ADAM, TORCH_ADAM}
    explorer.show(**{YOGI: True})
    assert YOGI in shown(explorer) and explorer.runs == runs + 3
    with pytest.raises(ValueError, match="'nope' is not a curve"):
        explorer.show(nope=True)


def test_a_toggle_reuses_curves_already_trained(explorer, monkeypatch):
    calls = []
    import d2l_local.figures.explorer as module

    real = module.loss_curves
    monkeypatch.setattr(module, "loss_curves", lambda *a, **k: calls.append(k) or real(*a, **k))
    explorer.show(**{YOGI: False})
    explorer.show(**{YOGI: True})
    assert calls == []  # Adam, Yogi and torch Adam were all trained for these settings


def test_reset_restores_the_defaults(explorer, trainers, lesson, problem):
    explorer.set(lr=0.3, beta1=0.5, beta2=0.9, eps=1e-3)
    explorer.show(**{TORCH_ADAM: False})
    explorer.apply_preset(message("preset.book"))
    assert explorer.hyperparams() == BOOK_DEFAULTS
    assert explorer.values["shown"] == [ADAM, YOGI, TORCH_ADAM]
    assert shown(explorer) == as_sent(direct(trainers, lesson, problem))


def test_a_preset_trains_once(explorer):
    runs = explorer.runs
    explorer.apply_preset(message("preset.beta2_small"))  # three sliders move
    assert explorer.runs == runs + 1


@pytest.mark.parametrize("key", list(PRESETS))
def test_each_preset_sets_its_values_and_note(explorer, trainers, lesson, problem, key):
    explorer.apply_preset(message(key))
    values = PRESETS[key]
    assert explorer.hyperparams() == {**BOOK_DEFAULTS, **values}
    assert shown(explorer) == as_sent(direct(trainers, lesson, problem, **values))
    assert explorer.note == message(f"{key}.note")
    explorer.set(lr=0.02)  # a slider moved afterwards: the note goes
    assert explorer.note == ""


def test_beta2_too_small_hurts_adam_more_than_yogi(trainers, lesson, problem):
    values = PRESETS["preset.beta2_small"]
    small = direct(trainers, lesson, problem, **values)
    usual = direct(trainers, lesson, problem, **dict(values, beta2=0.999))
    assert small[ADAM].final > usual[ADAM].final + 0.05  # move β2 back: the loss falls
    assert small[YOGI].final < small[ADAM].final - 0.05  # Yogi's additive s copes better


def test_huge_eps_slows_adam_down_like_sgd_with_momentum(trainers, lesson, problem):
    huge = direct(trainers, lesson, problem, **PRESETS["preset.huge_eps"])
    usual = direct(trainers, lesson, problem)
    assert huge[ADAM].final > usual[ADAM].final + 0.01
    assert huge[ADAM].losses[0] > usual[ADAM].losses[0]


def test_eta_too_large_fails_to_converge_without_diverging(explorer, problem):
    """What really happens (see the section's prose): Adam's step stays near η,
    so η = 1 makes the loss oscillate and end above its start, not blow up."""
    explorer.apply_preset(message("preset.big_lr"))
    start = start_loss(problem)
    for name, curve in shown(explorer).items():
        assert curve["diverged_at"] is None, name
        assert len(curve["losses"]) == 15 and curve["losses"][-1] > start, name
        assert all(math.isfinite(x) for x in curve["losses"])


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
def test_a_diverging_curve_is_sent_with_its_step_and_no_warnings(lesson, problem, broken):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        explorer = explore(
            {ADAM: lesson["adam"], "broken": broken}, lesson["init_adam_states"], problem
        )
        explorer.set(lr=1.0)
    curve = shown(explorer)["broken"]
    assert curve["diverged_at"] is not None and curve["diverged_at"] > 0
    assert curve["losses"][-1] is None or curve["losses"][-1] > 100 * start_loss(problem)
    assert shown(explorer)[ADAM]["diverged_at"] is None  # Adam itself did not diverge
    assert explorer.spec["curves"][1]["method"] is None  # the page cannot train it


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
        ("momentum", 0.5),
    ],
)
def test_values_outside_the_sliders_are_refused_by_name(explorer, name, value):
    runs = explorer.runs
    with pytest.raises(ValueError, match=name):
        explorer.set(**{name: value})
    assert explorer.hyperparams() == BOOK_DEFAULTS and explorer.runs == runs


def test_a_value_the_front_end_should_never_send_becomes_an_error_in_the_result(explorer):
    async def change():
        move(explorer, lr=5.0)
        await asyncio.sleep(0.3)

    asyncio.run(change())
    assert "lr" in explorer.result["error"] and "ValueError" in explorer.result["error"]


def test_a_burst_of_changes_trains_once_on_the_latest_value(explorer, trainers, lesson, problem):
    """Changes that arrive before the event loop runs again (one tick) only move the
    pending rerun (widget.py's ``_request``): exactly one run, on the last value,
    however fast the machine. (asyncio runs its timers in the order they are due, so
    the rerun, due within ``quiet`` of the last change, runs before the sleep ends.)"""
    values = np.logspace(-3, -1, 50).tolist()
    runs = explorer.runs

    async def burst():
        for value in values:
            move(explorer, lr=value)
        assert explorer.runs == runs  # nothing trains inside the burst
        await asyncio.sleep(explorer.quiet * 2)

    asyncio.run(burst())
    assert explorer.runs - runs == 1
    assert explorer.result["values"]["lr"] == values[-1]
    assert shown(explorer) == as_sent(direct(trainers, lesson, problem, lr=values[-1]))


def test_an_error_in_a_readers_optimiser_is_sent_to_the_status(lesson, problem):
    def picky(params, states, hyperparams):
        if hyperparams["lr"] != 0.01:
            raise RuntimeError("my typo")
        lesson["adam"](params, states, hyperparams)

    explorer = explore({"mine": picky}, lesson["init_adam_states"], problem)

    async def change():
        move(explorer, lr=0.1)
        await asyncio.sleep(explorer.quiet * 5 + 0.2)

    asyncio.run(change())
    assert explorer.result["error"] == "RuntimeError: my typo"


# --- a real kernel ---------------------------------------------------------------

SETUP = """
from tools.lesson import lesson_functions
from d2l_local import torch as d2l
from d2l_local.core.curves import BOOK_DEFAULTS, loss_curves
L = lesson_functions()
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
ex = d2l.explore(trainers={'Adam (ours)': L['adam']},  # the lesson's explorer
                 init_states=L['init_adam_states'], data=data_iter)
seen = []  # in order: ['set', lr] for each change that arrives, ['run', lr] for each run
ex.observe(lambda change: seen.append(['set', change['new']['lr']]), names='values')
ex.observe(lambda change: seen.append(['run', change['new']['values']['lr']]), names='result')
ex
"""


def test_in_a_kernel_a_burst_of_slider_messages_trains_on_the_latest(kernel):
    """The kernel takes the messages one by one and may run between any two of them
    (how many runs depends on how fast it goes); what widget.py guarantees is that
    every run trains the latest value that had arrived (never a stale one), a run
    needs a new change since the last one (at most one run per message, in order),
    and the last run trains the last value."""
    kernel.inject(SETUP)
    assert round(kernel.value("ex.result['curves']['Adam (ours)']['losses'][-1]"), 3) == 0.243
    model_id = kernel.value("ex.model_id")
    start = kernel.value("dict(ex.values)")
    values = np.logspace(-3, 0, 50).tolist()
    for value in values:  # what the front end sends when the slider moves
        state = {"values": {**start, "lr": value}, "note": ""}
        content = {
            "comm_id": model_id,
            "data": {"method": "update", "state": state, "buffer_paths": []},
        }
        kernel.kc.shell_channel.send(kernel.kc.session.msg("comm_msg", content))
    settled = f"ex.result['values']['lr'] == {values[-1]!r} and ex._timer is None"
    deadline = time.monotonic() + 60
    while not kernel.value(settled):
        assert time.monotonic() < deadline, "the burst never settled on the last value"
        time.sleep(0.2)

    seen = kernel.value("seen")
    assert [lr for kind, lr in seen if kind == "set"] == values  # all arrived, in order
    latest, trained = None, []
    for kind, lr in seen:
        if kind == "set":
            latest = lr
        else:
            assert lr == latest, f"a run trained lr={lr} after lr={latest} had arrived"
            assert not trained or trained[-1] != lr, "two runs without a change between"
            trained.append(lr)
    assert trained and trained[-1] == values[-1]
    same = kernel.value(
        "loss_curves(ex.trainers, ex.init_states, ex.problem, dict(BOOK_DEFAULTS, "
        f"lr={values[-1]!r}))['Adam (ours)'].losses == ex.curves['Adam (ours)'].losses"
    )
    assert same is True
    assert kernel.value("'adam-explorer' in ex._dom_classes")
    assert kernel.value("ex.spec['sliders'][2]['label']") == "η"
