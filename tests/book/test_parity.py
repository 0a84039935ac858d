"""d2l_local against the real book library (d2l 1.0.3), same seeds, same data.

The book's library is imported by the ``book_d2l`` fixture (conftest.py): the
real wheel, with torchvision replaced by an empty stand-in.
"""

import numpy as np
import pytest
import torch

from d2l_local import torch as ours
from d2l_local.book.data import airfoil_path
from tools.lesson import lesson_functions

# The book's evaluate_loss calls float() on a tensor that requires grad.
pytestmark = pytest.mark.filterwarnings("ignore:Converting a tensor with requires_grad")

SEEDS = (0, 1, 2)
BATCH_SIZES = (10, 20)


@pytest.fixture(scope="module")
def book(book_d2l):
    """The book's library, offline and without drawing, for this module only."""
    with pytest.MonkeyPatch.context() as patch:
        # Its downloader would fetch into ../data; hand it our verified copy.
        patch.setattr(book_d2l, "download", lambda *args, **kwargs: str(airfoil_path()))
        patch.setattr(book_d2l, "Animator", RecordingAnimator)
        yield book_d2l


class RecordingAnimator:
    """Keeps the points instead of drawing them (drawing is most of a run's time);
    the book's train_concise_ch11 returns nothing, so its curve is read from here."""

    last = None

    def __init__(self, *args, **kwargs):
        self.X, self.Y = [[]], [[]]
        RecordingAnimator.last = self

    def add(self, x, y):
        self.X[0].append(x)
        self.Y[0].append(y[0])

    def draw(self):
        """Our Animator's last redraw (the book's has none; nothing to draw here)."""


@pytest.fixture(autouse=True)
def no_drawing(monkeypatch):
    monkeypatch.setattr("d2l_local.book.training.Animator", RecordingAnimator)


def run_scratch(lib, seed, batch_size):
    lesson = lesson_functions()
    torch.manual_seed(seed)
    data_iter, feature_dim = lib.get_data_ch11(batch_size=batch_size)
    _, losses = lib.train_ch11(
        lesson["adam"],
        lesson["init_adam_states"](feature_dim),
        {"lr": 0.01, "t": 1},
        data_iter,
        feature_dim,
    )
    return np.array(losses), torch.get_rng_state()


def run_concise(lib, seed, batch_size):
    torch.manual_seed(seed)
    data_iter, _ = lib.get_data_ch11(batch_size=batch_size)
    result = lib.train_concise_ch11(torch.optim.Adam, {"lr": 0.01}, data_iter)
    losses = result[1] if result is not None else RecordingAnimator.last.Y[0]
    return np.array(losses), torch.get_rng_state()


@pytest.mark.parametrize("batch_size", BATCH_SIZES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("runner", [run_scratch, run_concise], ids=["train_ch11", "concise"])
def test_loss_curves_equal_the_books(book, runner, seed, batch_size, capsys):
    book_losses, book_rng = runner(book, seed, batch_size)
    our_losses, our_rng = runner(ours, seed, batch_size)
    assert len(our_losses) == len(book_losses) > 5
    np.testing.assert_allclose(our_losses, book_losses, rtol=0, atol=1e-6)
    # The same random numbers were drawn, so whatever the reader runs next matches too.
    assert torch.equal(our_rng, book_rng)
    book_line, our_line = (
        line for line in capsys.readouterr().out.splitlines() if line.startswith("loss: ")
    )
    assert book_line.split(",")[0] == our_line.split(",")[0]
