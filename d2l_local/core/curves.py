"""Loss curves for chosen hyperparameters, without any widget, one run or many.

The explorers, the landscape's sweep, their tests and the benchmarks all train
through ``train_runs``. Every run starts from the same weights and sees the same
minibatches in the same order (those of ``train_ch11`` for the seed), so two
curves differ only because an optimiser or a hyperparameter does.

Two choices keep a rerun fast enough for a slider, and neither changes a
number beyond float rounding (the tests check both):

* The gradient of the linear model's loss is written out by hand
  (``X.T @ r / B`` and ``mean(r)``, with ``X.T / B`` computed once per
  minibatch) and put in ``p.grad`` before the optimiser runs: a third of the
  cost of a backward pass through autograd. The same code trains K runs at
  once when ``w`` has K columns (``sweep.py``).
* The full-data loss is a quadratic form in the data's 7 x 7 second-moment
  matrix, in float64: a few numbers per run instead of a pass over all rows.

``torch.optim.Adam`` runs with ``fused=True``, its one-kernel version of the
same update. It gets the same loss as the from-scratch optimisers, half the
squared error (``module_run`` and the book's concise version use
``nn.MSELoss``, whose gradient is twice as large; Adam barely notices, except
through ε), so that only the optimiser differs between curves.
"""

from dataclasses import dataclass
from functools import cached_property

import torch

from ..book.hyperparams import BOOK, check
from ..book.training import Schedule, book_schedule, run_schedule
from .threads import one_thread

BOOK_DEFAULTS = BOOK  # the name the chapter uses
TORCH_ADAM = "torch.optim.Adam"


@dataclass(frozen=True)
class Problem:
    """What stays fixed between runs: the starting weights and the minibatches."""

    w0: torch.Tensor  # (feature_dim, 1); the bias starts at 0
    schedule: Schedule

    @cached_property
    def scaled_transposes(self):
        """``X.T / B`` of every minibatch, in order: half the gradient's work."""
        return [X.T / X.shape[0] for batches in self.schedule.epochs for X, _ in batches]

    @cached_property
    def second_moments(self):
        """M = A^T A / n for A = [X, 1, y], in float64."""
        X, y = self.schedule.features, self.schedule.labels
        A = torch.cat([X, torch.ones(len(X), 1), y], dim=1).double()
        return A.T @ A / len(A)

    def loss(self, w, b):
        """The full-data loss of every column of ``w`` (and entry of ``b``), in float64:
        mean((X w + b - y)^2) / 2 = z^T M z / 2 with z = (w, b, -1)."""
        w = torch.as_tensor(w).detach().double().reshape(len(self.w0), -1)
        b = torch.as_tensor(b).detach().double().reshape(1, -1).expand(1, w.shape[1])
        z = torch.cat([w, b, -torch.ones_like(b)])
        return ((self.second_moments @ z) * z).sum(dim=0).numpy() / 2


def make_problem(data_iter, seed=0, num_epochs=2):
    """Draw ``train_ch11``'s starting weights and minibatch order for ``seed``.

    The draws happen in a forked RNG, so the caller's random stream is left
    exactly as it was.
    """
    feature_dim = data_iter.dataset.tensors[0].shape[1]
    with torch.random.fork_rng():
        torch.manual_seed(seed)
        w0 = torch.normal(mean=0.0, std=0.01, size=(feature_dim, 1))
        schedule = book_schedule(data_iter, num_epochs)
    return Problem(w0, schedule)


def start_loss(problem):
    """The loss before any training step (divergence is judged against it)."""
    return float(problem.loss(problem.w0, 0.0)[0])


def train_runs(problem, update, w, b, on_eval=None, eval_every=200):
    """Train K linear models at once, column k of ``w`` (d, K) and entry k of ``b``
    (K,) being run k; ``update()`` applies one optimiser step to ``[w, b]``;
    ``on_eval(x, loss)`` sees each evaluation (``run_schedule``'s), one every
    ``eval_every`` examples."""
    transposes = iter(problem.scaled_transposes)

    def step(X, y):
        r = torch.addmm(b - y, X, w)  # X @ w + b - y; the loss is mean(r ** 2 / 2)
        w.grad = next(transposes) @ r
        b.grad = r.mean(0)
        update()

    # No autograd at all (the gradient is written by hand): in inference mode torch
    # skips its bookkeeping, which makes a rerun about a quarter faster, same numbers.
    with one_thread(), torch.inference_mode():
        return run_schedule(
            step, lambda: problem.loss(w, b), problem.schedule, eval_every, on_eval=on_eval
        )


def _start(problem):
    """Fresh copies of the starting weight and bias."""
    return problem.w0.clone(), torch.zeros(1)


def scratch_curve(problem, trainer_fn, init_states, hyperparams, eval_every=200, watch=None):
    """Train with a from-scratch optimiser in the book's calling convention;
    ``watch(w)``, if given, sees the weights at each evaluation."""
    check(hyperparams)
    w, b = _start(problem)
    states = init_states(w.shape[0])
    hyperparams = dict(hyperparams, t=1)
    update = lambda: trainer_fn([w, b], states, hyperparams)  # noqa: E731
    on_eval = None if watch is None else lambda x, loss: watch(w)
    return train_runs(problem, update, w, b, on_eval, eval_every).curve()


def torch_adam_curve(problem, hyperparams):
    """Train with ``torch.optim.Adam`` given the same hyperparameters."""
    check(hyperparams)
    hp = dict(BOOK, **hyperparams)
    w, b = _start(problem)
    optimizer = torch.optim.Adam(
        [w, b], lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]), eps=hp["eps"], fused=True
    )
    return train_runs(problem, optimizer.step, w, b).curve()


def loss_curves(trainers, init_states, problem, hyperparams, torch_adam=True, only=None):
    """One ``Curve`` per trainer (and for ``torch.optim.Adam``), by name.

    ``trainers`` maps a label to a from-scratch optimiser; all of them get
    the same ``hyperparams`` (``lr``, ``beta1``, ``beta2``, ``eps``).
    ``problem`` comes from ``make_problem``, or pass the data iterator to draw
    it for seed 0. ``only`` limits the run to some of the names (the explorer
    skips hidden curves).
    """
    check(hyperparams)
    if not isinstance(problem, Problem):
        problem = make_problem(problem)
    curves = {
        name: scratch_curve(problem, fn, init_states, hyperparams)
        for name, fn in trainers.items()
        if only is None or name in only
    }
    if torch_adam and (only is None or TORCH_ADAM in only):
        curves[TORCH_ADAM] = torch_adam_curve(problem, hyperparams)
    return curves


@dataclass(frozen=True)
class DecayCurve:
    """A run with weight decay, at each evaluation: the loss without the penalty and
    the length of ``w``; both end where the run diverged (``run_schedule``'s rule)."""

    epochs: list
    losses: list
    norms: list  # ||w|| in float64, of the float32 weights
    diverged_at: int | None


def decay_curve(problem, trainer_fn, init_states, hyperparams):
    """Train with ``trainer_fn`` (the chapter's ``adam_l2`` or ``adamw``), whose
    ``hyperparams`` hold ``lr`` and ``weight_decay``, from the problem's start on its
    minibatches: the run of the chapter's ``train_with_decay``, through ``train_runs``."""
    norms = []
    watch = lambda w: norms.append(float(w.double().norm()))  # noqa: E731
    curve = scratch_curve(problem, trainer_fn, init_states, hyperparams, watch=watch)
    return DecayCurve(curve.epochs, curve.losses, norms[: len(curve.losses)], curve.diverged_at)


def decay_runs(trainers, init_states, problem, weight_decay, lr):
    """One ``DecayCurve`` per trainer, by name, all with the same λ and η."""
    hyperparams = {"lr": lr, "weight_decay": weight_decay}
    return {
        name: decay_curve(problem, fn, init_states, hyperparams) for name, fn in trainers.items()
    }


@dataclass(frozen=True)
class ScheduleCurve:
    """A run with a learning-rate schedule: η_t at every step of the problem (whether
    or not the run got there) and the loss after every step, up to where it diverged."""

    rates: list
    losses: list
    diverged_at: int | None


def schedule_runs(schedules, scheduled, trainer, init_states, problem, lr):
    """One ``ScheduleCurve`` per schedule (a function of the step t = 1, 2, ...), by name:
    ``scheduled(trainer, schedule)`` trained from the problem's start on its minibatches
    with ``hyperparams`` ``{'lr': lr}`` at first, the run of Adam in practice's loop over
    schedules (``d2l.scratch_run`` evaluating after every minibatch), through
    ``train_runs``."""
    total = sum(len(batches) for batches in problem.schedule.epochs)
    every = problem.schedule.epochs[0][0][0].shape[0]  # one minibatch of examples
    runs = {}
    for name, schedule in schedules.items():
        hyperparams = {"lr": lr}
        curve = scratch_curve(
            problem, scheduled(trainer, schedule), init_states, hyperparams, every
        )
        rates = [float(schedule(t)) for t in range(1, total + 1)]
        runs[name] = ScheduleCurve(rates, curve.losses, curve.diverged_at)
    return runs
