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

from tools.lesson import CHAPTER, LESSON_NAMES, SOLUTIONS, defining_cells

CHECKED = (2, 5, 6, 7, 8)


def printed(notebook, text):
    return stdout(cell_printing(notebook, text))


def test_no_errors_warnings_or_stderr(executed_solutions):
    assert_clean_outputs(executed_solutions)


COPIED = ("init_adam_states", "adam", "yogi", "run_reddi")  # the chapter's, reused


def test_the_solutions_build_on_the_chapter_code_unchanged():
    assert defining_cells(SOLUTIONS, COPIED) == defining_cells(CHAPTER, COPIED)
    others = [name for name in LESSON_NAMES if name not in COPIED]
    assert defining_cells(SOLUTIONS, others) == []


@pytest.mark.parametrize("n", CHECKED)
def test_each_worked_answer_passes_its_self_check(executed_solutions, n):
    boxes = [
        o.data["text/html"]
        for c in executed_solutions.cells
        for o in c.get("outputs", [])
        if "text/html" in o.get("data", {}) and "exercise-check" in o.data["text/html"]
    ]
    assert sum(f"✓ Exercise {n}: passed." in box for box in boxes) == 1


def test_1_no_learning_rate_diverges_and_moves_stay_within_eta(executed_solutions):
    text = printed(executed_solutions, "largest move / eta")
    rows = re.findall(
        rf"^\s*{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+{NUMBER}\s+(True|False)\s+{NUMBER}$",
        text,
        re.MULTILINE,
    )
    assert [float(row[0]) for row in rows] == [1e-3, 3e-3, 1e-2, 3e-2, 0.1, 0.3, 1.0]
    assert all(row[4] == "False" for row in rows)
    assert all(0.99 <= float(row[5]) < 1.1 for row in rows)
    final = {float(row[0]): float(row[1]) for row in rows}
    start = numbers_after("loss at the start:", text)[0]
    assert min(final, key=final.get) == 1e-2 and final[1.0] > start  # as the prose says


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


def test_4_with_the_same_settings_adam_fails_and_yogi_converges(executed_solutions):
    text = printed(executed_solutions, "Adam ends at x =")
    (adam,) = numbers_after("Adam ends at x =", text)
    (yogi,) = numbers_after("Yogi ends at x =", text)
    assert adam > 0.99 and yogi < -0.99
    table = printed(executed_solutions, "(x after 30,000 steps)")
    ends = {
        float(b): (float(a), float(y))
        for b, a, y in re.findall(rf"^\s*{NUMBER}\s+{NUMBER}\s+{NUMBER}$", table, re.MULTILINE)
    }
    assert ends[0.1][0] > 0.99 and ends[0.3][0] > 0.99 and -0.99 < ends[0.5][0] < 0.99
    assert all(adam < -0.99 for beta2, (adam, _) in ends.items() if beta2 >= 0.7)
    assert all(yogi < -0.99 for _, yogi in ends.values())


def test_5_eps_inside_is_a_rounding_error_here_and_large_for_small_gradients(executed_solutions):
    text = printed(executed_solutions, "eps inside the root against torch.optim.Adam")
    (inside,) = numbers_after("eps inside the root against torch.optim.Adam:", text)
    (ours,) = numbers_after("the chapter's adam against torch.optim.Adam:", text)
    assert ours < inside < 1e-5
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


def test_6_the_first_uncorrected_step_is_as_the_figure_predicts(executed_solutions):
    text = printed(executed_solutions, "uncorrected step / corrected step")
    first = numbers_after("uncorrected step / corrected step", text)
    assert first == [3.16, 10.0]  # (1 - beta1) / sqrt(1 - beta2) for beta2 = 0.999, 0.9999
    highest = numbers_after("highest", text)
    start = numbers_after("loss at the start:", printed(executed_solutions, "largest move"))[0]
    assert all(h > start for h in highest), "the prose says the loss first rises"


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
