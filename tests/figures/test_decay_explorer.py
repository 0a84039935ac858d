"""The weight-decay explorer in the kernel: its runs are the chapter's train_with_decay,
its sliders retrain the reader's own adam_l2 and adamw, a diverged run is sent with its
step and without NaN, bad values are refused by name, presets set what they say.

The widget is driven in-process (with no event loop a change reruns at once) and what
it hands the front end, ``result``, is read; the drawing is tested in a browser
(tests/page/test_browser_keyboard.py) and the page's own computation in Node
(tests/page/test_decay_node.py).
"""

import math

import pytest

from d2l_local import torch as d2l
from d2l_local.core.sliders import DECAY_DEFAULTS, DECAY_SLIDERS
from d2l_local.figures.decay_explorer import PRESETS
from d2l_local.messages import message, use_language
from tools.lesson import practice_functions

L2, W = "Adam + L2", "AdamW"


@pytest.fixture(scope="module")
def practice():
    return practice_functions()


@pytest.fixture(scope="module")
def longer(data_iter):
    """The chapter's problem for its weight-decay figure: the lesson's run, 4 epochs."""
    return d2l.make_problem(data_iter, seed=0, num_epochs=4)


@pytest.fixture
def figure(practice, longer):
    trainers = {L2: practice["adam_l2"], W: practice["adamw"]}
    return d2l.explore_decay(trainers, d2l.init_adam_states, longer)


def relative(a, b):
    return max(abs(x - y) / max(abs(x), abs(y)) for x, y in zip(a, b))


def test_it_starts_at_the_chapters_figure_and_train_with_decays_runs(figure, practice, longer):
    """The widget trains through decay_runs (a hand-written gradient in another order of
    operations); the chapter's decay_curves through train_with_decay: the same runs to
    float32 rounding (2e-8 relative seen for the loss, 8e-8 for ||w||)."""
    assert figure.values == DECAY_DEFAULTS == {"weight_decay": 1.0, "lr": 0.01}
    trainers = {L2: practice["adam_l2"], W: practice["adamw"]}
    chapter = practice["decay_curves"](trainers, 1.0, 0.01, longer)
    for name, (epochs, losses, norms) in chapter.items():
        sent = figure.result["curves"][name]
        assert sent["epochs"] == epochs[1:] and len(epochs) == 31  # 4 epochs, every 200 examples
        assert sent["diverged_at"] is None
        assert relative(sent["losses"], losses[1:]) < 1e-6
        assert relative(sent["norms"], norms[1:]) < 1e-6
    final = {name: figure.result["curves"][name]["norms"][-1] for name in (L2, W)}
    assert final[L2] < 0.7 * final[W]  # the figure above: L2 shrinks w most


def test_a_slider_change_retrains_the_readers_functions(figure, practice, longer):
    figure.set(weight_decay=0.1, lr=0.03)
    for name, trainer in ((L2, practice["adam_l2"]), (W, practice["adamw"])):
        _, losses, params, _ = practice["train_with_decay"](trainer, 0.1, 0.03, longer)
        assert relative(figure.result["curves"][name]["losses"], losses[1:]) < 1e-6
    assert figure.result["values"] == {"weight_decay": 0.1, "lr": 0.03}


def test_an_edited_adamw_shows_and_the_page_leaves_out_what_it_cannot_copy(practice, longer):
    def adamw_slip(params, states, hyperparams):
        """A usual slip: the decay not multiplied by η."""
        with_lr = dict(hyperparams, weight_decay=hyperparams["weight_decay"] / hyperparams["lr"])
        practice["adamw"](params, states, with_lr)
        hyperparams["t"] = with_lr["t"]

    trainers = {W: practice["adamw"], "mine": adamw_slip}
    figure = d2l.explore_decay(trainers, d2l.init_adam_states, longer)
    at_one = figure.result["curves"][W]  # λ = 1, η = 0.01
    figure.set(weight_decay=0.01)
    curves = figure.result["curves"]
    assert curves["mine"] == at_one  # the slip's λ = 0.01 is AdamW's λ = 0.01 / η = 1
    assert curves["mine"]["norms"][-1] < 0.75 * curves[W]["norms"][-1]
    assert [m["method"] for m in figure.spec["methods"]] == ["adamw", None]


def test_a_diverged_run_is_sent_with_its_step_and_no_nan(figure):
    figure.set(weight_decay=10.0, lr=0.3)  # ηλ = 3: AdamW multiplies w by -2 each step
    l2, w = (figure.result["curves"][name] for name in (L2, W))
    assert l2["diverged_at"] is None and len(l2["losses"]) == 30
    assert w["diverged_at"] == 20 and len(w["losses"]) == len(w["norms"]) == len(w["epochs"]) == 1
    for curve in (l2, w):
        assert all(x is None or math.isfinite(x) for x in curve["losses"] + curve["norms"])
    assert w["losses"][-1] is None or w["losses"][-1] > 100 * figure.spec["start_loss"]


@pytest.mark.parametrize(
    "name, value",
    [("weight_decay", 100.0), ("weight_decay", 0.0), ("lr", 2.0), ("lr", math.nan), ("beta1", 0.5)],
)
def test_values_outside_the_sliders_are_refused_by_name(figure, name, value):
    runs = figure.runs
    with pytest.raises(ValueError, match=name):
        figure.set(**{name: value})
    assert figure.values == DECAY_DEFAULTS and figure.runs == runs


def test_a_problem_that_is_not_one_is_refused(practice, data_iter):
    with pytest.raises(TypeError, match="make_problem"):
        d2l.explore_decay({W: practice["adamw"]}, d2l.init_adam_states, data_iter)


@pytest.mark.parametrize("key", list(PRESETS))
def test_each_preset_sets_its_values_and_note(figure, key):
    figure.apply_preset(message(key))
    assert figure.values == PRESETS[key] and figure.note == message(f"{key}.note")
    assert figure.result["values"] == PRESETS[key]


def test_the_spec_holds_the_sliders_styles_and_wording(figure):
    sliders = {s["name"]: (s["low"], s["high"], s["scale"]) for s in figure.spec["sliders"]}
    assert sliders == {n: (s.low, s.high, s.scale) for n, s in DECAY_SLIDERS.items()}
    assert list(sliders) == ["weight_decay", "lr"]  # η is named lr, as everywhere
    assert [(m["color"], m["dash"]) for m in figure.spec["methods"]] == [
        ("blue", "-"),
        ("vermillion", "--"),
    ]
    assert figure.spec["fragment"] == "decay" and figure.spec["defaults"] == DECAY_DEFAULTS
    assert figure.spec["constants"] == {"beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
    assert figure.spec["messages"]["decay.summary"].startswith("λ = {weight_decay}")


def test_in_chinese_the_wording_is_chinese(practice, longer):
    use_language("zh")
    try:
        figure = d2l.explore_decay({W: practice["adamw"]}, d2l.init_adam_states, longer)
    finally:
        use_language("en")
    assert figure.spec["messages"]["decay.x_label"] == "迭代周期"
    assert figure.spec["presets"][0]["label"] == "重置：上面那幅图"
