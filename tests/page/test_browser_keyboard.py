"""The figures without a mouse, without colour and without sight, on the exported pages
(the lesson: the explorer and Reddi's problem; the companion: the path explorer, the
explorer and the landscape; Adam in practice: the weight-decay and schedule explorers),
in Chromium, offline, in both colour schemes.

A walk with the Tab key from the top of the page must reach every control of every
figure, in the order they are written (reading order), each with a visible focus ring
(3:1 or more against what lies behind it); pressing the control's own keys there
(arrows on a slider, Space on a box, Enter on a button, arrows and Enter on the
landscape, arrows on the path explorer's plot) must change what the figure draws.
The live summary must say the numbers the figure draws, which are the kernel's: for
the explorer to ``bound(hp)`` (see test_browser_page.py) plus the summary's rounding
to 4 digits, for Reddi's problem and the paths to their rounding (both compute in
float64 like the kernel: test_browser_page.py and test_browser_paths.py measure 1e-16
and 0), for the weight-decay explorer to its rounding to 3 digits plus the bound of
test_decay_node.py, for the schedule explorer to its rounding plus the bound of
test_schedule_node.py, and it must speak once for a burst of changes, not once per change.
"""

import math
import re

import numpy as np
import pytest
import test_browser_page
from browser_trainer import bound, kernel_curves, random_settings

from d2l_local import torch as d2l
from d2l_local.figures.path_explorer import check_values
from tools.lesson import practice_functions

opened = test_browser_page.opened  # the fixture that opens the lesson's or companion's page
FOLLOW = test_browser_page.FOLLOW  # set a figure by a link, as a reader does
SETTLED = 800  # ms: longer than a summary waits for its figure to settle (access.js)

# Every control of every figure, in document order, named "figure:control"; a radio
# group and the landscape's grid are one Tab stop each, so they share a name.
NAME_CONTROLS = """() => {
  const figures = [...document.querySelectorAll('.d2l-figure')];
  const names = [];
  figures.forEach((figure, f) => {
    const controls = figure.querySelectorAll(
      'input, button, summary, [tabindex], [role=gridcell]');
    let k = 0;
    const groups = new Map();
    for (const control of controls) {
      const group = control.type === 'radio' ? control.name
        : control.getAttribute('role') === 'gridcell' ? 'grid' : null;
      if (group && groups.has(group)) { control.dataset.walk = groups.get(group); continue; }
      const name = `${f}:${k++}`;
      if (group) groups.set(group, name);
      control.dataset.walk = name;
      names.push(name);
    }
  });
  return names;
}"""

# What the focused control is, and how its focus ring contrasts with what lies behind.
FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || !e.dataset.walk) return null;
  const rgb = (c) => (c.match(/[\\d.]+/g) ?? []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const clear = (n) => rgb(getComputedStyle(n).backgroundColor)[3] === 0;
  let behind = e.parentElement;
  while (behind && clear(behind)) behind = behind.parentElement;
  const back = rgb(getComputedStyle(behind ?? document.documentElement).backgroundColor);
  const style = getComputedStyle(e);
  const ring = lum(rgb(style.outlineColor));
  const under = lum(back.length ? back : [255, 255, 255]);
  const figure = e.closest('.d2l-figure');
  return {
    walk: e.dataset.walk, tag: e.tagName, type: e.type ?? '', role: e.getAttribute('role'),
    kind: [...figure.classList].find((c) => c !== 'd2l-figure').slice(4),
    atMax: e.type === 'range' && Number(e.value) >= Number(e.max),
    visible: e.matches(':focus-visible') && style.outlineStyle !== 'none'
      && parseFloat(style.outlineWidth) >= 2,
    contrast: (Math.max(ring, under) + 0.05) / (Math.min(ring, under) + 0.05),
  };
}"""

# What a figure draws, without its timing: curves, points, status, readout.
DRAWN = """(figure) => {
  const time = figure.querySelector('.d2l-status .d2l-time');
  const status = figure.querySelector('.d2l-status')?.innerText ?? '';
  return JSON.stringify({
    data: [...figure.querySelectorAll('[data-losses], [data-final], [data-x1]')].map(
      (e) => [e.dataset.losses, e.dataset.final, e.dataset.regret, e.dataset.x1, e.dataset.x2]),
    status: time ? status.replace(time.innerText, '') : status,
    readout: figure.querySelector('.d2l-readout')?.innerText ?? '',
  });
}"""


def drawn(page):
    """What each figure draws, in document order."""
    return [figure.evaluate(DRAWN) for figure in page.locator(".d2l-figure").all()]


def operate(page, stop):
    """Press the keys of the focused control; return which figures it should change
    (its own, and for the landscape the explorer it opens)."""
    key = page.keyboard.press
    if stop["role"] == "gridcell":
        key("ArrowRight")
        key("ArrowUp")
        key("Enter")
        return {stop["kind"], "explorer"}
    if stop["role"] == "application":  # the path explorer's plot: the start
        key("ArrowRight")
        key("Shift+ArrowUp")
    elif stop["type"] == "range":
        key("ArrowLeft" if stop["atMax"] else "ArrowRight")
    elif stop["type"] in ("checkbox",):
        key("Space")
    elif stop["type"] == "radio":
        key("ArrowRight")
    elif stop["type"] == "number":
        key("ArrowUp")
    else:  # a button or a table's summary
        key("Enter")
    return {stop["kind"]}


PAGES = ["lesson", "in_depth", "in_practice"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", PAGES)
def test_tab_reaches_every_control_in_order_and_each_changes_its_figure(opened, which, scheme):
    page = opened(which=which, scheme=scheme)
    controls = page.evaluate(NAME_CONTROLS)
    kinds = page.locator(".d2l-figure").evaluate_all(
        "fs => fs.map(f => [...f.classList].find(c => c !== 'd2l-figure').slice(4))"
    )
    reached, operated = [], set()
    for _ in range(1500):  # more than the page's Tab stops
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            if reached and page.evaluate("document.activeElement === document.body"):
                break  # past the end of the page
            continue
        if reached and stop["walk"] == reached[-1]:
            continue
        assert stop["walk"] not in reached, f"{stop['walk']} reached twice: {reached}"
        reached.append(stop["walk"])
        assert stop["visible"], stop
        assert stop["contrast"] >= 3, stop
        before = drawn(page)
        if stop["tag"] == "SUMMARY":
            operate(page, stop)
            figure = page.locator(".d2l-figure").nth(int(stop["walk"].split(":")[0]))
            table = figure.locator(".d2l-data table")
            assert table.is_visible() and table.locator("tbody tr").count() >= 4
            numbers = re.findall(r"-?\d+\.\d+", table.locator("tbody").inner_text())
            assert len(numbers) >= 8, table.inner_text()
            continue
        changes = operate(page, stop)
        after = drawn(page)
        changed = {kinds[i] for i, (b, a) in enumerate(zip(before, after)) if b != a}
        assert changed >= changes, (stop, changed)
        operated.add(stop["walk"])
        if stop["type"] == "checkbox":  # put it back: the last curve stays shown
            page.keyboard.press("Space")
    assert reached == controls
    assert len(operated) == len(controls) - len(kinds) + kinds.count("landscape")


def summary(page, selector):
    """The figure's live summary once it has settled."""
    page.wait_for_timeout(SETTLED)
    return page.locator(f"{selector} .d2l-summary").text_content()


def rounding(value, digits=4):
    """Half a unit in the last of ``digits`` significant digits of ``value``."""
    return 0.5 * 10 ** (math.floor(math.log10(abs(value))) - digits + 1)


def test_the_explorers_summary_says_the_kernels_final_losses(opened, data_iter, lesson):
    page = opened(which="in_depth")
    problem = d2l.make_problem(data_iter, seed=0)
    settings = random_settings(np.random.default_rng(21), 6)
    for hp, want in zip(settings, kernel_curves(problem, lesson, settings)):
        page.evaluate(FOLLOW, "#explore?" + "&".join(f"{k}={v!r}" for k, v in hp.items()))
        said = summary(page, ".d2l-explorer")
        assert said.endswith(" after 2 epochs"), said
        for name, method in (("Adam (ours)", "adam"), ("Yogi (ours)", "yogi")):
            curve = want[method]
            if curve.diverged_at is not None:
                assert f"{name}: diverged at step {curve.diverged_at}" in said
                continue
            number = float(re.search(re.escape(name) + r": ([0-9.e-]+)", said)[1])
            final = curve.losses[-1]
            assert abs(number - final) <= rounding(final) + bound(hp) * final, (said, final)
            status = page.locator(f".d2l-explorer .d2l-status [data-curve='{name}']")
            assert f"{number:.4g}" in status.inner_text()  # the status line's number


def test_reddis_summary_says_where_the_chapters_run_ends(opened, lesson):
    page = opened(which="lesson")
    rng = np.random.default_rng(5)
    for _ in range(5):
        C, beta1, beta2 = rng.uniform(2.5, 10), rng.uniform(0, 0.99), rng.uniform(0, 0.999)
        page.evaluate(FOLLOW, f"#reddi?C={C!r}&beta1={beta1!r}&beta2={beta2!r}")
        said = summary(page, ".d2l-reddi")
        assert said.startswith("after 30,000 steps: "), said
        x, _ = lesson["run_reddi"](C, beta1, beta2, steps=30_000)
        for method, points in x.items():
            found = re.search(method + r" x = ([+-][0-9.]+), average regret (-?[0-9.]+)", said)
            assert found, said
            regret = d2l.average_regret(C, points)[-1]
            assert abs(float(found[1]) - points[-1]) <= 5e-4 + 1e-9
            assert abs(float(found[2]) - regret) <= 5e-4 + 1e-9


def test_the_path_explorers_summary_says_where_the_kernels_paths_end(opened, trainers_2d):
    page = opened(which="in_depth")
    rng = np.random.default_rng(8)
    for _ in range(5):
        eta, beta1, steps = 10 ** rng.uniform(-2, 0), rng.uniform(0, 0.99), int(rng.integers(5, 60))
        page.evaluate(FOLLOW, f"#paths?eta={eta!r}&beta1={beta1!r}&steps={steps}")
        said = summary(page, ".d2l-paths")
        values = page.locator(".d2l-paths").evaluate("f => JSON.parse(f.dataset.values)")
        assert said.startswith(f"From (-5.00, -2.00), {steps} steps: "), said
        paths = d2l.optimizer_paths(trainers_2d, **check_values(values))
        problem = d2l.PROBLEMS_2D[values["problem"]]
        for method, path in paths.items():
            if path.diverged_at is not None:
                assert f"{method}: diverged at step {path.diverged_at}" in said, said
                continue
            found = re.search(
                re.escape(method) + r": ends at \((-?[0-9.]+), (-?[0-9.]+)\), f = ([0-9.e-]+)", said
            )
            assert found, said
            (x1, x2), f = path.points[-1], problem.f(*path.points[-1])
            assert abs(float(found[1]) - x1) <= 0.005 and abs(float(found[2]) - x2) <= 0.005
            assert abs(float(found[3]) - f) <= rounding(f, 3) * 1.0001


def test_the_decay_explorers_summary_says_the_kernels_ends(opened, data_iter):
    page = opened(which="in_practice")
    practice = practice_functions()
    longer = d2l.make_problem(data_iter, seed=0, num_epochs=4)
    trainers = {"Adam + L2": practice["adam_l2"], "AdamW": practice["adamw"]}
    figure = d2l.explore_decay(trainers, d2l.init_adam_states, longer)
    rng = np.random.default_rng(12)
    settings = [(10 ** rng.uniform(-3, 1), 10 ** rng.uniform(-3, -1)) for _ in range(4)]
    for weight_decay, lr in [*settings, (10.0, 0.3)]:  # the last: AdamW diverges
        page.evaluate(FOLLOW, f"#decay?weight_decay={weight_decay!r}&lr={lr!r}")
        said = summary(page, ".d2l-decay")
        assert said.startswith("λ = ") and ", after 4 epochs: " in said, said
        kernel = figure.compute({"weight_decay": weight_decay, "lr": lr})["curves"]
        for name, curve in kernel.items():
            if curve["diverged_at"] is not None:
                step = curve["diverged_at"]
                epoch = f"{round(step / 150, 2):g}"  # 150 minibatches an epoch
                assert f"{name}: diverged at step {step}, epoch {epoch}" in said, said
                continue
            found = re.search(re.escape(name) + r": loss ([0-9.e-]+), ‖w‖ ([0-9.e-]+)", said)
            assert found, said
            for text, want in zip(found.groups(), (curve["losses"][-1], curve["norms"][-1])):
                assert abs(float(text) - want) <= rounding(want, 3) + 2e-5 * want, (said, want)
        assert "AdamW: diverged" in said or (weight_decay, lr) != (10.0, 0.3)


SCHEDULE_SAID = re.compile(
    r"^η = \S+, warmup (\d+), (.+?): (?:final loss ([0-9.]+)|diverged at step (\d+)) "
    r"\(constant η: (?:final loss ([0-9.]+)|diverged at step (\d+))\); "
    r"highest of the first 50 steps ([0-9.]+|∞) × start$"
)


def test_the_schedule_explorers_summary_says_the_kernels_ends(opened, data_iter):
    page = opened(which="in_practice")
    practice = practice_functions()
    problem = d2l.make_problem(data_iter, seed=0)
    figure = d2l.explore_schedule(
        practice["lr_at"], practice["scheduled"], d2l.adam, d2l.init_adam_states, problem
    )
    rng = np.random.default_rng(13)
    decays = ("cosine", "linear", "none")
    settings = [
        (10 ** rng.uniform(-3, 0), int(rng.integers(0, 300)), decays[int(rng.integers(0, 3))])
        for _ in range(4)
    ]
    for lr, warmup, decay in [*settings, (5.0, 0, "cosine")]:  # the last: both diverge
        page.evaluate(FOLLOW, f"#schedule?lr={lr!r}&warmup={warmup}&decay={decay}")
        said = summary(page, ".d2l-schedule")
        found = SCHEDULE_SAID.match(said)
        assert found and int(found[1]) == warmup, said
        curves = figure.compute({"lr": lr, "warmup": warmup, "decay": decay})["curves"]
        for run, (loss, step) in (
            ("scheduled", found.groups()[2:4]),
            ("constant", found.groups()[4:6]),
        ):
            want = curves[run]
            if want["diverged_at"] is not None:
                assert step is not None and int(step) == want["diverged_at"], said
                continue
            final = want["losses"][-1]
            assert abs(float(loss) - final) <= 5e-5 + 5e-3 * final, (said, final)
        first = curves["scheduled"]["losses"][:50]
        peak = max(x if x is not None else math.inf for x in first) / figure.spec["start_loss"]
        assert found[7] == "∞" or abs(float(found[7]) - peak) <= 0.005 + 5e-3 * peak, said
    assert "diverged at step 1 (constant η: diverged at step 1)" in said


def test_the_summary_speaks_once_for_a_burst_of_changes(opened):
    """Eight presses of an arrow key compute eight times; the live region changes once."""
    page = opened(which="lesson")
    explorer = page.locator(".d2l-explorer")
    page.wait_for_timeout(SETTLED)
    explorer.evaluate("""e => { window.__said = 0;
      new MutationObserver(() => window.__said++).observe(
        e.querySelector('.d2l-summary'), {childList: true, characterData: true, subtree: true});
      window.__times = [];
      new MutationObserver(() => window.__times.push(performance.now())).observe(
        e.querySelector('.d2l-status'), {childList: true}); }""")
    explorer.locator("input[data-name=lr]").focus()
    for _ in range(8):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(30)
    page.wait_for_timeout(SETTLED)
    times = page.evaluate("window.__times")
    # A busy machine may pause longer than the summary waits (300 ms) between two
    # presses: then the figure had settled, and it speaks once more for each pause.
    pauses = sum(later - earlier > 300 for earlier, later in zip(times, times[1:]))
    assert (len(times), page.evaluate("window.__said")) == (8, 1 + pauses)
    assert explorer.locator(".d2l-summary").get_attribute("aria-live") == "polite"


def test_the_path_explorers_start_moves_without_a_pointer(opened, trainers_2d):
    """WCAG 2.5.7: the start is set by keys on the plot, or typed into the boxes."""
    page = opened(which="in_depth")
    figure = page.locator(".d2l-paths")
    start = lambda: figure.evaluate("f => JSON.parse(f.dataset.values).start")  # noqa: E731
    figure.locator("[role=application]").focus()
    for key in ["ArrowRight", "ArrowRight", "ArrowUp", "Shift+ArrowUp", "ArrowLeft"]:
        page.keyboard.press(key)
    assert start() == [-4.9, -0.9]
    assert "(-4.90, -0.90)" in figure.locator("[role=application]").get_attribute("aria-label")
    assert figure.locator("input[data-start='1']").input_value() == "-0.9"
    box = figure.locator("input[data-start='0']")
    box.fill("2.5")
    assert start() == [2.5, -0.9]
    shown = figure.locator("polyline.d2l-path-line[data-method=Adam]").get_attribute("data-x1")
    assert float(shown.split()[0]) == 2.5
    box.fill("")  # half typed: nothing moves
    box.fill("99")  # outside the plot: nothing moves
    assert start() == [2.5, -0.9]
    page.keyboard.press("Home")  # keys in the box are the box's, not the plot's
    assert start() == [2.5, -0.9]


def test_the_landscape_is_one_tab_stop_and_arrows_walk_its_cells(opened):
    page = opened(which="in_depth")
    landscape = page.locator(".d2l-landscape")
    grid = landscape.locator("[role=grid]")
    assert grid.locator("[role=gridcell][tabindex='0']").count() == 1
    assert grid.locator("[role=row]").count() == 31
    assert grid.locator("[role=gridcell]").count() == 31 * 31
    landscape.locator("[role=gridcell][tabindex='0']").focus()
    readout = landscape.locator(".d2l-readout")
    assert readout.inner_text().startswith("η = 0.01, β2 = 0.999 · Adam: 0.2426 · Yogi: 0.2424")
    page.keyboard.press("ArrowUp")  # β2 grows upwards
    up = re.search(r"β2 = ([0-9.]+)", readout.inner_text())[1]
    assert float(up) > 0.999
    page.keyboard.press("End")
    assert readout.inner_text().startswith("η = 100,")
    assert "outside the explorer's range" in readout.inner_text()
    page.keyboard.press("Enter")  # outside the explorer's range: opens nothing
    assert not page.evaluate("location.hash").startswith("#explore")
    page.keyboard.press("Home")
    page.keyboard.press("Space")
    opened_at = dict(pair.split("=") for pair in page.evaluate("location.hash")[9:].split("&"))
    assert page.evaluate("location.hash").startswith("#explore?")
    assert opened_at["beta2"] == up and float(opened_at["lr"]) == 1e-4
    assert page.locator(".d2l-landscape [role=gridcell][tabindex='0']").count() == 1
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert name.startswith(f"η = 1e-4, β2 = {up} · Adam: ")


# Every control a pointer can use, with the box that takes its clicks: a box or a radio
# button with its label, which toggles it too.
TARGETS = """() => [...document.querySelectorAll('.d2l-figure')].flatMap(f =>
  [...f.querySelectorAll('input, button, summary, .d2l-hover-layer, [role=application]')]
    .map(e => { const t = e.closest('label') ?? e; const r = t.getBoundingClientRect();
                return [e.dataset.name ?? e.type ?? e.className, r.width, r.height]; }))"""


@pytest.mark.parametrize("which", PAGES)
def test_every_target_is_at_least_24_px(opened, which):
    page = opened(which=which)
    small = [t for t in page.evaluate(TARGETS) if t[1] < 24 or t[2] < 24]
    assert small == []


CURVE_FIGURES = {
    "lesson": {"d2l-explorer", "d2l-reddi"},
    "in_depth": {"d2l-explorer", "d2l-paths"},
    "in_practice": {"d2l-decay", "d2l-schedule"},
}
OKABE_ITO = {
    "light": {"#0072b2", "#d55e00", "#009e73", "#cc79a7"},
    "dark": {"#56b4e9", "#e69f00", "#009e73", "#cc79a7"},
}
# Each curve's colour, dash and markers, and its legend key's, by figure.
STYLES = """() => {
  const hex = (c) => '#' + c.match(/\\d+/g).slice(0, 3)
    .map((v) => Number(v).toString(16).padStart(2, '0')).join('');
  const style = (e) => e && { color: hex(getComputedStyle(e).stroke),
    dash: getComputedStyle(e).strokeDasharray };
  const out = {};
  for (const f of document.querySelectorAll('.d2l-figure')) {
    const kind = [...f.classList].find((c) => c !== 'd2l-figure');
    const curves = [...f.querySelectorAll(
      'polyline.d2l-curve, polyline.d2l-path-line')].map((e) => ({
        ...style(e), name: e.dataset.curve ?? e.dataset.method,
        marks: e.parentElement.querySelector('.d2l-path-marks')?.getAttribute('d')
          .replace(/[-\\d.,]+/g, '').slice(0, 12) ?? '' }));
    const keys = [...f.querySelectorAll('label, .d2l-toggle')].filter((l) => l.querySelector(
      'svg.d2l-key')).map((l) => ({ ...style(l.querySelector('svg.d2l-key line')),
      name: l.textContent.trim() }));
    out[kind] = { curves, keys, background: getComputedStyle(document.body).backgroundColor };
  }
  return out;
}"""


def luminance(rgb):
    channels = [v / 255 for v in rgb]
    linear = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", PAGES)
def test_curves_differ_by_more_than_colour(opened, which, scheme):
    """Okabe & Ito's colours, 3:1 or more against the page, and no two curves of a
    figure alike in dash and marker; the legend shows each curve's colour and dash."""
    figures = opened(which=which, scheme=scheme).evaluate(STYLES)
    drawn_curves = {kind for kind, figure in figures.items() if figure["curves"]}
    assert drawn_curves == CURVE_FIGURES[which]
    for kind in drawn_curves:
        figure = figures[kind]
        background = [int(v) for v in re.findall(r"\d+", figure["background"])[:3]]
        looks = set()
        seen = {}
        for curve in figure["curves"]:
            seen.setdefault(curve["name"], curve)
            assert curve["color"] in OKABE_ITO[scheme], (kind, curve)
            rgb = [int(curve["color"][i : i + 2], 16) for i in (1, 3, 5)]
            assert contrast(rgb, background) >= 3, (kind, curve, scheme)
            looks.add((curve["dash"], curve["marks"]))
        assert len(looks) == len(seen) >= 1, (kind, figure["curves"])
        for key in figure["keys"]:
            matching = [c for c in seen.values() if key["name"].endswith(c["name"])]
            if matching:
                assert (key["color"], key["dash"]) == (matching[0]["color"], matching[0]["dash"])


def test_motion_follows_prefers_reduced_motion(opened):
    """Nothing in a figure moves by itself, and opening a landscape cell in the
    explorer jumps there at once instead of scrolling smoothly."""
    page = opened(which="in_depth")
    page.emulate_media(reduced_motion="reduce")
    moving = page.evaluate("""() => [...document.querySelectorAll('.d2l-figure *')].filter(e => {
      const s = getComputedStyle(e);
      return parseFloat(s.transitionDuration) > 0 || s.animationName !== 'none'; }).length""")
    assert moving == 0
    page.locator(".d2l-landscape [role=gridcell][tabindex='0']").focus()
    page.keyboard.press("Enter")
    top = page.locator(".d2l-explorer").evaluate("e => e.getBoundingClientRect().top")
    assert abs(top) < 80  # there at once: no smooth scroll under way


@pytest.mark.parametrize("figure", ["d2l-decay", "d2l-schedule"])
def test_the_practice_explorers_move_nothing_by_themselves_under_reduced_motion(opened, figure):
    page = opened(which="in_practice")
    page.emulate_media(reduced_motion="reduce")
    page.locator(f".{figure} input[data-name=lr]").focus()
    page.keyboard.press("ArrowRight")
    moving = page.evaluate("""() => [...document.querySelectorAll('.d2l-figure *')].filter(e => {
      const s = getComputedStyle(e);
      return parseFloat(s.transitionDuration) > 0 || s.animationName !== 'none'; }).length""")
    assert moving == 0
