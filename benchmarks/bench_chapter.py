"""Row 2: the lesson, top to bottom, in a fresh kernel (nbclient); its companion beside it.

The reader's first experience is "Run All": this is its wall time, from kernel
start to the last cell, as CI would execute it. To make the number readable on a
loaded machine we also time a one-cell notebook the same way in the same run:
the kernel start-up cost every notebook pays. The goal is absolute: the lesson is
given in one sitting, so Run All must take at most 10 s on 2 cores; the ratio says
how much of it is the lesson's own work. The companion (adam_in_depth) is timed
too, for the note; it has no goal.
"""

import statistics
import time

import jupytext
import nbformat
from nbclient import NotebookClient

from tools.paths import ROOT

CHAPTER = ROOT / "chapters" / "adam.py"
IN_DEPTH = ROOT / "chapters" / "adam_in_depth.py"
GOAL_SECONDS = 10.0
BASELINE_RUNS = 3


def seconds_to_execute(notebook):
    """Wall time of a fresh python3 kernel running every cell, as the chapter runs."""
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=600,
        resources={"metadata": {"path": str(CHAPTER.parent)}},
    )
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def trivial_notebook():
    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell("1 + 1"))
    return notebook


def main():
    startup = statistics.median(
        seconds_to_execute(trivial_notebook()) for _ in range(BASELINE_RUNS)
    )
    chapter = seconds_to_execute(jupytext.read(CHAPTER))
    in_depth = seconds_to_execute(jupytext.read(IN_DEPTH))
    n_cells = sum(cell.cell_type == "code" for cell in jupytext.read(CHAPTER).cells)
    print(f"one-cell notebook (kernel start-up), median of {BASELINE_RUNS}: {startup:.2f} s")
    print(
        f"chapters/adam.py, {n_cells} code cells, fresh kernel: {chapter:.2f} s "
        f"= {chapter / startup:.1f}x start-up"
    )
    print(f"chapters/adam_in_depth.py, fresh kernel: {in_depth:.2f} s")
    return [
        {
            "row": 2,
            "name": "the lesson in a fresh kernel (nbclient), seconds",
            "value": round(chapter, 1),
            "unit": "s",
            "goal": f"<= {GOAL_SECONDS:g} s",
            "met": chapter <= GOAL_SECONDS,
            "note": f"{chapter / startup:.1f}x a one-cell notebook ({startup:.1f} s); "
            f"the companion {in_depth:.1f} s",
        }
    ]


if __name__ == "__main__":
    main()
