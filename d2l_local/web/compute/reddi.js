// Reddi et al.'s problem computed on the page (d2l_local/figures/reddi.py reruns the
// chapter's run_reddi in the kernel): a copy of it, tested in Node against the kernel
// (tests/page/test_reddi_node.py).

/** The chapter's run_reddi, line for line, in double precision as Python computes it:
 * the points x_1 ... x_T of Adam, AMSGrad and Yogi, all with the same settings. (The
 * three methods' steps are written out, with 1 - beta2 ** t computed once a step: the
 * same numbers as Python's inner loop, without its allocations.) */
export function runReddiCopy(C, beta1, beta2, lr, eps, steps) {
  const sgn = (d) => (d > 0) - (d < 0);
  const clip = (x) => Math.min(1.0, Math.max(-1.0, x));
  const xs = { Adam: new Float64Array(steps), AMSGrad: new Float64Array(steps),
    Yogi: new Float64Array(steps) };
  let xAdam = 0;
  let xAms = 0;
  let xYogi = 0;
  let v = 0;
  let sAdam = 0;
  let sMax = 0;
  let sYogi = 0;
  for (let t = 1; t <= steps; t++) {
    const g = t % 3 === 1 ? C : -1.0;                         // the gradient of f_t, (8)
    v = beta1 * v + (1 - beta1) * g;                          // (1)
    sAdam = beta2 * sAdam + (1 - beta2) * g ** 2;             // (2)
    sMax = Math.max(sMax, sAdam);                             // AMSGrad: the largest (2)
    sYogi += (1 - beta2) * sgn(g ** 2 - sYogi) * g ** 2;      // (12)
    const step = lr / Math.sqrt(t) * v / (1 - beta1 ** t);    // eta_t v_hat_t, (5)
    const bias2 = 1 - beta2 ** t;
    xs.Adam[t - 1] = xAdam;                                   // (10), each method
    xs.AMSGrad[t - 1] = xAms;
    xs.Yogi[t - 1] = xYogi;
    xAdam = clip(xAdam - step / (Math.sqrt(sAdam / bias2) + eps));
    xAms = clip(xAms - step / (Math.sqrt(sMax / bias2) + eps));
    xYogi = clip(xYogi - step / (Math.sqrt(sYogi / bias2) + eps));
  }
  return xs;
}

/** The page's stand-in for the kernel: rerun the problem for the model's values. */
export function computeReddi(state) {
  const { spec, values } = state;
  const start = performance.now();
  const xs = runReddiCopy(values.C, values.beta1, values.beta2, spec.lr, spec.eps, spec.steps);
  const result = { x: {}, regret: {}, final: {}, final_regret: {} };
  for (const [method, path] of Object.entries(xs)) {
    const regret = new Float64Array(path.length);  // R_t / t, as d2l.average_regret
    let total = 0;
    for (let i = 0; i < path.length; i++) {
      total += ((i + 1) % 3 === 1 ? values.C : -1.0) * (path[i] + 1.0);
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
