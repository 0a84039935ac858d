// Node harness for d2l_local/web/compute/train_airfoil.js, driven by tests/browser_trainer.py.
//
// stdin: {"problem": <encode_problem payload>, "runs": [{"method", "lr", "beta1", "beta2", "eps"}]}
// stdout: one curve per run, {"epochs", "losses" (null where not finite), "diverged_at",
// "start_loss"}.

import { readFileSync } from "node:fs";
import { decodeProblem, trainCurve } from "../d2l_local/web/compute/train_airfoil.js";

const input = JSON.parse(readFileSync(0, "utf8"));
const problem = decodeProblem(input.problem);
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
