"""One front end for every interactive figure, in JupyterLab and in the exported page.

A figure is an ``anywidget`` whose JavaScript (the ES modules of ``d2l_local/web``,
bundled into one, ``web/bundle.js``) draws native sliders and an SVG plot. It talks
through four traits:

* ``kind`` picks the drawing (``explorer``, ``reddi``, ``landscape``, ``paths``);
* ``spec`` holds what never changes: ranges, labels and wording (``d2l_local/messages``),
  reference curves, and whatever the page needs to compute on its own;
* ``values`` is what the controls say; the front end writes it;
* ``result`` is what was computed for ``values``.

In JupyterLab the kernel computes ``result`` (``compute``, with the reader's own
functions); the exported page has no kernel and hands ``values`` to the bundle's
JavaScript copy of the lesson code instead (``web/compute``, called by
``tools/html_template/adam/runtime.js``). The front end never knows which of the two
answered.

Keeping up with a dragged slider: the front end sends at most one update at a time
(ipywidgets sends the newest value once the kernel is idle), and here a change after a
quiet spell computes at once, while changes that arrive close together, or right after
a computation (messages that piled up while it ran), wait until no other came for
``quiet`` seconds, or for as long as the last computation took if that is shorter
(waiting longer than a computation never pays): a burst computes once or twice, on the
latest values, never a queue of stale ones.
"""

import asyncio
import contextlib
import math
import time
from pathlib import Path

import anywidget
import traitlets

from ..book.hyperparams import BOOK, check
from ..messages import message

WEB = Path(__file__).parent.parent / "web"
BUNDLE = WEB / "bundle.js"  # web/main.js and its imports as one module (make bundle)


def slider_specs(sliders, steps=None):
    """A figure's sliders for its front end: the range, scale and label of each of
    ``sliders`` (name: Slider), and its step where ``steps`` gives one."""
    return [
        {
            "name": name,
            "label": message(f"label.{name}"),
            "low": slider.low,
            "high": slider.high,
            "scale": slider.scale,
            "step": (steps or {}).get(name),
        }
        for name, slider in sliders.items()
    ]


def preset_specs(presets):
    """A figure's preset buttons for its front end: each one's label and the note it
    leaves, from the message catalogue under its key, and the values it sets."""
    return [
        {"label": message(key), "values": values, "note": message(f"{key}.note")}
        for key, values in presets.items()
    ]


def finite(numbers):
    """JSON has no inf or NaN: a number that blew up is sent as None (drawn at the top)."""
    return [x if math.isfinite(x) else None for x in numbers]


# What the lesson's adam takes when hyperparams name only lr (and weight_decay), as in
# Adam in practice: the page's copies of its trainers use the same.
BOOK_CONSTANTS = {name: BOOK[name] for name in ("beta1", "beta2", "eps")}


def bundle():
    """The front end as one ES module (built from ``web/`` by tools/bundle_web.py)."""
    return BUNDLE.read_text()


class Figure(anywidget.AnyWidget):
    """Base of the chapter's interactive figures; subclasses define ``compute``."""

    _esm = bundle()
    _css = (WEB / "figure.css").read_text()
    kind = traitlets.Unicode().tag(sync=True)
    spec = traitlets.Dict().tag(sync=True)
    values = traitlets.Dict().tag(sync=True)
    result = traitlets.Dict().tag(sync=True)
    note = traitlets.Unicode("").tag(sync=True)

    quiet = 0.03  # seconds without a change before a burst of changes computes
    sliders = {}  # name -> Slider (d2l_local/core/sliders.py): what ``set`` moves

    def __init__(self, **traits):
        super().__init__(**traits)
        self.runs, self.elapsed = 0, 0.0
        self._timer, self._holding, self._last_change = None, False, -float("inf")
        self.observe(self._changed, names="values")

    def compute(self, values):
        """The ``result`` for ``values`` (a dict the front end can draw)."""
        raise NotImplementedError

    def set(self, **values):
        """Move sliders, e.g. ``set(lr=0.1, beta2=0.99)``. A name that is not a slider,
        or a value outside its slider's range, is a ``ValueError`` naming it."""
        for name in values:
            if name not in self.sliders:
                raise ValueError(f"{name} is not a slider; choose from {sorted(self.sliders)}")
        check(values, {name: slider.interval for name, slider in self.sliders.items()})
        self.change({**self.values, **{k: float(v) for k, v in values.items()}})

    def apply_preset(self, label):
        """Press a preset button: its settings at once, its note under the plot."""
        preset = next(p for p in self.spec["presets"] if p["label"] == label)
        self.change(self.preset_values(preset), preset.get("note", ""))

    def preset_values(self, preset):
        """The values a preset button of ``spec["presets"]`` sets."""
        return dict(preset["values"])

    def change(self, values, note=""):
        """New values and note at once, then one computation, as a control's change."""
        with self.hold():
            self.note = note
            self.values = values
        self._request()

    def rerun(self):
        """Compute for the current values now and publish the result."""
        tic = time.perf_counter()
        values = dict(self.values)
        result = self.compute(values)
        self.runs += 1
        self.elapsed = time.perf_counter() - tic
        # The values and the run's number go back with the result: every answer is a
        # change the front end sees (its request gate waits for one).
        self.result = {
            **result,
            "values": values,
            "elapsed_ms": round(self.elapsed * 1e3, 1),
            "run": self.runs,
        }

    @contextlib.contextmanager
    def hold(self):
        """Several changes, one computation: requests wait until the block ends."""
        holding, self._holding = self._holding, True
        try:
            yield
        finally:
            self._holding = holding

    def _changed(self, change):
        self._request()

    def _request(self):
        """Compute now if nothing changed lately, else once things calm down.

        Without a running event loop (a script, a test) the computation happens now.
        """
        if self._holding:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.rerun()
            return
        now = time.perf_counter()
        burst = self._timer is not None or now - self._last_change < self.quiet
        self._last_change = now
        if self._timer is not None:
            self._timer.cancel()
        delay = min(self.quiet, self.elapsed) if burst else 0
        self._timer = loop.call_later(delay, self._rerun_from_loop)

    def _rerun_from_loop(self):
        """A scheduled computation: an error goes to ``result``, not to a log."""
        self._timer = None
        try:
            self.rerun()
        except Exception as error:  # a reader's edited function may raise anything
            self.result = {
                "error": f"{type(error).__name__}: {error}",
                "values": dict(self.values),
                "run": self.runs,
            }
        finally:
            # Changes that queued up while this ran arrive right after it: a burst.
            self._last_change = time.perf_counter()
