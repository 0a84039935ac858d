"""The chapter in JupyterLab, used the way a reader uses it.

A real JupyterLab server on a free loopback port, Chromium with every other
request blocked: open chapters/adam.ipynb, run all cells, drag the explorer's
η slider with the mouse and nudge it with the keyboard, and check that each
move redraws the plot and rewrites the status line. The server (and with it
the kernel) is stopped at the end whatever happened, and the notebook on disk
is left exactly as it was (autosave is off in the test's own settings).
"""

import contextlib
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from tools.browser import block_network, collect_errors, free_port

NOTEBOOK = "chapters/adam.ipynb"
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

# The plot's pixels (not its blob URL, which changes even for the same picture).
PIXELS = """img => { const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  c.getContext('2d').drawImage(img, 0, 0); return c.toDataURL(); }"""


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


def explorer_state(explorer):
    """What the reader sees of the explorer: η's readout, the plot's pixels, the status."""
    slider = explorer.locator(".widget-slider").filter(
        has=explorer.page.locator(".widget-label", has_text=re.compile(r"^η$"))
    )
    image = explorer.locator("img.adam-explorer-plot")
    image.evaluate("img => img.decode().catch(() => null)")  # src may change meanwhile
    status = explorer.locator(".adam-explorer-status").inner_text()
    return {
        "eta": slider.locator(".widget-readout").inner_text(),
        "plot": hashlib.sha256(image.evaluate(PIXELS).encode()).hexdigest(),
        "status": re.sub(r"rerun \d+ ms", "rerun … ms", status),  # a timing, not a result
    }


def wait_for_change(explorer, before, timeout=60):
    """The explorer's state once η, the plot and the status have all changed."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = explorer_state(explorer)
        if all(now[key] != before[key] for key in before):
            return now
        explorer.page.wait_for_timeout(200)
    return now


@pytest.fixture(scope="module")
def chapter_in_lab(browser, tmp_path_factory):
    """A page with the chapter open in JupyterLab and all cells run."""
    notebook_file = ROOT / NOTEBOOK
    before = notebook_file.read_bytes()
    workdir = tmp_path_factory.mktemp("lab")
    with jupyter_lab(ROOT, workdir) as (base, token):
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        blocked = block_network(page, allow_port=int(base.rsplit(":", 1)[1]))
        errors = collect_errors(page)
        cell_errors = open_and_run_all(page, base, token, NOTEBOOK)
        yield page, cell_errors, blocked, errors
        page.close()
    assert notebook_file.read_bytes() == before, "the test changed the notebook on disk"


def test_all_cells_run_without_errors(chapter_in_lab):
    page, cell_errors, blocked, errors = chapter_in_lab
    assert cell_errors == []
    assert blocked == [], "JupyterLab tried to reach the internet"


def test_moving_eta_redraws_the_plot_and_updates_the_status(chapter_in_lab):
    page = chapter_in_lab[0]
    explorer = page.locator(".adam-explorer").first  # the chapter's main explorer
    explorer.scroll_into_view_if_needed()
    start = explorer_state(explorer)
    assert re.search(r"Adam \(ours\)\W+\d\.\d{3}", start["status"]), start["status"]

    # A mouse drag of η's handle to the left (a smaller η).
    handle = (
        explorer.locator(".widget-slider")
        .filter(has=page.locator(".widget-label", has_text=re.compile(r"^η$")))
        .locator(".noUi-handle")
    )
    box = handle.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 40, y, steps=8)
    page.mouse.up()
    dragged = wait_for_change(explorer, start)
    assert dragged["eta"] != start["eta"], "the drag did not move η"
    assert dragged["plot"] != start["plot"], "the plot was not redrawn"
    assert dragged["status"] != start["status"], "the status line was not updated"

    # Two presses of the right arrow key on the focused handle (a larger η).
    handle.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    pressed = wait_for_change(explorer, dragged)
    assert pressed["eta"] != dragged["eta"], "the keys did not move η"
    assert pressed["plot"] != dragged["plot"], "the plot was not redrawn"
    assert pressed["status"] != dragged["status"], "the status line was not updated"


def test_no_console_errors(chapter_in_lab):
    assert chapter_in_lab[3] == []
