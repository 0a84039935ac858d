"""The schedule explorer in the kernel: its runs are those of the chapter's loop over
schedules, its controls rebuild the schedule from the reader's own lr_at and train with
the reader's own scheduled, a diverged run is sent with its step and without NaN, bad
values are refused by name, presets set what they say, and the wording is Chinese in
the Chinese edition.

The widget is driven in-process (with no event loop a change reruns at once) and what
it hands the front end, ``result``, is read; the drawing is tested in a browser
(tests/page/test_browser_keyboard.py) and the page's own computation in Node
(tests/page/test_schedule_node.py).
"""

import functools
import math

import pytest
import torch

from d2l_local import torch as d2l
from d2l_local.core.sliders import SCHEDULE_DEFAULTS
from d2l_local.figures.schedule_explorer import PRESETS
from d2l_local.messages import message, use_language
from tools.lesson import practice_functions


@pytest.fixture(scope="module")
def practice():
    return practice_functions()


@pytest.fixture(scope="module")
def problem(data_iter):
    """The chapter's problem: the lesson's start and minibatches, 2 epochs, 300 steps."""
    return d2l.make_problem(data_iter, seed=0)


@pytest.fixture
def figure(practice, problem):
    return d2l.explore_schedule(
        practice["lr_at"], practice["scheduled"], d2l.adam, d2l.init_adam_states, problem
    )


def chapter_run(practice, problem, schedule, lr):
    """The chapter's loop for one schedule: d2l.scratch_run with autograd, every step."""
    w, b = problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)
    return d2l.scratch_run(
        practice["scheduled"](d2l.adam, schedule),
        d2l.init_adam_states(len(problem.w0)),
        {"lr": lr, "t": 1},
        problem.schedule,
        w,
        b,
        eval_every=10,
    )


def relative(a, b):
    return max(abs(x - y) / max(abs(x), abs(y)) for x, y in zip(a, b, strict=True))


@pytest.mark.parametrize("lr, warmup", [(0.01, 30), (0.1, 30), (0.1, 0)])
def test_its_runs_are_the_chapters_loop(figure, practice, problem, lr, warmup):
    """The widget trains through train_runs (a hand-written gradient, the loss in
    float64); the chapter through scratch_run (autograd, the loss in float32): the same
    runs to float32 rounding (2.2e-7 relative seen)."""
    figure.set(lr=lr, warmup=warmup, decay="cosine")
    schedules = {
        "scheduled": functools.partial(practice["lr_at"], lr=lr, warmup=warmup, total=300),
        "constant": lambda t: lr,
    }
    for name, schedule in schedules.items():
        sent = figure.result["curves"][name]
        chapter = chapter_run(practice, problem, schedule, lr)
        assert len(sent["losses"]) == len(chapter.losses) == 300 and sent["diverged_at"] is None
        assert relative(sent["losses"], chapter.losses) < 1e-6
        assert sent["rates"] == [schedule(t) for t in range(1, 301)]


def test_it_starts_at_the_sections_larger_eta_where_warmup_takes_the_rise_away(figure):
    assert figure.values == SCHEDULE_DEFAULTS == {"lr": 0.1, "warmup": 30, "decay": "cosine"}
    curves, start = figure.result["curves"], figure.spec["start_loss"]
    scheduled, constant = (curves[name]["losses"] for name in ("scheduled", "constant"))
    assert max(scheduled[:50]) / start == pytest.approx(1.0, abs=0.005)  # printed 1.00
    assert max(constant[:50]) / start > 1.3  # printed 1.32
    assert constant[-1] > scheduled[-1] + 0.03  # the decay lets the weights settle
    rates = curves["scheduled"]["rates"]
    assert rates[29] == 0.1 and rates[-1] == 0.0 and rates[0] == pytest.approx(0.1 / 30)


def test_the_readers_edited_functions_show(practice, problem):
    def lr_at_halved(t, lr, warmup, total, decay="cosine", final_lr=0.0):
        """An edit: half the learning rate of the chapter's schedule."""
        return practice["lr_at"](t, lr, warmup, total, decay, final_lr) / 2

    def scheduled_late(trainer, schedule):
        """An edit: the schedule read one step late."""
        return practice["scheduled"](trainer, lambda t: schedule(t + 1))

    mine = d2l.explore_schedule(lr_at_halved, practice["scheduled"], d2l.adam,
                                d2l.init_adam_states, problem)  # fmt: skip
    mine.set(lr=0.2)
    assert mine.result["curves"]["scheduled"]["rates"][29] == 0.1
    ours = d2l.explore_schedule(
        practice["lr_at"], practice["scheduled"], d2l.adam, d2l.init_adam_states, problem
    )
    assert (
        mine.result["curves"]["scheduled"]["losses"] == ours.result["curves"]["scheduled"]["losses"]
    )  # η = 0.2 halved is the chapter's η = 0.1
    late = d2l.explore_schedule(
        practice["lr_at"], scheduled_late, d2l.adam, d2l.init_adam_states, problem
    )
    assert (
        late.result["curves"]["scheduled"]["losses"] != ours.result["curves"]["scheduled"]["losses"]
    )


def test_decay_none_is_warmup_then_eta_and_linear_goes_down_straight(figure):
    figure.set(decay="none")
    rates = figure.result["curves"]["scheduled"]["rates"]
    assert rates[:3] == pytest.approx([0.1 / 30, 0.2 / 30, 0.3 / 30]) and set(rates[29:]) == {0.1}
    figure.set(decay="linear", warmup=0)
    rates = figure.result["curves"]["scheduled"]["rates"]
    assert (
        rates[0] == pytest.approx(0.1 * 299 / 300)
        and rates[150] == pytest.approx(0.1 * 149 / 300)
        and rates[-1] == 0
    )


def test_a_diverged_run_is_sent_with_its_step_and_no_nan(figure):
    """η = 5 without warmup: the first step moves each weight by about 5, and the loss
    passes 100 times its start; 30 steps of warmup get through."""
    figure.set(lr=5.0, warmup=0)
    for curve in figure.result["curves"].values():
        assert curve["diverged_at"] == 1 and len(curve["losses"]) == 1
        assert curve["losses"][0] > 100 * figure.spec["start_loss"]
        assert len(curve["rates"]) == 300
    figure.set(warmup=30)
    scheduled = figure.result["curves"]["scheduled"]
    assert scheduled["diverged_at"] is None and scheduled["losses"][-1] < 0.25
    figure.set(lr=10.0, warmup=299)
    curves = figure.result["curves"].values()
    assert all(x is None or math.isfinite(x) for c in curves for x in c["losses"] + c["rates"])


@pytest.mark.parametrize(
    "values, named",
    [
        ({"warmup": 300}, "0 <= warmup < total"),  # the chapter's lr_at refuses it
        ({"warmup": -1}, "0 <= warmup < total"),
        ({"warmup": 2.5}, "warmup must be a whole number"),
        ({"decay": "step"}, "decay must be one of cosine, linear, none"),
        ({"lr": 20.0}, "lr must be in"),
        ({"lr": math.nan}, "lr must be finite"),
        ({"beta1": 0.5}, "beta1 is not a setting"),
    ],
)
def test_bad_values_are_refused_by_name(figure, values, named):
    runs = figure.runs
    with pytest.raises(ValueError, match=named):
        figure.set(**values)
    assert figure.values == SCHEDULE_DEFAULTS and figure.runs == runs


def test_a_problem_that_is_not_one_is_refused(practice, data_iter):
    with pytest.raises(TypeError, match="make_problem"):
        d2l.explore_schedule(
            practice["lr_at"], practice["scheduled"], d2l.adam, d2l.init_adam_states, data_iter
        )


@pytest.mark.parametrize("key", list(PRESETS))
def test_each_preset_sets_its_values_and_note(figure, key):
    figure.set(lr=1.0, warmup=0, decay="linear")
    figure.apply_preset(message(key))
    assert figure.values == PRESETS[key] and figure.note == message(f"{key}.note")
    assert figure.result["values"] == PRESETS[key]
    assert {p["lr"] for p in PRESETS.values()} == {0.01, 0.1}  # the section's two η


def test_the_spec_holds_the_controls_styles_and_wording(figure):
    sliders = {
        s["name"]: (s["low"], s["high"], s["scale"], s["step"]) for s in figure.spec["sliders"]
    }
    assert sliders == {"lr": (1e-3, 10.0, "log", None), "warmup": (0, 299, "linear", 1)}
    (choice,) = figure.spec["choices"]
    assert [o["name"] for o in choice["options"]] == ["cosine", "linear", "none"]
    assert [(m["name"], m["color"], m["dash"]) for m in figure.spec["methods"]] == [
        ("scheduled", "blue", "-"),
        ("constant", "vermillion", "--"),
    ]
    assert figure.spec["fragment"] == "schedule" and figure.spec["total"] == 300
    assert figure.spec["problem"]["eval_every"] == 10  # an evaluation after every step
    assert figure.spec["constants"] == {"beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    assert figure.spec["messages"]["schedule.summary"].startswith("η = {lr}, warmup {warmup}")


def test_in_chinese_the_wording_is_chinese(practice, problem):
    use_language("zh")
    try:
        figure = d2l.explore_schedule(
            practice["lr_at"], practice["scheduled"], d2l.adam, d2l.init_adam_states, problem
        )
    finally:
        use_language("en")
    assert figure.spec["messages"]["schedule.x_label"] == "步数 t"
    assert [o["label"] for o in figure.spec["choices"][0]["options"]] == [
        "余弦衰减",
        "线性衰减",
        "不衰减",
    ]
    assert figure.spec["presets"][0]["label"] == "η = 0.01，预热 30 步"
    assert figure.spec["sliders"][1]["label"] == "预热步数 W"
