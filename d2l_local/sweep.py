"""Train many Adam or Yogi configurations of the airfoil regression at once.

A linear model has one weight row per configuration, so K configurations are
one (K, 6) parameter matrix (five weights and the bias). Every minibatch step
is a few batched tensor operations on that matrix; each configuration has its
own lr, beta1, beta2 and eps, and all of them see the same initial weights and
the same minibatches in the same order. The gradient of the half squared loss
is written out (``X^T (Xw + b - y) / B``), so no autograd graph is built. The
full-data loss comes from the data's 7 x 7 second-moment matrix, in float64:
a few numbers per configuration instead of a pass over all n examples.

The update is the chapter's ``adam`` / ``yogi`` operation for operation, in
float32 like the scalar loop, so a configuration's curve equals a separate
``scratch_run`` of the chapter's function (the tests check it to 1e-5).
Divergence follows ``run_schedule``: a loss that is not finite, or reaches
``EXPLODE_FACTOR`` times the starting loss, ends that configuration's run
at that evaluation; it leaves the batch and its later points are masked.
"""

import itertools
import time
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import torch

from .training import EXPLODE_FACTOR

DEFAULTS = {  # the chapter's defaults
    "adam": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-6},
    "yogi": {"beta1": 0.9, "beta2": 0.999, "eps": 1e-3},
}
_RANGES = {"lr": (0.0, False), "beta1": (0.0, True), "beta2": (0.0, True), "eps": (0.0, True)}


@dataclass
class Sweep:
    """K training runs evaluated at the same points."""
    settings: dict            # name -> (K,) float64 array: lr, beta1, beta2, eps
    epochs: np.ndarray        # (E,) epochs completed at each evaluation
    losses: np.ma.MaskedArray  # (K, E); masked after a configuration diverged
    diverged_at: np.ndarray   # (K,) minibatch step of the blow-up, -1 if none
    seconds: float            # wall time of the whole sweep

    @property
    def diverged(self):
        return self.diverged_at >= 0

    @property
    def final(self):
        """Each configuration's last evaluated loss (inf if it blew up to NaN/inf)."""
        last = (~np.ma.getmaskarray(self.losses)).sum(axis=1) - 1
        if self.losses.shape[1] == 0:  # the schedule ended before the first evaluation
            return np.full(len(last), np.nan)
        return self.losses.data[np.arange(len(last)), last]


def grid(**axes):
    """Every combination of the given values, flattened in C order.

    ``grid(lr=[...], beta2=[...])`` returns ``({'lr': (K,), 'beta2': (K,)},
    shape)``; reshape any per-configuration result with ``shape``.
    """
    values = [np.asarray(v, dtype=np.float64).ravel() for v in axes.values()]
    combos = np.array(list(itertools.product(*values))).reshape(-1, len(values))
    return dict(zip(axes, combos.T)), tuple(len(v) for v in values)


def _settings(method, lr, beta1, beta2, eps):
    """Per-configuration float64 arrays, refused by name when out of range."""
    if method not in DEFAULTS:
        raise ValueError(f"method must be one of {sorted(DEFAULTS)}, got {method!r}")
    given = {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps}
    arrays = {name: np.atleast_1d(np.asarray(
        DEFAULTS[method][name] if value is None else value, dtype=np.float64))
        for name, value in given.items()}
    sizes = {a.size for a in arrays.values()} - {1}
    if len(sizes) > 1 or any(a.ndim != 1 for a in arrays.values()):
        raise ValueError("lr, beta1, beta2 and eps must be numbers or 1-D arrays of one "
                         f"length, got shapes { {k: a.shape for k, a in arrays.items()} }")
    K = sizes.pop() if sizes else 1
    for name, (low, low_ok) in _RANGES.items():
        a = arrays[name]
        high = 1.0 if name.startswith("beta") else np.inf
        bad = ~(np.isfinite(a) & ((a > low) | (low_ok & (a == low))) & (a < high))
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            lo = "[" if low_ok else "("
            raise ValueError(f"{name} must lie in {lo}{low:g}, {high:g}) and be finite, "
                             f"got {a[i]!r} (configuration {i})")
    return {name: np.broadcast_to(a, (K,)).copy() for name, a in arrays.items()}


@contextmanager
def _one_thread():
    """The tensors are tiny: extra threads only wait for each other (badly so on
    a shared machine), and one thread sums in the same order every time."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def _update(method, live, G, bias1, bias2):
    """One step of the chapter's ``adam`` or ``yogi``, for every row at once."""
    v = live["beta1"] * live["v"] + live["keep1"] * G
    if method == "adam":
        s = live["beta2"] * live["s"] + live["keep2"] * G ** 2
    else:
        g2 = G ** 2
        s = live["s"] + live["keep2"] * torch.sign(g2 - live["s"]) * g2
    v_hat, s_hat = v / bias1, s / bias2
    P = live["P"] - live["lr"] * v_hat / (torch.sqrt(s_hat) + live["eps"])
    return {**live, "P": P, "v": v, "s": s}


def _residual(P, X, y):
    """(B, K) residuals, summed in the scalar loop's order: X w, then + b, - y."""
    return X @ P[:, :-1].T + P[:, -1] - y.reshape(-1, 1)


def _gradient(P, X, y):
    """(K, 6) gradient of the mean half squared loss, as autograd rounds it:
    d/dr of mean(r^2 / 2) is r times float32(1 / B)."""
    r = _residual(P, X, y) * torch.tensor(1 / len(X), dtype=torch.float32)
    return torch.cat([(X.T @ r).T, r.sum(dim=0, keepdim=True).T], dim=1)


def _second_moments(X, y):
    """M = A^T A / n for A = [X, 1, y], in float64: the full-data loss of every
    configuration then costs a 7 x 7 quadratic form instead of a pass over n rows."""
    A = torch.cat([X, torch.ones(len(X), 1), y.reshape(-1, 1)], dim=1).double()
    return A.T @ A / len(A)


def _mean_loss(P, M):
    """mean((X w + b - y)^2) / 2 = z^T M z / 2 with z = (w, b, -1), per row of P."""
    z = torch.cat([P.double(), -torch.ones(len(P), 1, dtype=torch.float64)], dim=1)
    return ((z @ M) * z).sum(dim=1) / 2


def train_sweep(method, schedule, w0, b0=0.0, lr=0.01, beta1=None, beta2=None,
                eps=None, eval_every=200):
    """Train K configurations of ``method`` ('adam' or 'yogi') on ``schedule``.

    ``w0`` (5, 1) and ``b0`` are the initial weights shared by every run;
    ``lr``, ``beta1``, ``beta2``, ``eps`` are numbers or 1-D arrays of length K
    (None: the chapter's default). Returns a ``Sweep``.
    """
    start = time.perf_counter()
    cfg = _settings(method, lr, beta1, beta2, eps)
    features = schedule.features.shape[1]
    w_shape, b_shape = torch.as_tensor(w0).shape, torch.as_tensor(b0).shape
    if w_shape.numel() != features or b_shape.numel() != 1:
        raise ValueError(f"w0 must hold {features} weights and b0 one number, got shapes "
                         f"{tuple(w_shape)} and {tuple(b_shape)}")
    if isinstance(eval_every, bool) or not isinstance(eval_every, int) or eval_every < 1:
        raise ValueError(f"eval_every must be an integer >= 1, got {eval_every!r}")
    with _one_thread():
        epochs, losses, diverged_at = _train(method, schedule, w0, b0, cfg, eval_every)
    return Sweep(cfg, epochs, losses, diverged_at, time.perf_counter() - start)


def _train(method, schedule, w0, b0, cfg, eval_every):
    K = len(cfg["lr"])
    f32 = lambda a: torch.as_tensor(np.asarray(a), dtype=torch.float32)  # noqa: E731
    # Coefficients rounded to float32 from float64, as Python floats are in the scalar loop.
    live = {name: f32(value).reshape(-1, 1) for name, value in cfg.items()}
    live["keep1"], live["keep2"] = (f32(1 - cfg[b]).reshape(-1, 1) for b in ("beta1", "beta2"))
    steps = sum(len(batches) for batches in schedule.epochs)
    t = np.arange(1, steps + 1)[:, None]
    bias1 = f32(1 - cfg["beta1"] ** t).unsqueeze(-1)  # (steps, K, 1)
    bias2 = f32(1 - cfg["beta2"] ** t).unsqueeze(-1)
    w0 = torch.as_tensor(w0, dtype=torch.float32).detach().reshape(1, -1)
    b0 = torch.as_tensor(b0, dtype=torch.float32).detach().reshape(1, 1)
    live["P"] = torch.cat([w0, b0], dim=1).repeat(K, 1)  # (K, 6): weights, then bias
    live["v"], live["s"] = torch.zeros_like(live["P"]), torch.zeros_like(live["P"])
    live["row"] = torch.arange(K)  # which configurations are still training

    M = _second_moments(schedule.features, schedule.labels)
    sizes = np.cumsum([len(X) for batches in schedule.epochs for X, _ in batches])
    loss_at = np.full((K, int((sizes % eval_every == 0).sum())), np.nan)
    epochs, diverged_at = [], np.full(K, -1)
    limit = EXPLODE_FACTOR * max(float(_mean_loss(live["P"][:1], M)), 1e-12)
    n = k = 0
    with torch.no_grad():
        for batches in schedule.epochs:
            for X, y in batches:
                row = live["row"]
                G = _gradient(live["P"], X, y)
                live = _update(method, live, G, bias1[k, row], bias2[k, row])
                n, k = n + len(X), k + 1
                if n % eval_every:
                    continue
                loss = _mean_loss(live["P"], M).numpy()
                loss[~np.isfinite(loss)] = np.inf
                epochs.append(n / len(X) / len(batches))
                loss_at[row.numpy(), len(epochs) - 1] = loss
                out = ~(loss < limit)
                if out.any():  # these runs end here; the rest train on without them
                    diverged_at[row.numpy()[out]] = k
                    keep = torch.from_numpy(~out)
                    live = {name: value[keep] for name, value in live.items()}
    losses = np.ma.masked_array(loss_at, mask=np.isnan(loss_at))  # inf: blew up
    return np.array(epochs), losses, diverged_at
