"""Every student can use the pages: WCAG 2.2 AA as axe-core checks it, and a text
alternative for every figure matplotlib draws.

Browser: axe-core (tests/axe.py; WCAG 2.0, 2.1 and 2.2, levels A and AA) on every
exported page, light and dark, once its figures are drawn; then each figure is used as
a reader uses it (a slider moved by a key, a preset clicked, a switch pressed, a
landscape cell and the path explorer's plot clicked) and the figures are checked again
in both schemes. A failure names the rule and each element (its selector and html).

Without a browser: each cell that draws with matplotlib says what its figure shows
(``d2l.describe_figure``, before it draws), in the edition's language; the exported
pages give it as the picture's alt.
"""

import ast
import json
import re

import jupytext
import nbformat
import pytest
from axe import READY, SCHEMES, VIEWPORT, axe_source, report, violations
from bs4 import BeautifulSoup

from d2l_local.messages import TEXTS
from tools.browser import block_network, collect_errors
from tools.build_html import chapters

CHAPTERS = chapters()
SETTLED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
CJK = re.compile(r"[\u4e00-\u9fff]")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def axe_js():
    return axe_source()


def use_figure(page, figure):
    """Use each kind of control ``figure`` has, as a reader does; return what was used."""
    used = []
    sliders = figure.locator("input[type=range]")
    if sliders.count():
        sliders.first.focus()
        page.keyboard.press("ArrowRight")
        used.append("slider")
    presets = figure.locator(".d2l-presets button")
    if presets.count():
        presets.last.click()
        used.append("preset")
    switches = figure.locator("input[type=checkbox], input[type=radio]")
    if switches.count():
        switches.last.click()
        used.append("switch")
    cells = figure.locator(".d2l-hover-layer")
    if cells.count():
        cells.first.click()  # its middle: a cell of the landscape, opened in the explorer
        used.append("landscape cell")
    if figure.locator(".d2l-paths-plot").count():
        box = figure.locator("rect.d2l-frame").bounding_box()
        page.mouse.click(box["x"] + 0.3 * box["width"], box["y"] + 0.6 * box["height"])
        used.append("start point")
    page.evaluate(SETTLED)
    return used


@pytest.mark.parametrize("name", [chapter.stem for chapter in CHAPTERS])
def test_no_wcag_a_or_aa_violation_before_and_after_using_the_figures(
    browser, built_pages, axe_js, name
):
    page = browser.new_page(viewport=VIEWPORT)
    blocked, errors = block_network(page), collect_errors(page)
    page.goto(built_pages[name].page.as_uri())
    page.wait_for_function(READY, timeout=60_000)
    found = {}
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        found[scheme] = violations(page, axe_js)
    figures = page.locator(".d2l-figure")
    used = [use_figure(page, figures.nth(i)) for i in range(figures.count())]
    assert all(used), f"a figure of {name} has no control this test knows: {used}"
    if used:
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            after = violations(page, axe_js, within=".d2l-figure")
            found[f"{scheme}, figures after using them ({', '.join(sum(used, []))})"] = after
    page.close()
    failures = {state: report(v) for state, v in found.items() if v}
    assert failures == {}, "\n".join(f"{name}, {s}:\n{text}" for s, text in failures.items())
    assert blocked == [] and errors == []


# --- the figures matplotlib draws ------------------------------------------------------

# What draws a matplotlib figure in a cell: pyplot itself and the book's helpers.
DRAWS = re.compile(
    r"\b(plt\.subplots|plt\.figure|d2l\.plot|train_ch11|train_concise_ch11|plot_reddi"
    r"|show_landscape|plot_landscape|show_trace_2d)\("
)


def description(source):
    """The constant text of the cell's ``d2l.describe_figure(d2l.tr("..."))``, and the
    line it is on; or (None, None)."""
    lines = ("" if line.startswith("%") else line for line in source.split("\n"))  # magics
    tree = ast.parse("\n".join(lines))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "describe_figure":
            (text,) = node.args
            assert isinstance(text, ast.Call) and getattr(text.func, "attr", None) == "tr"
            return text.args[0].value, node.lineno
    return None, None


def figure_cells(chapter):
    return [
        cell
        for cell in jupytext.read(chapter).cells
        if cell.cell_type == "code" and DRAWS.search(cell.source)
    ]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.stem)
def test_each_cell_that_draws_says_what_its_figure_shows_in_its_language(chapter):
    chinese = chapter.stem.endswith("_zh")
    for cell in figure_cells(chapter):
        text, line = description(cell.source)
        first_line = cell.source.split("\n")[0]
        assert text, f"{chapter.name}: a cell draws without d2l.describe_figure: {first_line}"
        draws_at = cell.source[: DRAWS.search(cell.source).start()].count("\n") + 1
        assert line <= draws_at, f"{chapter.name}: describe the figure before drawing it"
        assert len(text.split()) >= 8 and not CJK.search(text), text  # a sentence, English
        if chinese:
            assert CJK.search(TEXTS["zh"].get(text, "")), f"no Chinese for: {text}"


def test_the_chapters_draw_figures_and_describe_them():
    """Not vacuous: the lesson, its companions and the solutions draw 16 figures."""
    english = [c for c in CHAPTERS if not c.stem.endswith("_zh")]
    assert sum(len(figure_cells(chapter)) for chapter in english) == 16


def test_describe_figure_refuses_an_empty_description():
    from d2l_local import torch as d2l

    with pytest.raises(ValueError, match="a sentence saying what it shows"):
        d2l.describe_figure("  ")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda chapter: chapter.stem)
def test_each_figure_on_the_page_has_its_cells_description_as_alt(built_pages, chapter):
    """The run puts the words in the figure's output (metadata "alt"), and the page
    makes them the picture's alt: a plain figure's <img>, and the landscape's, which
    its front end draws from the figure's state."""
    built = built_pages[chapter.stem]
    notebook = nbformat.read(built.executed, as_version=4)
    plain, widgets = [], []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if "image/svg+xml" in output.get("data", {}):
                alt = output.metadata["image/svg+xml"]["alt"]
                assert bool(CJK.search(alt)) == chapter.stem.endswith("_zh"), alt
                widget = WIDGET_VIEW in output.data
                (widgets if widget else plain).append(alt)
    assert len(plain) + len(widgets) == len(figure_cells(chapter))
    soup = BeautifulSoup(built.page.read_text(), "html.parser")
    assert [img.get("alt") for img in soup.select(".jp-OutputArea-output img")] == plain
    state = soup.find("script", type="application/vnd.jupyter.widget-state+json")
    models = json.loads(state.string)["state"].values() if state else []
    in_state = [m["state"]["spec"].get("alt") for m in models if "svg" in m["state"]["spec"]]
    assert in_state == widgets
