"""The page's copy of the 2-D trainers (d2l_local/web/compute/paths.js) in Node against
the path explorer's computation in the kernel, at random settings of every control.

Both sides compute in float64 with +, -, *, / and square roots only (problems_2d.py and
the companion's 2-D trainers use no power and no library function), which IEEE 754
rounds correctly on every CPU; CPython does one operation at a time, JavaScript never
fuses a multiply and an add. So both compute the same doubles in the same order, and
``python tests/compute_node.py 400`` measured 0 at 400 random settings. The bound 1e-12
is the one the page's test in Chromium holds (tests/page/test_browser_paths.py says why no
looser bound would do: at large η the paths are chaotic).
"""

import numpy as np
from compute_node import path_values, paths_differences

from d2l_local import torch as d2l

TOLERANCE = 1e-12


def test_the_copy_draws_the_kernels_paths_at_60_random_settings(node, trainers_2d):
    figure = d2l.explore_paths(trainers_2d)
    values = path_values(np.random.default_rng(2026), figure.spec, 60)
    worst = paths_differences(figure, values, node)
    print(f"largest difference over 60 settings: {max(worst):.2g}")
    assert max(worst) <= TOLERANCE
    assert {v["problem"] for v in values} == set(d2l.PROBLEMS_2D)  # every problem reached
