// The path explorer's computation on the page (d2l_local/figures/path_explorer.py draws
// the same paths in the kernel): the page's copy of the lesson code, tested in Node
// against the kernel (tests/page/test_paths_node.py).

import { fill } from "../text.js";

// d2l_local/core/problems_2d.py and the chapter's gd_2d, momentum_2d, rmsprop_2d, adam_1d
// and adam_2d, line for line, in double precision: the same operations in the same
// order give the same bits as Python (which is why there is no ** and no Math.pow).

/** The problems of d2l_local/core/problems_2d.py: f (for the status line) and its gradient. */
const PATH_PROBLEMS = {
  quadratic: {
    f: (x1, x2) => 0.1 * x1 * x1 + 2.0 * x2 * x2,
    grad: (x1, x2) => [0.2 * x1, 4.0 * x2],
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
      return [0.1 * d + 2.0 * s, 2.0 * s - 0.1 * d];
    },
  },
  rosenbrock: {
    f(x1, x2) {
      const a = x1 / 3.0;
      const b = 1.0 + x2 / 2.0;
      const u = 1.0 - a;
      const w = b - a * a;
      return (u * u + 100.0 * w * w) / 35.0;
    },
    grad(x1, x2) {
      const a = x1 / 3.0;
      const b = 1.0 + x2 / 2.0;
      const u = 1.0 - a;
      const w = b - a * a;
      return [(-2.0 * u - 400.0 * a * w) / 105.0, 200.0 * w / 70.0];
    },
  },
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

/** One Adam step (1)-(7) for one coordinate; after t steps the state is
 * [v, s, beta1 ** t, beta2 ** t], the powers kept by multiplication. */
function adam1d(x, g, state, eta, beta1, beta2, eps, biasCorrection, epsInside) {
  let [v, s, beta1T, beta2T] = state;
  beta1T = beta1T * beta1;
  beta2T = beta2T * beta2;
  v = beta1 * v + (1 - beta1) * g;                  // (1)
  s = beta2 * s + (1 - beta2) * g * g;              // (2)
  let vHat = v;
  let sHat = s;
  if (biasCorrection) {
    vHat = v / (1 - beta1T);                        // (5)
    sHat = s / (1 - beta2T);
  }
  const denominator = epsInside ? Math.sqrt(sHat + eps) : Math.sqrt(sHat) + eps;
  return [x - eta * vHat / denominator, [v, s, beta1T, beta2T]];  // (6), (7)
}

function adam2d(x1, x2, state1, state2, fGrad, eta = 0.4, beta1 = 0.9, beta2 = 0.999,
  eps = 1e-6, biasCorrection = true, epsInside = false) {
  const settings = [eta, beta1, beta2, eps, biasCorrection, epsInside];
  const noStepYet = [0, 0, 1, 1];  // train_2d's starting 0: no step yet
  const [g1, g2] = fGrad(x1, x2);
  [x1, state1] = adam1d(x1, g1, state1 || noStepYet, ...settings);
  [x2, state2] = adam1d(x2, g2, state2 || noStepYet, ...settings);
  return [x1, x2, state1, state2];
}

/** Which setting reaches which trainer, as in d2l_local/core/paths_2d.py: η is every
 * method's, the rest Adam's alone; the others keep their defaults. */
const PATH_TRAINERS = {
  "gradient descent": (x1, x2, s1, s2, fGrad, v) => gd2d(x1, x2, s1, s2, fGrad, v.lr),
  momentum: (x1, x2, s1, s2, fGrad, v) => momentum2d(x1, x2, s1, s2, fGrad, v.lr),
  RMSProp: (x1, x2, s1, s2, fGrad, v) => rmsprop2d(x1, x2, s1, s2, fGrad, v.lr),
  Adam: (x1, x2, s1, s2, fGrad, v) => adam2d(x1, x2, s1, s2, fGrad, v.lr, v.beta1, v.beta2,
    v.eps, v.bias_correction, v.eps_inside),
};

/** optimizer_paths' loop (trace_2d and _follow): every state starts at 0; a path stops
 * at the first point that is not finite or lies more than `far` half-widths from the
 * window's centre, and says at which step. */
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
    const outside = Math.abs(x1 - (low1 + high1) / 2) > far * (high1 - low1) / 2
      || Math.abs(x2 - (low2 + high2) / 2) > far * (high2 - low2) / 2;
    if (!(Number.isFinite(x1) && Number.isFinite(x2)) || outside) {
      divergedAt = k;
      break;
    }
    xs1.push(x1);
    xs2.push(x2);
  }
  return { x1: xs1, x2: xs2, divergedAt };
}

/** The first value no control could have produced (a hand-written link), or null. */
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

/** The page's stand-in for the kernel: the paths for the model's values. */
export function computePaths(state) {
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
    const path = followPath((x1, x2, s1, s2) => trainer(x1, x2, s1, s2, problem.grad, values),
      spec.window, spec.far, values.start, values.steps);
    const last = path.x1.length - 1;
    paths[method.name] = {
      x1: path.x1, x2: path.x2, f: problem.f(path.x1[last], path.x2[last]),
      diverged_at: path.divergedAt,
    };
  }
  const ms = performance.now() - tic;
  return { result: { paths, values: echo, elapsed_ms: Number(ms.toFixed(2)) } };
}
