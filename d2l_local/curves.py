"""Loss curves for chosen Adam hyperparameters, without any widget.

The explorer, its tests and its benchmark all call ``loss_curves``. Every
curve starts from the same weights and sees the same minibatches in the same
order (those of ``train_ch11`` for the seed), so two curves differ only
because an optimiser or a hyperparameter does.

Two choices keep a rerun fast enough for a slider, and neither changes a
number beyond float rounding (the tests check both):

* The gradient of the linear model's loss is written out by hand
  (``X.T @ r / B`` and ``mean(r)``, with ``X.T / B`` computed once per
  minibatch) and put in ``p.grad`` before the optimiser runs: a third of the
  cost of a backward pass through autograd.
* ``torch.optim.Adam`` runs with ``fused=True``, its one-kernel version of
  the same update. It gets the same loss as the from-scratch optimisers,
  half the squared error (``module_run`` and the book's concise version use
  ``nn.MSELoss``, whose gradient is twice as large; Adam barely notices,
  except through ε), so that only the optimiser differs between curves.
"""

from dataclasses import dataclass
from functools import cached_property

import torch

from .training import Schedule, book_schedule, check_hyperparams, linreg, run_schedule, squared_loss

BOOK_DEFAULTS = {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-6}
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


def _start(problem):
    """Fresh copies of the starting weight and bias."""
    return problem.w0.clone(), torch.zeros(1)


def start_loss(problem):
    """The loss before any training step (divergence is judged against it)."""
    X, y = problem.schedule.features, problem.schedule.labels
    return squared_loss(linreg(X, problem.w0, 0.0), y).mean().item()


def _train(problem, w, b, update):
    """Train the linear model ``(w, b)``; ``update()`` applies one optimiser step."""
    X_all, y_all = problem.schedule.features, problem.schedule.labels
    transposes = iter(problem.scaled_transposes)

    def step(X, y):
        r = torch.addmm(b - y, X, w)  # X @ w + b - y; the loss is mean(r ** 2 / 2)
        w.grad = next(transposes) @ r
        b.grad = r.mean(0)
        update()

    def evaluate():
        with torch.no_grad():
            return squared_loss(linreg(X_all, w, b), y_all).mean().item()

    return run_schedule(step, evaluate, problem.schedule)


def scratch_curve(problem, trainer_fn, init_states, hyperparams):
    """Train with a from-scratch optimiser in the book's calling convention."""
    check_hyperparams(hyperparams)
    w, b = _start(problem)
    states = init_states(w.shape[0])
    hyperparams = dict(hyperparams, t=1)
    return _train(problem, w, b, lambda: trainer_fn([w, b], states, hyperparams))


def torch_adam_curve(problem, hyperparams):
    """Train with ``torch.optim.Adam`` given the same hyperparameters."""
    check_hyperparams(hyperparams)
    hp = dict(BOOK_DEFAULTS, **hyperparams)
    w, b = _start(problem)
    optimizer = torch.optim.Adam([w, b], lr=hp["lr"], betas=(hp["beta1"], hp["beta2"]),
                                 eps=hp["eps"], fused=True)
    return _train(problem, w, b, optimizer.step)


def loss_curves(trainers, init_states, problem, hyperparams, torch_adam=True, only=None):
    """One ``Curve`` per trainer (and for ``torch.optim.Adam``), by name.

    ``trainers`` maps a label to a from-scratch optimiser; all of them get
    the same ``hyperparams`` (``lr``, ``beta1``, ``beta2``, ``eps``).
    ``problem`` comes from ``make_problem``, or pass the data iterator to draw
    it for seed 0. ``only`` limits the run to some of the names (the explorer
    skips hidden curves). Runs on one thread, faster for these tiny tensors,
    and restores the caller's thread count.
    """
    check_hyperparams(hyperparams)
    if not isinstance(problem, Problem):
        problem = make_problem(problem)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        curves = {name: scratch_curve(problem, fn, init_states, hyperparams)
                  for name, fn in trainers.items() if only is None or name in only}
        if torch_adam and (only is None or TORCH_ADAM in only):
            curves[TORCH_ADAM] = torch_adam_curve(problem, hyperparams)
    finally:
        torch.set_num_threads(threads)
    return curves
