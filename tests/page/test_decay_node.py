"""The page's computation of the weight-decay explorer (d2l_local/web/compute/decay.js, a
float32 copy of Adam in practice's adam_l2 and adamw) in Node against the figure's own
computation in the kernel (the chapter's functions through decay_runs), at random
settings of three regimes: the loss without the penalty and ||w|| at every evaluation,
and the divergence verdict and its step.

The bound, and why. The loss panel is the explorer's log axis from 0.2 to 1.5, at most
~360 px tall: a pixel is a relative change of about 0.5%; the ||w|| panel spans 1 to 5
over as many pixels, a pixel is 0.3% of 1 or more. The largest relative differences
between page and kernel were measured with ``python tests/compute_node.py 200 decay``
(200 random settings per regime, both methods: 400 runs each) on an AVX-512 machine
under torch's ATEN_CPU_CAPABILITY=default, =avx2 and native (the same numbers under
all three) and under MKL_ENABLE_INSTRUCTIONS=SSE4_2 and =AVX2, which change the last
bits of the kernel's matrix products; the largest of the four, loss / ||w||:

==========  ================  ===============  ===============  =====
regime      ATEN (all three)  MKL SSE4_2       MKL AVX2         bound
==========  ================  ===============  ===============  =====
converging  1.8e-7 / 2.6e-7   1.8e-7 / 2.1e-7  2.7e-7 / 2.6e-7  1e-6
large η     2.1e-6 / 2.1e-6   2.4e-6 / 1.8e-6  2.6e-6 / 1.5e-6  2e-5
diverging   4.6e-7 / 3.5e-6   3.8e-7 / 2.1e-6  4.4e-7 / 3.4e-6  2e-5
==========  ================  ===============  ===============  =====

converging: η ≤ 0.1 (so ηλ ≤ 1); large η: η > 0.1 with ηλ ≤ 1.5; diverging: η ≥ 0.2
with ηλ ≥ 2, where AdamW's factor 1 - ηλ is -1 or below (tests/compute_node.py's
``decay_settings``). Both sides round every operation to float32 and differ only where the kernel's
matrix products and torch's sums add in other orders; a large η amplifies that (as in
the lesson's explorer, tests/page/test_browser_trainer.py). Each bound is about five
times the largest seen, and a two-hundredth of a pixel or less. In the diverging regime
every AdamW run (200 of 400 runs) diverged and no Adam + L2 run did, at the same step
on both sides; the closest any loss came to the limit (100 times the start) was 4%
(relative), far outside what rounding can move, and the test below asserts each
verdict is clear of the limit by more than twice the bound.
"""

import math

import numpy as np
import pytest
from compute_node import decay_differences, decay_settings

from d2l_local import torch as d2l
from tools.lesson import practice_functions

BOUNDS = {"converging": 1e-6, "large η": 2e-5, "diverging": 2e-5}
COUNT = 25  # settings per regime here; the measurement above used 200


@pytest.fixture(scope="module")
def figure(data_iter):
    practice = practice_functions()
    problem = d2l.make_problem(data_iter, seed=0, num_epochs=4)  # the chapter's `longer`
    trainers = {"Adam + L2": practice["adam_l2"], "AdamW": practice["adamw"]}
    return d2l.explore_decay(trainers, d2l.init_adam_states, problem)


@pytest.mark.parametrize("regime", list(BOUNDS))
def test_the_page_trains_what_the_kernel_trains_at_random_settings(node, figure, regime):
    values = decay_settings(np.random.default_rng([7, list(BOUNDS).index(regime)]), COUNT, regime)
    rows = decay_differences(figure, values, node)
    bound = BOUNDS[regime]
    for row in rows:
        assert row["same_points"], row
        assert row["page_diverged_at"] == row["kernel_diverged_at"], row
        assert row["margin"] > 2 * bound, row
        assert row["loss"] <= bound and row["norm"] <= bound, row
    diverged = {row["method"] for row in rows if row["kernel_diverged_at"] is not None}
    assert diverged == ({"AdamW"} if regime == "diverging" else set())
    print(
        f"{regime}: largest relative difference of the loss {max(r['loss'] for r in rows):.2g}, "
        f"of ||w|| {max(r['norm'] for r in rows):.2g}"
    )


def test_a_diverged_run_stops_at_the_same_step_with_no_nan_sent(node, figure):
    """λ = 10, η = 0.3: AdamW's factor 1 - ηλ = -2 doubles every weight each step."""
    (row_l2, row_w) = decay_differences(figure, [{"weight_decay": 10.0, "lr": 0.3}], node)
    assert row_l2["kernel_diverged_at"] is None
    assert row_w["kernel_diverged_at"] == row_w["page_diverged_at"] == 20  # the first evaluation
    curve = figure.compute({"weight_decay": 10.0, "lr": 0.3})["curves"]["AdamW"]
    assert len(curve["losses"]) == len(curve["norms"]) == 1
    numbers = curve["losses"] + curve["norms"]
    assert all(x is None or math.isfinite(x) for x in numbers)
