"""The 2-D problems of the path explorer, defined in one place.

* ``quadratic``: the book's f(x1, x2) = 0.1 x1² + 2 x2², a valley along the x1 axis.
* ``rotated``: the same quadratic turned by 45° (clockwise), so that its valley runs
  along the diagonal x2 = -x1 instead of an axis. With d = x1 - x2 and s = x1 + x2 it
  is 0.05 d² + s², which is exactly the book's f of the turned coordinates
  (d/√2, s/√2). Its start is the book's start turned with it, so a method that does
  not care about rotation (gradient descent, momentum) follows the book's path, turned.
* ``rosenbrock``: a narrow curved valley, (1 - a)² + 100 (b - a²)² with a = x1/3 and
  b = 1 + x2/2 (the usual view a in [-2, 2], b in [-1, 3] stretched over the window),
  divided by 35 so that its steepest curvature at the minimum is about 4, as for the
  book's quadratic: the learning rates that are safe for gradient descent near the
  minimum are the same on both. Its minimum is at (3, 0), its start the customary
  (a, b) = (-1.2, 1).

All three share one plotting window. The functions are float64 and use only
+, -, * and / (no powers, no library calls) in a fixed order, so a JavaScript copy
that does the same operations in the same order computes the same bits. ``f`` also
works on NumPy arrays, for contours.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass

WINDOW = (-6.0, 6.0, -4.0, 4.0)  # x1 from, to; x2 from, to


@dataclass(frozen=True)
class Problem2D:
    title: str
    f: Callable
    grad: Callable  # (x1, x2) -> (df/dx1, df/dx2)
    start: tuple  # the default start point
    minimum: tuple
    levels: tuple  # contour values, increasing
    window: tuple = WINDOW


def quadratic(x1, x2):
    return 0.1 * x1 * x1 + 2.0 * x2 * x2


def quadratic_grad(x1, x2):
    return 0.2 * x1, 4.0 * x2


def rotated(x1, x2):
    d, s = x1 - x2, x1 + x2
    return 0.05 * d * d + s * s


def rotated_grad(x1, x2):
    d, s = x1 - x2, x1 + x2
    return 0.1 * d + 2.0 * s, 2.0 * s - 0.1 * d


def rosenbrock(x1, x2):
    a, b = x1 / 3.0, 1.0 + x2 / 2.0
    u, w = 1.0 - a, b - a * a
    return (u * u + 100.0 * w * w) / 35.0


def rosenbrock_grad(x1, x2):
    a, b = x1 / 3.0, 1.0 + x2 / 2.0
    u, w = 1.0 - a, b - a * a
    # d/da and d/db of the bracket, times da/dx1 = 1/3 and db/dx2 = 1/2, over 35
    return (-2.0 * u - 400.0 * a * w) / 105.0, 200.0 * w / 70.0


SQRT2 = math.sqrt(2.0)  # JavaScript: Math.SQRT2, the same double
QUADRATIC_LEVELS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0)

PROBLEMS_2D = {
    "quadratic": Problem2D(
        "the book's quadratic",
        quadratic,
        quadratic_grad,
        start=(-5.0, -2.0),
        minimum=(0.0, 0.0),
        levels=QUADRATIC_LEVELS,
    ),
    "rotated": Problem2D(
        "the quadratic turned by 45°",
        rotated,
        rotated_grad,
        start=(-3.5 * SQRT2, 1.5 * SQRT2),
        minimum=(0.0, 0.0),
        levels=QUADRATIC_LEVELS,
    ),
    "rosenbrock": Problem2D(
        "a narrow curved valley (Rosenbrock)",
        rosenbrock,
        rosenbrock_grad,
        start=(-3.6, 0.0),
        minimum=(3.0, 0.0),
        levels=(0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0),
    ),
}
