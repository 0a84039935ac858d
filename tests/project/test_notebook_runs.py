"""How the session runs its notebooks (tests/notebook_runs.py) and how a run retries
(tools/run_chapter.py), without a kernel: a stand-in runner plays the part of
``python -m tools.run_chapter``, and a stand-in client the part of nbclient's."""

import os
import sys
import time

import nbformat
import psutil
import pytest
from conftest import ROOT
from nbclient.exceptions import CellExecutionError, CellTimeoutError
from notebook_runs import NotebookRuns

import tools.run_chapter as run_chapter
from tools.run_chapter import RETRIED

# Called as the real runner is, `RUNNER CHAPTER OUT.ipynb`; what it does depends on the
# chapter's name. It logs when it starts and ends, and "hang" starts a process in a
# session of its own, as jupyter_client starts a kernel, and waits for ever.
RUNNER = """
import json, os, pathlib, subprocess, sys, time
chapter, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
log = chapter.parent / "order.log"
log.open("a").write(f"start {chapter.name}\\n")
if chapter.name == "stalled-once":
    print("RETRIED stalled-once: attempt 1 of 2 stalled (CellTimeoutError: ...)", file=sys.stderr)
if chapter.name == "raises":
    sys.exit("CellExecutionError: ZeroDivisionError in cell 3")
if chapter.name == "hang":
    kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"],
                              start_new_session=True)
    (chapter.parent / "pids").write_text(f"{os.getpid()} {kernel.pid}")
    time.sleep(600)
notebook = {"cells": [], "metadata": {"ran": chapter.name, "data": os.environ.get("D2L_DATA_DIR")},
            "nbformat": 4, "nbformat_minor": 5}
out.write_text(json.dumps(notebook))
log.open("a").write(f"end {chapter.name}\\n")
""".replace("RETRIED", RETRIED)


@pytest.fixture
def runs(tmp_path):
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER)
    runs = NotebookRuns(ROOT, tmp_path / "runs", command=[sys.executable, str(runner)])
    yield runs
    runs.stop()


def gone(pid):
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def test_runs_go_one_at_a_time_in_order_and_give_their_notebooks(runs, tmp_path):
    for name in ("first", "second", "stalled-once"):
        runs.start(name, tmp_path / name)
    assert runs.result("stalled-once").metadata["ran"] == "stalled-once"
    assert runs.result("first").metadata["ran"] == "first"
    order = (tmp_path / "order.log").read_text().split("\n")
    assert order[:6] == [
        f"{e} {n}" for n in ("first", "second", "stalled-once") for e in ("start", "end")
    ]
    assert runs.retries == [
        f"{RETRIED} stalled-once: attempt 1 of 2 stalled (CellTimeoutError: ...)"
    ]


def test_a_run_sees_the_environment_the_session_began_with(runs, tmp_path, monkeypatch):
    # The worker starts a queued run whenever the one before ends, perhaps during a test
    # that points D2L_DATA_DIR at an empty folder; the run must not inherit that.
    began = os.environ.get("D2L_DATA_DIR")
    monkeypatch.setenv("D2L_DATA_DIR", str(tmp_path / "empty"))
    runs.start("first", tmp_path / "first")
    assert runs.result("first").metadata["data"] == began


def test_a_failed_run_fails_its_tests_with_the_runs_output(runs, tmp_path):
    runs.start("raises", tmp_path / "raises")
    with pytest.raises(pytest.fail.Exception, match="ZeroDivisionError in cell 3"):
        runs.result("raises")


def test_stopping_kills_the_run_and_the_kernel_it_started_and_starts_no_other(runs, tmp_path):
    runs.start("hang", tmp_path / "hang")
    runs.start("next", tmp_path / "next")
    pids = tmp_path / "pids"
    deadline = time.monotonic() + 30
    while len(pids.read_text().split() if pids.exists() else []) < 2:
        assert time.monotonic() < deadline, "the stand-in runner never started its kernel"
        time.sleep(0.05)
    runner, kernel = map(int, pids.read_text().split())
    runs.stop()
    assert gone(runner) and gone(kernel)
    with pytest.raises(pytest.fail.Exception, match="was stopped"):
        runs.result("next")
    assert "start next" not in (tmp_path / "order.log").read_text()


# --- the retry in tools/run_chapter.py -------------------------------------------------


class Client:
    """Stands in for nbclient's NotebookClient: each execute() takes the next outcome."""

    outcomes = []

    def __init__(self, notebook, **options):
        self.notebook = notebook

    def execute(self, env):
        outcome = Client.outcomes.pop(0)
        if outcome is not None:
            raise outcome


@pytest.fixture
def chapter(tmp_path, monkeypatch):
    monkeypatch.setattr(run_chapter, "NotebookClient", Client)
    source = tmp_path / "tiny.py"
    source.write_text("# %%\nprint(1)\n")
    return source


def test_one_stall_is_retried_and_said(chapter, tmp_path, capsys):
    Client.outcomes = [CellTimeoutError("no reply to execute_request"), None]
    notebook = run_chapter.execute_chapter(chapter, tmp_path / "build")
    assert notebook.cells[0].source == "print(1)"
    note = capsys.readouterr().err.strip()
    why = "CellTimeoutError: no reply to execute_request"
    assert note == f"{RETRIED} tiny.py: attempt 1 of 2 stalled ({why})"


def test_a_bare_assertion_at_start_up_is_a_stall_too(chapter, tmp_path, capsys):
    Client.outcomes = [AssertionError(), None]
    run_chapter.execute_chapter(chapter, tmp_path / "build")
    assert "attempt 1 of 2 stalled (AssertionError" in capsys.readouterr().err


def test_a_second_stall_fails(chapter, tmp_path, capsys):
    Client.outcomes = [CellTimeoutError("first"), CellTimeoutError("second")]
    with pytest.raises(CellTimeoutError, match="second"):
        run_chapter.execute_chapter(chapter, tmp_path / "build")
    assert capsys.readouterr().err.count(RETRIED) == 1


def test_a_cell_that_raises_is_never_retried(chapter, tmp_path, capsys):
    error = CellExecutionError("ZeroDivisionError", "ZeroDivisionError", "division by zero")
    Client.outcomes = [error, None]
    with pytest.raises(CellExecutionError):
        run_chapter.execute_chapter(chapter, tmp_path / "build")
    assert Client.outcomes == [None] and RETRIED not in capsys.readouterr().err


def test_the_runner_writes_the_executed_notebook(chapter, tmp_path):
    Client.outcomes = [None]
    out = tmp_path / "out" / "executed.ipynb"
    out.parent.mkdir()
    run_chapter.main([str(chapter), str(out)])
    assert nbformat.read(out, as_version=4).cells[0].source == "print(1)"
    assert (out.parent / "matplotlibrc").exists()  # the kernel's pins sit beside it
