"""The landscape's heatmaps as a figure: hovering a cell names its setting, clicking
it opens the setting in the explorer."""

import io

import matplotlib.pyplot as plt
import numpy as np

from ..book.hyperparams import BOOK
from ..book.plotting import figure_description
from ..core.landscape import log_edges, plot_landscape
from ..core.sliders import SLIDERS
from ..messages import messages
from .widget import Figure


class Landscape(Figure):
    """The heatmaps, answering back: hovering a cell names its η, β2 and final losses;
    clicking it opens that setting in the explorer (when one is given).

    The picture is the matplotlib figure of ``plot_landscape``, as SVG; the front end
    lays a grid over each panel, so it needs the panels' places in the picture and the
    axes' limits, which matplotlib knows once the figure is drawn."""

    def __init__(self, sweeps, lrs, beta2s, default=(0.01, 0.999), explorer=None):
        fig = plot_landscape(sweeps, lrs, beta2s, default)
        fig.canvas.draw()  # settles the constrained layout
        width, height = fig.get_size_inches() * 72  # the SVG's viewBox, in points
        shape = (len(lrs), len(beta2s))
        panels = []
        for ax, (name, sweep) in zip(fig.axes, sweeps.items()):
            box = ax.get_position()
            final = np.where(sweep.diverged, np.nan, sweep.final).reshape(shape)
            panels.append(
                {
                    "name": name,
                    "box": [
                        box.x0 * width,
                        (1 - box.y1) * height,
                        box.x1 * width,
                        (1 - box.y0) * height,
                    ],
                    "xlim": list(ax.get_xlim()),
                    "ylim": list(ax.get_ylim()),
                    "final": [[None if np.isnan(v) else float(v) for v in row] for row in final],
                }
            )
        svg = io.StringIO()
        fig.savefig(svg, format="svg")
        plt.close(fig)
        self.svg, self.explorer = svg.getvalue(), explorer
        self.alt = figure_description()  # the cell's words for the picture, if any
        spec = {
            "svg": self.svg,
            "alt": self.alt or "",
            "size": [width, height],
            "panels": panels,
            "lr_edges": log_edges(lrs).tolist(),
            "gap_edges": log_edges(1 - np.asarray(beta2s)).tolist(),
            "lrs": np.asarray(lrs, dtype=float).tolist(),
            "beta2s": np.asarray(beta2s, dtype=float).tolist(),
            "range": {name: [SLIDERS[name].low, SLIDERS[name].high] for name in ("lr", "beta2")},
            "messages": messages("landscape."),
            "opens": "explore",
        }
        super().__init__(kind="landscape", spec=spec, values={"picked": None})

    def compute(self, values):
        picked = values.get("picked")
        if picked and self.explorer is not None:
            self.explorer.set(**{**BOOK, **picked})
            return {"opened": picked}
        return {}

    def _repr_mimebundle_(self, **kwargs):
        """The widget, and the picture itself for readers of the notebook without
        JavaScript (and for ``make figures``)."""
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        data["image/svg+xml"] = self.svg
        if self.alt:
            metadata["image/svg+xml"] = {"alt": self.alt}
        return data, metadata


def show_landscape(sweeps, lrs, beta2s, default=(0.01, 0.999), explorer=None):
    """``plot_landscape`` as a figure that answers hovering and opens a clicked
    setting in ``explorer`` (the chapter's ``d2l.explore`` widget)."""
    return Landscape(sweeps, lrs, beta2s, default, explorer)
