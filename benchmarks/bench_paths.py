"""Row 6: the path explorer, from an input event on a slider to the redrawn paths.

Both are timed in Chromium with the same probe: from the slider's ``input`` event to
the animation frame after the figure has drawn the result for it (its ``data-values``
rewritten), one key press on a focused slider at a time (η, β1, ε with 200 steps,
and the number of steps itself), waiting for each to be drawn before the next.

* page: the figure alone, exported as ``make html`` exports the chapter (the bundle
  and the page runtime, which computes with the JavaScript copy of the trainers);
* JupyterLab: a notebook of the companion's own cells (adam_in_depth: the imports,
  the cells that define the 2-D trainers, the figure of "Adam in two dimensions" and
  the explorer), run in a real kernel; every change goes to the kernel and back.

The book's path, measured in the same JupyterLab session: rerunning the companion's
figure cell (``train_2d`` and ``show_trace_2d`` for the same four methods), from the
run command to the frame after its figure is shown.
"""

import json
import os
import statistics
import tempfile
from pathlib import Path

import jupytext
import nbformat
from ipywidgets.embed import embed_data

from d2l_local import torch as d2l
from tools.browser import block_network, chromium, open_offline_page
from tools.build_html import render_page
from tools.lab import jupyter_lab, open_and_run_all
from tools.lesson import IN_DEPTH, lesson_functions

TRAINERS = {
    "gradient descent": "gd_2d",
    "momentum": "momentum_2d",
    "RMSProp": "rmsprop_2d",
    "Adam": "adam_2d",
}
PAGE_MOVES = 40  # key presses per slider
LAB_MOVES = 15
BOOK_RUNS = 8  # reruns of the chapter's figure cell, after one to warm up
SLIDERS = ("lr", "beta1", "eps", "steps")
PAGE_GOAL_MS, LAB_GOAL_MS = 16.0, 50.0

# Input event -> figure redrawn for it -> next animation frame, per change.
PROBE = """figure => {
  window.__latency = [];
  window.__computed = [];  // the milliseconds the status line reports for each
  let pending = null;
  figure.addEventListener("input", () => { pending = performance.now(); }, true);
  new MutationObserver(() => {
    if (pending === null) return;
    const t0 = pending;
    pending = null;
    const timing = figure.querySelector(".d2l-time").textContent;
    window.__computed.push(Number(timing.match(/([0-9.]+) ms/)[1]));
    requestAnimationFrame(() => window.__latency.push(performance.now() - t0));
  }).observe(figure, { attributes: true, attributeFilter: ["data-values"] });
}"""

# The chapter's figure cell run again, until its new figure is on the screen.
RERUN_FIGURE = """async index => {
  const app = window.jupyterapp;
  const notebook = app.shell.currentWidget.content;
  notebook.activeCellIndex = index;
  const cell = notebook.widgets[index];
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  const t0 = performance.now();
  await app.commands.execute("notebook:run-cell");
  while (!cell.node.querySelector(".jp-RenderedSVG")) await frame();
  await frame();
  return performance.now() - t0;
}"""


def drive(page, figure, moves, sliders=SLIDERS, steps_key="End"):
    """Key presses on each slider, one at a time, after ``steps_key`` on the steps
    slider; the milliseconds of each change, and those its computation took."""
    figure.evaluate(PROBE)
    count = 0

    def press(key):
        nonlocal count
        page.keyboard.press(key)
        count += 1
        page.wait_for_function(f"window.__latency.length >= {count}", timeout=20_000)

    figure.locator("input[type=range][data-name=steps]").focus()
    press(steps_key)  # End: 200 steps, the most work a change can ask for
    for name in sliders:
        figure.locator(f"input[type=range][data-name={name}]").focus()
        for i in range(moves):
            press("ArrowLeft" if (i // 2) % 2 == 0 else "ArrowRight")
            page.wait_for_timeout(30)  # a reader's pace, not a queue
    return page.evaluate("window.__latency")[1:], page.evaluate("window.__computed")[1:]


def page_notebook():
    """A notebook whose only output is the explorer on the chapter's trainers."""
    lesson = lesson_functions()
    explorer = d2l.explore_paths({m: lesson[name] for m, name in TRAINERS.items()})
    data = embed_data(views=[explorer])
    output = nbformat.v4.new_output(
        "display_data", data={"application/vnd.jupyter.widget-view+json": data["view_specs"][0]}
    )
    cell = nbformat.v4.new_code_cell("explorer", outputs=[output])
    notebook = nbformat.v4.new_notebook(cells=[cell])
    notebook.metadata["widgets"] = {
        "application/vnd.jupyter.widget-state+json": data["manager_state"]
    }
    return notebook


def page_times(workdir):
    path = workdir / "paths.html"
    path.write_text(render_page(page_notebook(), chapter=workdir / "paths.py"))
    with chromium() as browser:
        page = open_offline_page(browser, path, viewport={"width": 1000, "height": 1000})
        errors = page.errors
        times, _ = drive(page, page.locator(".d2l-paths"), PAGE_MOVES)
        assert not errors, errors
    return times


def lab_notebook():
    """The companion's own cells: imports, the 2-D trainers, the figure, the explorer."""
    chapter = jupytext.read(IN_DEPTH)
    code = [cell for cell in chapter.cells if cell.cell_type == "code"]
    defining = [c for c in code if any(f"def {name}(" in c.source for name in TRAINERS.values())]
    figure = next(c for c in code if "figure:adam_trace" in c.metadata.get("tags", []))
    explorer = next(c for c in code if "paths_explorer" in c.metadata.get("tags", []))
    cells = [code[0], *defining, figure, explorer]
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=chapter.metadata)
    return notebook, cells.index(figure)


def lab_times(workdir):
    notebook, figure_index = lab_notebook()
    nbformat.write(notebook, workdir / "paths.ipynb")
    with jupyter_lab(workdir, workdir) as (base, token), chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        block_network(page, allow_port=int(base.rsplit(":", 1)[1]))
        errors = open_and_run_all(page, base, token, "paths.ipynb")
        assert not errors, errors
        figure = page.locator(".d2l-paths")
        figure.scroll_into_view_if_needed()
        explorer, kernel = drive(page, figure, LAB_MOVES)
        # The floor: one step, so that nearly all that is left is the round trip.
        floor, _ = drive(page, figure, LAB_MOVES, sliders=("lr",), steps_key="Home")
        book = [page.evaluate(RERUN_FIGURE, figure_index) for _ in range(BOOK_RUNS + 1)][1:]
    return explorer, kernel, floor, book


def summary(times):
    return statistics.median(times), max(times)


def main():
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        page = page_times(workdir)
        lab, kernel, floor, book = lab_times(workdir)
    after = os.getloadavg()[0]
    (page_median, page_max), (lab_median, lab_max) = summary(page), summary(lab)
    book_median, book_max = summary(book)
    print(f"{len(page)} changes on the page, {len(lab)} in JupyterLab, {len(book)} book reruns")
    print("| path | median ms | max ms |")
    print("|---|---|---|")
    print(f"| page: input -> paths redrawn -> next frame | {page_median:.1f} | {page_max:.1f} |")
    print(f"| JupyterLab: input -> kernel -> paths redrawn | {lab_median:.1f} | {lab_max:.1f} |")
    print(
        f"|   of which the kernel's rerun (status line) | {statistics.median(kernel):.1f} | "
        f"{max(kernel):.1f} |"
    )
    print(
        f"| JupyterLab, 1 step (the round trip alone) | {statistics.median(floor):.1f} | "
        f"{max(floor):.1f} |"
    )
    print(
        f"| book: figure cell rerun (train_2d + show_trace_2d x4) | {book_median:.0f} | "
        f"{book_max:.0f} |"
    )
    print(f"load average {load:.1f} before, {after:.1f} after, {os.cpu_count()} cores")
    print(json.dumps({"page": page, "lab": lab, "kernel": kernel, "floor": floor, "book": book}))
    ratio = book_median / lab_median
    return [
        {
            "row": 6,
            "name": "path explorer, page: input -> paths redrawn, median ms",
            "value": round(page_median, 1),
            "unit": "ms",
            "goal": f"<= {PAGE_GOAL_MS:g} ms",
            "met": page_median <= PAGE_GOAL_MS,
            "note": f"max {page_max:.1f} ms over {len(page)} changes, 200 steps (load {load:.1f})",
        },
        {
            "row": 6,
            "name": "path explorer, JupyterLab + kernel: input -> paths redrawn, median ms",
            "value": round(lab_median, 1),
            "unit": "ms",
            "goal": f"<= {LAB_GOAL_MS:g} ms",
            "met": lab_median <= LAB_GOAL_MS,
            "note": f"max {lab_max:.0f} ms; kernel rerun {statistics.median(kernel):.0f} ms, "
            f"round trip with 1 step {statistics.median(floor):.0f} ms; book path (figure cell "
            f"rerun) {book_median:.0f} ms = {ratio:.1f}x slower (load {load:.1f})",
        },
    ]


if __name__ == "__main__":
    main()
