"""The companion (chapters/adam_in_depth.py) as readers run it: the numbers its prose
quotes, its figures and widgets, its hygiene.

Every value is read from the outputs of one real execution (the session-wide
``executed_in_depth`` fixture), so these tests check what the page shows.
"""

import re

import jupytext
import pytest
from notebooks import NUMBER, assert_clean_outputs, cell_printing, numbers_after, stdout
from test_chapter import svg_outputs, tagged_cell, widget_models

from tools.lesson import IN_DEPTH


def printed(notebook, text):
    return stdout(cell_printing(notebook, text))


def test_no_errors_warnings_or_stderr(executed_in_depth):
    assert_clean_outputs(executed_in_depth)


def test_the_companion_opens_with_what_it_is_for_and_links_back():
    opening = jupytext.read(IN_DEPTH).cells[0].source
    assert "companion to the lesson on [Adam](adam.ipynb)" in opening.replace("\n", " ")
    for anchor in ("two-d", "explorer", "yogi-references", "landscape", "speed"):
        assert f"](#{anchor})" in opening and f'<a id="{anchor}"' in IN_DEPTH.read_text()


def test_it_reuses_the_lessons_functions_and_defines_none_of_them():
    from tools.lesson import LESSON_NAMES, defining_cells

    assert defining_cells(IN_DEPTH, LESSON_NAMES) == []
    text = IN_DEPTH.read_text()
    assert all(f"d2l.{name}" in text for name in ("adam", "yogi", "init_adam_states"))


# --- Adam in two dimensions ----------------------------------------------------------


def test_the_2d_figure_and_the_first_moves_are_as_the_prose_says(executed_in_depth):
    figure = tagged_cell(executed_in_depth, "figure:adam_trace")
    assert len(svg_outputs(figure)) == 1
    ends = dict(re.findall(r"^(\w[\w ]*?): epoch 20, (x1: \S+ x2: \S+)", stdout(figure), re.M))
    assert ends["gradient descent"] == "x1: -0.943467, x2: -0.000073"  # the book's
    assert ends["RMSProp"] == "x1: -0.010599, x2: 0.000000"  # the book's
    assert ends["momentum"] == "x1: -0.062843, x2: 0.001202"  # its first edition's
    assert abs(float(ends["Adam"].split(",")[0][4:]) - 1) < 0.01  # "x1 ≈ 1 at step 20"

    moves = printed(executed_in_depth, "the first four moves")
    assert "gradient at the start: (-1, -8)" in moves
    assert "gradient descent: (+0.40, +3.20)" in moves  # "eight times longer across"
    assert "RMSProp: (+1.26, +1.26)" in moves  # "1.26 long, 3.16 times η"
    assert "Adam: (+0.40, +0.40)  (+0.40, +0.40)" in moves


def test_bias_correction_off_as_the_prose_says(executed_in_depth):
    text = printed(executed_in_depth, "not corrected")
    (corrected, corrected_x1), (uncorrected, uncorrected_x1) = re.findall(
        rf"\|dx2\|: ([\d., ]+); x1 gets as far as {NUMBER}", text
    )
    sizes = [float(x) for x in uncorrected.split(", ")]
    assert sizes[:3] == [1.26, 1.67, 1.82] and max(sizes) == 1.82
    assert float(uncorrected_x1) == pytest.approx(3.2, abs=0.05)
    assert max(float(x) for x in corrected.split(", ")) == 0.40
    assert float(corrected_x1) == pytest.approx(1.0, abs=0.01)


def test_the_turned_valley_as_the_prose_says(executed_in_depth):
    text = printed(executed_in_depth, "position along the floor")
    rows = {
        tuple(key.split(" on ")): [float(x) for x in values.split()]
        for key, values in re.findall(r"^(.+ on .+): (.+)$", text, re.M)
    }
    quadratic, rotated = "the book's quadratic", "the quadratic turned by 45°"
    assert rows[("momentum", quadratic)] == rows[("momentum", rotated)]  # "the same"
    assert rows[("Adam", quadratic)][1] == -1.20 and rows[("Adam", rotated)][1] == -4.30
    assert rows[("Adam", quadratic)][2:] == [1.00, -0.20]  # "coming back from x1 ≈ 1"


def test_a_huge_eps_gives_every_coordinate_one_rate_and_then_momentum(executed_in_depth):
    text = printed(executed_in_depth, "learning rate of each coordinate")
    ratio = {
        float(eps): float(r) for eps, r in re.findall(rf"eps = {NUMBER}: .* ratio {NUMBER}", text)
    }
    assert 5.5 < ratio[1e-6] < 6  # "almost six times"
    assert 2 < ratio[1.0] < 3  # "halfway", "under three"
    assert 1 < ratio[100.0] < 1.1  # "within a few percent"
    gaps = dict(
        re.findall(
            rf"eps = (\S+), eta = \S+: largest distance from momentum's path {NUMBER}",
            printed(executed_in_depth, "largest distance from momentum's path"),
        )
    )
    assert round(float(gaps["1"]), 2) == 0.71  # "part by 0.71"
    assert gaps["100"] == "0.0081"  # "never differ by more than 0.0081"


def test_the_path_explorer_is_shown_on_the_companions_trainers(executed_in_depth):
    cell = tagged_cell(executed_in_depth, "paths_explorer")
    (model,) = widget_models(executed_in_depth, cell)
    assert model["state"]["kind"] == "paths"
    paths = model["state"]["result"]["paths"]
    assert set(paths) == {"gradient descent", "momentum", "RMSProp", "Adam"}
    assert round(paths["gradient descent"]["x1"][-1], 6) == -0.943467  # the figure's


# --- the explorer, with numbers ------------------------------------------------------


def test_the_explorer_trains_adam_yogi_and_torch_adam(executed_in_depth):
    (model,) = widget_models(executed_in_depth, tagged_cell(executed_in_depth, "explorer"))
    curves = model["state"]["result"]["curves"]
    assert set(curves) == {"Adam (ours)", "Yogi (ours)", "torch.optim.Adam"}
    assert all(0.24 < curve["losses"][-1] < 0.25 for curve in curves.values())


def setting_rows(notebook):
    text = printed(notebook, "loss before training:")
    rows = {}
    for label, values in re.findall(r"^(.+?): (Adam \(ours\) .+)$", text, re.M):
        names = r"(Adam \(ours\)|Yogi \(ours\)|torch.optim.Adam)"
        rows[label] = dict(re.findall(names + r" ([^,\s]+)", values))
    return numbers_after("loss before training:", text)[0], rows


def test_the_buttons_settings_do_what_the_prose_says(executed_in_depth):
    start, rows = setting_rows(executed_in_depth)
    adam, yogi, torch_adam = "Adam (ours)", "Yogi (ours)", "torch.optim.Adam"
    book, own_eps = rows["book defaults"], rows["eps = 1e-3, Yogi's own default"]
    assert book[yogi] == own_eps[yogi]  # "by less than the last digit"
    assert all(row[adam] == row[torch_adam] for row in rows.values())
    small, back = rows["beta2 too small"], rows["the same, beta2 back to 0.999"]
    assert float(small[adam]) > float(back[adam]) + 0.05  # "clearly higher"
    assert float(small[yogi]) - float(back[yogi]) < (float(small[adam]) - float(back[adam])) / 3
    assert float(rows["huge eps"][adam]) > float(book[adam])  # "falls more slowly"
    large = rows["eta too large"][adam]
    assert "diverged" not in large and float(large) > start  # "ends above where it started"


def test_a_huge_eps_makes_adam_sgd_with_momentum(executed_in_depth):
    text = printed(executed_in_depth, "SGD with momentum")
    found = re.search(rf"sqrt\(s_hat\) after the book's run: {NUMBER} \.\.\. {NUMBER}", text)
    assert (float(found[1]), float(found[2])) == (0.20, 0.31)  # not "0.2 and 0.35"
    rows = re.findall(rf"eps = (\S+), lr = \S+: Adam {NUMBER}, SGD with momentum {NUMBER}", text)
    gaps = [abs(float(adam) - float(sgd)) for _, adam, sgd in rows]
    assert [eps for eps, _, _ in rows] == ["1", "10", "100"]
    assert gaps[0] > gaps[1] > gaps[2] and gaps[2] < 2e-4  # "approaches"


def test_eta_too_large_blows_up_sgd_but_not_adam(executed_in_depth):
    text = printed(executed_in_depth, "SGD diverged at step")
    assert re.search(r"lr = 1: Adam 0\.\d+, SGD diverged at step \d+", text), text
    assert re.search(r"lr = 0.3: Adam 0\.\d+, SGD 0\.\d+", text)


def test_an_uphill_optimizer_diverges_earlier_with_a_larger_eta(executed_in_depth):
    text = printed(executed_in_depth, "(it started at")
    steps = [int(s) for s in re.findall(r"diverged at step (\d+)", text)]
    assert len(steps) == 2 and steps[1] < steps[0]  # "the larger η, the earlier"


# --- Yogi and its references ---------------------------------------------------------


def test_yogis_starting_value_hardly_matters_here(executed_in_depth):
    text = printed(executed_in_depth, "moments start at 1e-6")
    ours, references = numbers_after("final loss", text)
    assert abs(ours - references) < 0.005
    gain = printed(executed_in_depth, "quiet steps the effective learning rate")
    adam, yogi = (float(x) for x in re.findall(rf"{NUMBER}x", gain))
    assert adam > 10 and yogi < 1.001  # Adam's grows "just as fast", Yogi's creeps


# --- the landscape -------------------------------------------------------------------


def test_the_landscape_as_the_prose_says(executed_in_depth):
    assert printed(executed_in_depth, "training runs of 2 epochs").strip() == (
        "1922 training runs of 2 epochs"
    )
    cell = tagged_cell(executed_in_depth, "figure:landscape")
    assert svg_outputs(cell)
    (model,) = widget_models(executed_in_depth, cell)
    assert model["state"]["kind"] == "landscape" and model["state"]["spec"]["opens"] == "explore"
    text = printed(executed_in_depth, "runs diverged, the first at eta")
    summary = {}
    for method in ("Adam", "Yogi"):
        block = text.split(f"{method}: ")[1]
        summary[method] = {
            "default": numbers_after("default", block)[0],
            "best": numbers_after("best", block)[0],
            "band": [float(x) for x in re.search(rf"eta {NUMBER} \.\.\. {NUMBER}", block).groups()],
            "column": dict(
                re.findall(
                    rf"eta {NUMBER} ([^,\s]+)",
                    re.search(r"at beta2 = 0.999, the final loss for\n(.+)", block)[1],
                )
            ),
            "first": numbers_after("the first at eta =", block)[0],
        }
    for s in summary.values():
        assert 0.24 < s["default"] < 0.25
        assert s["default"] / s["best"] < 1.005  # "within a fraction of a percent"
        assert 5 < s["band"][1] / s["band"][0] < 20  # "about a decade"
        column = {float(lr): float(loss) for lr, loss in s["column"].items()}
        assert column[0.025] > column[0.01]  # "already higher at 0.025 than at 0.01"
        assert column[2.5] < column[1.0]  # "no longer grows steadily with η"
        assert 1 < s["first"] < 20  # "a few units"
    assert summary["Adam"]["first"] == 6.31  # the issue: "165 diverged Adam runs from 6.31"
    assert summary["Yogi"]["first"] > summary["Adam"]["first"]


# --- what a step costs ---------------------------------------------------------------


def test_the_fast_versions_compute_what_our_loop_computes(executed_in_depth):
    (gap,) = numbers_after("after 3 steps:", printed(executed_in_depth, "parameter tensors"))
    assert gap < 1e-6
    table = printed(executed_in_depth, "as a multiple of foreach=True")
    assert len(re.findall(r"us, \d+\.\d+x", table)) == 4  # the ratios the prose reads
