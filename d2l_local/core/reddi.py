"""Reddi, Kale & Kumar's online problem, on which Adam picks the worst point: its
gradients, the regret it measures, and the picture of a run.

On the interval [-1, 1] the loss at step t is ``C * x`` when ``t % 3 == 1``
and ``-x`` otherwise, so the gradient is ``C`` once, then ``-1`` twice. For
``C > 2`` the best fixed point is ``x = -1``. The chapter's own ``run_reddi``
runs Adam, AMSGrad and Yogi on it; this module describes the problem and draws a
run; ``d2l_local/figures/reddi.py`` is the figure whose sliders rerun it
(``explore_reddi``).
"""

import numpy as np

from ..messages import tr

# Adam wide and underneath, so that curves that agree stay visible on top of it.
# Colours as hex (matplotlib's tab:red, tab:blue, tab:green); the page has its own
# (figures/reddi.py's PAGE_COLORS).
STYLES = {
    "Adam": ("#d62728", "-", 2.5),
    "AMSGrad": ("#1f77b4", "--", 1.5),
    "Yogi": ("#2ca02c", "-.", 1.5),
}


def reddi_gradients(C, steps):
    """The gradient of f_t: C when t mod 3 = 1, else -1, for t = 1 ... steps."""
    t = np.arange(1, steps + 1)
    return np.where(t % 3 == 1, float(C), -1.0)


def average_regret(C, x):
    """R_t / t against x = -1 for the points x_1 ... x_T; f_t is linear, so
    f_t(x) - f_t(-1) = g_t (x + 1)."""
    x = np.asarray(x, dtype=np.float64)
    return np.cumsum(reddi_gradients(C, len(x)) * (x + 1.0)) / np.arange(1, len(x) + 1)


def log_sample(n, points=1500):
    """Indices spread evenly on a log axis, so a long run plots quickly."""
    return np.unique(np.geomspace(1, n, points).astype(int)) - 1


def plot_reddi(x, C, beta1, beta2, axes=None):
    """x_t and the average regret of each method (``x`` maps a method to its
    points x_1 ... x_T) against t, on log t axes."""
    import matplotlib.pyplot as plt

    from ..book.plotting import use_svg_display

    if axes is None:
        use_svg_display()
        fig, axes = plt.subplots(1, 2, figsize=(8, 3), facecolor="white")
        # Fixed margins: an automatic layout would double the time of a redraw.
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.9, wspace=0.3)
    for method, points in x.items():
        points = np.asarray(points, dtype=np.float64)
        t, idx = np.arange(1, len(points) + 1), log_sample(len(points))
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
