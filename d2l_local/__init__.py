"""A small, modern stand-in for the ``d2l`` book library's helpers.

Use it as the book does: ``from d2l_local import torch as d2l``.
"""

__version__ = "0.1.0"
