// The pieces every figure of the chapter is drawn with: native sliders on linear, log
// and "nines" scales, SVG plots that size themselves to their column, and wording
// filled in from the templates Python hands over (d2l_local/messages).

import { fill } from "../text.js";

export const SVG_NS = "http://www.w3.org/2000/svg";

/** A DOM element with attributes, appended to `parent` if given. */
export function el(tag, attributes = {}, parent = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.append(node);
  return node;
}

/** An SVG element with attributes, appended to `parent` if given. */
export function svgEl(tag, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.append(node);
  return node;
}

export { fill };

/** A number as a reader writes it: 0.01, 0.999, 1e-7, 3.16e-4. */
export function formatNumber(value) {
  const tidy = Number(value.toPrecision(6));
  if (tidy !== 0 && Math.abs(tidy) < 1e-3) {
    return tidy.toExponential().replace(/\.?0+e/, "e").replace("e-0", "e-").replace("e+", "e");
  }
  return String(tidy);
}

// ---- sliders ---------------------------------------------------------------------

/** Where a value sits on a slider of each scale, and back. */
export const SCALES = {
  linear: { position: (v) => v, value: (p) => p },
  log: { position: (v) => Math.log10(v), value: (p) => 10 ** p },
  nines: { position: (v) => -Math.log10(1 - v), value: (p) => 1 - 10 ** -p },
};

/** A slider value rounded as a reader would write it: 3 significant digits on a log
 * scale (of 1 - β on the nines scale), the slider's own step on a linear one. */
export function tidyValue(slider, value) {
  if (slider.scale === "log") return Number(value.toPrecision(3));
  if (slider.scale === "nines") return 1 - Number((1 - value).toPrecision(3));
  const decimals = Math.max(0, -Math.floor(Math.log10(slider.step)));
  return Number(value.toFixed(decimals));
}

/**
 * A native range input for `slider` = {name, label, low, high, scale, step}: keyboard
 * and screen readers work as with any range input. `onInput(value)` gets each move.
 * The notebook's command mode must not take the arrow keys from a focused slider.
 */
export function makeSlider(slider, value, onInput) {
  const scale = SCALES[slider.scale];
  const row = el("label", { class: "d2l-slider", "data-name": slider.name });
  el("span", { class: "d2l-slider-label" }, row).textContent = slider.label;
  const positionStep = slider.scale === "linear" ? slider.step : (slider.step ?? "any");
  const input = el("input", {
    type: "range",
    min: scale.position(slider.low),
    max: scale.position(slider.high),
    step: positionStep,
    "aria-label": slider.label,
    "data-name": slider.name,
  }, row);
  const readout = el("output", {}, row);
  const show = (v) => {
    input.value = scale.position(v);
    readout.textContent = formatNumber(v);
    input.setAttribute("aria-valuetext", formatNumber(v));
  };
  show(value);
  input.addEventListener("input", () => {
    const v = tidyValue(slider, scale.value(Number(input.value)));
    readout.textContent = formatNumber(v);
    input.setAttribute("aria-valuetext", formatNumber(v));
    onInput(v);
  });
  input.addEventListener("keydown", (event) => event.stopPropagation());
  return { row, input, show };
}

const gates = new WeakMap();  // model -> its request gate

/** A model's gate: while the kernel computes one request, newer values wait here (not
 * in the model, where an echo of the last request would overwrite them), and only the
 * newest goes out when the answer arrives. Reruns then never queue up behind a dragged
 * slider, and the last one is the released value. (On the page the answer comes at
 * once.) A gate that waited 5 s for an answer opens anyway. */
function gateOf(model) {
  if (!gates.has(model)) {
    const gate = { busy: false, pending: null, since: 0 };
    gate.send = ({ update, note }) => {
      model.set("values", { ...model.get("values"), ...update });
      if (note !== undefined) model.set("note", note);
      Object.assign(gate, { busy: true, since: performance.now() });
      model.save_changes();
    };
    model.on("change:result", () => {
      gate.busy = false;
      if (gate.pending) {
        const pending = gate.pending;
        gate.pending = null;
        gate.send(pending);
      }
    });
    gates.set(model, gate);
  }
  return gates.get(model);
}

/** Save `update` into the model's values (and the note, when one is given). */
export function saveValues(model, update, note) {
  const gate = gateOf(model);
  if (gate.busy && performance.now() - gate.since < 5000) {
    const before = gate.pending ?? { update: {}, note: undefined };
    gate.pending = { update: { ...before.update, ...update }, note: note ?? before.note };
  } else {
    gate.send({ update, note });
  }
}

/** The values as the reader has set them, including those still waiting to go out. */
export function currentValues(model) {
  return { ...model.get("values"), ...gates.get(model)?.pending?.update };
}

/** Call each handler now, and again whenever its trait of the model changes; returns
 * the cleanup anywidget calls when the view goes away. */
export function follow(model, handlers) {
  for (const [trait, handler] of Object.entries(handlers)) model.on(`change:${trait}`, handler);
  for (const handler of Object.values(handlers)) handler();
  return () => {
    for (const [trait, handler] of Object.entries(handlers)) model.off(`change:${trait}`, handler);
  };
}

/** A grid of the figure's sliders under `root`; each move calls change({name: value}). */
export function makeControls(root, sliders, values, change) {
  const grid = el("div", { class: "d2l-controls" }, root);
  const made = {};
  for (const slider of sliders) {
    made[slider.name] = makeSlider(slider, values[slider.name],
      (value) => change({ [slider.name]: value }));
    grid.append(made[slider.name].row);
  }
  return made;
}

/** A row of the figure's preset buttons under `root`; a click calls press(preset). */
export function makePresets(root, presets, press) {
  const row = el("div", { class: "d2l-presets" }, root);
  for (const preset of presets) {
    const button = el("button", { type: "button" }, row);
    button.textContent = preset.label;
    button.addEventListener("click", () => press(preset));
  }
  return row;
}

// ---- plots -----------------------------------------------------------------------

/** Log or linear map of [lo, hi] onto [a, b]. */
export function axisMap(lo, hi, a, b, log = false) {
  const t = log ? Math.log : (v) => v;
  const t0 = t(lo);
  const span = t(hi) - t0;
  return (v) => a + ((t(v) - t0) / span) * (b - a);
}

/**
 * An SVG plot that takes the width of its column (and redraws when that changes),
 * so that its text keeps a readable size on a phone and on a projector.
 * `draw(frame)` gets {svg, width, height, box: {left, top, right, bottom}} and builds
 * the whole picture; call `frame.redraw()` when the data change. `label` says what
 * the plot shows, for those who cannot see it.
 */
export function responsivePlot(parent, { aspect = 0.55, minWidth = 300, maxWidth = 760, draw, label }) {
  const holder = el("div", { class: "d2l-plot" }, parent);
  const frame = { svg: null, width: 0, height: 0 };
  let column = 0;  // the column's width, as last measured (reading it on every redraw
                   // would make the browser lay the page out again each time)
  frame.redraw = () => {
    if (!column) column = holder.clientWidth || maxWidth;
    const width = Math.round(Math.max(minWidth, Math.min(maxWidth, column)));
    const height = Math.round(width * aspect + 40);
    const svg = svgEl("svg", {
      viewBox: `0 0 ${width} ${height}`, width, height, role: "img", class: "d2l-svg",
      ...(label ? { "aria-label": label } : {}),
    });
    Object.assign(frame, { svg, width, height });
    draw(frame);
    holder.replaceChildren(svg);
  };
  if (typeof ResizeObserver !== "undefined") {
    new ResizeObserver((entries) => {
      const width = Math.round(entries[0].contentRect.width);
      if (width && width !== column) {
        column = width;
        frame.redraw();
      }
    }).observe(holder);
  }
  return frame;
}

/** Axes with ticks, grid and labels in `frame`; returns {x, y, box, clip}. */
export function axes(frame, { x, y, margin = { left: 58, right: 14, top: 10, bottom: 48 } }) {
  const { svg, width, height } = frame;
  const box = {
    left: margin.left, right: width - margin.right, top: margin.top, bottom: height - margin.bottom,
  };
  const sx = axisMap(x.lo, x.hi, box.left, box.right, x.log);
  const sy = axisMap(y.lo, y.hi, box.bottom, box.top, y.log);
  const grid = svgEl("g", { class: "d2l-grid" }, svg);
  for (const t of x.ticks) {
    svgEl("line", { x1: sx(t), x2: sx(t), y1: box.top, y2: box.bottom }, grid);
    const text = svgEl("text", { x: sx(t), y: box.bottom + 18, "text-anchor": "middle" }, svg);
    text.textContent = x.format ? x.format(t) : formatNumber(t);
  }
  for (const t of y.ticks) {
    svgEl("line", { x1: box.left, x2: box.right, y1: sy(t), y2: sy(t) }, grid);
    const text = svgEl("text", { x: box.left - 6, y: sy(t) + 4, "text-anchor": "end" }, svg);
    text.textContent = y.format ? y.format(t) : formatNumber(t);
  }
  svgEl("rect", {
    class: "d2l-frame", x: box.left, y: box.top, width: box.right - box.left,
    height: box.bottom - box.top,
  }, svg);
  const xLabel = svgEl("text", {
    x: (box.left + box.right) / 2, y: box.bottom + 38, "text-anchor": "middle",
  }, svg);
  xLabel.textContent = x.label ?? "";
  const middle = (box.top + box.bottom) / 2;
  const yLabel = svgEl("text", {
    x: 14, y: middle, "text-anchor": "middle", transform: `rotate(-90 14 ${middle})`,
  }, svg);
  yLabel.textContent = y.label ?? "";
  const clipId = `d2l-clip-${Math.random().toString(36).slice(2)}`;
  const clipPath = svgEl("clipPath", { id: clipId }, svg);
  svgEl("rect", {
    x: box.left, y: box.top, width: box.right - box.left, height: box.bottom - box.top,
  }, clipPath);
  const clip = svgEl("g", { "clip-path": `url(#${clipId})` }, svg);
  return { x: sx, y: sy, box, clip };
}

/** "x1,y1 x2,y2 ..." for an SVG polyline. */
export function points(xs, ys, sx, sy) {
  const out = [];
  for (let i = 0; i < xs.length; i++) out.push(`${sx(xs[i]).toFixed(2)},${sy(ys[i]).toFixed(2)}`);
  return out.join(" ");
}

/** The entries of `spec[key]` this front end can show: all of them with a kernel, on
 * the page only those the page can train itself (those naming a `method`). */
export function trainable(model, key) {
  const entries = model.get("spec")[key];
  return model.get("in_page") ? entries.filter((e) => e.method) : entries;
}
