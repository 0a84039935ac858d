"""The exported page's explorer in a real browser, offline, with real input events.

The page is the exported chapter (``make html``), loaded from ``file://`` with
every other request aborted. Moving a slider must redraw
the curve of that grid point (read back from the SVG) and show the final loss
the live explorer computes in a kernel for the same settings.
"""

import json
import math

import numpy as np
import pytest

from d2l_local.curves import BOOK_DEFAULTS, loss_curves, make_problem
from d2l_local.grid import AXES, LossGrid, compute_grid, decode, encode
from tools.browser import block_network, collect_errors
from tools.lesson import lesson_functions
from tools.static_explorer import explorer_snippet, standalone_page

ADAM, YOGI = "Adam (ours)", "Yogi (ours)"
READY = "div.adam-static-explorer.ase-ready"


@pytest.fixture(scope="module")
def payload(data_iter, lesson):
    trainers = {ADAM: lesson["adam"], YOGI: lesson["yogi"]}
    return encode(compute_grid(trainers, data_iter, seed=0))


def open_page(browser, path, color_scheme="light"):
    page = browser.new_page(viewport={"width": 900, "height": 1100}, color_scheme=color_scheme)
    blocked, errors = block_network(page), collect_errors(page)
    page.goto(path.as_uri())
    page.wait_for_selector(READY)
    return page, blocked, errors


@pytest.fixture(scope="module")
def grid_page(built_page):
    """The exported chapter itself (built as `make html` builds it): its explorer
    must hold the grid this test computes, and answer to real input events."""
    return built_page.page


def kernel_final(data_iter, name, hyperparams):
    """The final loss the live explorer's training function gives these settings."""
    lesson = lesson_functions()
    trainers = {ADAM: lesson["adam"], YOGI: lesson["yogi"]}
    curves = loss_curves(
        {name: trainers[name]},
        lesson["init_adam_states"],
        make_problem(data_iter, seed=0),
        hyperparams,
        torch_adam=False,
    )
    return curves[name].final


def positions(page):
    return {name: int(page.input_value(f"input[data-axis={name}]")) for name in AXES}


def settings(pos):
    return {name: AXES[name][i] for name, i in pos.items()}


def plotted(page, name):
    """The drawn curve of ``name`` in data units: (epochs, losses) read off the SVG,
    inverted through the axis grid lines; plus its data attributes."""
    svg = page.locator("svg.ase-plot")
    lines = svg.locator("line.ase-grid").evaluate_all(
        "ls => ls.map(l => [l.x1.baseVal.value, l.x2.baseVal.value, "
        "l.y1.baseVal.value, l.y2.baseVal.value])"
    )
    horizontal = [l for l in lines if l[2] == l[3]]
    vertical = [l for l in lines if l[0] == l[1]]
    (y_low, y_high), (x_0, x_2) = (
        (horizontal[0][2], horizontal[-1][2]),
        (vertical[0][0], vertical[-1][0]),
    )
    line = svg.locator(f"polyline.ase-curve[data-curve='{name}']")
    points = [tuple(map(float, p.split(","))) for p in line.get_attribute("points").split()]
    epochs = [(x - x_0) / (x_2 - x_0) * 2 for x, _ in points]
    losses = [
        math.exp(math.log(0.2) + (y - y_low) / (y_high - y_low) * math.log(1.5 / 0.2))
        for _, y in points
    ]
    attribute = [float(v) for v in line.get_attribute("data-losses").split()]
    return epochs, losses, attribute, int(line.get_attribute("data-index"))


def shown_final(page, name):
    """The status line's final loss for ``name``: the printed text and the exact value."""
    span = page.locator(f".ase-status span[data-curve='{name}']")
    text = span.inner_text()
    return float(text.split(":")[1].split()[0]), float(span.get_attribute("data-final"))


def assert_curve_is_grid_point(page, grid, name, pos):
    k = grid.index(**settings(pos))
    expected, _ = grid.curve(name, **settings(pos))
    epochs, losses, attribute, index = plotted(page, name)
    assert index == k
    assert attribute == [float(v) for v in expected]  # float32 values, exactly
    assert np.allclose(epochs, grid.epochs, atol=1e-3)
    visible = (expected > 0.2) & (expected < 1.5)  # off-scale points sit on the edge
    assert np.allclose(np.array(losses)[visible], expected[visible], rtol=2e-4)
    return losses


def test_sliders_step_through_the_grid_offline(browser, grid_page, payload, data_iter):
    grid = decode(payload)
    page, blocked, errors = open_page(browser, grid_page)
    pos = positions(page)
    assert pos == payload["defaults"]
    assert page.locator("div.adam-static-explorer input[type=range]").count() == 4
    assert "Precomputed runs on a grid" in page.locator(".ase-note").inner_text()

    # At the defaults: the curves are the grid's, the losses the kernel's.
    for name in (ADAM, YOGI):
        assert_curve_is_grid_point(page, grid, name, pos)
        printed, exact = shown_final(page, name)
        kernel = kernel_final(data_iter, name, BOOK_DEFAULTS)
        assert abs(exact - kernel) <= 1e-6 and abs(printed - kernel) <= 1e-6

    # Each slider, moved with the keyboard on the focused input: a new grid point.
    for name in AXES:
        before = plotted(page, ADAM)[2]
        page.focus(f"input[data-axis={name}]")
        page.keyboard.press("ArrowRight")
        pos[name] += 1
        assert positions(page) == pos
        readout = page.locator(f"input[data-axis={name}] + output").inner_text()
        assert float(readout) == pytest.approx(AXES[name][pos[name]], rel=1e-5)
        assert plotted(page, ADAM)[2] != before, f"moving {name} did not change the curve"
        assert_curve_is_grid_point(page, grid, ADAM, pos)
        assert_curve_is_grid_point(page, grid, YOGI, pos)

    # β1 0.99, β2 0.9999, η 10^-1.5, ε 1e-3: a second point checked against the kernel.
    assert settings(pos) == {"beta1": 0.99, "beta2": 0.9999, "lr": 10**-1.5, "eps": 1e-3}
    for name in (ADAM, YOGI):
        printed, exact = shown_final(page, name)
        kernel = kernel_final(data_iter, name, settings(pos))
        assert abs(exact - kernel) <= 1e-6 and abs(printed - kernel) <= 1e-6

    # The η slider dragged with the mouse to its right end: η = 1.
    handle = page.locator("input[data-axis=lr]").bounding_box()
    middle = handle["y"] + handle["height"] / 2
    page.mouse.move(handle["x"] + handle["width"] * 0.4, middle)
    page.mouse.down()
    page.mouse.move(handle["x"] + handle["width"] + 30, middle, steps=8)
    page.mouse.up()
    pos["lr"] = len(AXES["lr"]) - 1
    assert positions(page) == pos
    assert_curve_is_grid_point(page, grid, ADAM, pos)

    # A preset button a teacher clicks: β2 too small (η 0.1, β1 0.99, β2 0.9), calm.
    page.get_by_role("button", name="β2 too small").click()
    pos = dict(payload["defaults"], lr=6, beta1=3, beta2=0)
    assert positions(page) == pos
    assert "β1² > β2" in page.locator(".ase-preset-note").inner_text()
    printed, exact = shown_final(page, ADAM)
    assert abs(exact - kernel_final(data_iter, ADAM, settings(pos))) <= 1e-6

    # Toggling a curve off empties it and drops it from the status line.
    page.locator("input[data-curve='Yogi (ours)']").uncheck()
    assert page.locator(f"polyline.ase-curve[data-curve='{YOGI}']").get_attribute("points") == ""
    assert YOGI not in page.locator(".ase-status").inner_text()
    assert ADAM in page.locator(".ase-status").inner_text()

    # The faint reference curve stays at the book's defaults throughout.
    reference = page.locator("polyline.ase-ref").get_attribute("points").split()
    assert len(reference) == len(grid.epochs)

    assert float(page.get_attribute("div.adam-static-explorer", "data-redraw-ms")) >= 0
    assert blocked == [] and errors == []


def test_a_diverged_run_ends_in_a_marker(browser, tmp_path):
    """No grid point of the airfoil problem diverges, so a made-up grid checks the display."""
    losses = np.array([[0.40, 0.30, 0.25], [0.60, 30.0, np.inf]], dtype=np.float32)
    fake = LossGrid(
        {"beta1": [0.9], "beta2": [0.999], "lr": [0.01, 1.0], "eps": [1e-6]},
        np.array([0.5, 1.0, 2.0]),
        {ADAM: losses},
        {ADAM: np.array([-1, 40], dtype=np.int32)},
        0.49,
        0,
    )
    path = tmp_path / "diverged.html"
    path.write_text(
        standalone_page(explorer_snippet(json.loads(json.dumps(encode(fake))), presets={}))
    )
    page, blocked, errors = open_page(browser, path, color_scheme="dark")
    marker = page.locator(f"path.ase-marker[data-curve='{ADAM}']")
    assert not marker.is_visible()
    page.focus("input[data-axis=lr]")
    page.keyboard.press("End")
    status = page.locator(".ase-status").inner_text()
    assert "diverged at step 40" in status
    assert marker.is_visible()
    _, drawn, attribute, _ = plotted(page, ADAM)
    assert attribute == [0.6000000238418579, 30.0, math.inf]
    assert drawn[-1] == pytest.approx(3.0, rel=1e-3)  # clipped just past the top edge
    assert "translate" in marker.get_attribute("transform")
    assert blocked == [] and errors == []
