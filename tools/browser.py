"""The system's Chromium, driven by Playwright for Python, for tests and benchmarks.

We never download a browser: ``chromium()`` starts the one ``chromium_path`` finds
(Debian's ``chromium``, Ubuntu's ``chromium-browser``, Google Chrome, or whatever
``CHROMIUM`` names) headless, with the flags that keep it from reaching for the
network on its own.
"""

import contextlib
import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


NAMES = ("chromium", "chromium-browser", "google-chrome")  # looked up on the PATH, in order


class NoChromium(RuntimeError):
    """This machine has no browser we can find."""


def chromium_path():
    """The browser to drive: ``$CHROMIUM`` (a path, or a name on the PATH) when it is
    set, else the first of NAMES on the PATH."""
    wanted = os.environ.get("CHROMIUM")
    if wanted:
        path = shutil.which(wanted)
        if not path:
            raise NoChromium(f"CHROMIUM={wanted} is not an executable file")
        return path
    for name in NAMES:
        if path := shutil.which(name):
            return path
    raise NoChromium(
        f"no browser found: none of {', '.join(NAMES)} is on the PATH, and CHROMIUM "
        "(the path of a Chromium or Chrome) is not set; apt-get install chromium"
    )


@contextlib.contextmanager
def chromium():
    """A headless Chromium browser, closed afterwards."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def block_network(page, allow_port=None):
    """Abort every request that leaves the machine; return the list of blocked URLs.

    ``file:``, ``data:`` and ``blob:`` URLs pass, and so does loopback traffic to
    ``allow_port`` (a server the caller started itself).
    """
    blocked = []

    def handle(route):
        url = urlsplit(route.request.url)
        local = url.scheme in ("file", "data", "blob") or (
            allow_port is not None and url.hostname in LOOPBACK and url.port == allow_port
        )
        if local:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", handle)
    return blocked


def collect_errors(page):
    """A list that fills with the page's console errors and uncaught exceptions."""
    errors = []
    page.on("console", lambda m: errors.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"exception: {e}"))
    return errors


# The exported page's runtime (tools/html_template/adam/runtime.js) says when its figures
# are drawn; a page without figures has no #d2l-figures.
FIGURES_READY = "document.documentElement.dataset.figures === 'ready'"
HAS_FIGURES = "document.getElementById('d2l-figures') !== null"


def open_offline_page(browser, path, fragment="", timeout=30_000, **options):
    """A new tab on the exported page ``path`` (at ``fragment``, such as
    ``"#explore?lr=0.02"``) with the network cut, once its figures are drawn. The tab
    keeps what it tried to fetch in ``page.blocked`` and its console errors and
    uncaught exceptions in ``page.errors``; ``options`` go to ``browser.new_page``
    (``viewport``, ``color_scheme``, ...)."""
    page = browser.new_page(**options)
    page.blocked, page.errors = block_network(page), collect_errors(page)
    page.goto(Path(path).resolve().as_uri() + fragment, wait_until="load")
    if page.evaluate(HAS_FIGURES):
        page.wait_for_function(FIGURES_READY, timeout=timeout)
    return page


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Every redraw of a figure's status line, with its time: the frames a reader sees.
COUNT_FRAMES = """e => { window.__frames = [];
  new MutationObserver(() => window.__frames.push(performance.now()))
    .observe(e.querySelector('.d2l-status'), {childList: true}); }"""


def slow_drag(page, slider, start, end, moves=30, pause_ms=60):
    """Drag the thumb of ``slider`` (a range input) from ``start`` to ``end`` (fractions
    of its width) with a real mouse, one small move every ``pause_ms``; return the
    page's clock (ms) at the release."""
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + start * box["width"], y)
    page.mouse.down()
    for i in range(1, moves + 1):
        page.mouse.move(box["x"] + (start + (end - start) * i / moves) * box["width"], y)
        page.wait_for_timeout(pause_ms)
    page.mouse.up()
    return page.evaluate("performance.now()")
