"""Shared test setup: headless plotting; the book's library; the chapter and its
worked solutions, in English and in Chinese, run once per session, and the page built
from the chapter's run;
one browser per module for the browser tests."""

import os
import sys
import types
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


@pytest.fixture(scope="session")
def data_iter():
    """The book's airfoil minibatches (batch 10), as the chapter loads them."""
    from d2l_local import torch as d2l

    return d2l.get_data_ch11(batch_size=10)[0]


@pytest.fixture(scope="session")
def lesson():
    """The chapter's own adam, yogi, init_adam_states and run_reddi (tools/lesson.py)."""
    from tools.lesson import lesson_functions

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

    Executing takes a while, so every test that reads outputs, the page build
    and the figure check share this one run, made exactly as ``make html`` makes
    it (``tools/run_chapter.py``). A cell that raises fails the fixture with
    nbclient's CellExecutionError, which names the cell and shows the traceback.
    """
    from tools.run_chapter import execute_chapter

    return execute_chapter(build_dir=tmp_path_factory.mktemp("chapter"))


@pytest.fixture(scope="session")
def built_page(executed_chapter, tmp_path_factory):
    """The exported page of that run, written as ``make html`` writes it."""
    from tools.build_html import write_page

    page, executed = write_page(executed_chapter, tmp_path_factory.mktemp("html"))
    return SimpleNamespace(page=page, executed=executed, out=page.parent)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for one module's browser tests (not longer: while
    Playwright's sync API is open, an asyncio loop runs in this thread). Without
    Chromium they skip with one line saying why, except in CI (``CI=true``), where a
    missing browser fails them: a skipped browser test there would hide a broken page."""
    from tools.browser import NoChromium, chromium, chromium_path

    try:
        chromium_path()
    except NoChromium as error:
        if in_ci():
            pytest.fail(f"{error}; CI=true, so browser tests must run", pytrace=False)
        pytest.skip(str(error))
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="session")
def executed_solutions(tmp_path_factory):
    """The worked solutions run top to bottom in a fresh kernel, like the chapter."""
    from tools.lesson import SOLUTIONS
    from tools.run_chapter import execute_chapter

    return execute_chapter(SOLUTIONS, build_dir=tmp_path_factory.mktemp("solutions"))


@pytest.fixture(scope="session")
def executed_chapter_zh(tmp_path_factory):
    """The Chinese chapter (中文版) run top to bottom in a fresh kernel, like the English."""
    from tools.run_chapter import CHAPTER, execute_chapter
    from tools.sync_zh import EDITIONS

    return execute_chapter(EDITIONS[CHAPTER], build_dir=tmp_path_factory.mktemp("chapter_zh"))


@pytest.fixture(scope="session")
def executed_solutions_zh(tmp_path_factory):
    """The Chinese worked solutions run top to bottom in a fresh kernel."""
    from tools.lesson import SOLUTIONS
    from tools.run_chapter import execute_chapter
    from tools.sync_zh import EDITIONS

    return execute_chapter(EDITIONS[SOLUTIONS], build_dir=tmp_path_factory.mktemp("solutions_zh"))
