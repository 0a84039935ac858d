"""The explorers' sliders: where each one starts and ends and how it moves.

The same ranges serve JupyterLab and the exported page; what a value must be to
keep the algorithm meaningful is ``d2l_local/book/hyperparams.py``'s.
"""

from dataclasses import dataclass

from ..book.hyperparams import Interval


@dataclass(frozen=True)
class Slider:
    """An explorer's slider: its ends and how it moves between them."""

    low: float
    high: float
    scale: str  # "linear"; "log": by factors of 10; "nines": by -log10(1 - value)

    @property
    def interval(self):
        return Interval(self.low, self.high)


SLIDERS = {  # the explorers' ranges, in JupyterLab and on the page alike
    "beta1": Slider(0.0, 0.999, "linear"),
    "beta2": Slider(0.9, 0.99999, "nines"),
    "lr": Slider(1e-4, 1.0, "log"),
    "eps": Slider(1e-10, 1.0, "log"),
}
SLIDER_RANGES = {name: slider.interval for name, slider in SLIDERS.items()}

# The path explorer's sliders (d2l_local/figures/path_explorer.py). η is every method's and
# here is roughly how far Adam moves per step, so it spans steps too short to see
# (0.001) up to η = 80, which with ε = 100 gives each coordinate the learning rate
# η/ε · (1 - β1) = 0.4 of the chapter's momentum. ε must go far above √ŝ, which on
# these problems is of the order of the gradients (1 to 8 at the start): to 1000.
PATH_SLIDERS = {
    "lr": Slider(1e-3, 100.0, "log"),
    "beta1": SLIDERS["beta1"],
    "beta2": SLIDERS["beta2"],
    "eps": Slider(1e-10, 1e3, "log"),
    "steps": Slider(1, 200, "linear"),
}

# Reddi et al.'s problem: C > 2 makes x = -1 the best point; β2 may go down to 0.
REDDI_SLIDERS = {
    "C": Slider(2.5, 10.0, "linear"),
    "beta1": Slider(0.0, 0.99, "linear"),
    "beta2": Slider(0.0, 0.999, "linear"),
}
REDDI_PAPER = {"C": 3.0, "beta1": 0.0, "beta2": 0.1}  # β2 = 1 / (1 + C²)

# The weight-decay explorer's sliders (d2l_local/figures/decay_explorer.py): λ (PyTorch's,
# multiplied by η in AdamW's step) over four decades around the chapter's λ = 1, and η from
# slow to where AdamW's factor 1 - ηλ passes -1 for the larger λ and its weights blow up.
DECAY_SLIDERS = {
    "weight_decay": Slider(1e-3, 10.0, "log"),
    "lr": Slider(1e-3, 1.0, "log"),
}
DECAY_DEFAULTS = {"weight_decay": 1.0, "lr": 0.01}  # the chapter's figure

# The schedule explorer's η (d2l_local/figures/schedule_explorer.py): from slow to where
# Adam's first steps, each of about η per weight, throw the regression's loss past 100
# times its start unless a warmup holds them back. Its warmup slider runs over the steps
# of the chapter's problem (0 to total - 1, as lr_at requires).
SCHEDULE_SLIDERS = {"lr": Slider(1e-3, 10.0, "log")}
SCHEDULE_DECAYS = ("cosine", "linear", "none")  # "none": warmup, then η to the end
SCHEDULE_DEFAULTS = {"lr": 0.1, "warmup": 30, "decay": "cosine"}  # the chapter's larger η
