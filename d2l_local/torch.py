"""The book-facing namespace: ``from d2l_local import torch as d2l``."""
# ruff: noqa: F401, I001  (re-exports, grouped: the book's helpers first)

import matplotlib.pyplot as plt  # the book exposes d2l.plt

# The book's chapter-11 helpers.
from .data import DataError, get_data_ch11, load_array
from .plotting import Animator, plot, set_axes, set_figsize, use_svg_display
from .training import (
    Curve, Schedule, Timer, book_schedule, check_hyperparams, evaluate_loss,
    linreg, module_run, run_schedule, scratch_run, squared_loss,
    train_ch11, train_concise_ch11,
)

# Beyond the book: the explorer, the failure case, the landscape, speed.
from .curves import BOOK_DEFAULTS, loss_curves, make_problem, start_loss
from .exercises import check_exercise
from .explorer import explore
from .foreach_adam import foreach_adam, init_foreach_states
from .landscape import plot_landscape
from .reddi import ReddiRun, plot_reddi, reddi_gradients, run_reddi, second_moments
from .sweep import Sweep, grid, train_sweep
