"""The Chinese editions (中文版) keep in step with the English ones.

Each Chinese notebook has the English cells in the same order and of the same kinds;
its code cells are the English ones apart from comments and the line that picks the
language (``tools/sync_zh.py`` writes them); its markdown cells carry the same equations,
anchors, links, markup and numbers. The message catalogue has every key in Chinese with
the same placeholders. The executed editions are checked in ``test_zh_run.py``; pairing
and outputs of every notebook in ``test_notebooks.py``.
"""

import ast
import re
import string
import subprocess
import unicodedata
from collections import Counter

import jupytext
import nbformat
import pytest
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from d2l_local.messages import CATALOGUE, TEXTS
from tools.paths import ROOT
from tools.sync_zh import (
    EDITIONS,
    LANGUAGE_LINE,
    StructureError,
    add_language_line,
    chinese_edition,
    code_key,
    comment_table,
    sync,
    translate_comments,
)

PAIRS = {f"{en.stem}": (en, zh) for en, zh in EDITIONS.items() if zh.exists()}


@pytest.fixture(scope="module", params=sorted(PAIRS))
def edition(request):
    """(English notebook, Chinese notebook, English path, Chinese path) of one chapter."""
    english, chinese = PAIRS[request.param]
    return jupytext.read(english), jupytext.read(chinese), english, chinese


def markdown_pairs(edition):
    english, chinese, *_ = edition
    return [
        (i, e.source, c.source)
        for i, (e, c) in enumerate(zip(english.cells, chinese.cells))
        if e.cell_type == "markdown"
    ]


def test_every_edition_exists():
    assert set(PAIRS) == {
        "adam",
        "adam_in_depth",
        "adam_in_practice",
        "adam_solutions",
        "teaching_adam",
    }


# --- Cells and code ------------------------------------------------------------


def test_same_number_and_kinds_of_cells(edition):
    english, chinese, *_ = edition
    assert [c.cell_type for c in chinese.cells] == [c.cell_type for c in english.cells]


def test_code_cells_equal_the_english_apart_from_comments_and_the_language_line(edition):
    english, chinese, *_ = edition
    for i, (e, c) in enumerate(zip(english.cells, chinese.cells)):
        if e.cell_type == "code":
            assert code_key(c.source) == code_key(e.source), f"code cell {i} differs"
            assert c.metadata.get("tags") == e.metadata.get("tags"), f"cell {i}: tags differ"


def test_only_the_first_code_cell_picks_chinese(edition):
    _, chinese, *_ = edition
    code = [c.source for c in chinese.cells if c.cell_type == "code"]
    if not code:
        return  # the teacher's guide: markdown only, nothing to pick
    counts = [sum(line.startswith(LANGUAGE_LINE) for line in s.split("\n")) for s in code]
    assert counts[0] == 1 and sum(counts) == 1


def test_the_chinese_editions_are_what_sync_zh_writes(edition):
    """Code cells, comments and the language line exactly as `make sync-zh` makes them."""
    *_, english_path, chinese_path = edition
    text, _ = sync(english_path, chinese_path, comment_table())
    assert text == chinese_path.read_text(), f"run `make sync-zh` for {chinese_path.name}"


def test_every_english_comment_has_a_chinese_one(edition):
    english, *_ = edition
    table = comment_table()
    missing = [
        comment
        for cell in english.cells
        if cell.cell_type == "code"
        for comment in translate_comments(cell.source, table)[1]
    ]
    assert missing == [], "add these to chapters/comments_zh.toml"


# --- Markdown: the same content in another language ---------------------------

DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
# Words inside a formula (``\text{given: learning rate }``) are prose, written in each
# language; ``\text{(1)}``, an equation's number, is not.
TEXT_IN_MATH = re.compile(r"\\text(?:bf)?\{[^{}]*[^\W\d_][^{}]*\}")
TAG = re.compile(r"\\tag\{([^}]*)\}")
ANCHOR = re.compile(r'\bid="([^"]+)"')
LINK = re.compile(r"\]\(([^)\s]+)\)")
MARKUP = re.compile(r"<(strong|em|code|li|h[1-6]|a|details|summary|pre|ol|ul|blockquote)\b")
# "1-D" and "2-D" are words (一维, 二维), not quantities.
DIMENSION = re.compile(r"\b[1-3]-D\b")
NUMBER = re.compile(r"[0-9]+(?:,[0-9]{3})*(?:\.[0-9]+)?")


# The reading time is each edition's own: words at an English pace, characters at a
# Chinese one (test_chapter.py and test_the_chinese_reading_time_... check them).
READING_TIME = re.compile(
    r"about \d+ minutes: [\d,]+ words at \d+ a minute"
    r"|约 \d+ 分钟：正文约 [\d,]+ 字（汉字与英文单词合计），按每分钟 \d+ 字计"
)


def numbers(markdown):
    """The numbers a markdown cell quotes, as written ("0.999", "300,000", "10" of
    10^{-6}), wherever they stand: prose, formulas, code spans, links."""
    markdown = READING_TIME.sub(" ", " ".join(markdown.split()))
    return Counter(NUMBER.findall(DIMENSION.sub(" ", markdown)))


def chinese_target(target):
    """Where an English link points in the Chinese edition: to our other notebooks
    (or their pages) in Chinese, ``adam_solutions.ipynb`` -> ``adam_solutions_zh.ipynb``."""
    page, _, fragment = target.partition("#")
    stem, dot, suffix = page.rpartition(".")
    if dot and suffix in ("ipynb", "html") and stem in {en.stem for en in EDITIONS}:
        page = f"{stem}_zh.{suffix}"
    return page + ("#" + fragment if fragment else "")


def cjk(character):
    return unicodedata.east_asian_width(character) in "WF"


def test_the_same_display_equations_with_the_same_numbers(edition):
    for i, en, zh in markdown_pairs(edition):
        strip = lambda m: [  # noqa: E731
            "".join(TEXT_IN_MATH.sub(" ", x).split()) for x in DISPLAY_MATH.findall(m)
        ]
        assert strip(zh) == strip(en), f"markdown cell {i}: equations differ"
        assert TAG.findall(zh) == TAG.findall(en), f"markdown cell {i}: \\tag numbers differ"


def test_the_same_anchors_and_links(edition):
    for i, en, zh in markdown_pairs(edition):
        assert ANCHOR.findall(zh) == ANCHOR.findall(en), f"markdown cell {i}: anchors differ"
        expected = [chinese_target(t) for t in LINK.findall(en)]
        assert LINK.findall(zh) == expected, f"markdown cell {i}: links differ"


def test_every_number_the_chinese_prose_quotes_is_the_englishs(edition):
    """Per markdown cell, the multiset of numbers is the same in both languages. A
    number the English writes as a word ("ten steps") is a word in Chinese too (十步)."""
    for i, en, zh in markdown_pairs(edition):
        extra, lacking = numbers(zh) - numbers(en), numbers(en) - numbers(zh)
        assert not extra and not lacking, (
            f"markdown cell {i} ({en.split(chr(10))[0][:50]!r}): only in Chinese "
            f"{dict(extra)}, only in English {dict(lacking)}"
        )


def test_the_same_markup(edition):
    """Headings, lists, emphasis, code and links render alike. Emphasis next to Chinese
    punctuation is easy to get wrong (``把**$\\eta$ 过大**`` stays literal asterisks)."""
    for i, en, zh in markdown_pairs(edition):
        count = lambda m: Counter(MARKUP.findall(markdown2html_mistune(m)))  # noqa: E731
        assert count(zh) == count(en), f"markdown cell {i}: markup differs"
        assert "**" not in re.sub(r"`[^`]*`", "", markdown2html_mistune(zh)), i


def test_every_markdown_cell_is_written_in_chinese(edition):
    for i, en, zh in markdown_pairs(edition):
        assert zh != en and any(cjk(ch) for ch in zh), f"markdown cell {i} is not Chinese"


def test_no_line_break_between_two_chinese_characters(edition):
    """A browser shows such a line break as a space inside a Chinese sentence."""
    for i, _, zh in markdown_pairs(edition):
        lines = zh.split("\n")
        for a, b in zip(lines, lines[1:]):
            a, b = a.rstrip(), b.lstrip()
            assert not (a and b and cjk(a[-1]) and cjk(b[0])), f"cell {i}: {a[-20:]!r}/{b[:20]!r}"


# --- The message catalogue -------------------------------------------------------


def fields(template):
    """The placeholders of a template with their format specs: ``{diff:.1e}``."""
    return sorted((name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name)


def test_the_catalogue_has_every_key_in_chinese():
    assert set(CATALOGUE["zh"]) == set(CATALOGUE["en"])


def test_chinese_templates_have_the_english_placeholders():
    differ = [k for k, en in CATALOGUE["en"].items() if fields(CATALOGUE["zh"][k]) != fields(en)]
    assert differ == []


def test_chinese_templates_are_chinese_except_symbols():
    """Slider labels are the formulas' symbols (β1, η, ε, C, λ) in both languages, and
    so are the path explorer's axes (x₁, x₂) and the weight-decay explorer's ‖w‖; RMSProp
    and Adam are names; the separator between the parts of a status line is the same
    middle dot."""
    not_chinese = [k for k, text in CATALOGUE["zh"].items() if not any(cjk(ch) for ch in text)]
    assert sorted(not_chinese) == sorted(
        ["label.beta1", "label.beta2", "label.lr", "label.eps", "label.C", "label.weight_decay"]
        + ["decay.norm_label"]
        + ["reddi.point", "exercise.reference_7", "exercise.reference_adamw", "punct.list"]
        + ["paths.x_label", "paths.y_label", "paths.method.rmsprop", "paths.method.adam"]
    )
    assert all(CATALOGUE["zh"][k] == CATALOGUE["en"][k] for k in not_chinese)


EQUATION = re.compile(r"\((\d+)\)")  # "(12)": the lesson's equations, numbered alike


def test_chinese_messages_cite_the_english_equations():
    """The lesson numbers its equations (1) to (12); a message that cites one cites the
    same one in both languages."""
    for key, english in CATALOGUE["en"].items():
        assert EQUATION.findall(CATALOGUE["zh"][key]) == EQUATION.findall(english), key
    for english, chinese in TEXTS["zh"].items():
        assert EQUATION.findall(chinese) == EQUATION.findall(english), english


def test_chinese_page_notices_keep_their_markup():
    for key in ("explorer.page_notice", "reddi.page_notice", "paths.page_notice"):
        tags = lambda text: re.findall(r"</?\w+>", text)  # noqa: E731
        assert tags(CATALOGUE["zh"][key]) == tags(CATALOGUE["en"][key])


# --- What the notebooks and the book's helpers print and draw (TEXTS) -------------------


def tr_texts(source):
    """The string constants handed to ``tr`` (``d2l.tr`` in a chapter) in ``source``.
    Texts chosen at run time (``d2l.tr(name)``, ``name`` from a dict) are checked on
    the executed editions, in test_zh_run.py."""
    tree = ast.parse("\n".join(line for line in source.split("\n") if not line.startswith("%")))
    return [
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (getattr(node.func, "attr", None) == "tr" or getattr(node.func, "id", None) == "tr")
        and node.args
        and isinstance(node.args[0], ast.Constant)
    ]


def english_texts():
    """Every constant text the English notebooks and d2l_local pass to ``tr``."""
    texts = [
        text
        for english in EDITIONS
        for cell in jupytext.read(english).cells
        if cell.cell_type == "code"
        for text in tr_texts(cell.source)
    ]
    for module in sorted((ROOT / "d2l_local").rglob("*.py")):
        texts += tr_texts(module.read_text())
    return set(texts)


def test_every_text_the_english_passes_to_tr_has_a_chinese_translation():
    texts = english_texts()
    assert len(texts) >= 100  # a real collection: the notebooks' and the helpers'
    assert {"loss: {loss:.3f}, {seconds:.3f} sec/epoch", "Adam (ours)", "step t"} <= texts
    missing = sorted(t for t in texts if re.search("[A-Za-z]{2}", t) and t not in TEXTS["zh"])
    assert missing == [], "add these to TEXTS_ZH in d2l_local/messages/zh.py"


def test_chinese_texts_keep_the_english_fields_and_are_chinese():
    """Same ``str.format`` fields with the same specs ("{diff:.1e}" stays "{diff:.1e}"),
    and written in Chinese."""
    differ = [en for en, zh in TEXTS["zh"].items() if fields(zh) != fields(en)]
    assert differ == []
    assert [en for en, zh in TEXTS["zh"].items() if not any(cjk(ch) for ch in zh)] == []


def test_english_prints_the_english_text_and_chinese_its_translation():
    from d2l_local import messages

    try:
        assert messages.tr("diverged at step {step}", step=20) == "diverged at step 20"
        messages.use_language("zh")
        assert messages.tr("diverged at step {step}", step=20) == "在第 20 步发散"
        assert messages.tr("Adam") == "Adam"  # a name has no entry and stays as it is
    finally:
        messages.use_language("en")


def test_chinese_figures_get_a_font_with_chinese_glyphs_and_english_ones_the_default():
    import matplotlib

    from d2l_local.book import plotting

    try:
        plotting.use_fonts_for("zh")
        family = matplotlib.rcParams["font.family"]
        assert family[0] in plotting.CJK_FONTS and family[1:] == ["DejaVu Sans"]
    finally:
        plotting.use_fonts_for("en")
    assert matplotlib.rcParams["font.family"] == matplotlib.rcParamsDefault["font.family"]


def test_without_a_chinese_font_the_warning_names_the_fix(monkeypatch):
    import matplotlib

    from d2l_local.book import plotting

    monkeypatch.setattr(plotting, "CJK_FONTS", ("No Such Font SC",))
    monkeypatch.setattr(plotting.font_manager, "findSystemFonts", lambda: [])
    before = matplotlib.rcParams["font.family"]
    with pytest.warns(UserWarning, match="apt install fonts-noto-cjk"):
        plotting.use_fonts_for("zh")
    assert matplotlib.rcParams["font.family"] == before  # nothing half-set


# --- tools/sync_zh on small notebooks --------------------------------------------


def notebook(*cells):
    """Cells given as ("md", text) or ("code", source)."""
    make = {"md": nbformat.v4.new_markdown_cell, "code": nbformat.v4.new_code_cell}
    return nbformat.v4.new_notebook(cells=[make[kind](text) for kind, text in cells])


ENGLISH = notebook(
    ("md", "# Title"),
    ("code", "import torch\n\ntorch.manual_seed(0)  # the seed"),
    ("md", "Some prose."),
    ("code", "x = 1  # (1)\n# a whole-line comment\ny = '# not a comment'"),
)
CHINESE = notebook(("md", "# 标题"), ("md", "一段文字。"))  # a first draft: markdown only
TABLE = {"the seed": "随机种子", "a whole-line comment": "整行注释"}


def sources(nb):
    return [(c.cell_type, c.source) for c in nb.cells]


def test_sync_fills_in_the_code_cells_of_a_draft():
    built, missing = chinese_edition(ENGLISH, CHINESE, TABLE)
    assert missing == []
    assert sources(built) == [
        ("markdown", "# 标题"),
        ("code", f"import torch\n\n{LANGUAGE_LINE}  # 控件、提示和练习检查都用中文\n"
                 "torch.manual_seed(0)  # 随机种子"),
        ("markdown", "一段文字。"),
        ("code", "x = 1  # (1)\n# 整行注释\ny = '# not a comment'"),
    ]  # fmt: skip


def test_sync_follows_a_changed_or_added_english_code_cell():
    chinese, _ = chinese_edition(ENGLISH, CHINESE, TABLE)
    english = notebook(
        ("md", "# Title"),
        ("code", "import torch\n\ntorch.manual_seed(1)  # the seed"),
        ("md", "Some prose."),
        ("code", "z = 3"),
        ("code", "x = 1  # (1)\n# a whole-line comment\ny = '# not a comment'"),
    )
    built, _ = chinese_edition(english, chinese, TABLE)
    assert [c.cell_type for c in built.cells] == ["markdown", "code", "markdown", "code", "code"]
    assert "torch.manual_seed(1)  # 随机种子" in built.cells[1].source
    assert built.cells[3].source == "z = 3" and built.cells[2].source == "一段文字。"


def test_sync_refuses_a_markdown_cell_only_the_english_has_and_names_it():
    chinese, _ = chinese_edition(ENGLISH, CHINESE, TABLE)
    english = notebook(*[(("md" if c.cell_type == "markdown" else "code"), c.source)
                         for c in ENGLISH.cells], ("md", "## A new section"))  # fmt: skip
    with pytest.raises(StructureError, match="(?s)English has 1 markdown cell.*A new section"):
        chinese_edition(english, chinese, TABLE)


def test_sync_refuses_when_english_drops_a_markdown_cell():
    chinese, _ = chinese_edition(ENGLISH, CHINESE, TABLE)
    english = notebook(
        ("md", "# Title"),
        ("code", "import torch\n\ntorch.manual_seed(0)  # the seed"),
        ("code", "x = 1  # (1)\n# a whole-line comment\ny = '# not a comment'"),
    )
    with pytest.raises(StructureError, match="English has 0 markdown cell.*Chinese 1"):
        chinese_edition(english, chinese, TABLE)


def test_sync_keeps_an_untranslated_comment_and_reports_it():
    source, missing = translate_comments("a = 1  # brand new\nb = 2  # (6), (7)", TABLE)
    assert source == "a = 1  # brand new\nb = 2  # (6), (7)" and missing == ["brand new"]


def test_the_language_line_goes_after_the_imports():
    assert add_language_line("import a\nfrom b import c\n\nrun()") == (
        f"import a\nfrom b import c\n\n{LANGUAGE_LINE}  # 控件、提示和练习检查都用中文\nrun()"
    )
    assert add_language_line("run()").endswith(LANGUAGE_LINE + "  # 控件、提示和练习检查都用中文")


# --- The README in Chinese ----------------------------------------------------------


def commands(readme):
    """The command lines of the first ```bash block, without their comments."""
    block = re.search(r"```bash\n(.*?)```", readme, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines()]


def test_the_chinese_readme_gives_the_two_commands_and_how_to_open_the_chinese_edition():
    english, chinese = (ROOT / "README.md").read_text(), (ROOT / "README.zh.md").read_text()
    assert commands(chinese) == commands(english) == ["make lab", "make test"]
    assert "(README.zh.md)" in english and "(README.md)" in chinese
    for stem in ("adam_zh", "adam_in_depth_zh", "adam_in_practice_zh", "adam_solutions_zh"):
        assert f"make lab CHAPTER=chapters/{stem}" in chinese
        plan = subprocess.run(
            ["make", "-n", "lab", f"CHAPTER=chapters/{stem}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        # (under `make test`, a nested make also prints Entering/Leaving directory lines)
        lab = next(line for line in plan.splitlines() if "jupyter lab" in line)
        assert lab.endswith(f"chapters/{stem}.ipynb")
