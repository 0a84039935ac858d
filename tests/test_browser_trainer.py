"""The page's JavaScript trainer (d2l_local/web/train_airfoil.js) against the kernel.

Node runs the JavaScript; see browser_trainer.py for the comparison and for
the full report at hundreds of settings.
"""

import base64
import shutil

import numpy as np
import pytest
import torch
from browser_trainer import (
    blas_orders_match,
    compare,
    correctly_rounded_sqrt,
    js_curves,
    kernel_curves,
    random_settings,
)
from conftest import in_ci

from d2l_local import training
from d2l_local.browser_problem import encode_problem, minibatch_indices
from d2l_local.curves import BOOK_DEFAULTS, Problem, make_problem


@pytest.fixture(scope="module")
def node():
    path = shutil.which("node")
    if path:
        return path
    reason = "node is not installed: the page's JavaScript trainer is checked in Node"
    if in_ci():
        pytest.fail(f"{reason}; CI=true, so it must run", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def problem(data_iter):
    return make_problem(data_iter, seed=0)


@pytest.fixture(scope="module")
def payload(problem):
    return encode_problem(problem)


def _decode(text, dtype):
    return np.frombuffer(base64.b64decode(text), dtype=dtype)


def test_payload_rebuilds_every_minibatch(problem, payload):
    n, d = payload["n_examples"], payload["n_features"]
    features = _decode(payload["features"], "<f4").reshape(n, d)
    labels = _decode(payload["labels"], "<f4")
    order = _decode(payload["order"], "<u2").reshape(payload["num_epochs"], n)
    assert (n, d, payload["batch_size"], payload["num_epochs"]) == (1500, 5, 10, 2)
    assert np.array_equal(payload["w0"], problem.w0.numpy().reshape(-1))
    for epoch, batches in zip(order, problem.schedule.epochs):
        assert sorted(epoch) == list(range(n))  # each epoch visits every row once
        for k, (X, y) in enumerate(batches):
            rows = epoch[10 * k : 10 * (k + 1)]
            assert np.array_equal(features[rows], X.numpy())
            assert np.array_equal(labels[rows], y.numpy().reshape(-1))


def test_a_row_outside_the_dataset_is_refused(problem):
    X, y = problem.schedule.epochs[0][0]
    X = X.clone()
    X[3, 2] = torch.nextafter(X[3, 2], torch.tensor(np.inf))  # one ulp off
    epochs = [[(X, y)] + problem.schedule.epochs[0][1:]] + problem.schedule.epochs[1:]
    changed = Problem(
        problem.w0, training.Schedule(epochs, problem.schedule.features, problem.schedule.labels)
    )
    with pytest.raises(ValueError, match="not a row of the dataset"):
        minibatch_indices(changed)


def _settings():
    rng = np.random.default_rng(12)
    return (
        [dict(BOOK_DEFAULTS)]
        + random_settings(rng, 4)
        + random_settings(rng, 2, lr_range=(0.1, 1.0))
    )


def test_js_matches_the_kernel_to_1e_5(node, problem, payload, lesson):
    settings = _settings()
    rows = compare(
        settings, kernel_curves(problem, lesson, settings), js_curves(payload, settings, node)
    )
    for row in rows:
        assert row["same_points"], row
        assert row["js_diverged_at"] == row["kernel_diverged_at"], row
        assert row["max_rel"] <= 1e-5, row


def test_js_is_bit_identical_with_a_correctly_rounded_sqrt(node, problem, payload, lesson):
    """torch's sqrt (MKL) is the only operation the JavaScript does not copy bit for bit.

    Needs a BLAS that sums the dot products in the orders the JavaScript copies.
    """
    if not blas_orders_match():
        pytest.skip(
            "this machine's BLAS orders dot products differently from "
            "train_airfoil.js (written against MKL on an AVX2 AMD EPYC)"
        )
    settings = _settings()
    js = js_curves(payload, settings, node)
    with correctly_rounded_sqrt():
        kernel = kernel_curves(problem, lesson, settings)
    for row in compare(settings, kernel, js):
        assert row["exact"], row


def test_divergence_stops_both_at_the_same_step(node, problem, payload, lesson, monkeypatch):
    """No setting with lr <= 1 blows up 100-fold, so a factor of 1 exercises the rule:
    a run stops at the first evaluation whose loss is not below the starting loss."""
    factor = 1.0
    monkeypatch.setattr(training, "EXPLODE_FACTOR", factor)
    settings = [dict(lr=0.5, beta1=0.0, beta2=0.9, eps=1e-8), dict(BOOK_DEFAULTS)]
    with correctly_rounded_sqrt():
        kernel = kernel_curves(problem, lesson, settings)
    js = js_curves(dict(payload, explode_factor=factor), settings, node)
    rows = compare(settings, kernel, js)
    verdicts = [(row["kernel_diverged_at"], row["js_diverged_at"]) for row in rows]
    assert all(k == j for k, j in verdicts), verdicts
    assert verdicts == [(60, 60), (140, 140), (None, None), (None, None)]  # adam, yogi each
    assert all(row["exact"] for row in rows)
