"""The explorer of the exported page: precomputed curves, stepped by sliders.

An exported page has no kernel, so the live explorer's sliders would do
nothing there. ``explorer_snippet`` renders a self-contained replacement
(the grid of ``d2l_local.grid`` as JSON, ``static_explorer.js`` and
``static_explorer.css`` inline, no network), and ``replace_explorer_output``
puts it in place of the explorer widget in an executed notebook, before
nbconvert turns it into HTML. The notebook itself never runs any of this.

Usage: python -m tools.static_explorer [--out build/static_explorer.html]
(a standalone page with just the explorer, for testing).
"""

import argparse
import html
import json
import sys
from pathlib import Path

import nbformat

from d2l_local.grid import compute_grid, encode

from .lesson import lesson_functions

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
SYMBOLS = {"beta1": "β1", "beta2": "β2", "lr": "η", "eps": "ε"}


def grid_payload(seed=0, batch_size=10):
    """Train the grid now (about a second) with the chapter's data and the explorer's seed."""
    from d2l_local.data import get_data_ch11

    data_iter, _ = get_data_ch11(batch_size)
    lesson = lesson_functions()
    trainers = {"Adam (ours)": lesson["adam"], "Yogi (ours)": lesson["yogi"]}
    return encode(compute_grid(trainers, data_iter, seed=seed))


def live_presets():
    """The live explorer's preset buttons: label -> (settings, note)."""
    from d2l_local.explorer import PRESETS

    return PRESETS


def _preset_positions(payload, presets):
    """Each preset as grid positions; a preset off the grid is an error, not a guess."""
    positions = {}
    for label, (values, note) in presets.items():
        where = dict(payload["defaults"])
        for name, value in values.items():
            axis = payload["axes"][name]
            hits = [i for i, v in enumerate(axis) if abs(v - value) <= 1e-9 * abs(value)]
            if not hits:
                raise ValueError(f"preset {label!r}: {name}={value!r} is not on the grid {axis}")
            where[name] = hits[0]
        positions[label] = (where, note)
    return positions


def _note(payload):
    sizes = [len(axis) for axis in payload["axes"].values()]
    count = " × ".join(map(str, sizes))
    total = 1
    for size in sizes:
        total *= size
    names = ", ".join(SYMBOLS[name] for name in payload["axes"])
    return (
        f"<b>Precomputed runs on a grid.</b> This page has no Python kernel: the sliders "
        f"step through {count} = {total} settings of {names}, for which "
        f"{' and '.join(payload['curves'])} were trained when the page was built "
        f"(seed {payload['seed']}, the same starting weights and minibatches as the "
        f"live explorer, so the numbers are the ones the kernel computes; for η ≥ 0.3, "
        f"where the loss oscillates, float rounding can change the fourth decimal). "
        f"Open the notebook in JupyterLab for the live explorer: it trains on every "
        f"slider move, at any value, and adds <code>torch.optim.Adam</code>."
    )


def explorer_snippet(payload=None, presets=None):
    """The explorer as one HTML fragment: data, script and style inline.

    ``payload`` is ``d2l_local.grid.encode(...)`` (default: train it now);
    ``presets`` maps a button label to ``(settings, note)`` (default: the live
    explorer's presets, which must lie on the grid).
    """
    payload = grid_payload() if payload is None else payload
    presets = live_presets() if presets is None else presets
    buttons = "".join(
        f"<button type='button' data-preset='{html.escape(json.dumps(where))}' "
        f"data-note='{html.escape(note)}'>{html.escape(label)}</button>"
        for label, (where, note) in _preset_positions(payload, presets).items()
    )
    data = json.dumps(payload, separators=(",", ":")).replace("</", "<\\/")
    script = (HERE / "static_explorer.js").read_text().replace("</script", "<\\/script")
    return (
        "<div class='adam-static-explorer'>\n"
        f"<p class='ase-note'>{_note(payload)}</p>\n"
        "<div class='ase-controls'></div>\n"
        "<div class='ase-toggles'></div>\n"
        f"<div class='ase-presets'>{buttons}</div>\n"
        "<p class='ase-preset-note'></p>\n"
        "<div class='ase-figure'></div>\n"
        "<div class='ase-status' aria-live='polite'></div>\n"
        "<noscript>The explorer needs JavaScript.</noscript>\n"
        f"<script type='application/json' class='ase-data'>{data}</script>\n"
        "</div>\n"
        f"<style>\n{(HERE / 'static_explorer.css').read_text()}</style>\n"
        f"<script>\n{script}</script>\n"
    )


def _is_explorer(cell):
    return cell.cell_type == "code" and (
        "explorer" in cell.metadata.get("tags", []) or "explore(" in cell.source
    )


def replace_explorer_output(notebook, snippet):
    """Put ``snippet`` where the explorer widget's output is, in every explorer
    cell (tagged ``explorer``, or calling ``explore(``); returns how many."""
    replaced = 0
    for cell in notebook.cells:
        if not _is_explorer(cell):
            continue
        outputs = []
        for output in cell.get("outputs", []):
            if WIDGET_VIEW in output.get("data", {}):
                output = nbformat.v4.new_output("display_data", data={"text/html": snippet})
                replaced += 1
            outputs.append(output)
        cell.outputs = outputs
    if not replaced:
        raise LookupError(
            "no explorer widget output found: tag the explorer's cell "
            "'explorer' (or call explore( in it) and execute the notebook"
        )
    return replaced


def standalone_page(snippet, title="Adam's hyperparameters: precomputed explorer"):
    """A minimal page around the snippet, for tests and for trying it out."""
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='color-scheme' content='light dark'>\n"
        f"<title>{html.escape(title)}</title>\n"
        "<style>body { font-family: system-ui, sans-serif; margin: 2em auto; "
        "max-width: 800px; padding: 0 1em; background: Canvas; color: CanvasText; }</style>\n"
        f"</head>\n<body>\n<h1>{html.escape(title)}</h1>\n{snippet}</body>\n</html>\n"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "static_explorer.html")
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    payload = grid_payload()
    args.out.write_text(standalone_page(explorer_snippet(payload)))
    data_kb = len(json.dumps(payload, separators=(",", ":"))) / 1000
    print(f"wrote {args.out} ({args.out.stat().st_size / 1000:.0f} kB, grid data {data_kb:.0f} kB)")


if __name__ == "__main__":
    sys.exit(main())
