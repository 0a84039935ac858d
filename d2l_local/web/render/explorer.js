// The explorer of Adam's hyperparameters (d2l_local/figures/explorer.py): sliders for β1, β2,
// η and ε, a toggle per curve, preset buttons, the loss curves and a status line.
// In JupyterLab the kernel retrains the chapter's own functions for every move; on the
// page, computeExplorer trains the JavaScript copy of `adam` and `yogi`.

import {
  dataTable,
  keepKeys,
  legendKey,
  liveSummary,
  paletteColor,
  strokeStyle,
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
  points,
  responsivePlot,
  saveValues,
  svgEl,
  trainable,
} from "./figure.js";

export function renderExplorer({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const root = el("div", { class: "d2l-figure d2l-explorer" }, host);
  keepKeys(root);
  if (model.get("in_page")) {
    el("p", { class: "d2l-notice" }, root).innerHTML = msg["explorer.page_notice"];
  }
  const change = (update, note = "") => saveValues(model, update, note);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);

  const toggles = el("div", { class: "d2l-toggles" }, root);
  const boxes = {};
  for (const curve of trainable(model, "curves")) {
    const label = el("label", { class: "d2l-toggle" }, toggles);
    boxes[curve.name] = el("input", { type: "checkbox", "data-curve": curve.name }, label);
    boxes[curve.name].addEventListener("change", () => change({
      shown: trainable(model, "curves").map((c) => c.name).filter((name) => boxes[name].checked),
    }, model.get("note")));
    legendKey(curve, label);
    label.append(curve.name);
  }
  const reference = el("span", { class: "d2l-toggle d2l-reference-key" }, toggles);
  el("span", { class: "d2l-swatch d2l-reference-swatch" }, reference);
  reference.append(spec.reference.label);

  makePresets(root, spec.presets, (preset) => change({
    ...preset.values, shown: trainable(model, "curves").map((c) => c.name),
  }, preset.note));
  const note = el("p", { class: "d2l-note" }, root);
  const plot = responsivePlot(el("div", {}, root), {
    aspect: 0.52, draw: drawLosses, label: msg["explorer.plot"],
  });
  const status = el("div", { class: "d2l-status" }, root);
  const say = liveSummary(root);
  const showTable = dataTable(root, msg["access.table"]);
  if (model.get("in_page")) el("p", { class: "d2l-credit" }, root).textContent = msg["explorer.data_credit"];

  function lossPoints(losses, ys, lo, hi) {
    const x = [0, ...spec.epochs.slice(0, losses.length)];
    const y = [spec.start_loss, ...losses].map((v) => Math.min(Math.max(v ?? Infinity, lo / 2), hi * 2));
    return { x, y };
  }

  function drawLosses(frame) {
    const [lo, hi] = spec.ylim;
    const ticks = [];
    for (let t = 0; t <= spec.num_epochs + 1e-9; t += 0.5) ticks.push(t);
    const ax = axes(frame, {
      x: { lo: 0, hi: spec.num_epochs, ticks, label: msg["explorer.x_label"] },
      y: { lo, hi, log: true, ticks: spec.yticks, label: msg["explorer.y_label"] },
    });
    const ref = lossPoints(spec.reference.losses, null, lo, hi);
    svgEl("polyline", { class: "d2l-reference", points: points(ref.x, ref.y, ax.x, ax.y) }, ax.clip);
    const result = model.get("result");
    for (const curve of trainable(model, "curves")) {
      const data = result.curves?.[curve.name];
      if (!data) continue;
      const { x, y } = lossPoints(data.losses, null, lo, hi);
      svgEl("polyline", {
        class: "d2l-curve", style: strokeStyle(curve),
        points: points(x, y, ax.x, ax.y), "data-curve": curve.name,
        "data-losses": data.losses.map((v) => (v === null ? "inf" : String(v))).join(" "),
        "data-diverged-at": data.diverged_at ?? "",
      }, ax.clip);
      if (data.diverged_at !== null && data.diverged_at !== undefined) {
        const last = x.length - 1;
        svgEl("path", {
          class: "d2l-marker", style: `stroke: ${paletteColor(curve.color)}`, "data-curve": curve.name,
          d: "M-8,-8L8,8M-8,8L8,-8",
          transform: `translate(${ax.x(x[last])},${ax.y(Math.min(y[last], hi))})`,
        }, frame.svg);
      }
    }
  }

  function describe(name, data) {
    const losses = data.losses;
    const last = losses[losses.length - 1];
    const part = el("span", { "data-curve": name, "data-final": last === null ? "inf" : last });
    el("b", {}, part).textContent = name;
    part.append(msg["punct.colon"]);
    if (data.diverged_at !== null && data.diverged_at !== undefined) {
      el("b", { class: "d2l-diverged" }, part).textContent =
        fill(msg["explorer.diverged"], { step: data.diverged_at });
    } else {
      part.append(last.toPrecision(4));
      if (last > spec.start_loss) {
        part.append(" " + fill(msg["explorer.above_start"], { start: spec.start_loss.toFixed(2) }));
      }
    }
    return part;
  }

  function showResult() {
    const result = model.get("result");
    plot.redraw();
    status.replaceChildren();
    if (result.error) {
      el("span", { class: "d2l-error" }, status).textContent =
        fill(msg["explorer.error"], { error: result.error });
      say(status.textContent);
      return;
    }
    summarize(result);
    const parts = trainable(model, "curves").filter((c) => result.curves?.[c.name])
      .map((c) => describe(c.name, result.curves[c.name]));
    status.append(msg["explorer.final"]);
    if (!parts.length) status.append(msg["explorer.none"]);
    parts.forEach((part, i) => status.append(...(i ? [msg["punct.list"], part] : [part])));
    const timing = model.get("in_page") ? "explorer.in_page" : "explorer.rerun";
    el("span", { class: "d2l-time" }, status).textContent =
      msg["punct.list"] + fill(msg[timing], { ms: result.elapsed_ms });
  }

  /** The final losses for the live region, and the curves at a few epochs as a table,
   * with the numbers the status line and the plot show. */
  function summarize(result) {
    const shown = trainable(model, "curves").filter((c) => result.curves?.[c.name]);
    const finals = shown.map((c) => {
      const data = result.curves[c.name];
      const last = data.losses[data.losses.length - 1];
      const diverged = data.diverged_at !== null && data.diverged_at !== undefined;
      return c.name + msg["punct.colon"] + (diverged
        ? fill(msg["explorer.diverged"], { step: data.diverged_at })
        : last === null ? "∞" : last.toPrecision(4));
    });
    say(shown.length ? fill(msg["explorer.summary"], {
      curves: finals.join(msg["punct.comma"]), epochs: spec.num_epochs,
    }) : msg["explorer.none"]);
    const x = [0, ...spec.epochs];
    const rows = [];
    for (let k = 0; k <= 4; k++) {
      const at = (k * spec.num_epochs) / 4;
      const i = x.reduce((best, v, j) => (Math.abs(v - at) < Math.abs(x[best] - at) ? j : best), 0);
      rows.push([formatNumber(Number(x[i].toFixed(3))), ...shown.map((c) => {
        const loss = i === 0 ? spec.start_loss : result.curves[c.name].losses[i - 1];
        return loss === undefined ? "" : loss === null ? "∞" : loss.toPrecision(4);
      })]);
    }
    showTable([msg["explorer.x_label"], ...shown.map((c) => c.name)], rows);
  }

  function showValues() {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
    for (const [name, box] of Object.entries(boxes)) box.checked = values.shown.includes(name);
  }

  const showNote = () => { note.textContent = model.get("note"); };
  return follow(model, { values: showValues, note: showNote, result: showResult });
}
