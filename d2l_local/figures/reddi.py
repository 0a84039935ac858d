"""Reddi et al.'s problem as a figure: sliders for C, β1 and β2 that rerun the
chapter's ``run_reddi`` and redraw both panels of ``d2l_local/core/reddi.py``'s picture."""

import numpy as np

from ..core.reddi import STYLES, average_regret, log_sample
from ..core.sliders import REDDI_PAPER, REDDI_SLIDERS
from ..messages import message, messages
from .widget import Figure

REDDI_STEPS = {"C": 0.5, "beta1": 0.01, "beta2": 0.001}


class ReddiExplorer(Figure):
    """Sliders for C, β1 and β2 that rerun the problem and redraw both panels.

    ``run_reddi`` is the chapter's function (its signature: ``run_reddi(C, beta1,
    beta2, lr, eps, steps)`` returning the points and scales of each method); the
    exported page reruns a JavaScript copy of it. A run is ``steps`` long; the plot
    shows the points at ``t_sample`` (evenly spread on the log t axis).
    """

    def __init__(self, run_reddi, steps=30_000, lr=0.1, eps=1e-6):
        self.run_reddi, self.steps, self.lr, self.eps = run_reddi, steps, lr, eps
        sample = log_sample(steps, points=300)  # plenty for a panel of 520 px
        spec = {
            "sliders": [
                {
                    "name": name,
                    "label": message(f"label.{name}"),
                    "low": s.low,
                    "high": s.high,
                    "scale": s.scale,
                    "step": REDDI_STEPS[name],
                }
                for name, s in REDDI_SLIDERS.items()
            ],
            "methods": [
                {"name": m, "color": c, "dash": style, "width": w}
                for m, (c, style, w) in STYLES.items()
            ],
            "presets": [
                {"label": message("reddi.paper"), "kind": "paper"},
                {"label": message("reddi.book"), "values": {"beta1": 0.9, "beta2": 0.999}},
            ],
            "steps": steps,
            "lr": lr,
            "eps": eps,
            "t": (sample + 1).tolist(),
            "messages": messages("reddi."),
            "fragment": "reddi",
            "defaults": REDDI_PAPER,
        }
        super().__init__(kind="reddi", spec=spec, values=dict(REDDI_PAPER))
        self.rerun()

    def set(self, **values):
        """Move sliders, e.g. ``set(C=4, beta2=0.06)``; out of range is a ValueError."""
        for name, value in values.items():
            if name not in REDDI_SLIDERS:
                raise ValueError(f"{name} is not a slider; choose from {sorted(REDDI_SLIDERS)}")
            if not REDDI_SLIDERS[name].interval.holds(value):
                raise ValueError(f"{name} must be in {REDDI_SLIDERS[name].interval}, got {value!r}")
        self.values = {**self.values, **{k: float(v) for k, v in values.items()}}

    def compute(self, values):
        C, beta1, beta2 = (float(values[name]) for name in ("C", "beta1", "beta2"))
        x, _ = self.run_reddi(C, beta1, beta2, lr=self.lr, eps=self.eps, steps=self.steps)
        index = np.array(self.spec["t"]) - 1
        result = {"x": {}, "regret": {}, "final": {}, "final_regret": {}}
        for method, points in x.items():
            regret = average_regret(C, points)
            result["x"][method] = np.asarray(points)[index].tolist()
            result["regret"][method] = regret[index].tolist()
            result["final"][method] = float(points[-1])
            result["final_regret"][method] = float(regret[-1])
        return result


def explore_reddi(run_reddi, steps=30_000):
    """The interactive version of the problem for the chapter's ``run_reddi``."""
    return ReddiExplorer(run_reddi, steps)
