"""Matplotlib helpers with the book's names and signatures.

Two changes from the book's ``Animator``: it redraws a single displayed figure in
place (a display handle) instead of clearing the cell output and showing a new
figure each time, so a live curve does not flicker; and it redraws at most every
``min_interval`` seconds (``draw()`` shows the last points), because drawing the
figure costs far more than the training it shows: a chapter's two-epoch run
trains in tens of milliseconds and took most of a second to redraw after every
evaluation.
"""

import re
import time
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from IPython import display, get_ipython
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib_inline import backend_inline

from ..messages import follow_language


def use_svg_display():
    """Crisp figures at any zoom, on a projector and in the exported page; each carries
    the words of ``describe_figure`` in its output's metadata."""
    backend_inline.set_matplotlib_formats("svg")
    shell = get_ipython()
    if shell is not None:
        formatter = shell.display_formatter.formatters["image/svg+xml"]
        draw = formatter.lookup_by_type(Figure)  # fresh: set_matplotlib_formats replaced it
        formatter.for_type(Figure, lambda fig: _with_description(draw(fig)))


_description = None  # what the figures of the running cell show (describe_figure)


def describe_figure(text):
    """Say in words what the figure the running cell draws shows. The exported page
    gives it as the picture's text alternative (its ``alt``), for a reader who cannot
    see it; it holds until the cell ends (call it before drawing: a figure drawn while
    training is shown as it goes)."""
    global _description
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"describe_figure needs a sentence saying what it shows, got {text!r}")
    shell = get_ipython()
    if shell is not None and _forget not in shell.events.callbacks["post_run_cell"]:
        shell.events.register("post_run_cell", _forget)
    _description = text.strip()


def figure_description():
    """The words of the running cell's ``describe_figure``, or None."""
    return _description


def _forget(result=None):
    global _description
    _description = None


def _with_description(svg):
    """A formatter's answer: the picture, with its description as metadata if any."""
    return (svg, {"alt": _description}) if _description and svg is not None else svg


# Fonts with Chinese glyphs, in order of preference: Debian's fonts-noto-cjk (and Adobe's
# Source Han Sans, the same design), WenQuanYi on other Linux systems, macOS, Windows.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "PingFang SC",
    "Microsoft YaHei",
    "SimHei",
)
CJK_FILES = re.compile(r"cjk|sourcehan|wqy|pingfang|msyh|simhei", re.IGNORECASE)  # their files


def use_fonts_for(language):
    """Figures in ``language``: for Chinese, the first installed font of ``CJK_FONTS``
    (matplotlib's DejaVu Sans has no Chinese glyphs), with DejaVu Sans for any glyph
    it lacks; otherwise matplotlib's default. It comes first because a label that
    mixes Chinese and ``$math$`` takes its text glyphs from the first family."""
    if language != "zh":
        matplotlib.rcParams["font.family"] = matplotlib.rcParamsDefault["font.family"]
        return
    found = _first_installed(CJK_FONTS)
    if found is None:  # perhaps installed after matplotlib cached its list of fonts
        for path in font_manager.findSystemFonts():
            if CJK_FILES.search(Path(path).name):
                font_manager.fontManager.addfont(path)
        found = _first_installed(CJK_FONTS)
    if found is None:
        warnings.warn(
            "no font with Chinese glyphs found (looked for "
            f"{', '.join(CJK_FONTS)}): Chinese labels in figures will show as boxes. "
            "Install one (Debian/Ubuntu: apt install fonts-noto-cjk) and restart the kernel.",
            stacklevel=3,
        )
        return
    matplotlib.rcParams["font.family"] = [found, "DejaVu Sans"]


follow_language(use_fonts_for)  # d2l.use_language('zh') switches the fonts too


def _first_installed(names):
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in names if name in installed), None)


def set_figsize(figsize=(3.5, 2.5)):
    use_svg_display()
    plt.rcParams["figure.figsize"] = figsize


def set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend):
    axes.set_xlabel(xlabel), axes.set_ylabel(ylabel)
    axes.set_xscale(xscale), axes.set_yscale(yscale)
    axes.set_xlim(xlim), axes.set_ylim(ylim)
    if legend:
        axes.legend(legend)
    axes.grid()


def _has_one_axis(X):
    return (
        hasattr(X, "ndim") and X.ndim == 1 or isinstance(X, list) and not hasattr(X[0], "__len__")
    )


def plot(
    X,
    Y=None,
    xlabel=None,
    ylabel=None,
    legend=(),
    xlim=None,
    ylim=None,
    xscale="linear",
    yscale="linear",
    fmts=("-", "m--", "g-.", "r:"),
    figsize=(3.5, 2.5),
    axes=None,
):
    """Plot one or several curves; ``Y`` alone plots against the index."""
    if _has_one_axis(X):
        X = [X]
    if Y is None:
        X, Y = [[]] * len(X), X
    elif _has_one_axis(Y):
        Y = [Y]
    if len(X) != len(Y):
        X = X * len(Y)
    set_figsize(figsize)
    if axes is None:
        axes = plt.gca()
    axes.cla()
    for x, y, fmt in zip(X, Y, fmts):
        axes.plot(x, y, fmt) if len(x) else axes.plot(y, fmt)
    set_axes(axes, xlabel, ylabel, xlim, ylim, xscale, yscale, legend)


class Animator:
    """Add points to one or more curves and redraw the same figure."""

    def __init__(
        self,
        xlabel=None,
        ylabel=None,
        legend=None,
        xlim=None,
        ylim=None,
        xscale="linear",
        yscale="linear",
        fmts=("-", "m--", "g-.", "r:"),
        nrows=1,
        ncols=1,
        figsize=(3.5, 2.5),
        min_interval=0.1,
    ):
        use_svg_display()
        self.fig, axes = plt.subplots(nrows, ncols, figsize=figsize)
        plt.close(self.fig)  # we show it ourselves; the backend must not repeat it
        self.axes = [axes] if nrows * ncols == 1 else axes
        self.config_axes = lambda: set_axes(
            self.axes[0], xlabel, ylabel, xlim, ylim, xscale, yscale, legend or []
        )
        self.X, self.Y, self.fmts = None, None, fmts
        self.handle, self.min_interval = None, min_interval
        self._drawn_at, self._pending = 0.0, False  # when the figure was last drawn; news since

    def add(self, x, y):
        if not hasattr(y, "__len__"):
            y = [y]
        n = len(y)
        if not hasattr(x, "__len__"):
            x = [x] * n
        if not self.X:
            self.X = [[] for _ in range(n)]
        if not self.Y:
            self.Y = [[] for _ in range(n)]
        for i, (a, b) in enumerate(zip(x, y)):
            if a is not None and b is not None:
                self.X[i].append(a)
                self.Y[i].append(b)
        self._pending = True
        if self.handle is None or time.perf_counter() - self._drawn_at >= self.min_interval:
            self.draw()

    def draw(self):
        """Show every point added so far (``add`` may have left the last ones undrawn)."""
        if not self._pending:
            return
        self.axes[0].cla()
        for xs, ys, fmt in zip(self.X, self.Y, self.fmts):
            self.axes[0].plot(xs, ys, fmt)
        self.config_axes()
        if self.handle is None:
            self.handle = display.display(self.fig, display_id=True)
        else:
            self.handle.update(self.fig)
        self._drawn_at, self._pending = time.perf_counter(), False
