// What the weight-decay and schedule explorers draw alike: the legend of their methods,
// each run as a curve that ends in ✕ where it diverged, and the status line's parts.

import { legendKey, paletteColor, strokeStyle } from "./access.js";
import { el, fill, points, svgEl } from "./figure.js";

/** Whether the kernel (or the page) stopped the run `data` as diverged. */
export const diverged = (data) => data.diverged_at !== null && data.diverged_at !== undefined;

/** One key per method under `root`: its dash and colour, then `labelOf(method)`. */
export function methodLegend(root, methods, labelOf) {
  const legend = el("div", { class: "d2l-toggles" }, root);
  for (const method of methods) {
    const key = el("span", { class: "d2l-toggle" }, legend);
    legendKey(method, key);
    key.append(labelOf(method));
  }
  return legend;
}

/** The run `data` of `method` as a curve through (x, y) on the axes `ax` of `frame`,
 * its `key` values kept as a data attribute. A number that blew up (sent as null) is
 * drawn at the top, never as NaN; with `cross`, a diverged run ends in ✕. */
export function drawRun(frame, ax, method, data, { key, x, y, lo, hi, log, cross = true }) {
  const shown = y.map((v) => Math.min(Math.max(v ?? Infinity, log ? lo / 2 : lo), hi * 2));
  svgEl("polyline", {
    class: "d2l-curve", style: strokeStyle(method), points: points(x, shown, ax.x, ax.y),
    "data-curve": method.name, [`data-${key}`]: data[key].map((v) => (v === null ? "inf" : String(v))).join(" "),
    "data-diverged-at": data.diverged_at ?? "",
  }, ax.clip);
  if (cross && diverged(data)) {
    const last = x.length - 1;
    svgEl("path", {
      class: "d2l-marker", style: `stroke: ${paletteColor(method.color)}`, "data-curve": method.name,
      d: "M-8,-8L8,8M-8,8L8,-8",
      transform: `translate(${ax.x(x[last])},${ax.y(Math.min(shown[last], hi))})`,
    }, frame.svg);
  }
}

/** The status line's error from `template`, shown and spoken. */
export function showError(status, say, template, error) {
  el("span", { class: "d2l-error" }, status).textContent = fill(template, { error });
  say(status.textContent);
}

/** The status line's last part: how long the run took, in the kernel or on the page. */
export function timing(status, msg, prefix, model, ms) {
  const key = model.get("in_page") ? `${prefix}.in_page` : `${prefix}.rerun`;
  el("span", { class: "d2l-time" }, status).textContent = msg["punct.list"] + fill(msg[key], { ms });
}
