"""The book's 2-D helpers: run an optimizer on a function of (x1, x2) and draw its path.

A 2-D trainer, in the book's style, is a function
``trainer(x1, x2, s1, s2) -> (x1, x2, s1, s2)`` (or with a fifth argument
``f_grad``): it takes one step from (x1, x2), and s1, s2 carry whatever state
each coordinate needs between steps (nothing for gradient descent, a velocity
for momentum, ...). Every state starts at 0.

``train_2d`` and ``show_trace_2d`` have the book's signatures, printout and
results; ``show_trace_2d`` also takes an ``ax`` and a window, so that several
paths can be drawn side by side.
"""

from itertools import islice

import matplotlib.pyplot as plt
import numpy as np

from ..messages import tr
from .plotting import set_figsize

BOOK_START = (-5, -2)
# x1 from, to; x2 from, to. The book draws contours over (-5.5, 1, -3, 1); we add a
# little room on the right and at the top, where the paths of its optimizers overshoot.
WINDOW = (-5.5, 1.5, -3.0, 1.5)
CONTOUR_COLOR, PATH_COLOR = "#1f77b4", "#ff7f0e"  # the book's blue and orange


def trace_2d(trainer, start=BOOK_START, f_grad=None):
    """The points a 2-D trainer visits after ``start``, one per step, without end.

    Shared by ``train_2d`` and the path explorer, so both run a trainer alike."""
    x1, x2 = start
    s1 = s2 = 0
    while True:
        if f_grad:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2, f_grad)
        else:
            x1, x2, s1, s2 = trainer(x1, x2, s1, s2)
        yield x1, x2


def train_2d(trainer, steps=20, f_grad=None):
    """Run ``trainer`` for ``steps`` steps from the book's start (-5, -2).

    Returns the points visited, the start included, and prints the last one."""
    results = [BOOK_START, *islice(trace_2d(trainer, BOOK_START, f_grad), steps)]
    x1, x2 = results[-1]
    print(tr("epoch {steps}, x1: {x1:f}, x2: {x2:f}", steps=steps, x1=float(x1), x2=float(x2)))
    return results


def show_trace_2d(f, results, ax=None, window=WINDOW, levels=None, title=None):
    """Contours of ``f`` and the path ``results`` on top of them, in orange.

    The view is ``window`` (x1 from, to, x2 from, to), grown to show the whole
    path, as the book's figures do. ``f`` is called with two 2-D NumPy arrays.
    ``levels`` are the contour values; by default each is half the next, from
    the largest value in view down, so that the contours crowd neither the
    minimum nor the walls. Draws into ``ax``, or into a new figure of the
    book's size; returns the axes."""
    if ax is None:
        set_figsize()
        ax = plt.gca()
    points = np.asarray(results, dtype=float)
    points = points[np.isfinite(points).all(axis=1)]
    x1_low, x1_high = _grow(window[0], window[1], points[:, 0])
    x2_low, x2_high = _grow(window[2], window[3], points[:, 1])
    x1, x2 = np.meshgrid(np.linspace(x1_low, x1_high, 101), np.linspace(x2_low, x2_high, 101))
    values = np.asarray(f(x1, x2), dtype=float)
    if levels is None and values.min() >= 0 < values.max():
        levels = values.max() / 2.0 ** np.arange(9, 0, -1)
    ax.contour(x1, x2, values, levels=levels, colors=CONTOUR_COLOR, linewidths=0.8, alpha=0.6)
    ax.plot(*zip(*results), "-o", color=PATH_COLOR, lw=1.2, ms=3.5, mec="white", mew=0.5)
    ax.set_xlim(x1_low, x1_high)
    ax.set_ylim(x2_low, x2_high)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title, fontsize="medium")
    return ax


def _grow(low, high, values, margin=0.03):
    """The interval [low, high] widened to hold ``values``, plus a small margin."""
    if len(values):
        low, high = min(low, values.min()), max(high, values.max())
    pad = margin * (high - low)
    return low - pad, high + pad
