"""The chapter's lesson code (adam, yogi, init_adam_states, the 2-D trainers), for the tests.

The chapter is the single source of these functions: we execute the cells
that define them, nothing else, so a test always checks what readers read.
"""

import functools
from pathlib import Path

import jupytext

CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "adam.py"
LESSON_NAMES = ("init_adam_states", "adam", "yogi", "f_2d", "f_2d_grad", "gd_2d",
                "momentum_2d", "rmsprop_2d", "adam_1d", "adam_2d")


@functools.cache
def lesson_functions():
    notebook = jupytext.read(CHAPTER)
    namespace = {}
    exec("import math\nimport torch", namespace)
    for cell in notebook.cells:
        if cell.cell_type == "code" and any(
                f"def {name}(" in cell.source for name in LESSON_NAMES):
            exec(cell.source, namespace)
    return {name: namespace[name] for name in LESSON_NAMES}
