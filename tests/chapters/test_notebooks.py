"""Every notebook of the book: its .py source and its .ipynb stay paired, and the
.ipynb is committed without outputs (the .py is the source of truth; `make sync`)."""

import pytest
from notebooks import assert_paired, assert_without_outputs

from tools.paths import ROOT

SOURCES = sorted((ROOT / "chapters").glob("*.py"))


def test_every_notebook_has_its_source_and_back():
    assert {p.stem for p in SOURCES} == {p.stem for p in (ROOT / "chapters").glob("*.ipynb")}
    assert {"adam", "adam_solutions"} <= {p.stem for p in SOURCES}


@pytest.mark.parametrize("script", SOURCES, ids=lambda p: p.stem)
def test_the_notebook_is_in_sync_with_its_source(script):
    assert_paired(script)


@pytest.mark.parametrize("script", SOURCES, ids=lambda p: p.stem)
def test_the_notebook_is_committed_without_outputs(script):
    assert_without_outputs(script.with_suffix(".ipynb"))
