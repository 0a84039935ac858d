"""The path explorer's computation: the problems, and the chapter's 2-D trainers_2d run on them."""

import functools
import math
import random

import numpy as np
import pytest

from d2l_local import torch as d2l
from d2l_local.core.paths_2d import FAR

PROBLEMS = list(d2l.PROBLEMS_2D)


def random_points(n=20, seed=0):
    rng = random.Random(seed)
    return [(rng.uniform(-6, 6), rng.uniform(-4, 4)) for _ in range(n)]


# The problems.


@pytest.mark.parametrize("name", PROBLEMS)
def test_gradients_match_finite_differences(name):
    problem, h = d2l.PROBLEMS_2D[name], 1e-6
    for x1, x2 in random_points():
        g1, g2 = problem.grad(x1, x2)
        d1 = (problem.f(x1 + h, x2) - problem.f(x1 - h, x2)) / (2 * h)
        d2 = (problem.f(x1, x2 + h) - problem.f(x1, x2 - h)) / (2 * h)
        assert g1 == pytest.approx(d1, rel=1e-6, abs=1e-6)
        assert g2 == pytest.approx(d2, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("name", PROBLEMS)
def test_problem_start_minimum_window_and_levels(name):
    problem = d2l.PROBLEMS_2D[name]
    x1_low, x1_high, x2_low, x2_high = problem.window
    for x1, x2 in (problem.start, problem.minimum):
        assert x1_low < x1 < x1_high and x2_low < x2 < x2_high
    assert problem.f(*problem.minimum) == 0 and problem.grad(*problem.minimum) == (0, 0)
    assert list(problem.levels) == sorted(problem.levels) and problem.levels[0] > 0
    assert all(type(x) is float for x in problem.start)


def test_the_three_problems_share_one_window():
    assert len({problem.window for problem in d2l.PROBLEMS_2D.values()}) == 1


def test_rotated_is_the_quadratic_of_turned_coordinates():
    quadratic, rotated = d2l.PROBLEMS_2D["quadratic"], d2l.PROBLEMS_2D["rotated"]
    for x1, x2 in random_points():
        u1, u2 = (x1 - x2) / math.sqrt(2), (x1 + x2) / math.sqrt(2)
        assert rotated.f(x1, x2) == pytest.approx(quadratic.f(u1, u2), rel=1e-12)
    # The start is the book's start turned with it: (u1, u2) = (-5, -2).
    x1, x2 = rotated.start
    assert (x1 - x2) / math.sqrt(2) == pytest.approx(-5, rel=1e-15)
    assert (x1 + x2) / math.sqrt(2) == pytest.approx(-2, rel=1e-15)


def test_rosenbrock_is_scaled_to_the_quadratics_steepest_curvature():
    rosenbrock = d2l.PROBLEMS_2D["rosenbrock"]
    x1, x2 = rosenbrock.minimum
    h = 1e-5
    columns = [
        (np.subtract(rosenbrock.grad(x1 + h, x2), rosenbrock.grad(x1 - h, x2))),
        (np.subtract(rosenbrock.grad(x1, x2 + h), rosenbrock.grad(x1, x2 - h))),
    ]
    hessian = np.column_stack(columns) / (2 * h)
    low, high = np.linalg.eigvalsh((hessian + hessian.T) / 2)
    assert high == pytest.approx(4, rel=0.01)
    assert high / low > 1000  # a narrow valley
    # The customary start, (a, b) = (-1.2, 1).
    assert rosenbrock.start == (-3.6, 0.0)


def test_the_chapters_quadratic_is_the_explorers(lesson):
    quadratic = d2l.PROBLEMS_2D["quadratic"]
    for x1, x2 in random_points():
        assert lesson["f_2d"](x1, x2) == pytest.approx(quadratic.f(x1, x2), rel=1e-15)
        assert lesson["f_2d_grad"](x1, x2) == quadratic.grad(x1, x2)


# The paths.


def direct_path(trainer, problem, start, steps, **settings):
    """The points of ``trainer`` called by hand, as a reader would."""
    x1, x2 = start
    s1 = s2 = 0
    points = [(x1, x2)]
    for _ in range(steps):
        x1, x2, s1, s2 = trainer(x1, x2, s1, s2, problem.grad, **settings)
        points.append((x1, x2))
    return points


SETTINGS = [
    dict(eta=0.4),
    dict(eta=0.1, beta1=0.5, beta2=0.99, eps=1e-3, bias_correction=False),
    dict(eta=0.05, beta1=0.0, beta2=0.9, eps=1.0, eps_inside=True),
]


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("name", PROBLEMS)
def test_paths_are_the_chapters_trainers_called_directly(trainers_2d, name, settings):
    problem = d2l.PROBLEMS_2D[name]
    start = (1.5, -2.5)
    paths = d2l.optimizer_paths(trainers_2d, name, start=start, steps=60, **settings)
    assert list(paths) == list(d2l.METHODS_2D)
    adam_only = {key: value for key, value in settings.items() if key != "eta"}
    for method, path in paths.items():
        extra = adam_only if method == "Adam" else {}
        expected = direct_path(
            trainers_2d[method], problem, start, 60, eta=settings["eta"], **extra
        )
        assert path.diverged_at is None
        assert path.points == expected  # exactly: the same calls in the same order
        assert all(type(x1) is float and type(x2) is float for x1, x2 in path.points)


def test_default_paths_are_the_chapters_figure(trainers_2d, capsys, lesson):
    """At the chapter's settings the explorer opens on the figure 'Watch Adam move' draws."""
    paths = d2l.optimizer_paths(trainers_2d)
    for method, trainer in trainers_2d.items():
        figure = d2l.train_2d(trainer, f_grad=lesson["f_2d_grad"])
        assert paths[method].points == [tuple(map(float, point)) for point in figure]
    capsys.readouterr()


def test_only_the_trainers_given_are_run(trainers_2d):
    paths = d2l.optimizer_paths({"Adam": trainers_2d["Adam"], "momentum": trainers_2d["momentum"]})
    assert list(paths) == ["momentum", "Adam"]


@pytest.mark.parametrize("beta1, beta2", [(0.9, 0.999), (0.9, 0.99), (0.5, 0.999), (0.0, 0.9)])
def test_without_bias_correction_the_first_step_grows_by_the_stated_factor(
    trainers_2d, beta1, beta2
):
    """Without the correction Adam's first move is (1 - beta1) / sqrt(1 - beta2) times eta:
    3.16 at the book's defaults, as the chapter says."""
    moves = []
    for corrected in (True, False):
        path = d2l.optimizer_paths(
            {"Adam": trainers_2d["Adam"]},
            steps=1,
            beta1=beta1,
            beta2=beta2,
            bias_correction=corrected,
        )["Adam"]
        (a1, a2), (b1, b2) = path.points
        moves.append(np.array([b1 - a1, b2 - a2]))
    np.testing.assert_allclose(moves[0], [0.4, 0.4], rtol=1e-5)
    np.testing.assert_allclose(moves[1] / moves[0], (1 - beta1) / math.sqrt(1 - beta2), rtol=1e-4)


def test_eps_one_is_halfway_to_momentum_here_and_a_huge_eps_is_momentum(trainers_2d):
    """The chapter's claims: with eps much larger than the gradients, every coordinate gets the
    same learning rate and Adam is momentum; at eps = 1 on this problem it is not yet."""
    adam, momentum = trainers_2d["Adam"], trainers_2d["momentum"]
    quadratic = d2l.PROBLEMS_2D["quadratic"]
    beta, eta = 0.9, 0.05
    # Without bias correction Adam's v is (1 - beta1) times momentum's velocity, so with a
    # huge eps its step is eta_adam (1 - beta1) / eps times that velocity.
    reference = direct_path(momentum, quadratic, quadratic.start, 100, eta=eta, beta=beta)
    for eps, tolerance in [(1e6, 1e-4), (1.0, None)]:
        as_momentum = functools.partial(
            adam, beta1=beta, eps=eps, bias_correction=False, eta=eta * eps / (1 - beta)
        )
        path = direct_path(as_momentum, quadratic, quadratic.start, 100)
        gap = max(math.dist(p, q) for p, q in zip(path, reference))
        if tolerance:
            assert gap < tolerance
        else:
            assert gap > 0.5  # eps = 1 is as large as these gradients, not much larger


# Divergence.


def test_gradient_descent_with_a_too_large_eta_stops_where_it_leaves(trainers_2d):
    path = d2l.optimizer_paths(trainers_2d, steps=50, eta=0.6)["gradient descent"]
    # x2 is multiplied by 1 - 0.6 * 4 = -1.4 per step: |x2| = 2 * 1.4**k passes
    # FAR * 4 = 40 at k = 9.
    assert path.diverged_at == 9 and len(path.points) == 9
    assert all(abs(x2) <= FAR * 4 for _, x2 in path.points)
    assert path.status.startswith("diverged at step 9: far outside the plot")
    assert path.points[-1][1] == pytest.approx(-2 * (-1.4) ** 8)


def test_a_path_that_is_fine_says_where_it_ends(trainers_2d):
    path = d2l.optimizer_paths(trainers_2d, steps=20)["momentum"]
    assert path.diverged_at is None and path.status == "20 steps, ends at (-0.0628, 0.0012)"


def test_a_non_finite_point_stops_the_path():
    def leaks_nan(x1, x2, s1, s2, f_grad, eta):
        return (x1 * 0.5, x2 * 0.5, 0, 0) if x1 < -2 else (math.nan, x2, 0, 0)

    path = d2l.optimizer_paths({"gradient descent": leaks_nan}, steps=10)["gradient descent"]
    assert path.diverged_at == 3 and path.reason == "not a finite number"
    assert path.points == [(-5.0, -2.0), (-2.5, -1.0), (-1.25, -0.5)]


def test_an_arithmetic_error_stops_the_path():
    def overflows(x1, x2, s1, s2, f_grad, eta):
        return x1 * 1e200, (x2 * 1e200) ** 2, 0, 0

    path = d2l.optimizer_paths({"momentum": overflows}, steps=10)["momentum"]
    assert path.diverged_at == 1 and path.points == [(-5.0, -2.0)]
    assert path.reason.startswith("OverflowError")


@pytest.mark.parametrize("name", PROBLEMS)
def test_no_setting_on_the_sliders_produces_a_non_finite_point(trainers_2d, name):
    """The largest eta and smallest eps, with and without the switches: paths may
    stop, but every point they keep is finite and inside the far box."""
    for settings in [
        dict(eta=10.0, eps=1e-10),
        dict(eta=10.0, eps=1e-10, bias_correction=False, eps_inside=True, beta1=0.999, beta2=0.0),
    ]:
        for path in d2l.optimizer_paths(trainers_2d, name, steps=200, **settings).values():
            assert all(math.isfinite(x1) and math.isfinite(x2) for x1, x2 in path.points)
            assert all(abs(x1) <= 60 and abs(x2) <= 40 for x1, x2 in path.points)


# Settings that make no sense.


@pytest.mark.parametrize(
    "bad",
    [
        dict(steps=0),
        dict(steps=201),
        dict(steps=2.5),
        dict(steps=True),
        dict(eta=0.0),
        dict(eta=math.nan),
        dict(eta=math.inf),
        dict(beta1=1.0),
        dict(beta2=-0.1),
        dict(eps=0.0),
        dict(start=(math.nan, 0.0)),
    ],
)
def test_bad_settings_are_refused_by_name(trainers_2d, bad):
    name = next(iter(bad))
    with pytest.raises(ValueError, match=name):
        d2l.optimizer_paths(trainers_2d, **bad)


def test_unknown_methods_and_problems_are_refused(trainers_2d):
    with pytest.raises(ValueError, match="trainers"):
        d2l.optimizer_paths({"adam": trainers_2d["Adam"]})
    with pytest.raises(ValueError, match="trainers"):
        d2l.optimizer_paths({})
    with pytest.raises(KeyError):
        d2l.optimizer_paths(trainers_2d, "himmelblau")
