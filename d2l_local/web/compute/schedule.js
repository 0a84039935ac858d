// The schedule explorer's runs computed on the page (d2l_local/figures/schedule_explorer.py
// trains them in the kernel): a copy of Adam in practice's `lr_at` in double precision,
// as Python computes it, and the chapter's `scheduled` over the lesson's `adam`, which
// is train_airfoil.js's float32 trainer with the learning rate of each step from the
// schedule. Tested in Node against the kernel (tests/page/test_schedule_node.py).

import { finite, problemOf, resultOf, trainCurve } from "./train_airfoil.js";

/** lr_at of the chapter: linear warmup over `warmup` steps (7), then cosine (8) or
 * linear (9) decay to finalLr at step `total`, and finalLr after. */
export function lrAt(t, lr, warmup, total, decay = "cosine", finalLr = 0) {
  if (!(t >= 1 && warmup >= 0 && warmup < total)) {
    throw new Error(`need t >= 1 and 0 <= warmup < total, got t = ${t}, warmup = ${warmup}, total = ${total}`);
  }
  if (t <= warmup) return (lr * t) / warmup;
  const progress = Math.min(1, (t - warmup) / (total - warmup));
  if (decay === "cosine") return finalLr + ((lr - finalLr) * (1 + Math.cos(Math.PI * progress))) / 2;
  if (decay === "linear") return lr + (finalLr - lr) * progress;
  throw new Error(`decay must be 'cosine' or 'linear', got '${decay}'`);
}

/** The figure's schedules by run name: the setting's (decay "none" is lr_at's linear
 * decay to η itself: warmup, then η) and constant η. */
export function schedulesOf({ lr, warmup, decay }, total) {
  const scheduled = decay === "none"
    ? (t) => lrAt(t, lr, warmup, total, "linear", lr)
    : (t) => lrAt(t, lr, warmup, total, decay);
  return { scheduled, constant: () => lr };
}

/** The page's stand-in for the kernel: each run's η_t at every step and its losses. */
export function computeSchedule(state) {
  const { spec, values } = state;
  const problem = problemOf(spec);
  const start = performance.now();
  const curves = {};
  for (const [name, rate] of Object.entries(schedulesOf(values, spec.total))) {
    const trained = trainCurve(problem, "adam", { ...spec.constants, lr: values.lr }, rate);
    curves[name] = {
      rates: Array.from({ length: spec.total }, (_, i) => rate(i + 1)),
      losses: trained.losses.map(finite),
      diverged_at: trained.divergedAt,
    };
  }
  return resultOf(curves, values, start);
}
