"""The path explorer in the kernel: what it computes is ``optimizer_paths`` for its
values, it refuses values its controls could not take, and a reader's trainer that
raises shows up in the result instead of as a traceback."""

import asyncio
import math

import numpy as np
import pytest

from d2l_local import torch as d2l
from d2l_local.core.sliders import PATH_SLIDERS
from d2l_local.figures.path_explorer import PRESETS, chapter_values, check_values, contour_lines
from d2l_local.messages import messages


@pytest.fixture
def explorer(trainers_2d):
    return d2l.explore_paths(trainers_2d)


def expected_result(trainers_2d, values):
    """What the widget must send for ``values``: the paths of ``optimizer_paths``."""
    settings = check_values(values)
    problem = d2l.PROBLEMS_2D[settings["problem"]]
    shown = {method: trainers_2d[method] for method in values["shown"]}
    paths = d2l.optimizer_paths(shown, **settings) if shown else {}
    return {
        method: {
            "x1": [x1 for x1, _ in path.points],
            "x2": [x2 for _, x2 in path.points],
            "f": problem.f(*path.points[-1]),
            "diverged_at": path.diverged_at,
        }
        for method, path in paths.items()
    }


def test_it_opens_on_the_chapters_figure(explorer, trainers_2d, lesson, capsys):
    assert explorer.kind == "paths"
    assert explorer.values == chapter_values()
    paths = explorer.result["paths"]
    assert list(paths) == list(d2l.METHODS_2D)
    for method, trainer in trainers_2d.items():
        figure = d2l.train_2d(trainer, f_grad=lesson["f_2d_grad"])
        assert list(zip(paths[method]["x1"], paths[method]["x2"])) == figure
    capsys.readouterr()


SETTINGS = [
    dict(lr=0.05, steps=200, problem="rosenbrock"),
    dict(lr=0.6, steps=50),  # gradient descent leaves at step 9
    dict(lr=0.1, beta1=0.5, beta2=0.99, eps=1e-3, bias_correction=False, problem="rotated"),
    dict(lr=2.0, eps=1.0, eps_inside=True, start=[3.25, -1.5], shown=["Adam", "momentum"]),
    dict(lr=80.0, eps=100.0, beta1=0.5, bias_correction=False, shown=["Adam"]),
    dict(lr=1e-3, beta1=0.0, beta2=0.99999, eps=1e-10, steps=1, shown=[]),
]


@pytest.mark.parametrize("settings", SETTINGS)
def test_the_result_is_optimizer_paths_for_the_values(explorer, trainers_2d, settings):
    explorer.set(**settings)
    result = explorer.result
    assert result["values"] == explorer.values
    assert result["paths"] == expected_result(trainers_2d, explorer.values)  # exactly
    assert set(explorer.paths) == set(explorer.values["shown"])


def test_gradient_descent_stops_where_it_leaves_the_plot(explorer):
    explorer.set(lr=0.6, steps=50)
    path = explorer.result["paths"]["gradient descent"]
    assert path["diverged_at"] == 9 and len(path["x1"]) == 9


def test_a_new_problem_starts_from_its_own_start(explorer):
    explorer.set(problem="rotated")
    assert explorer.values["start"] == list(d2l.PROBLEMS_2D["rotated"].start)
    explorer.set(problem="rosenbrock", start=[0.5, 0.5])
    assert explorer.values["start"] == [0.5, 0.5]


def test_presets_set_their_values_and_note(explorer, trainers_2d):
    for preset in explorer.spec["presets"]:
        explorer.apply_preset(preset["label"])
        assert explorer.note == preset["note"]
        assert explorer.values == preset["values"]
        assert explorer.result["paths"] == expected_result(trainers_2d, preset["values"])
    assert len(explorer.spec["presets"]) == len(PRESETS) == 4


def test_the_presets_show_what_their_notes_say(explorer):
    presets = {p["label"]: p for p in explorer.spec["presets"]}
    # Bias correction off: Adam's first move is as long as RMSProp's, 3.16 eta.
    explorer.apply_preset("bias correction off")
    paths = explorer.result["paths"]
    moves = {m: (p["x1"][1] - p["x1"][0], p["x2"][1] - p["x2"][0]) for m, p in paths.items()}
    np.testing.assert_allclose(moves["Adam"], moves["RMSProp"], rtol=1e-4)
    np.testing.assert_allclose(moves["Adam"], [0.4 * 0.1 / math.sqrt(0.001)] * 2, rtol=1e-4)
    # The turned valley: momentum's path is the book's, turned; Adam is behind.
    explorer.apply_preset("valley turned by 45°")
    paths = explorer.result["paths"]
    along = {m: (p["x1"][10] - p["x2"][10]) / math.sqrt(2) for m, p in paths.items()}
    assert along["Adam"] == pytest.approx(-4.30, abs=0.005)
    # eps = 100: Adam lies on the momentum path of the chapter's figure.
    explorer.apply_preset("ε = 100: momentum")
    adam = explorer.result["paths"]["Adam"]
    explorer.apply_preset("reset: the chapter's figure")
    momentum = explorer.result["paths"]["momentum"]
    gap = max(
        math.dist(p, q)
        for p, q in zip(zip(adam["x1"], adam["x2"]), zip(momentum["x1"], momentum["x2"]))
    )
    assert gap < 0.01 and len(adam["x1"]) == len(momentum["x1"]) == 21
    assert "0.4" in presets["ε = 100: momentum"]["note"]


def test_the_spec_hands_over_ranges_wording_and_contours(explorer):
    spec = explorer.spec
    assert [(s["name"], s["low"], s["high"], s["scale"]) for s in spec["sliders"]] == [
        (name, s.low, s.high, s.scale) for name, s in PATH_SLIDERS.items()
    ]
    assert spec["messages"] == messages("paths.")
    assert spec["fragment"] == "paths" and spec["defaults"] == chapter_values()
    assert [m["name"] for m in spec["methods"]] == list(d2l.METHODS_2D)
    assert [p["name"] for p in spec["problems"]] == list(d2l.PROBLEMS_2D)


@pytest.mark.parametrize("name", list(d2l.PROBLEMS_2D))
def test_contour_lines_lie_on_their_levels(name):
    problem = d2l.PROBLEMS_2D[name]
    lines = contour_lines(problem)
    assert len(lines) == len(problem.levels)
    for level, level_lines in zip(problem.levels, lines):
        assert level_lines, f"no line at level {level}"
        for line in level_lines:
            x1, x2 = np.reshape(line, (-1, 2)).T
            np.testing.assert_allclose(problem.f(x1, x2), level, rtol=0.05)
            x1_low, x1_high, x2_low, x2_high = problem.window
            assert x1.min() >= x1_low and x1.max() <= x1_high
            assert x2.min() >= x2_low and x2.max() <= x2_high


def test_only_the_trainers_given_are_offered(trainers_2d):
    explorer = d2l.explore_paths({"Adam": trainers_2d["Adam"], "momentum": trainers_2d["momentum"]})
    assert [m["name"] for m in explorer.spec["methods"]] == ["momentum", "Adam"]
    assert list(explorer.result["paths"]) == ["momentum", "Adam"]
    with pytest.raises(ValueError, match="shown"):
        explorer.set(shown=["RMSProp"])
    with pytest.raises(ValueError, match="trainers"):
        d2l.explore_paths({"adam": trainers_2d["Adam"]})


@pytest.mark.parametrize(
    "bad",
    [
        dict(lr=0.0),
        dict(lr=1e3),
        dict(lr=math.nan),
        dict(lr="0.1"),
        dict(beta1=1.0),
        dict(beta2=0.5),
        dict(eps=0.0),
        dict(eps=1e4),
        dict(steps=0),
        dict(steps=201),
        dict(steps=2.5),
        dict(steps=True),
        dict(problem="himmelblau"),
        dict(start=[100.0, 0.0]),
        dict(start=[math.nan, 0.0]),
        dict(start=[1.0]),
        dict(bias_correction="yes"),
        dict(eps_inside=1),
        dict(shown=["adam"]),
    ],
)
def test_bad_values_are_refused_by_name(explorer, bad):
    name = next(iter(bad))
    before = dict(explorer.values)
    with pytest.raises(ValueError, match=name):
        explorer.set(**bad)
    assert explorer.values == before


def test_an_unknown_setting_is_refused(explorer):
    with pytest.raises(ValueError, match="eta is not a setting"):  # η's slider is lr
        explorer.set(eta=0.1)
    with pytest.raises(ValueError, match="eta is not a setting"):
        d2l.explore_paths({"Adam": explorer.trainers["Adam"]}, eta=0.1)


def test_bad_values_from_the_front_end_give_an_error_in_the_result(explorer):
    """Values written by a front end are computed on the event loop: a bad one must
    come back as an error naming it, not as a traceback in a log."""

    async def write_bad_values():
        explorer.values = {**explorer.values, "beta2": 0.2}
        await asyncio.sleep(0.1)

    asyncio.run(write_bad_values())
    assert "beta2" in explorer.result["error"]
    assert explorer.result["values"]["beta2"] == 0.2


def test_a_trainer_that_raises_gives_an_error_in_the_result(trainers_2d):
    def broken_adam_2d(x1, x2, state1, state2, f_grad, **settings):
        return x1 - settings["learning_rate"], x2, state1, state2  # a typical edit

    explorer = d2l.explore_paths({**trainers_2d, "Adam": broken_adam_2d})
    paths = explorer.result["paths"]
    assert paths["Adam"] == {"error": "KeyError: 'learning_rate'"}
    assert len(paths["momentum"]["x1"]) == 21  # the others are still drawn
    explorer.set(lr=0.1)  # and later changes do not raise either
    assert paths["Adam"] == explorer.result["paths"]["Adam"]
