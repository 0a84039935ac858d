"""Sliders for λ and η that retrain Adam with an L2 penalty and AdamW and redraw two
panels: the loss without the penalty and the length of w, epoch by epoch.

``explore_decay(trainers, init_states, problem)`` returns the widget. It trains the
optimisers it is given (the chapter's own ``adam_l2`` and ``adamw``) through
``decay_runs`` (``d2l_local/core/curves.py``), so a reader who edits them and rebuilds
the figure sees the edit. The browser draws the panels (``web/render/decay.js``).

On the exported page the same front end trains ``adam_l2`` and ``adamw`` itself, with
the JavaScript copy in ``web/compute/decay.js`` and the problem this widget hands over
in its ``spec``: curves of other optimisers are left out there.
"""

from ..book.hyperparams import check
from ..core.curves import Problem, decay_runs, start_loss
from ..core.problem_payload import encode_problem
from ..core.sliders import DECAY_DEFAULTS, DECAY_SLIDERS
from ..messages import messages
from .widget import BOOK_CONSTANTS, Figure, finite, preset_specs, slider_specs

DECAY_RANGES = {name: slider.interval for name, slider in DECAY_SLIDERS.items()}
LOSS_YLIM = (0.2, 1.5)  # log scale, as the explorer's: the optimum (≈0.243) and η = 1 fit
LOSS_YTICKS = (0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5)
# Okabe & Ito's colours (web/figure.css), each method with a dash of its own as well.
STYLES = (("blue", "-"), ("vermillion", "--"), ("green", "-."), ("purple", ":"))
PAGE_METHODS = ("adam_l2", "adamw")  # the optimisers the page has a JavaScript copy of

PRESETS = {  # message key of the button (and of its note + ".note"): slider values
    "decay.preset.chapter": DECAY_DEFAULTS,
    "decay.preset.torch": {"weight_decay": 0.01, "lr": 0.01},
    "decay.preset.large_models": {"weight_decay": 0.1, "lr": 0.01},
}


class DecayExplorer(Figure):
    """The weight-decay explorer; ``explore_decay`` builds one. Attributes for tests:
    ``curves`` (the last computed ``DecayCurve``s), ``runs``, ``elapsed``."""

    sliders = DECAY_SLIDERS

    def __init__(self, trainers, init_states, problem):
        if not isinstance(problem, Problem):
            raise TypeError("problem must come from d2l.make_problem, as the chapter's does")
        self.trainers, self.init_states, self.problem = dict(trainers), init_states, problem
        self.curves = {}
        spec = {
            "sliders": slider_specs(DECAY_SLIDERS),
            "methods": [
                {
                    "name": name,
                    "color": STYLES[i % len(STYLES)][0],
                    "dash": STYLES[i % len(STYLES)][1],
                    "method": _page_method(trainer),
                }
                for i, (name, trainer) in enumerate(self.trainers.items())
            ],
            "num_epochs": len(problem.schedule.epochs),
            "steps_per_epoch": len(problem.schedule.epochs[0]),
            "start_loss": start_loss(problem),
            "start_norm": float(problem.w0.double().norm()),
            "loss_ylim": LOSS_YLIM,
            "loss_yticks": LOSS_YTICKS,
            "presets": preset_specs(PRESETS),
            "messages": messages("decay."),
            "fragment": "decay",
            "defaults": DECAY_DEFAULTS,
            "constants": BOOK_CONSTANTS,
            "problem": encode_problem(problem),
        }
        super().__init__(kind="decay", spec=spec, values=dict(DECAY_DEFAULTS))
        self.add_class("adam-decay-explorer")
        self.rerun()

    def compute(self, values):
        hyperparams = {name: float(values[name]) for name in DECAY_SLIDERS}
        check(hyperparams, DECAY_RANGES)
        self.curves = decay_runs(self.trainers, self.init_states, self.problem, **hyperparams)
        return {
            "curves": {
                name: {
                    "epochs": curve.epochs,
                    "losses": finite(curve.losses),
                    "norms": finite(curve.norms),
                    "diverged_at": curve.diverged_at,
                }
                for name, curve in self.curves.items()
            }
        }


def _page_method(trainer):
    """The name of the page's JavaScript copy of ``trainer``, if it has one."""
    name = getattr(trainer, "__name__", None)
    return name if name in PAGE_METHODS else None


def explore_decay(trainers, init_states, problem):
    """An explorer of weight decay over the given from-scratch trainers.

    ``trainers`` maps a label to an optimiser in the book's convention that reads
    ``hyperparams['weight_decay']``, e.g. ``{'Adam + L2': adam_l2, 'AdamW': adamw}``;
    each is trained from ``problem``'s start on its minibatches (``problem`` from
    ``d2l.make_problem``) with the sliders' λ and η, as ``train_with_decay`` does.
    """
    return DecayExplorer(trainers, init_states, problem)
