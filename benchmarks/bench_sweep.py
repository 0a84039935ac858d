"""Row 3: the vectorised sweep against a loop of scalar runs, timed in one run.

The unit of work is one configuration trained for one epoch of the airfoil
regression (batch 10, the book's setup). We time ``d2l_local.sweep.train_sweep``
on the chapter's 30 x 30 grid (lr log-spaced 1e-4 .. 1, beta2 = 0.9 .. 0.99999
on a log(1 - beta2) axis) for Adam and for Yogi, and on 1,000 Adam
configurations; the baseline is ``scratch_run`` with the chapter's own ``adam``,
one configuration after another, on a sample of the same grid (a full scalar
loop over 1,000 configurations would take over a minute). Each timing is the
median of a few repeats, taken in turns so that load from other processes hits
both alike. Both run on one thread (the sweep always does: its tensors are tiny).
"""

import statistics
import time

import numpy as np
import torch

from d2l_local import torch as d2l
from d2l_local.book.training import scratch_run
from d2l_local.core.sweep import grid, train_sweep
from tools.lesson import lesson_functions  # the chapter's own adam

EPOCHS, REPEATS, SCALAR_SAMPLE = 2, 5, 12
GOAL_1000, GOAL_GRID = 0.5, 1.0  # seconds


def chapter_grid(n_lr=30, n_beta2=30):
    return grid(lr=np.logspace(-4, 0, n_lr), beta2=1 - np.logspace(-1, -5, n_beta2))


def setup():
    data_iter, _ = d2l.get_data_ch11(batch_size=10)
    return d2l.make_problem(data_iter, seed=0, num_epochs=EPOCHS)


def scalar_loop(problem, cfg, indices):
    """The baseline: one scratch_run of the chapter's adam per configuration."""
    F = lesson_functions()
    for i in indices:
        w = problem.w0.clone().requires_grad_(True)
        b = torch.zeros(1, requires_grad=True)
        hyper = {"lr": float(cfg["lr"][i]), "beta2": float(cfg["beta2"][i]), "t": 1}
        scratch_run(F["adam"], F["init_adam_states"](len(w)), hyper, problem.schedule, w, b)


def timed(fn):
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main():
    torch.set_num_threads(1)
    problem, F = setup(), lesson_functions()
    grid900, _ = chapter_grid()
    grid1000, _ = chapter_grid(40, 25)
    sample = np.linspace(0, 899, SCALAR_SAMPLE).astype(int)
    jobs = {
        "sweep Adam, 900": lambda: train_sweep(F["adam"], problem, **grid900),
        "sweep Yogi, 900": lambda: train_sweep(F["yogi"], problem, **grid900),
        "sweep Adam, 1000": lambda: train_sweep(F["adam"], problem, **grid1000),
        f"scalar loop, {SCALAR_SAMPLE}": lambda: scalar_loop(problem, grid900, sample),
    }
    configs = {
        "sweep Adam, 900": 900,
        "sweep Yogi, 900": 900,
        "sweep Adam, 1000": 1000,
        f"scalar loop, {SCALAR_SAMPLE}": SCALAR_SAMPLE,
    }
    samples = {name: [] for name in jobs}
    for _ in range(REPEATS):
        for name, job in jobs.items():
            samples[name].append(timed(job))
    seconds = {name: statistics.median(times) for name, times in samples.items()}
    rate = {name: configs[name] * EPOCHS / seconds[name] for name in jobs}
    scalar = rate[f"scalar loop, {SCALAR_SAMPLE}"]
    print(f"Airfoil regression, batch 10, {EPOCHS} epochs; median of {REPEATS} repeats, 1 thread")
    for name in jobs:
        print(
            f"  {name:<20} {seconds[name]:7.3f} s  {rate[name]:9.0f} config-epochs/s  "
            f"{rate[name] / scalar:6.0f}x scalar loop"
        )
    both = seconds["sweep Adam, 900"] + seconds["sweep Yogi, 900"]
    print(f"  30 x 30 grid, Adam + Yogi: {both:.3f} s (goal < {GOAL_GRID} s)")
    t1000 = seconds["sweep Adam, 1000"]
    return [
        {
            "row": 3,
            "name": "sweep: 1,000 Adam configurations x 2 epochs",
            "value": t1000,
            "unit": "s",
            "goal": f"<= {GOAL_1000} s",
            "met": t1000 <= GOAL_1000,
            "note": f"{rate['sweep Adam, 1000'] / scalar:.0f}x the config-epochs/s of a loop "
            f"of scalar runs ({scalar:.0f}/s) in the same run",
        },
        {
            "row": 3,
            "name": "sweep: 30 x 30 grid, Adam + Yogi",
            "value": both,
            "unit": "s",
            "goal": f"< {GOAL_GRID} s",
            "met": both < GOAL_GRID,
            "note": f"{1800 * EPOCHS / both:.0f} config-epochs/s",
        },
    ]


if __name__ == "__main__":
    main()
