"""The exported page's explorer without a browser: the HTML fragment and where it goes."""

import json

import nbformat
import numpy as np
import pytest

from d2l_local.explorer import PRESETS
from d2l_local.grid import LossGrid, encode
from tools.static_explorer import (
    WIDGET_VIEW,
    explorer_snippet,
    replace_explorer_output,
    standalone_page,
)


@pytest.fixture(scope="module")
def payload():
    """A small made-up grid holding the values of the live explorer's presets."""
    axes = {"beta1": [0.9, 0.99], "beta2": [0.9, 0.999], "lr": [0.01, 0.1, 1.0], "eps": [1e-6, 1.0]}
    K = 2 * 2 * 3 * 2
    losses = np.linspace(0.5, 0.25, 4 * K, dtype=np.float32).reshape(K, 4)
    fake = LossGrid(
        axes,
        np.array([0.5, 1.0, 1.5, 2.0]),
        {"Adam (ours)": losses},
        {"Adam (ours)": np.full(K, -1, dtype=np.int32)},
        0.49,
        0,
    )
    return encode(fake)


def test_snippet_is_self_contained(payload):
    snippet = explorer_snippet(payload)
    assert "src=" not in snippet and "href=" not in snippet
    assert "http" not in snippet.replace("http://www.w3.org/2000/svg", "")  # a name, not a URL
    assert "Precomputed runs on a grid" in snippet
    assert "2 × 2 × 3 × 2 = 24 settings" in snippet
    data = snippet.split("class='ase-data'>")[1].split("</script>")[0]
    assert json.loads(data) == payload
    for label in PRESETS:  # the live explorer's buttons, by the same names
        assert f">{label}</button>" in snippet


def test_presets_off_the_grid_are_refused(payload):
    with pytest.raises(ValueError, match=r"preset 'odd': lr=0\.5 is not on the grid"):
        explorer_snippet(payload, presets={"odd": ({"lr": 0.5}, "no such point")})


def _explorer_notebook():
    notebook = nbformat.v4.new_notebook()
    widget = nbformat.v4.new_output(
        "display_data",
        data={
            WIDGET_VIEW: {"model_id": "abc", "version_major": 2, "version_minor": 0},
            "text/plain": "Explorer(...)",
        },
    )
    printed = nbformat.v4.new_output("stream", name="stdout", text="ready\n")
    notebook.cells = [
        nbformat.v4.new_code_cell("import torch"),
        nbformat.v4.new_code_cell(
            "d2l.explore(trainers, init_adam_states, data_iter)", outputs=[printed, widget]
        ),
    ]
    return notebook


def test_the_widget_output_is_replaced_in_place(payload):
    notebook, snippet = _explorer_notebook(), explorer_snippet(payload)
    assert replace_explorer_output(notebook, snippet) == 1
    outputs = notebook.cells[1].outputs
    assert outputs[0].output_type == "stream"  # other outputs stay
    assert outputs[1].data == {"text/html": snippet}
    nbformat.validate(notebook)


def test_a_notebook_without_the_explorer_is_an_error(payload):
    notebook = _explorer_notebook()
    notebook.cells[1].outputs = []
    with pytest.raises(LookupError, match="no explorer widget output"):
        replace_explorer_output(notebook, "<p>x</p>")


def test_standalone_page_wraps_the_snippet(payload):
    page = standalone_page("<div id='x'></div>")
    assert page.startswith("<!DOCTYPE html>") and "<div id='x'></div>" in page
    assert "color-scheme" in page
