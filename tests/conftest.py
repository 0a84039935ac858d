"""Shared test setup: headless plotting, the book's library, and the chapter executed
once per session."""

import os
import sys
import types
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
def book_d2l():
    """The real book library, ``d2l.torch`` of d2l 1.0.3, for parity tests.

    The wheel is installed with --no-deps into the test environment only. Its
    torch module imports torchvision at the top, but the helpers we compare
    never use it, so an empty stand-in module takes its place while it loads.
    """
    stand_in = types.ModuleType("torchvision")
    stand_in.transforms = types.ModuleType("torchvision.transforms")
    saved = {name: sys.modules.get(name) for name in ("torchvision", "torchvision.transforms")}
    sys.modules.update({"torchvision": stand_in, "torchvision.transforms": stand_in.transforms})
    try:
        return pytest.importorskip("d2l.torch", reason="pip install --no-deps d2l==1.0.3")
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module


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
