// Reddi et al.'s problem (d2l_local/figures/reddi.py): sliders for C, β1 and β2, two buttons,
// and two panels, x_t and the average regret against t on log axes. In JupyterLab the
// kernel reruns the chapter's `run_reddi`; on the page, computeReddi (compute/reddi.js) reruns a copy of it.

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
          class: "d2l-curve", stroke: method.color, "stroke-width": method.width,
          "stroke-dasharray": method.dash === "--" ? "7 4" : method.dash === "-." ? "8 3 2 3" : "none",
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
    el("span", {
      class: `d2l-swatch${method.dash === "-" ? "" : " d2l-dashed"}`, style: `--swatch: ${method.color}`,
    }, key);
    key.append(method.name);
  }
  const status = el("div", { class: "d2l-status", "aria-live": "polite" }, root);

  function showResult() {
    xPanel.redraw();
    regretPanel.redraw();
    const result = model.get("result");
    status.replaceChildren();
    if (result.error) {
      el("span", { class: "d2l-error" }, status).textContent = result.error;
      return;
    }
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
  const showValues = () => {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
  };
  return follow(model, { values: showValues, result: showResult });
}
