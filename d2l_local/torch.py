"""The book-facing namespace: ``from d2l_local import torch as d2l``."""
# ruff: noqa: F401, I001  (re-exports, grouped: the book's helpers first)

import matplotlib.pyplot as plt  # the book exposes d2l.plt

# The book's chapter-11 helpers.
from .book.data import DataError, get_data_ch11, load_array
from .book.plotting import Animator, describe_figure, plot, set_axes, set_figsize, use_svg_display
from .book.training import (
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
from .book.trace_2d import show_trace_2d, train_2d

# The lesson's own functions, saved for later notebooks (#@save, tools/save_functions.py).
from .saved import adam, adam_step_size, init_adam_states, run_reddi, yogi

# Beyond the book: what the chapter computes (core/), its figures (figures/), the
# exercise checks and the language of everything a reader sees.
from .book.hyperparams import BOOK as BOOK_DEFAULTS, check as check_hyperparams
from .core.curves import loss_curves, make_problem, start_loss
from .core.foreach_adam import foreach_adam, init_foreach_states
from .core.landscape import plot_landscape
from .core.paths_2d import METHODS_2D, Path2D, optimizer_paths
from .core.problems_2d import PROBLEMS_2D, Problem2D
from .core.reddi import average_regret, plot_reddi, reddi_gradients
from .core.sliders import SLIDERS
from .core.sweep import Sweep, grid, train_sweep
from .core.threads import one_thread
from .exercises import check_exercise
from .figures.decay_explorer import explore_decay
from .figures.explorer import explore
from .figures.landscape import show_landscape
from .figures.path_explorer import explore_paths
from .figures.schedule_explorer import explore_schedule
from .figures.reddi import explore_reddi
from .messages import tr, use_language
