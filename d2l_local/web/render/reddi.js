// Reddi et al.'s problem (d2l_local/figures/reddi.py): sliders for C, β1 and β2, two buttons,
// and two panels, x_t and the average regret against t on log axes. In JupyterLab the
// kernel reruns the chapter's `run_reddi`; on the page, computeReddi (compute/reddi.js) reruns a copy of it.

import { dataTable, keepKeys, legendKey, liveSummary, strokeStyle } from "./access.js";
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
} from "./figure.js";

export function renderReddi({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const root = el("div", { class: "d2l-figure d2l-reddi" }, host);
  keepKeys(root);
  if (model.get("in_page")) el("p", { class: "d2l-notice" }, root).innerHTML = msg["reddi.page_notice"];
  const change = (update) => saveValues(model, update);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);
  makePresets(root, spec.presets, (preset) => {
    const C = currentValues(model).C;
    change(preset.kind === "paper" ? { beta1: 0, beta2: 1 / (1 + C ** 2) } : preset.values);
  });
  const panels = el("div", { class: "d2l-panels" }, root);
  const tTicks = [];
  for (let t = 1; t <= spec.steps; t *= 10) tTicks.push(t);
  const format = formatNumber;
  const signed = (v) => `${v >= 0 ? "+" : ""}${v.toFixed(3)}`;

  const panel = (key, yRange, yLabel, title) => responsivePlot(el("div", {}, panels), {
    aspect: 0.7, minWidth: 260, maxWidth: 520, label: msg[`reddi.${key}_plot`],
    draw(frame) {
      const result = model.get("result");
      if (!result[key]) return;
      const [lo, hi] = yRange(result);
      const yTicks = [];
      const stepY = niceStep((hi - lo) / 4);
      for (let v = Math.ceil(lo / stepY) * stepY; v <= hi + 1e-12; v += stepY) yTicks.push(Number(v.toFixed(10)));
      const ax = axes(frame, {
        x: { lo: 1, hi: spec.steps, log: true, ticks: tTicks, label: msg["reddi.x_label"], format },
        y: { lo, hi, ticks: yTicks, label: yLabel },
        margin: { left: 50, right: 10, top: 26, bottom: 48 },
      });
      const heading = svgEl("text", { x: (ax.box.left + ax.box.right) / 2, y: 16, "text-anchor": "middle" }, frame.svg);
      heading.textContent = title(result);
      for (const method of spec.methods) {
        svgEl("polyline", {
          class: "d2l-curve", style: strokeStyle(method), "stroke-width": method.width,
          points: points(spec.t, result[key][method.name], ax.x, ax.y), "data-method": method.name,
        }, ax.clip);
      }
    },
  });

  function niceStep(raw) {
    const power = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  }

  const xPanel = panel("x", () => [-1.08, 1.08], "x_t", () => fill(msg["reddi.x_title"], {
    C: formatNumber(model.get("values").C), beta1: formatNumber(model.get("values").beta1),
    beta2: formatNumber(Number(model.get("values").beta2.toPrecision(3))),
  }));
  const regretPanel = panel("regret", (result) => {
    const all = Object.values(result.regret).flat();
    const lo = Math.min(0, ...all);
    const hi = Math.max(...all);
    return [lo, hi + 0.05 * (hi - lo || 1)];
  }, msg["reddi.regret_label"], () => msg["reddi.regret_title"]);
  const legend = el("div", { class: "d2l-toggles" }, root);
  for (const method of spec.methods) {
    const key = el("span", { class: "d2l-toggle" }, legend);
    legendKey(method, key);
    key.append(method.name);
  }
  const status = el("div", { class: "d2l-status" }, root);
  const say = liveSummary(root);
  const showTable = dataTable(root, msg["access.table"]);

  function showResult() {
    xPanel.redraw();
    regretPanel.redraw();
    const result = model.get("result");
    status.replaceChildren();
    if (result.error) {
      el("span", { class: "d2l-error" }, status).textContent = result.error;
      say(result.error);
      return;
    }
    summarize(result);
    const parts = spec.methods.map(({ name }) => {
      const part = el("span", {
        "data-method": name, "data-final": result.final[name],
        "data-regret": result.final_regret[name],
      });
      part.textContent = fill(msg["reddi.point"], { method: name, x: signed(result.final[name]) });
      return part;
    });
    const [before, after] = msg["reddi.status"].split("{points}");
    status.append(fill(before, { steps: spec.steps.toLocaleString("en-US") }));
    parts.forEach((part, i) => status.append(...(i ? [msg["punct.comma"], part] : [part])));
    status.append(after ?? "");
  }
  /** Where each method ends and its average regret, for the live region; x_t and the
   * regret at a few steps, as a table. */
  function summarize(result) {
    const steps = spec.steps.toLocaleString("en-US");
    say(fill(msg["reddi.summary"], {
      steps,
      points: spec.methods.map(({ name }) => fill(msg["reddi.summary_point"], {
        method: name, x: signed(result.final[name]), regret: result.final_regret[name].toFixed(3),
      })).join(msg["punct.list"]),
    }));
    const rows = [];
    for (let t = 1; t <= spec.steps; t *= 10) {
      const i = spec.t.findIndex((s) => s >= t);
      if (i >= 0 && !rows.includes(i)) rows.push(i);
    }
    if (rows.at(-1) !== spec.t.length - 1) rows.push(spec.t.length - 1);
    showTable([msg["reddi.x_label"], ...spec.methods.map(({ name }) => `${name} x_t`),
      ...spec.methods.map(({ name }) => `${name} R_t / t`)],
    rows.map((i) => [spec.t[i].toLocaleString("en-US"),
      ...spec.methods.map(({ name }) => signed(result.x[name][i])),
      ...spec.methods.map(({ name }) => result.regret[name][i].toFixed(3))]));
  }

  const showValues = () => {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
  };
  return follow(model, { values: showValues, result: showResult });
}
