"""The worked solutions as a reader runs them: the answers they print, the
self-checks they pass, their links to the chapter, their hygiene.

The numbers are read from the outputs of one real execution (the session-wide
``executed_solutions`` fixture), so these tests check what the page shows.
"""

import re

import jupytext
import pytest
from notebooks import (
    NUMBER,
    assert_clean_outputs,
    cell_printing,
    numbers_after,
    stdout,
)

from tools.lesson import CHAPTER, IN_DEPTH_NAMES, LESSON_NAMES, SOLUTIONS, defining_cells

CHECKED = (2, 5, 6, 7, 8)


def printed(notebook, text):
    return stdout(cell_printing(notebook, text))


def test_no_errors_warnings_or_stderr(executed_solutions):
    assert_clean_outputs(executed_solutions)


def test_the_solutions_use_the_lessons_code_and_copy_none_of_it():
    assert defining_cells(SOLUTIONS, LESSON_NAMES + IN_DEPTH_NAMES) == []
    text = SOLUTIONS.read_text()
    for name in ("adam", "init_adam_states", "run_reddi", "adam_step_size"):
        assert f"d2l.{name}(" in text, name


@pytest.mark.parametrize("n", CHECKED)
def test_each_worked_answer_passes_its_self_check(executed_solutions, n):
    boxes = [
        o.data["text/html"]
        for c in executed_solutions.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {}) and "exercise-check" in o.data["text/html"]
    ]
    assert sum(f"✓ Exercise {n}: passed." in box for box in boxes) == 1


def test_1_a_growing_gradient_beats_the_bound_and_airfoil_steps_stay_near_eta(executed_solutions):
    text = printed(executed_solutions, "the limit from Cauchy-Schwarz")
    steps = {
        float(r): float(step)
        for r, step in re.findall(rf"grows by r = {NUMBER} per step: a step of {NUMBER} eta", text)
    }
    assert steps[1.0] == 1.0 and steps[1.11] == 7.27 > 2 * 3.16  # "more than twice the bound"
    assert all(step > 3.16 for r, step in steps.items() if r > 1)
    assert numbers_after("the limit from Cauchy-Schwarz:", text) == [7.27]
    assert numbers_after("Kingma & Ba's bound:", text) == [3.16]
    shrinking = printed(executed_solutions, "beta1 = 0.99, beta2 = 0.9")
    sizes = [float(x) for x in re.findall(rf"a step of {NUMBER} eta", shrinking)]
    assert len(sizes) == 3 and sizes[0] < sizes[1] < sizes[2] and sizes[2] > 1e6  # no ceiling
    airfoil = printed(executed_solutions, "largest move")
    moves = [float(x) for x in re.findall(rf"largest move {NUMBER} eta", airfoil)]
    assert len(moves) == 4 and max(moves) == 1.07 and all(m >= 1.0 for m in moves)  # "within 7%"


def test_2_the_rewritten_averages_give_adams_parameters(executed_solutions):
    text = printed(executed_solutions, "adam_averaged against adam")
    (gap,) = numbers_after("largest parameter difference", text)
    assert 0 <= gap <= 1e-6


def test_3_excess_loss_falls_with_eta_and_the_schedule_ends_lowest(executed_solutions):
    text = printed(executed_solutions, "excess loss, last epoch")
    rows = re.findall(rf"^(η = .+?)\s+{NUMBER}\s+{NUMBER}$", text, re.MULTILINE)
    assert [name for name, _, _ in rows] == [
        "η = 0.1",
        "η = 0.03",
        "η = 0.01",
        "η = 0.1, halved every 40 steps",
    ]
    excess = [float(value) for _, value, _ in rows]
    assert excess[0] > excess[1] > excess[2] > excess[3]
    moves = [float(move) for _, _, move in rows]
    assert all(0.2 < m < 0.5 for m in moves), "a fixed fraction of eta, as the prose says"


def test_4_the_threshold_of_beta2_where_adam_starts_to_fail(executed_solutions):
    runs = printed(executed_solutions, "Adam ends at x =")
    ends = {
        (int(C), float(beta2)): (float(adam), float(yogi))
        for C, beta2, adam, yogi in re.findall(
            rf"C = \s*(\d+), beta2 = {NUMBER}: Adam ends at x = {NUMBER}, Yogi at x = {NUMBER}",
            runs,
        )
    }
    assert len(ends) == 14 and all(yogi < -0.99 for _, yogi in ends.values())
    fails = {
        C: [b for (c, b), (adam, _) in ends.items() if c == C and adam > 0.99] for C in (3, 10)
    }
    wins = {
        C: [b for (c, b), (adam, _) in ends.items() if c == C and adam < -0.99] for C in (3, 10)
    }
    assert max(fails[3]) == 0.4 and min(wins[3]) == 0.6  # "up to 0.4 ... from 0.6 on"
    assert max(fails[10]) == 0.08 and min(wins[10]) == 0.12  # "up to 0.08 ... from 0.12 on"
    assert -0.99 < ends[3, 0.5][0] < 0.99 and -0.99 < ends[10, 0.1][0] < 0.99  # "halfway"
    analysis = printed(executed_solutions, "Adam fails for beta2 below")
    assert "drift +0.68 per cycle (the lesson measured +0.68)" in analysis
    thresholds = dict(re.findall(rf"C = \s*(\d+): Adam fails for beta2 below {NUMBER}", analysis))
    assert thresholds == {"3": "0.472", "5": "0.237", "10": "0.098"}
    products = [float(x) for x in re.findall(rf"C \* beta2 = {NUMBER}", analysis)]
    assert all(0.95 <= p <= 1.45 for p in products)  # "between about 1 and 1.4"


def test_5_eps_inside_is_a_rounding_error_here_and_large_for_small_gradients(executed_solutions):
    text = printed(executed_solutions, "eps inside the root against torch.optim.Adam")
    (inside,) = numbers_after("eps inside the root against torch.optim.Adam:", text)
    (ours,) = numbers_after("the lesson's adam against torch.optim.Adam:", text)
    assert ours < inside < 1e-5
    band = printed(executed_solutions, "(above)")
    gaps = dict(re.findall(rf"torch.optim.Adam\(eps=(\S+)\): largest difference {NUMBER}", band))
    assert 5 * ours < float(gaps["2e-06"]) < inside < float(gaps["1e-05"])  # "only trims it"
    (factor,) = numbers_after(
        "the eps' needed spans a factor of",
        printed(executed_solutions, "needed spans a factor").replace(",", ""),
    )
    assert factor > 1000
    small = printed(executed_solutions, "still leaves")
    (best,) = re.findall(
        rf"still leaves {NUMBER}; adam against torch.optim.Adam on the same "
        rf"data: {NUMBER}",
        small,
    )
    assert float(best[0]) > 1000 * float(best[1])


def test_6_the_correction_matters_for_far_longer_than_our_run(executed_solutions):
    text = printed(executed_solutions, "within 10% from t =")
    within = dict(re.findall(r"beta2 = (\S+): within 10% from t = ([\d,]+)", text))
    assert within == {"0.999": "1,751", "0.9999": "17,512"}  # "about 1,750 ... ten times"
    at_300 = [float(x) for x in re.findall(rf"at t = 300 the ratio is {NUMBER}", text)]
    assert at_300 == [1.96, 5.82]  # "about twice, or nearly six times"
    measured = printed(executed_solutions, "uncorrected step / corrected step")
    first = numbers_after("uncorrected step / corrected step", measured)
    assert first == [3.16, 10.0]  # (1 - beta1) / sqrt(1 - beta2) for beta2 = 0.999, 0.9999
    last = [float(x) for x in re.findall(rf"{NUMBER} at t = 300\n", measured)]
    assert len(last) == 2 and all(x > 1.5 for x in last)  # "still well above 1 at step 300"
    start = numbers_after("loss before training:", measured)[0]
    assert all(h > start for h in numbers_after("highest", measured)), "the loss first rises"
    finals = re.findall(rf"{NUMBER} at t = 300 \(corrected {NUMBER}\)", measured)
    (u1, c1), (u2, c2) = ((float(u), float(c)) for u, c in finals)
    assert u1 - c1 < 0.01 < u2 - c2  # "ends close ... and clearly above it"


def test_7_amsgrad_matches_torch_and_the_maximum_mattered(executed_solutions):
    text = printed(executed_solutions, "amsgrad against torch.optim.Adam(amsgrad=True)")
    steps = int(re.search(r"(\d+) steps", text).group(1))
    (gap,) = numbers_after(
        "amsgrad against torch.optim.Adam(amsgrad=True): largest difference", text
    )
    (active,) = numbers_after("the maximum was active in", text)
    (plain,) = numbers_after("adam against torch.optim.Adam(amsgrad=True):", text)
    assert steps >= 300 and gap <= 1e-6 and active > 0 and plain > 10 * gap


def test_8_yogi_overshoots_by_58_percent_at_step_1000(executed_solutions):
    text = printed(executed_solutions, "s_hat peaks at")
    found = re.search(
        rf"peaks at {NUMBER} g\^2 at t = (\d+), and is within 1% of g\^2 again "
        rf"from t = (\d+)",
        text,
    )
    peak, at, back = float(found.group(1)), int(found.group(2)), int(found.group(3))
    assert peak == 1.5815 and at == 1000 and 4500 < back < 4700
    assert "Yogi's step is 0.795 times Adam's" in text


def test_solutions_link_back_to_their_exercises():
    text = SOLUTIONS.read_text()
    for n in range(1, 9):
        assert text.count(f'<a id="solution-{n}" name="solution-{n}"></a>') == 1
        assert f"](adam.ipynb#exercise-{n})" in text  # the page links adam.html


def test_the_chapter_links_each_exercise_to_its_solution_and_shows_no_answer():
    cells = [c.source for c in jupytext.read(CHAPTER).cells if '## <a id="exercises"' in c.source]
    assert len(cells) == 1
    exercises = cells[0]
    for n in range(1, 9):
        assert exercises.count(f'<a id="exercise-{n}" name="exercise-{n}"></a>') == 1
        assert exercises.count(f"](adam_solutions.ipynb#solution-{n})") == 1
    for n in CHECKED:
        assert f"d2l.check_exercise({n}, " in exercises
    chapter = CHAPTER.read_text()
    for name in ("adam_averaged", "adam_eps_inside", "adam_uncorrected", "amsgrad", "yogi_s_hat"):
        assert f"def {name}(" not in chapter


# --- the exercises of Adam in practice ---------------------------------------------------


def test_practice_1_adamw_matches_torch_and_each_slip_is_far_off(executed_solutions):
    text = printed(executed_solutions, "largest difference from torch.optim.AdamW over 300")
    blocks = re.split(r"^lr = ", text, flags=re.M)[1:]
    gaps = {}
    for block in blocks:
        setting = re.match(r"(\S+), weight_decay = (\S+):", block).groups()
        gaps[setting] = {
            name: float(gap) for name, gap in re.findall(rf"^    (.+): {NUMBER}$", block, re.M)
        }
    assert set(gaps) == {("0.01", "0.1"), ("0.1", "1")}
    after = "decay after the step"
    for found in gaps.values():
        assert list(found) == [
            "adamw",
            "decay added to the gradient (torch.optim.Adam(weight_decay=...))",
            "decay without the learning rate",
            after,
        ]
        assert found["adamw"] <= 1e-6  # "to float32 rounding"
        assert all(gap > 0.01 for name, gap in found.items() if name not in ("adamw", after))
    ratio = gaps["0.1", "1"][after] / gaps["0.01", "0.1"][after]
    assert 50 < ratio < 200  # "a hundred times more at the larger setting"


def test_practice_2_the_groups_agree_and_the_bias_hardly_matters(executed_solutions):
    text = printed(executed_solutions, "with two groups")
    (groups,) = numbers_after("largest difference", text)
    (bias,) = numbers_after("differ by at most", text)
    (mean,) = numbers_after("the mean label is", text)
    assert groups <= 1e-6
    assert bias < 0.005  # "less than a percent of the weights' size" (several tenths)
    assert 0.001 < mean < 0.01  # "a few thousandths"


def test_practice_3_the_rule_leaves_the_first_gradient_at_e_minus_2(executed_solutions):
    text = printed(executed_solutions, "the first gradient's weight")
    rows = re.findall(
        rf"beta2 = (\S+): W = ([\d,]+), the first gradient's weight relative to the newest "
        rf"{NUMBER}, the correction 1 / \(1 - beta2\^W\) = {NUMBER}",
        text,
    )
    assert [(b, w) for b, w, _, _ in rows] == [("0.95", "40"), ("0.99", "200"), ("0.999", "2,000")]
    assert all(first == "0.135" for _, _, first, _ in rows)  # "about e^-2 ≈ 0.135"
    assert all(1.14 <= float(c) <= 1.16 for _, _, _, c in rows)  # "about 1.16"
    used = dict(re.findall(rf"after the ([\d,]+) steps of warmup used with it, {NUMBER}", text))
    assert float(used["2,000"]) < 1e-40  # LLaMA's: "count nothing at all"
    assert 1e-5 < float(used["10,000"]) < 1e-4  # BERT's
    assert "for comparison, e^-2 = 0.135" in text


def test_practice_solutions_link_back_to_their_exercises():
    text = SOLUTIONS.read_text()
    for n, anchor in enumerate(("solution-adamw", "solution-groups", "solution-warmup"), start=1):
        assert text.count(f'<a id="{anchor}" name="{anchor}"></a>') == 1
        assert f"](adam_in_practice.ipynb#exercise-{n})" in text
