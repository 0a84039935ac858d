"""Execute the chapter in a fresh kernel, reproducibly.

The page and the figures are built from the outputs of one run, so the run
itself must not leak anything that changes between two builds of the same
sources: random cell ids, execution timestamps, random widget model ids, and
matplotlib's random SVG ids and creation dates are all pinned or renumbered
here. What is left to differ is what the chapter measures: printed timings.
"""

import argparse
import json
import os
import re
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

from .paths import ROOT

CHAPTER = ROOT / "chapters" / "adam.py"
BUILD = ROOT / "build"

# Pinned for every kernel we start: SVG element ids come from this salt instead
# of a fresh uuid, and SVG dates from SOURCE_DATE_EPOCH instead of the clock.
MATPLOTLIBRC = "svg.hashsalt: adam-chapter\n"
SOURCE_DATE_EPOCH = "0"


def kernel_env(build_dir=BUILD):
    """The environment for the chapter's kernel: the caller's plus the pins above."""
    build_dir.mkdir(parents=True, exist_ok=True)
    rc = build_dir / "matplotlibrc"
    rc.write_text(MATPLOTLIBRC)
    env = dict(os.environ)
    env.update(MATPLOTLIBRC=str(rc), SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH, PYTHONHASHSEED="0")
    env.pop("MPLBACKEND", None)  # the chapter asks for inline figures itself
    return env


def execute_chapter(chapter=CHAPTER, build_dir=BUILD, timeout=120, attempts=2):
    """Run every cell of ``chapter`` in a new python3 kernel; return the notebook.

    On a busy 2-core machine about one run in ten stalls on a kernel message
    that never arrives (seen with ipykernel 6 and 7 alike): nbclient then waits
    out ``timeout``, and at start-up fails with a bare AssertionError. Such a
    run is started again, once, with a note on stderr (the test session shows it
    in its summary: a retry is never silent); a second stall raises. A cell that
    raises is never retried.
    """
    notebook = jupytext.read(chapter)
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return normalize(notebook)  # nothing to run (the teacher's guide): no kernel
    for attempt in range(1, attempts + 1):
        notebook = jupytext.read(chapter)
        client = NotebookClient(
            notebook,
            kernel_name="python3",
            timeout=timeout,
            record_timing=False,
            resources={"metadata": {"path": str(Path(chapter).parent)}},
        )
        try:
            client.execute(env=kernel_env(build_dir))
        except (CellTimeoutError, DeadKernelError, AssertionError) as error:
            if attempt == attempts:
                raise
            print(retry_note(chapter, attempt, attempts, error), file=sys.stderr, flush=True)
        else:
            return normalize(notebook)


RETRIED = "run_chapter: retried"  # how a retry note starts (the test session looks for it)


def retry_note(chapter, attempt, attempts, error):
    """One line naming the notebook, the error and the attempt that failed."""
    what = f"{type(error).__name__}: {error}".strip().splitlines()[0]
    return f"{RETRIED} {Path(chapter).name}: attempt {attempt} of {attempts} stalled ({what})"


def normalize(notebook):
    """Replace run-dependent ids with ones that depend only on the content's order,
    and join each cell's consecutive prints into one output: how a loop's prints
    are cut into messages depends on timing."""
    notebook, _ = CoalesceStreamsPreprocessor().preprocess(notebook, {})
    for i, cell in enumerate(notebook.cells):
        cell.id = f"cell-{i}"
        cell.metadata.pop("execution", None)
    notebook.metadata.pop("jupytext", None)
    text = nbformat.writes(notebook)
    for i, model_id in enumerate(widget_model_ids(notebook)):
        text = text.replace(model_id, f"{i + 1:032x}")
    notebook = nbformat.reads(text, as_version=4)
    # The kernel stores widget models in no fixed order; list them by their new ids.
    widgets = notebook.metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}
    )
    if "state" in widgets:
        widgets["state"] = dict(sorted(widgets["state"].items()))
    return notebook


def widget_model_ids(notebook):
    """Widget model ids (uuid hex) in an order fixed by the content alone: models
    as first reached from the cells' outputs, following each model's references.

    The order in which the kernel reports models is not fixed (the explorer's
    reruns are scheduled on the event loop), so it cannot be used."""
    state = (
        notebook.metadata.get("widgets", {})
        .get("application/vnd.jupyter.widget-state+json", {})
        .get("state", {})
    )
    order = {}

    def visit(model_id):
        if model_id in order:
            return
        order[model_id] = None
        model = json.dumps(state.get(model_id, {}).get("state", {}), sort_keys=True)
        for ref in re.findall(r"IPY_MODEL_([0-9a-f]{32})", model):
            visit(ref)

    for model_id in re.findall(r'"model_id": "([0-9a-f]{32})"', json.dumps(notebook.cells)):
        visit(model_id)
    # Models no output reaches: ordered by their content, references blanked out.
    unreached = sorted(
        (key for key in state if key not in order),
        key=lambda key: re.sub(
            r"IPY_MODEL_[0-9a-f]{32}", "", json.dumps(state[key], sort_keys=True)
        ),
    )
    for model_id in unreached:
        visit(model_id)
    return [key for key in order if re.fullmatch(r"[0-9a-f]{32}", key)]


def main(argv=None):
    """``python -m tools.run_chapter CHAPTER OUT.ipynb``: the test session runs each
    notebook this way, in a process of its own that it can stop at any moment."""
    parser = argparse.ArgumentParser(
        description="Run a chapter in a fresh kernel and write the executed notebook."
    )
    parser.add_argument("chapter", type=Path, help="a jupytext source, e.g. chapters/adam.py")
    parser.add_argument("out", type=Path, help="where to write the executed notebook")
    args = parser.parse_args(argv)
    try:
        notebook = execute_chapter(args.chapter, build_dir=args.out.parent)
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        sys.exit(f"run_chapter: {args.chapter.name}: {type(error).__name__}: {error}")
    nbformat.write(notebook, args.out)


if __name__ == "__main__":
    sys.exit(main())
