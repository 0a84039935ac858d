// Node harness for d2l_local/web/train_airfoil.js, driven by tests/browser_trainer.py.
//
// stdin: {"problem": <encode_problem payload>, "runs": [{"method", "lr", "beta1", "beta2", "eps"}]}
// stdout: one curve per run, {"epochs", "losses" (null where not finite), "diverged_at",
// "start_loss"}. With --time N: train both methods at the first run's setting N times (after
// 10 warm-up runs) and print milliseconds per pair of curves instead: the very first run,
// then the median, 90th percentile and maximum of the N.

import { readFileSync } from "node:fs";
import { decodeProblem, trainCurve } from "../d2l_local/web/train_airfoil.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const problem = decodeProblem(input.problem);
const timeArg = process.argv.indexOf("--time");

if (timeArg >= 0) {
  const repeats = Number(process.argv[timeArg + 1] || 300);
  const warmup = 10;  // the first runs also pay for compiling; reported apart
  const hp = input.runs[0];
  const times = [];
  for (let i = 0; i < warmup + repeats; i++) {
    const start = performance.now();
    trainCurve(problem, "adam", hp);
    trainCurve(problem, "yogi", hp);
    times.push(performance.now() - start);
  }
  const warm = times.slice(warmup).sort((a, b) => a - b);
  const at = (q) => warm[Math.min(warm.length - 1, Math.floor(q * warm.length))];
  console.log(JSON.stringify({
    first_ms: times[0], median_ms: at(0.5), p90_ms: at(0.9), max_ms: warm.at(-1), repeats,
  }));
} else {
  const curves = input.runs.map((run) => {
    const curve = trainCurve(problem, run.method, run);
    return {
      epochs: curve.epochs,
      losses: curve.losses.map((x) => (Number.isFinite(x) ? x : null)),
      diverged_at: curve.divergedAt,
      start_loss: curve.startLoss,
    };
  });
  console.log(JSON.stringify(curves));
}
