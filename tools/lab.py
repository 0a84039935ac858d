"""JupyterLab in Chromium, for the tests and the benchmarks.

``jupyter_lab`` starts a real server on a free loopback port with settings of its
own (no news toast, no update check, no autosave) and always stops it, kernels
included; ``open_and_run_all`` opens a notebook in a Playwright page and runs it.
JupyterLab refuses to run as root (containers, CI) without ``--allow-root``.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time

from .browser import free_port

RUN_ALL_TIMEOUT_MS = 300_000

# The test's own JupyterLab settings: no news toast, no update check, no autosave.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}

# Finished when every code cell has an execution count, or a cell failed (then
# JupyterLab stops running the rest); and the kernel is idle either way.
RUN_FINISHED = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session?.kernel;
  const cells = [...panel.content.model.cells].filter(c => c.type === 'code');
  const failed = cells.some(c => c.toJSON().outputs.some(o => o.output_type === 'error'));
  const done = cells.every(c => c.executionCount !== null);
  return kernel && kernel.status === 'idle' && (done || failed);
}"""

CELL_ERRORS = """() => [...window.jupyterapp.shell.currentWidget.content.model.cells]
  .flatMap(c => c.type === 'code' ? c.toJSON().outputs : [])
  .filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue)"""


@contextlib.contextmanager
def jupyter_lab(root, workdir):
    """A JupyterLab server serving ``root``; yields its base URL and token."""
    for name, values in LAB_SETTINGS.items():
        path = workdir / "settings" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = free_port(), secrets.token_hex(16)
    command = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--allow-root",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        f"--LabApp.user_settings_dir={workdir / 'settings'}",
        f"--LabApp.workspaces_dir={workdir / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",
    ]
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}
    env["JUPYTER_CONFIG_DIR"] = str(workdir / "config")  # ignore the user's own config
    log = (workdir / "lab.log").open("w")
    server = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=root, start_new_session=True
    )
    try:
        wait_for_port(port, server, workdir / "lab.log")
        yield f"http://127.0.0.1:{port}", token
    finally:
        stop(server)
        log.close()


def wait_for_port(port, server, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"jupyter lab exited:\n{log.read_text()[-3000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"jupyter lab did not listen on {port}:\n{log.read_text()[-3000:]}")


def stop(server):
    """SIGTERM lets the server shut its kernels down; then clear its process group."""
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)  # a kernel the server left behind


def open_and_run_all(page, base, token, notebook):
    """Open ``notebook`` in JupyterLab and run all of its cells; the errors, if any."""
    page.goto(f"{base}/lab/tree/{notebook}?token={token}")
    page.wait_for_selector("#jupyterlab-splash", state="detached", timeout=60_000)
    page.wait_for_function(
        "() => window.jupyterapp?.shell.currentWidget?.sessionContext?.session?.kernel"
        "?.status === 'idle'",
        timeout=60_000,
    )
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_timeout(500)  # let the first cells get queued
    page.wait_for_function(RUN_FINISHED, timeout=RUN_ALL_TIMEOUT_MS, polling=500)
    return page.evaluate(CELL_ERRORS)
