// The weight-decay explorer's runs computed on the page (d2l_local/figures/decay_explorer.py
// trains them in the kernel): float32 copies of Adam in practice's `adam_l2` and `adamw`
// on the loop and gradient of train_airfoil.js, with the loss and ||w|| at each
// evaluation. Rounding as there: each operation to float32 (Math.fround), a Python
// number meeting a float32 tensor rounded to float32 first (so 1 - lr * weight_decay is
// computed in double, then rounded); the loss and ||w|| in float64. Tested in Node
// against the kernel (tests/page/test_decay_node.py).

import {
  finite,
  problemOf,
  resultOf,
  runSchedule,
  SECOND_MOMENTS,
  setStepConstants,
  update,
} from "./train_airfoil.js";

const f = Math.fround;

/** adam_l2: the penalty's gradient weight_decay * p joins p.grad, then the lesson's adam. */
function addPenalty(p, grad, weightDecay) {
  for (let i = 0; i < p.length; i++) grad[i] = f(grad[i] + f(weightDecay * p[i]));
}

/** adamw's decay, first: p *= 1 - lr * weight_decay. */
function shrink(p, factor) {
  for (let i = 0; i < p.length; i++) p[i] = f(p[i] * factor);
}

const METHODS = {
  adam_l2(w, b, work, states, c, hp) {
    const weightDecay = f(hp.weight_decay);
    addPenalty(w, work.gw, weightDecay);
    addPenalty(b, work.gb, weightDecay);
    adamSteps(w, b, work, states, c);
  },
  adamw(w, b, work, states, c, hp) {  // (each tensor's decay touches only itself)
    const factor = f(1 - hp.lr * hp.weight_decay);
    shrink(w, factor);
    shrink(b, factor);
    adamSteps(w, b, work, states, c);
  },
};

/** The lesson's adam on w, then on b. */
function adamSteps(w, b, work, states, c) {
  update(w, work.gw, states.vw, states.sw, c, SECOND_MOMENTS.adam);
  update(b, work.gb, states.vb, states.sb, c, SECOND_MOMENTS.adam);
}

/** ||w|| in float64, of the float32 weights. */
function norm(w) {
  let total = 0;
  for (let i = 0; i < w.length; i++) total += w[i] * w[i];
  return Math.sqrt(total);
}

/**
 * Train `method` ("adam_l2" or "adamw") with {lr, weight_decay} and the chapter's
 * constants {beta1, beta2, eps}: {epochs, losses, norms, divergedAt, startLoss}, the
 * loss without the penalty and ||w|| after every evaluation (Infinity or NaN where
 * they blew up).
 */
export function trainDecay(problem, method, hp) {
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

/** The page's stand-in for the kernel: train each method the page has a copy of. */
export function computeDecay(state) {
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
      diverged_at: trained.divergedAt,
    };
  }
  return resultOf(curves, values, start);
}
