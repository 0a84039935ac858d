"""The Chinese pages (中文版) in Chromium, offline: they compute like the English pages,
their controls read in Chinese, and each edition links to the other near its top and
to the other Chinese notebooks in its text. Curves are held to the kernel's as on the
English pages (``bound``: test_browser_page.py and test_browser_trainer.py say why)."""

import re

import numpy as np
import pytest
from browser_trainer import bound, kernel_curves, random_settings

from d2l_local import torch as d2l
from tools.browser import open_offline_page
from tools.build_html import write_page
from tools.lesson import CHAPTER, IN_DEPTH, IN_PRACTICE, SOLUTIONS
from tools.sync_zh import EDITIONS

CJK = re.compile(r"[\u4e00-\u9fff]")
FOLLOW = """async (hash) => { await new Promise((done) => {
  addEventListener('hashchange', done, {once: true}); location.hash = hash; }); }"""
CURVES = """() => Object.fromEntries([...document.querySelectorAll(
    '.d2l-explorer polyline.d2l-curve')].map(p => [p.dataset.curve,
    p.dataset.losses.split(' ').map(Number)]))"""
ADAM, YOGI = "Adam（从零实现）", "Yogi（从零实现）"  # the curves' names in Chinese


@pytest.fixture(scope="module")
def pages(
    executed_chapter_zh,
    executed_in_depth_zh,
    executed_solutions_zh,
    executed_in_practice_zh,
    tmp_path_factory,
):
    """The four Chinese pages, written side by side as ``make html`` writes them."""
    out = tmp_path_factory.mktemp("html_zh")
    runs = {"lesson": (CHAPTER, executed_chapter_zh), "in_depth": (IN_DEPTH, executed_in_depth_zh)}
    runs["solutions"] = (SOLUTIONS, executed_solutions_zh)
    runs["in_practice"] = (IN_PRACTICE, executed_in_practice_zh)
    return {
        name: write_page(run, out, EDITIONS[english])[0] for name, (english, run) in runs.items()
    }


@pytest.fixture(scope="module")
def opened(browser, pages):
    """Each page with figures, opened once, with the network cut."""
    opened = {}
    for name in ("lesson", "in_depth"):
        page = open_offline_page(browser, pages[name], viewport={"width": 1100, "height": 900})
        opened[name] = page
    yield opened
    for page in opened.values():
        assert page.blocked == [] and page.errors == []
        page.close()


@pytest.mark.parametrize("which, english", [("lesson", "adam"), ("in_depth", "adam_in_depth")])
def test_each_chinese_page_says_so_and_links_the_english_one(opened, which, english):
    page = opened[which]
    assert page.evaluate("document.documentElement.lang") == "zh"
    link = page.locator("nav.d2l-languages a")
    assert link.inner_text() == "English" and link.get_attribute("href") == f"{english}.html"


def test_the_chinese_pages_link_each_other(pages):
    lesson, in_depth, solutions, in_practice = (
        pages[k].read_text() for k in ("lesson", "in_depth", "solutions", "in_practice")
    )
    assert 'href="adam_solutions_zh.html#solution-2"' in lesson
    assert 'href="adam_in_depth_zh.html#two-d"' in lesson
    assert 'href="adam_in_practice_zh.html"' in lesson  # from the summary
    assert 'href="adam_zh.html"' in in_depth and 'href="adam_zh.html#exercise-1"' in solutions
    assert 'href="adam_solutions.html"' in solutions and 'lang="zh"' in solutions
    assert 'href="adam_in_practice_zh.html#exercise-1"' in solutions
    assert 'href="adam_zh.html"' in in_practice and 'href="adam_zh.html#exercise-3"' in in_practice
    assert 'href="adam_solutions_zh.html#solution-adamw"' in in_practice
    assert 'href="adam_in_depth_zh.html#speed"' in in_practice


def test_the_chinese_practice_page_reads_in_chinese_and_sits_between_its_neighbours(browser, pages):
    page = open_offline_page(browser, pages["in_practice"], viewport={"width": 1100, "height": 900})
    try:
        assert page.evaluate("document.documentElement.lang") == "zh"
        link = page.locator("nav.d2l-languages a")
        assert link.inner_text() == "English"
        assert link.get_attribute("href") == "adam_in_practice.html"
        pager = [a.get_attribute("href") for a in page.locator(".d2l-pager a").all()]
        assert pager == ["adam_in_depth_zh.html", "adam_solutions_zh.html"]
        assert page.locator(".d2l-contents summary").inner_text() == "目录"
        sections = page.locator(".d2l-contents li > a").all_text_contents()  # a closed menu
        assert "为什么解耦很重要" in sections and "Adam 的开销" in sections, sections
        alts = [img.get_attribute("alt") for img in page.locator(".jp-OutputArea-output img").all()]
        assert len(alts) == 3 and all(CJK.search(alt) for alt in alts), alts
        assert page.blocked == [] and page.errors == []
    finally:
        page.close()


def test_the_lessons_controls_read_in_chinese(opened):
    page = opened["lesson"]
    for figure in (".d2l-explorer", ".d2l-reddi"):
        text = page.locator(f"{figure} .d2l-notice").inner_text()
        assert CJK.search(text), text
    assert "图中有 yogi 时也包括它" in page.locator(".d2l-explorer .d2l-notice").inner_text()
    buttons = page.locator(".d2l-explorer button").all_inner_texts()
    assert buttons and all(CJK.search(label) for label in buttons), buttons
    status = page.locator(".d2l-explorer .d2l-status").inner_text()
    assert status.startswith("最终损失：") and f"{ADAM}：0.2426" in status, status
    reddi = page.locator(".d2l-reddi .d2l-status").inner_text()
    assert reddi.startswith("30,000 步之后："), reddi


def test_the_companions_controls_read_in_chinese(opened):
    page = opened["in_depth"]
    for figure in (".d2l-paths", ".d2l-explorer"):
        assert CJK.search(page.locator(f"{figure} .d2l-notice").inner_text())
        buttons = page.locator(f"{figure} button").all_inner_texts()
        assert buttons and all(CJK.search(label) for label in buttons), buttons
    assert "第一步" in page.locator(".d2l-paths .d2l-status").inner_text()
    status = page.locator(".d2l-explorer .d2l-status").inner_text()
    assert f"{ADAM}：0.2426" in status and f"{YOGI}：0.2424" in status, status
    landscape = page.locator(".d2l-landscape")
    layer = landscape.locator(".d2l-hover-layer").first
    box = layer.bounding_box()
    layer.hover(position={"x": 0.3 * box["width"], "y": 0.4 * box["height"]})
    readout = landscape.locator(".d2l-readout").inner_text()
    assert re.search(r"η = [0-9.e-]+，β2 = [0-9.]+ · Adam：[0-9.]+ · Yogi：[0-9.]+", readout)


def test_the_summaries_tables_and_keys_speak_chinese(opened):
    """What a screen reader hears and the tables a reader opens are in Chinese too."""
    lesson, in_depth = opened["lesson"], opened["in_depth"]
    said = lesson.locator(".d2l-explorer .d2l-summary").text_content()
    assert said == f"2 个迭代周期后，{ADAM}：0.2426", said
    said = lesson.locator(".d2l-reddi .d2l-summary").text_content()
    assert said.startswith("30,000 步之后：Adam x = +1.000，平均遗憾 "), said
    said = in_depth.locator(".d2l-paths .d2l-summary").text_content()
    assert said.startswith("从 (-5.00, -2.00) 出发走 20 步：梯度下降：终点 ("), said
    for page, figure in ((lesson, ".d2l-reddi"), (in_depth, ".d2l-paths")):
        table = page.locator(f"{figure} details.d2l-data")
        assert table.locator("summary").inner_text() == "以表格查看图中的数值"
        table.locator("summary").click()
        assert CJK.search(table.locator("thead").inner_text())
    plot = in_depth.locator(".d2l-paths [role=application]")
    assert plot.get_attribute("aria-label").startswith("等高线上的轨迹；起点在 (-5.00, -2.00)")
    landscape = in_depth.locator(".d2l-landscape")
    assert CJK.search(landscape.locator("[role=grid]").get_attribute("aria-label"))
    landscape.locator("[role=gridcell][tabindex='0']").focus()
    in_depth.keyboard.press("ArrowRight")
    readout = landscape.locator(".d2l-readout").inner_text()
    assert readout.startswith("η = 0.0158，β2 = 0.999 · Adam：") and "按 Enter" in readout


@pytest.mark.parametrize("which, curves", [("lesson", (ADAM,)), ("in_depth", (ADAM, YOGI))])
def test_the_chinese_pages_train_like_the_kernel(opened, which, curves, data_iter, lesson):
    page = opened[which]
    problem = d2l.make_problem(data_iter, seed=0)
    settings = random_settings(np.random.default_rng(15), 10)
    for hp, want in zip(settings, kernel_curves(problem, lesson, settings)):
        page.evaluate(FOLLOW, "#explore?" + "&".join(f"{k}={v!r}" for k, v in hp.items()))
        drawn = page.evaluate(CURVES)
        assert set(drawn) == set(curves)
        for name, method in zip((ADAM, YOGI), ("adam", "yogi")):
            if name in curves:
                np.testing.assert_allclose(drawn[name], want[method].losses, rtol=bound(hp), atol=0)
