"""`make saved`: the functions the lesson saves for later notebooks, as the book does.

The book marks a function that later sections reuse with ``#@save`` on its ``def``
line, and its library then offers it as ``d2l.<name>``. We do the same: every
top-level function of ``chapters/adam.py`` whose ``def`` line ends in ``#@save`` is
copied, as written, into ``d2l_local/saved.py``, so a companion notebook or the
worked solutions call ``d2l.adam`` instead of a second copy of the lesson's code.
The file is generated and committed; ``tests/chapters/test_saved.py`` fails when it is stale.

Usage: python -m tools.save_functions [--check]
"""

import argparse
import ast
import sys

import jupytext

from .paths import ROOT

LESSON = ROOT / "chapters" / "adam.py"
SAVED = ROOT / "d2l_local" / "saved.py"
MARK = "#@save"
HEADER = '''"""What the lesson saves for later notebooks (``#@save``): ``d2l.adam`` and the like.

Generated from {source} by `make saved`; edit the lesson, not this file.
"""
# ruff: noqa: E501  (the lesson's own lines, as written)

{imports}
'''


def saved_functions(lesson=LESSON):
    """``[(name, source)]`` of the lesson's ``#@save`` functions, in the lesson's order."""
    found = []
    for cell in jupytext.read(lesson).cells:
        if cell.cell_type != "code" or MARK not in cell.source:
            continue
        lines = cell.source.split("\n")
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.FunctionDef) and lines[node.lineno - 1].rstrip().endswith(MARK):
                found.append((node.name, "\n".join(lines[node.lineno - 1 : node.end_lineno])))
    return found


def saved_module(lesson=LESSON):
    """The text of ``d2l_local/saved.py``."""
    functions = "\n\n\n".join(source for _, source in saved_functions(lesson))
    # The lesson's first cell imports these; a saved function may use either.
    imports = "\n\n".join(f"import {m}" for m in ("math", "torch") if f"{m}." in functions)
    header = HEADER.format(source=lesson.relative_to(ROOT), imports=imports)
    return header + "\n\n" + functions + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    text = saved_module()
    if args.check:
        if SAVED.read_text() != text:
            sys.exit(f"{SAVED.relative_to(ROOT)} is stale: run `make saved`")
        return
    SAVED.write_text(text)
    print(f"wrote {SAVED.relative_to(ROOT)}: {', '.join(n for n, _ in saved_functions())}")


if __name__ == "__main__":
    sys.exit(main())
