"""The page's computation of the explorer (d2l_local/web/compute/explorer.js, over the
float32 trainer of train_airfoil.js) in Node against the explorer's own computation in
the kernel, at random settings: the curves each side draws for the same values.

The bounds are the trainer's, ``bound(hp)`` of tests/browser_trainer.py (1e-6 relative
for η ≤ 0.1, 1e-3 above, where oscillating runs amplify rounding); the measurements and
the argument are in tests/page/test_browser_trainer.py. Here the settings also cover the
explorer's other sliders' ranges, and only the curves the values show are computed.
"""

import math

import numpy as np
from browser_trainer import bound, random_settings, relative_difference
from compute_node import call_node

from d2l_local import torch as d2l

ADAM, YOGI = "Adam (ours)", "Yogi (ours)"


def test_the_page_draws_the_kernels_curves_at_20_random_settings(node, lesson, data_iter):
    explorer = d2l.explore(
        {ADAM: lesson["adam"], YOGI: lesson["yogi"]},
        lesson["init_adam_states"],
        data_iter,
        torch_adam=False,
    )
    spec = {key: explorer.spec[key] for key in ("problem", "curves")}
    rng = np.random.default_rng(41)
    settings = random_settings(rng, 16) + random_settings(rng, 4, lr_range=(0.1, 1.0))
    values = [{**hp, "shown": [ADAM, YOGI][: 1 + i % 2]} for i, hp in enumerate(settings)]
    pages = call_node(
        "explorer.js", "computeExplorer", [[{"spec": spec, "values": v}] for v in values]
    )
    for value, page in zip(values, pages):
        kernel, page = explorer.compute(value)["curves"], page["result"]["curves"]
        assert set(page) == set(kernel) == set(value["shown"])
        for name, curve in kernel.items():
            drawn = page[name]
            assert drawn["diverged_at"] == curve["diverged_at"], (name, value)
            losses = [[math.inf if x is None else x for x in c["losses"]] for c in (drawn, curve)]
            assert len(losses[0]) == len(losses[1])
            assert max(map(relative_difference, *losses)) <= bound(value), (name, value)
