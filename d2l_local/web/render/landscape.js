// The landscape (d2l_local/figures/landscape.py): matplotlib's heatmaps as a picture, with a
// grid laid over each panel. Hovering a cell names its η, β2 and each method's final
// loss; clicking it asks to open that setting in the explorer (the kernel, or on the
// page runtime.js, moves the explorer's sliders).

import { el, fill, formatNumber } from "./figure.js";

/** The index of the cell between whose edges (in either order) `value` lies, or -1. */
function cellOf(edges, value) {
  for (let i = 0; i + 1 < edges.length; i++) {
    const [lo, hi] = edges[i] < edges[i + 1] ? [edges[i], edges[i + 1]] : [edges[i + 1], edges[i]];
    if (value >= lo && value < hi) return i;
  }
  return -1;
}

export function renderLandscape({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const [width, height] = spec.size;
  const root = el("div", { class: "d2l-figure d2l-landscape" }, host);
  const picture = el("div", { class: "d2l-picture" }, root);
  el("img", {
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(spec.svg)}`, alt: spec.alt ?? "",
    width: Math.round(width), height: Math.round(height),
  }, picture);
  const readout = el("div", { class: "d2l-readout", "aria-live": "polite" }, root);
  const marks = [];
  const place = (node, [x0, y0, x1, y1]) => Object.assign(node.style, {
    left: `${(100 * x0) / width}%`, top: `${(100 * y0) / height}%`,
    width: `${(100 * (x1 - x0)) / width}%`, height: `${(100 * (y1 - y0)) / height}%`,
  });

  /** The (lr index, beta2 index) under the pointer in `panel`, or null. */
  function cellAt(panel, layer, event) {
    const box = layer.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width;
    const fy = (event.clientY - box.top) / box.height;
    const [x0, x1] = panel.xlim.map(Math.log10);
    const [y0, y1] = panel.ylim.map(Math.log10);  // bottom, top (β2 grows upwards)
    const lr = 10 ** (x0 + fx * (x1 - x0));
    const gap = 10 ** (y1 + fy * (y0 - y1));
    const i = cellOf(spec.lr_edges, lr);
    const j = cellOf(spec.gap_edges, gap);
    return i < 0 || j < 0 ? null : { i, j };
  }

  function describe({ i, j }) {
    const lr = spec.lrs[i];
    const beta2 = spec.beta2s[j];
    const lines = [fill(msg["landscape.cell"], { lr: formatNumber(Number(lr.toPrecision(3))),
      beta2: formatNumber(1 - Number((1 - beta2).toPrecision(3))) })];
    for (const panel of spec.panels) {
      const loss = panel.final[i][j];
      lines.push(loss === null ? fill(msg["landscape.diverged"], { name: panel.name })
        : fill(msg["landscape.final"], { name: panel.name, loss: loss.toPrecision(4) }));
    }
    const [low, high] = spec.range.lr;
    const inRange = lr >= low && lr <= high;
    return { text: lines.join(msg["punct.list"]), lr, beta2, inRange, low, high };
  }

  function show(cell) {
    for (const mark of marks) mark.style.display = cell ? "" : "none";
    if (!cell) return;
    spec.panels.forEach((panel, k) => {
      const [bx0, by0, bx1, by1] = panel.box;
      const [x0, x1] = panel.xlim.map(Math.log10);
      const [yb, yt] = panel.ylim.map(Math.log10);
      const xAt = (v) => bx0 + ((Math.log10(v) - x0) / (x1 - x0)) * (bx1 - bx0);
      const yAt = (v) => by0 + ((yt - Math.log10(v)) / (yt - yb)) * (by1 - by0);
      const left = Math.max(bx0, xAt(spec.lr_edges[cell.i]));
      const right = Math.min(bx1, xAt(spec.lr_edges[cell.i + 1]));
      const top = Math.max(by0, yAt(spec.gap_edges[cell.j]));
      const bottom = Math.min(by1, yAt(spec.gap_edges[cell.j + 1]));
      place(marks[k], [left, Math.min(top, bottom), right, Math.max(top, bottom)]);
    });
    const { text, inRange, lr, low, high } = describe(cell);
    readout.textContent = `${text}${msg["punct.stop"]}${inRange ? msg["landscape.click"]
      : fill(msg["landscape.outside"], { lr: formatNumber(Number(lr.toPrecision(3))),
        low: formatNumber(low), high: formatNumber(high) })}`;
  }

  for (const panel of spec.panels) {
    const layer = el("div", { class: "d2l-hover-layer", "data-panel": panel.name }, picture);
    place(layer, panel.box);
    const mark = el("div", { class: "d2l-cell", style: "display: none" }, picture);
    marks.push(mark);
    layer.addEventListener("mousemove", (event) => show(cellAt(panel, layer, event)));
    layer.addEventListener("mouseleave", () => show(null));
    layer.addEventListener("click", (event) => {
      const cell = cellAt(panel, layer, event);
      if (!cell) return;
      const { lr, beta2, inRange } = describe(cell);
      if (!inRange) return;
      model.set("values", { picked: { lr: Number(lr.toPrecision(3)),
        beta2: 1 - Number((1 - beta2).toPrecision(3)) } });
      model.save_changes();
    });
  }
}
