"""`make student`: the student edition, ``build/adam-student/`` and ``build/adam-student.zip``.

What a class gets: every chapter but those the teacher keeps (the worked solutions and
the teacher's guide, ``WITHHELD``), in every language, as ``.py`` and ``.ipynb``;
``d2l_local``; what ``make lab`` needs (a Makefile with only that, ``pyproject.toml``,
the lock, ``jupytext.toml``); and a README in English and Chinese that lists the
notebooks. A chapter added to ``chapters/`` joins by itself, and the Makefile takes its
settings (the torch pin, the lesson it opens, ...) and its ``lab`` rule from ours.

In the copied notebooks a line that links to a withheld notebook (an exercise's
"[Solution](adam_solutions.ipynb#solution-2)") becomes a line saying, in the notebook's
language, that the teacher has the worked solution; a link to a withheld notebook
anywhere else is an error naming it, since the copy would lead nowhere.

The zip is the same bytes for the same sources: its entries are sorted and carry a
fixed time and fixed permissions, under one folder, ``adam-student/``.

Usage: python -m tools.student_edition [--out DIR]
"""

import argparse
import fnmatch
import re
import shutil
import sys
import zipfile
from pathlib import Path

import jupytext
import nbformat

from .build_html import page_title
from .run_chapter import BUILD, ROOT
from .sync_zh import as_text

NAME = "adam-student"
WITHHELD = ("*_solutions", "*_solutions_zh", "teaching_*")  # chapter stems the teacher keeps
COPIED = ("pyproject.toml", "requirements.lock", "jupytext.toml")  # as they are
TEMPLATES = Path(__file__).resolve().with_name("student")  # Makefile, README.md, README.zh.md
# What the edition's Makefile takes from ours, as written there.
SETTINGS = ("PYTHON", "TORCH", "LOCK", "VENV", "BIN", "READY", "PORT", "CHAPTER", "LAB_FLAGS")
LAB_RULE = re.compile(r"^lab: .*\n(?:\t.*\n)+", re.M)
READMES = {"README.md": "en", "README.zh.md": "zh"}
TEACHER_HAS_IT = {
    "en": "*Your teacher has the worked solution.*",
    "zh": "*这道题的详解在老师那里。*",
}
LAB = {  # how the README names a notebook, by language
    "en": "- `{command}`: *{title}*",
    "zh": "- `{command}`：《{title}》",
}
LINK = re.compile(r"\]\(([\w-]+)\.ipynb(#[^)\s]*)?\)")
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say


class WithheldLink(ValueError):
    """A copied notebook links to a withheld one outside a line of its own."""


def withheld(stem):
    return any(fnmatch.fnmatch(stem, pattern) for pattern in WITHHELD)


def student_chapters(chapters=ROOT / "chapters"):
    """The jupytext sources a student gets: every chapter the teacher does not keep."""
    return sorted(path for path in chapters.glob("*.py") if not withheld(path.stem))


def language(path):
    return "zh" if Path(path).stem.endswith("_zh") else "en"


def without_withheld_links(markdown, lang, where="markdown"):
    """``markdown`` with each line that is only a link to a withheld notebook replaced by
    the teacher's line (indented like it); any other such link is a ``WithheldLink``."""
    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        targets = [stem for stem, _ in LINK.findall(line) if withheld(stem)]
        if not targets:
            continue
        if re.fullmatch(r"\s*\[[^\]]*\]\([^)\s]+\)\s*", line):
            lines[i] = line[: len(line) - len(line.lstrip())] + TEACHER_HAS_IT[lang]
        else:
            raise WithheldLink(f"{where}: a link to {targets[0]}.ipynb inside a line: {line!r}")
    return "\n".join(lines)


def student_notebook(notebook, lang, where):
    """The notebook with its markdown cells' links to withheld notebooks replaced."""
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            cell.source = without_withheld_links(cell.source, lang, f"{where}, cell {index}")
    return notebook


def copy_chapter(source, chapters):
    """Write the student copies of ``source`` (the .py) and its .ipynb into ``chapters``."""
    lang = language(source)
    script = student_notebook(jupytext.read(source), lang, source.name)
    (chapters / source.name).write_text(as_text(script))
    paired = source.with_suffix(".ipynb")
    notebook = student_notebook(nbformat.read(paired, as_version=4), lang, paired.name)
    (chapters / paired.name).write_text(nbformat.writes(notebook) + "\n")


def student_makefile(ours):
    """The edition's Makefile: the template, with our settings and ``lab`` rule."""
    settings = [re.search(rf"^{name} [?:]?= .*$", ours, re.M)[0] for name in SETTINGS]
    template = (TEMPLATES / "Makefile").read_text()
    return template.replace("{settings}", "\n".join(settings)).replace(
        "{lab}\n", LAB_RULE.search(ours)[0]
    )


def notebook_list(sources, lang, makefile):
    """The README's list of notebooks in ``lang``: how to open each, and its title."""
    opened = re.search(r"^CHAPTER := (\S+)$", makefile, re.M)[1]
    lesson = Path(opened).name  # listed first, in each language
    lines = []
    for source in sorted(sources, key=lambda s: (s.stem.removesuffix("_zh") != lesson, s.stem)):
        if language(source) != lang:
            continue
        chapter = f"chapters/{source.stem}"
        command = "make lab" if chapter == opened else f"make lab CHAPTER={chapter}"
        title = page_title(jupytext.read(source), source.stem)
        lines.append(LAB[lang].format(command=command, title=title))
    return "\n".join(lines)


def build(out=BUILD / NAME, root=ROOT):
    """Write the student edition into ``out`` (emptied first) and ``out``.zip beside it;
    return the zip's path."""
    out = Path(out)
    shutil.rmtree(out, ignore_errors=True)
    (out / "chapters").mkdir(parents=True)
    sources = student_chapters(root / "chapters")
    for source in sources:
        copy_chapter(source, out / "chapters")
    shutil.copytree(
        root / "d2l_local", out / "d2l_local", ignore=shutil.ignore_patterns("__pycache__", ".*")
    )
    for name in COPIED:
        shutil.copy(root / name, out / name)
    makefile = student_makefile((root / "Makefile").read_text())
    (out / "Makefile").write_text(makefile)
    for name, lang in READMES.items():
        text = (TEMPLATES / name).read_text()
        (out / name).write_text(text.replace("{notebooks}", notebook_list(sources, lang, makefile)))
    return write_zip(out, out.with_suffix(".zip"))


def write_zip(folder, path):
    """``folder`` as a zip whose bytes depend on the files' contents alone."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    with zipfile.ZipFile(path, "w") as archive:
        for file in files:
            name = f"{folder.name}/{file.relative_to(folder).as_posix()}"
            entry = zipfile.ZipInfo(name, ZIP_TIME)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, file.read_bytes(), compresslevel=9)
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=BUILD / NAME, help="the folder to write")
    args = parser.parse_args(argv)
    try:
        path = build(args.out)
    except WithheldLink as error:
        sys.exit(f"student_edition: {error}")
    count = len(zipfile.ZipFile(path).namelist())
    print(f"wrote {args.out}/ and {path} ({count} files, {path.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    sys.exit(main())
