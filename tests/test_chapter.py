"""The chapter as readers run it: the numbers it prints, its figures, its hygiene.

Every value is read from the outputs of one real execution (the session-wide
``executed_chapter`` fixture), so these tests check what the page shows.
"""

import re

import pytest
from notebooks import NUMBER, assert_clean_outputs, cell_printing, numbers_after, stdout


def tagged_cell(notebook, tag):
    cells = [c for c in notebook.cells if tag in c.metadata.get("tags", [])]
    assert len(cells) == 1, f"expected one cell tagged {tag!r}, found {len(cells)}"
    return cells[0]


def printed_loss(cell):
    losses = numbers_after("loss:", stdout(cell))
    assert len(losses) == 1, f"expected one 'loss: ...' line, got {stdout(cell)!r}"
    return losses[0]


def svg_outputs(cell):
    return [
        o.data["image/svg+xml"]
        for o in cell.get("outputs", [])
        if "image/svg+xml" in o.get("data", {})
    ]


@pytest.mark.parametrize(
    "tag, low, high",
    [
        ("figure:adam_scratch", 0.24, 0.26),  # the book: 0.244
        ("figure:adam_concise", 0.24, 0.27),  # the book: 0.254
        ("figure:yogi", 0.24, 0.26),  # the book: 0.245
    ],
)
def test_training_losses_land_in_the_book_band(executed_chapter, tag, low, high):
    loss = printed_loss(tagged_cell(executed_chapter, tag))
    assert low <= loss <= high, f"{tag}: loss {loss} outside [{low}, {high}]"


@pytest.mark.parametrize("tag", ["figure:adam_scratch", "figure:adam_concise", "figure:yogi"])
def test_training_cells_show_their_loss_curve(executed_chapter, tag):
    svgs = svg_outputs(tagged_cell(executed_chapter, tag))
    assert len(svgs) == 1 and "<path" in svgs[0]


def test_our_adam_matches_torch_optim_adam(executed_chapter):
    text = stdout(cell_printing(executed_chapter, "largest parameter difference:"))
    steps = int(re.search(r"(\d+) steps", text).group(1))
    (difference,) = numbers_after("largest parameter difference:", text)
    assert steps >= 100
    assert 0 <= difference <= 1e-6


def test_bias_correction_figure_is_an_svg(executed_chapter):
    cell = tagged_cell(executed_chapter, "figure:bias_correction")
    svgs = svg_outputs(cell)
    assert len(svgs) == 1 and svgs[0].lstrip().startswith(("<?xml", "<svg"))
    assert svgs[0].count("<path") >= 6  # the curves, not an empty frame
    factors = re.search(
        rf"uncorrected step: {NUMBER} at t = 1, largest {NUMBER} "
        rf"at t = \d+, still {NUMBER}",
        stdout(cell),
    )
    first, peak, last = (float(x) for x in factors.groups())
    assert first > 2 and peak >= first and last > 2, "the prose says 'several times'"


def test_yogi_and_adam_reach_the_same_loss(executed_chapter):
    adam = printed_loss(tagged_cell(executed_chapter, "figure:adam_scratch"))
    yogi = printed_loss(tagged_cell(executed_chapter, "figure:yogi"))
    assert abs(adam - yogi) < 0.01


def test_yogi_starting_value_hardly_matters_here(executed_chapter):
    text = stdout(cell_printing(executed_chapter, "moments start at 1e-6"))
    ours, references = numbers_after("final loss:", text)
    assert abs(ours - references) < 0.005


def test_no_errors_warnings_or_stderr(executed_chapter):
    assert_clean_outputs(executed_chapter)


def test_reddi_end_points_as_stated(executed_chapter):
    text = stdout(cell_printing(executed_chapter, "300,000 steps of each method"))
    ends = dict(re.findall(r"(Adam|AMSGrad|Yogi)\s+ends at x = ([-+][0-9.]+)", text))
    assert float(ends["Adam"]) > 0.9
    assert float(ends["AMSGrad"]) < -0.9 and float(ends["Yogi"]) < -0.9
    book = stdout(cell_printing(executed_chapter, "Adam ends at x = -"))
    assert all(float(x) < -0.9 for x in re.findall(r"ends at x = ([-+][0-9.]+)", book))


def test_reddi_why_prose_quotes_the_printout(executed_chapter):
    """The 'Adam forgets' bullet quotes these numbers; they must be what the cell prints."""
    text = stdout(cell_printing(executed_chapter, "net per cycle"))
    adam_s, amsgrad, yogi = text.split("\n")[0], text.split("AMSGrad")[1], text.split("Yogi")[1]
    assert all(v in adam_s for v in ("8.2", "1.7", "1.1"))
    assert "step on C 1.05, on -1 0.86, net per cycle +0.68" in text
    assert "net per cycle -0.35" in amsgrad and "net per cycle -0.26" in yogi


def test_landscape_sweep_and_heatmap(executed_chapter):
    text = stdout(cell_printing(executed_chapter, "training runs of 2 epochs"))
    assert text.startswith("1922 training runs")
    assert svg_outputs(tagged_cell(executed_chapter, "figure:landscape"))
    summary = stdout(cell_printing(executed_chapter, "runs diverged, the first at eta"))
    defaults = numbers_after("default", summary)
    assert len(defaults) == 2 and all(0.24 < d < 0.25 for d in defaults)


def test_the_explorer_is_shown_with_the_books_curves(executed_chapter):
    """The explorer's saved state: the widget the reader sees, trained at the defaults."""
    cell = tagged_cell(executed_chapter, "explorer")
    views = [
        o for o in cell.outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(views) == 1
    state = executed_chapter.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]
    model = state["state"][views[0]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]]
    assert model["model_module"] == "anywidget" and model["state"]["kind"] == "explorer"
    curves = model["state"]["result"]["curves"]
    assert set(curves) == {"Adam (ours)", "Yogi (ours)", "torch.optim.Adam"}
    assert all(0.24 < curve["losses"][-1] < 0.25 for curve in curves.values())


def test_watch_adam_move_prints_what_its_prose_quotes(executed_chapter):
    figure = tagged_cell(executed_chapter, "figure:adam_trace")
    assert len(svg_outputs(figure)) == 1
    ends = dict(re.findall(r"(\w[\w ]*?)\s+epoch 20, (x1: \S+ x2: \S+)", stdout(figure)))
    assert ends["gradient descent"] == "x1: -0.943467, x2: -0.000073"  # the book's
    assert ends["RMSProp"] == "x1: -0.010599, x2: 0.000000"  # the book's
    assert ends["momentum"] == "x1: -0.062843, x2: 0.001202"  # its first edition's
    assert abs(float(ends["Adam"].split(",")[0][4:]) - 1) < 0.01  # "x1 ≈ 1"

    moves = stdout(cell_printing(executed_chapter, "the first four moves"))
    assert "gradient at the start: (-1, -8)" in moves
    assert "gradient descent (+0.40, +3.20)" in moves
    assert "RMSProp          (+1.26, +1.26)" in moves
    assert "Adam             (+0.40, +0.40)  (+0.40, +0.40)" in moves

    bias = stdout(cell_printing(executed_chapter, "not corrected"))
    (corrected, corrected_x1), (uncorrected, uncorrected_x1) = re.findall(
        rf": ([\d., ]+); x1 gets as far as {NUMBER}", bias
    )
    sizes = [float(x) for x in uncorrected.split(", ")]
    assert sizes[:3] == [1.26, 1.67, 1.82] and max(sizes) == 1.82
    assert float(uncorrected_x1) == pytest.approx(3.2, abs=0.05)
    assert max(float(x) for x in corrected.split(", ")) == 0.40
    assert float(corrected_x1) == pytest.approx(1.0, abs=0.01)

    floor = stdout(cell_printing(executed_chapter, "position along the floor"))
    rows = {
        (line[:9].strip(), line[13:41].strip()): [float(x) for x in line[41:].split()]
        for line in floor.splitlines()[1:]
    }
    assert (
        rows[("momentum", "the book's quadratic")]
        == rows[("momentum", "the quadratic turned by 45°")]
    )
    assert rows[("Adam", "the book's quadratic")][1] == -1.20
    assert rows[("Adam", "the quadratic turned by 45°")][1] == -4.30

    eps = stdout(cell_printing(executed_chapter, "rate of x1"))
    ratio = {float(line.split()[0]): float(line.split()[-1]) for line in eps.splitlines()[1:]}
    assert 5.5 < ratio[1e-6] < 6  # "almost six times"
    assert 2 < ratio[1.0] < 3  # "halfway", "under three"
    assert 1 < ratio[100.0] < 1.1  # "within a few percent"


def test_huge_eps_retraces_momentum_as_the_prose_says(executed_chapter):
    text = stdout(cell_printing(executed_chapter, "largest distance from momentum's path"))
    gaps = dict(re.findall(rf"eps = \s*(\S+), eta = \s*\S+: .* path {NUMBER}", text))
    assert round(float(gaps["1"]), 2) == 0.71  # "part by 0.71"
    assert gaps["100"] == "0.0081"  # "never differ by more than 0.0081"


def test_the_path_explorer_is_shown_on_the_chapters_trainers(executed_chapter):
    cell = tagged_cell(executed_chapter, "paths_explorer")
    views = [
        o for o in cell.outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})
    ]
    assert len(views) == 1
    state = executed_chapter.metadata["widgets"]["application/vnd.jupyter.widget-state+json"][
        "state"
    ]
    (model,) = [m["state"] for m in state.values() if m["state"].get("kind") == "paths"]
    paths = model["result"]["paths"]
    assert set(paths) == {"gradient descent", "momentum", "RMSProp", "Adam"}
    # The chapter's figure: gradient descent ends where the book says.
    assert round(paths["gradient descent"]["x1"][-1], 6) == -0.943467
