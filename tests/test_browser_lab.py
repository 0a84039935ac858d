"""The lesson and its companion in JupyterLab, used the way a reader uses them.

A real JupyterLab server on a free loopback port, Chromium with every other
request blocked: open chapters/adam.ipynb, run all cells, drag the explorer's
η slider with the mouse and nudge it with the keyboard, and check that each
move redraws the plot and rewrites the status line; then open
chapters/adam_in_depth.ipynb, run it, and click its landscape, which moves its
explorer. Each notebook has a server of its own, so that its page opens on it alone
(a second tab of one server reopens the first one's workspace); a server, and with
it the kernel, is stopped at the end whatever happened, and the notebooks on disk are
left exactly as they were (autosave is off in the test's own settings).
"""

import re
import time

import pytest
from conftest import ROOT

from d2l_local import torch as d2l
from tools.browser import COUNT_FRAMES, block_network, collect_errors, slow_drag
from tools.lab import jupyter_lab, open_and_run_all

NOTEBOOK = "chapters/adam.ipynb"
IN_DEPTH = "chapters/adam_in_depth.ipynb"


def explorer_state(explorer):
    """What the reader sees of the explorer: η's readout, the curve drawn, the status."""
    return {
        "eta": explorer.locator("input[data-name=lr]").get_attribute("aria-valuetext"),
        "plot": explorer.locator("polyline[data-curve='Adam (ours)']").get_attribute("data-losses"),
        "status": re.sub(
            r"rerun [\d.]+ ms",
            "rerun … ms",  # a timing, not a result
            explorer.locator(".d2l-status").inner_text(),
        ),
    }


def wait_for_change(explorer, before, timeout=30_000):
    """The state once η, the plot and the status have all moved on from ``before``."""
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        now = explorer_state(explorer)
        if all(now[key] != before[key] for key in before):
            return now
        explorer.page.wait_for_timeout(200)
    return now


def notebook_in_lab(browser, tmp_path_factory, notebook):
    """A page with ``notebook`` open in a JupyterLab server of its own, all cells run;
    yields (page, cell errors, blocked requests, console errors). The notebook on disk
    must not change."""
    before = (ROOT / notebook).read_bytes()
    with jupyter_lab(ROOT, tmp_path_factory.mktemp("lab")) as (base, token):
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        blocked = block_network(page, allow_port=int(base.rsplit(":", 1)[1]))
        errors = collect_errors(page)
        cell_errors = open_and_run_all(page, base, token, notebook)
        yield page, cell_errors, blocked, errors
        page.close()
    assert (ROOT / notebook).read_bytes() == before, f"the test changed {notebook} on disk"


@pytest.fixture(scope="module")
def chapter_in_lab(browser, tmp_path_factory):
    """A page with the lesson open in JupyterLab and all cells run."""
    yield from notebook_in_lab(browser, tmp_path_factory, NOTEBOOK)


@pytest.fixture(scope="module")
def in_depth_in_lab(browser, tmp_path_factory):
    """A page with the companion open in JupyterLab and all cells run."""
    yield from notebook_in_lab(browser, tmp_path_factory, IN_DEPTH)


@pytest.mark.parametrize("opened", ["chapter_in_lab", "in_depth_in_lab"])
def test_all_cells_run_without_errors(request, opened):
    page, cell_errors, blocked, errors = request.getfixturevalue(opened)
    assert cell_errors == []
    assert blocked == [], "JupyterLab tried to reach the internet"


def test_moving_eta_redraws_the_plot_and_updates_the_status(chapter_in_lab):
    page = chapter_in_lab[0]
    explorer = page.locator(".d2l-explorer").first
    explorer.scroll_into_view_if_needed()
    start = explorer_state(explorer)
    assert re.search(r"Adam \(ours\): 0\.2426", start["status"]), start["status"]

    # A mouse drag of η's slider to the left (a smaller η).
    box = explorer.locator("input[data-name=lr]").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 40, y, steps=8)
    page.mouse.up()
    dragged = wait_for_change(explorer, start)
    assert dragged["eta"] != start["eta"], "the drag did not move η"
    assert dragged["plot"] != start["plot"], "the plot was not redrawn"
    assert dragged["status"] != start["status"], "the status line was not updated"

    # Two presses of the right arrow key on the focused slider (a larger η): the
    # notebook's command mode must not take them.
    explorer.locator("input[data-name=lr]").focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    pressed = wait_for_change(explorer, dragged)
    assert pressed["eta"] != dragged["eta"], "the keys did not move η"
    assert pressed["plot"] != dragged["plot"], "the plot was not redrawn"
    assert pressed["status"] != dragged["status"], "the status line was not updated"


def test_a_slow_drag_redraws_while_moving_and_ends_on_the_released_value(
    chapter_in_lab, data_iter, lesson
):
    page = chapter_in_lab[0]
    explorer = page.locator(".d2l-explorer").first
    explorer.scroll_into_view_if_needed()
    explorer.evaluate(COUNT_FRAMES)
    slider = explorer.locator("input[data-name=beta1]")
    released = slow_drag(page, slider, 0.9, 0.32)  # about two seconds, to the left
    beta1 = float(explorer.locator("input[data-name=beta1]").get_attribute("aria-valuetext"))
    page.wait_for_timeout(3000)  # anything still queued would arrive by now
    frames = page.evaluate("window.__frames")
    during = [t for t in frames if t < released]
    after = [t for t in frames if t >= released]
    assert len(during) >= 3, f"frames did not keep coming during the drag: {frames}"
    assert len(after) <= 2, f"a backlog of {len(after)} redraws after the release"
    want = d2l.loss_curves(
        {"Adam (ours)": lesson["adam"]},
        lesson["init_adam_states"],
        d2l.make_problem(data_iter, seed=0),
        dict(d2l.BOOK_DEFAULTS, lr=current_lr(explorer), beta1=beta1),
        torch_adam=False,
    )["Adam (ours)"]
    drawn = explorer_state(explorer)["plot"].split(" ")
    assert [float(x) for x in drawn] == want.losses, "the last frame is not the released value"


def current_lr(explorer):
    return float(explorer.locator("input[data-name=lr]").get_attribute("aria-valuetext"))


def test_clicking_the_landscape_moves_the_explorer(in_depth_in_lab):
    page = in_depth_in_lab[0]
    explorer = page.locator(".d2l-explorer").first
    before = explorer_state(explorer)
    landscape = page.locator(".d2l-landscape").first
    layer = landscape.locator(".d2l-hover-layer").first
    box = layer.bounding_box()
    spot = {"x": 0.25 * box["width"], "y": 0.5 * box["height"]}
    layer.hover(position=spot)  # scrolled to, and not under JupyterLab's toolbar
    readout = landscape.locator(".d2l-readout").inner_text()
    lr = re.search(r"η = ([0-9.e-]+)", readout)[1]
    layer.click(position=spot)
    after = wait_for_change(explorer, {"eta": before["eta"]})
    assert after["eta"] == lr


@pytest.mark.parametrize("opened", ["chapter_in_lab", "in_depth_in_lab"])
def test_no_console_errors(request, opened):
    assert request.getfixturevalue(opened)[3] == []
