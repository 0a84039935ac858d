"""The page's copies of lesson code (``d2l_local/web/compute``) run in Node beside the
kernel, at random settings: the helpers of ``tests/core/test_*_node.py``.

``python tests/compute_node.py [count]`` measures the largest differences again at
``count`` random settings of each figure (of each regime, for the weight-decay and
schedule explorers); ``python tests/compute_node.py 200 schedule`` measures one figure.
"""

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np

from d2l_local.book.training import EXPLODE_FACTOR

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


# --- the weight-decay explorer --------------------------------------------------------

# The regimes of the weight-decay explorer's sliders (λ and η log-uniform in each): η up
# to 0.1, where ηλ <= 1 and nothing diverges; η above 0.1 with AdamW's factor 1 - ηλ
# above -0.5; and ηλ from 2 up, where that factor passes -1 and AdamW's weights blow up.
DECAY_REGIMES = ("converging", "large η", "diverging")


def decay_settings(rng, count, regime):
    """``count`` values of the weight-decay explorer's sliders in ``regime``."""
    log_uniform = lambda lo, hi: 10 ** rng.uniform(math.log10(lo), math.log10(hi))  # noqa: E731
    values = []
    for _ in range(count):
        if regime == "converging":
            lr, weight_decay = log_uniform(1e-3, 0.1), log_uniform(1e-3, 10.0)
        elif regime == "large η":
            lr = log_uniform(0.1, 1.0)
            weight_decay = log_uniform(1e-3, min(10.0, 1.5 / lr))
        else:
            lr = log_uniform(0.2, 1.0)
            weight_decay = log_uniform(2.0 / lr, 10.0)
        values.append({"weight_decay": weight_decay, "lr": lr})
    return values


def decay_differences(figure, values, node=None):
    """Per values and method: the page's ``computeDecay`` against the figure's own
    ``compute`` (the chapter's adam_l2 and adamw through ``decay_runs``): the largest
    relative differences of the losses and of ||w||, both verdicts, whether the
    evaluations are the same, and the verdict's margin (how close, relatively, the
    kernel's loss came to the divergence limit at any evaluation)."""
    spec = {key: figure.spec[key] for key in ("problem", "methods", "constants")}
    pages = call_node("decay.js", "computeDecay", [[{"spec": spec, "values": v}] for v in values])
    limit = EXPLODE_FACTOR * max(figure.spec["start_loss"], 1e-12)
    rows = []
    for value, page in zip(values, pages):
        kernel, page = figure.compute(value)["curves"], page["result"]["curves"]
        assert set(page) == set(kernel), value
        for name, k in kernel.items():
            p = page[name]
            losses = [[math.inf if x is None else x for x in c["losses"]] for c in (p, k)]
            norms = [[math.inf if x is None else x for x in c["norms"]] for c in (p, k)]
            rows.append(
                {
                    **value,
                    "method": name,
                    "loss": max(map(relative_difference, *losses)),
                    "norm": max(map(relative_difference, *norms)),
                    "same_points": p["epochs"] == k["epochs"]
                    and len(p["norms"]) == len(k["norms"]),
                    "kernel_diverged_at": k["diverged_at"],
                    "page_diverged_at": p["diverged_at"],
                    "margin": min(abs(math.log(x / limit)) for x in losses[1] if x > 0),
                }
            )
    return rows


# --- the schedule explorer -------------------------------------------------------------

# The regimes of the schedule explorer's η (log-uniform in each; the warmup uniform over
# its slider and the decay any of the three): up to 0.3, where no loss rises far; from
# 0.3 to 2, where a short warmup lets the first steps lift the loss up to 40 times its
# start; and from 4 to 10, where a run without a long enough warmup passes 100 times
# its start and is stopped.
SCHEDULE_REGIMES = {"converging": (1e-3, 0.3), "large η": (0.3, 2.0), "diverging": (4.0, 10.0)}


def schedule_settings(rng, count, regime, total=300):
    """``count`` settings of the schedule explorer's controls in ``regime``."""
    low, high = (math.log10(x) for x in SCHEDULE_REGIMES[regime])
    return [
        {
            "lr": 10 ** rng.uniform(low, high),
            "warmup": int(rng.integers(0, total)),
            "decay": str(rng.choice(["cosine", "linear", "none"])),
        }
        for _ in range(count)
    ]


def schedule_differences(figure, values, node=None):
    """Per setting and run (the schedule's, constant η's): the page's ``computeSchedule``
    against the figure's own ``compute`` (the chapter's lr_at and scheduled over the
    lesson's adam, through ``schedule_runs``): the largest differences of η_t and of
    the losses (relative), both verdicts, whether the evaluations are as many, and the
    verdict's margin (how close, relatively, the kernel's loss came to the limit); η_t's
    difference is relative to η, the top of its panel."""
    spec = {key: figure.spec[key] for key in ("problem", "constants", "total")}
    pages = call_node(
        "schedule.js", "computeSchedule", [[{"spec": spec, "values": v}] for v in values], node
    )
    limit = EXPLODE_FACTOR * max(figure.spec["start_loss"], 1e-12)
    rows = []
    for value, page in zip(values, pages):
        kernel, page = figure.compute(value)["curves"], page["result"]["curves"]
        assert set(page) == set(kernel), value
        for name, k in kernel.items():
            p = page[name]
            losses = [[math.inf if x is None else x for x in c["losses"]] for c in (p, k)]
            rows.append(
                {
                    **value,
                    "run": name,
                    "rate": max(abs(a - b) for a, b in zip(p["rates"], k["rates"])) / value["lr"],
                    "loss": max(map(relative_difference, *losses)),
                    "same_points": len(p["losses"]) == len(k["losses"])
                    and len(p["rates"]) == len(k["rates"]),
                    "kernel_diverged_at": k["diverged_at"],
                    "page_diverged_at": p["diverged_at"],
                    "margin": min(abs(math.log(x / limit)) for x in losses[1] if x > 0),
                }
            )
    return rows


def relative_difference(a, b):
    """|a - b| relative to the larger; 0 for equal numbers (also equal infinities)."""
    if a == b:
        return 0.0
    if math.isfinite(a) and math.isfinite(b):
        return abs(a - b) / max(abs(a), abs(b))
    return math.inf


def report(title, count, rows, measures):
    """One line per regime: how many runs diverged, the largest relative difference of
    each measure (label: the rows' key), the smallest margin to the divergence limit,
    and whether page and kernel drew the same points with the same verdicts."""
    diverged = sum(r["kernel_diverged_at"] is not None for r in rows)
    same = all(r["same_points"] and r["page_diverged_at"] == r["kernel_diverged_at"] for r in rows)
    largest = ", of ".join(
        f"{label} {max(r[key] for r in rows):.2g}" for label, key in measures.items()
    )
    print(
        f"{title}: {count} settings, {len(rows)} runs ({diverged} diverged), largest relative "
        f"difference of {largest}, smallest margin {min(r['margin'] for r in rows):.2g}, "
        f"same points and verdicts: {same}"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from d2l_local import torch as d2l
    from tools.lesson import lesson_functions, practice_functions

    lesson = lesson_functions()
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    figures = sys.argv[2:] or ["reddi", "paths", "decay", "schedule"]  # which to measure
    rng = np.random.default_rng(1)
    if "reddi" in figures:
        reddi = reddi_differences(lesson["run_reddi"], reddi_settings(rng, count))
        print(f"Reddi: {count} settings, largest |x_t difference| {max(reddi):.2g}")
    if "paths" in figures:
        names = ("gradient descent", "momentum", "RMSProp", "Adam")
        trainers = dict(
            zip(names, (lesson[n] for n in ("gd_2d", "momentum_2d", "rmsprop_2d", "adam_2d")))
        )
        figure = d2l.explore_paths(trainers)
        paths = paths_differences(figure, path_values(rng, figure.spec, count))
        print(f"paths: {count} settings, largest difference {max(paths):.2g}")
    if "decay" in figures:
        practice = practice_functions()
        problem = d2l.make_problem(d2l.get_data_ch11(batch_size=10)[0], seed=0, num_epochs=4)
        decay = d2l.explore_decay(
            {"Adam + L2": practice["adam_l2"], "AdamW": practice["adamw"]},
            d2l.init_adam_states,
            problem,
        )
        for regime in DECAY_REGIMES:
            rows = decay_differences(decay, decay_settings(rng, count, regime))
            report(f"decay, {regime}", count, rows, {"the loss": "loss", "||w||": "norm"})
    if "schedule" in figures:
        practice = practice_functions()
        problem = d2l.make_problem(d2l.get_data_ch11(batch_size=10)[0], seed=0)
        schedule = d2l.explore_schedule(
            practice["lr_at"], practice["scheduled"], d2l.adam, d2l.init_adam_states, problem
        )
        for regime in SCHEDULE_REGIMES:
            rows = schedule_differences(schedule, schedule_settings(rng, count, regime))
            report(f"schedule, {regime}", count, rows, {"η_t": "rate", "the loss": "loss"})
