"""Run every benchmarks/bench_*.py and print one table of their rows (``make bench``).

Each module's ``main()`` prints its own details and returns a list of row dicts
(format in benchmarks/README.md). A module that is missing is listed as such, a
module that fails is reported and makes the exit status 1; the others still run.
``python -m benchmarks.run step chapter`` runs only bench_step and bench_chapter.
"""

import datetime
import importlib.util
import os
import platform
import sys
import traceback
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
EXPECTED = {
    1: "bench_explorer",
    2: "bench_chapter",
    3: "bench_sweep",
    4: "bench_step",
    5: "bench_page",
    6: "bench_paths",
}


def run_module(name):
    """The rows of one module's main(), with torch's thread count restored afterwards."""
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    threads = torch.get_num_threads()
    try:
        spec.loader.exec_module(module)
        return module.main()
    finally:
        torch.set_num_threads(threads)


def result_text(row):
    if "value" not in row:
        return str(row.get("result", "?"))
    value = row["value"]
    shown = f"{value:.3g}" if isinstance(value, float) else str(value)
    unit = row.get("unit", "")
    return f"{shown}{unit}" if unit == "x" else f"{shown} {unit}".strip()


def print_table(rows):
    print("| row | measure | result | goal | met | note |")
    print("|---|---|---|---|---|---|")
    for row in sorted(rows, key=lambda r: r.get("row", 99)):
        met = {True: "yes", False: "NO"}.get(row.get("met"), row.get("met", "?"))
        print(
            f"| {row.get('row', '?')} | {row.get('name', '?')} | {result_text(row)} "
            f"| {row.get('goal', '')} | {met} | {row.get('note', '')} |"
        )


def machine():
    gpu = torch.cuda.get_device_name(0) if torch.cuda.is_available() else "no GPU"
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {gpu}; Python "
        f"{platform.python_version()}, torch {torch.__version__}"
    )


def row_number(name):
    return next((n for n, known in EXPECTED.items() if known == name), 99)


def main(wanted=()):
    present = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if wanted:
        present = [name for name in present if name.removeprefix("bench_") in wanted]
    print(f"# Benchmarks, {datetime.date.today()}, {machine()}")
    print(
        f"# command: {' '.join([os.path.relpath(sys.executable), *sys.argv])}; "
        f"load average before: {os.getloadavg()[0]:.1f}\n"
    )
    rows, failed = [], []
    for name in present:
        print(f"## {name}")
        try:
            rows.extend(run_module(name))
        except Exception:
            traceback.print_exc()
            failed.append(name)
            rows.append({"row": row_number(name), "name": name, "result": "failed", "met": False})
        print()
    if not wanted:
        for number, name in EXPECTED.items():
            if name not in present:
                rows.append({"row": number, "name": name, "result": "missing", "met": "-"})
    print(f"# Results (load average after: {os.getloadavg()[0]:.1f})\n")
    print_table(rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
