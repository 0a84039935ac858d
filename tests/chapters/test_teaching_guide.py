"""The teacher's guide (chapters/teaching_adam.py and its Chinese edition): its plan adds
up to one class, every number it quotes is one the notebooks print, every link lands
(notebooks, anchors, and figure settings the page really applies), and what it says
exists does (make targets, buttons, the student edition).

The Chinese edition's links, anchors and numbers are held to the English ones by
test_zh.py; here both editions' links are checked against the notebooks they name.
"""

import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qsl

import jupytext
import nbformat
import pytest
from bs4 import BeautifulSoup
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from notebooks import stdout

from d2l_local.messages import CATALOGUE
from tools.browser import open_offline_page
from tools.build_html import write_page
from tools.paths import ROOT
from tools.run_chapter import normalize
from tools.student_edition import NAME as STUDENT_EDITION

CHAPTERS = ROOT / "chapters"
GUIDES = {"en": CHAPTERS / "teaching_adam.py", "zh": CHAPTERS / "teaching_adam_zh.py"}
LINK = re.compile(r"\]\(([^)\s]+)\)")
ANCHOR = re.compile(r'\bid="([^"]+)"')
NUMBER = re.compile(r"(?<![\w.])[-+]?\d+(?:,\d{3})*(?:\.\d+)?(?:e[-+]?\d+)?")
STATE = "application/vnd.jupyter.widget-state+json"


def markdown(path):
    return "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "markdown")


def links(path):
    return LINK.findall(markdown(path))


def figure_links(path):
    """``(notebook stem, figure, {slider: text})`` of each link to a figure's setting."""
    found = []
    for target in links(path):
        page, _, fragment = target.partition("#")
        if "?" in fragment:
            figure, query = fragment.split("?", 1)
            found.append((Path(page).stem, figure, dict(parse_qsl(query))))
    return found


# --- the plan -----------------------------------------------------------------------


def test_the_plan_is_fifty_minutes_in_steps_that_follow_each_other():
    text = markdown(GUIDES["en"])
    table = re.findall(r"^\| (\d+)–(\d+) \| (\d)\. ([^|]+?) \|", text, re.M)
    headings = re.findall(r"^### (\d)\. (.+) \((\d+)–(\d+) min\)$", text, re.M)
    assert [(int(a), int(b)) for a, b, *_ in table] == [(int(a), int(b)) for *_, a, b in headings]
    assert [title for *_, title in table] == [title for _, title, *_ in headings]
    bounds = [int(x) for a, b, *_ in table for x in (a, b)]
    assert bounds[0] == 0 and bounds[-1] == 50
    assert all(end == start for end, start in zip(bounds[1:-1:2], bounds[2::2]))
    assert len(table) == 9


@pytest.mark.parametrize("lang", list(GUIDES))
def test_the_projector_section_names_the_pages_button_key_and_link(lang):
    """What it tells the teacher to press is what the page has (tools/page_nav.py,
    present.js; tried in tests/page/test_browser_present.py)."""
    section = markdown(GUIDES[lang]).split('id="projector"', 1)[1]
    assert f"*{CATALOGUE[lang]['page.present']}*" in section
    assert " P" in section and "Esc" in section and "PageDown" in section
    page = "adam" if lang == "en" else "adam_zh"
    assert f"`{page}.html#present`" in section and f"`{page}.html#present/5`" in section
    assert "placeholder" not in section and "占位" not in section


# --- what it says exists -----------------------------------------------------------


def test_the_make_targets_and_files_it_names_exist():
    text = markdown(GUIDES["en"]) + markdown(GUIDES["zh"])
    targets = set(re.findall(r"`make (\w+)", text))
    assert targets == {"html", "lab", "student", "pdf"}
    for target in targets:
        subprocess.run(["make", "-n", target], cwd=ROOT, check=True, capture_output=True)
    for stem in re.findall(r"CHAPTER=chapters/(\w+)", text):
        assert (CHAPTERS / f"{stem}.ipynb").exists(), stem
    assert f"build/{STUDENT_EDITION}.zip" in text


@pytest.mark.parametrize("lang", list(GUIDES))
def test_the_buttons_it_names_are_the_figures_buttons(lang):
    """Every *label* of the JupyterLab part is a button of a figure, or a menu entry."""
    running = markdown(GUIDES[lang]).split('id="running"', 1)[1].split('id="homework"')[0]
    html = BeautifulSoup(markdown2html_mistune(running), "html.parser")
    named = {em.get_text() for em in html.find_all("em")}
    buttons = {text for key, text in CATALOGUE[lang].items() if "preset" in key}
    for key in ("reddi.paper", "reddi.book"):  # "paper: β1 = 0, ...": the word before the colon
        buttons.add(re.split("[:：]", CATALOGUE[lang][key])[0])
    menus = {n for n in named if n.startswith("Kernel → ")}
    assert named - menus <= buttons, named - menus - buttons
    assert len(named - menus) >= 6


def test_explorer_set_is_how_the_lesson_explorer_takes_a_setting():
    from d2l_local.figures.explorer import Explorer

    assert "explorer.set(lr=1.0)" in markdown(GUIDES["en"])
    assert "explorer = d2l.explore(" in (CHAPTERS / "adam.py").read_text()
    assert callable(Explorer.set)


# --- its links ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", list(GUIDES))
def test_every_link_names_a_notebook_and_an_anchor_it_has(lang):
    guide = GUIDES[lang]
    own = set(ANCHOR.findall(markdown(guide)))
    checked = 0
    for target in links(guide):
        page, _, fragment = target.partition("#")
        assert not re.match(r"[a-z]+:", page), f"a link leaves the book: {target}"
        if not page:
            assert fragment in own, target
            continue
        assert page.endswith(".ipynb") and (CHAPTERS / page).exists(), target
        if fragment and "?" not in fragment:
            assert fragment in ANCHOR.findall(markdown(CHAPTERS / page)), target
        checked += 1
    assert checked > 40


def figure_specs(*notebooks):
    """``{fragment: spec}`` of the interactive figures the executed notebooks show."""
    specs = {}
    for notebook in notebooks:
        for model in notebook.metadata["widgets"][STATE]["state"].values():
            spec = model["state"].get("spec", {})
            if model.get("model_module") == "anywidget" and spec.get("fragment"):
                specs[spec["fragment"]] = spec
    return specs


@pytest.mark.parametrize("lang", list(GUIDES))
def test_each_figure_link_gives_every_slider_of_that_figure_a_value_it_takes(
    lang, executed_chapter, executed_in_depth
):
    specs = {
        "adam": figure_specs(executed_chapter),
        "adam_in_depth": figure_specs(executed_in_depth),
    }
    found = figure_links(GUIDES[lang])
    assert len(found) >= 10
    for stem, figure, values in found:
        spec = specs[stem.removesuffix("_zh")][figure]
        sliders = {s["name"]: s for s in spec["sliders"]}
        assert set(values) == set(sliders), (stem, figure, values)
        for name, text in values.items():
            assert sliders[name]["low"] <= float(text) <= sliders[name]["high"], (name, text)


def printed_numbers(*notebooks):
    """Every number the notebooks print, as absolute values."""
    text = " ".join(stdout(c) for nb in notebooks for c in nb.cells if c.cell_type == "code")
    return {abs(float(x.replace(",", ""))) for x in NUMBER.findall(text)}


def quoted_numbers(text):
    """The numbers the guide quotes as results: those with a decimal point, an exponent or
    a thousands comma, and every number from 100 up. (Minutes, steps of the plan,
    exercise and equation numbers are small integers.) Link targets are left out."""
    text = re.sub(r"\]\([^)]*\)", "]", re.sub(r"<[^>]+>", " ", text))
    numbers = []
    for token in NUMBER.findall(text):
        value = abs(float(token.replace(",", "")))
        if re.search(r"[.,e]", token) or value >= 100:
            numbers.append((token, value))
    return numbers


def test_every_number_the_guide_quotes_is_one_the_notebooks_print(
    executed_chapter, executed_in_depth, executed_solutions
):
    printed = printed_numbers(executed_chapter, executed_in_depth, executed_solutions)
    quoted = quoted_numbers(markdown(GUIDES["en"]))
    assert len(quoted) > 60
    assert [token for token, value in quoted if value not in printed] == []


# --- its page -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guide_page(tmp_path_factory):
    """The guide's exported page (nothing to run: it is markdown only)."""
    page, _ = write_page(
        normalize(jupytext.read(GUIDES["en"])), tmp_path_factory.mktemp("guide"), GUIDES["en"]
    )
    return BeautifulSoup(page.read_text(), "html.parser")


@pytest.fixture(scope="module")
def solutions_soup(executed_solutions, tmp_path_factory):
    page, _ = write_page(
        executed_solutions, tmp_path_factory.mktemp("solutions"), CHAPTERS / "adam_solutions.py"
    )
    return BeautifulSoup(page.read_text(), "html.parser")


def test_the_guides_page_links_land_on_the_pages(
    guide_page, built_page, built_in_depth_page, solutions_soup
):
    pages = {
        "adam.html": BeautifulSoup(built_page.page.read_text(), "html.parser"),
        "adam_in_depth.html": BeautifulSoup(built_in_depth_page.page.read_text(), "html.parser"),
        "adam_solutions.html": solutions_soup,
        "": guide_page,
    }
    hrefs = [a["href"] for a in guide_page.select(".jp-RenderedMarkdown a[href]:not(.anchor-link)")]
    assert len(hrefs) > 40
    assert not [h for h in hrefs if ".ipynb" in h]
    for href in hrefs:
        page, _, fragment = href.partition("#")
        if "?" in fragment:
            continue  # a figure's setting: opened in Chromium below
        soup = pages[page]
        assert not fragment or soup.find(id=fragment), href
    assert guide_page.find("a", href="teaching_adam_zh.html")  # and the other edition


def test_each_figure_link_opens_its_setting_on_the_page(browser, built_page, built_in_depth_page):
    built = {"adam": built_page, "adam_in_depth": built_in_depth_page}
    targets = sorted({t for t in links(GUIDES["en"]) if "?" in t})
    for target in targets:
        page_name, _, fragment = target.partition("#")
        page = open_offline_page(
            browser,
            built[Path(page_name).stem].page,
            "#" + fragment,
            viewport={"width": 1100, "height": 900},
        )
        try:
            blocked, errors = page.blocked, page.errors
            # The page writes the address of the setting it shows: the link's, every value
            # taken (a refused value would be the book's instead).
            assert page.evaluate("location.hash") == "#" + fragment, target
            figure = page.locator(".d2l-page-figure", has=page.locator(".d2l-status")).filter(
                has_text=page_name.replace(".ipynb", ".html") + "#" + fragment.split("?")[0]
            )
            assert figure.count() == 1, target  # its printed caption names this link
            status = figure.locator(".d2l-status").inner_text()
            assert status and "error" not in status, (target, status)
            assert blocked == [] and errors == [], (target, blocked, errors)
        finally:
            page.close()


def test_the_chinese_guide_links_the_chinese_notebooks():
    stems = {Path(t.partition("#")[0]).stem for t in links(GUIDES["zh"]) if t[0] != "#"}
    assert stems and all(stem.endswith("_zh") for stem in stems), stems


def test_the_guide_notebooks_are_markdown_only():
    for guide in GUIDES.values():
        cells = nbformat.read(guide.with_suffix(".ipynb"), as_version=4).cells
        assert {c.cell_type for c in cells} == {"markdown"}
