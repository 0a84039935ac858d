"""The student edition (`make student`, tools/student_edition.py): built into a scratch
folder, opened as a student would open it.

What is in it and what is not (no solutions, no teacher's guide), the exercises' links
to solutions replaced by the teacher's line in each language, every relative link of
every copied notebook landing on a copied file and anchor, the copies still paired,
the same zip bytes from the same sources, a Makefile whose `make lab` installs and opens
the lesson, and the lesson run top to bottom in a fresh kernel with the edition's own
d2l_local, a self-check included.
"""

import os
import re
import subprocess
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from notebooks import assert_clean_outputs, assert_paired, stdout

from tools.paths import ROOT
from tools.student_edition import (
    NAME,
    TEACHER_HAS_IT,
    WithheldLink,
    build,
    student_chapters,
    without_withheld_links,
)

LINK = re.compile(r"\]\(([^)\s]+)\)")
ANCHOR = re.compile(r'\bid="([^"]+)"')


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    """The edition's folder, built as `make student` builds it (its zip beside it)."""
    folder = tmp_path_factory.mktemp("student") / NAME
    build(folder)
    return folder


def files(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def notebooks(edition):
    """Every copied notebook: (path, notebook), the .py read by jupytext, the .ipynb as is."""
    for path in sorted((edition / "chapters").iterdir()):
        if path.suffix == ".py":
            yield path, jupytext.read(path)
        elif path.suffix == ".ipynb":
            yield path, nbformat.read(path, as_version=4)


def markdown(notebook):
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def test_the_lesson_and_its_companions_without_solutions_or_guide(edition):
    chapters = {p.stem for p in student_chapters()}
    assert {"adam", "adam_zh", "adam_in_depth", "adam_in_depth_zh"} <= chapters
    assert {"adam_in_practice", "adam_in_practice_zh"} <= chapters
    assert not [stem for stem in chapters if "solutions" in stem or stem.startswith("teaching")]
    have = files(edition)
    assert [f for f in have if f.startswith("chapters/")] == sorted(
        f"chapters/{stem}{suffix}" for stem in chapters for suffix in (".ipynb", ".py")
    )
    source = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "d2l_local").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    assert {f for f in have if f.startswith("d2l_local/")} == source
    top = {f for f in have if "/" not in f}
    assert top == {"Makefile", "README.md", "README.zh.md", "pyproject.toml", "requirements.lock",
                   "jupytext.toml"}  # fmt: skip
    for name in ("pyproject.toml", "requirements.lock", "jupytext.toml"):
        assert (edition / name).read_bytes() == (ROOT / name).read_bytes()


def test_the_zip_holds_the_folder_and_is_the_same_bytes_each_time(edition, tmp_path):
    archive = edition.with_suffix(".zip")
    with zipfile.ZipFile(archive) as z:
        assert z.namelist() == [f"{NAME}/{f}" for f in files(edition)]
        assert z.read(f"{NAME}/chapters/adam.py") == (edition / "chapters" / "adam.py").read_bytes()
    again = tmp_path / NAME
    build(again)
    assert again.with_suffix(".zip").read_bytes() == archive.read_bytes()


def test_the_exercises_say_the_teacher_has_the_solutions(edition):
    for path, notebook in notebooks(edition):
        text = markdown(notebook)
        assert "_solutions" not in " ".join(LINK.findall(text)), path.name
        lang = "zh" if path.stem.endswith("_zh") else "en"
        # One line per exercise of ours that links to its solution (8 in the lesson).
        original = markdown(jupytext.read(ROOT / "chapters" / f"{path.stem}.py"))
        expected = len(re.findall(r"\]\(adam_solutions(?:_zh)?\.ipynb#", original))
        assert expected == 8 or path.stem.removesuffix("_zh") != "adam"
        assert text.count(TEACHER_HAS_IT[lang]) == expected, path.name
    lesson = (edition / "chapters" / "adam.py").read_text()
    assert f"#    {TEACHER_HAS_IT['en']}\n" in lesson  # in its exercise, indented like it


def test_every_relative_link_of_every_copy_lands(edition):
    anchors = {
        path.name: set(ANCHOR.findall(markdown(notebook))) for path, notebook in notebooks(edition)
    }
    checked = 0
    for path, notebook in notebooks(edition):
        for target in LINK.findall(markdown(notebook)):
            if re.match(r"[a-z]+://", target):
                continue
            page, _, fragment = target.partition("#")
            page = page or path.name
            assert (edition / "chapters" / page).exists(), f"{path.name}: {target}"
            if fragment:
                assert fragment in anchors[page], f"{path.name}: {target}"
            checked += 1
    assert checked > 50
    for readme in ("README.md", "README.zh.md"):
        for target in LINK.findall((edition / readme).read_text()):
            assert (edition / target).exists(), f"{readme}: {target}"


def test_the_copies_are_still_paired(edition):
    for script in sorted((edition / "chapters").glob("*.py")):
        assert_paired(script)


def test_a_link_to_a_solution_inside_a_sentence_is_refused_by_name():
    line = "As [the solution](adam_solutions.ipynb#solution-2) shows, it works."
    with pytest.raises(WithheldLink, match="adam_solutions.ipynb inside a line"):
        without_withheld_links(line, "en")
    assert without_withheld_links("  [解答](adam_solutions_zh.ipynb#solution-1)", "zh") == (
        "  " + TEACHER_HAS_IT["zh"]
    )


def lab_plan(edition, *options):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(
        ["make", "-n", *options, "lab"], cwd=edition, env=env, capture_output=True, text=True,
        check=True,
    ).stdout.splitlines()  # fmt: skip


def test_make_lab_plans_a_fresh_venv_under_the_lock_and_opens_the_lesson(edition):
    plan = lab_plan(edition)
    assert plan[0] == "python3 -m venv .venv"
    installs = [line for line in plan if "pip install" in line]
    assert len(installs) == 3  # pip, torch, this folder (d2l_local and JupyterLab)
    assert all(line.endswith("-c requirements.lock") for line in installs)
    assert '"torch==2.13.0"' in installs[1] and " -e . " in installs[2]
    lab = plan[-1]
    assert lab.startswith(".venv/bin/jupyter lab ") and lab.endswith("chapters/adam.ipynb")
    other = lab_plan(edition, "CHAPTER=chapters/adam_in_depth_zh")
    assert other[-1].endswith("chapters/adam_in_depth_zh.ipynb")


def test_the_student_makefile_takes_our_settings_and_lab_rule(edition):
    ours, theirs = (ROOT / "Makefile").read_text(), (edition / "Makefile").read_text()
    for name in ("PYTHON", "TORCH", "LOCK", "CHAPTER", "LAB_FLAGS"):
        line = re.search(rf"^{name} [?:]?= .*$", ours, re.M)[0]
        assert line in theirs.splitlines(), line
    lab = re.compile(r"^lab: .*\n\t.*$", re.M)
    assert lab.search(theirs)[0] == lab.search(ours)[0]
    assert "{settings}" not in theirs and "{lab}" not in theirs


# The self-check of exercise 8 with a right answer, and where d2l_local came from.
PROBE = """\
import d2l_local

def yogi_s_hat(g, beta2, steps):
    s, out = 0.0, []
    for t in range(1, steps + 1):
        s += (1 - beta2) * ((g * g > s) - (g * g < s)) * g * g
        out.append(s / (1 - beta2 ** t))
    return out

verdict = d2l.check_exercise(8, yogi_s_hat)
print("d2l_local:", d2l_local.__file__)
print("exercise 8 passed:", verdict.passed)
"""


@pytest.fixture(scope="module")
def student_lesson_run(edition):
    """The edition's lesson (its .ipynb, as JupyterLab opens it) run top to bottom in a
    fresh kernel whose d2l_local is the edition's (PYTHONPATH), with PROBE at the end."""
    notebook = nbformat.read(edition / "chapters" / "adam.ipynb", as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(PROBE))
    env = {**os.environ, "PYTHONPATH": str(edition)}
    env.pop("MPLBACKEND", None)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=120,
        resources={"metadata": {"path": str(edition / "chapters")}},
    )
    client.execute(env=env)
    return notebook


def test_the_lesson_runs_from_the_edition_with_its_own_d2l_local(edition, student_lesson_run):
    assert_clean_outputs(student_lesson_run)
    probe = stdout(student_lesson_run.cells[-1])
    where = Path(re.search(r"^d2l_local: (.+)$", probe, re.M)[1])
    assert where == edition / "d2l_local" / "__init__.py"
    assert "exercise 8 passed: True" in probe
    printed = "".join(stdout(c) for c in student_lesson_run.cells if c.cell_type == "code")
    assert "loss: 0.243" in printed
