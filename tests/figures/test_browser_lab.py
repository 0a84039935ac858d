"""The lesson and its companion in JupyterLab, used the way a reader uses them.

A real JupyterLab server on a free loopback port, Chromium with every other
request blocked: open chapters/adam.ipynb, run all cells, drag the explorer's
η slider with the mouse and nudge it with the keyboard, and check that each
move redraws the plot and rewrites the status line; then open
chapters/adam_in_depth.ipynb, run it, and click its landscape, which moves its
explorer; and open chapters/adam_in_practice.ipynb, run it, and move the weight-decay
explorer's λ and η, which the kernel answers with the chapter's adam_l2 and adamw.
Each notebook has a server of its own, so that its page opens on it alone
(a second tab of one server reopens the first one's workspace); a server, and with
it the kernel, is stopped at the end whatever happened, and the notebooks on disk are
left exactly as they were (autosave is off in the test's own settings).
"""

import re
import time

import pytest
from conftest import ROOT

from d2l_local import torch as d2l
from tools.browser import COUNT_FRAMES, block_network, collect_errors
from tools.lab import open_and_run_all

NOTEBOOK = "chapters/adam.ipynb"
IN_DEPTH = "chapters/adam_in_depth.ipynb"
IN_PRACTICE = "chapters/adam_in_practice.ipynb"


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


def wait_for_status(explorer, pattern, timeout=30_000):
    """The state once the status line matches ``pattern``."""
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        now = explorer_state(explorer)
        if re.search(pattern, now["status"]):
            return now
        explorer.page.wait_for_timeout(200)
    return now


def notebook_in_lab(browser, lab, notebook):
    """A page with ``notebook`` open in a JupyterLab server of its own, all cells run;
    yields (page, cell errors, blocked requests, console errors). The notebook on disk
    must not change."""
    before = (ROOT / notebook).read_bytes()
    base, token = lab()
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    blocked = block_network(page, allow_port=int(base.rsplit(":", 1)[1]))
    errors = collect_errors(page)
    cell_errors = open_and_run_all(page, base, token, notebook)
    yield page, cell_errors, blocked, errors
    page.close()
    assert (ROOT / notebook).read_bytes() == before, f"the test changed {notebook} on disk"


@pytest.fixture(scope="module")
def chapter_in_lab(browser, lab):
    """A page with the lesson open in JupyterLab and all cells run."""
    yield from notebook_in_lab(browser, lab, NOTEBOOK)


@pytest.fixture(scope="module")
def in_depth_in_lab(browser, lab):
    """A page with the companion open in JupyterLab and all cells run."""
    yield from notebook_in_lab(browser, lab, IN_DEPTH)


@pytest.fixture(scope="module")
def in_practice_in_lab(browser, lab):
    """A page with Adam in practice open in JupyterLab and all cells run."""
    yield from notebook_in_lab(browser, lab, IN_PRACTICE)


@pytest.mark.usefixtures("browser", "lab")  # named, so that the tiers see them
@pytest.mark.parametrize("opened", ["chapter_in_lab", "in_depth_in_lab", "in_practice_in_lab"])
def test_all_cells_run_without_errors(request, opened):
    page, cell_errors, blocked, errors = request.getfixturevalue(opened)
    assert cell_errors == []
    assert blocked == [], "JupyterLab tried to reach the internet"


def test_moving_eta_redraws_the_plot_and_updates_the_status(chapter_in_lab):
    page = chapter_in_lab[0]
    explorer = page.locator(".d2l-explorer").first
    explorer.scroll_into_view_if_needed()
    # The kernel may be idle before the page has drawn the figure (under load it lags).
    start = wait_for_status(explorer, r"Adam \(ours\): 0\.2426")
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


def test_the_decay_explorer_retrains_in_the_kernel_for_a_drag_and_for_keys(in_practice_in_lab):
    page = in_practice_in_lab[0]
    figure = page.locator(".d2l-decay").first
    figure.scroll_into_view_if_needed()
    status = figure.locator(".d2l-status")

    def state():
        return {
            "plot": figure.locator("polyline[data-curve=AdamW]").first.get_attribute("data-losses"),
            "status": re.sub(r"rerun [\d.]+ ms", "rerun … ms", status.inner_text()),
        }

    def changed(before, timeout=30_000):
        deadline = time.monotonic() + timeout / 1000
        while time.monotonic() < deadline and state() == before:
            page.wait_for_timeout(200)
        return state()

    page.wait_for_function(
        "e => /AdamW: loss 0\\.2624/.test(e.innerText)", arg=status.element_handle(), timeout=30_000
    )
    start = state()
    assert "rerun" in start["status"] and "Adam + L2: loss 0.3262" in start["status"]
    box = figure.locator("input[data-name=weight_decay]").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 40, y, steps=8)  # a larger λ
    page.mouse.up()
    dragged = changed(start)
    assert dragged["plot"] != start["plot"] and dragged["status"] != start["status"]
    figure.locator("input[data-name=lr]").focus()
    page.keyboard.press("ArrowRight")  # the notebook's command mode must not take it
    pressed = changed(dragged)
    assert pressed["plot"] != dragged["plot"] and pressed["status"] != dragged["status"]


def test_a_drag_redraws_while_held_and_ends_on_the_released_value(
    chapter_in_lab, data_iter, lesson
):
    """What the code guarantees, however fast the machine: the front end's request
    gate (d2l_local/web/render/figure.js) keeps at most one request at the kernel and merges
    every newer move into one pending request, sent when the answer arrives; the
    kernel answers each request with one run (d2l_local/figures/widget.py), which redraws the
    status once. So a held drag is redrawn for the value under the thumb without a
    release, and after the last move at most two frames come (the answer in flight
    and the pending one), the last for the released value: never a backlog. (The
    gate also opens after 5 s without an answer; a rerun here takes milliseconds.)"""
    page = chapter_in_lab[0]
    explorer = page.locator(".d2l-explorer").first
    explorer.scroll_into_view_if_needed()
    explorer.evaluate(COUNT_FRAMES)
    slider = explorer.locator("input[data-name=beta1]")
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2

    def to(fraction):
        page.mouse.move(box["x"] + fraction * box["width"], y, steps=15)

    def beta1():
        return float(slider.get_attribute("aria-valuetext"))

    to(0.9)
    page.mouse.down()
    to(0.6)
    held = beta1()
    wait_for_plot(explorer, curve(data_iter, lesson, current_lr(explorer), held))
    to(0.32)  # on, to the left, and let go
    last_move = page.evaluate("performance.now()")
    page.mouse.up()
    released = beta1()
    assert released < held
    want = curve(data_iter, lesson, current_lr(explorer), released)
    wait_for_plot(explorer, want)
    page.wait_for_timeout(500)  # a stale frame after it would show by now
    frames = page.evaluate("window.__frames")
    after = [t for t in frames if t > last_move]
    assert len(after) <= 2, f"a backlog of {len(after)} redraws after the last move"
    drawn = explorer_state(explorer)["plot"].split(" ")
    assert [float(x) for x in drawn] == want, "the last frame is not the released value"


def curve(data_iter, lesson, lr, beta1):
    """The losses our Adam gives at (lr, beta1), the book's other settings: as the
    kernel's explorer trains them."""
    return d2l.loss_curves(
        {"Adam (ours)": lesson["adam"]},
        lesson["init_adam_states"],
        d2l.make_problem(data_iter, seed=0),
        dict(d2l.BOOK_DEFAULTS, lr=lr, beta1=beta1),
        torch_adam=False,
    )["Adam (ours)"].losses


def current_lr(explorer):
    return float(explorer.locator("input[data-name=lr]").get_attribute("aria-valuetext"))


PLOT_SHOWS = """([e, want]) => {
  const drawn = e.querySelector("polyline[data-curve='Adam (ours)']")
    ?.getAttribute("data-losses").split(" ").map(Number);
  return drawn?.length === want.length && drawn.every((x, i) => x === want[i]);
}"""


def wait_for_plot(explorer, losses, timeout=60_000):
    """Wait until the explorer draws ``losses`` as our Adam's curve."""
    handle = explorer.element_handle()
    explorer.page.wait_for_function(PLOT_SHOWS, arg=[handle, losses], timeout=timeout)


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


def test_the_companions_controls_have_names_and_take_keys(in_depth_in_lab):
    """In JupyterLab too every control of a figure has an accessible name, and the keys
    pressed on the landscape and on the path explorer's plot reach the figure (not the
    notebook's shortcuts): they move the start, walk the cells and open one."""
    page = in_depth_in_lab[0]
    for figure in page.locator(".d2l-figure").all():
        for role in ("slider", "checkbox", "radio", "button", "spinbutton", "application"):
            named = figure.get_by_role(role, name=re.compile(r"\S")).count()
            assert figure.get_by_role(role).count() == named, role
    paths = page.locator(".d2l-paths").first
    assert paths.get_by_role("checkbox", name="bias correction").count() == 1
    assert paths.get_by_role("spinbutton", name="start x₁").count() == 1
    plot = paths.get_by_role("application")
    plot.scroll_into_view_if_needed()
    plot.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+ArrowUp")
    page.wait_for_function(
        "f => JSON.parse(f.dataset.values).start.join() === '-4.9,-1'",
        arg=paths.element_handle(),
        timeout=30_000,
    )
    explorer = page.locator(".d2l-explorer").first
    before = explorer_state(explorer)
    landscape = page.locator(".d2l-landscape").first
    cell = landscape.locator("[role=gridcell][tabindex='0']")
    cell.scroll_into_view_if_needed()
    cell.focus()
    page.keyboard.press("ArrowRight")
    readout = landscape.locator(".d2l-readout").inner_text()
    assert readout.startswith("η = 0.0158, β2 = 0.999 · Adam: "), readout
    page.keyboard.press("Enter")
    assert wait_for_change(explorer, {"eta": before["eta"]})["eta"] == "0.0158"


@pytest.mark.usefixtures("browser", "lab")  # named, so that the tiers see them
@pytest.mark.parametrize("opened", ["chapter_in_lab", "in_depth_in_lab", "in_practice_in_lab"])
def test_no_console_errors(request, opened):
    assert request.getfixturevalue(opened)[3] == []
