"""The chapter-11 training helpers, built on one training loop.

``run_schedule`` is that loop: it feeds minibatches to a step function,
evaluates the full-data loss every ``eval_every`` examples, hands each point
to an optional callback (the live plot, a widget, a test) and stops a run
whose loss stops being a number. ``train_ch11`` and ``train_concise_ch11``
are thin wrappers that match the book's signatures, printout and random
stream; the explorer and the benchmarks reuse the same loop.
"""

import math
import time
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from .plotting import Animator

EXPLODE_FACTOR = 100.0  # a loss this many times the starting loss has diverged


class Timer:
    """Record several running times."""

    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        self.tik = time.perf_counter()

    def stop(self):
        self.times.append(time.perf_counter() - self.tik)
        return self.times[-1]

    def avg(self):
        return sum(self.times) / len(self.times)

    def sum(self):
        return sum(self.times)

    def cumsum(self):
        return np.array(self.times).cumsum().tolist()


def linreg(X, w, b):
    """The linear regression model."""
    return X @ w + b


def squared_loss(y_hat, y):
    """Half the squared error, so that its gradient is just the residual."""
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def evaluate_loss(net, data_iter, loss):
    """Mean loss of ``net`` over every example in ``data_iter``."""
    total, count = 0.0, 0
    with torch.no_grad():
        for X, y in data_iter:
            out = net(X)
            l = loss(out, y.reshape(out.shape))
            total, count = total + float(l.sum()), count + l.numel()
    return total / count


_RANGES = {  # name: (low, high, is the low end allowed, is the high end allowed)
    "lr": (0.0, math.inf, False, False),
    "beta1": (0.0, 1.0, True, False),
    "beta2": (0.0, 1.0, True, False),
    "eps": (0.0, math.inf, True, False),
}


def check_hyperparams(hyperparams):
    """Refuse a hyperparameter that would make a run meaningless, by name.

    Accepts the book's dict keys (``lr``, ``beta1``, ``beta2``, ``eps``, ``t``)
    and ``torch.optim`` style ``betas``; other keys pass through unchecked.
    """
    values = dict(hyperparams)
    if "betas" in values:
        values["beta1"], values["beta2"] = values.pop("betas")
    for name, (low, high, low_ok, high_ok) in _RANGES.items():
        if name not in values:
            continue
        value = values[name]
        if isinstance(value, torch.Tensor):
            value = value.item()
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ValueError(f"{name} must be a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueError(f"{name} must be finite, got {value!r}")
        above = value > low or (low_ok and value == low)
        below = value < high or (high_ok and value == high)
        if not (above and below):
            lo, hi = "[" if low_ok else "(", "]" if high_ok else ")"
            raise ValueError(f"{name} must lie in {lo}{low:g}, {high:g}{hi}, got {value!r}")
    t = values.get("t", 1)
    if isinstance(t, bool) or not isinstance(t, int) or t < 1:
        raise ValueError(f"t must be an integer >= 1, got {t!r}")


@dataclass
class Schedule:
    """Minibatches in the exact order a training loop sees them, per epoch."""
    epochs: list
    features: torch.Tensor
    labels: torch.Tensor  # shaped (n, 1)


def book_schedule(data_iter, num_epochs, eval_every=200):
    """Draw the minibatches the book's loop would see, from the global RNG.

    The book evaluates the loss by iterating the shuffling ``data_iter`` again,
    which draws fresh random numbers; we replay those draws so that the next
    epoch's order, and every later random number, match the book's.
    """
    epochs, n = [], 0
    for _ in range(num_epochs):
        batches = []
        for X, y in data_iter:
            batches.append((X, y.reshape(-1, 1)))
            n += X.shape[0]
            if n % eval_every == 0:
                for _ in data_iter:
                    pass
        epochs.append(batches)
    features, labels = (torch.as_tensor(t) for t in data_iter.dataset.tensors)
    return Schedule(epochs, features, labels.reshape(-1, 1))


@dataclass
class Curve:
    """One training run: the loss after every ``eval_every`` examples."""
    epochs: list = field(default_factory=list)  # x: epochs completed
    losses: list = field(default_factory=list)
    times: list = field(default_factory=list)   # cumulative training seconds
    diverged_at: int | None = None               # minibatch step of the blow-up

    @property
    def final(self):
        return self.losses[-1] if self.losses else math.nan


def run_schedule(step, evaluate, schedule, eval_every=200, on_eval=None):
    """Train by calling ``step(X, y)`` on each minibatch of ``schedule``.

    ``evaluate()`` returns the current full-data loss; ``on_eval(x, loss)``
    is called with every evaluated point. A run whose loss turns non-finite,
    or grows past ``EXPLODE_FACTOR`` times its start, stops there and records
    the minibatch step in ``Curve.diverged_at``.
    """
    curve, timer, n, k = Curve(), Timer(), 0, 0
    limit = EXPLODE_FACTOR * max(evaluate(), 1e-12)
    timer.start()
    for batches in schedule.epochs:
        for X, y in batches:
            step(X, y)
            n, k = n + X.shape[0], k + 1
            if n % eval_every:
                continue
            timer.stop()
            loss = evaluate()
            curve.epochs.append(n / X.shape[0] / len(batches))
            curve.losses.append(loss if math.isfinite(loss) else math.inf)
            if on_eval is not None:
                on_eval(curve.epochs[-1], loss)
            if not loss < limit:
                curve.diverged_at = k
                curve.times = timer.cumsum()
                return curve
            timer.start()
    curve.times = timer.cumsum()
    return curve


def scratch_run(trainer_fn, states, hyperparams, schedule, w, b, **kwargs):
    """Train the linear model ``(w, b)`` with a from-scratch optimiser."""
    check_hyperparams(hyperparams)
    X_all, y_all = schedule.features, schedule.labels

    def step(X, y):
        squared_loss(linreg(X, w, b), y).mean().backward()
        trainer_fn([w, b], states, hyperparams)

    def evaluate():
        with torch.no_grad():
            return squared_loss(linreg(X_all, w, b), y_all).mean().item()

    return run_schedule(step, evaluate, schedule, **kwargs)


def module_run(net, optimizer, schedule, **kwargs):
    """Train ``net`` with a ``torch.optim`` optimiser; loss is MSE / 2."""
    X_all, y_all = schedule.features, schedule.labels
    loss = nn.MSELoss()

    def step(X, y):
        optimizer.zero_grad()
        loss(net(X), y).backward()
        optimizer.step()

    def evaluate():
        with torch.no_grad():
            return loss(net(X_all), y_all).item() / 2

    return run_schedule(step, evaluate, schedule, **kwargs)


def _animated(num_epochs):
    animator = Animator(xlabel="epoch", ylabel="loss",
                        xlim=[0, num_epochs], ylim=[0.22, 0.35])
    return animator, lambda x, loss: animator.add(x, (loss,))


def _report(curve, num_epochs):
    if curve.diverged_at is not None:
        print(f"diverged at step {curve.diverged_at}: loss {curve.final:.3g}")
    else:
        print(f"loss: {curve.final:.3f}, {curve.times[-1] / num_epochs:.3f} sec/epoch")


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    """Linear regression with a from-scratch optimiser, plotted live.

    Same signature, random stream, printout and return value as the book's.
    """
    check_hyperparams(hyperparams)
    w = torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    schedule = book_schedule(data_iter, num_epochs)
    animator, on_eval = _animated(num_epochs)
    curve = scratch_run(trainer_fn, states, hyperparams, schedule, w, b, on_eval=on_eval)
    _report(curve, num_epochs)
    return curve.times, curve.losses


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    """Linear regression with a ``torch.optim`` optimiser, plotted live.

    Like the book's, plus it returns ``(times, losses)`` as ``train_ch11`` does.
    """
    check_hyperparams(hyperparams)
    net = nn.Sequential(nn.Linear(5, 1))
    nn.init.normal_(net[0].weight, std=0.01)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    schedule = book_schedule(data_iter, num_epochs)
    animator, on_eval = _animated(num_epochs)
    curve = module_run(net, optimizer, schedule, on_eval=on_eval)
    _report(curve, num_epochs)
    return curve.times, curve.losses
