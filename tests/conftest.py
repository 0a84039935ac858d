"""Shared test setup: headless plotting, and the chapter executed once per session."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import jupytext  # noqa: E402
import pytest  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "adam.py"


@pytest.fixture(scope="session")
def data_iter():
    """The book's airfoil minibatches (batch 10), as the chapter loads them."""
    from d2l_local import torch as d2l

    return d2l.get_data_ch11(batch_size=10)[0]


@pytest.fixture(scope="session")
def lesson():
    """The chapter's own adam, yogi and init_adam_states (see lesson.py)."""
    from lesson import lesson_functions

    return lesson_functions()


@pytest.fixture(scope="session")
def executed_chapter():
    """The chapter run top to bottom in a fresh python3 kernel, outputs included.

    Executing takes a while, so every test that needs real outputs shares this
    one run. A cell that raises fails the fixture with nbclient's
    CellExecutionError, which names the cell and shows the traceback.
    """
    notebook = jupytext.read(CHAPTER)
    client = NotebookClient(notebook, kernel_name="python3", timeout=300,
                            resources={"metadata": {"path": str(CHAPTER.parent)}})
    client.execute()
    return notebook
