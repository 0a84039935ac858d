"""benchmarks/run.py: one table from whatever bench_*.py modules exist (no timing here)."""

import importlib.util

from tools.paths import ROOT

RUNNER = ROOT / "benchmarks" / "run.py"


def load_runner(bench_dir, monkeypatch):
    spec = importlib.util.spec_from_file_location("bench_runner_under_test", RUNNER)
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    monkeypatch.setattr(runner, "HERE", bench_dir)
    return runner


def test_missing_and_failing_modules_do_not_stop_the_others(tmp_path, monkeypatch, capsys):
    (tmp_path / "bench_step.py").write_text(
        "def main():\n"
        "    print('details of row 4')\n"
        "    return [{'row': 4, 'name': 'step ratio', 'value': 0.61, 'unit': 'x',\n"
        "             'goal': '<= 1.2x', 'met': True, 'note': 'n'}]\n"
    )
    (tmp_path / "bench_sweep.py").write_text("def main():\n    raise RuntimeError('boom')\n")
    runner = load_runner(tmp_path, monkeypatch)

    status = runner.main()

    out = capsys.readouterr().out
    table = out[out.index("| row |") :].splitlines()[2:]
    assert status == 1  # bench_sweep failed
    assert "details of row 4" in out
    assert [line.split("|")[1].strip() for line in table] == ["1", "2", "3", "4", "5", "6"]
    assert "bench_explorer" in table[0] and "missing" in table[0]
    assert "bench_chapter" in table[1] and "missing" in table[1]
    assert "bench_sweep" in table[2] and "failed" in table[2] and "NO" in table[2]
    assert "| 0.61x | <= 1.2x | yes |" in table[3]


def test_all_present_and_passing_exits_zero(tmp_path, monkeypatch, capsys):
    for number, name in {
        1: "explorer",
        2: "chapter",
        3: "sweep",
        4: "step",
        5: "page",
        6: "paths",
    }.items():
        (tmp_path / f"bench_{name}.py").write_text(
            f"def main():\n    return [{{'row': {number}, 'name': '{name}', 'value': 1,"
            f" 'unit': 's', 'goal': 'g', 'met': False}}]\n"
        )
    runner = load_runner(tmp_path, monkeypatch)

    assert runner.main() == 0  # a goal not met is a result, not a crash
    out = capsys.readouterr().out
    assert "missing" not in out
    assert out.count("| NO |") == 6
