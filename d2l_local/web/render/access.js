// What makes every figure usable without a mouse, without colour vision and without
// sight: curve styles (Okabe & Ito's colours, figure.css, each with its own dash or
// marker), legend keys that show the dash, a polite live summary, the figure's numbers
// as a table, and keys kept from JupyterLab's notebook shortcuts.

import { el, svgEl } from "./figure.js";

/** Dash patterns by matplotlib's line-style codes, the codes the Python side sends. */
export const DASHES = { "-": "none", "--": "8 4", "-.": "9 3 2 3", ":": "2 3" };

const moveTo = (x, y) => `M${(x).toFixed(1)},${(y).toFixed(1)}`;

/** Marker shapes, centred on (x, y), about 8 px across: an SVG path's "d". */
export const MARKERS = {
  circle: (x, y) => `${moveTo(x - 3.5, y)}a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0Z`,
  square: (x, y) => `${moveTo(x - 3.2, y - 3.2)}h6.4v6.4h-6.4Z`,
  triangle: (x, y) => `${moveTo(x, y - 4.5)}l4.2,7.5h-8.4Z`,
  diamond: (x, y) => `${moveTo(x, y - 4.8)}l4.2,4.8l-4.2,4.8l-4.2,-4.8Z`,
};

/** The CSS colour of a palette name ("blue", "vermillion", ...; figure.css). */
export function paletteColor(name) {
  return `var(--d2l-${name})`;
}

/** The inline style of a curve drawn in `style` = {color, dash}. */
export function strokeStyle({ color, dash = "-" }) {
  return `stroke: ${paletteColor(color)}; stroke-dasharray: ${DASHES[dash] ?? "none"}`;
}

/** A legend key: a short line in the curve's colour and dash, with its marker. */
export function legendKey(style, parent = null) {
  const key = svgEl("svg", {
    class: "d2l-key", width: 30, height: 12, viewBox: "0 0 30 12", "aria-hidden": "true",
  }, parent);
  svgEl("line", { x1: 1, y1: 6, x2: 29, y2: 6, style: strokeStyle(style) }, key);
  if (style.marker) {
    svgEl("path", { d: MARKERS[style.marker](15, 6), style: `fill: ${paletteColor(style.color)}` }, key);
  }
  return key;
}

const SETTLE_MS = 300;  // a summary waits this long for the figure to settle

/**
 * A polite live region under `root` for a one-line summary of the figure (the status
 * line shows the same numbers to the eye). `say(text)` announces `text` once no newer
 * result came for SETTLE_MS: once per finished computation at most, and once for a
 * dragged slider, not per frame. The first text is written at once, unannounced.
 */
export function liveSummary(root) {
  const node = el("p", {
    class: "d2l-summary d2l-visually-hidden", role: "status", "aria-live": "polite",
    "aria-atomic": "true",
  }, root);
  let timer = null;
  let first = true;
  return (text) => {
    clearTimeout(timer);
    const write = () => { if (node.textContent !== text) node.textContent = text; };
    if (first) write();
    else timer = setTimeout(write, SETTLE_MS);
    first = false;
  };
}

/** A closed <details> under `root` with a table of the figure's numbers: the returned
 * `show(columns, rows)` rewrites it (the first cell of each row heads it). */
export function dataTable(root, label) {
  const details = el("details", { class: "d2l-data" }, root);
  el("summary", {}, details).textContent = label;
  const table = el("table", {}, details);
  return (columns, rows) => {
    const head = el("thead");
    const top = el("tr", {}, head);
    for (const column of columns) el("th", { scope: "col" }, top).textContent = column;
    const body = el("tbody");
    for (const row of rows) {
      const line = el("tr", {}, body);
      row.forEach((cell, i) => {
        el(i ? "td" : "th", i ? {} : { scope: "row" }, line).textContent = cell;
      });
    }
    table.replaceChildren(head, body);
  };
}

/** `count` indices spread evenly over 0 ... n - 1, first and last included. */
export function spreadIndices(n, count) {
  if (n <= count) return [...Array(n).keys()];
  return [...new Set([...Array(count).keys()].map((k) => Math.round((k * (n - 1)) / (count - 1))))];
}

/** Keys pressed in the figure are the figure's: JupyterLab's notebook shortcuts (Enter
 * edits a cell, arrows move between cells, Space scrolls) must not take them. Tab and
 * Escape still leave it. */
export function keepKeys(root) {
  root.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" && event.key !== "Escape") event.stopPropagation();
  });
}
