"""Heatmaps of a sweep's final loss over the learning rate and beta2.

The two axes are logarithmic: lr itself, and 1 - beta2 (labelled with beta2,
which grows upwards), because both matter by orders of magnitude. Runs that
diverged get no colour at all: a hatched grey cell with its own legend entry,
so that a blow-up never stretches the colour scale of the runs that trained.
"""

import io

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.ticker import FixedLocator, FuncFormatter, StrMethodFormatter

from .hyperparams import BOOK, SLIDERS
from .messages import messages, tr
from .plotting import figure_description, use_svg_display
from .widget import Figure

DIVERGED, HATCH = "#bdbdbd", "#6f6f6f"


def log_edges(centres):
    """Cell edges halfway (in log space) between log-spaced centres."""
    logs = np.log10(np.asarray(centres, dtype=np.float64))
    mids = (logs[1:] + logs[:-1]) / 2
    return 10 ** np.concatenate([[2 * logs[0] - mids[0]], mids, [2 * logs[-1] - mids[-1]]])


def _beta2_axis(ax, gaps):
    ax.set_yscale("log")
    ax.set_ylim(gaps.max(), gaps.min())  # beta2 grows upwards
    decades = 10.0 ** np.arange(np.ceil(np.log10(gaps.min())), 0)
    ax.yaxis.set_major_locator(FixedLocator(decades))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"{1 - y:.{-round(np.log10(y))}f}"))
    ax.yaxis.set_minor_locator(FixedLocator([]))
    ax.set_ylabel(tr("β2  (log scale of 1 - β2)"))


def plot_landscape(sweeps, lrs, beta2s, default=(0.01, 0.999), vmax=1.0):
    """One heatmap per sweep (``{'Adam': Sweep, ...}``), side by side.

    Each sweep must come from ``grid(lr=lrs, beta2=beta2s)``. Colours show the
    final loss on a log scale shared by the panels; losses above ``vmax`` take
    the top colour (the colour bar says so). ``default`` marks (lr, beta2).
    """
    use_svg_display()
    lrs, gaps = np.asarray(lrs), 1 - np.asarray(beta2s)
    shape = (len(lrs), len(gaps))
    finals = {
        name: np.ma.masked_array(s.final.reshape(shape), s.diverged.reshape(shape))
        for name, s in sweeps.items()
    }
    norm = LogNorm(min(f.min() for f in finals.values()), vmax)
    fig, axes = plt.subplots(
        1,
        len(sweeps),
        figsize=(4.2 * len(sweeps) + 1, 3.6),
        sharey=True,
        facecolor="white",
        layout="constrained",
    )
    axes = np.atleast_1d(axes)
    x, y = log_edges(lrs), log_edges(gaps)
    for ax, (name, final) in zip(axes, finals.items()):
        # Diverged cells are masked, so the mesh leaves them empty and a single
        # hatched rectangle behind it shows through (one SVG path, not hundreds).
        ax.add_patch(
            Rectangle(
                (x[0], y[0]),
                x[-1] - x[0],
                y[-1] - y[0],
                zorder=0,
                facecolor=DIVERGED,
                edgecolor=HATCH,
                hatch="///",
                lw=0,
            )
        )
        mesh = ax.pcolormesh(
            x, y, final.T, norm=norm, cmap="viridis", zorder=1, rasterized=True
        )  # 900 cells as one image: a small SVG
        ax.plot(default[0], 1 - default[1], "*", ms=13, mfc="white", mec="black", zorder=2)
        ax.set_xscale("log")
        ax.set_xlabel(tr("learning rate η"))
        n_div = int(np.ma.getmaskarray(final).sum())
        title = tr("{name}: final loss ({n} of {m} diverged)", name=name, n=n_div, m=final.size)
        ax.set_title(title, fontsize=10)
        _beta2_axis(ax, gaps)
    for ax in axes[1:]:
        ax.set_ylabel("")
    bar = fig.colorbar(mesh, ax=axes, extend="max", label=tr("final loss (log scale)"))
    bar.ax.yaxis.set_major_formatter(StrMethodFormatter("{x:.2g}"))
    bar.ax.yaxis.set_minor_formatter(StrMethodFormatter("{x:.2g}"))
    handles = [
        Patch(facecolor=DIVERGED, hatch="///", edgecolor=HATCH, label=tr("diverged")),
        Line2D(
            [],
            [],
            ls="",
            marker="*",
            ms=11,
            mfc="white",
            mec="black",
            label=tr("book default (η = {lr:g}, β2 = {beta2:g})", lr=default[0], beta2=default[1]),
        ),
    ]
    fig.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False)
    return fig


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
