"""Compare the page's JavaScript trainer with the kernel's curves.

``d2l_local/web/compute/train_airfoil.js`` trains the chapter's ``adam`` and ``yogi``
in float32 in the browser. Here we run it in Node (``train_airfoil_node.mjs``)
and the kernel's ``loss_curves`` at the same random settings, and measure how
far apart the curves are: ``test_browser_trainer.py`` in Node (which says why
the bounds below are what they are), and the page tests (``test_browser_page.py``,
``test_browser_zh.py``) in Chromium.

``python tests/browser_trainer.py [count]`` measures the largest differences of
each class again at ``count`` random settings, on this machine and under the
environment's ``ATEN_CPU_CAPABILITY`` or ``MKL_ENABLE_INSTRUCTIONS``.
"""

import hashlib
import json
import math
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple
from unittest import mock

import numpy as np

from d2l_local import torch as d2l
from d2l_local.book import training
from d2l_local.figures.widget import bundle

HARNESS = Path(__file__).resolve().parent / "train_airfoil_node.mjs"
METHODS = {"Adam (ours)": "adam", "Yogi (ours)": "yogi"}


class SettingClass(NamedTuple):
    lr_range: tuple
    explode_factor: float  # the divergence rule's factor the runs are trained with
    bound: float  # the largest relative difference allowed between the curves


# No setting the explorer offers (η <= 1) blows up 100-fold, so runs that diverge
# are trained with a factor of 1: a run stops at the first evaluation whose loss is
# not below the starting loss.
CLASSES = {
    "converging": SettingClass((1e-4, 0.1), training.EXPLODE_FACTOR, 1e-6),
    "oscillating": SettingClass((0.1, 1.0), training.EXPLODE_FACTOR, 1e-3),
    "diverging": SettingClass((0.1, 1.0), 1.0, 1e-3),
}


def bound(hp):
    """The relative difference allowed at these settings (η decides the class)."""
    return CLASSES["converging" if hp["lr"] <= 0.1 else "oscillating"].bound


def random_settings(rng, count, lr_range=(1e-4, 0.1)):
    """Log-uniform lr and eps, uniform beta1, beta2 uniform in its number of nines."""
    lo, hi = (math.log10(x) for x in lr_range)
    return [
        {
            "lr": 10 ** rng.uniform(lo, hi),
            "beta1": rng.uniform(0, 0.99),
            "beta2": 1 - 10 ** -rng.uniform(1, 5),
            "eps": 10 ** rng.uniform(-10, 0),
        }
        for _ in range(count)
    ]


def kernel_curves(problem, lesson, settings):
    """``{method: Curve}`` per setting, from the kernel's ``loss_curves``."""
    trainers = {name: lesson[method] for name, method in METHODS.items()}
    return [
        {
            METHODS[name]: curve
            for name, curve in d2l.loss_curves(
                trainers, lesson["init_adam_states"], problem, hp, torch_adam=False
            ).items()
        }
        for hp in settings
    ]


def js_curves(payload, settings, node=None):
    """The same, from the JavaScript trainer in Node (losses: inf where not finite)."""
    runs = [dict(hp, method=method) for hp in settings for method in METHODS.values()]
    out = subprocess.run(
        [node or shutil.which("node"), str(HARNESS)],
        check=True,
        input=json.dumps({"problem": payload, "runs": runs}),
        capture_output=True,
        text=True,
    ).stdout
    curves = iter(json.loads(out))
    result = []
    for _ in settings:
        per_method = {}
        for method in METHODS.values():
            curve = next(curves)
            curve["losses"] = [math.inf if x is None else x for x in curve["losses"]]
            per_method[method] = curve
        result.append(per_method)
    return result


def relative_difference(a, b):
    """|a - b| relative to the larger; 0 for equal numbers (also equal infinities)."""
    if a == b:
        return 0.0
    if math.isfinite(a) and math.isfinite(b):
        return abs(a - b) / max(abs(a), abs(b))
    return math.inf


def compare(settings, kernel, js, limit):
    """Per setting and method: the largest relative difference, both verdicts, and
    the verdict's margin: how close (relative, |log(loss / limit)|) the kernel's
    loss came to the divergence ``limit`` at any evaluation."""
    rows = []
    for hp, k_runs, j_runs in zip(settings, kernel, js):
        for method in METHODS.values():
            k, j = k_runs[method], j_runs[method]
            rows.append(
                {
                    **hp,
                    "method": method,
                    "max_rel": max(map(relative_difference, k.losses, j["losses"])),
                    "same_points": k.epochs == j["epochs"],
                    "kernel_diverged_at": k.diverged_at,
                    "js_diverged_at": j["diverged_at"],
                    "margin": min(abs(math.log(x / limit)) for x in k.losses),
                }
            )
    return rows


def page_digest(payload):
    """A digest of what the page computes with: the problem and the JavaScript."""
    return hashlib.sha256((json.dumps(payload, sort_keys=True) + bundle()).encode()).hexdigest()


def run_class(name, problem, payload, lesson, count, seed, node=None):
    """``compare`` at ``count`` random settings of class ``name`` (each class draws
    its own settings from ``seed``)."""
    lr_range, factor, _ = CLASSES[name]
    settings = random_settings(
        np.random.default_rng([seed, list(CLASSES).index(name)]), count, lr_range
    )
    with mock.patch.object(training, "EXPLODE_FACTOR", factor):
        kernel = kernel_curves(problem, lesson, settings)
    js = js_curves(dict(payload, explode_factor=factor), settings, node)
    return compare(settings, kernel, js, factor * max(d2l.start_loss(problem), 1e-12))


def assert_agree(rows, tolerance):
    """The same evaluation points and verdicts, each verdict clear of the limit by
    twice ``tolerance`` (so no difference within it could change the verdict), and
    losses within ``tolerance`` of each other."""
    for row in rows:
        assert row["same_points"], row
        assert row["js_diverged_at"] == row["kernel_diverged_at"], row
        assert row["margin"] > 2 * tolerance, row
        assert row["max_rel"] <= tolerance, row


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from d2l_local.core.problem_payload import encode_problem
    from tools.lesson import lesson_functions

    problem = d2l.make_problem(d2l.get_data_ch11(batch_size=10)[0], seed=0)
    payload, lesson = encode_problem(problem), lesson_functions()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    for name in CLASSES:
        rows = run_class(name, problem, payload, lesson, count, seed=1)
        if name == "diverging":
            rows = [row for row in rows if row["kernel_diverged_at"] is not None]
        same = [r["same_points"] and r["js_diverged_at"] == r["kernel_diverged_at"] for r in rows]
        print(
            f"{name:12s} {len(rows):5d} runs, largest difference "
            f"{max(r['max_rel'] for r in rows):.2g}, smallest margin "
            f"{min(r['margin'] for r in rows):.2g}, same points and verdicts: {all(same)}"
        )
