"""The book-facing namespace: ``from d2l_local import torch as d2l``."""
# ruff: noqa: F401, I001  (re-exports, grouped: the book's helpers first)

import matplotlib.pyplot as plt  # the book exposes d2l.plt

# The book's chapter-11 helpers.
from .data import DataError, get_data_ch11, load_array
from .plotting import Animator, plot, set_axes, set_figsize, use_svg_display
from .training import (
    Curve,
    Runs,
    Schedule,
    Timer,
    book_schedule,
    evaluate_loss,
    full_loss,
    linreg,
    module_run,
    run_schedule,
    scratch_run,
    squared_loss,
    train_ch11,
    train_concise_ch11,
)
from .trace_2d import show_trace_2d, train_2d

# The lesson's own functions, saved for later notebooks (#@save, tools/save_functions.py).
from .saved import adam, adam_step_size, init_adam_states, run_reddi, yogi

# Beyond the book: hyperparameters, the explorer, the failure case, the landscape, speed.
from .hyperparams import BOOK as BOOK_DEFAULTS, SLIDERS, check as check_hyperparams
from .curves import loss_curves, make_problem, start_loss
from .exercises import check_exercise
from .explorer import explore
from .foreach_adam import foreach_adam, init_foreach_states
from .landscape import plot_landscape, show_landscape
from .messages import tr, use_language
from .path_explorer import explore_paths
from .plotting import describe_figure
from .paths_2d import METHODS_2D, Path2D, optimizer_paths
from .problems_2d import PROBLEMS_2D, Problem2D
from .reddi import average_regret, explore_reddi, plot_reddi, reddi_gradients
from .sweep import Sweep, grid, train_sweep
from .threads import one_thread
