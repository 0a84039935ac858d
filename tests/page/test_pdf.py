"""The printed handout (`make pdf`): the lesson's and its companion's pages printed by
Chromium (tools/make_pdf.py), read back with poppler's ``pdftotext`` and ``pdfinfo``.

What a reader of the paper gets: a sensible number of A4 pages of real, searchable
text; every line of code and of printed output whole (a line cut at the margin loses
its end, which then is not in the PDF at all); no word outside the text block; each
interactive figure as it stands, with its setting and the link that reopens it under
it, on one page; the hints printed open; light paper for a reader whose browser is
dark; and the browser's own Print giving the same pages as ``make pdf``.
"""

import re
import shutil
import subprocess
from collections import Counter
from types import SimpleNamespace

import nbformat
import numpy as np
import pytest
from bs4 import BeautifulSoup
from conftest import in_ci
from PIL import Image

from tools.browser import chromium_path
from tools.make_pdf import print_page

MM = 72 / 25.4  # PDF points per millimetre
PAGE_CSS = "tools/html_template/adam/page.css"
PAGES = {"built_page": range(15, 26), "built_in_depth_page": range(15, 26)}  # measured: 20, 20
# Each figure's setting as printed under it (the sliders' values, then for the path
# explorer its problem and Adam's switches, then the link), and the first line the
# figure prints: both must be on the same page.
CAPTIONS = {
    "built_page": {
        "β1 = 0.9 · β2 = 0.999 · η = 0.01 · ε = 1e-6 — "
        "adam.html#explore?beta1=0.9&beta2=0.999&lr=0.01&eps=1e-6": "Adam (ours), book defaults",
        "C = 3 · β1 = 0 · β2 = 0.1 — adam.html#reddi?C=3&beta1=0&beta2=0.1": (
            "C = 3, β1 = 0, β2 = 0.1"
        ),
    },
    "built_in_depth_page": {
        "η = 0.4 · β1 = 0.9 · β2 = 0.999 · ε = 1e-6 · steps = 20 · the book's quadratic · "
        "☑ bias correction · ☐ ε inside the root — "
        "adam_in_depth.html#paths?lr=0.4&beta1=0.9&beta2=0.999&eps=1e-6&steps=20": "problem:",
        "β1 = 0.9 · β2 = 0.999 · η = 0.01 · ε = 1e-6 — "
        "adam_in_depth.html#explore?beta1=0.9&beta2=0.999&lr=0.01&eps=1e-6": "Yogi (ours)",
    },
}
# Numbers the notebook printed and the figures' status lines, as text on paper.
NUMBERS = {
    "built_page": ["loss: 0.243", "Adam (ours): 0.2426", "Adam x = +1.000", "1.19e-07"],
    "built_in_depth_page": ["1922 training runs of 2 epochs", "Yogi (ours): 0.2424"],
}


def need_poppler():
    """Skip with the fix when poppler-utils is missing, except in CI (.ci/run installs it)."""
    if shutil.which("pdftotext") and shutil.which("pdfinfo"):
        return
    reason = "pdftotext/pdfinfo not found: apt-get install poppler-utils"
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so the PDF tests must run", pytrace=False)
    pytest.skip(reason)


def pdftotext(pdf, *options):
    """The PDF's text in content order (-raw keeps a hyphen that ends a line: code's minus)."""
    return subprocess.run(
        ["pdftotext", *options, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def squeeze(text):
    return re.sub(r"\s+", "", text)


def margins():
    """The @page margins of page.css in points: (top, right, bottom, left), from the
    shorthand of one to four lengths in mm."""
    rule = re.search(r"@page\s*\{[^}]*margin:\s*([^;]+);", open(PAGE_CSS).read())[1].split()
    top, right, bottom, left = {1: rule * 4, 2: rule * 2, 3: rule + rule[1:2], 4: rule}[len(rule)]
    return tuple(float(value.removesuffix("mm")) * MM for value in (top, right, bottom, left))


@pytest.fixture(scope="module", params=list(PAGES))
def handout(request, browser, tmp_path_factory):
    """One page printed as ``make pdf`` prints it, and read back."""
    need_poppler()
    built = request.getfixturevalue(request.param)
    pdf = print_page(browser, built.page, tmp_path_factory.mktemp("pdf") / "handout.pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M)[1])
    return SimpleNamespace(
        name=request.param,
        built=built,
        pdf=pdf,
        info=info,
        pages=[pdftotext(pdf, "-raw", "-f", str(n), "-l", str(n)) for n in range(1, pages + 1)],
        notebook=nbformat.read(built.executed, as_version=4),
    )


def test_a_few_a4_pages_of_real_text(handout):
    assert len(handout.pages) in PAGES[handout.name], len(handout.pages)
    assert re.search(r"^Page size:.*\(A4\)", handout.info, re.M)
    text = "".join(handout.pages)
    headings = [
        re.sub(r"<[^>]+>", "", line.lstrip("#")).strip()
        for cell in handout.notebook.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#")
    ]
    assert len(headings) > 5
    missing = [h for h in headings if squeeze(h) not in squeeze(text) and "$" not in h]
    assert not missing, missing


def test_every_line_of_code_and_output_is_whole_on_paper(handout):
    """A line cut at the right margin loses its end: the end is then not in the PDF."""
    text = squeeze("".join(handout.pages))
    lines = []
    for cell in handout.notebook.cells:
        if cell.cell_type == "code":
            lines += [line for line in cell.source.splitlines() if not line.startswith("%")]
            lines += [
                line
                for output in cell.outputs
                if output.output_type == "stream"
                for line in output.text.splitlines()
            ]
    lines = [squeeze(line) for line in lines if line.strip()]
    assert len(lines) > 150
    assert [line for line in lines if line not in text] == []


def test_no_word_lies_outside_the_text_block(handout):
    top, right, bottom, left = margins()
    boxes = BeautifulSoup(pdftotext(handout.pdf, "-bbox"), "html.parser")
    outside = []
    for number, page in enumerate(boxes.find_all("page"), 1):
        width, height = float(page["width"]), float(page["height"])
        for word in page.find_all("word"):
            x0, x1 = float(word["xmin"]), float(word["xmax"])
            y0, y1 = float(word["ymin"]), float(word["ymax"])
            if x0 < left - 1 or x1 > width - right + 1 or y0 < 0 or y1 > height - bottom + 1:
                outside.append((number, word.text, round(x0), round(x1)))
    assert outside == []


def test_each_figure_prints_on_one_page_with_its_setting_and_link(handout):
    for caption, first_line in CAPTIONS[handout.name].items():
        on = [n for n, page in enumerate(handout.pages) if squeeze(caption) in squeeze(page)]
        assert len(on) == 1, f"{caption!r} printed on pages {on}"
        assert squeeze(first_line) in squeeze(handout.pages[on[0]]), "the figure is split"
    text = "".join(handout.pages)
    for number in NUMBERS[handout.name]:
        assert squeeze(number) in squeeze(text), number
    assert "Trained in your browser" not in text  # a note for the screen, not for paper


def test_the_hints_print_open(handout):
    """On paper nobody can click a hint open: each prints (its words before any formula)."""
    hints = [
        match[1].split("$")[0].split()[:4]
        for cell in handout.notebook.cells
        if cell.cell_type == "markdown"
        for match in re.finditer(r"<summary>Hint</summary>\s*(.*?)</details>", cell.source, re.S)
    ]
    assert len(hints) == {"built_page": 8, "built_in_depth_page": 0}[handout.name]
    text = " ".join(" ".join(handout.pages).split())
    assert [words for words in hints if words and " ".join(words) not in text] == []


def test_a_dark_browser_prints_light_paper(handout, browser, tmp_path):
    dark = print_page(browser, handout.built.page, tmp_path / "dark.pdf", color_scheme="dark")
    caption = squeeze(next(iter(CAPTIONS[handout.name])))
    with_figure = next(n for n, page in enumerate(handout.pages, 1) if caption in squeeze(page))
    subprocess.run(
        ["pdftoppm", "-r", "20", "-gray", "-png", "-f", str(with_figure), "-l", str(with_figure),
         "-singlefile", str(dark), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    brightness = np.asarray(Image.open(tmp_path / "page.png").convert("L")).mean()
    assert brightness > 225, f"the page prints dark (mean grey {brightness:.0f} of 255)"
    assert Counter(pdftotext(dark, "-raw").split()) == Counter(" ".join(handout.pages).split())


def test_the_browsers_own_print_gives_the_same_pages(built_page, browser, tmp_path):
    """Chromium's own print (--print-to-pdf, what Print does) follows the same rules."""
    need_poppler()
    ours = pdftotext(print_page(browser, built_page.page, tmp_path / "ours.pdf"), "-raw")
    printed = tmp_path / "printed.pdf"
    subprocess.run(
        [chromium_path(), "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
         "--virtual-time-budget=10000", f"--print-to-pdf={printed}", built_page.page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    theirs = pdftotext(printed, "-raw")
    assert theirs.count("\f") == ours.count("\f")  # a form feed ends each page
    assert Counter(theirs.split()) == Counter(ours.split())
