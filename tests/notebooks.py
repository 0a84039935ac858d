"""Helpers for tests that read a notebook: its printed outputs, its pairing, its hygiene.

The chapter and its worked solutions are both checked with these.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
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
    """The .ipynb beside ``script`` converts back to exactly ``script``."""
    notebook = script.with_suffix(".ipynb")
    converted = subprocess.run(
        [sys.executable, "-m", "jupytext", "--to", "py:percent", "-o", "-", str(notebook)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert converted == script.read_text(), (
        f"{notebook.name} differs from {script.name}; regenerate it with `make sync`"
    )


def assert_without_outputs(notebook):
    """A committed .ipynb carries no outputs and no execution counts."""
    for cell in json.loads(notebook.read_text())["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
