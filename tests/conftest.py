"""Shared test setup: headless plotting; the book's library; the notebooks run once per
session, and the page built from the chapter's run; one browser per module for the
browser tests; the tiers.

Running a notebook takes a while and mostly one core, so the runs a session needs
start as soon as its tests are collected, one after another in processes of their own
(tests/notebook_runs.py), while the tests that need none go on beside them on the other
core; a test that needs a run waits for it. ``--collect-only`` starts none, and a
session that ends, however it ends, kills the run in progress with its kernel.

Tiers: a test is marked by what it needs, read from the fixtures it uses (their
closure), so that a new test is marked without a word: ``browser`` (Chromium),
``lab`` (a JupyterLab server), ``notebook`` (a notebook run or a kernel of its own).
``make test-fast`` runs the tests that have none of these marks.
"""

import contextlib
import os
import shutil
import sys
import tempfile
import types
from types import SimpleNamespace

os.environ.setdefault("MPLBACKEND", "Agg")

import nbformat  # noqa: E402
import pytest  # noqa: E402
from notebook_runs import NotebookRuns  # noqa: E402

from tools.paths import ROOT  # noqa: E402


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


# The notebook each "executed_*" fixture runs, in the order the runs start.
RUNS = {
    "executed_chapter": "adam.py",
    "executed_in_depth": "adam_in_depth.py",
    "executed_solutions": "adam_solutions.py",
    "executed_in_practice": "adam_in_practice.py",
    "executed_chapter_zh": "adam_zh.py",
    "executed_in_depth_zh": "adam_in_depth_zh.py",
    "executed_solutions_zh": "adam_solutions_zh.py",
    "executed_in_practice_zh": "adam_in_practice_zh.py",
}
# Each tier (a pytest marker, registered in pyproject.toml) and the fixtures that put a
# test in it.
TIERS = {
    "browser": {"browser"},
    "lab": {"lab"},
    "notebook": {*RUNS, "kernel", "student_lesson_run"},  # the last: test_student_edition.py
}
_scratch = tempfile.TemporaryDirectory(prefix="notebook-runs-")
_runs = NotebookRuns(ROOT, _scratch.name)


@pytest.hookimpl(tryfirst=True)  # before -m reads the marks
def pytest_collection_modifyitems(items):
    """Mark each test with its tiers. Then the tests that need no notebook run go first,
    beside the runs; then the others, in the order their runs finish (a stable sort
    keeps each file's order)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        for tier, fixtures in TIERS.items():
            if names & fixtures:
                item.add_marker(tier)

    def waits_for(item):
        names = getattr(item, "fixturenames", ())
        return max((i + 1 for i, name in enumerate(RUNS) if name in names), default=0)

    items.sort(key=waits_for)


def pytest_collection_finish(session):
    """Start the runs the collected tests need (a fixture's closure is in fixturenames),
    unless the session only collects."""
    if session.config.option.collectonly:
        return
    needed = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    for name, source in RUNS.items():
        if name in needed:
            _runs.start(name, ROOT / "chapters" / source)


@pytest.hookimpl(tryfirst=True)  # before the terminal's report of where it stopped (~1 s)
def pytest_keyboard_interrupt(excinfo):
    _runs.stop()  # at once, not when the session finishes


@pytest.hookimpl(tryfirst=True)  # before the fixtures' teardown (JupyterLab's takes seconds)
def pytest_sessionfinish(session):
    _runs.stop()


def pytest_unconfigure(config):
    _scratch.cleanup()  # the runs' folders (their retry notes are kept in memory)


def pytest_terminal_summary(terminalreporter):
    """A retried notebook run is said, never hidden (tools/run_chapter.py)."""
    if _runs.retries:
        terminalreporter.section("notebook runs retried", yellow=True, bold=True)
        for note in _runs.retries:
            terminalreporter.line(note)


def executed(name):
    """The notebook of ``name`` (see RUNS) run top to bottom in a fresh python3 kernel.

    Every test that reads its outputs (and the page build, and the figure check)
    shares this one run, made exactly as ``make html`` makes it
    (``python -m tools.run_chapter``). A cell that raises fails the fixture with the
    run's output: nbclient's CellExecutionError, which names the cell and shows the
    traceback. A run no collected test named (a fixture asked for with
    ``request.getfixturevalue``) starts now, behind those already queued.
    """
    _runs.start(name, ROOT / "chapters" / RUNS[name])
    return _runs.result(name)


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
def node():
    """The path of node, which runs the page's copies of lesson code (d2l_local/web/compute)."""
    path = shutil.which("node")
    if path:
        return path
    reason = "node is not installed: the page's JavaScript computations are checked in Node"
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so it must run", pytrace=False)
    pytest.skip(reason)


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
    executed_in_practice,
    executed_chapter_zh,
    executed_in_depth_zh,
    executed_solutions_zh,
    executed_in_practice_zh,
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


@pytest.fixture(scope="session")
def built_in_practice_page(executed_in_practice, tmp_path_factory):
    """The exported page of Adam in practice (``adam_in_practice``), as ``make html``
    writes it."""
    chapter = ROOT / "chapters" / RUNS["executed_in_practice"]
    return _page(executed_in_practice, chapter, tmp_path_factory)


@pytest.fixture(scope="session")
def built_pages(
    built_page,
    built_in_depth_page,
    built_in_practice_page,
    executed_solutions,
    executed_chapter_zh,
    executed_in_depth_zh,
    executed_solutions_zh,
    executed_in_practice_zh,
    tmp_path_factory,
):
    """Every page ``make html`` exports (one per chapter, both languages), by chapter
    name: the pages above, and the others written here. A chapter with code cells
    needs its run in RUNS (and here); one without is exported as it stands."""
    import jupytext

    from tools.build_html import chapters
    from tools.run_chapter import normalize

    pages = {"adam": built_page, "adam_in_depth": built_in_depth_page}
    pages["adam_in_practice"] = built_in_practice_page
    runs = {RUNS[name].removesuffix(".py"): name for name in RUNS}
    for chapter in chapters():
        if chapter.stem in pages:
            continue
        if chapter.stem in runs:
            notebook = executed(runs[chapter.stem])
        else:
            notebook = jupytext.read(chapter)
            code = any(cell.cell_type == "code" for cell in notebook.cells)
            assert not code, f"{chapter.name} has code: give it a run in RUNS and here"
            notebook = normalize(notebook)  # as make html exports it, without a kernel
        pages[chapter.stem] = _page(notebook, chapter, tmp_path_factory)
    return pages


@pytest.fixture(scope="module")
def browser():
    """The system's Chromium (found by tools/browser.py), headless, for one module's
    browser tests (not longer: while Playwright's sync API is open, an asyncio loop
    runs in this thread)."""
    from tools.browser import chromium

    need_chromium()
    with chromium() as browser:
        yield browser


def need_chromium():
    """Skip the test with one line saying why when this machine has no browser, except
    in CI (``CI=true``), where a missing browser fails it: a skipped browser test there
    would hide a broken page."""
    from tools.browser import NoChromium, chromium_path

    try:
        chromium_path()
    except NoChromium as error:
        if in_ci():
            pytest.fail(f"{error}; CI=true, so browser tests must run", pytrace=False)
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """Start JupyterLab servers on the checkout (tools/lab.py) for one module's tests:
    ``lab()`` starts one and gives its base URL and token. A notebook gets a server of its
    own (a second notebook opened in the same server's workspace reopens the first). All
    are stopped, with their kernels, when the module is done."""
    from tools.lab import jupyter_lab

    with contextlib.ExitStack() as servers:
        yield lambda: servers.enter_context(jupyter_lab(ROOT, tmp_path_factory.mktemp("lab")))


@pytest.fixture
def kernel():
    """A fresh python3 kernel started in the checkout (so ``tools`` imports), driven
    with testbook: ``inject`` code, read ``value``s back, send comm messages on ``kc``."""
    from testbook import testbook

    with testbook(
        nbformat.v4.new_notebook(),
        execute=True,
        timeout=120,
        resources={"metadata": {"path": str(ROOT)}},
    ) as client:
        yield client
