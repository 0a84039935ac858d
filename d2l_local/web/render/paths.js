// The path explorer (d2l_local/figures/path_explorer.py): sliders for η, β1, β2, ε and the
// number of steps, Adam's two switches, three problems, preset buttons, and the paths
// of gradient descent, momentum, RMSProp and Adam over the contours; a click or a drag
// on the plot moves the start. In JupyterLab the kernel reruns the chapter's own
// trainers; on the page, computePaths (compute/paths.js) runs a copy of them.

import {
  MARKERS,
  dataTable,
  keepKeys,
  legendKey,
  liveSummary,
  paletteColor,
  spreadIndices,
} from "./access.js";
import {
  axes,
  currentValues,
  el,
  fill,
  follow,
  formatNumber,
  makeControls,
  makePresets,
  responsivePlot,
  saveValues,
  svgEl,
} from "./figure.js";

// ---- the figure ---------------------------------------------------------------------

/** "x1,y1 x2,y2 ..." for a contour line given as [x1, y1, x2, y2, ...]. */
function flatPoints(flat, sx, sy) {
  const out = [];
  for (let i = 0; i < flat.length; i += 2) {
    out.push(`${sx(flat[i]).toFixed(1)},${sy(flat[i + 1]).toFixed(1)}`);
  }
  return out.join(" ");
}

/** A coordinate as the status line shows it: 2 decimals, no "-0.00". */
function pathCoordinate(value) {
  const text = value.toFixed(2);
  return text === "-0.00" ? "0.00" : text;
}

/** A move as the status line shows it: a coordinate with its sign. */
function signedMove(value) {
  const text = pathCoordinate(value);
  return value > 0 && text !== "0.00" ? `+${text}` : text;
}

export function renderPaths({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const [low1, high1, low2, high2] = spec.window;
  const root = el("div", { class: "d2l-figure d2l-paths" }, host);
  keepKeys(root);
  if (model.get("in_page")) {
    el("p", { class: "d2l-notice" }, root).innerHTML = msg["paths.page_notice"];
  }
  const change = (update, note = "") => saveValues(model, update, note);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);

  const row = (label) => {
    const node = el("div", { class: "d2l-toggles" }, root);
    el("span", { class: "d2l-group-label" }, node).textContent = label;
    return node;
  };
  const problemRow = row(msg["paths.problem"]);
  problemRow.setAttribute("role", "radiogroup");
  const group = `d2l-paths-${Math.random().toString(36).slice(2)}`;
  const radios = {};
  for (const problem of spec.problems) {
    const label = el("label", { class: "d2l-toggle" }, problemRow);
    const radio = el("input", { type: "radio", name: group, "data-problem": problem.name }, label);
    radio.addEventListener("change", () => {
      change({ problem: problem.name, start: [...problem.start] });
    });
    radios[problem.name] = radio;
    label.append(problem.label);
  }
  const methodRow = row(msg["paths.shown"]);
  const boxes = {};
  for (const method of spec.methods) {
    const label = el("label", { class: "d2l-toggle" }, methodRow);
    boxes[method.name] = el("input", { type: "checkbox", "data-method": method.name }, label);
    boxes[method.name].addEventListener("change", () => change({
      shown: spec.methods.map((m) => m.name).filter((name) => boxes[name].checked),
    }, model.get("note")));
    legendKey(method, label);
    label.append(method.label);
  }
  const switchRow = row(msg["paths.adam"]);
  const switches = {};
  for (const name of ["bias_correction", "eps_inside"]) {
    const label = el("label", { class: "d2l-toggle" }, switchRow);
    switches[name] = el("input", { type: "checkbox", "data-switch": name }, label);
    switches[name].addEventListener("change", () => change({ [name]: switches[name].checked }));
    label.append(msg[`paths.${name}`]);
  }
  makePresets(root, spec.presets, (preset) => change(structuredClone(preset.values), preset.note));
  const note = el("p", { class: "d2l-note" }, root);

  // The plot takes the keys too: arrows move the start (WCAG 2.5.7, no drag needed).
  const plotBox = el("div", { class: "d2l-paths-plot", tabindex: "0", role: "application" }, root);
  let view = null;  // the axes of the last drawing
  let drawnProblem = null;  // the problem whose contours are drawn
  let layer = null;  // what changes with each result: the paths and the start
  let startMark = null;
  const plot = responsivePlot(plotBox, {
    aspect: (high2 - low2) / (high1 - low1) - 0.03, minWidth: 240, draw: drawFrame,
    label: msg["paths.plot"],
  });
  const startRow = row(msg["paths.start"]);
  const startInputs = [0, 1].map((axis) => {
    const name = msg[axis ? "paths.y_label" : "paths.x_label"];
    const label = el("label", { class: "d2l-toggle" }, startRow);
    label.append(name);
    const input = el("input", {
      type: "number", step: "0.1", min: spec.window[2 * axis], max: spec.window[2 * axis + 1],
      "data-start": axis, "aria-label": fill(msg["paths.start_axis"], { axis: name }),
    }, label);
    input.addEventListener("input", () => {
      const value = input.valueAsNumber;
      const [low, high] = spec.window.slice(2 * axis, 2 * axis + 2);
      if (!Number.isFinite(value) || value < low || value > high) return;
      const point = [...currentValues(model).start];
      point[axis] = Number(value.toFixed(2));
      moveStart(point);
    });
    return input;
  });
  el("p", { class: "d2l-hint" }, root).textContent = msg["paths.hint"];
  const status = el("div", { class: "d2l-status" }, root);
  const say = liveSummary(root);
  const showTable = dataTable(root, msg["access.table"]);

  /** The problem a result was computed for (its contours go under its paths). */
  const resultProblem = () => {
    const name = (model.get("result").values ?? model.get("values")).problem;
    return spec.problems.find((p) => p.name === name) ?? spec.problems[0];
  };

  /** Everything: axes with equal scales (so that the turned valley is turned by 45°),
   * contours, the minimum, then the layer of paths. */
  function drawFrame(frame) {
    const margin = { left: 44, right: 10, top: 10, bottom: 44 };
    const roomX = frame.width - margin.left - margin.right;
    const roomY = frame.height - margin.top - margin.bottom;
    const ratio = (high1 - low1) / (high2 - low2);
    const boxX = Math.min(roomX, roomY * ratio);
    margin.right = frame.width - margin.left - boxX;
    margin.bottom = frame.height - margin.top - boxX / ratio;
    const ticks = (low, high) => {
      const out = [];
      for (let t = Math.ceil(low / 2) * 2; t <= high; t += 2) out.push(t);
      return out;
    };
    view = axes(frame, {
      x: { lo: low1, hi: high1, ticks: ticks(low1, high1), label: msg["paths.x_label"] },
      y: { lo: low2, hi: high2, ticks: ticks(low2, high2), label: msg["paths.y_label"] },
      margin,
    });
    drawnProblem = resultProblem();
    const contours = svgEl("g", { class: "d2l-contours" }, view.clip);
    for (const line of drawnProblem.contours.flat()) {
      svgEl("polyline", { points: flatPoints(line, view.x, view.y) }, contours);
    }
    const [m1, m2] = drawnProblem.minimum;
    svgEl("path", {
      class: "d2l-minimum", d: "M-7,0H7M0,-7V7",
      transform: `translate(${view.x(m1)},${view.y(m2)})`,
    }, view.clip);
    layer = svgEl("g", {}, view.clip);
    drawLayer();
  }

  /** The paths of the current result and the start, over what drawFrame drew. */
  function drawLayer() {
    layer.replaceChildren();
    const result = model.get("result");
    const tenth = (v) => Math.round(v * 10) / 10;
    for (const method of spec.methods) {
      const data = result.paths?.[method.name];
      if (!data || data.error) continue;
      const path = svgEl("g", {
        class: "d2l-path", "data-method": method.name,
        style: `stroke: ${paletteColor(method.color)}; fill: ${paletteColor(method.color)}`,
      }, layer);
      // The line through the points, and the method's marker on each, all in one path.
      let line = "";
      let dots = "";
      for (let i = 0; i < data.x1.length; i++) {
        const [x, y] = [tenth(view.x(data.x1[i])), tenth(view.y(data.x2[i]))];
        line += `${x},${y} `;
        dots += MARKERS[method.marker](x, y);
      }
      svgEl("polyline", {
        class: "d2l-path-line", points: line,
        "data-method": method.name,
        "data-x1": data.x1.join(" "),  // full precision, for the tests
        "data-x2": data.x2.join(" "),
        "data-f": String(data.f),
        "data-diverged-at": data.diverged_at ?? "",
      }, path);
      svgEl("path", { class: "d2l-path-marks", d: dots }, path);
      if (data.diverged_at !== null && data.diverged_at !== undefined) {
        const last = data.x1.length - 1;
        const clamp = (v, a, b) => Math.min(Math.max(v, Math.min(a, b)), Math.max(a, b));
        const x = clamp(view.x(data.x1[last]), view.box.left, view.box.right);
        const y = clamp(view.y(data.x2[last]), view.box.top, view.box.bottom);
        svgEl("path", {
          class: "d2l-marker", d: "M-7,-7L7,7M-7,7L7,-7", transform: `translate(${x},${y})`,
        }, path);
      }
    }
    startMark = svgEl("circle", { class: "d2l-start", r: 6 }, layer);
    placeStart();
  }

  /** Redraw for a new result: only the layer, unless the problem changed. */
  function redraw() {
    if (layer && resultProblem() === drawnProblem) drawLayer();
    else plot.redraw();
  }

  function placeStart() {
    if (!startMark || !view) return;
    const [x1, x2] = currentValues(model).start;
    startMark.setAttribute("cx", view.x(x1));
    startMark.setAttribute("cy", view.y(x2));
  }

  /** The start as the keys and the number boxes see it (a box being typed in keeps
   * what it holds while that is the same number). */
  function showStart() {
    const start = currentValues(model).start;
    plotBox.setAttribute("aria-label", fill(msg["paths.plot_label"], {
      x1: pathCoordinate(start[0]), x2: pathCoordinate(start[1]),
    }));
    startInputs.forEach((input, axis) => {
      if (!(document.activeElement === input && input.valueAsNumber === start[axis])) {
        input.value = String(start[axis]);
      }
    });
  }

  /** The point of the plot under the pointer, in data coordinates rounded to 0.01, kept
   * inside the window; null outside the plot's box unless `clamp`. */
  function pointerAt(event, clamp) {
    if (!view) return null;
    const rect = plot.svg.getBoundingClientRect();
    const px = (event.clientX - rect.left) * (plot.width / rect.width);
    const py = (event.clientY - rect.top) * (plot.height / rect.height);
    const { left, right, top, bottom } = view.box;
    if (!clamp && (px < left || px > right || py < top || py > bottom)) return null;
    const fx = Math.min(1, Math.max(0, (px - left) / (right - left)));
    const fy = Math.min(1, Math.max(0, (bottom - py) / (bottom - top)));
    const round = (v) => Number(v.toFixed(2));
    return [round(low1 + fx * (high1 - low1)), round(low2 + fy * (high2 - low2))];
  }
  let dragging = null;
  const moveStart = (point) => {
    const [x1, x2] = currentValues(model).start;
    if (point && (point[0] !== x1 || point[1] !== x2)) change({ start: point });
  };
  plotBox.addEventListener("pointerdown", (event) => {
    const point = pointerAt(event, false);
    if (!point || event.button !== 0) return;
    event.preventDefault();
    plotBox.setPointerCapture(event.pointerId);
    dragging = event.pointerId;
    moveStart(point);
  });
  plotBox.addEventListener("pointermove", (event) => {
    if (event.pointerId === dragging) moveStart(pointerAt(event, true));
  });
  const release = (event) => {
    if (event.pointerId === dragging) dragging = null;
  };
  plotBox.addEventListener("pointerup", release);
  plotBox.addEventListener("pointercancel", release);
  const KEY_MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  plotBox.addEventListener("keydown", (event) => {
    const move = KEY_MOVES[event.key];
    if (!move) return;
    event.preventDefault();  // not a scroll of the page
    const size = event.shiftKey ? 1 : 0.1;
    const [x1, x2] = currentValues(model).start;
    const clamp = (v, low, high) => Number(Math.min(high, Math.max(low, v)).toFixed(2));
    moveStart([clamp(x1 + move[0] * size, low1, high1), clamp(x2 + move[1] * size, low2, high2)]);
  });

  /** One line of the status: "Adam: first move (+0.40, +0.40) · ends at (...), f = ...",
   * the punctuation from the catalogue (punct.*), like every figure's status line. */
  function describe(method, data) {
    const line = el("div", { class: "d2l-path-status", "data-method": method.name });
    legendKey(method, line);
    el("b", {}, line).textContent = method.label;
    line.append(msg["punct.colon"]);
    if (data.error) {
      el("span", { class: "d2l-error" }, line).textContent =
        fill(msg["paths.error"], { error: data.error });
      return line;
    }
    const parts = [];
    const last = data.x1.length - 1;
    if (last > 0) {
      parts.push(el("span", {}));
      parts.at(-1).textContent = fill(msg["paths.first_move"], {
        d1: signedMove(data.x1[1] - data.x1[0]), d2: signedMove(data.x2[1] - data.x2[0]),
      });
    }
    if (data.diverged_at !== null && data.diverged_at !== undefined) {
      parts.push(el("span", { class: "d2l-diverged" }));
      parts.at(-1).textContent = fill(msg["paths.diverged"], { step: data.diverged_at });
    } else {
      parts.push(el("span", {}));
      parts.at(-1).textContent = fill(msg["paths.ends"], {
        x1: pathCoordinate(data.x1[last]),
        x2: pathCoordinate(data.x2[last]),
        f: formatNumber(Number(data.f.toPrecision(3))),
      });
    }
    parts.forEach((part, i) => line.append(...(i ? [msg["punct.list"], part] : [part])));
    return line;
  }

  function showResult() {
    const result = model.get("result");
    redraw();
    root.dataset.values = JSON.stringify(result.values ?? {});
    status.replaceChildren();
    if (result.error) {
      el("span", { class: "d2l-error" }, status).textContent =
        fill(msg["paths.error"], { error: result.error });
      say(status.textContent);
      return;
    }
    summarize(result);
    const lines = spec.methods.filter((m) => result.paths?.[m.name])
      .map((m) => describe(m, result.paths[m.name]));
    if (!lines.length) status.append(msg["paths.none"]);
    status.append(...lines);
    const timing = model.get("in_page") ? "paths.in_page" : "paths.rerun";
    el("div", { class: "d2l-time" }, status).textContent =
      fill(msg[timing], { ms: result.elapsed_ms });
  }

  /** Where each path ends, for the live region; the points at a few steps as a table. */
  function summarize(result) {
    const values = result.values ?? model.get("values");
    const shown = spec.methods.filter((m) => result.paths?.[m.name]);
    const ends = shown.map((m) => {
      const data = result.paths[m.name];
      const last = (data.x1?.length ?? 1) - 1;
      const text = data.error ? fill(msg["paths.error"], { error: data.error })
        : data.diverged_at !== null && data.diverged_at !== undefined
          ? fill(msg["paths.diverged"], { step: data.diverged_at })
          : fill(msg["paths.ends"], {
            x1: pathCoordinate(data.x1[last]), x2: pathCoordinate(data.x2[last]),
            f: formatNumber(Number(data.f.toPrecision(3))),
          });
      return m.label + msg["punct.colon"] + text;
    });
    say(fill(msg["paths.summary"], {
      x1: pathCoordinate(values.start[0]), x2: pathCoordinate(values.start[1]),
      steps: values.steps, paths: ends.length ? ends.join(msg["punct.list"]) : msg["paths.none"],
    }));
    showTable([msg["paths.step"], ...shown.map((m) => m.label)],
      spreadIndices(values.steps + 1, 6).map((k) => [String(k), ...shown.map((m) => {
        const data = result.paths[m.name];
        return k < (data.x1?.length ?? 0)
          ? `(${pathCoordinate(data.x1[k])}, ${pathCoordinate(data.x2[k])})` : "";
      })]));
  }

  function showValues() {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
    for (const [name, radio] of Object.entries(radios)) radio.checked = values.problem === name;
    for (const [name, box] of Object.entries(boxes)) box.checked = values.shown.includes(name);
    for (const [name, box] of Object.entries(switches)) box.checked = values[name];
    placeStart();
    showStart();
  }

  const showNote = () => { note.textContent = model.get("note"); };
  return follow(model, { values: showValues, note: showNote, result: showResult });
}
