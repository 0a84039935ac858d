// The explorer's curves computed on the page (d2l_local/figures/explorer.py trains them
// in the kernel): the float32 trainer of train_airfoil.js for the figure's values.

import { finite, problemOf, resultOf, trainCurve } from "./train_airfoil.js";

/** The page's stand-in for the kernel: train the curves for the model's values. */
export function computeExplorer(state) {
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
      diverged_at: trained.divergedAt,
    };
  }
  return resultOf(curves, values, start);
}
