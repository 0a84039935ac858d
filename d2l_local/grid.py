"""Loss curves on a grid of Adam's hyperparameters, for pages without a kernel.

An exported page cannot train, so at build time we train every combination
of a few values of β1, β2, η and ε, for Adam and Yogi, with the vectorised
trainer, and the page looks the curves up. The runs start from the live
explorer's weights and see its minibatches in its order (``make_problem``),
and, as in the explorer, Yogi gets the same ε as Adam: so a grid point shows
the numbers the kernel's explorer computes for the same slider settings.

Every grid value is also a value the live sliders can take: η and ε in
half-decades, β2 on the explorer's "number of nines" scale.
"""

import base64
import math
from dataclasses import dataclass

import numpy as np

from .curves import make_problem, start_loss
from .hyperparams import BOOK
from .sweep import grid, train_sweep


def _nines(k):
    """β2 with ``k`` nines (k = 2.5 lies halfway on the slider), as the explorer rounds it."""
    return round(1 - 10**-k, 12)


AXES = {  # in this order: the flat index of a grid point is C order over these
    "beta1": [0.0, 0.5, 0.9, 0.99, 0.999],
    "beta2": [_nines(k) for k in (1, 1.5, 2, 2.5, 3, 4, 5)],
    "lr": [10.0 ** (e / 2) for e in range(-8, 1)],  # 1e-4 ... 1
    "eps": [1e-10, 1e-8, 1e-6, 1e-3, 1e-2, 1e-1, 1.0],
}


@dataclass
class LossGrid:
    """Loss curves at every grid point: ``losses[name]`` is (K, E) float32, NaN
    after a run diverged; ``diverged_at[name]`` is the step (-1: did not)."""

    axes: dict
    epochs: np.ndarray
    losses: dict
    diverged_at: dict
    start_loss: float
    seed: int

    def index(self, **values):
        """Flat index of the grid point with these values (every axis required)."""
        flat = 0
        for name, axis in self.axes.items():
            if name not in values:
                raise ValueError(f"missing {name}: give one of {axis}")
            flat = flat * len(axis) + _position(name, axis, values[name])
        return flat

    def curve(self, name, **values):
        """``(losses, diverged_at)`` of one curve; the losses stop where it diverged."""
        k = self.index(**values)
        losses = self.losses[name][k]
        return losses[~np.isnan(losses)], int(self.diverged_at[name][k])


def compute_grid(trainers, data_iter, seed=0, num_epochs=2, axes=AXES):
    """Train every grid point for ``trainers`` (the explorer's curve names mapped to
    the chapter's ``adam`` and ``yogi``); the explorer's ``seed`` and data."""
    problem = make_problem(data_iter, seed, num_epochs)
    settings, _ = grid(**axes)
    losses, diverged_at = {}, {}
    for name, trainer_fn in trainers.items():
        sweep = train_sweep(trainer_fn, problem, **settings)
        losses[name] = sweep.losses.astype(np.float32)
        diverged_at[name] = sweep.diverged_at.astype(np.int32)
    return LossGrid(
        {k: [float(v) for v in vs] for k, vs in axes.items()},
        np.asarray(sweep.epochs, dtype=np.float64),
        losses,
        diverged_at,
        start_loss(problem),
        seed,
    )


def _b64(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def encode(loss_grid):
    """A JSON-ready dict: losses as base64 float32 little-endian, C order (K, E);
    divergences as a short ``{flat index: step}`` map per curve."""
    return {
        "axes": loss_grid.axes,
        "defaults": {
            name: _position(name, axis, BOOK[name]) for name, axis in loss_grid.axes.items()
        },
        "epochs": [float(x) for x in loss_grid.epochs],
        "start_loss": loss_grid.start_loss,
        "seed": loss_grid.seed,
        "curves": {
            name: {
                "losses": _b64(loss_grid.losses[name], "<f4"),
                "diverged_at": {
                    str(k): int(step)
                    for k, step in enumerate(loss_grid.diverged_at[name])
                    if step >= 0
                },
            }
            for name in loss_grid.losses
        },
    }


def _position(name, axis, value):
    """Where ``value`` sits on ``axis``; a ``ValueError`` if it is not there."""
    for i, v in enumerate(axis):
        if math.isclose(v, value, rel_tol=1e-9):
            return i
    raise ValueError(f"{name}={value!r} is not on the grid: choose from {axis}")


def decode(payload):
    """The inverse of ``encode``."""
    K = math.prod(len(axis) for axis in payload["axes"].values())
    E = len(payload["epochs"])
    losses, diverged_at = {}, {}
    for name, curve in payload["curves"].items():
        raw = np.frombuffer(base64.b64decode(curve["losses"]), dtype="<f4")
        if raw.size != K * E:
            raise ValueError(f"{name}: {raw.size} losses, expected {K} x {E}")
        losses[name] = raw.reshape(K, E).astype(np.float32)
        diverged_at[name] = np.full(K, -1, dtype=np.int32)
        for k, step in curve["diverged_at"].items():
            diverged_at[name][int(k)] = step
    return LossGrid(
        payload["axes"],
        np.asarray(payload["epochs"]),
        losses,
        diverged_at,
        payload["start_loss"],
        payload["seed"],
    )
