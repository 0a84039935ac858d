"""The multi-tensor Adam is Adam: step by step equal to torch.optim.Adam."""

import math

import pytest
import torch

from d2l_local.core.foreach_adam import foreach_adam, init_foreach_states
from tools.lesson import lesson_functions

STEPS = 150


def deep_mlp(seed, depth=50, width=8):
    """Many small parameter tensors (2 * depth + 2), the case foreach is for."""
    torch.manual_seed(seed)
    layers = []
    for _ in range(depth):
        layers += [torch.nn.Linear(width, width), torch.nn.Tanh()]
    return torch.nn.Sequential(*layers, torch.nn.Linear(width, 1))


def batch(step, width=8):
    generator = torch.Generator().manual_seed(1000 + step)
    return torch.randn(16, width, generator=generator), torch.randn(16, 1, generator=generator)


def loss_of(net, step):
    X, y = batch(step)
    return ((net(X) - y) ** 2).mean() / 2


@pytest.mark.parametrize(
    "lr, beta1, beta2, eps",
    [
        (0.01, 0.9, 0.999, 1e-6),  # the chapter's settings
        (0.1, 0.5, 0.9, 1e-3),  # far from the defaults: every hyperparameter is used
    ],
)
def test_equals_torch_adam_every_step(lr, beta1, beta2, eps):
    ours, theirs = deep_mlp(0), deep_mlp(0)
    params = list(ours.parameters())
    assert len(params) == 102
    states = init_foreach_states(params)
    hyperparams = {"lr": lr, "beta1": beta1, "beta2": beta2, "eps": eps, "t": 1}
    optimizer = torch.optim.Adam(theirs.parameters(), lr=lr, betas=(beta1, beta2), eps=eps)
    start = [p.detach().clone() for p in params]
    for step in range(STEPS):
        loss_of(ours, step).backward()
        foreach_adam(params, states, hyperparams)
        optimizer.zero_grad()
        loss_of(theirs, step).backward()
        optimizer.step()
        gap = max(
            (mine - reference).abs().max().item()
            for mine, reference in zip(params, theirs.parameters(), strict=True)
        )
        assert gap <= 1e-6, f"step {step + 1}: parameters differ by {gap:.2e}"
    assert hyperparams["t"] == STEPS + 1
    assert all(p.grad.abs().sum() == 0 for p in params)  # zeroed, like the chapter's adam
    moved = max((p - p0).abs().max().item() for p, p0 in zip(params, start, strict=True))
    assert moved > 3 * lr  # the comparison is not between two frozen models


def test_same_as_the_chapters_adam_on_linear_regression():
    """Drop-in: the chapter's states and hyperparameters, the chapter's numbers."""
    lesson = lesson_functions()
    torch.manual_seed(0)
    X, y = torch.randn(100, 5), torch.randn(100, 1)
    runs = []
    for trainer in (lesson["adam"], foreach_adam):
        w = torch.full((5, 1), 0.01, requires_grad=True)
        b = torch.zeros(1, requires_grad=True)
        states, hyperparams = lesson["init_adam_states"](5), {"lr": 0.05, "t": 1}
        for _ in range(100):
            (((X @ w + b - y) ** 2).mean() / 2).backward()
            trainer([w, b], states, hyperparams)
        runs.append((w.detach(), b.detach()))
    (w_chapter, b_chapter), (w_ours, b_ours) = runs
    torch.testing.assert_close(w_ours, w_chapter, rtol=0, atol=1e-6)
    torch.testing.assert_close(b_ours, b_chapter, rtol=0, atol=1e-6)


@pytest.mark.parametrize(
    "bad, key",
    [
        ({"lr": -0.1}, "lr"),
        ({"lr": 0.0}, "lr"),
        ({"lr": math.nan}, "lr"),
        ({"beta1": 1.0}, "beta1"),
        ({"beta2": -0.1}, "beta2"),
        ({"eps": -1e-8}, "eps"),
        ({"eps": math.inf}, "eps"),
        ({"t": 0}, "t"),
    ],
)
def test_rejects_bad_hyperparameters_before_touching_anything(bad, key):
    net = deep_mlp(0, depth=2)
    params = list(net.parameters())
    loss_of_small = ((net(torch.ones(3, 8))) ** 2).mean()
    loss_of_small.backward()
    before = [p.detach().clone() for p in params]
    hyperparams = {"lr": 0.01, "t": 1, **bad}
    with pytest.raises(ValueError, match=key):
        foreach_adam(params, init_foreach_states(params), hyperparams)
    assert all(torch.equal(p, p0) for p, p0 in zip(params, before, strict=True))


def test_missing_gradient_is_a_clear_error():
    w = torch.zeros(3, requires_grad=True)
    with pytest.raises(ValueError, match="backward"):
        foreach_adam([w], init_foreach_states([w]), {"lr": 0.01, "t": 1})


def test_states_must_match_the_parameters():
    w, b = torch.zeros(3, requires_grad=True), torch.zeros(1, requires_grad=True)
    (w.sum() + b.sum()).backward()
    with pytest.raises(ValueError, match="2 parameters but 1"):
        foreach_adam([w, b], init_foreach_states([w]), {"lr": 0.01, "t": 1})
