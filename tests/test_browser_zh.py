"""The Chinese pages (中文版) in Chromium, offline: they compute like the English page,
their controls read in Chinese, and each edition links to the other near its top.
Curves are held to the kernel's as on the English page (``bound``: test_browser_page.py
and test_browser_trainer.py say why)."""

import re

import numpy as np
import pytest
from browser_trainer import bound, kernel_curves, random_settings

from d2l_local import torch as d2l
from tools.browser import block_network, collect_errors
from tools.build_html import write_page
from tools.lesson import SOLUTIONS
from tools.run_chapter import CHAPTER
from tools.sync_zh import EDITIONS

READY = "document.documentElement.dataset.figures === 'ready'"
CJK = re.compile(r"[\u4e00-\u9fff]")
FOLLOW = """async (hash) => { await new Promise((done) => {
  addEventListener('hashchange', done, {once: true}); location.hash = hash; }); }"""
CURVES = """() => Object.fromEntries([...document.querySelectorAll(
    '.d2l-explorer polyline.d2l-curve')].map(p => [p.dataset.curve,
    p.dataset.losses.split(' ').map(Number)]))"""


@pytest.fixture(scope="module")
def pages(executed_chapter_zh, executed_solutions_zh, tmp_path_factory):
    out = tmp_path_factory.mktemp("html_zh")
    chapter, _ = write_page(executed_chapter_zh, out, EDITIONS[CHAPTER])
    solutions, _ = write_page(executed_solutions_zh, out, EDITIONS[SOLUTIONS])
    return chapter, solutions


@pytest.fixture(scope="module")
def page(browser, pages):
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    page.blocked, page.errors = block_network(page), collect_errors(page)
    page.goto(pages[0].as_uri())
    page.wait_for_function(READY, timeout=30_000)
    yield page
    assert page.blocked == [] and page.errors == []
    page.close()


def test_the_chinese_page_says_so_and_links_the_english_one(page, pages):
    assert page.evaluate("document.documentElement.lang") == "zh"
    link = page.locator("nav.d2l-languages a")
    assert link.inner_text() == "English" and link.get_attribute("href") == "adam.html"
    solutions = pages[1].read_text()
    assert 'href="adam_solutions.html"' in solutions and 'lang="zh"' in solutions
    assert 'href="adam_solutions_zh.html#solution-2"' in pages[0].read_text()


def test_the_controls_read_in_chinese(page):
    for figure in (".d2l-explorer", ".d2l-reddi"):
        text = page.locator(f"{figure} .d2l-notice").inner_text()
        assert CJK.search(text), text
    buttons = page.locator(".d2l-explorer button").all_inner_texts()
    assert buttons and all(CJK.search(label) for label in buttons), buttons
    status = page.locator(".d2l-explorer .d2l-status").inner_text()
    assert status.startswith("最终损失：") and "Adam (ours)：0.2426" in status, status
    reddi = page.locator(".d2l-reddi .d2l-status").inner_text()
    assert reddi.startswith("30,000 步之后："), reddi


def test_the_chinese_page_trains_like_the_kernel(page, data_iter, lesson):
    problem = d2l.make_problem(data_iter, seed=0)
    settings = random_settings(np.random.default_rng(15), 10)
    for hp, want in zip(settings, kernel_curves(problem, lesson, settings)):
        page.evaluate(FOLLOW, "#explore?" + "&".join(f"{k}={v!r}" for k, v in hp.items()))
        drawn = page.evaluate(CURVES)
        for name, method in (("Adam (ours)", "adam"), ("Yogi (ours)", "yogi")):
            np.testing.assert_allclose(drawn[name], want[method].losses, rtol=bound(hp), atol=0)
