"""The page's computation of the schedule explorer (d2l_local/web/compute/schedule.js: a
copy of Adam in practice's lr_at in double precision, and its scheduled adam in float32)
in Node against the figure's own computation in the kernel (the chapter's lr_at and
scheduled over the lesson's adam, through schedule_runs), at random settings of three
regimes: η_t at every step, the loss after every step, and the divergence verdict and
its step, for the schedule and for constant η.

The bound, and why. The loss panel is a log axis from 0.2 up to at most 50, some 360 px
tall: a pixel is a relative change of about 1.5%. The η_t panel is linear from 0 to
1.1 η. The largest differences between page and kernel were measured with
``python tests/compute_node.py 200 schedule`` (200 random settings per regime, both runs:
400 runs each) under torch's ATEN_CPU_CAPABILITY=default and =avx2; η_t relative to η,
the loss relative:

==========  ===============  ===============  ===============
regime      default          avx2             bound
==========  ===============  ===============  ===============
converging  2e-16 / 3.9e-7   2e-16 / 3.9e-7   1e-15 / 2e-6
large η     2e-16 / 2.8e-4   2e-16 / 2.8e-4   1e-15 / 2e-3
diverging   2e-16 / 6.7e-4   2e-16 / 6.7e-4   1e-15 / 5e-3
==========  ===============  ===============  ===============

converging: η from 0.001 to 0.3; large η: 0.3 to 2, where the first steps lift the
loss up to 40 times its start; diverging: 4 to 10, where a run without a long enough
warmup passes 100 times its start (the warmup uniform over 0 to 299 and the decay any
of the three in each: tests/compute_node.py's ``schedule_settings``). η_t differs only
where Math.cos and the C library's cos round differently. The losses round every
operation to float32 on both sides and differ where the kernel's matrix products and
torch's sums add in other orders; a large η amplifies that, as in the lesson's explorer.
Each bound is five to seven times the largest seen, and a third of a pixel or less. In
the diverging regime 317 of 400 runs diverged, each at the same step on both sides;
the closest a loss came to the limit was 7.1e-4 (relative), about the largest
difference, so there the same verdict was seen rather than guaranteed: the test below
asserts the same verdict at every setting, and prints the smallest margin.
"""

import math

import numpy as np
import pytest
from compute_node import SCHEDULE_REGIMES, schedule_differences, schedule_settings

from d2l_local import torch as d2l
from tools.lesson import practice_functions

BOUNDS = {"converging": 2e-6, "large η": 2e-3, "diverging": 5e-3}  # the loss, relative
RATE_BOUND = 1e-15  # η_t, relative to η
COUNT = 25  # settings per regime here; the measurement above used 200


@pytest.fixture(scope="module")
def figure(data_iter):
    practice = practice_functions()
    problem = d2l.make_problem(data_iter, seed=0)  # the chapter's problem: 300 steps
    return d2l.explore_schedule(
        practice["lr_at"], practice["scheduled"], d2l.adam, d2l.init_adam_states, problem
    )


@pytest.mark.parametrize("regime", list(SCHEDULE_REGIMES))
def test_the_page_trains_what_the_kernel_trains_at_random_settings(node, figure, regime):
    rng = np.random.default_rng([11, list(SCHEDULE_REGIMES).index(regime)])
    rows = schedule_differences(figure, schedule_settings(rng, COUNT, regime), node)
    for row in rows:
        assert row["same_points"], row
        assert row["page_diverged_at"] == row["kernel_diverged_at"], row
        assert row["rate"] <= RATE_BOUND and row["loss"] <= BOUNDS[regime], row
    diverged = sum(row["kernel_diverged_at"] is not None for row in rows)
    assert (diverged > COUNT / 2) if regime == "diverging" else diverged == 0
    print(
        f"{regime}: largest difference of η_t {max(r['rate'] for r in rows):.2g}, of the loss "
        f"{max(r['loss'] for r in rows):.2g}, smallest margin {min(r['margin'] for r in rows):.2g}"
    )


def test_a_diverged_run_stops_at_the_same_step_with_no_nan_sent(node, figure):
    """η = 5 without warmup: the first step, about η per weight, passes the limit."""
    rows = schedule_differences(figure, [{"lr": 5.0, "warmup": 0, "decay": "cosine"}], node)
    assert [(r["kernel_diverged_at"], r["page_diverged_at"]) for r in rows] == [(1, 1), (1, 1)]
    curves = figure.compute({"lr": 5.0, "warmup": 0, "decay": "cosine"})["curves"]
    numbers = [x for curve in curves.values() for x in curve["losses"] + curve["rates"]]
    assert all(x is None or math.isfinite(x) for x in numbers)


def test_the_schedule_is_lr_at_at_every_step(node, figure):
    from compute_node import call_node

    lr_at = practice_functions()["lr_at"]
    settings = [(0.1, 30, "cosine", 0.0), (0.02, 200, "linear", 0.0), (0.3, 0, "cosine", 0.03)]
    calls = [
        [t, lr, w, 300, decay, final] for lr, w, decay, final in settings for t in range(1, 301)
    ]
    page = call_node("schedule.js", "lrAt", calls, node)
    kernel = [lr_at(*call) for call in calls]
    assert max(abs(a - b) / call[1] for a, b, call in zip(page, kernel, calls)) <= RATE_BOUND
