// The chapter's airfoil regression trained by its from-scratch `adam` or `yogi`,
// in float32, so that a page without a kernel draws the curves the kernel draws.
//
// A plain copy of the lesson code: the chapter's `adam` and `yogi` and the
// hand-written gradient of `train_runs` (d2l_local/core/curves.py), every operation
// rounded to float32 (Math.fround; a Float32Array store rounds the same way), sums left
// to right. A Python number meeting a float32 tensor is rounded to float32 first,
// so `(1 - beta1) * g` is fround(fround(1 - beta1) * g), 1 - beta1 in double.
// The kernel's BLAS and torch's vectorised sums add in other orders (which depend
// on the CPU), so the curves agree to a tolerance, not bit for bit:
// tests/page/test_browser_trainer.py states it and why. The full-data loss is evaluated
// in float64, as the kernel does.

const f = Math.fround;

/** Decode the JSON-ready payload of d2l_local/core/problem_payload.py's `encode_problem`. */
export function decodeProblem(payload) {
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
    explodeFactor: payload.explode_factor,
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

/** `count` little-endian numbers of `type` (Float32Array, Uint16Array) from base64. */
function numbers(base64, count, type) {
  const view = bytes(base64);
  const size = type.BYTES_PER_ELEMENT;
  if (view.byteLength !== size * count) throw new Error(`expected ${count} numbers of ${size} bytes`);
  const read = type === Float32Array ? (i) => view.getFloat32(i, true) : (i) => view.getUint16(i, true);
  const out = new type(count);
  for (let i = 0; i < count; i++) out[i] = read(size * i);
  return out;
}

/** Buffers a run reuses, so that training allocates nothing per step. */
function workspace(problem) {
  return {
    residuals: new Float32Array(problem.batchSize),
    gw: new Float32Array(problem.d),
    gb: new Float32Array(1),
  };
}

/** The full-data loss mean((X w + b - y)^2) / 2 of the float32 weights, in float64
 * (the kernel's Problem.loss computes the same number as a quadratic form). */
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

/** The hand-written gradient of `train_runs` (d2l_local/core/curves.py) for the m rows
 * order[from...]. */
function gradient(problem, from, m, w, b, work) {
  const { features, labels, d, order } = problem;
  const { residuals: r, gw, gb } = work;
  for (let i = 0; i < m; i++) {  // r = addmm(b - y, X, w) = (b - y) + X w
    const row = order[from + i];
    let dot = 0;
    for (let j = 0; j < d; j++) dot = f(dot + f(features[row * d + j] * w[j]));
    r[i] = f(f(b[0] - labels[row]) + dot);
  }
  for (let j = 0; j < d; j++) {  // w.grad = (X.T / B) @ r
    let s = 0;
    for (let i = 0; i < m; i++) s = f(s + f(f(features[order[from + i] * d + j] / m) * r[i]));
    gw[j] = s;
  }
  let total = 0;  // b.grad = r.mean(0)
  for (let i = 0; i < m; i++) total = f(total + r[i]);
  gb[0] = f(total / m);
}

// ---- the chapter's optimisers, one parameter tensor at a time ----

function sign(x) {
  return x > 0 ? 1 : x < 0 ? -1 : 0;  // torch.sign(nan) is 0 on CPU
}

/** Constants of step t into `c`: each a Python double rounded to float32, as torch does. */
export function setStepConstants(c, hp, t) {
  c.beta1 = f(hp.beta1);
  c.beta2 = f(hp.beta2);
  c.keep1 = f(1 - hp.beta1);
  c.keep2 = f(1 - hp.beta2);
  c.unbias1 = f(1 - hp.beta1 ** t);
  c.unbias2 = f(1 - hp.beta2 ** t);
  c.lr = f(hp.lr);
  c.eps = f(hp.eps);
}

export const SECOND_MOMENTS = {
  adam: (s, g2, c) => f(f(c.beta2 * s) + f(c.keep2 * g2)),              // (2)
  yogi: (s, g2, c) => f(s + f(f(c.keep2 * sign(f(g2 - s))) * g2)),       // (9)
};

/** One step of the chapter's `adam` (or `yogi`, by its second moment) on one tensor. */
export function update(p, grad, v, s, c, secondMoment) {
  for (let i = 0; i < p.length; i++) {
    const g = grad[i];
    const g2 = f(g * g);
    v[i] = f(f(c.beta1 * v[i]) + f(c.keep1 * g));                        // (1)
    s[i] = secondMoment(s[i], g2, c);
    const vHat = f(v[i] / c.unbias1);                                      // (5)
    const sHat = f(s[i] / c.unbias2);
    p[i] = f(p[i] - f(f(c.lr * vHat) / f(f(Math.sqrt(sHat)) + c.eps)));  // (6), (7)
  }
}

/**
 * Train with `method` ("adam" or "yogi") and hyperparameters {lr, beta1, beta2, eps};
 * with `rate`, the learning rate of step t is rate(t) instead, a double rounded to
 * float32 as the chapter's `scheduled` sets hyperparams['lr'] before each step.
 *
 * Returns what d2l_local's Curve holds: `epochs` (x of each evaluation: epochs
 * completed), `losses` (the full-data mean loss there; Infinity for a loss that
 * is not finite), `divergedAt` (the minibatch step whose evaluation stopped the
 * run, or null) and `startLoss`.
 */
export function trainCurve(problem, method, hp, rate = null) {
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

/**
 * The training loop of run_schedule (d2l_local/book/training.py) over the problem's
 * minibatches, from its start: `step(w, b, work, states, t)` updates the float32
 * weights in place with the gradient in `work` (gw, gb) and Adam's states (vw, sw,
 * vb, sb) at step t = 1, 2, ...; after every `evalEvery` examples the full-data loss
 * is evaluated, and `onEval(w, b)`, if given, sees the weights there. A loss that is
 * not finite, or not below `explodeFactor` times the start, stops the run: the
 * kernel's rule. Returns {epochs, losses, divergedAt, startLoss}, as trainCurve.
 */
export function runSchedule(problem, step, onEval = null) {
  const { n, d, numEpochs, batchSize, evalEvery, explodeFactor } = problem;
  const work = workspace(problem);
  const w = Float32Array.from(problem.w0);
  const b = new Float32Array(1);
  const states = {
    vw: new Float32Array(d), sw: new Float32Array(d), vb: new Float32Array(1), sb: new Float32Array(1),
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
      t += 1;  // the chapter's t starts at 1
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

const decoded = new WeakMap();  // spec -> its problem, decoded once

/** The problem a figure's spec hands over, decoded on first use. */
export function problemOf(spec) {
  if (!decoded.has(spec)) decoded.set(spec, decodeProblem(spec.problem));
  return decoded.get(spec);
}

/** JSON has no Infinity or NaN: a number that blew up reaches the drawing as null. */
export const finite = (x) => (Number.isFinite(x) ? x : null);

/** A computation's result as the kernel sends it: the curves, the values they were
 * trained for and the milliseconds since `start` (performance.now()). */
export function resultOf(curves, values, start) {
  const ms = performance.now() - start;
  return { result: { curves, values: { ...values }, elapsed_ms: Number(ms.toFixed(1)) } };
}
