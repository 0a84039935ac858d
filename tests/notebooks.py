"""Helpers for tests that read a notebook: its printed outputs, its pairing, its hygiene.

The chapter and its worked solutions are both checked with these.
"""

import contextlib
import io
import json
import re

from jupytext.cli import jupytext as jupytext_cli

NUMBER = r"([-+]?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)"


def stdout(cell):
    return "".join(
        o.text for o in cell.get("outputs", []) if o.output_type == "stream" and o.name == "stdout"
    )


def cell_printing(notebook, text):
    """The one code cell whose printed output contains ``text``."""
    cells = [c for c in notebook.cells if c.cell_type == "code" and text in stdout(c)]
    assert len(cells) == 1, f"expected one cell printing {text!r}, found {len(cells)}"
    return cells[0]


def numbers_after(label, text):
    return [float(x) for x in re.findall(re.escape(label) + r"\s*" + NUMBER, text)]


def assert_clean_outputs(notebook):
    """No error output, nothing on stderr, no warning anywhere in the outputs."""
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            where = f"cell {index} ({cell.source[:40]!r})"
            assert output.output_type != "error", f"{where}: {output.get('evalue')}"
            if output.output_type == "stream":
                assert output.name == "stdout", f"{where} wrote to stderr: {output.text}"
                assert "warning" not in output.text.lower(), f"{where}: {output.text}"
            text = output.get("data", {}).get("text/plain", "")
            assert "warning" not in text.lower(), f"{where}: {text}"


def assert_paired(script):
    """The .ipynb beside ``script`` converts back to exactly ``script``: jupytext's own
    command line, ``jupytext --to py:percent -o - NOTEBOOK``, called in this process
    (a second Python would spend a second importing jupytext for each notebook)."""
    notebook = script.with_suffix(".ipynb")
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # it writes to stdout's buffer
    with contextlib.redirect_stdout(out):
        jupytext_cli(["--quiet", "--to", "py:percent", "-o", "-", str(notebook)])
    out.flush()
    converted = out.buffer.getvalue().decode("utf-8")
    assert converted == script.read_text(), (
        f"{notebook.name} differs from {script.name}; regenerate it with `make sync`"
    )


def assert_without_outputs(notebook):
    """A committed .ipynb carries no outputs and no execution counts."""
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
