"""Shared test setup: headless plotting; the book's library; the notebooks run once per
session, and the page built from the chapter's run; one browser per module for the
browser tests.

Running a notebook takes a while and mostly one core, so the runs a session needs
start as soon as its tests are collected, one after another in a background thread,
while the tests that need none go on beside them on the other core; a test that
needs a run waits for it.
"""

import os
import sys
import tempfile
import types
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


# The notebook each "executed_*" fixture runs, in the order the runs start.
RUNS = {
    "executed_chapter": "adam.py",
    "executed_in_depth": "adam_in_depth.py",
    "executed_solutions": "adam_solutions.py",
    "executed_chapter_zh": "adam_zh.py",
    "executed_in_depth_zh": "adam_in_depth_zh.py",
    "executed_solutions_zh": "adam_solutions_zh.py",
}
_runs = {}  # fixture name -> Future of the executed notebook
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notebook")
_scratch = tempfile.TemporaryDirectory(prefix="notebook-runs-")


def pytest_collection_modifyitems(items):
    """Tests that need no notebook run go first, beside the runs; then the others, in
    the order their runs finish (a stable sort keeps each file's order)."""

    def waits_for(item):
        names = getattr(item, "fixturenames", ())
        return max((i + 1 for i, name in enumerate(RUNS) if name in names), default=0)

    items.sort(key=waits_for)


def pytest_collection_finish(session):
    """Start the runs the collected tests need (a fixture's closure is in fixturenames)."""
    from tools.run_chapter import execute_chapter

    needed = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    for name, source in RUNS.items():
        if name in needed:
            build = Path(_scratch.name) / name
            _runs[name] = _pool.submit(execute_chapter, ROOT / "chapters" / source, build)


def pytest_sessionfinish(session):
    _pool.shutdown(cancel_futures=True)
    _scratch.cleanup()


def executed(name):
    """The notebook of ``name`` (see RUNS) run top to bottom in a fresh python3 kernel.

    Every test that reads its outputs (and the page build, and the figure check)
    shares this one run, made exactly as ``make html`` makes it
    (``tools/run_chapter.py``). A cell that raises fails the fixture with nbclient's
    CellExecutionError, which names the cell and shows the traceback.
    """
    return _runs[name].result()


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
def trainers_2d(lesson):
    """The chapter's 2-D trainers, by the names the path explorer gives them."""
    names = {
        "gradient descent": "gd_2d",
        "momentum": "momentum_2d",
        "RMSProp": "rmsprop_2d",
        "Adam": "adam_2d",
    }
    return {method: lesson[name] for method, name in names.items()}


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


def _run_fixture(name):
    """A session fixture ``name`` holding its notebook's run (see ``executed``)."""

    def fixture():
        return executed(name)

    fixture.__doc__ = f"chapters/{RUNS[name]}, run top to bottom (see ``executed``)."
    return pytest.fixture(scope="session", name=name)(fixture)


(
    executed_chapter,
    executed_in_depth,
    executed_solutions,
    executed_chapter_zh,
    executed_in_depth_zh,
    executed_solutions_zh,
) = (_run_fixture(name) for name in RUNS)


def _page(executed_notebook, chapter, tmp_path_factory):
    from tools.build_html import write_page

    page, executed = write_page(executed_notebook, tmp_path_factory.mktemp("html"), chapter)
    return SimpleNamespace(page=page, executed=executed, out=page.parent)


@pytest.fixture(scope="session")
def built_page(executed_chapter, tmp_path_factory):
    """The lesson's exported page of that run, written as ``make html`` writes it."""
    return _page(executed_chapter, ROOT / "chapters" / RUNS["executed_chapter"], tmp_path_factory)


@pytest.fixture(scope="session")
def built_in_depth_page(executed_in_depth, tmp_path_factory):
    """The companion's exported page (``adam_in_depth``), as ``make html`` writes it."""
    chapter = ROOT / "chapters" / RUNS["executed_in_depth"]
    return _page(executed_in_depth, chapter, tmp_path_factory)


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
