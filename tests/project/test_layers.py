"""d2l_local's imports point one way: figures and exercises use core, core uses book, and
everything may use messages, never back (read from the source with ast, lazy imports too)."""

import ast

import pytest

from tools.paths import ROOT

PACKAGE = ROOT / "d2l_local"
# A layer may import its own modules and those of lower layers, nothing above or beside.
RANK = {"messages": 0, "book": 1, "core": 2, "figures": 3, "exercises": 3}


def imported(source, module):
    """The d2l_local modules that ``source`` (the text of ``module``, dotted) imports."""
    package = module.split(".")[:-1] if not module.endswith("__init__") else module.split(".")
    package = [p for p in package if p != "__init__"]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            found += [f"{name}.{alias.name}" for alias in node.names] if not node.module else [name]
    return [name for name in found if name.split(".")[0] == "d2l_local"]


def backwards(module, names):
    """The imports of ``module`` that go to a higher layer, a sibling layer or the top."""
    layer = module.split(".")[1]
    if layer not in RANK:
        return []  # d2l_local/torch.py and __init__.py gather everything
    bad = []
    for name in names:
        target = name.split(".")[1] if name.count(".") else None
        if target == layer:
            continue
        if target not in RANK or RANK[target] >= RANK[layer]:
            bad.append(name)
    return bad


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        yield ".".join(parts), path.read_text()


def test_every_module_of_a_layer_imports_only_its_own_layer_and_those_below():
    wrong = {}
    for module, source in modules():
        if bad := backwards(module, imported(source, module)):
            wrong[module] = bad
    assert wrong == {}


def test_the_layers_are_the_subpackages():
    assert {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} == set(RANK)


@pytest.mark.parametrize(
    "module, line",
    [
        ("d2l_local.core.reddi", "from ..figures.widget import Figure"),
        ("d2l_local.book.training", "from ..core.sliders import SLIDERS"),
        ("d2l_local.core.curves", "import d2l_local.torch"),
        ("d2l_local.figures.explorer", "from ..exercises import check_exercise"),
        ("d2l_local.messages.__init__", "def f():\n    from ..book.plotting import use_fonts_for"),
        ("d2l_local.book.data", "from d2l_local.figures import widget"),
    ],
)
def test_a_backwards_import_is_found(module, line):
    assert backwards(module, imported(line, module)) != []


@pytest.mark.parametrize(
    "module, line",
    [
        ("d2l_local.figures.reddi", "from ..core.reddi import STYLES"),
        ("d2l_local.core.curves", "from ..book.training import run_schedule"),
        ("d2l_local.book.trace_2d", "from ..messages import tr"),
        ("d2l_local.core.sweep", "from .curves import train_runs"),
        ("d2l_local.exercises.__init__", "from ..messages import message"),
    ],
)
def test_a_forward_import_passes(module, line):
    assert backwards(module, imported(line, module)) == []
