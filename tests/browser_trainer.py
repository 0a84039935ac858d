"""Compare the page's JavaScript trainer with the kernel's curves.

``d2l_local/web/train_airfoil.js`` trains the chapter's ``adam`` and ``yogi``
in float32 in the browser. Here we run it in Node (``train_airfoil_node.mjs``)
and the kernel's ``loss_curves`` at the same random settings, and measure how
far apart the curves are: ``test_browser_trainer.py`` in Node, and the page tests
(``test_browser_page.py``, ``test_browser_zh.py``) in Chromium.
"""

import contextlib
import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import torch

from d2l_local import torch as d2l

HARNESS = Path(__file__).resolve().parent / "train_airfoil_node.mjs"
METHODS = {"Adam (ours)": "adam", "Yogi (ours)": "yogi"}


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


def relative_differences(kernel_curve, js_curve):
    """Relative difference at each evaluation point both curves reached."""
    diffs = []
    for a, b in zip(kernel_curve.losses, js_curve["losses"]):
        if a == b:  # also equal infinities
            diffs.append(0.0)
        else:
            diffs.append(abs(a - b) / max(abs(a), abs(b)))
    return diffs


def compare(settings, kernel, js):
    """Per setting and method: the largest relative difference and both verdicts."""
    rows = []
    for hp, k_runs, j_runs in zip(settings, kernel, js):
        for method in METHODS.values():
            k, j = k_runs[method], j_runs[method]
            diffs = relative_differences(k, j)
            rows.append(
                {
                    **hp,
                    "method": method,
                    "max_rel": max(diffs),
                    # Bit-identical training shows as losses equal up to the float64
                    # rounding of the evaluation (a quadratic form in the kernel, a sum here).
                    "exact": k.epochs == j["epochs"] and max(diffs) <= 1e-12,
                    "same_points": k.epochs == j["epochs"],
                    "kernel_diverged_at": k.diverged_at,
                    "js_diverged_at": j["diverged_at"],
                }
            )
    return rows


def _dot_in_order(X, w):
    p = X * w
    return (((p[:, 0] + p[:, 1]) + p[:, 2]) + p[:, 3]) + p[:, 4]


def _dot_blocked(X, w):
    p = X * w
    return ((p[:, 0] + p[:, 1]) + p[:, 3]) + (p[:, 2] + p[:, 4])


def blas_orders_match(trials=20, seed=0):
    """Does this machine's BLAS sum the model's dot products as train_airfoil.js does?

    The JavaScript copies what MKL does on the CPU it was written on (an AVX2
    AMD EPYC): a 10-row minibatch sums rows 0-7 as ((p0+p1)+p3)+(p2+p4) and
    rows 8-9 left to right; the gradient's (X.T / 10) @ r sums left to right.
    Another BLAS or CPU may differ in the last bit, which then is float noise,
    not a different computation.
    """
    rng = np.random.default_rng(seed)
    f32 = np.float32
    for _ in range(trials):
        X = rng.standard_normal((10, 5)).astype(f32)
        w = rng.standard_normal(5).astype(f32)
        M = rng.standard_normal((10, 1)).astype(f32)
        r = torch.addmm(torch.from_numpy(M), torch.from_numpy(X), torch.from_numpy(w[:, None]))
        expected = M[:, 0] + np.concatenate([_dot_blocked(X[:8], w), _dot_in_order(X[8:], w)])
        XT = torch.from_numpy(X).T / 10
        residual = rng.standard_normal(10).astype(f32)
        grad = XT.numpy() * residual
        for k in range(1, 10):
            grad[:, 0] = grad[:, 0] + grad[:, k]
        if not (
            np.array_equal(r.numpy()[:, 0], expected)
            and np.array_equal((XT @ torch.from_numpy(residual[:, None])).numpy()[:, 0], grad[:, 0])
        ):
            return False
    return True


@contextlib.contextmanager
def correctly_rounded_sqrt():
    """Make ``torch.sqrt`` the correctly rounded float32 root for the chapter's code.

    torch computes a float32 root with MKL's vsSqrt, which on some CPUs is one
    ulp off in a sixth of the cases; with this, any remaining difference from
    the JavaScript trainer would be an order-of-operations mismatch.
    """
    original = torch.sqrt

    def exact(x):
        return original(x.double()).float() if x.dtype == torch.float32 else original(x)

    torch.sqrt = exact
    try:
        yield
    finally:
        torch.sqrt = original
