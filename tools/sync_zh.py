"""`make sync-zh`: rebuild the code cells of the Chinese chapters from the English ones.

The English chapter is the source of the code. A Chinese edition (``adam_zh.py`` beside
``adam.py``) keeps its own markdown cells and takes every code cell from the English,
changed in two ways only:

* each comment is replaced by its translation from ``chapters/comments_zh.toml`` (keyed
  by the English comment; comments without letters, such as ``# (6), (7)``, stay);
* the first code cell gets ``d2l.use_language('zh')`` after its imports, so the figures'
  controls and the exercise checks speak Chinese.

The code cells are the anchors that line the two editions up: a code cell added, removed
or changed in English is simply copied over, but a markdown cell added or removed in
English needs a Chinese one written by hand, so then nothing is written and the message
names the place. Comments missing from the table keep their English text and are listed.

Usage: python -m tools.sync_zh [--check]
"""

import argparse
import difflib
import io
import json
import re
import sys
import tokenize
import tomllib

import jupytext
import nbformat

from .paths import CHAPTERS

EDITIONS = {  # English source: its Chinese edition
    CHAPTERS / "adam.py": CHAPTERS / "adam_zh.py",
    CHAPTERS / "adam_in_depth.py": CHAPTERS / "adam_in_depth_zh.py",
    CHAPTERS / "adam_in_practice.py": CHAPTERS / "adam_in_practice_zh.py",
    CHAPTERS / "adam_solutions.py": CHAPTERS / "adam_solutions_zh.py",
    CHAPTERS / "teaching_adam.py": CHAPTERS / "teaching_adam_zh.py",  # markdown only
}
COMMENTS = CHAPTERS / "comments_zh.toml"
LANGUAGE_LINE = "d2l.use_language('zh')"
LANGUAGE_COMMENT = "控件、提示和练习检查都用中文"
HEADER_FILTER = "kernelspec,-jupytext"  # as jupytext.toml: the .py header keeps only this


class StructureError(ValueError):
    """The English edition has markdown cells the Chinese one lacks, or the reverse."""


def comment_table(path=COMMENTS):
    """English comment text (after '# ') -> its Chinese translation."""
    with open(path, "rb") as file:
        return tomllib.load(file)


def comments(source):
    """``(row, column, text)`` of every comment in a code cell (rows from 1); text after '#'.

    Found with the tokenizer, so a '#' inside a string is not a comment. A cell the
    tokenizer cannot read (an IPython magic with odd syntax) has none."""
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return []
    return [
        (t.start[0], t.start[1], t.string[1:].strip()) for t in tokens if t.type == tokenize.COMMENT
    ]


def needs_translation(text):
    """Comments with letters, except the book's ``#@save`` mark (tools/save_functions.py)."""
    return text != "@save" and re.search(r"[A-Za-z]", text) is not None


def strip_comments(source):
    """The cell without its comments and the spaces before them: what must be equal."""
    lines = source.split("\n")
    for row, column, _ in reversed(comments(source)):
        lines[row - 1] = lines[row - 1][:column].rstrip()
    return "\n".join(lines)


def without_language_line(source):
    """The cell without the line that picks Chinese (the one difference besides comments)."""
    lines = source.split("\n")
    return "\n".join(line for line in lines if not line.startswith(LANGUAGE_LINE))


def code_key(source):
    """What two editions' code cells must agree on."""
    return strip_comments(without_language_line(source))


def translate_comments(source, table):
    """``source`` with each comment that needs one replaced by its translation; returns
    the new source and the English comments the table lacks."""
    lines, missing = source.split("\n"), []
    for row, column, text in reversed(comments(source)):
        if not needs_translation(text):
            continue
        if text in table:
            lines[row - 1] = lines[row - 1][:column] + "# " + table[text]
        else:
            missing.append(text)
    return "\n".join(lines), missing[::-1]


def add_language_line(source):
    """Insert the language line after the import block (after the blank line that ends
    it), or at the end of a cell without imports."""
    lines = source.split("\n")
    imports = [i for i, line in enumerate(lines) if line.startswith(("import ", "from "))]
    at = len(lines)
    if imports:
        at = imports[-1] + 1
        while at < len(lines) and lines[at].strip() == "":
            at += 1
    lines.insert(at, f"{LANGUAGE_LINE}  # {LANGUAGE_COMMENT}")
    return "\n".join(lines)


def first_line(cell):
    return cell.source.strip().split("\n")[0][:70]


def markdown_pairs(english, chinese):
    """``{English cell index: Chinese cell index}`` for every non-code cell.

    Code cells that agree (``code_key``) anchor the two editions; between two anchors
    both must hold the same number of markdown cells, paired in order."""
    en_code = [i for i, c in enumerate(english.cells) if c.cell_type == "code"]
    zh_code = [i for i, c in enumerate(chinese.cells) if c.cell_type == "code"]
    matcher = difflib.SequenceMatcher(
        None,
        [code_key(chinese.cells[i].source) for i in zh_code],
        [code_key(english.cells[i].source) for i in en_code],
        autojunk=False,
    )
    anchors = [
        (en_code[b + k], zh_code[a + k])
        for a, b, size in matcher.get_matching_blocks()
        for k in range(size)
    ]
    bounds = [(-1, -1), *anchors, (len(english.cells), len(chinese.cells))]
    pairs, problems = {}, []
    for (en_start, zh_start), (en_end, zh_end) in zip(bounds, bounds[1:]):
        en_text = [i for i in range(en_start + 1, en_end) if english.cells[i].cell_type != "code"]
        zh_text = [i for i in range(zh_start + 1, zh_end) if chinese.cells[i].cell_type != "code"]
        if len(en_text) == len(zh_text):
            pairs.update(zip(en_text, zh_text))
            continue
        after = f"after English cell {en_start}, code: {first_line(english.cells[en_start])!r}"
        where = "at the start" if en_start < 0 else after

        def listing(notebook, indices):
            return "".join(f"\n    [{i}] {first_line(notebook.cells[i])}" for i in indices)

        problems.append(
            f"{where}: English has {len(en_text)} markdown cell(s), Chinese {len(zh_text)}."
            f"\n  English:{listing(english, en_text) or ' none'}"
            f"\n  Chinese:{listing(chinese, zh_text) or ' none'}"
        )
    if problems:
        raise StructureError("\n  ".join(["markdown cells differ:", *problems]))
    return pairs


def chinese_edition(english, chinese, table):
    """The Chinese notebook rebuilt: the English cells in order, each markdown cell
    replaced by its Chinese one, each code cell translated. Returns it and the comments
    the table lacks."""
    pairs = markdown_pairs(english, chinese)
    cells, missing, first = [], [], True
    for i, cell in enumerate(english.cells):
        if cell.cell_type != "code":
            cells.append(chinese.cells[pairs[i]])
            continue
        source, lacking = translate_comments(cell.source, table)
        if first:
            source, first = add_language_line(source), False
        missing += lacking
        cells.append(nbformat.v4.new_code_cell(source, metadata=dict(cell.metadata)))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata=dict(english.metadata))
    return notebook, missing


def as_text(notebook):
    """The percent-format text of ``notebook``, with the header ``jupytext.toml`` asks for."""
    notebook.metadata["jupytext"] = {"notebook_metadata_filter": HEADER_FILTER}
    return jupytext.writes(notebook, fmt="py:percent")


def sync(source, target, table):
    """The new text of ``target`` and the comments the table lacks."""
    notebook, missing = chinese_edition(jupytext.read(source), jupytext.read(target), table)
    return as_text(notebook), missing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if stale")
    args = parser.parse_args(argv)
    table, failed, stale, all_missing = comment_table(), False, [], []
    for source, target in EDITIONS.items():
        if not (source.exists() and target.exists()):
            continue
        try:
            text, missing = sync(source, target, table)
        except StructureError as error:
            print(f"{target.name}: {error}", file=sys.stderr)
            failed = True
            continue
        all_missing += [(target.name, comment) for comment in missing]
        if text == target.read_text():
            print(f"{target.name}: in step with {source.name}")
        elif args.check:
            stale.append(target.name)
            print(f"{target.name}: code cells differ from {source.name}", file=sys.stderr)
        else:
            target.write_text(text)
            print(f"{target.name}: code cells rebuilt from {source.name}")
    if all_missing:
        print(
            f"{len(all_missing)} comment(s) have no translation in {COMMENTS.name} and stay "
            "English; add them like this:",
            file=sys.stderr,
        )
        for name, comment in dict.fromkeys(all_missing):
            print(
                f'    {json.dumps(comment, ensure_ascii=False)} = "..."  # {name}', file=sys.stderr
            )
    return 1 if failed or stale else 0


if __name__ == "__main__":
    sys.exit(main())
