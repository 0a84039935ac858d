// The explorer of an exported page: sliders that step through a grid of
// precomputed loss curves (see d2l_local/grid.py) and redraw them as SVG.
// No kernel, no network, no libraries. Every div.adam-static-explorer holding a
// <script type="application/json" class="ase-data"> becomes one explorer.
(function () {
  "use strict";
  var SVGNS = "http://www.w3.org/2000/svg";
  var W = 700, H = 380, LEFT = 64, RIGHT = 16, TOP = 12, BOTTOM = 54;
  var YLIM = [0.2, 1.5], YTICKS = [0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1, 1.5];  // as the live plot
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c"];
  var SYMBOLS = {beta1: "β1", beta2: "β2", lr: "η", eps: "ε"};
  var made = 0;

  function el(tag, attrs, parent, svg) {
    var node = svg ? document.createElementNS(SVGNS, tag) : document.createElement(tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function fmt(v) {  // slider readouts: 0.9, 0.999, 3.16e-4, 1e-10
    var r = Number(v.toPrecision(6));
    return r !== 0 && r < 1e-3 ? r.toExponential() : String(r);
  }

  function setup(root) {
    var data = JSON.parse(root.querySelector("script.ase-data").textContent);
    var names = Object.keys(data.axes), curves = Object.keys(data.curves);
    var E = data.epochs.length, xmax = data.epochs[E - 1], id = "ase" + (++made);
    var views = curves.map(function (name) {
      var bin = atob(data.curves[name].losses), bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      return new DataView(bytes.buffer);
    });
    var x = function (e) { return LEFT + e / xmax * (W - LEFT - RIGHT); };
    var y = function (v) {
      var lo = Math.log(YLIM[0]), hi = Math.log(YLIM[1]);
      return TOP + (hi - Math.log(v)) / (hi - lo) * (H - TOP - BOTTOM);
    };

    // Controls: one range input per axis, its value an index into the grid axis.
    var controls = root.querySelector(".ase-controls"), sliders = {};
    var note = root.querySelector(".ase-preset-note");
    names.forEach(function (name) {
      var label = el("label", {}, controls);
      el("span", {"class": "ase-symbol"}, label).textContent = SYMBOLS[name] || name;
      var input = el("input", {type: "range", min: 0, max: data.axes[name].length - 1, step: 1,
                               value: data.defaults[name], "data-axis": name,
                               "aria-label": SYMBOLS[name] || name}, label);
      el("output", {}, label);
      input.addEventListener("input", function () { note.textContent = ""; draw(); });
      sliders[name] = input;
    });
    var toggles = root.querySelector(".ase-toggles"), shown = {};
    curves.forEach(function (name, c) {
      var label = el("label", {}, toggles);
      shown[name] = el("input", {type: "checkbox", checked: "", "data-curve": name}, label);
      shown[name].addEventListener("change", draw);
      el("span", {"class": "ase-swatch", style: "background:" + COLORS[c]}, label);
      label.appendChild(document.createTextNode(name));
    });
    var legend = el("span", {"class": "ase-ref-legend"}, toggles);
    el("span", {"class": "ase-swatch ase-ref-swatch"}, legend);
    legend.appendChild(document.createTextNode(" " + curves[0] + ", book defaults"));

    // The plot: axes drawn once; the reference, curves and markers are updated.
    var svg = el("svg", {viewBox: "0 0 " + W + " " + H, "class": "ase-plot", role: "img",
                         "aria-label": "loss curves"}, root.querySelector(".ase-figure"), true);
    el("rect", {id: id + "-clip-rect", x: LEFT, y: TOP, width: W - LEFT - RIGHT,
                height: H - TOP - BOTTOM}, el("clipPath", {id: id + "-clip"}, svg, true), true);
    YTICKS.forEach(function (t) {
      el("line", {x1: LEFT, x2: W - RIGHT, y1: y(t), y2: y(t), "class": "ase-grid"}, svg, true);
      el("text", {x: LEFT - 8, y: y(t) + 5, "text-anchor": "end"}, svg, true).textContent = t;
    });
    for (var t = 0; t <= xmax + 1e-9; t += 0.5) {
      el("line", {x1: x(t), x2: x(t), y1: TOP, y2: H - BOTTOM, "class": "ase-grid"}, svg, true);
      el("text", {x: x(t), y: H - BOTTOM + 22, "text-anchor": "middle"}, svg, true).textContent = t;
    }
    el("rect", {x: LEFT, y: TOP, width: W - LEFT - RIGHT, height: H - TOP - BOTTOM,
                "class": "ase-frame"}, svg, true);
    el("text", {x: (LEFT + W - RIGHT) / 2, y: H - 8, "text-anchor": "middle"}, svg, true)
      .textContent = "epoch";
    el("text", {x: 16, y: (TOP + H - BOTTOM) / 2, "text-anchor": "middle",
                transform: "rotate(-90 16 " + (TOP + H - BOTTOM) / 2 + ")"}, svg, true)
      .textContent = "loss (log scale)";
    var plot = el("g", {"clip-path": "url(#" + id + "-clip)"}, svg, true);
    var reference = el("polyline", {"class": "ase-ref"}, plot, true);
    var lines = curves.map(function (name, c) {
      return el("polyline", {"class": "ase-curve", stroke: COLORS[c], "data-curve": name},
                plot, true);
    });
    var markers = curves.map(function (name, c) {
      return el("path", {d: "M-8,-8L8,8M-8,8L8,-8", "class": "ase-marker", stroke: COLORS[c],
                         "data-curve": name}, svg, true);
    });
    var status = root.querySelector(".ase-status");

    function flatIndex(position) {
      return names.reduce(function (k, name) {
        return k * data.axes[name].length + position[name];
      }, 0);
    }

    function lossesAt(c, k) {  // the curve up to where it diverged (NaN marks the rest)
      var out = [];
      for (var e = 0; e < E; e++) {
        var v = views[c].getFloat32(4 * (k * E + e), true);
        if (isNaN(v)) break;
        out.push(v);
      }
      return out;
    }

    function points(losses) {  // off-scale losses sit past the edge, as in the live plot
      return losses.map(function (v, e) {
        var shown = Math.min(Math.max(isFinite(v) ? v : Infinity, YLIM[0] / 2), YLIM[1] * 2);
        return x(data.epochs[e]).toFixed(2) + "," + y(shown).toFixed(2);
      }).join(" ");
    }

    reference.setAttribute("points", points(lossesAt(0, flatIndex(data.defaults))));

    function draw() {
      var start = performance.now(), position = {}, parts = [];
      names.forEach(function (name) {
        position[name] = Number(sliders[name].value);
        sliders[name].nextElementSibling.textContent = fmt(data.axes[name][position[name]]);
      });
      var k = flatIndex(position);
      curves.forEach(function (name, c) {
        var losses = shown[name].checked ? lossesAt(c, k) : [];
        var step = data.curves[name].diverged_at[k];
        lines[c].setAttribute("points", points(losses));
        lines[c].setAttribute("data-index", k);
        lines[c].setAttribute("data-losses", losses.join(" "));
        markers[c].style.display = step !== undefined && losses.length ? "" : "none";
        if (losses.length) {
          var last = losses[losses.length - 1];
          markers[c].setAttribute("transform", "translate(" + x(data.epochs[losses.length - 1]) +
                                  "," + y(isFinite(last) ? Math.min(last, YLIM[1]) : YLIM[1]) + ")");
        }
        if (!losses.length) return;
        var text = step !== undefined ? "<b class='ase-diverged'>diverged at step " + step + "</b>"
                                      : last.toFixed(6);
        if (step === undefined && last > data.start_loss) {
          text += " (above its start " + data.start_loss.toFixed(2) + ": not converging)";
        }
        parts.push("<span data-curve='" + name + "' data-final='" + last + "'><b>" + name +
                   "</b>: " + text + "</span>");
      });
      var ms = performance.now() - start;
      root.setAttribute("data-redraw-ms", ms.toFixed(3));
      status.innerHTML = (parts.join(" · ") || "no curve shown") +
        " · <span class='ase-time'>redrawn in " + ms.toFixed(1) + " ms</span>";
    }

    root.querySelectorAll("button[data-preset]").forEach(function (button) {
      button.addEventListener("click", function () {
        var preset = JSON.parse(button.getAttribute("data-preset"));
        names.forEach(function (name) { sliders[name].value = preset[name]; });
        draw();
        note.textContent = button.getAttribute("data-note");
      });
    });
    draw();
    root.classList.add("ase-ready");
  }

  document.querySelectorAll("div.adam-static-explorer:not(.ase-ready)").forEach(setup);
})();
