"""Where the checkout is, written once for the tools, the tests and the benchmarks."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = ROOT / "chapters"
