"""Functions defined in the notebooks (the chapter's lesson code, the worked solutions).

The notebooks are the single source of these functions: we execute the cells
that define them, nothing else, so a test always checks what readers read.
"""

import functools
from pathlib import Path

import jupytext

CHAPTERS = Path(__file__).resolve().parent.parent / "chapters"
CHAPTER = CHAPTERS / "adam.py"
SOLUTIONS = CHAPTERS / "adam_solutions.py"
LESSON_NAMES = ("init_adam_states", "adam", "yogi")
SOLUTION_NAMES = ("adam_averaged", "adam_eps_inside", "adam_uncorrected",
                  "init_amsgrad_states", "amsgrad", "yogi_s_hat")


def defining_cells(path, names):
    """The sources of the code cells of ``path`` that define any of ``names``."""
    return [cell.source for cell in jupytext.read(path).cells
            if cell.cell_type == "code" and any(f"def {name}(" in cell.source
                                                for name in names)]


def functions_defined(path, names, namespace=None):
    """Execute the cells of ``path`` that define ``names``; return the functions by name."""
    namespace = {} if namespace is None else namespace
    exec("import math\nimport numpy as np\nimport torch", namespace)
    for source in defining_cells(path, names):
        exec(source, namespace)
    return {name: namespace[name] for name in names}


@functools.cache
def lesson_functions():
    return functions_defined(CHAPTER, LESSON_NAMES)


@functools.cache
def solution_functions():
    """The worked solutions, with the chapter's functions they build on."""
    namespace = dict(lesson_functions())
    return functions_defined(SOLUTIONS, SOLUTION_NAMES, namespace)
