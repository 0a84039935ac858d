"""The chapter's lesson code, for the tests, the benchmarks and the page build.

The chapter is the single source of its functions (``adam``, ``yogi``,
``run_reddi``, ...): we execute the cells that define the ones asked for, in
order, and nothing else, so whoever calls them checks what readers read.
"""

import functools
from pathlib import Path

import jupytext

CHAPTER = Path(__file__).resolve().parent.parent / "chapters" / "adam.py"
LESSON_NAMES = (
    "init_adam_states",
    "adam",
    "yogi",
    "run_reddi",
    "f_2d",
    "f_2d_grad",
    "gd_2d",
    "momentum_2d",
    "rmsprop_2d",
    "adam_1d",
    "adam_2d",
)
IMPORTS = (
    "import math\nimport time\nimport numpy as np\nimport torch\n"
    "from d2l_local import torch as d2l\n"
)  # the chapter's first cell, minus magics


@functools.cache
def lesson_functions(names=LESSON_NAMES, chapter=CHAPTER):
    """``{name: function}`` for each of ``names``, defined as the chapter defines it."""
    notebook = jupytext.read(chapter)
    namespace = {}
    exec(IMPORTS, namespace)
    for cell in notebook.cells:
        if cell.cell_type == "code" and any(f"def {name}(" in cell.source for name in names):
            exec(cell.source, namespace)
    return {name: namespace[name] for name in names}
