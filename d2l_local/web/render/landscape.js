// The landscape (d2l_local/figures/landscape.py): matplotlib's heatmaps as a picture, with a
// grid laid over each panel. Hovering a cell names its η, β2 and each method's final
// loss; clicking it asks to open that setting in the explorer (the kernel, or on the
// page runtime.js, moves the explorer's sliders). From the keyboard the cells are a grid
// (one Tab stop): arrow keys move between them, Enter or Space opens one.

import { keepKeys } from "./access.js";
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
  keepKeys(root);
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

  /** The place of cell {i, j} in the picture: [left, top, right, bottom]. */
  function cellBox(panel, cell) {
    const [bx0, by0, bx1, by1] = panel.box;
    const [x0, x1] = panel.xlim.map(Math.log10);
    const [yb, yt] = panel.ylim.map(Math.log10);
    const xAt = (v) => bx0 + ((Math.log10(v) - x0) / (x1 - x0)) * (bx1 - bx0);
    const yAt = (v) => by0 + ((yt - Math.log10(v)) / (yt - yb)) * (by1 - by0);
    const left = Math.max(bx0, xAt(spec.lr_edges[cell.i]));
    const right = Math.min(bx1, xAt(spec.lr_edges[cell.i + 1]));
    const top = Math.max(by0, yAt(spec.gap_edges[cell.j]));
    const bottom = Math.min(by1, yAt(spec.gap_edges[cell.j + 1]));
    return [left, Math.min(top, bottom), right, Math.max(top, bottom)];
  }

  function show(cell) {
    for (const mark of marks) mark.style.display = cell ? "" : "none";
    if (!cell) return;
    spec.panels.forEach((panel, k) => place(marks[k], cellBox(panel, cell)));
    const { text, inRange, lr, low, high } = describe(cell);
    const said = `${text}${msg["punct.stop"]}${inRange ? msg["landscape.click"]
      : fill(msg["landscape.outside"], { lr: formatNumber(Number(lr.toPrecision(3))),
        low: formatNumber(low), high: formatNumber(high) })}`;
    if (readout.textContent !== said) readout.textContent = said;  // said once per cell
  }

  /** Open the cell's setting in the explorer, as a click does. */
  function pick(cell) {
    const { lr, beta2, inRange } = describe(cell);
    if (!inRange) return;
    model.set("values", { picked: { lr: Number(lr.toPrecision(3)),
      beta2: 1 - Number((1 - beta2).toPrecision(3)) } });
    model.save_changes();
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
      if (cell) pick(cell);
    });
  }
  keyboardGrid(picture, spec, msg, { cellBox, describe, show, pick, place });
}

/**
 * The cells of the first panel as an ARIA grid laid under the pointer's layers (rows
 * from the largest β2 down, as drawn), with a roving tabindex: one Tab stop, on the
 * book's default cell at first; arrow keys move (Home, End: the row's ends), Enter or
 * Space opens the cell's setting. Each cell's name is what hovering it says.
 */
function keyboardGrid(picture, spec, msg, { cellBox, describe, show, pick, place }) {
  const panel = spec.panels[0];
  const n = { i: spec.lrs.length, j: spec.beta2s.length };
  const grid = el("div", {
    class: "d2l-cell-grid", role: "grid", "aria-label": msg["landscape.grid"],
    "aria-rowcount": n.j, "aria-colcount": n.i,
  });
  picture.insertBefore(grid, picture.querySelector(".d2l-hover-layer"));
  const nearest = (values, want) => values.reduce((best, v, k) =>
    (Math.abs(Math.log(v / want)) < Math.abs(Math.log(values[best] / want)) ? k : best), 0);
  let current = { i: nearest(spec.lrs, 0.01), j: nearest(spec.beta2s.map((b) => 1 - b), 0.001) };
  const cells = [];
  for (let j = n.j - 1; j >= 0; j--) {
    const row = el("div", { role: "row", class: "d2l-cell-row" }, grid);
    for (let i = 0; i < n.i; i++) {
      const cell = { i, j };
      const node = el("div", {
        role: "gridcell", class: "d2l-grid-cell", "data-i": i, "data-j": j,
        tabindex: i === current.i && j === current.j ? "0" : "-1",
        "aria-label": describe(cell).text,
      }, row);
      place(node, cellBox(panel, cell));
      (cells[i] ??= [])[j] = node;
    }
  }
  const moves = {
    ArrowRight: ({ i, j }) => ({ i: Math.min(n.i - 1, i + 1), j }),
    ArrowLeft: ({ i, j }) => ({ i: Math.max(0, i - 1), j }),
    ArrowUp: ({ i, j }) => ({ i, j: Math.min(n.j - 1, j + 1) }),  // β2 grows upwards
    ArrowDown: ({ i, j }) => ({ i, j: Math.max(0, j - 1) }),
    Home: ({ j }) => ({ i: 0, j }),
    End: ({ j }) => ({ i: n.i - 1, j }),
  };
  grid.addEventListener("focusin", (event) => {
    const i = Number(event.target.dataset.i);
    const j = Number(event.target.dataset.j);
    if (Number.isInteger(i) && Number.isInteger(j)) show({ i, j });
  });
  grid.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      pick(current);
      return;
    }
    if (!(event.key in moves)) return;
    event.preventDefault();
    const next = moves[event.key](current);
    cells[current.i][current.j].tabIndex = -1;
    cells[next.i][next.j].tabIndex = 0;
    cells[next.i][next.j].focus();
    current = next;
  });
}
