"""Adam in practice (chapters/adam_in_practice.py) as readers run it: every number its
prose quotes, the agreements with PyTorch, its figures, its links and its hygiene.

The values are read from the outputs of one real execution (the session-wide
``executed_in_practice`` fixture), so these tests check what the page shows; the
function the interactive figure will call is also run here, on its own.
"""

import re

import jupytext
import pytest
from notebooks import NUMBER, assert_clean_outputs, cell_printing, numbers_after, stdout
from test_chapter import prose, svg_outputs, tagged_cell, words_of_prose

from tools.lesson import CHAPTER, IN_PRACTICE, SOLUTIONS
from tools.sync_zh import EDITIONS

FLOAT32_SPACING = 2.0**-23


def printed(notebook, text):
    return stdout(cell_printing(notebook, text))


def said():
    """The prose of the notebook on one line, as a reader reads it."""
    return " ".join(prose(IN_PRACTICE).replace("\n# ", " ").split())


def test_no_errors_warnings_or_stderr(executed_in_practice):
    assert_clean_outputs(executed_in_practice)


# --- the opening and the links ---------------------------------------------------------


def test_the_reading_time_is_computed_as_the_opening_says(executed_in_practice):
    found = re.search(
        r"about (\d+) minutes: ([\d,]+) words at (\d+) a minute, and a minute for each of "
        r"the (\d+) cells that show a result",
        said(),
    )
    assert found, "the opening states its reading time and how it was computed"
    minutes, words, rate, cells = (int(x.replace(",", "")) for x in found.groups())
    assert abs(words_of_prose(IN_PRACTICE) - words) <= 100, words_of_prose(IN_PRACTICE)
    showing = [c for c in executed_in_practice.cells if c.cell_type == "code" and c.outputs]
    assert len(showing) == cells
    assert abs(words_of_prose(IN_PRACTICE) / rate + cells - minutes) <= 2.5


def test_the_opening_links_back_and_to_every_section():
    opening = jupytext.read(IN_PRACTICE).cells[0].source
    text = IN_PRACTICE.read_text()
    assert "[lesson on Adam](adam.ipynb)" in opening.replace("\n", " ")
    for anchor in ("adamw", "decoupling", "schedules", "numbers", "memory", "exercises"):
        assert f"](#{anchor})" in opening
        assert text.count(f'<a id="{anchor}" name="{anchor}"></a>') == 1


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_lessons_summary_links_here_in_its_language(language):
    lesson, heading, here = {
        "en": (CHAPTER, "Summary", "adam_in_practice"),
        "zh": (EDITIONS[CHAPTER], "小结", "adam_in_practice_zh"),
    }[language]
    cells = jupytext.read(lesson).cells
    summary = next(c.source for c in cells if re.search(rf"^## .*{heading}", c.source, re.M))
    assert f"]({here}.ipynb)" in summary


def test_it_reuses_the_lessons_adam_and_defines_none_of_the_lessons_functions():
    from tools.lesson import LESSON_NAMES, defining_cells

    assert defining_cells(IN_PRACTICE, LESSON_NAMES) == []
    assert "d2l.adam(params, states, hyperparams)" in IN_PRACTICE.read_text()


# --- AdamW from scratch ----------------------------------------------------------------


def test_adamw_and_adam_l2_match_torch_at_every_step_moments_included(executed_in_practice):
    text = printed(executed_in_practice, "largest difference over 300 steps")
    rows = re.findall(
        rf"^(.+?): largest difference over 300 steps {NUMBER}, of v and s {NUMBER}$", text, re.M
    )
    assert [name for name, _, _ in rows] == [
        "adamw against torch.optim.AdamW",
        "adam_l2 against torch.optim.Adam(weight_decay=0.1)",
    ]
    for _, largest, moments in rows:
        assert 0 <= float(largest) <= 1e-6 and 0 <= float(moments) <= 1e-6
        assert float(largest) < FLOAT32_SPACING  # "to float32 rounding"
    (apart,) = numbers_after("the two methods end apart by", text)
    assert apart > 0.01  # "far apart: the check could have failed"


def test_torchs_adamw_is_adam_with_the_flag_and_decays_first():
    import inspect

    import torch

    assert torch.optim.AdamW.__mro__[1] is torch.optim.Adam
    assert torch.optim.AdamW([torch.zeros(1, requires_grad=True)]).defaults[
        "decoupled_weight_decay"
    ]
    module = inspect.getmodule(torch.optim.Adam)
    assert "param.mul_(1 - lr * weight_decay)" in inspect.getsource(module)


# --- why decoupling matters ------------------------------------------------------------


def resting_points(notebook):
    cell = tagged_cell(notebook, "figure:decoupling")
    text = stdout(cell)
    rows = {
        name: tuple(float(x) for x in values)
        for name, *values in re.findall(
            rf"^(Adam \+ L2|AdamW): loss {NUMBER}, \|\|w\|\| {NUMBER} \(predicted {NUMBER}\); "
            rf"largest difference from the prediction {NUMBER}$",
            text,
            re.M,
        )
    }
    none = re.search(rf"no decay: loss {NUMBER}, \|\|w\|\| {NUMBER}", text)
    roots = [float(x) for x in re.search(r"w1 \.\.\. w5 and b: (.+)$", text, re.M)[1].split(", ")]
    return cell, rows, (float(none[1]), float(none[2])), roots


def test_both_methods_end_where_the_formulas_say(executed_in_practice):
    cell, rows, (loss0, norm0), roots = resting_points(executed_in_practice)
    assert len(svg_outputs(cell)) == 1
    assert set(rows) == {"Adam + L2", "AdamW"}
    for _, norm, predicted, gap in rows.values():
        assert gap < 0.01 and abs(norm - predicted) < 0.01  # "within a few thousandths"
    l2, w = rows["Adam + L2"], rows["AdamW"]
    assert 0.3 < l2[1] / norm0 < 0.4  # "about a third of its length without decay"
    assert 0.34 < l2[0] / loss0 - 1 < 0.45  # "the loss rises by more than a third"
    assert 0.6 < w[1] / norm0 < 0.72  # "keeps two thirds"
    assert f"the loss rises by {round(100 * (w[0] / loss0 - 1))}%" in said()
    assert len(roots) == 6 and all(0.2 <= r <= 0.32 for r in roots)  # "about a quarter"


def test_a_retuned_lambda_takes_up_nearly_all_of_the_difference(executed_in_practice):
    text = printed(executed_in_practice, "the parameters differ by at most")
    gaps = dict(
        re.findall(rf"Adam \+ L2 with lambda = (\S+) against AdamW .*? at most {NUMBER}", text)
    )
    (matched,) = [lam for lam in gaps if lam != "1"]
    assert 0.2 < float(matched) < 0.3  # "about λ/4"
    assert f"({gaps[matched]} left of {gaps['1']})" in said()
    assert float(gaps[matched]) < float(gaps["1"]) / 5


def test_the_resting_points_hardly_move_with_eta(executed_in_practice):
    _, rows, _, _ = resting_points(executed_in_practice)
    text = printed(executed_in_practice, "η = 0.003:")
    found = re.findall(rf"η = (\S+): Adam \+ L2 \|\|w\|\| {NUMBER}, AdamW \|\|w\|\| {NUMBER}", text)
    assert [lr for lr, _, _ in found] == ["0.003", "0.03"]
    at_001 = {"Adam + L2": rows["Adam + L2"][1], "AdamW": rows["AdamW"][1]}
    assert f"Compare with ${at_001['Adam + L2']:.3f}$ and ${at_001['AdamW']:.3f}$" in said()
    for _, l2, w in found:
        assert abs(float(l2) / at_001["Adam + L2"] - 1) < 0.08  # "hardly move"
        assert abs(float(w) / at_001["AdamW"] - 1) < 0.08


def test_decay_curves_without_decay_are_the_lessons_adam_for_both(data_iter):
    """The figure's function: at weight_decay = 0 both methods are plain Adam, so their
    curves coincide; with decay, every curve starts at the lesson's start."""
    import torch

    from d2l_local import torch as d2l
    from tools.lesson import functions_defined

    names = ("adamw", "adam_l2", "train_with_decay", "decay_curves")
    found = functions_defined(IN_PRACTICE, names)
    problem = d2l.make_problem(data_iter, seed=0)
    trainers = {"Adam + L2": found["adam_l2"], "AdamW": found["adamw"]}
    plain = found["decay_curves"](trainers, 0.0, 0.01, problem)
    assert plain["Adam + L2"] == plain["AdamW"]
    epochs, losses, norms = plain["AdamW"]
    assert epochs[0] == 0 and epochs[-1] == 2 and len(epochs) == len(losses) == len(norms)
    assert norms[0] == pytest.approx(problem.w0.norm().item())
    assert losses[-1] == pytest.approx(0.243, abs=0.002)  # the lesson's run
    decayed = found["decay_curves"](trainers, 1.0, 0.01, problem)
    assert decayed["AdamW"][2][0] == norms[0]
    assert decayed["Adam + L2"][2][-1] < decayed["AdamW"][2][-1] < norms[-1]
    with torch.no_grad():
        assert torch.equal(problem.w0, d2l.make_problem(data_iter, seed=0).w0)  # untouched


# --- warmup and schedules --------------------------------------------------------------


def test_the_schedules_equal_torchs_at_every_step(executed_in_practice):
    cell = tagged_cell(executed_in_practice, "figure:schedules")
    assert len(svg_outputs(cell)) == 1
    text = stdout(cell)
    gaps = re.findall(
        rf"^(cosine|linear) decay, (\w+): largest difference from lr_at {NUMBER}", text, re.M
    )
    assert [(d, n) for d, n, _ in gaps] == [
        ("cosine", "LambdaLR"),
        ("cosine", "SequentialLR"),
        ("linear", "LambdaLR"),
        ("linear", "SequentialLR"),
    ]
    assert all(float(gap) <= 1e-12 for _, _, gap in gaps)  # "the last bits of a float64"
    assert "0% of η at step 600, 100% at step 1200" in text  # "climbs back up, to the full η"


def test_warmup_does_not_matter_on_the_airfoil_regression(executed_in_practice):
    text = printed(executed_in_practice, "highest loss of the first 50 steps")
    runs = {
        (float(lr), name): (float(loss), float(peak))
        for lr, name, loss, peak in re.findall(
            rf"η = (\S+), (.+?): final loss {NUMBER}, highest loss of the first 50 steps "
            rf"{NUMBER} times",
            text,
        )
    }
    constant, cosine, warm = (
        "constant η",
        "cosine decay, no warmup",
        "warmup over 30 steps, cosine decay",
    )
    assert len(runs) == 6
    small = [runs[0.01, name] for name in (constant, cosine, warm)]
    assert (
        max(loss for loss, _ in small) - min(loss for loss, _ in small) < 0.001
    )  # "no difference"
    assert all(peak == 1.0 for _, peak in small)
    assert runs[0.1, cosine][1] > 1.2 and runs[0.1, warm][1] == 1.0  # "the rise ... away"
    assert abs(runs[0.1, cosine][0] - runs[0.1, warm][0]) < 0.001  # "a few ten-thousandths"
    assert runs[0.1, constant][0] > runs[0.1, cosine][0] + 0.03  # "what matters is the decay"


def test_warmup_saves_the_small_network(executed_in_practice):
    text = printed(executed_in_practice, "live units")
    nets = {
        (int(seed), int(warmup)): (float(peak), float(start), float(loss), int(live))
        for seed, warmup, peak, start, loss, live in re.findall(
            rf"network (\d+), warmup (\d+): highest minibatch loss {NUMBER} \(start {NUMBER}\), "
            rf"final loss {NUMBER}, live units (\d+) of 256",
            text,
        )
    }
    assert sorted(nets) == [(s, w) for s in range(3) for w in (0, 200)]
    for seed in range(3):
        (peak0, start0, loss0, live0), (peak1, start1, loss1, live1) = (
            nets[seed, 0],
            nets[seed, 200],
        )
        assert peak0 > 10 * start0  # "more than ten times its start"
        assert loss0 >= 4 / 3 * loss1  # "at least a third higher"
        assert 0.2 <= live0 / live1 <= 0.55  # "about a quarter to a half as many"
        assert peak1 <= 1.3 * start1  # "never rises far"
    start = int(re.search(r"network 0 before training: (\d+) live units", text)[1])
    traces = {
        int(warmup): ([float(x) for x in sizes.split(", ")], [int(x) for x in live.split(", ")])
        for warmup, sizes, live in re.findall(
            r"network 0, warmup (\d+), after steps 1, 2, 10, 100: mean step in units of η_t "
            r"([\d., ]+); live units ([\d, ]+)",
            text,
        )
    }
    sizes, live = traces[0]
    assert f"{sizes[0]:.2f}" == "0.89" and "$0.89\\,\\eta$" in said()
    assert 0.15 < sizes[2] / sizes[0] < 0.25  # "by step 10 ... down to a fifth"
    assert (
        f"Of the {start} live units of the first network, {live[2]} are left after ten such "
        f"steps, against {traces[200][1][2]} with warmup" in said()
    )


def test_the_mlp_figure_shows_the_minibatch_losses(executed_in_practice):
    cells = [
        c
        for c in executed_in_practice.cells
        if c.cell_type == "code" and "mlps[0, warmup][2]" in c.source
    ]
    assert len(cells) == 1 and len(svg_outputs(cells[0])) == 1


# --- the numbers people use ------------------------------------------------------------


def test_torchs_defaults_as_printed_and_said(executed_in_practice):
    text = printed(executed_in_practice, "torch.optim.AdamW's defaults")
    assert text.splitlines() == [
        "torch.optim.Adam's defaults: lr = 0.001, betas = (0.9, 0.999), eps = 1e-08, "
        "weight_decay = 0",
        "torch.optim.AdamW's defaults: lr = 0.001, betas = (0.9, 0.999), eps = 1e-08, "
        "weight_decay = 0.01",
    ]


def test_the_rule_of_thumb_and_the_half_life(executed_in_practice):
    text = printed(executed_in_practice, "it warmed up over")
    assert "LLaMA: beta2 = 0.95, so 2 / (1 - beta2) = 40 steps; it warmed up over 2,000" in text
    assert "BERT: beta2 = 0.999, so 2 / (1 - beta2) = 2,000 steps; it warmed up over 10,000" in text
    (halves,) = numbers_after("gradient halves in", text.replace(",", ""))
    (run,) = numbers_after("in batches of 4 million", text.replace(",", ""))
    assert halves == 23105 and "about 23,000 steps, a tenth of their run" in said()
    assert 0.08 < halves / run < 0.12 and run == 250_000


# --- what Adam costs -------------------------------------------------------------------


def test_the_state_is_twice_the_parameters_whatever_foreach_and_fused_say(executed_in_practice):
    text = printed(executed_in_practice, "times the parameters").replace(",", "")
    params = int(re.search(r"\d+ numbers (\d+) bytes", text)[1])
    sizes = dict(re.findall(r"^(torch\.optim\.\S+): state (\d+) bytes", text, re.M))
    tensors = int(re.search(r"(\d+) parameter tensors", text)[1])
    plain = {k: int(v) for k, v in sizes.items() if "amsgrad" not in k}
    assert len(plain) == 4 and set(plain.values()) == {2 * int(params) + 4 * tensors}
    assert 4 * tensors == 24 and "24 bytes more" in said()
    assert int(sizes["torch.optim.Adam(amsgrad=True)"]) == 3 * int(params) + 4 * tensors
    assert f"our (v s) pairs: {2 * params} bytes" in text


def test_the_gradient_sizes_span_three_orders_of_magnitude(executed_in_practice):
    text = printed(executed_in_practice, "median sqrt(s_hat)")
    medians = [float(x) for x in re.findall(rf"median sqrt\(s_hat\) {NUMBER}", text)]
    assert len(medians) == 6
    assert 300 < max(medians) / min(medians) < 3000  # "about three orders of magnitude"


# --- exercises -------------------------------------------------------------------------


def test_each_exercise_links_to_its_solution_and_back():
    exercises = next(
        c.source for c in jupytext.read(IN_PRACTICE).cells if 'id="exercises"' in c.source
    )
    solutions = SOLUTIONS.read_text()
    for n, anchor in enumerate(("solution-adamw", "solution-groups", "solution-warmup"), start=1):
        assert exercises.count(f'<a id="exercise-{n}" name="exercise-{n}"></a>') == 1
        assert exercises.count(f"](adam_solutions.ipynb#{anchor})") == 1
        assert solutions.count(f'<a id="{anchor}" name="{anchor}"></a>') == 1
        assert f"](adam_in_practice.ipynb#exercise-{n})" in solutions
    assert "d2l.check_exercise('adamw', adamw)" in exercises
    flowing = " ".join(exercises.split())
    for slip in ("added to the gradient", "not multiplied by $\\eta$", "after the Adam step"):
        assert slip in flowing
