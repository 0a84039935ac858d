"""The setup files agree with each other, and the fast path of `make` stays fast."""

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def makefile_torch_pin():
    return re.search(r"^TORCH \?= (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1)


def test_environment_yml_installs_the_project_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert '-e ".[dev]"' in pip or "-e .[dev]" in pip
    # The same torch as `make` installs, pinned, so conda users get the CPU wheel too.
    assert makefile_torch_pin() in pip
    python = next(
        dep for dep in env["dependencies"] if isinstance(dep, str) and dep.startswith("python=")
    )
    major, minor = map(int, python.split("=")[1].split("."))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    low = tuple(map(int, project["requires-python"].removeprefix(">=").split(".")))
    assert (major, minor) >= low


def test_the_torch_pin_satisfies_the_package_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    torch_range = next(d for d in project["dependencies"] if d.startswith("torch"))
    pinned = tuple(map(int, makefile_torch_pin().split("==")[1].split(".")))
    floor = tuple(map(int, torch_range.split(">=")[1].split(".")))
    assert pinned >= floor
    assert not any(d.startswith(("torchvision", "d2l")) for d in project["dependencies"])


def test_ci_runs_the_readme_test_command():
    readme, ci = (ROOT / "README.md").read_text(), (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme
    assert re.search(r"^make test$", ci, re.M)


def test_an_installed_venv_is_not_reinstalled():
    """`make lab` twice must not reinstall: the venv is a file target on pyproject.toml."""
    stamp = ROOT / ".venv" / ".installed"
    if not stamp.exists() or stamp.stat().st_mtime < (ROOT / "pyproject.toml").stat().st_mtime:
        pytest.skip("the venv was not made by `make`")
    plan = subprocess.run(
        ["make", "-n", "lab", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "pip install" not in plan and "venv" not in plan.replace(".venv/bin", "")


def test_make_lab_opens_the_chapter_and_runs_as_root_too():
    """As root (containers, CI) JupyterLab refuses to start without --allow-root."""
    plan = subprocess.run(
        ["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    lab = next(line for line in plan.splitlines() if "jupyter lab" in line)
    assert lab.endswith("chapters/adam.ipynb")
    assert ("--allow-root" in lab) == (os.getuid() == 0)


def test_make_test_fast_leaves_out_every_tier_and_the_tiers_are_registered():
    from conftest import TIERS

    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    registered = {marker.split(":")[0] for marker in options["ini_options"]["markers"]}
    assert registered == set(TIERS)
    fast = re.search(r"^FAST := (.*)$", (ROOT / "Makefile").read_text(), re.M).group(1)
    assert fast == " and ".join(f"not {tier}" for tier in TIERS)
