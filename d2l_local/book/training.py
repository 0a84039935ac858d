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

from ..messages import tr
from .hyperparams import check
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
    times: list = field(default_factory=list)  # cumulative training seconds
    diverged_at: int | None = None  # minibatch step of the blow-up

    @property
    def final(self):
        return self.losses[-1] if self.losses else math.nan


@dataclass
class Runs:
    """K training runs evaluated at the same points (K = 1 for a single run)."""

    epochs: np.ndarray  # (E,) epochs completed at each evaluation
    losses: np.ndarray  # (K, E) full-data losses; NaN once a run has diverged
    diverged_at: np.ndarray  # (K,) minibatch step at which a run diverged, -1 if never
    times: np.ndarray  # (E,) cumulative training seconds at each evaluation

    @property
    def diverged(self):
        return self.diverged_at >= 0

    @property
    def final(self):
        """Each run's last evaluated loss (inf if it blew up to NaN or inf)."""
        if self.losses.shape[1] == 0:  # the schedule ended before the first evaluation
            return np.full(len(self.losses), np.nan)
        last = (~np.isnan(self.losses)).sum(axis=1) - 1
        return self.losses[np.arange(len(last)), last]

    def curve(self, k=0):
        """Run ``k`` as a ``Curve``, ending at its blow-up if it diverged."""
        kept = int((~np.isnan(self.losses[k])).sum())
        step = int(self.diverged_at[k])
        return Curve(
            self.epochs[:kept].tolist(),
            self.losses[k, :kept].tolist(),
            self.times[:kept].tolist(),
            None if step < 0 else step,
        )


def run_schedule(step, evaluate, schedule, eval_every=200, on_eval=None):
    """Train by calling ``step(X, y)`` on each minibatch of ``schedule``; returns ``Runs``.

    ``evaluate()`` returns the current full-data loss: a number, or an array with
    one loss per run when ``step`` trains K runs at once (the vectorised sweep).
    ``on_eval(x, loss)`` is called with every evaluated point. A run whose loss
    is not finite, or reaches ``EXPLODE_FACTOR`` times its start, has diverged:
    its curve ends there (the minibatch step is recorded) and the others go on.
    """
    limit = EXPLODE_FACTOR * np.maximum(np.atleast_1d(evaluate()), 1e-12)
    alive = np.ones(len(limit), dtype=bool)
    diverged_at = np.full(len(limit), -1)
    epochs, losses, times, timer, n = [], [], [], Timer(), 0
    for k, (X, y, per_epoch) in enumerate(_minibatches(schedule), start=1):
        step(X, y)
        n += X.shape[0]
        if n % eval_every:
            continue
        timer.stop()
        loss = np.array(evaluate(), dtype=np.float64, ndmin=1)
        loss[~np.isfinite(loss)] = np.inf
        loss[~alive] = np.nan
        epochs.append(n / X.shape[0] / per_epoch)
        losses.append(loss)
        times.append(timer.sum())
        if on_eval is not None:
            on_eval(epochs[-1], loss[0] if len(loss) == 1 else loss)
        blown = alive & ~(loss < limit)
        diverged_at[blown], alive = k, alive & ~blown
        if not alive.any():
            break
        timer.start()
    losses = np.array(losses).T.reshape(len(limit), len(epochs))
    return Runs(np.array(epochs), losses, diverged_at, np.array(times))


def _minibatches(schedule):
    """Every minibatch in order, with the number of minibatches in its epoch."""
    for batches in schedule.epochs:
        for X, y in batches:
            yield X, y, len(batches)


def full_loss(schedule, w, b):
    """The mean loss over all the examples, as the book evaluates it."""
    with torch.no_grad():
        return squared_loss(linreg(schedule.features, w, b), schedule.labels).mean().item()


def scratch_run(trainer_fn, states, hyperparams, schedule, w, b, **kwargs):
    """Train the linear model ``(w, b)`` with a from-scratch optimiser."""
    check(hyperparams)

    def step(X, y):
        squared_loss(linreg(X, w, b), y).mean().backward()
        trainer_fn([w, b], states, hyperparams)

    return run_schedule(step, lambda: full_loss(schedule, w, b), schedule, **kwargs).curve()


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

    return run_schedule(step, evaluate, schedule, **kwargs).curve()


def _animated(num_epochs):
    animator = Animator(
        xlabel=tr("epoch"), ylabel=tr("loss"), xlim=[0, num_epochs], ylim=[0.22, 0.35]
    )
    return animator, lambda x, loss: animator.add(x, (loss,))


def _report(curve, num_epochs):
    step, loss = curve.diverged_at, curve.final
    if step is not None:
        print(tr("diverged at step {step}: loss {loss:.3g}", step=step, loss=loss))
    else:
        seconds = curve.times[-1] / num_epochs
        print(tr("loss: {loss:.3f}, {seconds:.3f} sec/epoch", loss=loss, seconds=seconds))


def train_ch11(trainer_fn, states, hyperparams, data_iter, feature_dim, num_epochs=2):
    """Linear regression with a from-scratch optimiser, plotted live.

    Same signature, random stream, printout and return value as the book's.
    """
    check(hyperparams)
    w = torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    schedule = book_schedule(data_iter, num_epochs)
    animator, on_eval = _animated(num_epochs)
    curve = scratch_run(trainer_fn, states, hyperparams, schedule, w, b, on_eval=on_eval)
    animator.draw()
    _report(curve, num_epochs)
    return curve.times, curve.losses


def train_concise_ch11(trainer_fn, hyperparams, data_iter, num_epochs=4):
    """Linear regression with a ``torch.optim`` optimiser, plotted live.

    Like the book's, plus it returns ``(times, losses)`` as ``train_ch11`` does.
    """
    check(hyperparams)
    net = nn.Sequential(nn.Linear(5, 1))
    nn.init.normal_(net[0].weight, std=0.01)
    optimizer = trainer_fn(net.parameters(), **hyperparams)
    schedule = book_schedule(data_iter, num_epochs)
    animator, on_eval = _animated(num_epochs)
    curve = module_run(net, optimizer, schedule, on_eval=on_eval)
    animator.draw()
    _report(curve, num_epochs)
    return curve.times, curve.losses
