// The weight-decay explorer (d2l_local/figures/decay_explorer.py): sliders for λ and η,
// preset buttons, and two panels, the loss without the penalty and ||w|| against the
// epoch, for Adam with an L2 penalty and for AdamW. In JupyterLab the kernel retrains
// the chapter's own `adam_l2` and `adamw`; on the page, computeDecay (compute/decay.js)
// trains a copy of them. A run that diverged ends in ✕ at the top of both panels.

import { dataTable, keepKeys, liveSummary } from "./access.js";
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
  trainable,
} from "./figure.js";
import { diverged, drawRun, methodLegend, showError, timing } from "./runs.js";

export function renderDecay({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const root = el("div", { class: "d2l-figure d2l-decay" }, host);
  keepKeys(root);
  if (model.get("in_page")) el("p", { class: "d2l-notice" }, root).innerHTML = msg["decay.page_notice"];
  const change = (update, note = "") => saveValues(model, update, note);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);
  makePresets(root, spec.presets, (preset) => change(preset.values, preset.note));
  const note = el("p", { class: "d2l-note" }, root);
  methodLegend(root, trainable(model, "methods"), (method) => method.name);
  const panels = el("div", { class: "d2l-panels" }, root);
  const xTicks = [];
  for (let t = 0; t <= spec.num_epochs + 1e-9; t += 1) xTicks.push(t);

  /** A panel of `key` ("losses" or "norms") on the y range `yRange(result)`. */
  const panel = (key, yRange, yLabel, label, log) => responsivePlot(el("div", {}, panels), {
    aspect: 0.7, minWidth: 260, maxWidth: 520, label,
    draw(frame) {
      const result = model.get("result");
      if (!result.curves) return;
      const { lo, hi, ticks } = yRange(result);
      const ax = axes(frame, {
        x: { lo: 0, hi: spec.num_epochs, ticks: xTicks, label: msg["decay.x_label"] },
        y: { lo, hi, log, ticks, label: yLabel },
        margin: { left: 54, right: 12, top: 10, bottom: 48 },
      });
      const start = key === "losses" ? spec.start_loss : spec.start_norm;
      for (const method of trainable(model, "methods")) {
        const data = result.curves[method.name];
        if (!data) continue;
        const x = [0, ...data.epochs], y = [start, ...data[key]];
        drawRun(frame, ax, method, data, { key, x, y, lo, hi, log });
      }
    },
  });

  const [lossLo, lossHi] = spec.loss_ylim;
  const lossPanel = panel("losses", () => ({ lo: lossLo, hi: lossHi, ticks: spec.loss_yticks }),
    msg["decay.loss_label"], msg["decay.loss_plot"], true);
  const normPanel = panel("norms", (result) => {
    // From 0 to a round number above the longest w of the runs that did not diverge,
    // 1 at least, 5 at most (a diverged run leaves at the top, to its ✕).
    const finite = Object.values(result.curves).filter((c) => !diverged(c))
      .flatMap((c) => c.norms).filter((v) => v !== null);
    const top = Math.min(5, Math.max(1, ...finite.map((v) => v * 1.05)));
    const step = top <= 1 ? 0.2 : top <= 2.5 ? 0.5 : 1;
    const hi = Math.ceil(top / step) * step;
    const ticks = [];
    for (let v = 0; v <= hi + 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
    return { lo: 0, hi, ticks };
  }, msg["decay.norm_label"], msg["decay.norm_plot"], false);
  const status = el("div", { class: "d2l-status" }, root);
  const say = liveSummary(root);
  const showTable = dataTable(root, msg["access.table"]);

  const epochOf = (step) => formatNumber(Number((step / spec.steps_per_epoch).toFixed(2)));
  const number = (v, digits) => (v === null ? "∞" : v.toPrecision(digits));

  /** A method's end in words: its last loss and ||w||, or where it diverged. */
  function ending(name, data, digits) {
    if (diverged(data)) {
      return fill(msg["decay.diverged"], { name, step: data.diverged_at, epoch: epochOf(data.diverged_at) });
    }
    return fill(msg["decay.method"], {
      name, loss: number(data.losses.at(-1), digits), norm: number(data.norms.at(-1), digits),
    });
  }

  function showResult() {
    lossPanel.redraw();
    normPanel.redraw();
    const result = model.get("result");
    status.replaceChildren();
    if (result.error) {
      showError(status, say, msg["decay.error"], result.error);
      return;
    }
    if (!result.curves) return;
    const shown = trainable(model, "methods").filter((m) => result.curves[m.name]);
    summarize(result, shown);
    status.append(fill(msg["decay.final"], { epochs: spec.num_epochs }));
    if (!shown.length) status.append(msg["decay.none"]);
    shown.forEach((m, i) => {
      const data = result.curves[m.name];
      const part = el("span", {
        "data-curve": m.name, "data-final": data.losses.at(-1) ?? "inf",
      });
      part.textContent = ending(m.name, data, 4);
      if (diverged(data)) part.classList.add("d2l-diverged");
      status.append(...(i ? [msg["punct.list"], part] : [part]));
    });
    timing(status, msg, "decay", model, result.elapsed_ms);
  }

  /** The setting and each method's end for the live region; the loss and ||w|| at
   * every half epoch as a table, and where each run ended (diverged or not). */
  function summarize(result, shown) {
    const values = result.values ?? currentValues(model);
    say(shown.length ? fill(msg["decay.summary"], {
      weight_decay: formatNumber(values.weight_decay), lr: formatNumber(values.lr),
      epochs: spec.num_epochs,
      methods: shown.map((m) => ending(m.name, result.curves[m.name], 3)).join(msg["punct.list"]),
    }) : msg["decay.none"]);
    const longest = shown.map((m) => result.curves[m.name].epochs)
      .reduce((a, b) => (b.length > a.length ? b : a), []);
    // Rows: the start, every half epoch, and each run's last evaluation (where it ended).
    const picked = new Set(shown.map((m) => result.curves[m.name].epochs.length - 1));
    for (let half = 1; half <= 2 * spec.num_epochs; half++) {
      picked.add(longest.findIndex((x) => x >= half / 2 - 1e-9));
    }
    const rows = [[0, -1], ...[...picked].filter((i) => i >= 0).sort((a, b) => a - b)
      .map((i) => [longest[i], i])];
    const cell = (m, key, i) => {
      if (i < 0) return (key === "losses" ? spec.start_loss : spec.start_norm).toPrecision(4);
      const v = result.curves[m.name][key][i];
      return v === undefined ? "" : number(v, 4);
    };
    showTable([
      msg["decay.x_label"],
      ...shown.map((m) => fill(msg["decay.loss_column"], { name: m.name })),
      ...shown.map((m) => fill(msg["decay.norm_column"], { name: m.name })),
    ], rows.map(([x, i]) => [
      formatNumber(Number(x.toFixed(3))),
      ...shown.map((m) => cell(m, "losses", i)),
      ...shown.map((m) => cell(m, "norms", i)),
    ]));
  }

  const showValues = () => {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
  };
  const showNote = () => { note.textContent = model.get("note"); };
  return follow(model, { values: showValues, note: showNote, result: showResult });
}
