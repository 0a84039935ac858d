"""The exported pages in Chromium, opened from file:// with the network cut: the
lesson's and its companion's, each test on both.

What a reader without a kernel (or without internet) sees: typeset equations,
every figure drawn, the interactive figures drawn by their own front end, and not
one request leaving the machine nor one console error. What those figures compute
is checked in test_browser_page.py.
"""

from types import SimpleNamespace

import nbformat
import pytest

from tools.browser import open_offline_page

# Text a reader sees, without code, scripts, styles and KaTeX's hidden TeX source.
VISIBLE_PROSE = """() => {
  const body = document.body.cloneNode(true);
  body.querySelectorAll('pre, code, script, style, annotation, .jp-InputArea')
      .forEach(e => e.remove());
  return body.textContent;
}"""

# The interactive figures are drawn once the page's runtime has imported their module.
VIEW = "application/vnd.jupyter.widget-view+json"


IN_VIEW = """e => { const r = e.getBoundingClientRect();
                   return r.top >= 0 && r.top < window.innerHeight; }"""


# The interactive figures each page shows (the kinds of their front end).
FIGURE_KINDS = {
    "built_page": {"d2l-explorer", "d2l-reddi"},
    "built_in_depth_page": {"d2l-paths", "d2l-explorer", "d2l-landscape"},
}


@pytest.fixture(scope="module", params=list(FIGURE_KINDS))
def loaded(browser, request):
    """A page once loaded, with what it tried to fetch and the errors it logged."""
    built_page = request.getfixturevalue(request.param)
    page = open_offline_page(browser, built_page.page, viewport={"width": 1100, "height": 900})
    blocked, errors = page.blocked, page.errors
    page.evaluate("document.fonts.ready.then(() => true)")
    notebook = nbformat.read(built_page.executed, as_version=4)
    yield SimpleNamespace(
        page=page, blocked=blocked, errors=errors, notebook=notebook, name=request.param
    )
    page.close()


@pytest.fixture
def page(loaded):
    return loaded.page


def test_nothing_is_fetched_and_nothing_fails(loaded):
    assert loaded.blocked == []
    assert loaded.errors == []


def test_equations_are_typeset(loaded):
    page = loaded.page
    assert page.locator(".katex math").count() > 20
    displayed = {"built_page": 5, "built_in_depth_page": 0}  # the companion's are all inline
    assert page.locator(".katex-display").count() >= displayed[loaded.name]
    prose = page.evaluate(VISIBLE_PROSE)
    assert "$$" not in prose
    assert "\\frac" not in prose and "\\mathbf" not in prose
    # KaTeX's fonts are inlined, so they load with the network cut.
    loaded_fonts = page.evaluate(
        "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert {"KaTeX_Main", "KaTeX_Math"} <= {f.strip('"') for f in loaded_fonts}, loaded_fonts


def test_a_reference_link_scrolls_to_the_bibliography(page):
    link = page.locator('a[href^="#ref-"]').first
    target = page.locator(f"[id='{link.get_attribute('href')[1:]}']")
    page.evaluate("window.scrollTo(0, 0)")
    assert not target.evaluate(IN_VIEW)
    link.click()
    page.wait_for_function(
        f"() => ({IN_VIEW})(document.getElementById({link.get_attribute('href')[1:]!r}))",
        timeout=5_000,
    )


def test_layout_is_one_readable_column_that_never_scrolls_sideways(page):
    column = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main')).width)")
    assert 600 < column <= 52 * 16  # at most 52rem of text, however wide the window
    page.set_viewport_size({"width": 480, "height": 900})  # a phone
    try:
        page.wait_for_timeout(200)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, "long code or a figure makes the page scroll sideways"
    finally:
        page.set_viewport_size({"width": 1100, "height": 900})


def test_every_image_and_figure_is_drawn(loaded):
    images = loaded.page.evaluate(
        "[...document.images].map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
    )
    assert images, "the page shows no image at all"
    assert all(done and w > 0 and h > 0 for done, w, h in images), images
    drawn = loaded.page.locator('.jp-RenderedSVG img[src^="data:image/svg+xml"]').count()
    assert drawn == svg_outputs(loaded.notebook) > 0, "a figure of the chapter is missing"


def svg_outputs(notebook):
    """Static SVG figures in cell outputs (an output that is also a figure widget, the
    landscape, carries its picture for readers without JavaScript: the page draws
    the widget instead)."""
    outputs = [
        output.get("data", {}) for cell in notebook.cells for output in cell.get("outputs", [])
    ]
    return sum("image/svg+xml" in data and VIEW not in data for data in outputs)


def test_every_figure_widget_is_drawn(loaded):
    views = sum(
        VIEW in output.get("data", {})
        for cell in loaded.notebook.cells
        for output in cell.get("outputs", [])
    )
    page = loaded.page
    assert page.locator(f'script[type="{VIEW}"]').count() == 0  # all replaced
    assert page.locator(".d2l-page-figure > .d2l-figure").count() == views >= 2
    kinds = page.evaluate("[...document.querySelectorAll('.d2l-figure')].map(e => e.className)")
    shown = {kind for k in kinds for kind in k.split() if kind != "d2l-figure"}
    assert shown == FIGURE_KINDS[loaded.name], shown
