"""train_2d and show_trace_2d against the real book library (d2l 1.0.3).

The trainers below are written the way the book's sections write them: four
arguments (five with ``f_grad``), hyperparameters fixed from outside.
"""

import math

import matplotlib.pyplot as plt
import numpy as np
import pytest

from d2l_local import torch as ours


def f_2d(x1, x2):
    return 0.1 * x1**2 + 2 * x2**2


def gd_trainer(eta):
    def gd_2d(x1, x2, s1, s2, f_grad):
        g1, g2 = f_grad(x1, x2)
        return x1 - eta * g1, x2 - eta * g2, 0, 0

    return gd_2d


def momentum_trainer(eta, beta):
    def momentum_2d(x1, x2, v1, v2):
        v1, v2 = beta * v1 + 0.2 * x1, beta * v2 + 4 * x2
        return x1 - eta * v1, x2 - eta * v2, v1, v2

    return momentum_2d


def rmsprop_trainer(eta, gamma, eps=1e-6):
    def rmsprop_2d(x1, x2, s1, s2):
        g1, g2 = 0.2 * x1, 4 * x2
        s1 = gamma * s1 + (1 - gamma) * g1**2
        s2 = gamma * s2 + (1 - gamma) * g2**2
        return (x1 - eta / math.sqrt(s1 + eps) * g1, x2 - eta / math.sqrt(s2 + eps) * g2, s1, s2)

    return rmsprop_2d


RUNS = {  # name: (trainer, f_grad), with the learning rates of the book's sections
    "gd": (gd_trainer(0.4), lambda x1, x2: (0.2 * x1, 4 * x2)),
    "gd diverging": (gd_trainer(0.6), lambda x1, x2: (0.2 * x1, 4 * x2)),
    "momentum": (momentum_trainer(0.4, 0.5), None),
    "momentum, current edition": (momentum_trainer(0.6, 0.5), None),
    "rmsprop": (rmsprop_trainer(0.4, 0.9), None),
}


@pytest.mark.parametrize("steps", [20, 7])
@pytest.mark.parametrize("name", RUNS)
def test_train_2d_gives_the_books_points_and_printout(book_d2l, name, steps, capsys):
    trainer, f_grad = RUNS[name]
    book_points = book_d2l.train_2d(trainer, steps, f_grad)
    book_line = capsys.readouterr().out
    our_points = ours.train_2d(trainer, steps, f_grad)
    assert capsys.readouterr().out == book_line
    assert our_points == book_points  # the same arithmetic, so the same floats
    assert len(our_points) == steps + 1 and our_points[0] == (-5, -2)


def test_the_printout_is_the_books_published_one(capsys):
    """The line the book prints in its RMSProp section, so the test above is not vacuous."""
    ours.train_2d(rmsprop_trainer(0.4, 0.9))
    assert capsys.readouterr().out == "epoch 20, x1: -0.010599, x2: 0.000000\n"


@pytest.mark.parametrize("name", ["gd", "momentum", "rmsprop"])
def test_show_trace_2d_draws_the_books_path(book_d2l, name):
    trainer, f_grad = RUNS[name]
    results = ours.train_2d(trainer, 20, f_grad)
    plt.figure()
    book_d2l.show_trace_2d(f_2d, results)
    book_lines = [line.get_xydata() for line in plt.gca().get_lines()]
    plt.close("all")
    plt.figure()
    ours.show_trace_2d(f_2d, results)
    our_lines = [line.get_xydata() for line in plt.gca().get_lines()]
    plt.close("all")
    assert len(book_lines) == len(our_lines) == 1
    np.testing.assert_array_equal(our_lines[0], book_lines[0])
    np.testing.assert_array_equal(our_lines[0], np.array(results, dtype=float))


def test_show_trace_2d_shows_the_window_and_the_whole_path():
    fig, ax = plt.subplots()
    results = [(-5, -2), (-4.6, 1.2), (-4.2, -0.7)]
    assert ours.show_trace_2d(f_2d, results, ax=ax, title="gd") is ax
    low, high = ax.get_xlim()
    assert low < -5.5 and 1.5 < high < 1.8  # the window, plus a small margin
    low, high = ax.get_ylim()
    assert low < -3 and 1.5 < high < 1.8
    # A path that leaves the window widens the view to show it.
    ours.show_trace_2d(f_2d, [(-5, -2), (-4, 6.0)], ax=ax)
    assert ax.get_ylim()[1] > 6
    assert ax.get_title() == "gd" and ax.get_xlabel() == "$x_1$"
    plt.close(fig)


def test_default_contour_levels_halve_from_the_largest_value():
    fig, ax = plt.subplots()
    ours.show_trace_2d(f_2d, [(-5, -2)], ax=ax)
    levels = ax.collections[0].levels
    ratios = np.asarray(levels[1:]) / np.asarray(levels[:-1])
    np.testing.assert_allclose(ratios, 2.0)
    corner = f_2d(-5.5 - 0.03 * 7, -3 - 0.03 * 4.5)  # the largest value in view
    assert levels[-1] == pytest.approx(corner / 2)
    plt.close(fig)
