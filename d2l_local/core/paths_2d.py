"""The paths of the chapter's 2-D trainers for one setting of the path explorer.

``optimizer_paths`` implements no optimizer: it runs the trainers it is given
(the chapter's ``gd_2d``, ``momentum_2d``, ``rmsprop_2d`` and ``adam_2d``), so
a reader who edits one of them and rebuilds the explorer sees the edit.

Which setting reaches which trainer: η is every method's learning rate, and the
other settings (β1, β2, ε, bias correction, ε inside or outside the root) are
Adam's alone. Gradient descent, momentum and RMSProp keep the book's own values
(their trainers' defaults: β = 0.5, γ = 0.9, ε = 10⁻⁶ inside the root). Sharing
β2 with RMSProp would break it: RMSProp has no bias correction, so with γ = 0.999
its first step would be √1000 ≈ 32 times too large.

A path stops at the first step that lands on a point that is not finite or far
outside the window (more than ``FAR`` half-widths from its centre), or that
raises an arithmetic error; ``Path2D.diverged_at`` says which step that was.
"""

import math
from dataclasses import dataclass

from ..book.trace_2d import trace_2d
from .problems_2d import PROBLEMS_2D, Problem2D
from .sliders import PATH_SLIDERS

METHODS_2D = ("gradient descent", "momentum", "RMSProp", "Adam")
MAX_STEPS = int(PATH_SLIDERS["steps"].high)
FAR = 10.0


@dataclass
class Path2D:
    points: list  # (x1, x2) float pairs, the start first
    diverged_at: int | None = None  # the step whose point was lost, if one was
    reason: str | None = None  # why it was lost

    @property
    def status(self):
        """One line for a status bar: where the path ended, or why it stopped."""
        x1, x2 = self.points[-1]
        if self.diverged_at is None:
            return f"{len(self.points) - 1} steps, ends at ({x1:.3g}, {x2:.3g})"
        return f"diverged at step {self.diverged_at}: {self.reason}"


def optimizer_paths(
    trainers,
    problem="quadratic",
    start=None,
    steps=20,
    eta=0.4,
    beta1=0.9,
    beta2=0.999,
    eps=1e-6,
    bias_correction=True,
    eps_inside=False,
):
    """``{method: Path2D}`` for each trainer in ``trainers``, in the order of ``METHODS_2D``.

    ``trainers`` maps some of ``METHODS_2D`` to 2-D trainers that take ``f_grad`` and
    the keyword ``eta`` (Adam's also ``beta1``, ``beta2``, ``eps``,
    ``bias_correction`` and ``eps_inside``). ``problem`` is a key of
    ``PROBLEMS_2D`` (or a ``Problem2D``); ``start`` defaults to the problem's.
    """
    unknown = set(trainers) - set(METHODS_2D)
    if unknown or not trainers:
        raise ValueError(f"trainers: expected some of {METHODS_2D}, got {sorted(trainers)}")
    problem = problem if isinstance(problem, Problem2D) else PROBLEMS_2D[problem]
    start = tuple(float(x) for x in (problem.start if start is None else start))
    _check(start, steps, eta, beta1, beta2, eps)
    adam_settings = dict(
        beta1=beta1, beta2=beta2, eps=eps, bias_correction=bias_correction, eps_inside=eps_inside
    )
    paths = {}
    for method in METHODS_2D:
        if method in trainers:
            settings = dict(eta=eta, **(adam_settings if method == "Adam" else {}))
            paths[method] = _follow(trainers[method], settings, problem, start, steps)
    return paths


def _follow(trainer, settings, problem, start, steps):
    def step(x1, x2, s1, s2, f_grad):
        return trainer(x1, x2, s1, s2, f_grad, **settings)

    path = Path2D([start])
    points = trace_2d(step, start, problem.grad)
    for k in range(1, steps + 1):
        try:
            x1, x2 = (float(x) for x in next(points))
        except ArithmeticError as error:  # e.g. OverflowError from ** in an edited trainer
            path.diverged_at, path.reason = k, f"{type(error).__name__}: {error}"
            break
        if not (math.isfinite(x1) and math.isfinite(x2)):
            path.diverged_at, path.reason = k, "not a finite number"
            break
        if _far_outside(problem.window, x1, x2):
            path.diverged_at, path.reason = k, f"far outside the plot, at ({x1:.3g}, {x2:.3g})"
            break
        path.points.append((x1, x2))
    return path


def _far_outside(window, x1, x2):
    x1_low, x1_high, x2_low, x2_high = window
    return (
        abs(x1 - (x1_low + x1_high) / 2) > FAR * (x1_high - x1_low) / 2
        or abs(x2 - (x2_low + x2_high) / 2) > FAR * (x2_high - x2_low) / 2
    )


def _check(start, steps, eta, beta1, beta2, eps):
    """Refuse a setting that makes no sense, naming it."""
    if not all(math.isfinite(x) for x in start):
        raise ValueError(f"start must be two finite numbers, got {start}")
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise ValueError(f"steps must be an integer from 1 to {MAX_STEPS}, got {steps!r}")
    for name, value, ok in [
        ("eta", eta, 0 < eta < math.inf),
        ("beta1", beta1, 0 <= beta1 < 1),
        ("beta2", beta2, 0 <= beta2 < 1),
        ("eps", eps, 0 < eps < math.inf),
    ]:
        if not ok:
            raise ValueError(f"{name} = {value!r} is out of range")
