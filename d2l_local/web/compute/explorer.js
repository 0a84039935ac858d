// The explorer's curves computed on the page (d2l_local/figures/explorer.py trains them
// in the kernel): the float32 trainer of train_airfoil.js for the figure's values.

import { decodeProblem, trainCurve } from "./train_airfoil.js";

const explorerProblems = new WeakMap();  // spec -> decoded problem, decoded once

/** The page's stand-in for the kernel: train the curves for the model's values. */
export function computeExplorer(state) {
  if (!explorerProblems.has(state.spec)) {
    explorerProblems.set(state.spec, decodeProblem(state.spec.problem));
  }
  const problem = explorerProblems.get(state.spec);
  const values = state.values;
  const hp = { lr: values.lr, beta1: values.beta1, beta2: values.beta2, eps: values.eps };
  const start = performance.now();
  const curves = {};
  for (const curve of state.spec.curves) {
    if (!curve.method || !values.shown.includes(curve.name)) continue;
    const trained = trainCurve(problem, curve.method, hp);
    curves[curve.name] = {
      losses: trained.losses.map((v) => (Number.isFinite(v) ? v : null)),
      diverged_at: trained.divergedAt,
    };
  }
  const ms = performance.now() - start;
  return { result: { curves, values: { ...values }, elapsed_ms: Number(ms.toFixed(1)) } };
}
