"""Sliders for Adam's β1, β2, η and ε that retrain and redraw the loss curves.

``explore(trainers, init_states, data)`` returns the widget. It trains the
optimisers it is given (the chapter's own ``adam`` and ``yogi``) and
``torch.optim.Adam`` through ``loss_curves``, so a reader who edits ``adam``
and rebuilds the explorer sees the edit.

Feeling instant takes three things:

* ``loss_curves`` is fast (see ``curves.py``); hidden curves are skipped
  and a toggle reuses curves already computed for the same settings.
* One figure is drawn once; a rerun only repaints the curves over a saved
  background (blitting) and sends one PNG to an ``Image`` widget.
* Slider callbacks only record that a rerun is due and schedule it on the
  kernel's event loop. A change after a quiet spell reruns at once; changes
  that arrive close together (a fast drag, or messages that piled up during
  a rerun) push the rerun back until ``QUIET`` seconds pass without one, so a
  burst trains once or twice, on the latest values, never a queue of stale
  reruns.
"""

import asyncio
import contextlib
import html
import io
import math
import time

import ipywidgets as widgets
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FixedLocator, NullLocator
from PIL import Image as PILImage

from .curves import BOOK_DEFAULTS, TORCH_ADAM, Problem, loss_curves, make_problem, start_loss
from .hyperparams import SLIDER_RANGES, SLIDERS, check

# β2 on a scale of "how many nines": 0.9, 0.99, 0.999, ... are equally far apart.
BETA2_NINES = np.arange(
    -math.log10(1 - SLIDERS["beta2"].low), -math.log10(1 - SLIDERS["beta2"].high) + 1e-9, 0.25
)
BETA2_OPTIONS = [
    (f"{1 - 10**-k:.{math.ceil(k)}f}".rstrip("0"), round(1 - 10**-k, 12)) for k in BETA2_NINES
]

YLIM = (0.2, 1.5)  # log scale: the optimum (≈0.243) and an oscillating η = 1 both fit
COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b")
QUIET = 0.03  # seconds without a change before a burst of changes reruns

PRESETS = {  # label: (slider values, what the status line says about them)
    "reset: book defaults": (
        BOOK_DEFAULTS,
        "The book's settings: β1 = 0.9, β2 = 0.999, η = 0.01, ε = 10⁻⁶.",
    ),
    "β2 too small": (
        dict(BOOK_DEFAULTS, lr=0.1, beta1=0.99, beta2=0.9),
        "β2 = 0.9 remembers squared gradients for about 10 steps, β1 = 0.99 averages "
        "gradients over about 100: with β1² > β2 the step is no longer held near η. "
        "Move β2 back to 0.999 and compare.",
    ),
    "huge ε": (
        dict(BOOK_DEFAULTS, eps=1.0),
        "ε = 1 is several times √ŝ here, so the denominator is nearly the same for every "
        "coordinate and step: Adam acts like SGD with momentum at a learning rate a little "
        "below η/ε, and learns more slowly.",
    ),
    "η too large": (
        dict(BOOK_DEFAULTS, lr=1.0),
        "η = 1: Adam moves each coordinate by up to about η per step, far too much here. "
        "The loss oscillates and ends above its start, but it does not blow up: "
        "a failure to converge, not a divergence.",
    ),
}


def _make_sliders():
    layout = widgets.Layout(width="24em")
    common = dict(continuous_update=False, style={"description_width": "2.5em"}, layout=layout)
    return {
        "beta1": widgets.FloatSlider(
            value=BOOK_DEFAULTS["beta1"],
            min=SLIDERS["beta1"].low,
            max=SLIDERS["beta1"].high,
            step=0.001,
            readout_format=".3f",
            description="β1",
            **common,
        ),
        "beta2": widgets.SelectionSlider(
            options=BETA2_OPTIONS, value=BOOK_DEFAULTS["beta2"], description="β2", **common
        ),
        "lr": widgets.FloatLogSlider(
            value=BOOK_DEFAULTS["lr"],
            base=10,
            min=math.log10(SLIDERS["lr"].low),
            max=math.log10(SLIDERS["lr"].high),
            step=0.1,
            readout_format=".2g",
            description="η",
            **common,
        ),
        "eps": widgets.FloatLogSlider(
            value=BOOK_DEFAULTS["eps"],
            base=10,
            min=math.log10(SLIDERS["eps"].low),
            max=math.log10(SLIDERS["eps"].high),
            step=0.5,
            readout_format=".0e",
            description="ε",
            **common,
        ),
    }


def _png(canvas):
    """The canvas as PNG bytes: opaque RGB and light compression encode fastest."""
    width, height = canvas.get_width_height()
    image = PILImage.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


class LossPlot:
    """One figure whose curves are repainted over a saved background."""

    def __init__(self, names, reference, reference_label, num_epochs, start):
        self.start = start  # every curve is drawn from (0, start)
        self.figure = Figure(figsize=(7.0, 4.0), dpi=100, facecolor="white")
        self.canvas = FigureCanvasAgg(self.figure)
        ax = self.axes = self.figure.add_axes((0.11, 0.14, 0.86, 0.62))
        ax.set_yscale("log")
        ax.set_xlim(0, num_epochs)
        ax.set_ylim(*YLIM)
        ticks = [t for t in (0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5) if YLIM[0] <= t <= YLIM[1]]
        ax.yaxis.set_major_locator(FixedLocator(ticks))
        ax.yaxis.set_minor_locator(NullLocator())
        ax.set_yticklabels([f"{t:g}" for t in ticks])
        ax.set_xlabel("epoch", fontsize=14)
        ax.set_ylabel("loss", fontsize=14)
        ax.tick_params(labelsize=12)
        ax.grid(True, color="#dddddd")
        x, y = self._xy(reference)
        ax.plot(x, y, color="#777777", alpha=0.45, linewidth=4, label=reference_label)
        self.lines, self.markers = {}, {}
        for i, name in enumerate(names):
            style = "--" if name == TORCH_ADAM else "-"
            (self.lines[name],) = ax.plot(
                [], [], style, color=COLORS[i % len(COLORS)], linewidth=2, label=name
            )
            (self.markers[name],) = ax.plot(
                [],
                [],
                "X",
                color=COLORS[i % len(COLORS)],
                markersize=13,
                markeredgecolor="black",
                clip_on=False,
            )
        ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.02),
            ncols=2,
            fontsize=12,
            frameon=False,
            borderaxespad=0.0,
        )
        self.canvas.draw()
        self.background = self.canvas.copy_from_bbox(self.figure.bbox)

    def _xy(self, curve):
        """Points to draw, from the start; non-finite or huge losses sit at the top."""
        x = np.array([0.0, *curve.epochs])
        y = np.nan_to_num(np.array([self.start, *curve.losses]), nan=YLIM[1], posinf=YLIM[1])
        return x, np.clip(y, YLIM[0] / 2, YLIM[1] * 2)

    def render(self, curves):
        """Repaint every curve (hidden ones are absent) and return the PNG."""
        for name, line in self.lines.items():
            curve = curves.get(name)
            marker = self.markers[name]
            if curve is None:
                line.set_data([], []), marker.set_data([], [])
                continue
            x, y = self._xy(curve)
            line.set_data(x, y)
            if curve.diverged_at is not None:
                marker.set_data(x[-1:], np.minimum(y[-1:], YLIM[1]))
            else:
                marker.set_data([], [])
        self.canvas.restore_region(self.background)
        for name in self.lines:
            self.axes.draw_artist(self.lines[name])
            self.axes.draw_artist(self.markers[name])
        return _png(self.canvas)


def _describe(name, curve, start):
    if curve.diverged_at is not None:
        return f"<b>{name}</b>: <b class='diverged'>diverged at step {curve.diverged_at}</b>"
    text = f"<b>{name}</b>: {curve.final:.3f}"
    if curve.final > start:
        text += f" (above its start {start:.2f}: not converging)"
    return text


class Explorer(widgets.VBox):
    """The explorer widget; ``explore`` builds one. Attributes for tests:
    ``sliders``, ``toggles``, ``presets``, ``curves`` (the drawn ``Curve``s),
    ``runs`` (trainings so far), ``elapsed`` (seconds of the last rerun)."""

    def __init__(
        self, trainers, init_states, data, seed=0, num_epochs=2, torch_adam=True, quiet=QUIET
    ):
        self.trainers, self.init_states, self.torch_adam = dict(trainers), init_states, torch_adam
        self.problem = data if isinstance(data, Problem) else make_problem(data, seed, num_epochs)
        self.quiet, self.runs, self.elapsed, self.note = quiet, 0, 0.0, ""
        self._cache_key, self._cache, self._timer, self._holding = None, {}, None, False
        self._last_activity = -math.inf
        self.curves = {}
        names = list(self.trainers) + ([TORCH_ADAM] if torch_adam else [])
        first = names[0]
        reference = loss_curves(
            self.trainers,
            init_states,
            self.problem,
            BOOK_DEFAULTS,
            torch_adam=torch_adam,
            only=[first],
        )[first]
        self.reference, self.start_loss = reference, start_loss(self.problem)
        self.plot = LossPlot(
            names, reference, f"{first}, book defaults", num_epochs, self.start_loss
        )

        self.sliders = _make_sliders()
        self.toggles = {
            name: widgets.Checkbox(
                value=True, description=name, indent=False, layout=widgets.Layout(width="auto")
            )
            for name in names
        }
        self.presets = {
            label: widgets.Button(description=label, layout=widgets.Layout(width="auto"))
            for label in PRESETS
        }
        self.image = widgets.Image(
            format="png", layout=widgets.Layout(max_width="100%", width="700px")
        )
        self.image.add_class("adam-explorer-plot")
        self.status = widgets.HTML()
        self.status.add_class("adam-explorer-status")
        for widget in [*self.sliders.values(), *self.toggles.values()]:
            widget.observe(self._changed, names="value")
        for label, button in self.presets.items():
            button.on_click(lambda _, label=label: self.apply_preset(label))

        s = self.sliders
        super().__init__(
            [
                widgets.HBox(
                    [widgets.VBox([s["beta1"], s["beta2"]]), widgets.VBox([s["lr"], s["eps"]])]
                ),
                widgets.HBox(list(self.toggles.values())),
                widgets.HBox(list(self.presets.values())),
                self.image,
                self.status,
            ]
        )
        self.add_class("adam-explorer")
        self.rerun()

    def hyperparams(self):
        """The slider settings as the trainers' hyperparameter dict."""
        return {name: float(slider.value) for name, slider in self.sliders.items()}

    def set(self, **values):
        """Move sliders, e.g. ``set(lr=0.1, beta2=0.99)``; β2 goes to the nearest
        notch. A value outside a slider's range is a ``ValueError`` naming it."""
        for name in values:
            if name not in SLIDERS:
                raise ValueError(f"{name} is not a slider; choose from {sorted(SLIDERS)}")
        check(values, SLIDER_RANGES)
        self.note = ""
        with self._hold():
            for name, value in values.items():
                if name == "beta2":  # the nearest notch on the "nines" scale
                    nines = -math.log10(1 - value)
                    value = BETA2_OPTIONS[int(np.argmin(abs(BETA2_NINES - nines)))][1]
                self.sliders[name].value = value
        self._request()

    def apply_preset(self, label):
        values, note = PRESETS[label]
        with self._hold():
            self.set(**values)
            if label.startswith("reset"):
                for toggle in self.toggles.values():
                    toggle.value = True
        self.note = note
        self._request()

    @contextlib.contextmanager
    def _hold(self):
        """Several changes, one rerun: callbacks wait until the block ends."""
        holding, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = holding

    def _changed(self, change):
        if self._holding:
            return
        self.note = ""
        self._request()

    def _request(self):
        """Rerun now if nothing happened lately, else once things calm down.

        Without a running event loop (a script, a test) the rerun happens now.
        """
        if self._holding:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.rerun()
            return
        now = time.perf_counter()
        calm = self._timer is None and now - self._last_activity >= self.quiet
        self._last_activity = now
        if self._timer is not None:
            self._timer.cancel()
        self._timer = loop.call_later(0 if calm else self.quiet, self._rerun_from_loop)

    def _rerun_from_loop(self):
        """A scheduled rerun: an error goes to the status line, not a log."""
        self._timer = None
        try:
            self.rerun()
        except Exception as error:  # a reader's edited optimiser may raise anything
            self.status.value = (
                f"<span style='color:#d62728'>error: {html.escape(repr(error))}</span>"
            )
        finally:
            self._last_activity = time.perf_counter()

    def rerun(self):
        """Train every visible curve at the slider settings and redraw."""
        tic = time.perf_counter()
        hyperparams = self.hyperparams()
        key = tuple(sorted(hyperparams.items()))
        if key != self._cache_key:
            self._cache_key, self._cache = key, {}
        visible = [name for name, toggle in self.toggles.items() if toggle.value]
        missing = [name for name in visible if name not in self._cache]
        if missing:
            self._cache.update(
                loss_curves(
                    self.trainers,
                    self.init_states,
                    self.problem,
                    hyperparams,
                    self.torch_adam,
                    only=missing,
                )
            )
            self.runs += 1
        self.curves = {name: self._cache[name] for name in visible}
        self.image.value = self.plot.render(self.curves)
        self.elapsed = time.perf_counter() - tic
        self.status.value = self._status_html()

    def _status_html(self):
        parts = [_describe(name, curve, self.start_loss) for name, curve in self.curves.items()]
        line = "final loss: " + (" · ".join(parts) or "no curve shown")
        line += f" · rerun {self.elapsed * 1000:.0f} ms"
        if self.note:
            line += f"<br><i>{html.escape(self.note)}</i>"
        return f"<div style='font-size:1.1em; line-height:1.5'>{line}</div>"


def explore(trainers, init_states, data, seed=0, num_epochs=2, torch_adam=True):
    """An explorer for Adam's hyperparameters over the given from-scratch trainers.

    ``trainers`` maps a label to an optimiser in the book's convention, e.g.
    ``{'Adam (ours)': adam, 'Yogi (ours)': yogi}``; every curve gets the
    same β1, β2, η and ε (Yogi too: the book's Yogi defaults to ε = 1e-3,
    here it shares the slider's ε so the comparison is fair). ``data`` is the
    ``DataLoader`` from ``get_data_ch11`` (or a ``Problem`` from
    ``make_problem``); ``seed`` fixes the starting weights and minibatch order,
    as ``torch.manual_seed(seed)`` before ``train_ch11`` does.
    """
    return Explorer(trainers, init_states, data, seed, num_epochs, torch_adam)
