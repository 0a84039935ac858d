"""Adam over whole lists of tensors at once, with ``torch._foreach_*`` operations.

The chapter's ``adam`` updates one parameter at a time in a Python loop: about
ten small tensor operations per parameter, each paying PyTorch's fixed cost of
dispatching an operation. A model with many small parameter tensors spends its
step in that overhead rather than in arithmetic. A ``torch._foreach_*``
operation takes lists of tensors and does one operation for all of them, so a
step costs a fixed handful of dispatches however many tensors the model has.

``foreach_adam`` keeps the chapter's calling convention, state layout and
defaults, so it is a drop-in replacement: ``foreach_adam(params, states,
hyperparams)`` with ``states`` a sequence of ``(v, s)`` pairs, one per
parameter, and ``hyperparams`` holding ``lr``, ``t`` and optionally ``beta1``, ``beta2`` and
``eps`` (the chapter's defaults, ``hyperparams.BOOK``).
"""

import math

import torch

from ..book.hyperparams import BOOK, check


def init_foreach_states(params):
    """One pair (v, s) of zero tensors shaped like each parameter."""
    return [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]


def foreach_adam(params, states, hyperparams):
    """One Adam step for every parameter; zeroes the gradients and advances ``t``."""
    check(hyperparams)
    beta1, beta2, eps = (hyperparams.get(name, BOOK[name]) for name in ("beta1", "beta2", "eps"))
    lr, t = hyperparams["lr"], hyperparams["t"]
    params = list(params)
    grads = [p.grad for p in params]
    if any(g is None for g in grads):
        raise ValueError("every parameter needs a gradient: call loss.backward() first")
    if len(states) != len(params):
        raise ValueError(f"{len(params)} parameters but {len(states)} (v, s) state pairs")
    vs, ss = zip(*states, strict=True)
    with torch.no_grad():
        # v <- beta1 v + (1 - beta1) g, written as "move v a fraction 1 - beta1
        # of the way to g": one operation, and the same rounding as torch.optim.Adam.
        torch._foreach_lerp_(vs, grads, 1 - beta1)
        # s <- beta2 s + (1 - beta2) g^2
        torch._foreach_mul_(ss, beta2)
        torch._foreach_addcmul_(ss, grads, grads, value=1 - beta2)
        # sqrt(s_hat) + eps, with s_hat = s / (1 - beta2^t): epsilon outside the root.
        denominators = torch._foreach_sqrt(ss)
        torch._foreach_div_(denominators, math.sqrt(1 - beta2**t))
        torch._foreach_add_(denominators, eps)
        # p <- p - lr * v_hat / denominator, with v_hat = v / (1 - beta1^t).
        torch._foreach_addcdiv_(params, vs, denominators, value=-lr / (1 - beta1**t))
        torch._foreach_zero_(grads)
    hyperparams["t"] += 1
