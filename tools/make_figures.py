"""`make figures`: the key figures of the lesson, its companion and Adam in practice as
SVG files in ``figures/``.

A figure is the SVG that a cell tagged ``figure:<name>`` displays (its last one,
for a cell that redraws a live plot), in whichever notebook draws it (the lesson,
``chapters/adam.py``, its companion, ``chapters/adam_in_depth.py``, or
``chapters/adam_in_practice.py``), so the files come from exactly the code readers
run. They are committed, for the README and for anyone who wants the pictures without
running anything;
``tests/page/test_html_export.py`` fails when a committed file no longer matches what
the notebooks draw.

The SVG files carry no run-dependent bits: the chapter runs with a fixed
matplotlib ``svg.hashsalt`` and date (``run_chapter.py``), and the metadata
block (date, matplotlib version) is dropped here.

Usage: python -m tools.make_figures [--notebook EXECUTED.ipynb ...] [--out figures/]
"""

import argparse
import re
import sys
from pathlib import Path

import nbformat
from nbclient.exceptions import CellExecutionError

from .lesson import CHAPTER, IN_DEPTH, IN_PRACTICE
from .run_chapter import BUILD, ROOT, execute_chapter

FIGURES = ROOT / "figures"
SOURCES = (CHAPTER, IN_DEPTH, IN_PRACTICE)  # the notebooks that draw the committed figures
TAG = "figure:"
METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.S)


class FigureError(ValueError):
    """A tagged cell drew no SVG, or two cells claim the same figure name."""


def tagged_figures(notebook):
    """``{name: svg_text}`` for every code cell tagged ``figure:<name>``."""
    figures = {}
    for cell in notebook.cells:
        for tag in cell.metadata.get("tags", []):
            if not tag.startswith(TAG):
                continue
            name = tag[len(TAG) :]
            if not re.fullmatch(r"[a-z0-9_]+", name):
                raise FigureError(f"figure name {name!r}: use lowercase letters, digits and _")
            if name in figures:
                raise FigureError(f"two cells are tagged {tag!r}")
            svgs = [
                out.data["image/svg+xml"]
                for out in cell.get("outputs", [])
                if "image/svg+xml" in out.get("data", {})
            ]
            if not svgs:
                raise FigureError(f"the cell tagged {tag!r} displayed no SVG figure")
            figures[name] = clean_svg(svgs[-1])
    return figures


def figures_of(notebooks):
    """``{name: svg_text}`` of every tagged figure of ``notebooks`` (executed); a name
    that two notebooks claim is a ``FigureError``."""
    figures = {}
    for notebook in notebooks:
        drawn = tagged_figures(notebook)
        twice = sorted(set(figures) & set(drawn))
        if twice:
            raise FigureError(f"two notebooks draw figure:{', figure:'.join(twice)}")
        figures.update(drawn)
    return figures


def clean_svg(svg):
    """The SVG without its metadata block (creation date, matplotlib version)."""
    return METADATA.sub("", svg, count=1).rstrip() + "\n"


def write_figures(figures, out=FIGURES):
    out.mkdir(parents=True, exist_ok=True)
    for name, svg in sorted(figures.items()):
        (out / f"{name}.svg").write_text(svg)
        print(f"wrote {out / name}.svg")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--notebook",
        type=Path,
        action="append",
        help="an executed notebook (e.g. build/adam.executed.ipynb from make html), once "
        "for each notebook that draws figures; by default the notebooks that draw them "
        "are run afresh",
    )
    parser.add_argument("--out", type=Path, default=FIGURES)
    args = parser.parse_args(argv)
    try:
        if args.notebook:
            notebooks = [nbformat.read(path, as_version=4) for path in args.notebook]
        else:
            notebooks = [execute_chapter(source, build_dir=BUILD) for source in SOURCES]
        figures = figures_of(notebooks)
    except (FigureError, CellExecutionError) as error:
        sys.exit(f"make_figures: {error}")
    write_figures(figures, args.out)


if __name__ == "__main__":
    sys.exit(main())
