"""The book-facing namespace: ``from d2l_local import torch as d2l``."""
# ruff: noqa: F401, I001  (a flat re-export list that teammates append to)

import matplotlib.pyplot as plt  # noqa: F401  (the book exposes d2l.plt)

from .data import DataError, get_data_ch11, load_array  # noqa: F401
from .plotting import Animator, plot, set_axes, set_figsize, use_svg_display  # noqa: F401
from .training import (  # noqa: F401
    Curve, Schedule, Timer, book_schedule, check_hyperparams, evaluate_loss,
    linreg, module_run, run_schedule, scratch_run, squared_loss,
    train_ch11, train_concise_ch11,
)
from .foreach_adam import foreach_adam, init_foreach_states  # noqa: F401
from .explorer import explore  # noqa: F401
from .curves import BOOK_DEFAULTS, loss_curves, make_problem  # noqa: F401
from .reddi import ReddiRun, plot_reddi, reddi_gradients, run_reddi, second_moments  # noqa: F401
from .sweep import Sweep, grid, train_sweep  # noqa: F401
from .landscape import plot_landscape  # noqa: F401
from .curves import start_loss  # noqa: F401
