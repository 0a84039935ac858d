"""Bundle the figures' front end: ``d2l_local/web/main.js`` and the ES modules it
imports become one module, ``d2l_local/web/bundle.js``, which the widgets load.

The bundle is committed, so reading the chapter (``make lab``) needs no node; after
changing a file of ``d2l_local/web``, ``make bundle`` rebuilds it, and a test fails
when it is stale. esbuild is pinned to an exact version (``tools/web/package.json``
and its lock) and installed with ``npm ci`` into ``tools/web/node_modules`` the first
time it is needed; it runs from the checkout's root, so that the paths it writes into
the bundle's comments are the same on every machine.
"""

import subprocess
import sys
from pathlib import Path

from .npm_assets import npm
from .paths import ROOT

TOOL = ROOT / "tools" / "web"
ENTRY = ROOT / "d2l_local" / "web" / "main.js"
BUNDLE = ROOT / "d2l_local" / "web" / "bundle.js"


class BundleError(RuntimeError):
    """esbuild failed."""


def esbuild():
    """The pinned esbuild, installed from the lock if it is not there yet."""
    program = TOOL / "node_modules" / ".bin" / "esbuild"
    if not program.exists():
        npm(["ci", "--no-audit", "--no-fund", "--silent"], TOOL)
    return program


def build(out=BUNDLE):
    """Write the bundle to ``out``; return its path."""
    done = subprocess.run(
        [
            str(esbuild()),
            str(ENTRY.relative_to(ROOT)),
            "--bundle",
            "--format=esm",
            "--charset=utf8",
            "--log-level=warning",
            f"--outfile={out}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0:
        raise BundleError(f"esbuild failed:\n{done.stderr.strip()}")
    return Path(out)


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else BUNDLE))
