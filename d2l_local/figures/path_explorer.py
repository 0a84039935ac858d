"""The path explorer: sliders, switches and a click on the plot rerun the chapter's 2-D
trainers and redraw their paths over the contours of the problem.

``explore_paths(trainers)`` returns the widget. In JupyterLab the kernel runs the
trainers it is given (the chapter's ``gd_2d``, ``momentum_2d``, ``rmsprop_2d`` and
``adam_2d``) through ``optimizer_paths``, so a reader who edits one and rebuilds the
explorer sees the edit; a trainer that raises shows its error in the status line and
leaves the other paths drawn. The browser draws (``web/render/paths.js``). On the
exported page the same front end reruns its JavaScript copy of those trainers instead
(``web/compute/paths.js``).

The contour lines are computed here, once per problem (matplotlib's contour
generator, ``contourpy``), and handed over as polylines in data coordinates.
"""

import functools
import inspect
import math

import contourpy
import numpy as np

from ..core.paths_2d import FAR, METHODS_2D, optimizer_paths
from ..core.problems_2d import PROBLEMS_2D, WINDOW
from ..core.sliders import PATH_SLIDERS
from ..messages import message, messages
from .widget import Figure, slider_specs

METHOD_KEYS = {
    "gradient descent": "gd",
    "momentum": "momentum",
    "RMSProp": "rmsprop",
    "Adam": "adam",
}
# Colour (Okabe & Ito's palette, web/figure.css; Adam in the book's path orange) and
# the marker on each point, so that no path is told from another by colour alone.
STYLES = {
    "gradient descent": ("blue", "square"),
    "momentum": ("green", "triangle"),
    "RMSProp": ("purple", "diamond"),
    "Adam": ("vermillion", "circle"),
}
# η is lr on its slider, as in every explorer; optimizer_paths calls it eta, as the book's
# 2-D trainers do. A link written when the slider was called eta still sets it.
ARGUMENTS = {"lr": "eta"}  # a slider's name -> optimizer_paths' keyword, where they differ
RENAMED = {"eta": "lr"}  # a slider's old name in a page's link -> its name
STEPS = {"beta1": 0.001, "steps": 1}  # linear sliders move by this; log and nines ones freely
SWITCHES = ("bias_correction", "eps_inside")
GRID = (481, 321)  # contour grid over the window: 0.025 apart, for Rosenbrock's narrow valley
TOLERANCE = 0.005  # contour points dropped where the line is this close to straight
DIGITS = 3  # contour points are rounded to this many decimals: both far below a pixel

# A preset sets these values over the chapter's (message key of the button, and of its
# note with ".note"). A preset that names a problem starts from that problem's start.
PRESETS = {
    "paths.preset.chapter": {},
    "paths.preset.no_correction": {"bias_correction": False, "shown": ["RMSProp", "Adam"]},
    "paths.preset.rotated": {"problem": "rotated", "steps": 40, "shown": ["momentum", "Adam"]},
    "paths.preset.huge_eps": {
        "eps": 100.0,
        "lr": 80.0,
        "beta1": 0.5,
        "bias_correction": False,
        "shown": ["Adam"],
    },
}


def chapter_values(problem="quadratic"):
    """The settings of the chapter's figure (``optimizer_paths``' defaults) as values."""
    defaults = {
        name: parameter.default
        for name, parameter in inspect.signature(optimizer_paths).parameters.items()
        if parameter.default is not inspect.Parameter.empty
    }
    values = {name: defaults[ARGUMENTS.get(name, name)] for name in (*PATH_SLIDERS, *SWITCHES)}
    start = PROBLEMS_2D[problem].start
    return {**values, "problem": problem, "start": list(start), "shown": list(METHODS_2D)}


@functools.cache
def contour_lines(problem, grid=GRID, tolerance=TOLERANCE, digits=DIGITS):
    """For each of the problem's levels, its contour lines as flat lists [x1, x2, x1, ...].
    Computed once per problem (a tenth of a second)."""
    x1_low, x1_high, x2_low, x2_high = problem.window
    x1, x2 = np.meshgrid(
        np.linspace(x1_low, x1_high, grid[0]), np.linspace(x2_low, x2_high, grid[1])
    )
    lines = contourpy.contour_generator(x1, x2, problem.f(x1, x2)).lines
    return [
        [np.round(simplify(line, tolerance), digits).ravel().tolist() for line in lines(level)]
        for level in problem.levels
    ]


def simplify(line, tolerance):
    """The points of ``line`` (an (n, 2) array) without those that lie within
    ``tolerance`` of the chord between their neighbours kept (Ramer-Douglas-Peucker):
    a contour of a smooth function needs far fewer points than the grid gives it."""
    first, last = line[0], line[-1]
    if len(line) < 3:
        return line
    chord, offsets = last - first, line - first
    length = np.hypot(*chord)
    if length > 0:
        distances = np.abs(chord[0] * offsets[:, 1] - chord[1] * offsets[:, 0]) / length
    else:  # a closed line: distances from its first point
        distances = np.hypot(offsets[:, 0], offsets[:, 1])
    i = int(np.argmax(distances))
    if distances[i] <= tolerance:
        return np.array([first, last])
    return np.vstack([simplify(line[: i + 1], tolerance)[:-1], simplify(line[i:], tolerance)])


def check_values(values, methods=METHODS_2D):
    """Refuse values the controls could not have produced, with a ``ValueError`` naming
    the bad one; return the keyword arguments of ``optimizer_paths`` they stand for."""
    for name, slider in PATH_SLIDERS.items():
        value = values.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name} must be a number, got {value!r}")
        if not slider.interval.holds(value):
            raise ValueError(f"{name} must be in {slider.interval}, got {value!r}")
    if values["steps"] != int(values["steps"]):
        raise ValueError(f"steps must be a whole number, got {values['steps']!r}")
    for name in SWITCHES:
        if not isinstance(values.get(name), bool):
            raise ValueError(f"{name} must be True or False, got {values.get(name)!r}")
    problem = values.get("problem")
    if problem not in PROBLEMS_2D:
        raise ValueError(f"problem must be one of {sorted(PROBLEMS_2D)}, got {problem!r}")
    start = values.get("start")
    x1_low, x1_high, x2_low, x2_high = PROBLEMS_2D[problem].window
    if (
        not isinstance(start, list | tuple)
        or len(start) != 2
        or not all(isinstance(x, int | float) and math.isfinite(x) for x in start)
        or not (x1_low <= start[0] <= x1_high and x2_low <= start[1] <= x2_high)
    ):
        raise ValueError(f"start must be a point (x1, x2) inside the plot, got {start!r}")
    shown = values.get("shown")
    if not isinstance(shown, list | tuple) or not set(shown) <= set(methods):
        raise ValueError(f"shown must be a list of some of {list(methods)}, got {shown!r}")
    settings = {
        ARGUMENTS.get(name, name): float(values[name]) for name in PATH_SLIDERS if name != "steps"
    }
    settings.update({name: values[name] for name in SWITCHES})
    start = tuple(float(x) for x in start)
    return dict(settings, problem=problem, start=start, steps=int(values["steps"]))


class PathExplorer(Figure):
    """The path explorer widget; ``explore_paths`` builds one. Attributes for tests:
    ``paths`` (the last computed ``Path2D``s by method), ``runs``, ``elapsed``."""

    def __init__(self, trainers, problem="quadratic", **values):
        unknown = set(trainers) - set(METHODS_2D)
        if unknown or not trainers:
            raise ValueError(f"trainers: expected some of {METHODS_2D}, got {sorted(trainers)}")
        self.trainers = {method: trainers[method] for method in METHODS_2D if method in trainers}
        self.paths = {}
        self._check_names(values)
        spec = {
            "sliders": slider_specs(PATH_SLIDERS, STEPS),
            "methods": [
                {
                    "name": method,
                    "label": message(f"paths.method.{METHOD_KEYS[method]}"),
                    "color": STYLES[method][0],
                    "marker": STYLES[method][1],
                }
                for method in self.trainers
            ],
            "problems": [
                {
                    "name": name,
                    "label": message(f"paths.problem.{name}"),
                    "start": list(p.start),
                    "minimum": list(p.minimum),
                    "levels": list(p.levels),
                    "contours": contour_lines(p),
                }
                for name, p in PROBLEMS_2D.items()
            ],
            "window": list(WINDOW),
            "far": FAR,
            "presets": [
                {
                    "label": message(key),
                    "values": self._preset(preset),
                    "note": message(f"{key}.note"),
                }
                for key, preset in PRESETS.items()
            ],
            "messages": messages("paths."),
            "fragment": "paths",
            "renamed": RENAMED,
            "defaults": {**chapter_values(), "shown": list(self.trainers)},
        }
        values = {**chapter_values(problem), "shown": list(self.trainers), **values}
        check_values(values, list(self.trainers))
        super().__init__(kind="paths", spec=spec, values=values)
        self.add_class("adam-paths")
        self.rerun()

    def _preset(self, preset):
        values = {**chapter_values(preset.get("problem", "quadratic")), **preset}
        values["shown"] = [method for method in values["shown"] if method in self.trainers]
        return values

    @staticmethod
    def _check_names(values):
        known = {*PATH_SLIDERS, *SWITCHES, "problem", "start", "shown"}
        for name in values:
            if name not in known:
                raise ValueError(f"{name} is not a setting; choose from {sorted(known)}")

    def set(self, **values):
        """Change settings, e.g. ``set(lr=0.1, problem='rotated')``: a name that is not a
        setting, or a value its control could not take, is a ``ValueError`` naming it.
        A new problem without a ``start`` starts from that problem's start."""
        self._check_names(values)
        if "problem" in values and "start" not in values:
            values["start"] = list(
                PROBLEMS_2D.get(values["problem"], PROBLEMS_2D["quadratic"]).start
            )
        new = {**self.values, **values}
        check_values(new, list(self.trainers))
        self.change(new)

    def compute(self, values):
        settings = check_values(values, list(self.trainers))
        problem = PROBLEMS_2D[settings["problem"]]
        self.paths, result = {}, {}
        for method, trainer in self.trainers.items():
            if method not in values["shown"]:
                continue
            try:
                path = optimizer_paths({method: trainer}, **settings)[method]
            except Exception as error:  # a reader's edited trainer may raise anything
                result[method] = {"error": f"{type(error).__name__}: {error}"}
                continue
            self.paths[method] = path
            x1, x2 = (list(xs) for xs in zip(*path.points))
            result[method] = {
                "x1": x1,
                "x2": x2,
                "f": float(problem.f(x1[-1], x2[-1])),
                "diverged_at": path.diverged_at,
            }
        return {"paths": result}


def explore_paths(trainers, problem="quadratic", **values):
    """An explorer of the paths of the given 2-D trainers.

    ``trainers`` maps some of ``METHODS_2D`` to trainers in the chapter's 2-D
    convention, e.g. ``{'gradient descent': gd_2d, 'momentum': momentum_2d,
    'RMSProp': rmsprop_2d, 'Adam': adam_2d}`` (see ``optimizer_paths`` for which
    setting reaches which). It opens on the chapter's figure, on ``problem``; other
    settings (``lr``, ``beta1``, ``beta2``, ``eps``, ``steps``, ``bias_correction``,
    ``eps_inside``, ``start``, ``shown``) may be given as keywords.
    """
    return PathExplorer(trainers, problem, **values)
