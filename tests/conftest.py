"""Shared test setup: headless plotting, and the chapter and its solutions executed
once per session."""

import os
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

TOOLS = Path(__file__).resolve().parent.parent / "tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))


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
def executed_chapter(tmp_path_factory):
    """The chapter run top to bottom in a fresh python3 kernel, outputs included.

    Executing takes a while, so every test that needs real outputs shares this
    one run, made exactly as the page build makes it (``tools/run_chapter.py``).
    A cell that raises fails the fixture with nbclient's CellExecutionError,
    which names the cell and shows the traceback.
    """
    from run_chapter import execute_chapter

    return execute_chapter(build_dir=tmp_path_factory.mktemp("chapter"))


@pytest.fixture(scope="session")
def executed_solutions(tmp_path_factory):
    """The worked solutions run top to bottom in a fresh kernel, like the chapter."""
    from lesson import SOLUTIONS
    from run_chapter import execute_chapter

    return execute_chapter(SOLUTIONS, build_dir=tmp_path_factory.mktemp("solutions"))
