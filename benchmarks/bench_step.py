"""Row 4: what one optimiser step costs on a model with many small parameter tensors.

An MLP with 50 Linear layers has 100 parameter tensors of a few hundred
numbers each: the arithmetic is trivial, so the step's cost is the fixed cost of
each tensor operation, paid once per operation. We time, in the same run:
the chapter's from-scratch ``adam`` (a Python loop over parameters),
``d2l_local.foreach_adam`` (one ``torch._foreach_*`` operation per line of the
update), and ``torch.optim.Adam`` with ``foreach=False``, ``foreach=True`` and
``fused=True``.

One "step" is the update plus clearing the gradients, because the chapter's
``adam`` clears them itself; the ``torch.optim`` variants call ``step()`` and
``zero_grad(set_to_none=False)``. Gradients are fixed random tensors (no
backward pass): only the optimiser is timed. Variants take turns in rounds, so
a burst of load from other processes hits them all alike; each variant's cost
is the median over rounds. ``BENCH_THREADS=2`` times with two threads instead
of one (on a busy machine that mostly measures thread scheduling).
"""

import os

import torch

from d2l_local.core.foreach_adam import foreach_adam, init_foreach_states
from tools.lesson import lesson_functions  # the chapter's own adam

DEPTH, WIDTH = 50, 16
THREADS = int(os.environ.get("BENCH_THREADS", "1"))  # tiny tensors: 1 is the fair default
ROUNDS, STEPS_PER_ROUND = 41, 25  # an odd count: the median is one round
GOAL = 1.2  # foreach_adam within 1.2x of torch.optim.Adam(foreach=True)
HYPER = {"lr": 0.01, "betas": (0.9, 0.999), "eps": 1e-6}


def many_tensor_params(seed=0):
    """The parameters of a DEPTH-layer MLP, each with a fixed random gradient."""
    torch.manual_seed(seed)
    layers = [torch.nn.Linear(WIDTH, WIDTH) for _ in range(DEPTH)]
    params = [p for layer in layers for p in layer.parameters()]
    for p in params:
        p.grad = torch.randn_like(p)
    return params


def scratch_stepper(trainer):
    """A step function for a trainer with the book's (params, states, hyperparams) call."""
    params = many_tensor_params()
    states = init_foreach_states(params)
    hyperparams = {
        "lr": HYPER["lr"],
        "beta1": HYPER["betas"][0],
        "beta2": HYPER["betas"][1],
        "eps": HYPER["eps"],
        "t": 1,
    }
    return lambda: trainer(params, states, hyperparams)


def torch_stepper(**flags):
    optimizer = torch.optim.Adam(many_tensor_params(), **HYPER, **flags)

    def step():
        optimizer.step()
        optimizer.zero_grad(set_to_none=False)

    return step


def fused_supported():
    """Whether torch.optim.Adam(fused=True) runs on a CPU tensor in this build."""
    try:
        p = torch.nn.Parameter(torch.zeros(2))
        p.grad = torch.ones(2)
        torch.optim.Adam([p], fused=True).step()
        return True
    except (RuntimeError, ValueError):
        return False


def variants():
    found = {
        "chapter adam (Python loop)": scratch_stepper(lesson_functions()["adam"]),
        "d2l_local.foreach_adam": scratch_stepper(foreach_adam),
        "torch Adam foreach=False": torch_stepper(foreach=False),
        "torch Adam foreach=True": torch_stepper(foreach=True),
    }
    if fused_supported():
        found["torch Adam fused=True"] = torch_stepper(fused=True)
    return found


def main():
    torch.set_num_threads(THREADS)
    steppers = variants()
    n_tensors = len(many_tensor_params())
    print(
        f"Optimiser step, {DEPTH} Linear({WIDTH}, {WIDTH}) layers = "
        f"{n_tensors} parameter tensors; torch {torch.__version__}, "
        f"{THREADS} thread(s) of {os.cpu_count()} cores; "
        f"median of {ROUNDS} rounds x {STEPS_PER_ROUND} steps"
    )
    if "torch Adam fused=True" not in steppers:
        print("  torch.optim.Adam(fused=True) is not supported on CPU here: skipped")
    seconds_per_step = lesson_functions(("seconds_per_step",))["seconds_per_step"]
    medians = seconds_per_step(steppers, repeats=STEPS_PER_ROUND, rounds=ROUNDS)
    baseline = medians["torch Adam foreach=True"]
    for name, seconds in medians.items():
        print(f"  {name:<28} {seconds * 1e6:8.0f} us/step  {seconds / baseline:5.2f}x foreach=True")
    ratio = medians["d2l_local.foreach_adam"] / baseline
    speedup = medians["chapter adam (Python loop)"] / medians["d2l_local.foreach_adam"]
    return [
        {
            "row": 4,
            "name": f"foreach_adam step / torch.optim.Adam(foreach=True), {n_tensors} tensors",
            "value": round(ratio, 2),
            "unit": "x",
            "goal": f"<= {GOAL}x",
            "met": ratio <= GOAL,
            "note": f"chapter adam is {speedup:.1f}x slower than foreach_adam",
        }
    ]


if __name__ == "__main__":
    main()
