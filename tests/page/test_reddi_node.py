"""The page's copy of run_reddi (d2l_local/web/compute/reddi.js) in Node against the
chapter's run_reddi and Reddi's figure in the kernel, at random settings.

Both sides run in float64 with the same operations in the same order; only the powers
(Python's ``**``, JavaScript's) may differ in the last bit, and the clipped steps do
not amplify that. Measured with ``python tests/compute_node.py 400`` (400 random
settings, 1200 runs of 30,000 steps): every x_t within 3.3e-16, a few ulps. The bound 1e-9
is the one the page's test in Chromium holds (tests/page/test_browser_page.py), a millionth
of what the panels show (x to 3 decimals).
"""

import numpy as np
import pytest
from compute_node import REDDI_STEPS, call_node, reddi_differences, reddi_settings

from d2l_local import torch as d2l

TOLERANCE = 1e-9


def test_the_copy_runs_the_chapters_run_reddi_at_30_random_settings(node, lesson):
    settings = reddi_settings(np.random.default_rng(18), 30)
    worst = reddi_differences(lesson["run_reddi"], settings, node)
    print(f"largest |x_t difference| over 30 settings: {max(worst):.2g}")
    assert max(worst) <= TOLERANCE


@pytest.fixture(scope="module")
def figure(lesson):
    return d2l.explore_reddi(lesson["run_reddi"], steps=REDDI_STEPS)


def test_the_page_computes_what_the_figure_computes_in_the_kernel(node, figure):
    """computeReddi, the page's stand-in for the kernel, against ReddiExplorer.compute:
    the sampled points and average regrets and the final ones."""
    settings = reddi_settings(np.random.default_rng(5), 10)
    values = [{"C": C, "beta1": b1, "beta2": b2} for C, b1, b2 in settings]
    spec = {key: figure.spec[key] for key in ("lr", "eps", "steps", "t")}
    pages = call_node("reddi.js", "computeReddi", [[{"spec": spec, "values": v}] for v in values])
    for value, page in zip(values, pages):
        kernel, page = figure.compute(value), page["result"]
        for key in ("x", "regret"):
            for method, numbers in kernel[key].items():
                assert np.abs(np.subtract(page[key][method], numbers)).max() <= TOLERANCE
        for key in ("final", "final_regret"):
            assert page[key].keys() == kernel[key].keys()
            assert all(abs(page[key][m] - kernel[key][m]) <= TOLERANCE for m in kernel[key])
