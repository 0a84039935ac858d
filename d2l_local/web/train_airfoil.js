// The chapter's airfoil regression trained by its from-scratch `adam` or `yogi`,
// in float32, so that a page without a kernel draws the curves the kernel draws.
//
// Every arithmetic step is rounded to float32 (Math.fround; a Float32Array store
// rounds the same way) in the order torch 2.13 on CPU computes it for
// `d2l_local.curves.loss_curves` with the chapter's functions:
//   * a Python number meeting a float32 tensor is rounded to float32 first,
//     so `(1 - beta1) * g` is fround(fround(1 - beta1) * g), 1 - beta1 in double;
//   * `v / (1 - beta1 ** t)` is a true division by fround(1 - beta1 ** t)
//     (JavaScript's ** may differ from Python's in the last bit of the double,
//     which the rounding to float32 has hidden in every case we tried);
//   * `r.mean(0)` is torch's cascade sum (vectors of `sumLanes` floats, four
//     partial sums, then the lanes) divided by the count;
//   * the dot products follow MKL on the CPU this was checked on (AVX2): a
//     minibatch row (contiguous, 5 features) sums its products as
//     ((p0+p1)+p3)+(p2+p4) in blocks of 8 and 4 rows and left to right in the
//     rows after them; the gradient X.T/B @ r sums left to right; no fused
//     multiply-add.
// The full-data loss is evaluated in float64, as the kernel does, so the only
// rounding there is float64's.
// torch.sqrt goes through MKL's vsSqrt, which on some CPUs is 1 ulp off the
// correctly rounded root computed here: the one known source of last-bit
// differences (tests/browser_trainer.py measures them).

const f = Math.fround;

/** Decode the payload of `d2l_local.browser_problem.encode_problem` (JSON-ready). */
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
    sumLanes: payload.sum_lanes,
  };
  if (d !== 5) throw new Error(`the minibatch dot products are MKL's order for 5 features, got ${d}`);
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

// ---- torch's float32 sum (aten/src/ATen/native/cpu/SumKernel.cpp, cascade_sum) ----

function ceilLog2(x) {
  return x <= 2 ? 1 : 32 - Math.clz32(x - 1);
}

/**
 * Sum `size` rows of four vectors each (vector k of row i starts at (4i+k)*lanes)
 * into `acc`, 4 levels x 4 partial vectors; partial k ends up in acc[k*lanes...].
 */
function multiRowSum(x, size, lanes, acc) {
  const levels = 4;
  const power = Math.max(4, Math.floor(ceilLog2(size) / levels));
  const step = 1 << power;
  const width = 4 * lanes;  // one level: four partial vectors
  acc.fill(0);
  let i = 0;
  while (i + step <= size) {
    for (let j = 0; j < step; j++, i++) {
      for (let q = 0; q < width; q++) acc[q] = acc[q] + x[i * width + q];
    }
    for (let j = 1; j < levels; j++) {
      for (let q = 0; q < width; q++) {
        acc[j * width + q] = acc[j * width + q] + acc[(j - 1) * width + q];
        acc[(j - 1) * width + q] = 0;
      }
      if (i & ((step - 1) << (j * power))) break;
    }
  }
  for (; i < size; i++) {
    for (let q = 0; q < width; q++) acc[q] = acc[q] + x[i * width + q];
  }
  for (let j = 1; j < levels; j++) {
    for (let q = 0; q < width; q++) acc[q] = acc[q] + acc[j * width + q];
  }
}

/**
 * torch.sum of the first n float32 values of x, ordered as its CPU kernel orders it.
 * `scratch` (16 * sumLanes floats) avoids an allocation per call.
 */
export function torchSum(x, n, sumLanes, scratch = new Float32Array(16 * sumLanes)) {
  const lanes = n >= sumLanes ? sumLanes : 1;  // short rows take the scalar path
  const vectors = Math.floor(n / lanes);
  const rows = Math.floor(vectors / 4);
  multiRowSum(x, rows, lanes, scratch);
  for (let v = 4 * rows; v < vectors; v++) {
    for (let l = 0; l < lanes; l++) scratch[l] = scratch[l] + x[v * lanes + l];
  }
  for (let k = 1; k < 4; k++) {
    for (let l = 0; l < lanes; l++) scratch[l] = scratch[l] + scratch[k * lanes + l];
  }
  let total = 0;
  for (let i = vectors * lanes; i < n; i++) total = f(total + x[i]);
  for (let l = 0; l < lanes; l++) total = f(total + scratch[l]);
  return total;
}

// ---- the model: MKL's dot products for these shapes ----

/** x[at..at+4] . w, left to right. */
function dotInOrder(x, at, w) {
  let s = f(x[at] * w[0]);
  for (let k = 1; k < 5; k++) s = f(s + f(x[at + k] * w[k]));
  return s;
}

/** x[at..at+4] . w as ((p0 + p1) + p3) + (p2 + p4), MKL's order for blocked rows. */
function dotBlocked(x, at, w) {
  const p0 = f(x[at] * w[0]);
  const p1 = f(x[at + 1] * w[1]);
  const p2 = f(x[at + 2] * w[2]);
  const p3 = f(x[at + 3] * w[3]);
  const p4 = f(x[at + 4] * w[4]);
  return f(f(f(p0 + p1) + p3) + f(p2 + p4));
}

/** How many leading rows of an m-row contiguous matrix MKL sums in blocks (8s, then 4). */
function blockedRows(m) {
  const eights = m - (m % 8);
  return m - eights >= 4 ? eights + 4 : eights;
}

/** Buffers a run reuses, so that training allocates nothing per step. */
function workspace(problem) {
  return {
    residuals: new Float32Array(problem.batchSize),
    sum: new Float32Array(16 * problem.sumLanes),
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

/** The hand-written gradient of d2l_local.curves._train for the m rows order[from...]. */
function gradient(problem, from, m, w, b, work) {
  const { features, labels, d, order, sumLanes } = problem;
  const { residuals: r, gw, gb } = work;
  const blocked = blockedRows(m);
  for (let i = 0; i < m; i++) {  // r = addmm(b - y, X, w)
    const row = order[from + i];
    const dot = i < blocked ? dotBlocked(features, row * d, w) : dotInOrder(features, row * d, w);
    r[i] = f(f(b[0] - labels[row]) + dot);
  }
  for (let j = 0; j < d; j++) {  // w.grad = (X.T / B) @ r, left to right
    let s = 0;
    for (let i = 0; i < m; i++) {
      const p = f(f(features[order[from + i] * d + j] / m) * r[i]);
      s = i === 0 ? p : f(s + p);
    }
    gw[j] = s;
  }
  gb[0] = f(torchSum(r, m, sumLanes, work.sum) / m);  // b.grad = r.mean(0)
}

// ---- the chapter's optimisers, one parameter tensor at a time ----

function sign(x) {
  return x > 0 ? 1 : x < 0 ? -1 : 0;  // torch.sign(nan) is 0 on CPU
}

/** Constants of step t into `c`: each a Python double rounded to float32, as torch does. */
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

const SECOND_MOMENTS = {
  adam: (s, g2, c) => f(f(c.beta2 * s) + f(c.keep2 * g2)),              // (2)
  yogi: (s, g2, c) => f(s + f(f(c.keep2 * sign(f(g2 - s))) * g2)),       // (9)
};

function update(p, grad, v, s, c, secondMoment) {
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
 * Train with `method` ("adam" or "yogi") and hyperparameters {lr, beta1, beta2, eps}.
 *
 * Returns what d2l_local's Curve holds: `epochs` (x of each evaluation: epochs
 * completed), `losses` (the full-data mean loss there; Infinity for a loss that
 * is not finite), `divergedAt` (the minibatch step whose evaluation stopped the
 * run, or null) and `startLoss`.
 */
export function trainCurve(problem, method, hp) {
  const secondMoment = SECOND_MOMENTS[method];
  if (!secondMoment) throw new Error(`unknown method ${method}: use adam or yogi`);
  const { n, d, numEpochs, batchSize, evalEvery, explodeFactor } = problem;
  const work = workspace(problem);
  const w = Float32Array.from(problem.w0);
  const b = new Float32Array(1);
  const vw = new Float32Array(d);
  const sw = new Float32Array(d);
  const vb = new Float32Array(1);
  const sb = new Float32Array(1);
  const c = {};
  const numBatches = Math.ceil(n / batchSize);

  const startLoss = meanLoss(problem, w, b);
  const limit = explodeFactor * Math.max(startLoss, 1e-12);
  const curve = { epochs: [], losses: [], divergedAt: null, startLoss };
  let seen = 0;
  let step = 0;
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    for (let start = 0; start < n; start += batchSize) {
      const m = Math.min(batchSize, n - start);
      gradient(problem, epoch * n + start, m, w, b, work);
      setStepConstants(c, hp, step + 1);  // the chapter's t starts at 1
      update(w, work.gw, vw, sw, c, secondMoment);
      update(b, work.gb, vb, sb, c, secondMoment);
      seen += m;
      step += 1;
      if (seen % evalEvery) continue;
      const loss = meanLoss(problem, w, b);
      curve.epochs.push(seen / m / numBatches);
      curve.losses.push(Number.isFinite(loss) ? loss : Infinity);
      if (!(loss < limit)) {
        curve.divergedAt = step;
        return curve;
      }
    }
  }
  return curve;
}
