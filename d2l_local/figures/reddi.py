"""Reddi et al.'s problem as a figure: sliders for C, β1 and β2 that rerun the
chapter's ``run_reddi`` and redraw both panels of ``d2l_local/core/reddi.py``'s picture."""

import numpy as np

from ..core.reddi import STYLES, average_regret, log_sample
from ..core.sliders import REDDI_PAPER, REDDI_SLIDERS
from ..messages import message, messages
from .widget import Figure, slider_specs

REDDI_STEPS = {"C": 0.5, "beta1": 0.01, "beta2": 0.001}

# The same hues in the browser, from Okabe & Ito's palette (web/figure.css), which keeps
# them apart for readers with a colour-vision deficiency and in both colour schemes.
PAGE_COLORS = {"Adam": "vermillion", "AMSGrad": "blue", "Yogi": "green"}


class ReddiExplorer(Figure):
    """Sliders for C, β1 and β2 that rerun the problem and redraw both panels.

    ``run_reddi`` is the chapter's function (its signature: ``run_reddi(C, beta1,
    beta2, lr, eps, steps)`` returning the points and scales of each method); the
    exported page reruns a JavaScript copy of it. A run is ``steps`` long; the plot
    shows the points at ``t_sample`` (evenly spread on the log t axis).
    """

    sliders = REDDI_SLIDERS

    def __init__(self, run_reddi, steps=30_000, lr=0.1, eps=1e-6):
        self.run_reddi, self.steps, self.lr, self.eps = run_reddi, steps, lr, eps
        sample = log_sample(steps, points=300)  # plenty for a panel of 520 px
        spec = {
            "sliders": slider_specs(REDDI_SLIDERS, REDDI_STEPS),
            "methods": [
                {"name": m, "color": PAGE_COLORS[m], "dash": style, "width": w}
                for m, (_, style, w) in STYLES.items()
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

    def preset_values(self, preset):
        """The paper's button sets β1 = 0 and β2 = 1 / (1 + C²) for the current C."""
        if preset.get("kind") == "paper":
            return {**self.values, "beta1": 0.0, "beta2": 1 / (1 + self.values["C"] ** 2)}
        return {**self.values, **preset["values"]}

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
