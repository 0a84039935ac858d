// d2l_local/web/compute/train_airfoil.js
var f = Math.fround;
function decodeProblem(payload) {
  const d = payload.n_features;
  const n = payload.n_examples;
  const problem = {
    n,
    d,
    features: numbers(payload.features, n * d, Float32Array),
    labels: numbers(payload.labels, n, Float32Array),
    w0: Float32Array.from(payload.w0),
    order: numbers(payload.order, payload.num_epochs * n, Uint16Array),
    numEpochs: payload.num_epochs,
    batchSize: payload.batch_size,
    evalEvery: payload.eval_every,
    explodeFactor: payload.explode_factor
  };
  if (problem.w0.length !== d) throw new Error(`w0 has ${problem.w0.length} numbers, expected ${d}`);
  return problem;
}
function bytes(base64) {
  const text = atob(base64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return new DataView(out.buffer);
}
function numbers(base64, count, type) {
  const view = bytes(base64);
  const size = type.BYTES_PER_ELEMENT;
  if (view.byteLength !== size * count) throw new Error(`expected ${count} numbers of ${size} bytes`);
  const read = type === Float32Array ? (i) => view.getFloat32(i, true) : (i) => view.getUint16(i, true);
  const out = new type(count);
  for (let i = 0; i < count; i++) out[i] = read(size * i);
  return out;
}
function workspace(problem) {
  return {
    residuals: new Float32Array(problem.batchSize),
    gw: new Float32Array(problem.d),
    gb: new Float32Array(1)
  };
}
function meanLoss(problem, w, b) {
  const { features, labels, n, d } = problem;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let r = b[0] - labels[i];
    for (let j = 0; j < d; j++) r += features[i * d + j] * w[j];
    total += r * r;
  }
  return total / n / 2;
}
function gradient(problem, from, m, w, b, work) {
  const { features, labels, d, order } = problem;
  const { residuals: r, gw, gb } = work;
  for (let i = 0; i < m; i++) {
    const row = order[from + i];
    let dot = 0;
    for (let j = 0; j < d; j++) dot = f(dot + f(features[row * d + j] * w[j]));
    r[i] = f(f(b[0] - labels[row]) + dot);
  }
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s = f(s + f(f(features[order[from + i] * d + j] / m) * r[i]));
    gw[j] = s;
  }
  let total = 0;
  for (let i = 0; i < m; i++) total = f(total + r[i]);
  gb[0] = f(total / m);
}
function sign(x) {
  return x > 0 ? 1 : x < 0 ? -1 : 0;
}
function setStepConstants(c, hp, t) {
  c.beta1 = f(hp.beta1);
  c.beta2 = f(hp.beta2);
  c.keep1 = f(1 - hp.beta1);
  c.keep2 = f(1 - hp.beta2);
  c.unbias1 = f(1 - hp.beta1 ** t);
  c.unbias2 = f(1 - hp.beta2 ** t);
  c.lr = f(hp.lr);
  c.eps = f(hp.eps);
}
var SECOND_MOMENTS = {
  adam: (s, g2, c) => f(f(c.beta2 * s) + f(c.keep2 * g2)),
  // (2)
  yogi: (s, g2, c) => f(s + f(f(c.keep2 * sign(f(g2 - s))) * g2))
  // (9)
};
function update(p, grad, v, s, c, secondMoment) {
  for (let i = 0; i < p.length; i++) {
    const g = grad[i];
    const g2 = f(g * g);
    v[i] = f(f(c.beta1 * v[i]) + f(c.keep1 * g));
    s[i] = secondMoment(s[i], g2, c);
    const vHat = f(v[i] / c.unbias1);
    const sHat = f(s[i] / c.unbias2);
    p[i] = f(p[i] - f(f(c.lr * vHat) / f(f(Math.sqrt(sHat)) + c.eps)));
  }
}
function trainCurve(problem, method, hp, rate = null) {
  const secondMoment = SECOND_MOMENTS[method];
  if (!secondMoment) throw new Error(`unknown method ${method}: use adam or yogi`);
  const c = {};
  return runSchedule(problem, (w, b, grads, states, t) => {
    setStepConstants(c, hp, t);
    if (rate) c.lr = f(rate(t));
    update(w, grads.gw, states.vw, states.sw, c, secondMoment);
    update(b, grads.gb, states.vb, states.sb, c, secondMoment);
  });
}
function runSchedule(problem, step, onEval = null) {
  const { n, d, numEpochs, batchSize, evalEvery, explodeFactor } = problem;
  const work = workspace(problem);
  const w = Float32Array.from(problem.w0);
  const b = new Float32Array(1);
  const states = {
    vw: new Float32Array(d),
    sw: new Float32Array(d),
    vb: new Float32Array(1),
    sb: new Float32Array(1)
  };
  const numBatches = Math.ceil(n / batchSize);
  const startLoss = meanLoss(problem, w, b);
  const limit = explodeFactor * Math.max(startLoss, 1e-12);
  const curve = { epochs: [], losses: [], divergedAt: null, startLoss };
  let seen = 0;
  let t = 0;
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    for (let start = 0; start < n; start += batchSize) {
      const m = Math.min(batchSize, n - start);
      gradient(problem, epoch * n + start, m, w, b, work);
      t += 1;
      step(w, b, work, states, t);
      seen += m;
      if (seen % evalEvery) continue;
      const loss = meanLoss(problem, w, b);
      curve.epochs.push(seen / m / numBatches);
      curve.losses.push(Number.isFinite(loss) ? loss : Infinity);
      onEval?.(w, b);
      if (!(loss < limit)) {
        curve.divergedAt = t;
        return curve;
      }
    }
  }
  return curve;
}
var decoded = /* @__PURE__ */ new WeakMap();
function problemOf(spec) {
  if (!decoded.has(spec)) decoded.set(spec, decodeProblem(spec.problem));
  return decoded.get(spec);
}
var finite = (x) => Number.isFinite(x) ? x : null;
function resultOf(curves, values, start) {
  const ms = performance.now() - start;
  return { result: { curves, values: { ...values }, elapsed_ms: Number(ms.toFixed(1)) } };
}

// d2l_local/web/compute/decay.js
var f2 = Math.fround;
function addPenalty(p, grad, weightDecay) {
  for (let i = 0; i < p.length; i++) grad[i] = f2(grad[i] + f2(weightDecay * p[i]));
}
function shrink(p, factor) {
  for (let i = 0; i < p.length; i++) p[i] = f2(p[i] * factor);
}
var METHODS = {
  adam_l2(w, b, work, states, c, hp) {
    const weightDecay = f2(hp.weight_decay);
    addPenalty(w, work.gw, weightDecay);
    addPenalty(b, work.gb, weightDecay);
    adamSteps(w, b, work, states, c);
  },
  adamw(w, b, work, states, c, hp) {
    const factor = f2(1 - hp.lr * hp.weight_decay);
    shrink(w, factor);
    shrink(b, factor);
    adamSteps(w, b, work, states, c);
  }
};
function adamSteps(w, b, work, states, c) {
  update(w, work.gw, states.vw, states.sw, c, SECOND_MOMENTS.adam);
  update(b, work.gb, states.vb, states.sb, c, SECOND_MOMENTS.adam);
}
function norm(w) {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i] * w[i];
  return Math.sqrt(total);
}
function trainDecay(problem, method, hp) {
  const stepOf = METHODS[method];
  if (!stepOf) throw new Error(`unknown method ${method}: use adam_l2 or adamw`);
  const c = {};
  const norms = [];
  const curve = runSchedule(problem, (w, b, work, states, t) => {
    setStepConstants(c, hp, t);
    stepOf(w, b, work, states, c, hp);
  }, (w) => norms.push(norm(w)));
  return { ...curve, norms };
}
function computeDecay(state) {
  const { spec, values } = state;
  const problem = problemOf(spec);
  const hp = { ...spec.constants, lr: values.lr, weight_decay: values.weight_decay };
  const start = performance.now();
  const curves = {};
  for (const { name, method } of spec.methods) {
    if (!method) continue;
    const trained = trainDecay(problem, method, hp);
    curves[name] = {
      epochs: trained.epochs,
      losses: trained.losses.map(finite),
      norms: trained.norms.map(finite),
      diverged_at: trained.divergedAt
    };
  }
  return resultOf(curves, values, start);
}

// d2l_local/web/compute/explorer.js
function computeExplorer(state) {
  const problem = problemOf(state.spec);
  const values = state.values;
  const hp = { lr: values.lr, beta1: values.beta1, beta2: values.beta2, eps: values.eps };
  const start = performance.now();
  const curves = {};
  for (const curve of state.spec.curves) {
    if (!curve.method || !values.shown.includes(curve.name)) continue;
    const trained = trainCurve(problem, curve.method, hp);
    curves[curve.name] = {
      losses: trained.losses.map(finite),
      diverged_at: trained.divergedAt
    };
  }
  return resultOf(curves, values, start);
}

// d2l_local/web/text.js
function fill(template, fields = {}) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => name in fields ? fields[name] : whole);
}

// d2l_local/web/compute/paths.js
var PATH_PROBLEMS = {
  quadratic: {
    f: (x1, x2) => 0.1 * x1 * x1 + 2 * x2 * x2,
    grad: (x1, x2) => [0.2 * x1, 4 * x2]
  },
  rotated: {
    f(x1, x2) {
      const d = x1 - x2;
      const s = x1 + x2;
      return 0.05 * d * d + s * s;
    },
    grad(x1, x2) {
      const d = x1 - x2;
      const s = x1 + x2;
      return [0.1 * d + 2 * s, 2 * s - 0.1 * d];
    }
  },
  rosenbrock: {
    f(x1, x2) {
      const a = x1 / 3;
      const b = 1 + x2 / 2;
      const u = 1 - a;
      const w = b - a * a;
      return (u * u + 100 * w * w) / 35;
    },
    grad(x1, x2) {
      const a = x1 / 3;
      const b = 1 + x2 / 2;
      const u = 1 - a;
      const w = b - a * a;
      return [(-2 * u - 400 * a * w) / 105, 200 * w / 70];
    }
  }
};
function gd2d(x1, x2, s1, s2, fGrad, eta = 0.4) {
  const [g1, g2] = fGrad(x1, x2);
  return [x1 - eta * g1, x2 - eta * g2, s1, s2];
}
function momentum2d(x1, x2, v1, v2, fGrad, eta = 0.4, beta = 0.5) {
  const [g1, g2] = fGrad(x1, x2);
  v1 = beta * v1 + g1;
  v2 = beta * v2 + g2;
  return [x1 - eta * v1, x2 - eta * v2, v1, v2];
}
function rmsprop2d(x1, x2, s1, s2, fGrad, eta = 0.4, gamma = 0.9, eps = 1e-6) {
  const [g1, g2] = fGrad(x1, x2);
  s1 = gamma * s1 + (1 - gamma) * g1 * g1;
  s2 = gamma * s2 + (1 - gamma) * g2 * g2;
  return [x1 - eta * g1 / Math.sqrt(s1 + eps), x2 - eta * g2 / Math.sqrt(s2 + eps), s1, s2];
}
function adam1d(x, g, state, eta, beta1, beta2, eps, biasCorrection, epsInside) {
  let [v, s, beta1T, beta2T] = state;
  beta1T = beta1T * beta1;
  beta2T = beta2T * beta2;
  v = beta1 * v + (1 - beta1) * g;
  s = beta2 * s + (1 - beta2) * g * g;
  let vHat = v;
  let sHat = s;
  if (biasCorrection) {
    vHat = v / (1 - beta1T);
    sHat = s / (1 - beta2T);
  }
  const denominator = epsInside ? Math.sqrt(sHat + eps) : Math.sqrt(sHat) + eps;
  return [x - eta * vHat / denominator, [v, s, beta1T, beta2T]];
}
function adam2d(x1, x2, state1, state2, fGrad, eta = 0.4, beta1 = 0.9, beta2 = 0.999, eps = 1e-6, biasCorrection = true, epsInside = false) {
  const settings = [eta, beta1, beta2, eps, biasCorrection, epsInside];
  const noStepYet = [0, 0, 1, 1];
  const [g1, g2] = fGrad(x1, x2);
  [x1, state1] = adam1d(x1, g1, state1 || noStepYet, ...settings);
  [x2, state2] = adam1d(x2, g2, state2 || noStepYet, ...settings);
  return [x1, x2, state1, state2];
}
var PATH_TRAINERS = {
  "gradient descent": (x1, x2, s1, s2, fGrad, v) => gd2d(x1, x2, s1, s2, fGrad, v.lr),
  momentum: (x1, x2, s1, s2, fGrad, v) => momentum2d(x1, x2, s1, s2, fGrad, v.lr),
  RMSProp: (x1, x2, s1, s2, fGrad, v) => rmsprop2d(x1, x2, s1, s2, fGrad, v.lr),
  Adam: (x1, x2, s1, s2, fGrad, v) => adam2d(
    x1,
    x2,
    s1,
    s2,
    fGrad,
    v.lr,
    v.beta1,
    v.beta2,
    v.eps,
    v.bias_correction,
    v.eps_inside
  )
};
function followPath(step, window, far, start, steps) {
  const [low1, high1, low2, high2] = window;
  let [x1, x2] = start;
  let s1 = 0;
  let s2 = 0;
  const xs1 = [x1];
  const xs2 = [x2];
  let divergedAt = null;
  for (let k = 1; k <= steps; k++) {
    [x1, x2, s1, s2] = step(x1, x2, s1, s2);
    const outside = Math.abs(x1 - (low1 + high1) / 2) > far * (high1 - low1) / 2 || Math.abs(x2 - (low2 + high2) / 2) > far * (high2 - low2) / 2;
    if (!(Number.isFinite(x1) && Number.isFinite(x2)) || outside) {
      divergedAt = k;
      break;
    }
    xs1.push(x1);
    xs2.push(x2);
  }
  return { x1: xs1, x2: xs2, divergedAt };
}
function pathsBadValue(spec, values) {
  for (const slider of spec.sliders) {
    const value = values[slider.name];
    const whole = slider.name !== "steps" || Number.isInteger(value);
    if (typeof value !== "number" || !(value >= slider.low && value <= slider.high) || !whole) {
      return fill(spec.messages["paths.bad_value"], { name: slider.label, value });
    }
  }
  return null;
}
function computePaths(state) {
  const { spec, values } = state;
  const tic = performance.now();
  const echo = { ...values, start: [...values.start], shown: [...values.shown] };
  const bad = pathsBadValue(spec, values);
  if (bad) return { result: { error: bad, values: echo, elapsed_ms: 0 } };
  const problem = PATH_PROBLEMS[values.problem];
  const paths = {};
  for (const method of spec.methods) {
    if (!values.shown.includes(method.name)) continue;
    const trainer = PATH_TRAINERS[method.name];
    const path = followPath(
      (x1, x2, s1, s2) => trainer(x1, x2, s1, s2, problem.grad, values),
      spec.window,
      spec.far,
      values.start,
      values.steps
    );
    const last = path.x1.length - 1;
    paths[method.name] = {
      x1: path.x1,
      x2: path.x2,
      f: problem.f(path.x1[last], path.x2[last]),
      diverged_at: path.divergedAt
    };
  }
  const ms = performance.now() - tic;
  return { result: { paths, values: echo, elapsed_ms: Number(ms.toFixed(2)) } };
}

// d2l_local/web/compute/reddi.js
function runReddiCopy(C, beta1, beta2, lr, eps, steps) {
  const sgn = (d) => (d > 0) - (d < 0);
  const clip = (x) => Math.min(1, Math.max(-1, x));
  const xs = {
    Adam: new Float64Array(steps),
    AMSGrad: new Float64Array(steps),
    Yogi: new Float64Array(steps)
  };
  let xAdam = 0;
  let xAms = 0;
  let xYogi = 0;
  let v = 0;
  let sAdam = 0;
  let sMax = 0;
  let sYogi = 0;
  for (let t = 1; t <= steps; t++) {
    const g = t % 3 === 1 ? C : -1;
    v = beta1 * v + (1 - beta1) * g;
    sAdam = beta2 * sAdam + (1 - beta2) * g ** 2;
    sMax = Math.max(sMax, sAdam);
    sYogi += (1 - beta2) * sgn(g ** 2 - sYogi) * g ** 2;
    const step = lr / Math.sqrt(t) * v / (1 - beta1 ** t);
    const bias2 = 1 - beta2 ** t;
    xs.Adam[t - 1] = xAdam;
    xs.AMSGrad[t - 1] = xAms;
    xs.Yogi[t - 1] = xYogi;
    xAdam = clip(xAdam - step / (Math.sqrt(sAdam / bias2) + eps));
    xAms = clip(xAms - step / (Math.sqrt(sMax / bias2) + eps));
    xYogi = clip(xYogi - step / (Math.sqrt(sYogi / bias2) + eps));
  }
  return xs;
}
function computeReddi(state) {
  const { spec, values } = state;
  const start = performance.now();
  const xs = runReddiCopy(values.C, values.beta1, values.beta2, spec.lr, spec.eps, spec.steps);
  const result = { x: {}, regret: {}, final: {}, final_regret: {} };
  for (const [method, path] of Object.entries(xs)) {
    const regret = new Float64Array(path.length);
    let total = 0;
    for (let i = 0; i < path.length; i++) {
      total += ((i + 1) % 3 === 1 ? values.C : -1) * (path[i] + 1);
      regret[i] = total / (i + 1);
    }
    result.x[method] = spec.t.map((t) => path[t - 1]);
    result.regret[method] = spec.t.map((t) => regret[t - 1]);
    result.final[method] = path[path.length - 1];
    result.final_regret[method] = regret[regret.length - 1];
  }
  const ms = performance.now() - start;
  return { result: { ...result, values: { ...values }, elapsed_ms: Number(ms.toFixed(2)) } };
}

// d2l_local/web/compute/schedule.js
function lrAt(t, lr, warmup, total, decay = "cosine", finalLr = 0) {
  if (!(t >= 1 && warmup >= 0 && warmup < total)) {
    throw new Error(`need t >= 1 and 0 <= warmup < total, got t = ${t}, warmup = ${warmup}, total = ${total}`);
  }
  if (t <= warmup) return lr * t / warmup;
  const progress = Math.min(1, (t - warmup) / (total - warmup));
  if (decay === "cosine") return finalLr + (lr - finalLr) * (1 + Math.cos(Math.PI * progress)) / 2;
  if (decay === "linear") return lr + (finalLr - lr) * progress;
  throw new Error(`decay must be 'cosine' or 'linear', got '${decay}'`);
}
function schedulesOf({ lr, warmup, decay }, total) {
  const scheduled = decay === "none" ? (t) => lrAt(t, lr, warmup, total, "linear", lr) : (t) => lrAt(t, lr, warmup, total, decay);
  return { scheduled, constant: () => lr };
}
function computeSchedule(state) {
  const { spec, values } = state;
  const problem = problemOf(spec);
  const start = performance.now();
  const curves = {};
  for (const [name, rate] of Object.entries(schedulesOf(values, spec.total))) {
    const trained = trainCurve(problem, "adam", { ...spec.constants, lr: values.lr }, rate);
    curves[name] = {
      rates: Array.from({ length: spec.total }, (_, i) => rate(i + 1)),
      losses: trained.losses.map(finite),
      diverged_at: trained.divergedAt
    };
  }
  return resultOf(curves, values, start);
}

// d2l_local/web/render/figure.js
var SVG_NS = "http://www.w3.org/2000/svg";
function el(tag, attributes = {}, parent = null) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.append(node);
  return node;
}
function svgEl(tag, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  if (parent) parent.append(node);
  return node;
}
function formatNumber(value) {
  const tidy = Number(value.toPrecision(6));
  if (tidy !== 0 && Math.abs(tidy) < 1e-3) {
    return tidy.toExponential().replace(/\.?0+e/, "e").replace("e-0", "e-").replace("e+", "e");
  }
  return String(tidy);
}
var SCALES = {
  linear: { position: (v) => v, value: (p) => p },
  log: { position: (v) => Math.log10(v), value: (p) => 10 ** p },
  nines: { position: (v) => -Math.log10(1 - v), value: (p) => 1 - 10 ** -p }
};
function tidyValue(slider, value) {
  if (slider.scale === "log") return Number(value.toPrecision(3));
  if (slider.scale === "nines") return 1 - Number((1 - value).toPrecision(3));
  const decimals = Math.max(0, -Math.floor(Math.log10(slider.step)));
  return Number(value.toFixed(decimals));
}
function makeSlider(slider, value, onInput) {
  const scale = SCALES[slider.scale];
  const row = el("label", { class: "d2l-slider", "data-name": slider.name });
  el("span", { class: "d2l-slider-label" }, row).textContent = slider.label;
  const positionStep = slider.scale === "linear" ? slider.step : slider.step ?? "any";
  const input = el("input", {
    type: "range",
    min: scale.position(slider.low),
    max: scale.position(slider.high),
    step: positionStep,
    "aria-label": slider.label,
    "data-name": slider.name
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
var gates = /* @__PURE__ */ new WeakMap();
function gateOf(model) {
  if (!gates.has(model)) {
    const gate = { busy: false, pending: null, since: 0 };
    gate.send = ({ update: update2, note }) => {
      model.set("values", { ...model.get("values"), ...update2 });
      if (note !== void 0) model.set("note", note);
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
function saveValues(model, update2, note) {
  const gate = gateOf(model);
  if (gate.busy && performance.now() - gate.since < 5e3) {
    const before = gate.pending ?? { update: {}, note: void 0 };
    gate.pending = { update: { ...before.update, ...update2 }, note: note ?? before.note };
  } else {
    gate.send({ update: update2, note });
  }
}
function currentValues(model) {
  return { ...model.get("values"), ...gates.get(model)?.pending?.update };
}
function follow(model, handlers) {
  for (const [trait, handler] of Object.entries(handlers)) model.on(`change:${trait}`, handler);
  for (const handler of Object.values(handlers)) handler();
  return () => {
    for (const [trait, handler] of Object.entries(handlers)) model.off(`change:${trait}`, handler);
  };
}
function makeControls(root, sliders, values, change) {
  const grid = el("div", { class: "d2l-controls" }, root);
  const made = {};
  for (const slider of sliders) {
    made[slider.name] = makeSlider(
      slider,
      values[slider.name],
      (value) => change({ [slider.name]: value })
    );
    grid.append(made[slider.name].row);
  }
  return made;
}
function makePresets(root, presets, press) {
  const row = el("div", { class: "d2l-presets" }, root);
  for (const preset of presets) {
    const button = el("button", { type: "button" }, row);
    button.textContent = preset.label;
    button.addEventListener("click", () => press(preset));
  }
  return row;
}
function axisMap(lo, hi, a, b, log = false) {
  const t = log ? Math.log : (v) => v;
  const t0 = t(lo);
  const span = t(hi) - t0;
  return (v) => a + (t(v) - t0) / span * (b - a);
}
function responsivePlot(parent, { aspect = 0.55, minWidth = 300, maxWidth = 760, draw, label }) {
  const holder = el("div", { class: "d2l-plot" }, parent);
  const frame = { svg: null, width: 0, height: 0 };
  let column = 0;
  frame.redraw = () => {
    if (!column) column = holder.clientWidth || maxWidth;
    const width = Math.round(Math.max(minWidth, Math.min(maxWidth, column)));
    const height = Math.round(width * aspect + 40);
    const svg = svgEl("svg", {
      viewBox: `0 0 ${width} ${height}`,
      width,
      height,
      role: "img",
      class: "d2l-svg",
      ...label ? { "aria-label": label } : {}
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
function axes(frame, { x, y, margin = { left: 58, right: 14, top: 10, bottom: 48 } }) {
  const { svg, width, height } = frame;
  const box = {
    left: margin.left,
    right: width - margin.right,
    top: margin.top,
    bottom: height - margin.bottom
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
    class: "d2l-frame",
    x: box.left,
    y: box.top,
    width: box.right - box.left,
    height: box.bottom - box.top
  }, svg);
  const xLabel = svgEl("text", {
    x: (box.left + box.right) / 2,
    y: box.bottom + 38,
    "text-anchor": "middle"
  }, svg);
  xLabel.textContent = x.label ?? "";
  const middle = (box.top + box.bottom) / 2;
  const yLabel = svgEl("text", {
    x: 14,
    y: middle,
    "text-anchor": "middle",
    transform: `rotate(-90 14 ${middle})`
  }, svg);
  yLabel.textContent = y.label ?? "";
  const clipId = `d2l-clip-${Math.random().toString(36).slice(2)}`;
  const clipPath = svgEl("clipPath", { id: clipId }, svg);
  svgEl("rect", {
    x: box.left,
    y: box.top,
    width: box.right - box.left,
    height: box.bottom - box.top
  }, clipPath);
  const clip = svgEl("g", { "clip-path": `url(#${clipId})` }, svg);
  return { x: sx, y: sy, box, clip };
}
function points(xs, ys, sx, sy) {
  const out = [];
  for (let i = 0; i < xs.length; i++) out.push(`${sx(xs[i]).toFixed(2)},${sy(ys[i]).toFixed(2)}`);
  return out.join(" ");
}
function trainable(model, key) {
  const entries = model.get("spec")[key];
  return model.get("in_page") ? entries.filter((e) => e.method) : entries;
}

// d2l_local/web/render/access.js
var DASHES = { "-": "none", "--": "8 4", "-.": "9 3 2 3", ":": "2 3" };
var moveTo = (x, y) => `M${x.toFixed(1)},${y.toFixed(1)}`;
var MARKERS = {
  circle: (x, y) => `${moveTo(x - 3.5, y)}a3.5,3.5 0 1,0 7,0a3.5,3.5 0 1,0 -7,0Z`,
  square: (x, y) => `${moveTo(x - 3.2, y - 3.2)}h6.4v6.4h-6.4Z`,
  triangle: (x, y) => `${moveTo(x, y - 4.5)}l4.2,7.5h-8.4Z`,
  diamond: (x, y) => `${moveTo(x, y - 4.8)}l4.2,4.8l-4.2,4.8l-4.2,-4.8Z`
};
function paletteColor(name) {
  return `var(--d2l-${name})`;
}
function strokeStyle({ color, dash = "-" }) {
  return `stroke: ${paletteColor(color)}; stroke-dasharray: ${DASHES[dash] ?? "none"}`;
}
function legendKey(style, parent = null) {
  const key = svgEl("svg", {
    class: "d2l-key",
    width: 30,
    height: 12,
    viewBox: "0 0 30 12",
    "aria-hidden": "true"
  }, parent);
  svgEl("line", { x1: 1, y1: 6, x2: 29, y2: 6, style: strokeStyle(style) }, key);
  if (style.marker) {
    svgEl("path", { d: MARKERS[style.marker](15, 6), style: `fill: ${paletteColor(style.color)}` }, key);
  }
  return key;
}
var SETTLE_MS = 300;
function liveSummary(root) {
  const node = el("p", {
    class: "d2l-summary d2l-visually-hidden",
    role: "status",
    "aria-live": "polite",
    "aria-atomic": "true"
  }, root);
  let timer = null;
  let first = true;
  return (text) => {
    clearTimeout(timer);
    const write = () => {
      if (node.textContent !== text) node.textContent = text;
    };
    if (first) write();
    else timer = setTimeout(write, SETTLE_MS);
    first = false;
  };
}
function dataTable(root, label) {
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
function spreadIndices(n, count) {
  if (n <= count) return [...Array(n).keys()];
  return [...new Set([...Array(count).keys()].map((k) => Math.round(k * (n - 1) / (count - 1))))];
}
function keepKeys(root) {
  root.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" && event.key !== "Escape") event.stopPropagation();
  });
}

// d2l_local/web/render/runs.js
var diverged = (data) => data.diverged_at !== null && data.diverged_at !== void 0;
function methodLegend(root, methods, labelOf) {
  const legend = el("div", { class: "d2l-toggles" }, root);
  for (const method of methods) {
    const key = el("span", { class: "d2l-toggle" }, legend);
    legendKey(method, key);
    key.append(labelOf(method));
  }
  return legend;
}
function drawRun(frame, ax, method, data, { key, x, y, lo, hi, log, cross = true }) {
  const shown = y.map((v) => Math.min(Math.max(v ?? Infinity, log ? lo / 2 : lo), hi * 2));
  svgEl("polyline", {
    class: "d2l-curve",
    style: strokeStyle(method),
    points: points(x, shown, ax.x, ax.y),
    "data-curve": method.name,
    [`data-${key}`]: data[key].map((v) => v === null ? "inf" : String(v)).join(" "),
    "data-diverged-at": data.diverged_at ?? ""
  }, ax.clip);
  if (cross && diverged(data)) {
    const last = x.length - 1;
    svgEl("path", {
      class: "d2l-marker",
      style: `stroke: ${paletteColor(method.color)}`,
      "data-curve": method.name,
      d: "M-8,-8L8,8M-8,8L8,-8",
      transform: `translate(${ax.x(x[last])},${ax.y(Math.min(shown[last], hi))})`
    }, frame.svg);
  }
}
function showError(status, say, template, error) {
  el("span", { class: "d2l-error" }, status).textContent = fill(template, { error });
  say(status.textContent);
}
function timing(status, msg, prefix, model, ms) {
  const key = model.get("in_page") ? `${prefix}.in_page` : `${prefix}.rerun`;
  el("span", { class: "d2l-time" }, status).textContent = msg["punct.list"] + fill(msg[key], { ms });
}

// d2l_local/web/render/decay.js
function renderDecay({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const root = el("div", { class: "d2l-figure d2l-decay" }, host);
  keepKeys(root);
  if (model.get("in_page")) el("p", { class: "d2l-notice" }, root).innerHTML = msg["decay.page_notice"];
  const change = (update2, note2 = "") => saveValues(model, update2, note2);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);
  makePresets(root, spec.presets, (preset) => change(preset.values, preset.note));
  const note = el("p", { class: "d2l-note" }, root);
  methodLegend(root, trainable(model, "methods"), (method) => method.name);
  const panels = el("div", { class: "d2l-panels" }, root);
  const xTicks = [];
  for (let t = 0; t <= spec.num_epochs + 1e-9; t += 1) xTicks.push(t);
  const panel = (key, yRange, yLabel, label, log) => responsivePlot(el("div", {}, panels), {
    aspect: 0.7,
    minWidth: 260,
    maxWidth: 520,
    label,
    draw(frame) {
      const result = model.get("result");
      if (!result.curves) return;
      const { lo, hi, ticks } = yRange(result);
      const ax = axes(frame, {
        x: { lo: 0, hi: spec.num_epochs, ticks: xTicks, label: msg["decay.x_label"] },
        y: { lo, hi, log, ticks, label: yLabel },
        margin: { left: 54, right: 12, top: 10, bottom: 48 }
      });
      const start = key === "losses" ? spec.start_loss : spec.start_norm;
      for (const method of trainable(model, "methods")) {
        const data = result.curves[method.name];
        if (!data) continue;
        const x = [0, ...data.epochs], y = [start, ...data[key]];
        drawRun(frame, ax, method, data, { key, x, y, lo, hi, log });
      }
    }
  });
  const [lossLo, lossHi] = spec.loss_ylim;
  const lossPanel = panel(
    "losses",
    () => ({ lo: lossLo, hi: lossHi, ticks: spec.loss_yticks }),
    msg["decay.loss_label"],
    msg["decay.loss_plot"],
    true
  );
  const normPanel = panel("norms", (result) => {
    const finite2 = Object.values(result.curves).filter((c) => !diverged(c)).flatMap((c) => c.norms).filter((v) => v !== null);
    const top = Math.min(5, Math.max(1, ...finite2.map((v) => v * 1.05)));
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
  const number = (v, digits) => v === null ? "∞" : v.toPrecision(digits);
  function ending(name, data, digits) {
    if (diverged(data)) {
      return fill(msg["decay.diverged"], { name, step: data.diverged_at, epoch: epochOf(data.diverged_at) });
    }
    return fill(msg["decay.method"], {
      name,
      loss: number(data.losses.at(-1), digits),
      norm: number(data.norms.at(-1), digits)
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
        "data-curve": m.name,
        "data-final": data.losses.at(-1) ?? "inf"
      });
      part.textContent = ending(m.name, data, 4);
      if (diverged(data)) part.classList.add("d2l-diverged");
      status.append(...i ? [msg["punct.list"], part] : [part]);
    });
    timing(status, msg, "decay", model, result.elapsed_ms);
  }
  function summarize(result, shown) {
    const values = result.values ?? currentValues(model);
    say(shown.length ? fill(msg["decay.summary"], {
      weight_decay: formatNumber(values.weight_decay),
      lr: formatNumber(values.lr),
      epochs: spec.num_epochs,
      methods: shown.map((m) => ending(m.name, result.curves[m.name], 3)).join(msg["punct.list"])
    }) : msg["decay.none"]);
    const longest = shown.map((m) => result.curves[m.name].epochs).reduce((a, b) => b.length > a.length ? b : a, []);
    const picked = new Set(shown.map((m) => result.curves[m.name].epochs.length - 1));
    for (let half = 1; half <= 2 * spec.num_epochs; half++) {
      picked.add(longest.findIndex((x) => x >= half / 2 - 1e-9));
    }
    const rows = [[0, -1], ...[...picked].filter((i) => i >= 0).sort((a, b) => a - b).map((i) => [longest[i], i])];
    const cell = (m, key, i) => {
      if (i < 0) return (key === "losses" ? spec.start_loss : spec.start_norm).toPrecision(4);
      const v = result.curves[m.name][key][i];
      return v === void 0 ? "" : number(v, 4);
    };
    showTable([
      msg["decay.x_label"],
      ...shown.map((m) => fill(msg["decay.loss_column"], { name: m.name })),
      ...shown.map((m) => fill(msg["decay.norm_column"], { name: m.name }))
    ], rows.map(([x, i]) => [
      formatNumber(Number(x.toFixed(3))),
      ...shown.map((m) => cell(m, "losses", i)),
      ...shown.map((m) => cell(m, "norms", i))
    ]));
  }
  const showValues = () => {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
  };
  const showNote = () => {
    note.textContent = model.get("note");
  };
  return follow(model, { values: showValues, note: showNote, result: showResult });
}

// d2l_local/web/render/explorer.js
function renderExplorer({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const root = el("div", { class: "d2l-figure d2l-explorer" }, host);
  keepKeys(root);
  if (model.get("in_page")) {
    el("p", { class: "d2l-notice" }, root).innerHTML = msg["explorer.page_notice"];
  }
  const change = (update2, note2 = "") => saveValues(model, update2, note2);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);
  const toggles = el("div", { class: "d2l-toggles" }, root);
  const boxes = {};
  for (const curve of trainable(model, "curves")) {
    const label = el("label", { class: "d2l-toggle" }, toggles);
    boxes[curve.name] = el("input", { type: "checkbox", "data-curve": curve.name }, label);
    boxes[curve.name].addEventListener("change", () => change({
      shown: trainable(model, "curves").map((c) => c.name).filter((name) => boxes[name].checked)
    }, model.get("note")));
    legendKey(curve, label);
    label.append(curve.name);
  }
  const reference = el("span", { class: "d2l-toggle d2l-reference-key" }, toggles);
  el("span", { class: "d2l-swatch d2l-reference-swatch" }, reference);
  reference.append(spec.reference.label);
  makePresets(root, spec.presets, (preset) => change({
    ...preset.values,
    shown: trainable(model, "curves").map((c) => c.name)
  }, preset.note));
  const note = el("p", { class: "d2l-note" }, root);
  const plot = responsivePlot(el("div", {}, root), {
    aspect: 0.52,
    draw: drawLosses,
    label: msg["explorer.plot"]
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
      y: { lo, hi, log: true, ticks: spec.yticks, label: msg["explorer.y_label"] }
    });
    const ref = lossPoints(spec.reference.losses, null, lo, hi);
    svgEl("polyline", { class: "d2l-reference", points: points(ref.x, ref.y, ax.x, ax.y) }, ax.clip);
    const result = model.get("result");
    for (const curve of trainable(model, "curves")) {
      const data = result.curves?.[curve.name];
      if (!data) continue;
      const { x, y } = lossPoints(data.losses, null, lo, hi);
      svgEl("polyline", {
        class: "d2l-curve",
        style: strokeStyle(curve),
        points: points(x, y, ax.x, ax.y),
        "data-curve": curve.name,
        "data-losses": data.losses.map((v) => v === null ? "inf" : String(v)).join(" "),
        "data-diverged-at": data.diverged_at ?? ""
      }, ax.clip);
      if (data.diverged_at !== null && data.diverged_at !== void 0) {
        const last = x.length - 1;
        svgEl("path", {
          class: "d2l-marker",
          style: `stroke: ${paletteColor(curve.color)}`,
          "data-curve": curve.name,
          d: "M-8,-8L8,8M-8,8L8,-8",
          transform: `translate(${ax.x(x[last])},${ax.y(Math.min(y[last], hi))})`
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
    if (data.diverged_at !== null && data.diverged_at !== void 0) {
      el("b", { class: "d2l-diverged" }, part).textContent = fill(msg["explorer.diverged"], { step: data.diverged_at });
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
      el("span", { class: "d2l-error" }, status).textContent = fill(msg["explorer.error"], { error: result.error });
      say(status.textContent);
      return;
    }
    summarize(result);
    const parts = trainable(model, "curves").filter((c) => result.curves?.[c.name]).map((c) => describe(c.name, result.curves[c.name]));
    status.append(msg["explorer.final"]);
    if (!parts.length) status.append(msg["explorer.none"]);
    parts.forEach((part, i) => status.append(...i ? [msg["punct.list"], part] : [part]));
    const timing2 = model.get("in_page") ? "explorer.in_page" : "explorer.rerun";
    el("span", { class: "d2l-time" }, status).textContent = msg["punct.list"] + fill(msg[timing2], { ms: result.elapsed_ms });
  }
  function summarize(result) {
    const shown = trainable(model, "curves").filter((c) => result.curves?.[c.name]);
    const finals = shown.map((c) => {
      const data = result.curves[c.name];
      const last = data.losses[data.losses.length - 1];
      const diverged2 = data.diverged_at !== null && data.diverged_at !== void 0;
      return c.name + msg["punct.colon"] + (diverged2 ? fill(msg["explorer.diverged"], { step: data.diverged_at }) : last === null ? "∞" : last.toPrecision(4));
    });
    say(shown.length ? fill(msg["explorer.summary"], {
      curves: finals.join(msg["punct.comma"]),
      epochs: spec.num_epochs
    }) : msg["explorer.none"]);
    const x = [0, ...spec.epochs];
    const rows = [];
    for (let k = 0; k <= 4; k++) {
      const at = k * spec.num_epochs / 4;
      const i = x.reduce((best, v, j) => Math.abs(v - at) < Math.abs(x[best] - at) ? j : best, 0);
      rows.push([formatNumber(Number(x[i].toFixed(3))), ...shown.map((c) => {
        const loss = i === 0 ? spec.start_loss : result.curves[c.name].losses[i - 1];
        return loss === void 0 ? "" : loss === null ? "∞" : loss.toPrecision(4);
      })]);
    }
    showTable([msg["explorer.x_label"], ...shown.map((c) => c.name)], rows);
  }
  function showValues() {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
    for (const [name, box] of Object.entries(boxes)) box.checked = values.shown.includes(name);
  }
  const showNote = () => {
    note.textContent = model.get("note");
  };
  return follow(model, { values: showValues, note: showNote, result: showResult });
}

// d2l_local/web/render/landscape.js
function cellOf(edges, value) {
  for (let i = 0; i + 1 < edges.length; i++) {
    const [lo, hi] = edges[i] < edges[i + 1] ? [edges[i], edges[i + 1]] : [edges[i + 1], edges[i]];
    if (value >= lo && value < hi) return i;
  }
  return -1;
}
function renderLandscape({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const [width, height] = spec.size;
  const root = el("div", { class: "d2l-figure d2l-landscape" }, host);
  keepKeys(root);
  const picture = el("div", { class: "d2l-picture" }, root);
  el("img", {
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(spec.svg)}`,
    alt: spec.alt ?? "",
    width: Math.round(width),
    height: Math.round(height)
  }, picture);
  const readout = el("div", { class: "d2l-readout", "aria-live": "polite" }, root);
  const marks = [];
  const place = (node, [x0, y0, x1, y1]) => Object.assign(node.style, {
    left: `${100 * x0 / width}%`,
    top: `${100 * y0 / height}%`,
    width: `${100 * (x1 - x0) / width}%`,
    height: `${100 * (y1 - y0) / height}%`
  });
  function cellAt(panel, layer, event) {
    const box = layer.getBoundingClientRect();
    const fx = (event.clientX - box.left) / box.width;
    const fy = (event.clientY - box.top) / box.height;
    const [x0, x1] = panel.xlim.map(Math.log10);
    const [y0, y1] = panel.ylim.map(Math.log10);
    const lr = 10 ** (x0 + fx * (x1 - x0));
    const gap = 10 ** (y1 + fy * (y0 - y1));
    const i = cellOf(spec.lr_edges, lr);
    const j = cellOf(spec.gap_edges, gap);
    return i < 0 || j < 0 ? null : { i, j };
  }
  function describe({ i, j }) {
    const lr = spec.lrs[i];
    const beta2 = spec.beta2s[j];
    const lines = [fill(msg["landscape.cell"], {
      lr: formatNumber(Number(lr.toPrecision(3))),
      beta2: formatNumber(1 - Number((1 - beta2).toPrecision(3)))
    })];
    for (const panel of spec.panels) {
      const loss = panel.final[i][j];
      lines.push(loss === null ? fill(msg["landscape.diverged"], { name: panel.name }) : fill(msg["landscape.final"], { name: panel.name, loss: loss.toPrecision(4) }));
    }
    const [low, high] = spec.range.lr;
    const inRange = lr >= low && lr <= high;
    return { text: lines.join(msg["punct.list"]), lr, beta2, inRange, low, high };
  }
  function cellBox(panel, cell) {
    const [bx0, by0, bx1, by1] = panel.box;
    const [x0, x1] = panel.xlim.map(Math.log10);
    const [yb, yt] = panel.ylim.map(Math.log10);
    const xAt = (v) => bx0 + (Math.log10(v) - x0) / (x1 - x0) * (bx1 - bx0);
    const yAt = (v) => by0 + (yt - Math.log10(v)) / (yt - yb) * (by1 - by0);
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
    const said = `${text}${msg["punct.stop"]}${inRange ? msg["landscape.click"] : fill(msg["landscape.outside"], {
      lr: formatNumber(Number(lr.toPrecision(3))),
      low: formatNumber(low),
      high: formatNumber(high)
    })}`;
    if (readout.textContent !== said) readout.textContent = said;
  }
  function pick(cell) {
    const { lr, beta2, inRange } = describe(cell);
    if (!inRange) return;
    model.set("values", { picked: {
      lr: Number(lr.toPrecision(3)),
      beta2: 1 - Number((1 - beta2).toPrecision(3))
    } });
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
function keyboardGrid(picture, spec, msg, { cellBox, describe, show, pick, place }) {
  const panel = spec.panels[0];
  const n = { i: spec.lrs.length, j: spec.beta2s.length };
  const grid = el("div", {
    class: "d2l-cell-grid",
    role: "grid",
    "aria-label": msg["landscape.grid"],
    "aria-rowcount": n.j,
    "aria-colcount": n.i
  });
  picture.insertBefore(grid, picture.querySelector(".d2l-hover-layer"));
  const nearest = (values, want) => values.reduce((best, v, k) => Math.abs(Math.log(v / want)) < Math.abs(Math.log(values[best] / want)) ? k : best, 0);
  let current = { i: nearest(spec.lrs, 0.01), j: nearest(spec.beta2s.map((b) => 1 - b), 1e-3) };
  const cells = [];
  for (let j = n.j - 1; j >= 0; j--) {
    const row = el("div", { role: "row", class: "d2l-cell-row" }, grid);
    for (let i = 0; i < n.i; i++) {
      const cell = { i, j };
      const node = el("div", {
        role: "gridcell",
        class: "d2l-grid-cell",
        "data-i": i,
        "data-j": j,
        tabindex: i === current.i && j === current.j ? "0" : "-1",
        "aria-label": describe(cell).text
      }, row);
      place(node, cellBox(panel, cell));
      (cells[i] ??= [])[j] = node;
    }
  }
  const moves = {
    ArrowRight: ({ i, j }) => ({ i: Math.min(n.i - 1, i + 1), j }),
    ArrowLeft: ({ i, j }) => ({ i: Math.max(0, i - 1), j }),
    ArrowUp: ({ i, j }) => ({ i, j: Math.min(n.j - 1, j + 1) }),
    // β2 grows upwards
    ArrowDown: ({ i, j }) => ({ i, j: Math.max(0, j - 1) }),
    Home: ({ j }) => ({ i: 0, j }),
    End: ({ j }) => ({ i: n.i - 1, j })
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

// d2l_local/web/render/paths.js
function flatPoints(flat, sx, sy) {
  const out = [];
  for (let i = 0; i < flat.length; i += 2) {
    out.push(`${sx(flat[i]).toFixed(1)},${sy(flat[i + 1]).toFixed(1)}`);
  }
  return out.join(" ");
}
function pathCoordinate(value) {
  const text = value.toFixed(2);
  return text === "-0.00" ? "0.00" : text;
}
function signedMove(value) {
  const text = pathCoordinate(value);
  return value > 0 && text !== "0.00" ? `+${text}` : text;
}
function renderPaths({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const [low1, high1, low2, high2] = spec.window;
  const root = el("div", { class: "d2l-figure d2l-paths" }, host);
  keepKeys(root);
  if (model.get("in_page")) {
    el("p", { class: "d2l-notice" }, root).innerHTML = msg["paths.page_notice"];
  }
  const change = (update2, note2 = "") => saveValues(model, update2, note2);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);
  const row = (label) => {
    const node = el("div", { class: "d2l-toggles" }, root);
    el("span", { class: "d2l-group-label" }, node).textContent = label;
    return node;
  };
  const problemRow = row(msg["paths.problem"]);
  problemRow.setAttribute("role", "radiogroup");
  const group = `d2l-paths-${Math.random().toString(36).slice(2)}`;
  const radios = {};
  for (const problem of spec.problems) {
    const label = el("label", { class: "d2l-toggle" }, problemRow);
    const radio = el("input", { type: "radio", name: group, "data-problem": problem.name }, label);
    radio.addEventListener("change", () => {
      change({ problem: problem.name, start: [...problem.start] });
    });
    radios[problem.name] = radio;
    label.append(problem.label);
  }
  const methodRow = row(msg["paths.shown"]);
  const boxes = {};
  for (const method of spec.methods) {
    const label = el("label", { class: "d2l-toggle" }, methodRow);
    boxes[method.name] = el("input", { type: "checkbox", "data-method": method.name }, label);
    boxes[method.name].addEventListener("change", () => change({
      shown: spec.methods.map((m) => m.name).filter((name) => boxes[name].checked)
    }, model.get("note")));
    legendKey(method, label);
    label.append(method.label);
  }
  const switchRow = row(msg["paths.adam"]);
  const switches = {};
  for (const name of ["bias_correction", "eps_inside"]) {
    const label = el("label", { class: "d2l-toggle" }, switchRow);
    switches[name] = el("input", { type: "checkbox", "data-switch": name }, label);
    switches[name].addEventListener("change", () => change({ [name]: switches[name].checked }));
    label.append(msg[`paths.${name}`]);
  }
  makePresets(root, spec.presets, (preset) => change(structuredClone(preset.values), preset.note));
  const note = el("p", { class: "d2l-note" }, root);
  const plotBox = el("div", { class: "d2l-paths-plot", tabindex: "0", role: "application" }, root);
  let view = null;
  let drawnProblem = null;
  let layer = null;
  let startMark = null;
  const plot = responsivePlot(plotBox, {
    aspect: (high2 - low2) / (high1 - low1) - 0.03,
    minWidth: 240,
    draw: drawFrame,
    label: msg["paths.plot"]
  });
  const startRow = row(msg["paths.start"]);
  const startInputs = [0, 1].map((axis) => {
    const name = msg[axis ? "paths.y_label" : "paths.x_label"];
    const label = el("label", { class: "d2l-toggle" }, startRow);
    label.append(name);
    const input = el("input", {
      type: "number",
      step: "0.1",
      min: spec.window[2 * axis],
      max: spec.window[2 * axis + 1],
      "data-start": axis,
      "aria-label": fill(msg["paths.start_axis"], { axis: name })
    }, label);
    input.addEventListener("input", () => {
      const value = input.valueAsNumber;
      const [low, high] = spec.window.slice(2 * axis, 2 * axis + 2);
      if (!Number.isFinite(value) || value < low || value > high) return;
      const point = [...currentValues(model).start];
      point[axis] = Number(value.toFixed(2));
      moveStart(point);
    });
    return input;
  });
  el("p", { class: "d2l-hint" }, root).textContent = msg["paths.hint"];
  const status = el("div", { class: "d2l-status" }, root);
  const say = liveSummary(root);
  const showTable = dataTable(root, msg["access.table"]);
  const resultProblem = () => {
    const name = (model.get("result").values ?? model.get("values")).problem;
    return spec.problems.find((p) => p.name === name) ?? spec.problems[0];
  };
  function drawFrame(frame) {
    const margin = { left: 44, right: 10, top: 10, bottom: 44 };
    const roomX = frame.width - margin.left - margin.right;
    const roomY = frame.height - margin.top - margin.bottom;
    const ratio = (high1 - low1) / (high2 - low2);
    const boxX = Math.min(roomX, roomY * ratio);
    margin.right = frame.width - margin.left - boxX;
    margin.bottom = frame.height - margin.top - boxX / ratio;
    const ticks = (low, high) => {
      const out = [];
      for (let t = Math.ceil(low / 2) * 2; t <= high; t += 2) out.push(t);
      return out;
    };
    view = axes(frame, {
      x: { lo: low1, hi: high1, ticks: ticks(low1, high1), label: msg["paths.x_label"] },
      y: { lo: low2, hi: high2, ticks: ticks(low2, high2), label: msg["paths.y_label"] },
      margin
    });
    drawnProblem = resultProblem();
    const contours = svgEl("g", { class: "d2l-contours" }, view.clip);
    for (const line of drawnProblem.contours.flat()) {
      svgEl("polyline", { points: flatPoints(line, view.x, view.y) }, contours);
    }
    const [m1, m2] = drawnProblem.minimum;
    svgEl("path", {
      class: "d2l-minimum",
      d: "M-7,0H7M0,-7V7",
      transform: `translate(${view.x(m1)},${view.y(m2)})`
    }, view.clip);
    layer = svgEl("g", {}, view.clip);
    drawLayer();
  }
  function drawLayer() {
    layer.replaceChildren();
    const result = model.get("result");
    const tenth = (v) => Math.round(v * 10) / 10;
    for (const method of spec.methods) {
      const data = result.paths?.[method.name];
      if (!data || data.error) continue;
      const path = svgEl("g", {
        class: "d2l-path",
        "data-method": method.name,
        style: `stroke: ${paletteColor(method.color)}; fill: ${paletteColor(method.color)}`
      }, layer);
      let line = "";
      let dots = "";
      for (let i = 0; i < data.x1.length; i++) {
        const [x, y] = [tenth(view.x(data.x1[i])), tenth(view.y(data.x2[i]))];
        line += `${x},${y} `;
        dots += MARKERS[method.marker](x, y);
      }
      svgEl("polyline", {
        class: "d2l-path-line",
        points: line,
        "data-method": method.name,
        "data-x1": data.x1.join(" "),
        // full precision, for the tests
        "data-x2": data.x2.join(" "),
        "data-f": String(data.f),
        "data-diverged-at": data.diverged_at ?? ""
      }, path);
      svgEl("path", { class: "d2l-path-marks", d: dots }, path);
      if (data.diverged_at !== null && data.diverged_at !== void 0) {
        const last = data.x1.length - 1;
        const clamp = (v, a, b) => Math.min(Math.max(v, Math.min(a, b)), Math.max(a, b));
        const x = clamp(view.x(data.x1[last]), view.box.left, view.box.right);
        const y = clamp(view.y(data.x2[last]), view.box.top, view.box.bottom);
        svgEl("path", {
          class: "d2l-marker",
          d: "M-7,-7L7,7M-7,7L7,-7",
          transform: `translate(${x},${y})`
        }, path);
      }
    }
    startMark = svgEl("circle", { class: "d2l-start", r: 6 }, layer);
    placeStart();
  }
  function redraw() {
    if (layer && resultProblem() === drawnProblem) drawLayer();
    else plot.redraw();
  }
  function placeStart() {
    if (!startMark || !view) return;
    const [x1, x2] = currentValues(model).start;
    startMark.setAttribute("cx", view.x(x1));
    startMark.setAttribute("cy", view.y(x2));
  }
  function showStart() {
    const start = currentValues(model).start;
    plotBox.setAttribute("aria-label", fill(msg["paths.plot_label"], {
      x1: pathCoordinate(start[0]),
      x2: pathCoordinate(start[1])
    }));
    startInputs.forEach((input, axis) => {
      if (!(document.activeElement === input && input.valueAsNumber === start[axis])) {
        input.value = String(start[axis]);
      }
    });
  }
  function pointerAt(event, clamp) {
    if (!view) return null;
    const rect = plot.svg.getBoundingClientRect();
    const px = (event.clientX - rect.left) * (plot.width / rect.width);
    const py = (event.clientY - rect.top) * (plot.height / rect.height);
    const { left, right, top, bottom } = view.box;
    if (!clamp && (px < left || px > right || py < top || py > bottom)) return null;
    const fx = Math.min(1, Math.max(0, (px - left) / (right - left)));
    const fy = Math.min(1, Math.max(0, (bottom - py) / (bottom - top)));
    const round = (v) => Number(v.toFixed(2));
    return [round(low1 + fx * (high1 - low1)), round(low2 + fy * (high2 - low2))];
  }
  let dragging = null;
  const moveStart = (point) => {
    const [x1, x2] = currentValues(model).start;
    if (point && (point[0] !== x1 || point[1] !== x2)) change({ start: point });
  };
  plotBox.addEventListener("pointerdown", (event) => {
    const point = pointerAt(event, false);
    if (!point || event.button !== 0) return;
    event.preventDefault();
    plotBox.setPointerCapture(event.pointerId);
    dragging = event.pointerId;
    moveStart(point);
  });
  plotBox.addEventListener("pointermove", (event) => {
    if (event.pointerId === dragging) moveStart(pointerAt(event, true));
  });
  const release = (event) => {
    if (event.pointerId === dragging) dragging = null;
  };
  plotBox.addEventListener("pointerup", release);
  plotBox.addEventListener("pointercancel", release);
  const KEY_MOVES = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
  plotBox.addEventListener("keydown", (event) => {
    const move = KEY_MOVES[event.key];
    if (!move) return;
    event.preventDefault();
    const size = event.shiftKey ? 1 : 0.1;
    const [x1, x2] = currentValues(model).start;
    const clamp = (v, low, high) => Number(Math.min(high, Math.max(low, v)).toFixed(2));
    moveStart([clamp(x1 + move[0] * size, low1, high1), clamp(x2 + move[1] * size, low2, high2)]);
  });
  function describe(method, data) {
    const line = el("div", { class: "d2l-path-status", "data-method": method.name });
    legendKey(method, line);
    el("b", {}, line).textContent = method.label;
    line.append(msg["punct.colon"]);
    if (data.error) {
      el("span", { class: "d2l-error" }, line).textContent = fill(msg["paths.error"], { error: data.error });
      return line;
    }
    const parts = [];
    const last = data.x1.length - 1;
    if (last > 0) {
      parts.push(el("span", {}));
      parts.at(-1).textContent = fill(msg["paths.first_move"], {
        d1: signedMove(data.x1[1] - data.x1[0]),
        d2: signedMove(data.x2[1] - data.x2[0])
      });
    }
    if (data.diverged_at !== null && data.diverged_at !== void 0) {
      parts.push(el("span", { class: "d2l-diverged" }));
      parts.at(-1).textContent = fill(msg["paths.diverged"], { step: data.diverged_at });
    } else {
      parts.push(el("span", {}));
      parts.at(-1).textContent = fill(msg["paths.ends"], {
        x1: pathCoordinate(data.x1[last]),
        x2: pathCoordinate(data.x2[last]),
        f: formatNumber(Number(data.f.toPrecision(3)))
      });
    }
    parts.forEach((part, i) => line.append(...i ? [msg["punct.list"], part] : [part]));
    return line;
  }
  function showResult() {
    const result = model.get("result");
    redraw();
    root.dataset.values = JSON.stringify(result.values ?? {});
    status.replaceChildren();
    if (result.error) {
      el("span", { class: "d2l-error" }, status).textContent = fill(msg["paths.error"], { error: result.error });
      say(status.textContent);
      return;
    }
    summarize(result);
    const lines = spec.methods.filter((m) => result.paths?.[m.name]).map((m) => describe(m, result.paths[m.name]));
    if (!lines.length) status.append(msg["paths.none"]);
    status.append(...lines);
    const timing2 = model.get("in_page") ? "paths.in_page" : "paths.rerun";
    el("div", { class: "d2l-time" }, status).textContent = fill(msg[timing2], { ms: result.elapsed_ms });
  }
  function summarize(result) {
    const values = result.values ?? model.get("values");
    const shown = spec.methods.filter((m) => result.paths?.[m.name]);
    const ends = shown.map((m) => {
      const data = result.paths[m.name];
      const last = (data.x1?.length ?? 1) - 1;
      const text = data.error ? fill(msg["paths.error"], { error: data.error }) : data.diverged_at !== null && data.diverged_at !== void 0 ? fill(msg["paths.diverged"], { step: data.diverged_at }) : fill(msg["paths.ends"], {
        x1: pathCoordinate(data.x1[last]),
        x2: pathCoordinate(data.x2[last]),
        f: formatNumber(Number(data.f.toPrecision(3)))
      });
      return m.label + msg["punct.colon"] + text;
    });
    say(fill(msg["paths.summary"], {
      x1: pathCoordinate(values.start[0]),
      x2: pathCoordinate(values.start[1]),
      steps: values.steps,
      paths: ends.length ? ends.join(msg["punct.list"]) : msg["paths.none"]
    }));
    showTable(
      [msg["paths.step"], ...shown.map((m) => m.label)],
      spreadIndices(values.steps + 1, 6).map((k) => [String(k), ...shown.map((m) => {
        const data = result.paths[m.name];
        return k < (data.x1?.length ?? 0) ? `(${pathCoordinate(data.x1[k])}, ${pathCoordinate(data.x2[k])})` : "";
      })])
    );
  }
  function showValues() {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
    for (const [name, radio] of Object.entries(radios)) radio.checked = values.problem === name;
    for (const [name, box] of Object.entries(boxes)) box.checked = values.shown.includes(name);
    for (const [name, box] of Object.entries(switches)) box.checked = values[name];
    placeStart();
    showStart();
  }
  const showNote = () => {
    note.textContent = model.get("note");
  };
  return follow(model, { values: showValues, note: showNote, result: showResult });
}

// d2l_local/web/render/reddi.js
function renderReddi({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const root = el("div", { class: "d2l-figure d2l-reddi" }, host);
  keepKeys(root);
  if (model.get("in_page")) el("p", { class: "d2l-notice" }, root).innerHTML = msg["reddi.page_notice"];
  const change = (update2) => saveValues(model, update2);
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
    aspect: 0.7,
    minWidth: 260,
    maxWidth: 520,
    label: msg[`reddi.${key}_plot`],
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
        margin: { left: 50, right: 10, top: 26, bottom: 48 }
      });
      const heading = svgEl("text", { x: (ax.box.left + ax.box.right) / 2, y: 16, "text-anchor": "middle" }, frame.svg);
      heading.textContent = title(result);
      for (const method of spec.methods) {
        svgEl("polyline", {
          class: "d2l-curve",
          style: strokeStyle(method),
          "stroke-width": method.width,
          points: points(spec.t, result[key][method.name], ax.x, ax.y),
          "data-method": method.name
        }, ax.clip);
      }
    }
  });
  function niceStep(raw) {
    const power = 10 ** Math.floor(Math.log10(raw));
    return [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  }
  const xPanel = panel("x", () => [-1.08, 1.08], "x_t", () => fill(msg["reddi.x_title"], {
    C: formatNumber(model.get("values").C),
    beta1: formatNumber(model.get("values").beta1),
    beta2: formatNumber(Number(model.get("values").beta2.toPrecision(3)))
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
        "data-method": name,
        "data-final": result.final[name],
        "data-regret": result.final_regret[name]
      });
      part.textContent = fill(msg["reddi.point"], { method: name, x: signed(result.final[name]) });
      return part;
    });
    const [before, after] = msg["reddi.status"].split("{points}");
    status.append(fill(before, { steps: spec.steps.toLocaleString("en-US") }));
    parts.forEach((part, i) => status.append(...i ? [msg["punct.comma"], part] : [part]));
    status.append(after ?? "");
  }
  function summarize(result) {
    const steps = spec.steps.toLocaleString("en-US");
    say(fill(msg["reddi.summary"], {
      steps,
      points: spec.methods.map(({ name }) => fill(msg["reddi.summary_point"], {
        method: name,
        x: signed(result.final[name]),
        regret: result.final_regret[name].toFixed(3)
      })).join(msg["punct.list"])
    }));
    const rows = [];
    for (let t = 1; t <= spec.steps; t *= 10) {
      const i = spec.t.findIndex((s) => s >= t);
      if (i >= 0 && !rows.includes(i)) rows.push(i);
    }
    if (rows.at(-1) !== spec.t.length - 1) rows.push(spec.t.length - 1);
    showTable(
      [
        msg["reddi.x_label"],
        ...spec.methods.map(({ name }) => `${name} x_t`),
        ...spec.methods.map(({ name }) => `${name} R_t / t`)
      ],
      rows.map((i) => [
        spec.t[i].toLocaleString("en-US"),
        ...spec.methods.map(({ name }) => signed(result.x[name][i])),
        ...spec.methods.map(({ name }) => result.regret[name][i].toFixed(3))
      ])
    );
  }
  const showValues = () => {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
  };
  return follow(model, { values: showValues, result: showResult });
}

// d2l_local/web/render/schedule.js
function makeChoice(root, choice, change) {
  const row = el("div", { class: "d2l-toggles", role: "radiogroup", "aria-label": choice.label }, root);
  el("span", { class: "d2l-group-label", "aria-hidden": "true" }, row).textContent = choice.label;
  const group = `d2l-${choice.name}-${Math.random().toString(36).slice(2)}`;
  const radios = {};
  for (const option of choice.options) {
    const label = el("label", { class: "d2l-toggle" }, row);
    const radio = el("input", { type: "radio", name: group, "data-name": choice.name, value: option.name }, label);
    radio.addEventListener("change", () => change({ [choice.name]: option.name }));
    radios[option.name] = radio;
    label.append(option.label);
  }
  return (value) => {
    for (const [name, radio] of Object.entries(radios)) radio.checked = value === name;
  };
}
function renderSchedule({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const root = el("div", { class: "d2l-figure d2l-schedule" }, host);
  keepKeys(root);
  if (model.get("in_page")) el("p", { class: "d2l-notice" }, root).innerHTML = msg["schedule.page_notice"];
  const change = (update2, note2 = "") => saveValues(model, update2, note2);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);
  const choices = Object.fromEntries(spec.choices.map((c) => [c.name, makeChoice(root, c, change)]));
  makePresets(root, spec.presets, (preset) => change(preset.values, preset.note));
  const note = el("p", { class: "d2l-note" }, root);
  methodLegend(root, spec.methods, (method) => method.label);
  const panels = el("div", { class: "d2l-panels" }, root);
  const xTicks = [];
  for (let t = 0; t <= spec.total; t += 50) xTicks.push(t);
  const start = spec.start_loss;
  const panel = (key, yRange, yLabel, label, log) => responsivePlot(el("div", {}, panels), {
    aspect: 0.7,
    minWidth: 260,
    maxWidth: 520,
    label,
    draw(frame) {
      const result = model.get("result");
      if (!result.curves) return;
      const { lo, hi, ticks } = yRange(result);
      const ax = axes(frame, {
        x: { lo: 0, hi: spec.total, ticks: xTicks, label: msg["schedule.x_label"] },
        y: { lo, hi, log, ticks, label: yLabel },
        margin: { left: 58, right: 12, top: 10, bottom: 48 }
      });
      for (const method of spec.methods) {
        const data = result.curves[method.name];
        if (!data) continue;
        const values = data[key];
        const steps = values.map((_, i) => i + 1);
        const losses = key === "losses";
        const x = losses ? [0, ...steps] : steps, y = losses ? [start, ...values] : values;
        drawRun(frame, ax, method, data, { key, x, y, lo, hi, log, cross: losses });
      }
    }
  });
  const ratePanel = panel("rates", (result) => {
    const top = Math.max(...Object.values(result.curves).flatMap((c) => c.rates));
    const lr = result.values?.lr ?? currentValues(model).lr;
    return { lo: 0, hi: 1.1 * top, ticks: [0, 0.25, 0.5, 0.75, 1].map((k) => Number((k * lr).toPrecision(6))) };
  }, msg["schedule.rate_label"], msg["schedule.rate_plot"], false);
  const lossPanel = panel("losses", (result) => {
    const finite2 = Object.values(result.curves).flatMap((c) => c.losses).filter((v) => v !== null);
    const highest = Math.max(start, ...finite2) * 1.05;
    const ticks = spec.loss_yticks;
    const hi = ticks.find((t) => t >= highest) ?? ticks.at(-1);
    return { lo: ticks[0], hi, ticks: ticks.filter((t) => t <= hi) };
  }, msg["schedule.loss_label"], msg["schedule.loss_plot"], true);
  const status = el("div", { class: "d2l-status" }, root);
  const say = liveSummary(root);
  const showTable = dataTable(root, msg["access.table"]);
  const loss = (v) => v === null ? "∞" : v.toFixed(4);
  const ending = (data) => diverged(data) ? fill(msg["schedule.diverged"], { step: data.diverged_at }) : fill(msg["schedule.final"], { loss: loss(data.losses.at(-1)) });
  function sentence(result) {
    const values = result.values ?? currentValues(model);
    const { scheduled, constant } = result.curves;
    const first = scheduled.losses.slice(0, spec.peak_steps);
    const peak = first.includes(null) ? "∞" : (Math.max(...first) / start).toFixed(2);
    const option = spec.choices[0].options.find((o) => o.name === values.decay);
    return fill(msg["schedule.summary"], {
      lr: formatNumber(values.lr),
      warmup: values.warmup,
      decay: option?.label ?? values.decay,
      scheduled: ending(scheduled),
      constant: ending(constant),
      steps: spec.peak_steps,
      peak
    });
  }
  function showResult() {
    ratePanel.redraw();
    lossPanel.redraw();
    const result = model.get("result");
    status.replaceChildren();
    if (result.error) {
      showError(status, say, msg["schedule.error"], result.error);
      return;
    }
    if (!result.curves) return;
    const text = sentence(result);
    say(text);
    const line = el("span", { "data-final": result.curves.scheduled.losses.at(-1) ?? "inf" }, status);
    line.textContent = text;
    if (diverged(result.curves.scheduled)) line.classList.add("d2l-diverged");
    timing(status, msg, "schedule", model, result.elapsed_ms);
    table(result);
  }
  function table(result) {
    const runs = spec.methods.filter((m) => result.curves[m.name]);
    const steps = new Set(runs.map((m) => result.curves[m.name].losses.length));
    for (let t = 25; t <= spec.total; t += 25) steps.add(t);
    const rows = [0, ...[...steps].filter((t) => t > 0).sort((a, b) => a - b)];
    const cell = (m, key, t) => {
      const data = result.curves[m.name];
      if (t === 0) return key === "losses" ? start.toFixed(4) : "";
      if (key === "rates") return formatNumber(data.rates[t - 1]);
      return t <= data.losses.length ? loss(data.losses[t - 1]) : "";
    };
    showTable([
      msg["schedule.x_label"],
      ...runs.flatMap((m) => [
        fill(msg["schedule.rate_column"], { name: m.label }),
        fill(msg["schedule.loss_column"], { name: m.label })
      ])
    ], rows.map((t) => [String(t), ...runs.flatMap((m) => [cell(m, "rates", t), cell(m, "losses", t)])]));
  }
  const showValues = () => {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
    for (const [name, show] of Object.entries(choices)) show(values[name]);
  };
  const showNote = () => {
    note.textContent = model.get("note");
  };
  return follow(model, { values: showValues, note: showNote, result: showResult });
}

// d2l_local/web/main.js
var RENDERERS = {
  explorer: renderExplorer,
  reddi: renderReddi,
  landscape: renderLandscape,
  paths: renderPaths,
  decay: renderDecay,
  schedule: renderSchedule
};
var computers = {
  explorer: computeExplorer,
  reddi: computeReddi,
  paths: computePaths,
  decay: computeDecay,
  schedule: computeSchedule
};
var main_default = {
  render({ model, el: host }) {
    const kind = model.get("kind");
    if (!(kind in RENDERERS)) throw new Error(`no figure of kind ${kind}`);
    return RENDERERS[kind]({ model, el: host });
  }
};
export {
  computers,
  main_default as default,
  formatNumber
};
