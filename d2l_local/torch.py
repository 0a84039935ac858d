"""The book-facing namespace: ``from d2l_local import torch as d2l``."""
# ruff: noqa: F401, I001  (re-exports, grouped: the book's helpers first)

import matplotlib.pyplot as plt  # the book exposes d2l.plt

# The book's helpers: the optimization chapter's training loops and 2-D traces.
from .data import DataError, get_data_ch11, load_array
from .plotting import Animator, plot, set_axes, set_figsize, use_svg_display
from .training import (
    Curve, Schedule, Timer, book_schedule, check_hyperparams, evaluate_loss,
    linreg, module_run, run_schedule, scratch_run, squared_loss,
    train_ch11, train_concise_ch11,
)
from .trace_2d import show_trace_2d, train_2d

# Beyond the book: the explorer, the failure case, the landscape, speed.
from .curves import BOOK_DEFAULTS, loss_curves, make_problem, start_loss
from .explorer import explore
from .foreach_adam import foreach_adam, init_foreach_states
from .landscape import plot_landscape
from .paths_2d import METHODS_2D, Path2D, optimizer_paths
from .problems_2d import PROBLEMS_2D, Problem2D
from .reddi import ReddiRun, plot_reddi, reddi_gradients, run_reddi, second_moments
from .sweep import Sweep, grid, train_sweep
