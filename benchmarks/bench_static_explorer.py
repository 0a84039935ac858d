"""Row 5: a slider move in the exported page's explorer, timed in Chromium.

The page (``tools/static_explorer.py``, standalone) is opened from ``file://``;
each of the four sliders is moved with the keyboard back and forth. We read
two times the page measures with ``performance.now()``: the redraw itself
(what the explorer's script records in ``data-redraw-ms``) and the time from
the input event to the next animation frame (the redraw plus waiting for the
browser's frame). The baseline, measured in the same run, is the live
explorer's rerun of the same two curves in the kernel (``loss_curves``).
"""

import json
import statistics
import time
from pathlib import Path

from d2l_local import torch as d2l
from d2l_local.curves import BOOK_DEFAULTS, loss_curves, make_problem
from tools.browser import block_network, chromium
from tools.lesson import lesson_functions
from tools.static_explorer import explorer_snippet, grid_payload, standalone_page

ROOT = Path(__file__).resolve().parent.parent

MOVES = 40  # per slider
GOAL_MS = 50.0

FRAME_PROBE = """root => {
  window.__frames = [];
  root.addEventListener("input", () => {
    const t0 = performance.now();
    requestAnimationFrame(() => window.__frames.push(performance.now() - t0));
  }, true);
}"""


def browser_times(path):
    redraws = []
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 900, "height": 1000})
        block_network(page)
        page.goto(path.as_uri())
        root = page.wait_for_selector("div.adam-static-explorer.ase-ready")
        root.evaluate(FRAME_PROBE)
        for axis in ("beta1", "beta2", "lr", "eps"):
            page.focus(f"input[data-axis={axis}]")
            for i in range(MOVES):
                page.keyboard.press("ArrowRight" if (i // 2) % 2 == 0 else "ArrowLeft")
                redraws.append(float(root.get_attribute("data-redraw-ms")))
        frames = page.evaluate("window.__frames")
    return redraws, frames


def live_rerun_ms(repeats=5):
    lesson = lesson_functions()
    trainers = {"Adam (ours)": lesson["adam"], "Yogi (ours)": lesson["yogi"]}
    problem = make_problem(d2l.get_data_ch11(batch_size=10)[0], seed=0)
    times = []
    for _ in range(repeats):
        tic = time.perf_counter()
        loss_curves(trainers, lesson["init_adam_states"], problem, BOOK_DEFAULTS, torch_adam=False)
        times.append((time.perf_counter() - tic) * 1000)
    return statistics.median(times)


def main():
    path = ROOT / "build" / "static_explorer.html"
    path.parent.mkdir(exist_ok=True)
    payload = grid_payload()
    path.write_text(standalone_page(explorer_snippet(payload)))
    redraws, frames = browser_times(path)
    live = live_rerun_ms()
    redraw, frame = statistics.median(redraws), statistics.median(frames)
    print(f"redraw: median {redraw:.2f} ms, max {max(redraws):.2f} ms over {len(redraws)} moves")
    print(f"input to next frame: median {frame:.1f} ms, max {max(frames):.1f} ms")
    print(f"live explorer rerun of the same two curves (kernel): median {live:.1f} ms")
    print(f"grid data embedded: {len(json.dumps(payload, separators=(',', ':'))) / 1000:.0f} kB")
    return [
        {
            "row": 5,
            "name": "static explorer: slider move to next frame (browser)",
            "value": frame,
            "unit": "ms",
            "goal": f"every move ≤ {GOAL_MS:.0f} ms",
            "met": max(frames) <= GOAL_MS,
            "note": f"median shown; max {max(frames):.1f} ms; "
            f"redraw {redraw:.2f} ms = {redraw / live:.3f}x the live rerun "
            f"({live:.0f} ms)",
        }
    ]


if __name__ == "__main__":
    main()
