"""Projector mode on every exported page, in Chromium offline: its button, the key P and
#present open it; at 1024 × 768 and 1920 × 1080, light and dark, no slide is wider than
the screen or clipped, a tall one scrolls down (PageDown pages through it) and every
figure's picture is whole on the screen; a figure in its slide is live; Escape gives
the page back as it was; moves are announced and focus follows; the Chinese pages speak
Chinese; print is the whole page; axe-core finds nothing in projector mode.

Measured when this was written (present.css): the text is 19.2 px at 1024 × 768 and
31.3 px at 1920 × 1080 (the page reads at 16 px); every figure's slide fits the screen
but the path explorer's at 1024 × 768, whose plot is whole at the top and whose status
lines scroll (887 px of 768).
"""

import re

import pytest
from axe import SCHEMES, axe_source, report, violations

from tools.browser import open_offline_page
from tools.build_html import chapters

NAMES = [chapter.stem for chapter in chapters()]
SIZES = {"1024x768": (1024, 768), "1920x1080": (1920, 1080)}
CJK = re.compile(r"[\u4e00-\u9fff]")
SETTLED = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
FADED = "() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)))"

STATE = """() => {
  const bar = document.querySelector('.d2l-present-bar');
  return {
    presenting: document.documentElement.classList.contains('d2l-presenting'),
    count: bar.hidden ? null : bar.querySelector('.d2l-present-count').textContent,
    title: bar.querySelector('.d2l-present-title').textContent,
    figure: document.documentElement.classList.contains('d2l-present-figure'),
    said: document.querySelector('.d2l-present-live').textContent,
    focus: document.activeElement === document.querySelector('main') ? 'main'
      : document.activeElement.getAttribute('aria-label') ?? document.activeElement.className,
    hash: location.hash,
  };
}"""

# What the slide shows, measured: sideways, the page and every element shown (an
# element that scrolls or clips sideways, one that sticks out of the screen); down, the
# page's height, the pictures of a figure, and the bottom of the last block once the
# page is scrolled to its end, against the top of the bar. Left out: what is hidden
# on purpose (KaTeX's MathML, the figures' words for screen readers) and the drawings
# inside an SVG (KaTeX clips its long strokes).
MEASURE = """() => {
  const scroller = document.scrollingElement;
  const bar = document.querySelector('.d2l-present-bar').getBoundingClientRect();
  const shown = [...document.querySelectorAll('main .d2l-on, main .d2l-on *')].filter((e) =>
    e.getClientRects().length && !e.closest('.katex-mathml, .d2l-visually-hidden')
    && !e.parentElement.closest('svg'));
  const name = (e) => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''}`;
  const sideways = shown.filter((e) => e.scrollWidth > e.clientWidth + 1
    && /auto|scroll|hidden|clip/.test(getComputedStyle(e).overflowX)).map(name);
  const outside = shown.filter((e) => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.left < -1 || r.right > innerWidth + 1);
  }).map(name);
  const pictures = [...document.querySelectorAll(
    'main .d2l-on :is(svg.d2l-svg, .d2l-picture img, .jp-RenderedSVG img, .jp-RenderedImage img)')]
    .filter((e) => e.getClientRects().length).map((e) => { const r = e.getBoundingClientRect();
      return {top: r.top, bottom: r.bottom, height: r.height}; });
  const top = scroller.scrollTop;
  scroller.scrollTop = scroller.scrollHeight;
  const blocks = [...document.querySelectorAll('main .d2l-slide-part.d2l-on')]
    .filter((e) => e.getClientRects().length);
  const end = Math.max(...blocks.map((e) => e.getBoundingClientRect().bottom));
  scroller.scrollTop = top;
  return {page: scroller.scrollWidth - innerWidth, height: scroller.scrollHeight,
    screen: innerHeight, bar: bar.top, sideways, outside, pictures, end,
    overflowY: getComputedStyle(document.documentElement).overflowY,
    text: parseFloat(getComputedStyle(document.querySelector('.jp-RenderedMarkdown')).fontSize)};
}"""


@pytest.fixture(scope="module")
def opened(browser, built_pages):
    """A function that opens a page (optionally at a fragment) at a size and scheme."""
    pages = []

    def open_page(name="adam", size="1024x768", scheme="light", fragment="", **options):
        width, height = SIZES[size]
        page = open_offline_page(
            browser,
            built_pages[name].page,
            fragment,
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            **options,
        )
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        assert page.blocked == [] and page.errors == [], (page.blocked, page.errors)
        page.close()


def state(page):
    page.evaluate(SETTLED)  # the live region speaks in the next frame
    return page.evaluate(STATE)


def total(page):
    return int(state(page)["count"].split(" / ")[1])


# --- entering and leaving ------------------------------------------------------------


def test_the_button_the_key_p_and_the_link_open_it(opened):
    page = opened()
    button = page.get_by_role("button", name="Projector mode")
    assert button.is_visible() and button.get_attribute("aria-keyshortcuts") == "p"
    assert state(page)["presenting"] is False
    button.click()
    now = state(page)
    assert now["presenting"] and now["count"] == f"1 / {total(page)}" and now["title"] == "Adam"
    assert now["said"] == f"Projector mode. Slide 1 of {total(page)}: Adam"
    assert now["focus"] == "main" and now["hash"] == "#present/1"
    page.keyboard.press("Escape")
    now = state(page)
    assert not now["presenting"] and now["hash"] == "" and now["said"] == "Projector mode left."
    assert now["focus"] == "d2l-present"  # back on the button that opened it

    page.keyboard.press("p")
    assert state(page)["presenting"]
    page.keyboard.press("P")  # the same key closes it
    assert not state(page)["presenting"]

    linked = opened(fragment="#present")
    assert state(linked)["count"] == f"1 / {total(linked)}"
    fifth = opened(fragment="#present/5")
    assert state(fifth)["count"] == f"5 / {total(fifth)}"
    fifth.evaluate("location.hash = '#present/2'")  # a link followed in the mode
    assert state(fifth)["count"] == f"2 / {total(fifth)}"


def test_the_key_p_can_be_turned_off_and_stays_off(opened):
    """WCAG 2.1.4: a one-letter shortcut a reader can turn off; Escape and the button
    still work, and the choice holds after a reload. The switch is in the contents,
    a menu at this width."""
    page = opened()
    page.locator(".d2l-contents summary").click()
    switch = page.get_by_role("checkbox", name="The key P starts projector mode")
    button = page.get_by_role("button", name="Projector mode")
    assert switch.is_checked()
    switch.uncheck()
    assert button.get_attribute("aria-keyshortcuts") is None
    page.keyboard.press("p")  # on the switch itself, as anywhere
    assert state(page)["presenting"] is False
    button.click()
    assert state(page)["presenting"]
    page.keyboard.press("p")  # nor does it leave: Escape does
    assert state(page)["presenting"]
    page.keyboard.press("Escape")
    page.reload()
    page.locator(".d2l-contents summary").click()
    switch = page.get_by_role("checkbox", name="The key P starts projector mode")
    assert not switch.is_checked()
    switch.check()
    page.keyboard.press("p")
    assert state(page)["presenting"]


def test_p_typed_into_a_field_is_a_letter(opened):
    page = opened("adam_in_depth")
    field = page.locator(".d2l-paths input[type=number]").first
    field.focus()
    page.keyboard.press("p")
    assert state(page)["presenting"] is False


def test_escape_gives_the_page_back_as_it_was(opened):
    page = opened()
    page.evaluate("document.getElementById('Bias-correction').scrollIntoView()")
    page.evaluate("scrollBy(0, 40)")
    before = page.evaluate("scrollY")
    page.evaluate("""() => { window.figuresBefore = [...document.querySelectorAll(
      '.d2l-page-figure')].map((f) => [f, f.parentElement, f.nextSibling,
      f.getBoundingClientRect().width]); }""")
    box = page.get_by_role("button", name="Projector mode").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)  # (a locator's click scrolls to the top)
    assert state(page)["title"] == "Bias correction"  # the section being read
    page.keyboard.press("Escape")
    assert page.evaluate("scrollY") == before
    same = """() => window.figuresBefore.every(([f, parent, next, width]) =>
      f.isConnected && f.parentElement === parent && f.nextSibling === next
      && f.getClientRects().length > 0 && f.getBoundingClientRect().width === width)"""
    assert page.evaluate(same)
    assert page.locator(".d2l-on").count() == 0 and page.locator(".d2l-present-bar").is_hidden()

    # After moving on, the page opens at the slide last shown.
    page.keyboard.press("p")
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    shown = state(page)["title"]
    page.keyboard.press("Escape")
    assert shown == "Implementation from scratch"
    top = page.evaluate(
        "document.getElementById('Implementation-from-scratch').getBoundingClientRect().top"
    )
    assert 0 <= top <= 60, top  # below the sticky contents
    assert page.evaluate(same) and state(page)["hash"] == ""


# --- every slide, at projector sizes ---------------------------------------------------


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name", NAMES)
def test_every_slide_fits_the_width_and_every_figure_the_screen(opened, name, size):
    page = opened(name, size, reduced_motion="reduce")  # PageDown scrolls at once
    page.keyboard.press("p")
    n = total(page)
    assert n >= 10, f"{name}: only {n} slides"
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        page.keyboard.press("Home")
        figures = tall = 0
        for i in range(n):
            at = f"{name} {size} {scheme}, slide {i + 1}"
            now = state(page)
            assert now["count"] == f"{i + 1} / {n}", at
            m = page.evaluate(MEASURE)
            assert m["page"] <= 0 and m["sideways"] == [] and m["outside"] == [], (at, m)
            assert m["end"] <= m["bar"] + 1, (at, "the bar covers the end", m)
            assert m["text"] >= {"1024x768": 19, "1920x1080": 30}[size], (at, m["text"])
            if now["figure"]:
                figures += 1
                assert m["pictures"], at
                for picture in m["pictures"]:  # whole on the screen, above the bar
                    assert picture["height"] > 0.3 * m["screen"], (at, picture)
                    assert 0 <= picture["top"] and picture["bottom"] <= m["bar"] + 1, (at, m)
            if m["height"] > m["screen"]:  # a tall slide scrolls down, by the clicker too
                tall += 1
                assert m["overflowY"] != "hidden", at
                page.keyboard.press("PageDown")
                assert page.evaluate("scrollY") > 0, at
                assert state(page)["count"] == f"{i + 1} / {n}", at
                page.evaluate("scrollTo(0, 0)")
            page.keyboard.press("ArrowRight")
        assert state(page)["count"] == f"{n} / {n}"  # the last slide stays
    has_figures = page.locator(".d2l-page-figure, .jp-RenderedSVG").count() > 0
    assert (figures > 0) == has_figures, name


def test_pagedown_pages_through_a_tall_slide_then_moves_on(opened):
    page = opened(size="1024x768", reduced_motion="reduce")
    page.keyboard.press("p")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # "The algorithm": taller than the screen
    height, screen = page.evaluate("[document.scrollingElement.scrollHeight, innerHeight]")
    assert height > screen
    presses = 0
    while state(page)["title"] == "The algorithm":
        page.keyboard.press("PageDown")
        presses += 1
        assert presses < 10
    assert presses >= 2 and state(page)["title"] == "How far one step goes"
    assert page.evaluate("scrollY") == 0
    page.keyboard.press("PageUp")  # at the top: back to the slide before
    assert state(page)["title"] == "The algorithm"
    page.keyboard.press("Space")
    assert page.evaluate("scrollY") > 0 and state(page)["title"] == "The algorithm"


# --- the figures in their slides --------------------------------------------------------

CURVE = "() => document.querySelector('.d2l-explorer polyline.d2l-curve').dataset.losses"


def to_figure(page, selector):
    """Move on, slide by slide, to the one that shows ``selector``."""
    page.keyboard.press("Home")
    for _ in range(total(page)):
        if page.locator(f"main .jp-OutputArea-child.d2l-on :is({selector})").count():
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"no slide shows {selector}")


def test_a_figure_in_its_slide_is_live_and_keeps_its_keys(opened):
    page = opened(size="1920x1080")
    page.keyboard.press("p")
    to_figure(page, ".d2l-explorer")
    slide = state(page)
    assert slide["figure"] and slide["title"] == "Explore the hyperparameters, figure"
    width = page.evaluate(
        "document.querySelector('.d2l-explorer svg.d2l-svg').getBoundingClientRect().width"
    )
    assert width > 1000  # large: 760 px at most on the page
    before = page.evaluate(CURVE)
    slider = page.locator(".d2l-explorer input[data-name=lr]")
    slider.focus()
    page.keyboard.press("ArrowRight")  # the slider's key, not the next slide
    page.evaluate(SETTLED)
    assert page.evaluate(CURVE) != before
    assert state(page)["count"] == slide["count"]
    assert state(page)["hash"].startswith("#explore?")  # the figure writes its link
    value = slider.get_attribute("aria-valuetext")
    page.keyboard.press("PageDown")  # a clicker's key moves on, wherever the focus is
    assert state(page)["count"] != slide["count"]
    assert slider.get_attribute("aria-valuetext") == value
    page.keyboard.press("PageUp")
    page.keyboard.press("Escape")
    assert page.locator(".d2l-explorer").is_visible()
    assert page.evaluate(CURVE) != before  # what the class set stays set


# --- for everyone ------------------------------------------------------------------------


# The animations running just after a move to the next slide.
FADES = """() => { dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight'}));
  return document.getAnimations().length; }"""


def test_moves_are_announced_and_focus_follows(opened):
    page = opened(reduced_motion="no-preference")
    page.keyboard.press("p")
    bar = page.get_by_role("navigation", name="Slides")
    assert page.locator(".d2l-present-live").get_attribute("aria-live") == "polite"
    page.keyboard.press("ArrowRight")
    now = state(page)
    assert now["said"] == f"Slide 2 of {total(page)}: Where Adam comes from"
    assert now["focus"] == "main"
    assert page.evaluate(FADES) == 1  # a short fade
    page.keyboard.press("ArrowLeft")
    bar.get_by_role("button", name="Next slide").click()
    now = state(page)
    assert now["title"] == "The algorithm" and now["focus"] == "Next slide"  # stays
    for name in ("Previous slide", "Leave projector mode"):
        assert bar.get_by_role("button", name=name).is_visible()
    page.keyboard.press("Home")
    assert bar.get_by_role("button", name="Previous slide").is_disabled()
    bar.get_by_role("button", name="Leave projector mode").click()
    assert not state(page)["presenting"]

    still = opened(reduced_motion="reduce")
    still.keyboard.press("p")
    assert still.evaluate(FADES) == 0


def test_the_chinese_pages_speak_chinese(opened):
    for name in [n for n in NAMES if n.endswith("_zh")]:
        page = opened(name)
        button = page.get_by_role("button", name="投影模式")
        assert CJK.search(button.get_attribute("title")), name
        button.click()
        now = state(page)
        assert re.fullmatch(r"投影模式。第 1 张，共 \d+ 张：.+", now["said"]), now["said"]
        words = page.evaluate("""() => [...document.querySelectorAll(
          '.d2l-present-bar, .d2l-present-bar [aria-label], .d2l-present-keys')]
          .map((e) => e.getAttribute('aria-label') ?? e.textContent)""")
        assert len(words) == 5 and all(CJK.search(w) for w in words), words
        if page.locator(".d2l-page-figure, .jp-RenderedSVG").count():
            to_figure(page, ".d2l-page-figure, .jp-RenderedSVG")
            assert state(page)["title"].endswith("（图）")
        page.keyboard.press("Escape")
        assert state(page)["said"] == "已退出投影模式。"


def test_print_while_presenting_prints_the_whole_page(opened):
    page = opened()
    page.keyboard.press("p")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => [...document.querySelectorAll('main > .jp-Cell')]
      .filter((cell) => !cell.getClientRects().length).length""")
    assert hidden == 0
    assert page.locator(".d2l-present-bar").is_hidden() and page.locator(".d2l-present").is_hidden()


@pytest.fixture(scope="module")
def axe_js():
    return axe_source()


@pytest.mark.parametrize("name", NAMES)
def test_no_wcag_a_or_aa_violation_in_projector_mode(opened, axe_js, name):
    """The first slide of each page, and on the lesson and its companion every figure's
    slide, in both schemes."""
    page = opened(name, "1024x768")
    page.keyboard.press("p")
    slides = [0]
    if name in ("adam", "adam_in_depth"):
        for i in range(total(page)):
            if state(page)["figure"]:
                slides.append(i)
            page.keyboard.press("ArrowRight")
    found = {}
    for i in slides:
        page.keyboard.press("Home")
        for _ in range(i):
            page.keyboard.press("ArrowRight")
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            page.evaluate(SETTLED)
            page.evaluate(FADED)  # mid-fade, the slide's colours are not yet its own
            if v := violations(page, axe_js):
                found[f"slide {i + 1}, {scheme}"] = report(v)
    assert len(slides) > (3 if name in ("adam", "adam_in_depth") else 0)
    assert found == {}, "\n".join(f"{name}, {s}:\n{text}" for s, text in found.items())
