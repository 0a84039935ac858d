"""The test session's notebook runs: one ``python -m tools.run_chapter`` process each,
one after another, in a process group the session can stop at any moment.

A run in a thread of the test process could not be stopped: a session ending early
(``-x``, Ctrl-C, an internal error) would wait for it. A process can be killed, and
its kernel with it (jupyter_client starts the kernel in a session of its own, so it is
found among the process's children rather than in its group).
"""

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from tools.run_chapter import RETRIED


class NotebookRuns:
    """Runs queued with ``start``, made one at a time by a background thread (a run
    mostly uses one core; the session's other tests use the other); ``result``
    waits for one; ``stop`` kills the run in progress and drops the rest."""

    def __init__(self, root, workdir, command=(sys.executable, "-m", "tools.run_chapter")):
        self.root, self.workdir, self.command = Path(root), Path(workdir), list(command)
        # The environment as the session began: a run starts when a test first needs it,
        # and that test's monkeypatched variables (D2L_DATA_DIR, say) must not reach it.
        self.env = dict(os.environ)
        self.retries = []  # retry notes of the runs so far (see tools/run_chapter.py)
        self._queue = queue.SimpleQueue()
        self._done = {}  # name -> threading.Event, set when the run has ended or never will
        self._failure = {}  # name -> why it gave no notebook
        self._process = None
        self._stopped = False
        self._lock = threading.Lock()
        self._worker = None

    def start(self, name, source):
        """Queue the run ``name`` of the notebook ``source`` (once)."""
        if name in self._done:
            return
        self._done[name] = threading.Event()
        self._queue.put((name, Path(source)))
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="notebook-runs", daemon=True)
            self._worker.start()

    def result(self, name):
        """The executed notebook of run ``name``; fails with the run's output if it failed."""
        self._done[name].wait()
        if name in self._failure:
            pytest.fail(f"the notebook run {name} {self._failure[name]}", pytrace=False)
        return nbformat.read(self.workdir / name / "executed.ipynb", as_version=4)

    def stop(self):
        """Kill the run in progress, its kernel included, and start no other."""
        with self._lock:
            self._stopped = True
            process = self._process
        if process is not None and process.poll() is None:
            kill(process)
        for name, done in self._done.items():
            if not done.is_set():
                self._failure.setdefault(name, "was stopped: the session ended")
                done.set()

    def _work(self):
        while True:
            name, source = self._queue.get()
            try:
                self._run(name, source)
            except Exception as error:  # no run may leave its fixture waiting
                self._failure[name] = f"could not run: {error!r}"
            finally:
                self._done[name].set()

    def _run(self, name, source):
        folder = self.workdir / name
        with self._lock:
            if self._stopped:  # (and the session may have removed workdir already)
                self._failure[name] = "was stopped: the session ended"
                return
            folder.mkdir(parents=True, exist_ok=True)
            with (folder / "run.log").open("w") as log:
                self._process = subprocess.Popen(
                    [*self.command, str(source), str(folder / "executed.ipynb")],
                    cwd=self.root,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    env=self.env,
                )
        returncode = self._process.wait()
        output = (folder / "run.log").read_text()
        self.retries += [line for line in output.splitlines() if line.startswith(RETRIED)]
        if returncode != 0:
            self._failure[name] = f"failed (exit status {returncode}):\n{output}"


def kill(process):
    """SIGKILL ``process``, its process group and everything it started (the kernel)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGSTOP)  # it starts nothing new while we look
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            child.kill()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    for child in children:  # dead when we return, not just signalled (a zombie is dead:
        # init reaps an orphan when it gets round to it)
        with contextlib.suppress(psutil.NoSuchProcess):
            while child.status() != psutil.STATUS_ZOMBIE and time.monotonic() < deadline:
                time.sleep(0.01)
