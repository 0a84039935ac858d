"""Functions defined in the notebooks (the lesson's code, its companion's, the worked
solutions), for the tests, the benchmarks and the page build.

The notebooks are the single source of these functions: we execute the cells that
define the ones asked for, in order, and nothing else, so whoever calls them checks
what readers read. The lesson defines the optimizers (and saves them as ``d2l.adam``
and the like); the companion, ``adam_in_depth``, the 2-D trainers and the timing; Adam in practice,
AdamW and Adam with an L2 penalty.
"""

import ast
import functools
from pathlib import Path

import jupytext

from .paths import CHAPTERS

CHAPTER = CHAPTERS / "adam.py"
IN_DEPTH = CHAPTERS / "adam_in_depth.py"
SOLUTIONS = CHAPTERS / "adam_solutions.py"
IN_PRACTICE = CHAPTERS / "adam_in_practice.py"
LESSON_NAMES = (
    "adam_step_size",
    "init_adam_states",
    "adam",
    "yogi",
    "run_reddi",
)
IN_DEPTH_NAMES = (
    "f_2d",
    "f_2d_grad",
    "gd_2d",
    "momentum_2d",
    "rmsprop_2d",
    "adam_1d",
    "adam_2d",
)
IN_PRACTICE_NAMES = ("adamw", "adam_l2", "train_with_decay", "decay_curves", "lr_at", "scheduled")
SOLUTION_NAMES = (
    "adam_averaged",
    "adam_eps_inside",
    "adam_uncorrected",
    "init_amsgrad_states",
    "amsgrad",
    "yogi_s_hat",
    "adamw",
)


def imports(path):
    """The import statements of the first code cell of ``path``: what every later cell
    of that notebook, and so every function it defines, may use."""
    first = next(cell for cell in jupytext.read(path).cells if cell.cell_type == "code")
    source = "\n".join(line for line in first.source.split("\n") if not line.startswith("%"))
    return "\n".join(
        ast.get_source_segment(source, node)
        for node in ast.parse(source).body
        if isinstance(node, ast.Import | ast.ImportFrom)
    )


def defining_cells(path, names):
    """The sources of the code cells of ``path`` that define any of ``names``."""
    return [
        cell.source
        for cell in jupytext.read(path).cells
        if cell.cell_type == "code" and any(f"def {name}(" in cell.source for name in names)
    ]


def functions_defined(paths, names, namespace=None):
    """Execute the cells of ``paths`` (one notebook or several, in order) that define
    ``names``; return the functions by name. A name is taken from the first notebook
    that defines it."""
    paths = [paths] if isinstance(paths, Path) else paths
    namespace = {} if namespace is None else namespace
    wanted = list(names)
    for path in paths:
        exec(imports(path), namespace)
        for source in defining_cells(path, wanted):
            exec(source, namespace)
        wanted = [name for name in wanted if not defining_cells(path, [name])]
    return {name: namespace[name] for name in names}


@functools.cache
def lesson_functions(names=LESSON_NAMES + IN_DEPTH_NAMES):
    """``{name: function}`` for each of ``names``, defined as the lesson defines it, or
    its companion for the names the lesson does not define."""
    return functions_defined((CHAPTER, IN_DEPTH), names)


@functools.cache
def practice_functions():
    """Adam in practice's ``adamw`` and ``adam_l2`` and its training of the regression
    with weight decay (``train_with_decay``, ``decay_curves``); its schedule ``lr_at``
    and ``scheduled``, which makes an optimizer follow one."""
    return functions_defined(IN_PRACTICE, IN_PRACTICE_NAMES)


@functools.cache
def solution_functions():
    """The worked solutions, with the chapter's functions they build on."""
    return functions_defined(SOLUTIONS, SOLUTION_NAMES, dict(lesson_functions()))
