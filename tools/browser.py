"""Shared setup for the tests that drive a real browser (Debian's Chromium).

Playwright for Python drives the system ``chromium``; we never download a
browser. Without Chromium the browser tests skip with one line saying why,
except in CI (``CI=true``), where a missing browser is a failure: a skipped
browser test there would hide a broken page.
"""

import contextlib
import os
import shutil
import socket
from urllib.parse import urlsplit

import pytest

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def chromium_or_skip():
    """The path of Chromium, or skip (fail in CI) when this machine has none."""
    path = shutil.which("chromium")
    if path:
        return path
    reason = "Chromium is not installed (apt-get install chromium)"
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so browser tests must run", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def chromium():
    """A headless Chromium browser, closed afterwards."""
    executable = chromium_or_skip()
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
    ``allow_port`` (a server the test started itself).
    """
    blocked = []

    def handle(route):
        url = urlsplit(route.request.url)
        local = url.scheme in ("file", "data", "blob") or (
            allow_port is not None and url.hostname in LOOPBACK and url.port == allow_port)
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


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
