"""The page's copies of lesson code (``d2l_local/web/compute``) run in Node beside the
kernel, at random settings: the helpers of ``tests/core/test_*_node.py``.

``python tests/compute_node.py [count]`` measures the largest differences again at
``count`` random settings of each figure.
"""

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

HARNESS = Path(__file__).resolve().parent / "compute_node.mjs"
REDDI_STEPS, REDDI_LR, REDDI_EPS = 30_000, 0.1, 1e-6  # the chapter's run, as its figure's


def call_node(module, function, calls, node=None):
    """``[function(*args) for args in calls]`` from ``web/compute/<module>`` in Node."""
    out = subprocess.run(
        [node or shutil.which("node"), str(HARNESS)],
        check=True,
        input=json.dumps({"module": module, "function": function, "calls": calls}),
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


# --- Reddi's problem ------------------------------------------------------------------


def reddi_settings(rng, count):
    """C, β1, β2 uniform over the figure's sliders."""
    return [
        (rng.uniform(2.5, 10.0), rng.uniform(0.0, 0.99), rng.uniform(0.0, 0.999))
        for _ in range(count)
    ]


def reddi_differences(run_reddi, settings, node=None):
    """Per setting, the largest |page - kernel| of x_t over every step and method, for the
    page's copy of ``run_reddi`` (``runReddiCopy``)."""
    calls = [[C, b1, b2, REDDI_LR, REDDI_EPS, REDDI_STEPS] for C, b1, b2 in settings]
    pages = call_node("reddi.js", "runReddiCopy", calls, node)
    worst = []
    for (C, b1, b2), page in zip(settings, pages):
        kernel, _ = run_reddi(C, b1, b2, lr=REDDI_LR, eps=REDDI_EPS, steps=REDDI_STEPS)
        assert set(page) == set(kernel)
        worst.append(max(np.abs(np.asarray(page[m]) - np.asarray(kernel[m])).max() for m in page))
    return worst


# --- the path explorer ----------------------------------------------------------------


def path_values(rng, spec, count):
    """Values the path explorer's controls can take, at random: each slider over its
    range (log sliders log-uniformly, β2 by its nines, steps whole), each switch, the
    problem, a start inside the window and a non-empty set of the methods shown."""
    low1, high1, low2, high2 = spec["window"]
    methods = [m["name"] for m in spec["methods"]]
    values = []
    for _ in range(count):
        value = {}
        for slider in spec["sliders"]:
            low, high = slider["low"], slider["high"]
            if slider["name"] == "steps":
                value["steps"] = int(rng.integers(low, high + 1))
            elif slider["scale"] == "log":
                value[slider["name"]] = 10 ** rng.uniform(math.log10(low), math.log10(high))
            elif slider["scale"] == "nines":
                nines = rng.uniform(-math.log10(1 - low), -math.log10(1 - high))
                value[slider["name"]] = 1 - 10**-nines
            else:
                value[slider["name"]] = rng.uniform(low, high)
        shown = [m for m in methods if rng.random() < 0.6] or [methods[-1]]
        value.update(
            bias_correction=bool(rng.random() < 0.7),
            eps_inside=bool(rng.random() < 0.3),
            problem=str(rng.choice([p["name"] for p in spec["problems"]])),
            start=[round(rng.uniform(low1, high1), 2), round(rng.uniform(low2, high2), 2)],
            shown=shown,
        )
        values.append(value)
    return values


def paths_differences(figure, values, node=None):
    """Per values, the largest |page - kernel| over every coordinate of every path and
    its end's f, the page's ``computePaths`` against the figure's own ``compute`` (the
    chapter's trainers through ``optimizer_paths``); the paths drawn, their lengths and
    where they stopped must be the same."""
    spec = {key: figure.spec[key] for key in ("sliders", "methods", "window", "far", "messages")}
    pages = call_node("paths.js", "computePaths", [[{"spec": spec, "values": v}] for v in values])
    worst = []
    for value, page in zip(values, pages):
        kernel = figure.compute(value)["paths"]
        page = page["result"]["paths"]
        assert set(page) == set(kernel), value
        gaps = [0.0]
        for method, k in kernel.items():
            p = page[method]
            assert (len(p["x1"]), p["diverged_at"]) == (len(k["x1"]), k["diverged_at"]), value
            gaps += [max(abs(a - b) for a, b in zip(p[x], k[x])) for x in ("x1", "x2")]
            gaps.append(abs(p["f"] - k["f"]) / max(1.0, abs(k["f"])))
        worst.append(max(gaps))
    return worst


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from d2l_local import torch as d2l
    from tools.lesson import lesson_functions

    lesson = lesson_functions()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rng = np.random.default_rng(1)
    reddi = reddi_differences(lesson["run_reddi"], reddi_settings(rng, count))
    print(f"Reddi: {count} settings, largest |x_t difference| {max(reddi):.2g}")
    names = ("gradient descent", "momentum", "RMSProp", "Adam")
    trainers = dict(
        zip(names, (lesson[n] for n in ("gd_2d", "momentum_2d", "rmsprop_2d", "adam_2d")))
    )
    figure = d2l.explore_paths(trainers)
    paths = paths_differences(figure, path_values(rng, figure.spec, count))
    print(f"paths: {count} settings, largest difference {max(paths):.2g}")
