"""The exported pages (`make html`) and the figures (`make figures`), without a browser.

The browser checks live in test_browser_html.py; these read the files: the pages of
the lesson, its companion and Adam in practice need nothing from the network, their
internal links land (and their links to each other), a second build from the same run
gives the same page, and the committed figures are what the notebooks draw today.
"""

import base64
import io
import re
from types import SimpleNamespace
from urllib.parse import unquote

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from PIL import Image

from tools.build_html import write_page
from tools.make_figures import FIGURES, FigureError, figures_of, tagged_figures
from tools.npm_assets import package_dir
from tools.run_chapter import normalize
from tools.tex_to_html import TexCollector, TexError

MAX_PAGE_BYTES = 2_500_000  # issue 12: the page computes, it carries no widget renderer


@pytest.fixture(scope="module")
def page(built_page):
    return built_page


@pytest.fixture(scope="module")
def soup(page):
    return BeautifulSoup(page.page.read_text(), "html.parser")


@pytest.fixture(scope="module", params=["lesson", "in_depth", "in_practice"])
def any_page(request, built_page, built_in_depth_page, built_in_practice_page):
    """Each page in turn: the lesson's, its companion's and Adam in practice's. (All are
    named as arguments, so that the tiers in conftest.py see the notebook runs they need.)"""
    built = {
        "lesson": built_page,
        "in_depth": built_in_depth_page,
        "in_practice": built_in_practice_page,
    }[request.param]
    return SimpleNamespace(built=built, soup=BeautifulSoup(built.page.read_text(), "html.parser"))


@pytest.fixture(scope="module")
def in_depth_soup(built_in_depth_page):
    return BeautifulSoup(built_in_depth_page.page.read_text(), "html.parser")


def test_page_loads_nothing_from_elsewhere(any_page):
    page, soup = any_page.built, any_page.soup
    assert not soup.select("script[src]"), "scripts must be inlined"
    assert not soup.select("link[href]"), "stylesheets must be inlined"
    for img in soup.find_all("img"):
        assert img["src"].startswith("data:"), f"image not embedded: {img['src'][:80]}"
    urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", " ".join(s.get_text() for s in soup("style")))
    assert urls and all(u.startswith("data:") for u in urls), [
        u[:60] for u in urls if not u.startswith("data:")
    ]
    assert page.page.stat().st_size < MAX_PAGE_BYTES


def test_every_formula_is_typeset(any_page):
    text, soup = any_page.built.page.read_text(), any_page.soup
    assert "<!--tex:" not in text, "a formula was collected but never typeset"
    assert len(soup.select(".katex math")) > 20  # both notebooks are full of formulas
    assert not soup.select(".katex-error")


def test_internal_links_land_on_an_element(any_page):
    soup = any_page.soup
    ids = {element["id"] for element in soup.find_all(id=True)}
    links = {a["href"][1:] for a in soup.find_all("a", href=True) if a["href"].startswith("#")}
    assert links, "the chapter has no cross-links at all?"
    missing = sorted(link for link in links if link not in ids and unquote(link) not in ids)
    assert not missing


def test_building_twice_from_one_run_gives_the_same_page(page, executed_chapter, tmp_path):
    """The build adds nothing random of its own. (What a run leaves random, ids of
    cells and widget models, is renumbered by content: tested below without a
    second run of the chapter; the committed figures check the SVGs across runs.)"""
    again, _ = write_page(executed_chapter, tmp_path)
    first, second = page.page.read_text(), again.read_text()
    assert first == second, first_difference(first, second)


def first_difference(a, b):
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"builds differ at {i}: {a[i - 80 : i + 80]!r} vs {b[i - 80 : i + 80]!r}"


NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=\s]+)")
IMAGE_ID = re.compile(r'id="image[0-9a-f]+"')  # matplotlib's: a hash of the pixels
COORDINATE_TOLERANCE = 0.01  # pt: 1/75 of a pixel
PIXEL_TOLERANCE = 4  # of 255, in each channel of an embedded image (the heatmap)


def same_figure(a, b):
    """The same SVG text, its numbers within COORDINATE_TOLERANCE and its images' pixels
    within PIXEL_TOLERANCE.

    A run with another BLAS or CPU moves what the chapter draws by rounding. Measured
    on an AVX-512 machine under MKL_ENABLE_INSTRUCTIONS=AVX2 and SSE4_2, over all seven
    figures: 36 of 62,000 numbers moved, by at most 3.2e-5 pt, and one cell of the
    landscape's heatmap changed colour by 2 levels of 255. Rounding the numbers to a
    grid would not do: a number on a rounding boundary flips."""
    images = [PNG.findall(svg) for svg in (a, b)]
    a, b = (IMAGE_ID.sub("", PNG.sub("", svg)) for svg in (a, b))
    numbers = [np.array(NUMBER.findall(svg), dtype=float) for svg in (a, b)]
    return (
        NUMBER.split(a) == NUMBER.split(b)
        and numbers[0].shape == numbers[1].shape
        and bool(np.all(np.abs(numbers[0] - numbers[1]) <= COORDINATE_TOLERANCE))
        and len(images[0]) == len(images[1])
        and all(map(same_pixels, *images))
    )


def same_pixels(a, b):
    a, b = (np.asarray(Image.open(io.BytesIO(base64.b64decode(png))), dtype=int) for png in (a, b))
    return a.shape == b.shape and np.abs(a - b).max() <= PIXEL_TOLERANCE


def test_committed_figures_are_what_the_notebooks_draw(
    page, built_in_depth_page, built_in_practice_page
):
    drawn = figures_of(
        nbformat.read(built.executed, as_version=4)
        for built in (page, built_in_depth_page, built_in_practice_page)
    )
    assert {"bias_correction", "adam_scratch", "adam_trace", "landscape"} <= set(drawn)
    assert {"decoupling", "schedules"} <= set(drawn)
    committed = {p.stem: p.read_text() for p in FIGURES.glob("*.svg")}
    stale = sorted(
        name for name, svg in drawn.items() if not same_figure(committed.get(name, ""), svg)
    )
    orphans = sorted(set(committed) - set(drawn))
    assert not stale, f"figures/ is out of date for {stale}: run `make figures` and commit"
    assert not orphans, f"figures/ has SVGs no chapter cell draws: {orphans}"


def test_readme_figure_exists():
    readme = (ROOT / "README.md").read_text()
    for path in re.findall(r"\]\((figures/[^)]+)\)", readme):
        assert (ROOT / path).exists(), path


def test_bad_tex_is_a_clear_error_naming_the_formula():
    tex = TexCollector()
    good, bad = tex.placeholder("x^2", display=False), tex.placeholder(r"\frac{x", True)
    with pytest.raises(TexError, match=r"frac\{x"):
        tex.typeset(f"<p>{good} {bad}</p>", package_dir("katex"))


def test_formulas_are_typeset_in_place():
    tex = TexCollector()
    html = f"<p>a {tex.placeholder('x^2', display=False)} b</p>"
    typeset = tex.typeset(html, package_dir("katex"))
    assert typeset.startswith('<p>a <span class="katex">') and typeset.endswith(" b</p>")
    assert "<msup><mi>x</mi><mn>2</mn></msup>" in typeset


def test_two_notebooks_drawing_one_figure_is_an_error():
    def notebook():
        svg = nbformat.v4.new_output("display_data", data={"image/svg+xml": "<svg/>"})
        cell = nbformat.v4.new_code_cell("plot()", metadata={"tags": ["figure:curve"]})
        cell.outputs = [svg]
        return nbformat.v4.new_notebook(cells=[cell])

    with pytest.raises(FigureError, match="two notebooks draw figure:curve"):
        figures_of([notebook(), notebook()])


def test_the_lesson_and_its_companion_link_each_other_on_their_pages(soup, in_depth_soup):
    ids = {element["id"] for element in in_depth_soup.find_all(id=True)}
    to_companion = [a["href"] for a in soup.find_all("a", href=True)]
    anchors = {h.split("#")[1] for h in to_companion if h.startswith("adam_in_depth.html#")}
    assert {"two-d", "explorer", "landscape", "speed", "bias-off"} <= anchors
    assert not sorted(anchors - ids), "a link of the lesson misses its place in the companion"
    assert in_depth_soup.find("a", href="adam.html")  # and back


def test_a_figure_tag_on_a_cell_without_svg_is_an_error():
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("print(1)", metadata={"tags": ["figure:curve"]})]
    )
    with pytest.raises(FigureError, match="figure:curve"):
        tagged_figures(notebook)


def test_widget_ids_and_cell_ids_are_renumbered_by_content_not_kernel_order():
    view, layout, orphan = "ab" * 16, "cd" * 16, "ef" * 16

    def notebook(order):
        models = {
            view: {"state": {"layout": f"IPY_MODEL_{layout}"}},
            layout: {"state": {}},
            orphan: {"state": {"value": 1}},
        }
        nb = nbformat.v4.new_notebook(
            cells=[
                nbformat.v4.new_code_cell(
                    "w",
                    outputs=[
                        nbformat.v4.new_output(
                            "display_data",
                            data={"application/vnd.jupyter.widget-view+json": {"model_id": view}},
                        )
                    ],
                )
            ]
        )
        nb.metadata["widgets"] = {
            "application/vnd.jupyter.widget-state+json": {
                "state": {key: models[key] for key in order}
            }
        }
        return nbformat.writes(normalize(nb))

    text = notebook([orphan, layout, view])
    assert text == notebook([view, orphan, layout])  # the kernel's order does not matter
    assert view not in text and layout not in text and orphan not in text
    assert '"model_id": "00000000000000000000000000000001"' in text  # the displayed view
    assert '"IPY_MODEL_00000000000000000000000000000002"' in text  # what it refers to
    assert '"00000000000000000000000000000003": {' in text  # reached from nothing
    assert '"id": "cell-0"' in text


def test_the_page_carries_only_the_katex_fonts_its_formulas_use():
    from tools.tex_to_html import katex_css

    katex = package_dir("katex")
    plain = katex_css(katex, html='<span class="katex"><span class="mord">x</span></span>')
    fancy = katex_css(katex, html='<span class="mord mathcal">A</span>')

    def fonts(css):
        return set(re.findall(r"@font-face\{[^}]*?font-family:(KaTeX_\w+)", css))

    assert fonts(plain) == {
        "KaTeX_Main",
        "KaTeX_Math",
        "KaTeX_Size1",
        "KaTeX_Size2",
        "KaTeX_Size3",
        "KaTeX_Size4",
    }
    assert fonts(fancy) == fonts(plain) | {"KaTeX_Caligraphic"}
    assert len(fonts(katex_css(katex))) == 11  # no html given: every family (the 20 files)


def test_notebook_links_point_to_pages_and_editions_link_each_other(page):
    html = page.page.read_text()
    assert 'href="adam_solutions.html#solution-2"' in html and ".ipynb#" not in html
    solutions = (ROOT / "chapters" / "adam_solutions.py").read_text()
    assert "(adam.ipynb#exercise-2)" in solutions  # in JupyterLab the link opens the notebook


@pytest.fixture(scope="module")
def solutions_page(executed_solutions, tmp_path_factory):
    """The worked solutions' page, written as ``make html`` writes it."""
    from tools.lesson import SOLUTIONS

    page, _ = write_page(executed_solutions, tmp_path_factory.mktemp("solutions"), SOLUTIONS)
    return page


def test_exercises_and_solutions_link_to_each_other_and_the_chapter_gives_nothing_away(
    soup, solutions_page
):
    from tools.lesson import SOLUTION_NAMES

    solutions = BeautifulSoup(solutions_page.read_text(), "html.parser")
    for n in range(1, 9):
        assert soup.find(id=f"exercise-{n}") and solutions.find(id=f"solution-{n}"), n
        assert soup.find("a", href=f"adam_solutions.html#solution-{n}"), n
        assert solutions.find("a", href=f"adam.html#exercise-{n}"), n
    chapter_code = " ".join(pre.get_text() for pre in soup.select(".jp-InputArea pre"))
    assert not [name for name in SOLUTION_NAMES if f"def {name}(" in chapter_code]
    assert solutions_page.stat().st_size < MAX_PAGE_BYTES
