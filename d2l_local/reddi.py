"""Reddi, Kale & Kumar's online problem on which Adam picks the worst point.

On the interval [-1, 1] the loss at step t is ``C * x`` when ``t % 3 == 1``
and ``-x`` otherwise, so the gradient is ``C`` once, then ``-1`` twice. For
``C > 2`` the best fixed point is ``x = -1``. The paper runs Adam with
``beta1 = 0``, ``beta2 = 1 / (1 + C**2)``, a step size ``lr / sqrt(t)`` and a
projection back onto the interval; Adam then drifts to ``+1``.

The gradients do not depend on ``x``, so neither do the optimisers' moment
estimates: we compute each method's per-step update first, then walk ``x``
with the projection. Plain Python floats in tight loops are faster here than
numpy or torch calls per step (300,000 steps of all three methods take about
a tenth of a second).

All three methods share ``lr``, ``beta1``, ``beta2`` and ``eps``; they differ
only in the second moment they divide by:

- Adam: ``s_t = beta2 s + (1 - beta2) g^2``, bias-corrected as in the chapter
  and in ``torch.optim.Adam``;
- AMSGrad: the running maximum of Adam's ``s_t``, then bias-corrected, which
  is what ``torch.optim.Adam(amsgrad=True)`` computes;
- Yogi: the chapter's ``yogi``: ``s`` starts at 0 and moves by
  ``(1 - beta2) g^2`` towards ``g^2``, bias-corrected like Adam's.
"""

import math
from dataclasses import dataclass

import numpy as np

from .training import check_hyperparams

METHODS = ("Adam", "AMSGrad", "Yogi")
# Adam wide and underneath, so that curves that agree stay visible on top of it.
STYLES = {"Adam": ("tab:red", "-", 2.5), "AMSGrad": ("tab:blue", "--", 1.5),
          "Yogi": ("tab:green", "-.", 1.5)}


@dataclass
class ReddiRun:
    """One run of the problem: ``x[m][i]`` is x_t played at t = i + 1."""
    C: float
    settings: dict             # lr, beta1, beta2, eps, x1
    t: np.ndarray              # 1 ... steps
    x: dict                    # method -> x_t
    average_regret: dict       # method -> R_t / t against x = -1

    @property
    def final(self):
        """Each method's last point, x_T."""
        return {m: float(xs[-1]) for m, xs in self.x.items()}


def reddi_gradients(C, steps):
    """The gradient of f_t: C when t mod 3 = 1, else -1, for t = 1 ... steps."""
    t = np.arange(1, steps + 1)
    return np.where(t % 3 == 1, float(C), -1.0)


def _ema(values, beta):
    """Exponential moving average starting from 0, as a list."""
    out, avg, keep = [], 0.0, 1.0 - beta
    for value in values:
        avg = beta * avg + keep * value
        out.append(avg)
    return out


def _yogi_accumulator(g2, beta2):
    """Yogi's s_t: a step of (1 - beta2) g^2 towards g^2, starting from 0."""
    out, s, keep = [], 0.0, 1.0 - beta2
    for q in g2:
        if q > s:
            s += keep * q
        elif q < s:
            s -= keep * q
        out.append(s)
    return out


def _projected_walk(updates, x1):
    """x_1 = x1, x_{t+1} = clip(x_t - update_t, -1, 1); returns x_1 ... x_T."""
    out, x = [], x1
    for update in updates[:-1].tolist():
        out.append(x)
        x -= update
        x = 1.0 if x > 1.0 else -1.0 if x < -1.0 else x
    out.append(x)
    return np.array(out)


def second_moments(g, beta2):
    """Each method's second-moment estimate s_t, before bias correction."""
    g2 = (g * g).tolist()
    adam = np.array(_ema(g2, beta2))
    return {"Adam": adam, "AMSGrad": np.maximum.accumulate(adam),
            "Yogi": np.array(_yogi_accumulator(g2, beta2))}


def average_regret(g, x):
    """R_t / t against x = -1; f_t is linear, so f_t(x) - f_t(-1) = g_t (x + 1)."""
    return np.cumsum(g * (x + 1.0)) / np.arange(1, len(g) + 1)


def run_reddi(C=3.0, beta1=0.0, beta2=None, lr=0.1, eps=1e-6, steps=300_000, x1=0.0):
    """Run Adam, AMSGrad and Yogi on the problem with the same settings.

    ``beta2=None`` means Reddi et al.'s choice 1 / (1 + C^2). The step size at
    step t is ``lr / sqrt(t)``; every iterate is projected onto [-1, 1].
    """
    C = float(C)
    if not (math.isfinite(C) and C > 2):
        raise ValueError(f"C must be a finite number above 2 (else x = -1 is not "
                         f"the best point), got {C!r}")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be an integer >= 1, got {steps!r}")
    if not (isinstance(x1, (int, float)) and -1 <= x1 <= 1):
        raise ValueError(f"x1 must lie in [-1, 1], got {x1!r}")
    beta2 = 1 / (1 + C * C) if beta2 is None else beta2
    settings = {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps}
    check_hyperparams(settings)
    t = np.arange(1, steps + 1)
    g = reddi_gradients(C, steps)
    v_hat = np.array(_ema(g.tolist(), beta1)) / -np.expm1(t * math.log(beta1)) \
        if beta1 > 0 else g
    correction = 1 / -np.expm1(t * math.log(beta2)) if beta2 > 0 else np.ones(steps)
    x, regret = {}, {}
    for method, s in second_moments(g, beta2).items():
        update = lr / np.sqrt(t) * v_hat / (np.sqrt(s * correction) + eps)
        x[method] = _projected_walk(update, float(x1))
        regret[method] = average_regret(g, x[method])
    return ReddiRun(C, {**settings, "x1": x1}, t, x, regret)


def _log_sample(n, points=1500):
    """Indices spread evenly on a log axis, so a long run plots quickly."""
    return np.unique(np.geomspace(1, n, points).astype(int)) - 1


def plot_reddi(run, axes=None):
    """x_t and the average regret of each method against t, on log t axes."""
    import matplotlib.pyplot as plt

    from .plotting import use_svg_display
    if axes is None:
        use_svg_display()
        fig, axes = plt.subplots(1, 2, figsize=(8, 3), facecolor="white")
        # Fixed margins: an automatic layout would double the time of a redraw.
        fig.subplots_adjust(left=0.08, right=0.98, bottom=0.16, top=0.9, wspace=0.3)
    idx = _log_sample(len(run.t))
    for method in run.x:
        color, style, width = STYLES[method]
        for ax, y in zip(axes, (run.x[method], run.average_regret[method])):
            ax.plot(run.t[idx], y[idx], style, color=color, lw=width, label=method)
    s = run.settings
    axes[0].set(xscale="log", ylim=(-1.08, 1.08), xlabel="step t", ylabel="$x_t$",
                title=f"C = {run.C:g}, β1 = {s['beta1']:g}, β2 = {s['beta2']:.3g}")
    axes[0].axhline(-1, color="gray", lw=0.8, ls=":")
    axes[1].set(xscale="log", xlabel="step t", ylabel="average regret $R_t / t$",
                title="regret against the best point x = -1")
    for ax in axes:
        ax.grid(alpha=0.3)
    axes[1].legend()
    return axes
