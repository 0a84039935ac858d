"""The explorer's training problem as compact JSON, for the page's own trainer.

A page without a kernel trains the chapter's Adam and Yogi in JavaScript
(``d2l_local/web/compute/train_airfoil.js``). It needs exactly what ``make_problem``
fixes: the float32 rows, the starting weights and the order in which the
minibatches visit the rows. The rows go once, as base64 float32; each
minibatch is a run of row indices (uint16), not a copy of its rows. Nothing
in it depends on the machine that builds the page.
"""

import base64

import numpy as np
import torch

from ..book.training import EXPLODE_FACTOR


def _base64(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def minibatch_indices(problem):
    """The dataset row of every minibatch row, epoch after epoch, as one int array.

    Each minibatch row is looked up by its exact bytes (features and label)
    among the dataset's rows; a row that is not there is an error, so the
    indices are proven to reproduce the minibatches, not assumed to.
    """
    schedule = problem.schedule
    table = torch.cat([schedule.features, schedule.labels], dim=1).numpy()
    where = {}
    for i, row in enumerate(table):
        where.setdefault(row.tobytes(), i)  # identical rows are interchangeable
    order = []
    for epoch in schedule.epochs:
        for X, y in epoch:
            for row in torch.cat([X, y], dim=1).numpy():
                if row.tobytes() not in where:
                    raise ValueError(f"a minibatch row is not a row of the dataset: {row}")
                order.append(where[row.tobytes()])
    return np.array(order)


def encode_problem(problem, eval_every=200):
    """JSON-ready description of ``problem`` (from ``make_problem``) for the page."""
    features = problem.schedule.features.numpy()
    n, d = features.shape
    epochs = problem.schedule.epochs
    batch_size = epochs[0][0][0].shape[0]
    chunks = [min(batch_size, n - start) for start in range(0, n, batch_size)]
    if any([X.shape[0] for X, _ in epoch] != chunks for epoch in epochs) or n > 2**16:
        raise ValueError(
            "the page cuts each epoch into batches of the first batch's size "
            "and indexes rows with uint16"
        )
    order = minibatch_indices(problem)
    return {
        "n_examples": n,
        "n_features": d,
        "features": _base64(features, "<f4"),
        "labels": _base64(problem.schedule.labels.numpy().reshape(-1), "<f4"),
        "w0": problem.w0.reshape(-1).tolist(),
        "order": _base64(order, "<u2"),
        "num_epochs": len(epochs),
        "batch_size": batch_size,
        "eval_every": eval_every,
        "explode_factor": EXPLODE_FACTOR,
    }
