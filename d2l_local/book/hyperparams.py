"""Adam's hyperparameters: the book's values, where each may lie, and one check.

Everything that takes η, β1, β2 or ε from a reader (the training helpers, the
vectorised trainer, the explorers, the exported page) asks this module, so a
default or a range is written down once; the sliders' ranges are in
``d2l_local/core/sliders.py``.
"""

import math
from dataclasses import dataclass

import numpy as np

BOOK = {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}  # the chapter's adam
YOGI_EPS = 1e-3  # our yogi's own ε, the reference implementations' default
DEFAULTS = {"adam": BOOK, "yogi": {**BOOK, "eps": YOGI_EPS}}


@dataclass(frozen=True)
class Interval:
    """Numbers from ``low`` to ``high``; each end included or not."""

    low: float
    high: float
    with_low: bool = True
    with_high: bool = True

    def holds(self, values):
        """Elementwise: finite and inside (a bool array, or a bool for a number)."""
        a = np.asarray(values, dtype=np.float64)
        above = (a > self.low) | (self.with_low & (a == self.low))
        below = (a < self.high) | (self.with_high & (a == self.high))
        return np.isfinite(a) & above & below

    def __str__(self):
        return (
            f"{'[' if self.with_low else '('}{self.low:g}, "
            f"{self.high:g}{']' if self.with_high else ')'}"
        )


VALID = {  # where each value keeps the algorithm meaningful
    "lr": Interval(0.0, math.inf, False, False),
    "beta1": Interval(0.0, 1.0, True, False),
    "beta2": Interval(0.0, 1.0, True, False),
    "eps": Interval(0.0, math.inf, True, False),
    "weight_decay": Interval(0.0, math.inf, True, False),  # AdamW's and L2's λ
}


def check(hyperparams, ranges=VALID):
    """Refuse a value that would make a run meaningless, with a ``ValueError`` naming it.

    Values are numbers or arrays (one per configuration of a sweep). Accepts the
    book's keys (``lr``, ``beta1``, ``beta2``, ``eps``, ``t``), ``weight_decay`` and
    ``torch.optim``'s ``betas``; other keys pass unchecked.
    """
    values = dict(hyperparams)
    if "betas" in values:
        values["beta1"], values["beta2"] = values.pop("betas")
    for name, interval in ranges.items():
        if name in values:
            _check_one(name, values[name], interval)
    t = values.get("t", 1)
    if isinstance(t, bool) or not isinstance(t, int) or t < 1:
        raise ValueError(f"t must be an integer >= 1, got {t!r}")


def _check_one(name, value, interval):
    if hasattr(value, "detach"):  # a torch tensor
        value = value.detach().cpu().numpy()
    array = np.asarray(value)
    if array.dtype == bool or not np.issubdtype(array.dtype, np.number):
        raise ValueError(f"{name} must be a number, got {value!r}")
    bad = ~interval.holds(array)
    if not bad.any():
        return
    if array.ndim == 0:
        what = "finite" if not np.isfinite(array) else f"in {interval}"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    i = int(np.flatnonzero(bad)[0])
    raise ValueError(
        f"{name} must be finite and in {interval}, got {array.flat[i]!r} (configuration {i})"
    )
