"""The pages' navigation: contents made from the page's headings that follow the reader
(a column on a wide screen, a menu on a phone), and previous/next links in book order."""

import re

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT

from tools.browser import open_offline_page
from tools.page_nav import PAGES, contents, headings, neighbours, pager

CHAPTERS = ROOT / "chapters"
SAMPLE = """<h1 id="Adam">Adam<a class="anchor-link" href="#Adam">¶</a></h1>
<h2 id="One">One &amp; only<a class="anchor-link" href="#One">¶</a></h2>
<h3 id="One-a">a</h3><h3 id="One-b"><em>b</em></h3>
<h2 id="Two">Two</h2><h4 id="deep">not listed</h4>"""


def test_contents_nest_the_pages_h2_and_h3_headings_in_order():
    assert headings(SAMPLE) == [
        (2, "One", "One & only"),
        (3, "One-a", "a"),
        (3, "One-b", "b"),
        (2, "Two", "Two"),
    ]
    nav = BeautifulSoup(contents(SAMPLE, "en"), "html.parser").nav
    assert nav["aria-label"] == "Contents" and nav.summary.text == "Contents"
    top = nav.details.ol.find_all("li", recursive=False)
    assert [li.a["href"] for li in top] == ["#One", "#Two"]
    assert [a["href"] for a in top[0].ol.find_all("a")] == ["#One-a", "#One-b"]
    assert top[1].ol is None


def test_the_pages_follow_the_book_order_in_their_own_language():
    english = [CHAPTERS / f"{name}.py" for name in PAGES if (CHAPTERS / f"{name}.py").exists()]
    assert english[:2] == [CHAPTERS / "adam.py", CHAPTERS / "adam_in_depth.py"]
    for i, chapter in enumerate(english):
        previous, following = neighbours(chapter)
        assert previous == (english[i - 1] if i else None)
        assert following == (english[i + 1] if i + 1 < len(english) else None)
        chinese = chapter.with_name(f"{chapter.stem}_zh.py")
        if chinese.exists():
            assert all(p is None or p.stem.endswith("_zh") for p in neighbours(chinese))
    assert neighbours(CHAPTERS / "not_a_page.py") == (None, None)
    practice = [CHAPTERS / f"{name}_zh.py" for name in ("adam_in_depth", "adam_solutions")]
    assert list(neighbours(CHAPTERS / "adam_in_practice_zh.py")) == practice


def test_the_pager_names_its_neighbours_and_links_to_their_pages():
    nav = BeautifulSoup(pager(CHAPTERS / "adam_zh.py", "zh"), "html.parser").nav
    assert nav["aria-label"] == "本书的各页"
    (link,) = nav.find_all("a")  # the lesson comes first: no previous page
    assert link["rel"] == ["next"] and link["href"] == "adam_in_depth_zh.html"
    assert link.span.text == "下一页" and "Adam" in link.text


@pytest.fixture(scope="module")
def opened(browser, built_page):
    pages = []

    def open_page(width, height=800):
        page = open_offline_page(
            browser, built_page.page, viewport={"width": width, "height": height}
        )
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        assert page.blocked == [] and page.errors == [], (page.blocked, page.errors)
        page.close()


CURRENT = "() => document.querySelector('.d2l-contents a[aria-current]')?.textContent ?? null"


def read_to(page, heading_id):
    """Scroll so that the heading is at the top of the window; the marked section."""
    page.evaluate(f"document.getElementById({heading_id!r}).scrollIntoView()")
    page.wait_for_function(
        f"() => document.querySelector('.d2l-contents a[aria-current]')"
        f"?.getAttribute('href') === '#{heading_id}'"
    )
    return page.evaluate(CURRENT)


def test_on_a_wide_screen_the_contents_stand_beside_the_text_and_follow_it(opened):
    page = opened(1400)
    box = page.locator(".d2l-contents").bounding_box()
    text = page.locator("main").bounding_box()
    assert page.locator(".d2l-contents details").get_attribute("open") is not None
    assert box["x"] + box["width"] <= text["x"], "the column covers the text"
    assert page.evaluate(CURRENT) is None  # at the top, before the first section
    assert read_to(page, "Trust,-but-verify") == "Trust, but verify"
    assert read_to(page, "When-Adam-fails") == "When Adam fails"
    assert page.locator(".d2l-contents a[aria-current]").is_visible()
    page.locator(".d2l-contents a[href='#Summary']").click()
    assert page.evaluate("location.hash") == "#Summary"
    assert page.evaluate(CURRENT) == "Summary"


def test_on_a_phone_the_contents_are_a_menu_that_stays_at_the_top(opened):
    page = opened(390)
    menu = page.locator(".d2l-contents details")
    assert menu.get_attribute("open") is None
    read_to(page, "Concise-implementation")
    assert page.locator(".d2l-contents").bounding_box()["y"] == 0  # sticky
    page.locator(".d2l-contents summary").click()
    page.locator(".d2l-contents a[href='#References']").click()
    assert menu.get_attribute("open") is None  # the choice closed the menu
    assert page.evaluate(CURRENT) == "References"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways: {width} px"


def test_the_lesson_ends_with_a_link_to_its_companion(opened, built_page):
    page = opened(1100)
    link = page.locator(".d2l-pager a[rel=next]")
    assert link.get_attribute("href") == "adam_in_depth.html"
    assert re.search(r"Next\s+Adam in depth", link.inner_text())
    assert page.locator(".d2l-pager a[rel=prev]").count() == 0
