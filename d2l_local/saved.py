"""What the lesson saves for later notebooks (``#@save``): ``d2l.adam`` and the like.

Generated from chapters/adam.py by `make saved`; edit the lesson, not this file.
"""
# ruff: noqa: E501  (the lesson's own lines, as written)

import math

import torch


def adam_step_size(gradients, beta1=0.9, beta2=0.999):  #@save
    """|v_hat / sqrt(s_hat)| after the last of `gradients`: Adam's step in units of eta."""
    v = s = 0.0
    for g in gradients:
        v = beta1 * v + (1 - beta1) * g       # (1)
        s = beta2 * s + (1 - beta2) * g * g   # (2)
    t = len(gradients)
    return abs(v / (1 - beta1 ** t)) / math.sqrt(s / (1 - beta2 ** t))  # (5)


def init_adam_states(feature_dim):  #@save
    """One pair (v, s) of zero tensors for each parameter: first w, then b."""
    v_w, s_w = torch.zeros((feature_dim, 1)), torch.zeros((feature_dim, 1))
    v_b, s_b = torch.zeros(1), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


def adam(params, states, hyperparams):  #@save
    """One Adam step (1)-(7) for every parameter, in place; then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-6)
    t = hyperparams['t']
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad        # (1)
            s[:] = beta2 * s + (1 - beta2) * p.grad ** 2   # (2)
            v_hat = v / (1 - beta1 ** t)                   # (5)
            s_hat = s / (1 - beta2 ** t)                   # (5)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)  # (6), (7)
        p.grad.zero_()
    hyperparams['t'] += 1


def yogi(params, states, hyperparams):  #@save
    """One Yogi step: Adam with the additive, sign-based s update (12); then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-3)
    t = hyperparams['t']
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            g2 = p.grad ** 2
            v[:] = beta1 * v + (1 - beta1) * p.grad              # (1)
            s[:] = s + (1 - beta2) * torch.sign(g2 - s) * g2     # (12)
            v_hat = v / (1 - beta1 ** t)                         # (5)
            s_hat = s / (1 - beta2 ** t)                         # (5)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)  # (6), (7)
        p.grad.zero_()
    hyperparams['t'] += 1


def run_reddi(C, beta1, beta2, lr=0.1, eps=1e-6, steps=300_000, x1=0.0):  #@save
    """Adam, AMSGrad and Yogi on problem (8) with the same settings: for each
    method the point x_t it plays and the scale s_t it divides by, t = 1 ... steps."""
    x = dict.fromkeys(('Adam', 'AMSGrad', 'Yogi'), x1)
    xs, ss = {m: [] for m in x}, {m: [] for m in x}
    v = s_adam = s_max = s_yogi = 0.0
    for t in range(1, steps + 1):
        g = C if t % 3 == 1 else -1.0                       # the gradient of f_t, (8)
        v = beta1 * v + (1 - beta1) * g                     # (1)
        s_adam = beta2 * s_adam + (1 - beta2) * g ** 2      # (2)
        s_max = max(s_max, s_adam)                          # AMSGrad: the largest (2)
        gap = g ** 2 - s_yogi
        s_yogi += (1 - beta2) * ((gap > 0) - (gap < 0)) * g ** 2  # (12)
        step = lr / math.sqrt(t) * v / (1 - beta1 ** t)     # eta_t v_hat_t, (5)
        for m, s in zip(x, (s_adam, s_max, s_yogi)):
            xs[m].append(x[m])
            ss[m].append(s)
            x[m] = min(1.0, max(-1.0, x[m] - step / (math.sqrt(s / (1 - beta2 ** t)) + eps)))
    return xs, ss
