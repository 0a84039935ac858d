"""The exported pages compute: their figures against the kernel, in Chromium, offline.

The pages are the session's builds of the lesson (``built_page``: the explorer on
``adam``, Reddi's problem) and of its companion (``built_in_depth_page``: the explorer
on ``adam`` and ``yogi``, the landscape), opened from ``file://`` with every other
request aborted. Settings reach them as a reader's do: keys and mouse on the
range inputs and buttons, and links (``#explore?lr=...``), which the page follows on
a hashchange. What it draws is read back from the SVG (full-precision values sit in
data attributes) and compared with what the kernel computes for the same settings.

Tolerances. The explorer trains in float32 in JavaScript, a plain copy of the lesson
code; the kernel's BLAS and torch's sums add in orders of their own, which depend on the
CPU. Curves must have the kernel's evaluation points and verdict, and losses within a
relative ``bound(hp)`` of the kernel's: 1e-6 for η ≤ 0.1 (measured: 2e-7) and 1e-3 for
0.1 < η ≤ 1, where oscillating runs amplify rounding (measured: 2e-4); one pixel of the
explorer's log axis is 0.5% (the measurements and the argument: test_browser_trainer.py).
No run here comes near the divergence limit (every loss stays below a ninth of it), so
the verdicts are never in doubt. Reddi's problem runs in float64 on both sides with the
same operations in the same order; only the powers (Python's ``**``, JavaScript's) may
differ in the last bit, and the clipped steps do not amplify that: measured over 800
random settings (2400 runs), x_t (every 1000th step) within 1.1e-16, an ulp; end
points equal; average regrets within 5e-18. The bound 1e-9 is still a millionth of what the panels
show (x to 3 decimals).
"""

import re

import numpy as np
import pytest
from browser_trainer import bound, kernel_curves, random_settings

from d2l_local import torch as d2l
from d2l_local.core.reddi import average_regret
from tools.browser import open_offline_page

ADAM, YOGI = "Adam (ours)", "Yogi (ours)"
CURVES = """() => Object.fromEntries([...document.querySelectorAll(
    '.d2l-explorer polyline.d2l-curve')].map(p => [p.dataset.curve,
    {losses: p.dataset.losses.split(' ').map(Number), diverged: p.dataset.divergedAt}]))"""
FOLLOW = """async (hash) => {
  await new Promise((done) => {
    addEventListener('hashchange', done, {once: true});
    location.hash = hash;
  });
}"""
REDDI = """() => Object.fromEntries([...document.querySelectorAll(
    '.d2l-reddi .d2l-status [data-method]')].map(s => [s.dataset.method,
    [Number(s.dataset.final), Number(s.dataset.regret)]]))"""


@pytest.fixture(scope="module")
def problem(data_iter):
    return d2l.make_problem(data_iter, seed=0)


# The explorer's curves each page trains (torch.optim.Adam needs a kernel).
PAGE_CURVES = {"lesson": (ADAM,), "in_depth": (ADAM, YOGI)}


@pytest.fixture(scope="module")
def opened(browser, request):
    """A function that opens a page, "lesson", "in_depth" or "in_practice" (optionally at
    a link), and waits for its figures. Each page is built when first asked for."""
    pages = []
    fixtures = {
        "lesson": "built_page",
        "in_depth": "built_in_depth_page",
        "in_practice": "built_in_practice_page",
    }

    def open_page(fragment="", width=1100, height=900, scheme="light", scale=1, which="lesson"):
        page = open_offline_page(
            browser,
            request.getfixturevalue(fixtures[which]).page,
            fragment,
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            device_scale_factor=scale,
        )
        page.curves = PAGE_CURVES.get(which, ())
        pages.append(page)
        return page

    yield open_page
    for page in pages:
        assert page.blocked == [] and page.errors == [], (page.blocked, page.errors)
        page.close()


@pytest.fixture(scope="module")
def page(opened):
    """The lesson's page."""
    return opened()


@pytest.fixture(scope="module")
def in_depth(opened):
    """The companion's page."""
    return opened(which="in_depth")


@pytest.fixture(params=list(PAGE_CURVES))
def either(request, page, in_depth):
    """Each page with an explorer in turn: the lesson's, then the companion's."""
    return {"lesson": page, "in_depth": in_depth}[request.param]


def link(name, values):
    return f"#{name}?" + "&".join(f"{key}={value!r}" for key, value in values.items())


def assert_curves_match(drawn, kernel, hp, names=(ADAM, YOGI)):
    assert set(drawn) == set(names)
    for method, name in (("adam", ADAM), ("yogi", YOGI)):
        if name not in names:
            continue
        want, got = kernel[method], drawn[name]
        assert len(got["losses"]) == len(want.losses)
        np.testing.assert_allclose(got["losses"], want.losses, rtol=bound(hp), atol=0)
        assert got["diverged"] == ("" if want.diverged_at is None else str(want.diverged_at))


def settings_in_url(page):
    query = page.evaluate("location.hash").split("?", 1)[1]
    return {key: float(value) for key, value in (pair.split("=") for pair in query.split("&"))}


# --- the explorer ------------------------------------------------------------------


@pytest.mark.parametrize(
    "which, status",
    [
        ("lesson", r"Adam \(ours\): 0\.2426 · trained in your browser"),
        ("in_depth", r"Adam \(ours\): 0\.2426 · Yogi \(ours\): 0\.2424"),
    ],
)
def test_the_explorer_trains_in_the_page_and_says_so(page, in_depth, which, status):
    explorer = {"lesson": page, "in_depth": in_depth}[which].locator(".d2l-explorer")
    assert explorer.count() == 1
    assert "Trained in your browser" in explorer.locator(".d2l-notice").inner_text()
    assert explorer.locator("input[type=range]").count() == 4
    # One checkbox per curve the page trains: torch.optim.Adam needs a kernel.
    assert explorer.locator("input[data-curve]").count() == len(PAGE_CURVES[which])
    shown = explorer.locator(".d2l-status").inner_text()
    assert re.search(status, shown), shown
    assert "UCI" in explorer.inner_text() and "CC BY 4.0" in explorer.inner_text()


def test_curves_equal_the_kernels_at_100_random_settings(either, problem, lesson):
    settings = random_settings(np.random.default_rng(2026), 100)
    kernel = kernel_curves(problem, lesson, settings)
    for hp, want in zip(settings, kernel):
        either.evaluate(FOLLOW, link("explore", hp))
        assert_curves_match(either.evaluate(CURVES), want, hp, names=either.curves)


def test_large_learning_rates_agree_and_give_the_same_verdict(either, problem, lesson):
    """η in (0.1, 1]: the loss oscillates and rounding shows more (bound 1e-3)."""
    settings = random_settings(np.random.default_rng(7), 20, lr_range=(0.1, 1.0))
    for hp, want in zip(settings, kernel_curves(problem, lesson, settings)):
        either.evaluate(FOLLOW, link("explore", hp))
        assert_curves_match(either.evaluate(CURVES), want, hp, names=either.curves)


def test_keys_mouse_and_presets_retrain_like_the_kernel(either, problem, lesson):
    page = either
    page.evaluate(FOLLOW, "#explore?lr=0.01")
    explorer = page.locator(".d2l-explorer")
    eta = explorer.locator("input[data-name=lr]")
    eta.click()  # a real click focuses the slider (and moves it to where it was clicked)
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    values = settings_in_url(page)
    want = kernel_curves(problem, lesson, [values])[0]
    assert_curves_match(page.evaluate(CURVES), want, values, names=page.curves)

    box = explorer.locator("input[data-name=beta2]").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + 0.3 * box["width"], y)
    page.mouse.down()
    page.mouse.move(box["x"] + 0.6 * box["width"], y, steps=8)
    page.mouse.up()
    dragged = settings_in_url(page)
    assert dragged["beta2"] != values["beta2"]
    want = kernel_curves(problem, lesson, [dragged])[0]
    assert_curves_match(page.evaluate(CURVES), want, dragged, names=page.curves)

    explorer.get_by_role("button", name="β2 too small").click()
    preset = settings_in_url(page)
    assert preset == {"beta1": 0.99, "beta2": 0.9, "lr": 0.1, "eps": 1e-6}
    assert "β1² > β2" in explorer.locator(".d2l-note").inner_text()
    want = kernel_curves(problem, lesson, [preset])[0]
    assert_curves_match(page.evaluate(CURVES), want, preset, names=page.curves)


def test_a_toggle_hides_a_curve(in_depth):
    page = in_depth
    page.evaluate(FOLLOW, "#explore?lr=0.01")
    yogi = page.locator(".d2l-explorer input[data-curve='Yogi (ours)']")
    yogi.click()
    assert set(page.evaluate(CURVES)) == {ADAM}
    assert "Yogi" not in page.locator(".d2l-explorer .d2l-status").inner_text()
    yogi.click()
    assert set(page.evaluate(CURVES)) == {ADAM, YOGI}


# --- links ---------------------------------------------------------------------------


def test_a_link_sets_the_sliders_and_scrolls_to_the_explorer(opened, problem, lesson):
    page = opened("#explore?lr=0.02&beta1=0.8&beta2=0.995&eps=1e-07")
    explorer = page.locator(".d2l-explorer")
    readouts = {
        name: explorer.locator(f"input[data-name={name}]").get_attribute("aria-valuetext")
        for name in ("lr", "beta1", "beta2", "eps")
    }
    assert readouts == {"lr": "0.02", "beta1": "0.8", "beta2": "0.995", "eps": "1e-7"}
    assert explorer.evaluate(
        "e => e.getBoundingClientRect().top < innerHeight / 2 "
        "&& e.getBoundingClientRect().bottom > 0"
    )
    hp = {"lr": 0.02, "beta1": 0.8, "beta2": 0.995, "eps": 1e-7}
    want = kernel_curves(problem, lesson, [hp])[0]
    assert_curves_match(page.evaluate(CURVES), want, hp, names=page.curves)


def test_a_partial_link_leaves_the_rest_at_the_books_values(opened):
    page = opened("#explore?beta1=0.5")
    assert settings_in_url(page) == {"beta1": 0.5, "beta2": 0.999, "lr": 0.01, "eps": 1e-6}
    values = {
        name: page.locator(f".d2l-explorer input[data-name={name}]").get_attribute("aria-valuetext")
        for name in ("lr", "beta1", "beta2", "eps")
    }
    assert values == {"lr": "0.01", "beta1": "0.5", "beta2": "0.999", "eps": "1e-6"}


def test_moving_a_slider_writes_the_link_without_a_history_entry(opened):
    page = opened()
    length = page.evaluate("history.length")
    slider = page.locator(".d2l-explorer input[data-name=eps]")
    slider.focus()
    page.keyboard.press("ArrowLeft")
    url = settings_in_url(page)
    assert url["eps"] < 1e-6 and url["lr"] == 0.01
    assert page.evaluate("history.length") == length
    again = opened(page.evaluate("location.hash"))  # the link brings back the same setting
    assert settings_in_url(again) == url
    assert again.locator(".d2l-explorer input[data-name=eps]").get_attribute(
        "aria-valuetext"
    ) == slider.get_attribute("aria-valuetext")


def test_a_bad_link_value_is_ignored_not_fatal(opened):
    page = opened("#explore?lr=banana&beta1=7&eps=1e-3")
    values = {
        name: page.locator(f".d2l-explorer input[data-name={name}]").get_attribute("aria-valuetext")
        for name in ("lr", "beta1", "eps")
    }
    assert values == {"lr": "0.01", "beta1": "0.9", "eps": "0.001"}
    assert "0.2" in page.locator(".d2l-explorer .d2l-status").inner_text()


# --- Reddi's problem ---------------------------------------------------------------


def test_reddi_equals_the_chapters_run_at_30_random_settings(page, lesson):
    rng = np.random.default_rng(3)
    for _ in range(30):
        C, beta1, beta2 = rng.uniform(2.5, 10), rng.uniform(0, 0.99), rng.uniform(0, 0.999)
        page.evaluate(FOLLOW, link("reddi", {"C": C, "beta1": beta1, "beta2": beta2}))
        drawn = page.evaluate(REDDI)
        x, _ = lesson["run_reddi"](C, beta1, beta2, steps=30_000)
        for method, points in x.items():
            final, regret = drawn[method]
            assert abs(final - points[-1]) <= 1e-9, (method, C, beta1, beta2)
            assert abs(regret - average_regret(C, points)[-1]) <= 1e-9


def test_reddi_sliders_and_buttons_rerun_it(page, lesson):
    page.evaluate(FOLLOW, "#reddi?C=3&beta1=0&beta2=0.1")
    reddi = page.locator(".d2l-reddi")
    status = reddi.locator(".d2l-status").inner_text()
    assert status == "after 30,000 steps: Adam x = +1.000, AMSGrad x = -1.000, Yogi x = -0.999"
    reddi.locator("input[data-name=C]").focus()
    page.keyboard.press("ArrowRight")  # C = 3.5
    reddi.get_by_role("button", name=re.compile("paper")).click()
    C = 3.5
    x, _ = lesson["run_reddi"](C, 0.0, 1 / (1 + C**2), steps=30_000)
    drawn = page.evaluate(REDDI)
    assert all(abs(drawn[m][0] - x[m][-1]) <= 1e-9 for m in x)
    assert page.evaluate("location.hash").startswith("#reddi?C=3.5&beta1=0&beta2=0.0754")
    reddi.get_by_role("button", name=re.compile("book")).click()
    assert "Adam x = -1.000" in reddi.locator(".d2l-status").inner_text()


# --- the landscape -----------------------------------------------------------------


def test_hovering_a_cell_names_it_and_clicking_opens_it_in_the_explorer(opened):
    page = opened(which="in_depth")  # the landscape opens a setting in its own page's explorer
    landscape = page.locator(".d2l-landscape")
    layer = landscape.locator(".d2l-hover-layer").first
    box = layer.bounding_box()
    spot = {"x": 0.3 * box["width"], "y": 0.4 * box["height"]}
    layer.hover(position=spot)
    text = landscape.locator(".d2l-readout").inner_text()
    found = re.search(r"η = ([0-9.e-]+), β2 = ([0-9.]+) · Adam: ([0-9.]+) · Yogi: ([0-9.]+)", text)
    assert found, text
    lr, beta2 = float(found[1]), float(found[2])
    layer.click(position=spot)
    assert settings_in_url(page) == {"beta1": 0.9, "beta2": beta2, "lr": lr, "eps": 1e-6}
    page.wait_for_function(
        "() => { const r = document.querySelector('.d2l-explorer')"
        ".getBoundingClientRect(); return r.top < innerHeight && r.bottom > 0; }"
    )
    explorer = page.locator(".d2l-explorer")
    assert float(explorer.locator("input[data-name=lr]").get_attribute("aria-valuetext")) == lr
    final = float(
        explorer.locator(".d2l-status [data-curve='Adam (ours)']").get_attribute("data-final")
    )
    assert f"{final:.4g}" == f"{float(found[3]):.4g}"  # the heatmap's number, retrained here


# --- fits every screen, light or dark ----------------------------------------------

WIDEST = """() => { const main = document.querySelector('main').getBoundingClientRect();
  const over = [...document.querySelectorAll(
      '.jp-OutputArea-output, .d2l-figure, .d2l-figure svg, .jp-RenderedSVG img, input, button')]
    .filter(e => e.getBoundingClientRect().width > 0
            && e.getBoundingClientRect().right > main.right + 1)
    .map(e => e.className.baseVal ?? e.className);
  const scrolls = (e) => e.scrollWidth > e.clientWidth + 1;
  const outputs = [...document.querySelectorAll('.jp-OutputArea-output')];
  const text = outputs.filter(e => e.classList.contains('jp-RenderedText'));
  return {page: document.documentElement.scrollWidth - innerWidth, over,
          scrolling: outputs.filter(e => !text.includes(e) && scrolls(e)).length,
          text_scrolling: text.filter(scrolls).length}; }"""


@pytest.mark.parametrize("which", list(PAGE_CURVES))
@pytest.mark.parametrize(
    "width, scale",
    [(360, 1), (800, 1), (1280, 1), (1600, 1), (640, 2)],
    ids=["phone", "tablet", "laptop", "wide", "1280-at-200%"],
)
def test_nothing_is_wider_than_the_column(opened, width, scale, which):
    page = opened(width=width, scale=scale, which=which)
    page.wait_for_timeout(300)  # the figures size themselves to their column
    fit = page.evaluate(WIDEST)
    # A figure never scrolls; a printed line may scroll in its (focusable) output box on
    # a narrow screen, but every one fits the full column of a laptop.
    full_column = width >= 1280 and scale == 1
    assert fit == {
        "page": 0,
        "over": [],
        "scrolling": 0,
        "text_scrolling": 0 if full_column else fit["text_scrolling"],
    }, fit


CONTRAST = """(selector) => {
  const rgb = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const e = document.querySelector(selector);
  const fg = lum(rgb(getComputedStyle(e).color));
  const bg = lum(rgb(getComputedStyle(document.body).backgroundColor));
  return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
}"""


@pytest.mark.parametrize("which", list(PAGE_CURVES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_reads_in_both_colour_schemes(opened, scheme, which):
    page = opened(scheme=scheme, which=which)
    for selector in (
        ".jp-RenderedMarkdown p",
        ".jp-InputArea-editor",
        ".jp-OutputArea-output pre",
        ".d2l-explorer .d2l-status",
    ):
        assert page.evaluate(CONTRAST, selector) >= 4.5, selector
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    dark = sum(map(int, re.findall(r"\d+", background)[:3])) < 150
    assert dark == (scheme == "dark"), background
    card = page.evaluate(
        "getComputedStyle(document.querySelector('.jp-RenderedSVG img')).backgroundColor"
    )
    if scheme == "dark":  # matplotlib's figures keep their white paper
        assert card == "rgb(255, 255, 255)"
    axis_text = page.evaluate(
        "getComputedStyle(document.querySelector('.d2l-explorer svg text')).fill"
    )
    assert (sum(map(int, re.findall(r"\d+", axis_text)[:3])) > 384) == (scheme == "dark")
