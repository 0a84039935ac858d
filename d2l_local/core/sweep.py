"""Train many configurations of a from-scratch optimiser at once.

A linear model is a column of five weights and a bias, so K configurations are
a (5, K) weight matrix and K biases, and one minibatch step for all of them is a
few batched tensor operations: the training of ``curves.train_runs`` with K
columns instead of one. The optimiser is the chapter's own ``adam`` or ``yogi``
(any function in the book's calling convention whose state is a (v, s) pair
per parameter, updated elementwise): each hyperparameter it reads becomes a
tensor with one value per configuration, which broadcasts along the columns.

Those tensors are float64, so a coefficient such as ``1 - beta2 ** t`` is
computed as precisely as from a Python number, and the results are stored in
the float32 weights and states: a configuration's curve equals a separate run
of the same function to float32 rounding (the tests check it to 1e-5).
"""

import itertools
import time
from dataclasses import dataclass

import numpy as np
import torch

from ..book.hyperparams import check
from ..book.training import Runs
from .curves import train_runs
from .foreach_adam import init_foreach_states


@dataclass
class Sweep(Runs):
    """K training runs evaluated at the same points, and the settings of each."""

    settings: dict = None  # name -> (K,) float64 array of every setting given
    seconds: float = 0.0  # wall time of the whole sweep


def grid(**axes):
    """Every combination of the given values, flattened in C order.

    ``grid(lr=[...], beta2=[...])`` returns ``({'lr': (K,), 'beta2': (K,)},
    shape)``; reshape any per-configuration result with ``shape``.
    """
    values = [np.asarray(v, dtype=np.float64).ravel() for v in axes.values()]
    combos = np.array(list(itertools.product(*values))).reshape(-1, len(values))
    return dict(zip(axes, combos.T)), tuple(len(v) for v in values)


def _settings(settings):
    """Per-configuration float64 arrays, all of one length K, checked by name."""
    arrays = {
        name: np.atleast_1d(np.asarray(value, dtype=np.float64))
        for name, value in settings.items()
        if value is not None
    }
    sizes = {a.size for a in arrays.values()} - {1}
    if len(sizes) > 1 or any(a.ndim != 1 for a in arrays.values()):
        raise ValueError(
            "lr, beta1, beta2 and eps must be numbers or 1-D arrays of one "
            f"length, got shapes { {k: a.shape for k, a in arrays.items()} }"
        )
    check(arrays)
    K = sizes.pop() if sizes else 1
    return {name: np.broadcast_to(a, (K,)).copy() for name, a in arrays.items()}, K


def train_sweep(trainer_fn, problem, lr=0.01, beta1=None, beta2=None, eps=None):
    """Train K configurations of ``trainer_fn`` (e.g. the chapter's ``adam``) on ``problem``.

    ``lr``, ``beta1``, ``beta2``, ``eps`` are numbers or 1-D arrays of length K;
    None leaves the value to ``trainer_fn``'s own default. Every run starts from
    ``problem.w0`` and sees ``problem.schedule`` (see ``make_problem``).
    """
    start = time.perf_counter()
    settings, K = _settings({"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps})
    w = problem.w0.detach().reshape(-1, 1).repeat(1, K)
    b = torch.zeros(K)
    states = init_foreach_states([w, b])
    hyperparams = {name: torch.from_numpy(a) for name, a in settings.items()}
    hyperparams["t"] = 1
    runs = train_runs(problem, lambda: trainer_fn([w, b], states, hyperparams), w, b)
    return Sweep(
        runs.epochs,
        runs.losses,
        runs.diverged_at,
        runs.times,
        settings,
        time.perf_counter() - start,
    )
