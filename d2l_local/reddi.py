"""Reddi, Kale & Kumar's online problem, on which Adam picks the worst point: its
gradients, the regret it measures, and the picture of a run.

On the interval [-1, 1] the loss at step t is ``C * x`` when ``t % 3 == 1``
and ``-x`` otherwise, so the gradient is ``C`` once, then ``-1`` twice. For
``C > 2`` the best fixed point is ``x = -1``. The chapter's own ``run_reddi``
runs Adam, AMSGrad and Yogi on it; this module describes the problem, draws a
run, and makes the figure whose sliders rerun it (``explore_reddi``).
"""

import numpy as np

from .hyperparams import REDDI_PAPER, REDDI_SLIDERS
from .messages import message, messages, tr
from .widget import Figure

# Adam wide and underneath, so that curves that agree stay visible on top of it.
# Colours as hex (matplotlib's tab:red, tab:blue, tab:green), for the browser too.
STYLES = {
    "Adam": ("#d62728", "-", 2.5),
    "AMSGrad": ("#1f77b4", "--", 1.5),
    "Yogi": ("#2ca02c", "-.", 1.5),
}
# The same hues in the browser, from Okabe & Ito's palette (web/figure.css), which keeps
# them apart for readers with a colour-vision deficiency and in both colour schemes.
PAGE_COLORS = {"Adam": "vermillion", "AMSGrad": "blue", "Yogi": "green"}


def reddi_gradients(C, steps):
    """The gradient of f_t: C when t mod 3 = 1, else -1, for t = 1 ... steps."""
    t = np.arange(1, steps + 1)
    return np.where(t % 3 == 1, float(C), -1.0)


def average_regret(C, x):
    """R_t / t against x = -1 for the points x_1 ... x_T; f_t is linear, so
    f_t(x) - f_t(-1) = g_t (x + 1)."""
    x = np.asarray(x, dtype=np.float64)
    return np.cumsum(reddi_gradients(C, len(x)) * (x + 1.0)) / np.arange(1, len(x) + 1)


def _log_sample(n, points=1500):
    """Indices spread evenly on a log axis, so a long run plots quickly."""
    return np.unique(np.geomspace(1, n, points).astype(int)) - 1


def plot_reddi(x, C, beta1, beta2, axes=None):
    """x_t and the average regret of each method (``x`` maps a method to its
    points x_1 ... x_T) against t, on log t axes."""
    import matplotlib.pyplot as plt

    from .plotting import use_svg_display

    if axes is None:
        use_svg_display()
        fig, axes = plt.subplots(1, 2, figsize=(8, 3), facecolor="white")
        # Fixed margins: an automatic layout would double the time of a redraw.
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.9, wspace=0.3)
    for method, points in x.items():
        points = np.asarray(points, dtype=np.float64)
        t, idx = np.arange(1, len(points) + 1), _log_sample(len(points))
        color, style, width = STYLES[method]
        for ax, y in zip(axes, (points, average_regret(C, points))):
            ax.plot(t[idx], y[idx], style, color=color, lw=width, label=method)
    axes[0].set(
        xscale="log",
        ylim=(-1.08, 1.08),
        xlabel=tr("step t"),
        ylabel="$x_t$",
        title=tr("C = {C:g}, β1 = {beta1:g}, β2 = {beta2:.3g}", C=C, beta1=beta1, beta2=beta2),
    )
    axes[0].axhline(-1, color="gray", lw=0.8, ls=":")
    axes[1].set(
        xscale="log",
        xlabel=tr("step t"),
        ylabel=tr("average regret $R_t / t$"),
        title=tr("regret against the best point x = -1"),
    )
    for ax in axes:
        ax.grid(alpha=0.3)
    axes[1].legend()
    return axes


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
        sample = _log_sample(steps, points=300)  # plenty for a panel of 520 px
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
