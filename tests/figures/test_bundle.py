"""The front end's modules: the committed bundle is what esbuild makes of d2l_local/web
now, and the page's computations (web/compute) import no drawing code."""

import re

import pytest
from conftest import in_ci

from d2l_local.figures.widget import BUNDLE, WEB, Figure
from tools.bundle_web import build
from tools.npm_assets import AssetError


def test_the_committed_bundle_is_fresh(tmp_path):
    try:
        built = build(tmp_path / "bundle.js")
    except AssetError as error:  # no npm, or no registry
        if in_ci():
            raise
        pytest.skip(f"no bundler here: {error}")
    assert built.read_text() == BUNDLE.read_text(), "d2l_local/web/bundle.js is stale: make bundle"


def test_the_widgets_load_the_bundle():
    assert Figure._esm == BUNDLE.read_text()
    exported = re.search(r"^export \{([^}]*)\};\s*$", Figure._esm, re.M)[1]
    names = sorted(name.strip() for name in exported.split(","))
    assert names == ["computers", "formatNumber", "main_default as default"]  # what the page uses


def test_the_computations_import_no_drawing():
    imports = {
        path.name: re.findall(r'^import .* from "([^"]+)";', path.read_text(), re.M)
        for path in (WEB / "compute").glob("*.js")
    }
    assert set(imports) == {
        "decay.js",
        "explorer.js",
        "paths.js",
        "reddi.js",
        "schedule.js",
        "train_airfoil.js",
    }
    assert [(name, i) for name, found in imports.items() for i in found if "render" in i] == []
