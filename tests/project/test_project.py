"""The setup files agree with each other, and the fast path of `make` stays fast."""

import os
import re
import subprocess
import tomllib

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tools.paths import ROOT


def makefile_torch_pin():
    return re.search(r"^TORCH \?= (\S+)$", (ROOT / "Makefile").read_text(), re.M).group(1)


def lock():
    """requirements.lock as {canonical name: version}."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def install_plan(*options):
    """What `make` would run to (re)build the venv."""
    return subprocess.run(
        ["make", "-n", *options, ".venv/.installed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def test_the_lock_pins_every_dependency_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pins = lock()
    for requirement in map(
        Requirement, project["dependencies"] + project["optional-dependencies"]["dev"]
    ):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement.name} is not in requirements.lock: run `make lock`"
        assert requirement.specifier.contains(pins[name], prereleases=True), (
            f"the lock's {name}=={pins[name]} is outside {requirement}: run `make lock`"
        )
    assert "adam-chapter" not in pins  # the project itself is installed from the checkout


def test_the_lock_pins_the_makefiles_torch_and_the_books_library():
    makefile = (ROOT / "Makefile").read_text()
    assert f"torch=={lock()['torch']}" == makefile_torch_pin()
    d2l = re.search(r"--no-deps d2l==(\S+)", makefile).group(1)
    assert lock()["d2l"] == d2l


def test_make_installs_everything_under_the_lock():
    def installs(*options):
        return [line for line in install_plan("-B", *options).splitlines() if "pip install" in line]

    assert len(installs()) == 4  # pip itself, torch, the project, the book's library
    assert all(line.endswith("-c requirements.lock") for line in installs()), installs()
    assert not any("-c" in line.split() for line in installs("LOCK=")), installs("LOCK=")


def test_environment_yml_installs_the_project_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(dep["pip"] for dep in env["dependencies"] if isinstance(dep, dict))
    assert '-e ".[dev]"' in pip or "-e .[dev]" in pip
    # The same torch as `make` installs, pinned, and everything at the lock's versions.
    assert makefile_torch_pin() in pip
    assert "-c requirements.lock" in pip
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


def test_an_installed_venv_is_not_reinstalled_until_the_lock_changes():
    """`make lab` twice must not reinstall: the venv is a file target on pyproject.toml
    and the lock; a new lock reinstalls."""
    stamp = ROOT / ".venv" / ".installed"
    sources = [ROOT / "pyproject.toml", ROOT / "requirements.lock"]
    if not stamp.exists() or stamp.stat().st_mtime < max(p.stat().st_mtime for p in sources):
        pytest.skip("the venv was not made by `make`")
    plan = subprocess.run(
        ["make", "-n", "lab", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert "pip install" not in plan and "venv" not in plan.replace(".venv/bin", "")
    assert "pip install" in install_plan("-W", "requirements.lock")


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
