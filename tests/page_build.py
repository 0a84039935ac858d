"""One build of the exported page per test session, shared by the tests that read it.

Building executes the whole chapter, so the plain page tests, the browser test
of the page and the figure staleness test all read the same build (made with
``tools/build_html.py``, exactly as ``make html`` does, into a temporary folder).
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
if str(TOOLS) not in sys.path:
    sys.path.insert(0, str(TOOLS))

# The tools' own functions, for the tests (importable once tools/ is on the path).
from make_figures import FIGURES, FigureError, tagged_figures  # noqa: E402, F401
from npm_assets import package_dir  # noqa: E402, F401
from run_chapter import normalize  # noqa: E402, F401
from tex_to_html import TexCollector, TexError  # noqa: E402, F401


class Build:
    """The files of one build: the page and the executed notebook it came from."""

    def __init__(self, out):
        self.out = out
        self.page = out / "adam.html"
        self.executed = out / "adam.executed.ipynb"


def build(out):
    """Run ``tools/build_html.py --out out``; fail with its output if it fails."""
    done = subprocess.run([sys.executable, str(TOOLS / "build_html.py"), "--out", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        raise AssertionError(f"build_html.py failed:\n{done.stdout}\n{done.stderr}")
    return Build(out)


_builds = []


def session_build(tmp_path_factory):
    """The session's one build (``tmp_path_factory`` is pytest's, one per session)."""
    if not _builds:
        _builds.append(build(tmp_path_factory.mktemp("html")))
    return _builds[0]
