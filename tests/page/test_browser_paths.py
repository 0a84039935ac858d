"""The path explorer on the companion's exported page (adam_in_depth), in Chromium,
opened from file:// with the network cut. Moved by real input events (clicks and keys
on the sliders, clicks and drags on the plot, the problem, method and switch boxes, the
presets, a link), the page computes the paths itself; they must be the kernel's
(``optimizer_paths`` with the companion's trainers_2d) to 1e-12, read back from the
full-precision coordinates the figure keeps in its data attributes. And the figure fits
a phone.

Why 1e-12 holds on any machine: both sides compute in float64 with +, -, *, / and
square roots only (problems_2d.py and the companion's 2-D trainers use no power and no
library function), which IEEE 754 rounds correctly on every CPU; CPython does one
operation at a time, JavaScript never fuses a multiply and an add, and browsers take
the processor's square root. So both sides compute the same doubles in the same
order, whatever the CPU, and the test measures 0 (it prints the largest difference).
No bound a pixel could justify would do instead: at the large η the sliders reach,
the paths on the narrow valley are chaotic, and a square root one ulp high moves a
path by up to 35 units (measured at 2000 random settings), more than the window."""

import json
import random
from types import SimpleNamespace

import pytest

from d2l_local import torch as d2l
from d2l_local.core.sliders import PATH_SLIDERS
from d2l_local.figures.path_explorer import check_values
from tools.browser import open_offline_page

SETTINGS = 30  # random settings reached by real input events
TOLERANCE = 1e-12

# What the figure shows: the values it computed for, and each drawn path.
DRAWN = """figure => ({
  values: JSON.parse(figure.dataset.values),
  paths: Object.fromEntries([...figure.querySelectorAll('polyline.d2l-path-line')].map(
    line => [line.dataset.method, {x1: line.dataset.x1, x2: line.dataset.x2,
                                   f: line.dataset.f, diverged_at: line.dataset.divergedAt}])),
  status: figure.querySelector('.d2l-status').innerText,
})"""


@pytest.fixture(scope="module")
def loaded(browser, built_in_depth_page):
    page = open_offline_page(
        browser, built_in_depth_page.page, viewport={"width": 1100, "height": 900}
    )
    blocked, errors = page.blocked, page.errors
    figure = page.locator(".d2l-paths")
    figure.scroll_into_view_if_needed()
    yield SimpleNamespace(page=page, figure=figure, blocked=blocked, errors=errors)
    page.close()


def drawn(figure):
    shown = figure.evaluate(DRAWN)
    for path in shown["paths"].values():
        path["x1"] = [float(x) for x in path["x1"].split()]
        path["x2"] = [float(x) for x in path["x2"].split()]
        path["f"] = float(path["f"])
        path["diverged_at"] = int(path["diverged_at"]) if path["diverged_at"] else None
    return shown


def largest_difference(shown, trainers_2d):
    """The largest |page - kernel| over every coordinate of every drawn path; the paths
    drawn, their lengths and where they stopped must be the kernel's exactly."""
    values = shown["values"]
    settings = check_values(values)
    chosen = {method: trainers_2d[method] for method in values["shown"]}
    expected = d2l.optimizer_paths(chosen, **settings) if chosen else {}
    assert set(shown["paths"]) == set(expected), values
    problem = d2l.PROBLEMS_2D[values["problem"]]
    worst = 0.0
    for method, path in expected.items():
        page = shown["paths"][method]
        assert len(page["x1"]) == len(page["x2"]) == len(path.points), (method, values)
        assert page["diverged_at"] == path.diverged_at, (method, values)
        for (x1, x2), y1, y2 in zip(path.points, page["x1"], page["x2"]):
            worst = max(worst, abs(x1 - y1), abs(x2 - y2))
        f = problem.f(*path.points[-1])
        worst = max(worst, abs(page["f"] - f) / max(1.0, abs(f)))
    return worst


class Reader:
    """Real input events on the figure, chosen at random."""

    def __init__(self, page, figure, rng):
        self.page, self.figure, self.rng = page, figure, rng

    def click_slider(self):
        name = self.rng.choice(list(PATH_SLIDERS))
        box = self.figure.locator(f"input[type=range][data-name={name}]").bounding_box()
        x = box["x"] + self.rng.uniform(0.02, 0.98) * box["width"]
        self.page.mouse.click(x, box["y"] + box["height"] / 2)

    def press_keys(self):
        name = self.rng.choice(list(PATH_SLIDERS))
        self.figure.locator(f"input[type=range][data-name={name}]").focus()
        keys = ["ArrowRight", "ArrowLeft", "ArrowUp", "PageUp", "PageDown", "Home", "End"]
        for _ in range(self.rng.randint(1, 4)):
            self.page.keyboard.press(self.rng.choice(keys))

    def plot_point(self):
        box = self.figure.locator("rect.d2l-frame").bounding_box()
        return (
            box["x"] + self.rng.uniform(0.01, 0.99) * box["width"],
            box["y"] + self.rng.uniform(0.01, 0.99) * box["height"],
        )

    def click_plot(self):
        self.page.mouse.click(*self.plot_point())

    def drag_on_plot(self):
        self.page.mouse.move(*self.plot_point())
        self.page.mouse.down()
        self.page.mouse.move(*self.plot_point(), steps=6)
        self.page.mouse.up()

    def pick_problem(self):
        self.rng.choice(self.figure.locator("input[data-problem]").all()).click()

    def toggle_method(self):
        boxes = self.figure.locator("input[data-method]").all()
        box = self.rng.choice(boxes)
        if not (box.is_checked() and sum(b.is_checked() for b in boxes) == 1):
            box.click()  # never the last path shown

    def toggle_switch(self):
        self.rng.choice(self.figure.locator("input[data-switch]").all()).click()

    def press_preset(self):
        self.rng.choice(self.figure.locator(".d2l-presets button").all()).click()

    def act(self):
        actions = [
            (self.click_slider, 5),
            (self.press_keys, 4),
            (self.click_plot, 2),
            (self.drag_on_plot, 1),
            (self.pick_problem, 2),
            (self.toggle_method, 1),
            (self.toggle_switch, 2),
            (self.press_preset, 1),
        ]
        for _ in range(self.rng.randint(1, 3)):
            action = self.rng.choices([a for a, _ in actions], [w for _, w in actions])[0]
            action()


def test_the_page_draws_the_kernels_paths_at_random_settings(loaded, trainers_2d, capsys):
    reader = Reader(loaded.page, loaded.figure, random.Random(20261125))
    seen, worst, points, kinds = set(), 0.0, 0, set()
    for _ in range(SETTINGS):
        reader.act()
        shown = drawn(loaded.figure)
        worst = max(worst, largest_difference(shown, trainers_2d))
        values = shown["values"]
        seen.add(json.dumps(values, sort_keys=True))
        points += sum(len(path["x1"]) for path in shown["paths"].values())
        kinds |= {values["problem"], ("bias", values["bias_correction"])}
        kinds |= {("inside", values["eps_inside"]), ("start moved", values["start"] != [-5, -2])}
        kinds |= {"diverged" for path in shown["paths"].values() if path["diverged_at"]}
    assert len(seen) >= 20, "the random actions reached too few different settings"
    assert kinds == {*d2l.PROBLEMS_2D, "diverged"} | {
        (name, state) for name in ("bias", "inside", "start moved") for state in (True, False)
    }, kinds
    assert worst <= TOLERANCE
    with capsys.disabled():
        print(
            f"\npath explorer: {len(seen)} settings, {points} points compared, "
            f"largest |page - kernel| = {worst:.3g}"
        )
    assert loaded.errors == [] and loaded.blocked == []


def test_a_click_on_the_plot_moves_the_start_there(loaded):
    page, figure = loaded.page, loaded.figure
    figure.locator("rect.d2l-frame").scroll_into_view_if_needed()  # all of it, to click in
    box = figure.locator("rect.d2l-frame").bounding_box()
    x1_low, x1_high, x2_low, x2_high = d2l.PROBLEMS_2D["quadratic"].window
    for fx, fy in [(0.25, 0.75), (0.8, 0.1), (0.5, 0.5)]:
        page.mouse.click(box["x"] + fx * box["width"], box["y"] + fy * box["height"])
        start = drawn(figure)["values"]["start"]
        pixel = (x1_high - x1_low) / box["width"]  # data units per pixel
        assert start[0] == pytest.approx(x1_low + fx * (x1_high - x1_low), abs=pixel + 0.006)
        assert start[1] == pytest.approx(x2_high - fy * (x2_high - x2_low), abs=pixel + 0.006)
        for method in drawn(figure)["paths"].values():
            assert [method["x1"][0], method["x2"][0]] == start


def test_a_preset_shows_its_experiment(loaded, trainers_2d):
    loaded.figure.locator(".d2l-presets button", has_text="bias correction off").click()
    shown = drawn(loaded.figure)
    assert set(shown["paths"]) == {"RMSProp", "Adam"}
    assert shown["values"]["bias_correction"] is False
    assert largest_difference(shown, trainers_2d) <= TOLERANCE
    assert "3.16" in loaded.figure.locator(".d2l-note").inner_text()
    assert "first move (+1.26, +1.26)" in shown["status"]


def test_a_link_sets_the_sliders_and_the_address_follows_them(
    loaded, trainers_2d, built_in_depth_page
):
    page, figure = loaded.page, loaded.figure
    # A link from when η's slider was called eta: it still sets the slider, now lr.
    page.goto(f"{built_in_depth_page.page.as_uri()}#paths?eta=0.05&beta1=0.5&eps=100&steps=120")
    page.wait_for_function(
        "f => JSON.parse(f.dataset.values).steps === 120", arg=figure.element_handle()
    )
    shown = drawn(figure)
    assert {k: shown["values"][k] for k in ("lr", "beta1", "eps", "steps")} == {
        "lr": 0.05,
        "beta1": 0.5,
        "eps": 100,
        "steps": 120,
    }
    assert shown["values"]["beta2"] == 0.999 and shown["values"]["problem"] == "quadratic"
    assert largest_difference(shown, trainers_2d) <= TOLERANCE
    figure.locator("input[type=range][data-name=steps]").focus()
    page.keyboard.press("ArrowLeft")
    assert (
        page.evaluate("location.hash") == "#paths?lr=0.05&beta1=0.5&beta2=0.999&eps=100&steps=119"
    )
    assert loaded.errors == []


def test_a_link_with_a_bad_value_is_refused_by_name(loaded, built_in_depth_page):
    page, figure = loaded.page, loaded.figure
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    page.goto(f"{built_in_depth_page.page.as_uri()}#paths?lr=1e5&steps=20")
    page.wait_for_function("() => location.hash.includes('lr=0.4&')")
    assert any("lr=1e5" in w for w in warnings), warnings
    assert drawn(figure)["values"]["lr"] == 0.4  # the chapter's, not 1e5


def test_the_figure_fits_a_phone(browser, built_in_depth_page):
    page = open_offline_page(
        browser, built_in_depth_page.page, viewport={"width": 360, "height": 800}
    )
    try:
        figure = page.locator(".d2l-paths")
        figure.scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
        box = figure.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360
        assert figure.evaluate("f => f.scrollWidth - f.clientWidth") <= 0
        frame = figure.locator("rect.d2l-frame").bounding_box()
        assert frame["width"] > 200 and frame["x"] + frame["width"] <= 360
        # Equal scales: the 12 x 8 window is drawn 3:2.
        assert frame["width"] / frame["height"] == pytest.approx(1.5, rel=0.02)
    finally:
        page.close()
