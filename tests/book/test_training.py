"""The shared training loop: validation, divergence, the book's printout."""

import math

import numpy as np
import pytest
import torch

from d2l_local import torch as d2l
from tools.lesson import lesson_functions


@pytest.fixture(scope="module")
def schedule():
    torch.manual_seed(0)
    data_iter, _ = d2l.get_data_ch11(batch_size=10)
    return d2l.book_schedule(data_iter, 2)


def adam_run(schedule, **hyperparams):
    lesson = lesson_functions()
    w = torch.normal(0, 0.01, (5, 1), generator=torch.Generator().manual_seed(0))
    w.requires_grad_(True)
    b = torch.zeros(1, requires_grad=True)
    return d2l.scratch_run(
        lesson["adam"], lesson["init_adam_states"](5), {"t": 1, **hyperparams}, schedule, w, b
    )


@pytest.mark.parametrize(
    "name, value",
    [
        ("lr", 0.0),
        ("lr", -0.1),
        ("lr", math.nan),
        ("lr", math.inf),
        ("lr", "0.1"),
        ("beta1", 1.0),
        ("beta1", -0.1),
        ("beta2", 1.0),
        ("beta2", math.nan),
        ("eps", -1e-8),
        ("eps", math.inf),
        ("t", 0),
        ("t", 1.5),
    ],
)
def test_bad_hyperparameters_are_refused_by_name(schedule, name, value):
    hyperparams = {"lr": 0.01, "t": 1, name: value}
    with pytest.raises(ValueError, match=f"^{name} "):
        d2l.check_hyperparams(hyperparams)
    with pytest.raises(ValueError, match=f"^{name} "):
        adam_run(schedule, **hyperparams)


def test_torch_style_betas_are_checked_too():
    with pytest.raises(ValueError, match="^beta2 "):
        d2l.check_hyperparams({"lr": 0.01, "betas": (0.9, 1.5)})
    d2l.check_hyperparams({"lr": 0.01, "betas": (0.0, 0.999), "eps": 0.0})


def test_a_good_run_evaluates_every_200_examples(schedule):
    curve = adam_run(schedule, lr=0.01)
    assert curve.diverged_at is None
    assert len(curve.losses) == 15 and curve.epochs[-1] == pytest.approx(2.0)
    assert 0.24 < curve.final < 0.26
    assert len(curve.times) == 15 and curve.times == sorted(curve.times)


def test_a_diverging_run_stops_at_the_step_it_blew_up(schedule):
    def reckless_sgd(params, states, hyperparams):
        with torch.no_grad():
            for p in params:
                p -= hyperparams["lr"] * p.grad
                p.grad.zero_()

    w = torch.zeros((5, 1), requires_grad=True)
    b = torch.zeros(1, requires_grad=True)
    curve = d2l.scratch_run(reckless_sgd, None, {"lr": 5.0}, schedule, w, b)
    assert curve.diverged_at == 20  # the first evaluation, after 200 examples
    assert curve.losses == [math.inf] or curve.losses[-1] > 100 * 0.5
    assert len(curve.losses) == 1


def test_train_ch11_prints_the_books_line(capsys, monkeypatch):
    monkeypatch.setattr("d2l_local.book.training.Animator.add", lambda self, x, y: None)
    lesson = lesson_functions()
    torch.manual_seed(0)
    data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
    adam, states = lesson["adam"], lesson["init_adam_states"](feature_dim)
    times, losses = d2l.train_ch11(adam, states, {"lr": 0.01, "t": 1}, data_iter, feature_dim)
    line = capsys.readouterr().out.strip()
    assert line.startswith(f"loss: {losses[-1]:.3f}, ") and line.endswith(" sec/epoch")
    assert float(line.split(", ")[1].split()[0]) == pytest.approx(times[-1] / 2, abs=1e-3)


def test_no_evaluation_point_gives_nan_finals_not_an_error(schedule):
    w, b = torch.zeros((5, 1)), torch.zeros(1)
    runs = d2l.run_schedule(
        lambda X, y: None, lambda: d2l.full_loss(schedule, w, b), schedule, eval_every=10**6
    )
    assert runs.losses.shape == (1, 0) and np.isnan(runs.final).all()
    assert runs.curve().losses == [] and math.isnan(runs.curve().final)


def test_runs_of_several_columns_diverge_one_by_one(schedule):
    """K runs in one loop: a run that blows up ends there, the others go on."""
    losses = iter([[1.0, 1.0], [0.5, 150.0], [0.4, 200.0]] + [[0.3, 1.0]] * 20)
    runs = d2l.run_schedule(lambda X, y: None, lambda: next(losses), schedule, eval_every=1000)
    assert runs.losses.shape == (2, 3)
    assert runs.diverged_at.tolist() == [-1, 100]  # 1000 examples: step 100
    np.testing.assert_array_equal(runs.losses[1], [150.0, np.nan, np.nan])
    assert runs.final.tolist() == [0.3, 150.0]
    assert runs.curve(1).losses == [150.0] and runs.curve(1).diverged_at == 100
