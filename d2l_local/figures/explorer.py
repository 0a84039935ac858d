"""Sliders for Adam's β1, β2, η and ε that retrain and redraw the loss curves.

``explore(trainers, init_states, data)`` returns the widget. It trains the
optimisers it is given (the chapter's own ``adam`` and ``yogi``) and
``torch.optim.Adam`` through ``loss_curves``, so a reader who edits ``adam``
and rebuilds the explorer sees the edit. The browser draws the curves
(``web/render/explorer.js``); hidden curves are not trained, and a toggle reuses the
curves already computed for the same settings.

On the exported page the same front end trains ``adam`` and ``yogi`` itself, with
the JavaScript copy in ``web/compute/train_airfoil.js`` and the problem this widget hands
over in its ``spec``: curves of other optimisers are left out there.
"""

from ..book.hyperparams import BOOK, check
from ..core.curves import TORCH_ADAM, Problem, loss_curves, make_problem, start_loss
from ..core.problem_payload import encode_problem
from ..core.sliders import SLIDER_RANGES, SLIDERS
from ..messages import message, messages
from .widget import Figure, finite, preset_specs, slider_specs

YLIM = (0.2, 1.5)  # log scale: the optimum (≈0.243) and an oscillating η = 1 both fit
YTICKS = (0.2, 0.25, 0.3, 0.4, 0.5, 0.7, 1.0, 1.5)
# Okabe & Ito's colours (web/figure.css), each curve with a dash of its own as well;
# torch.optim.Adam dotted, so that our Adam's solid line shows through where they agree.
STYLES = (("blue", "-"), ("vermillion", "--"), ("green", "-."), ("purple", "-."), ("ink", "--"))
STEPS = {"beta1": 0.001}  # linear sliders move by this; log and nines ones continuously
PAGE_METHODS = ("adam", "yogi")  # the optimisers the page has a JavaScript copy of

PRESETS = {  # message key of the button (and of its note + ".note"): slider values
    "preset.book": BOOK,
    "preset.beta2_small": dict(BOOK, lr=0.1, beta1=0.99, beta2=0.9),
    "preset.huge_eps": dict(BOOK, eps=1.0),
    "preset.big_lr": dict(BOOK, lr=1.0),
}


class Explorer(Figure):
    """The explorer widget; ``explore`` builds one. Attributes for tests:
    ``curves`` (the last computed ``Curve``s), ``runs`` (trainings so far),
    ``elapsed`` (seconds of the last rerun)."""

    sliders = SLIDERS

    def __init__(self, trainers, init_states, data, seed=0, num_epochs=2, torch_adam=True):
        self.trainers, self.init_states, self.torch_adam = dict(trainers), init_states, torch_adam
        self.problem = data if isinstance(data, Problem) else make_problem(data, seed, num_epochs)
        self.curves, self._cache_key, self._cache = {}, None, {}
        names = list(self.trainers) + ([TORCH_ADAM] if torch_adam else [])
        first = names[0]
        reference = loss_curves(
            self.trainers, init_states, self.problem, BOOK, torch_adam=torch_adam, only=[first]
        )[first]
        curves = [
            {
                "name": name,
                "color": STYLES[i % len(STYLES)][0],
                "dash": ":" if name == TORCH_ADAM else STYLES[i % len(STYLES)][1],
                "method": _page_method(self.trainers.get(name)),
            }
            for i, name in enumerate(names)
        ]
        spec = {
            "sliders": slider_specs(SLIDERS, STEPS),
            "curves": curves,
            "reference": {
                "label": message("explorer.reference", name=first),
                "losses": finite(reference.losses),
            },
            "epochs": reference.epochs,
            "num_epochs": num_epochs,
            "start_loss": start_loss(self.problem),
            "ylim": YLIM,
            "yticks": YTICKS,
            "presets": preset_specs(PRESETS),
            "messages": messages("explorer."),
            "fragment": "explore",
            "defaults": BOOK,
            "problem": encode_problem(self.problem),
        }
        super().__init__(kind="explorer", spec=spec, values={**BOOK, "shown": names})
        self.add_class("adam-explorer")
        self.rerun()

    def hyperparams(self):
        """The slider settings as the trainers' hyperparameter dict."""
        return {name: float(self.values[name]) for name in SLIDERS}

    def show(self, **shown):
        """Show or hide curves by name, e.g. ``show(**{'Yogi (ours)': False})``."""
        names = [c["name"] for c in self.spec["curves"]]
        for name in shown:
            if name not in names:
                raise ValueError(f"{name!r} is not a curve; choose from {names}")
        visible = [n for n in names if shown.get(n, n in self.values["shown"])]
        self.values = {**self.values, "shown": visible}

    def preset_values(self, preset):
        """A preset shows every curve again."""
        return {**preset["values"], "shown": [c["name"] for c in self.spec["curves"]]}

    def compute(self, values):
        hyperparams = {name: float(values[name]) for name in SLIDERS}
        check(hyperparams, SLIDER_RANGES)
        key = tuple(sorted(hyperparams.items()))
        if key != self._cache_key:
            self._cache_key, self._cache = key, {}
        shown = [c["name"] for c in self.spec["curves"] if c["name"] in values["shown"]]
        missing = [name for name in shown if name not in self._cache]
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
        self.curves = {name: self._cache[name] for name in shown}
        return {
            "curves": {
                name: {"losses": finite(curve.losses), "diverged_at": curve.diverged_at}
                for name, curve in self.curves.items()
            }
        }


def _page_method(trainer):
    """The name of the page's JavaScript copy of ``trainer``, if it has one."""
    name = getattr(trainer, "__name__", None)
    return name if name in PAGE_METHODS else None


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
