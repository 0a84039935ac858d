"""Run a block of PyTorch code on one CPU thread.

The chapter's tensors are tiny: a second thread only waits for the first (badly
so on a shared machine), and one thread sums in the same order every time.
"""

import contextlib

import torch


@contextlib.contextmanager
def one_thread():
    """``with one_thread():`` pins torch to one thread and restores the count after."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
