"""The landscape heatmap: diverged cells are masked out of the colour scale and
drawn as their own hatched legend entry; the default is marked; SVG comes out."""

import io

import numpy as np
import pytest

from d2l_local import torch as d2l
from d2l_local.core.landscape import DIVERGED, log_edges, plot_landscape

LRS = [1e-3, 1e-2, 1e-1, 1.0, 100.0]  # the last one blows up
BETA2S = [0.9, 0.99, 0.999]


@pytest.fixture(scope="module")
def sweeps(data_iter, lesson):
    problem = d2l.make_problem(data_iter, seed=0)
    configs, _ = d2l.grid(lr=LRS, beta2=BETA2S)
    return {
        name: d2l.train_sweep(lesson[name.lower()], problem, **configs) for name in ("Adam", "Yogi")
    }


def test_log_edges_sit_halfway_in_log_space():
    np.testing.assert_allclose(
        log_edges([1e-2, 1e-1, 1.0]), [10**-2.5, 10**-1.5, 10**-0.5, 10**0.5]
    )


def test_heatmap_masks_diverged_cells_and_marks_the_default(sweeps):
    fig = plot_landscape(sweeps, LRS, BETA2S)
    panels = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    assert len(panels) == 2
    for ax, sweep in zip(panels, sweeps.values()):
        mesh = ax.collections[0]
        shown = mesh.get_array()
        diverged = sweep.diverged.reshape(len(LRS), len(BETA2S)).T.ravel()
        assert diverged.sum() == len(BETA2S)  # the lr = 100 column, every beta2
        assert (np.ma.getmaskarray(shown).ravel() == diverged).all()
        assert shown.max() < 50  # no blow-up value reaches the colour scale
        assert f"{diverged.sum()} of {diverged.size} diverged" in ax.get_title()
        star = ax.get_lines()[0]
        assert (star.get_xdata()[0], star.get_ydata()[0]) == pytest.approx((0.01, 0.001))
        background = ax.patches[0]
        assert background.get_hatch() == "///" and background.get_zorder() < mesh.get_zorder()
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[0] == "diverged" and labels[1].startswith("book default")
    assert fig.legends[0].get_patches()[0].get_facecolor()[:3] == pytest.approx(
        tuple(int(DIVERGED[i : i + 2], 16) / 255 for i in (1, 3, 5))
    )
    svg = io.BytesIO()
    fig.savefig(svg, format="svg")
    assert svg.getvalue().startswith(b"<?xml") and b"<svg" in svg.getvalue()


def test_the_landscape_figure_places_its_panels_and_opens_a_cell_in_the_explorer(sweeps):
    from d2l_local.figures.landscape import show_landscape

    opened = []

    class Explorer:
        def set(self, **values):
            opened.append(values)

    figure = show_landscape(sweeps, LRS, BETA2S, explorer=Explorer())
    width, height = figure.spec["size"]
    svg = figure.spec["svg"]
    assert svg.startswith("<?xml") and f'viewBox="0 0 {width:g}' in svg
    for panel, sweep in zip(figure.spec["panels"], sweeps.values()):
        x0, y0, x1, y1 = panel["box"]
        assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height
        finals = np.array(panel["final"], dtype=float)
        assert finals.shape == (len(LRS), len(BETA2S))
        assert np.isnan(finals[-1]).all()  # lr = 100 diverged: sent as None
        np.testing.assert_allclose(finals[:-1].ravel(), sweep.final.reshape(5, 3)[:-1].ravel())
    assert len(figure.spec["lr_edges"]) == len(LRS) + 1
    figure.values = {"picked": {"lr": 0.1, "beta2": 0.99}}
    assert opened == [{"lr": 0.1, "beta1": 0.9, "beta2": 0.99, "eps": 1e-6}]
    bundle = figure._repr_mimebundle_()[0]
    assert bundle["image/svg+xml"] == figure.svg  # the picture for readers without widgets
