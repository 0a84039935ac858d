"""Controls for η, the warmup W and the decay that retrain the lesson's regression with
a learning-rate schedule and with constant η, and redraw two panels: η_t and the loss,
step by step.

``explore_schedule(lr_at, scheduled, trainer, init_states, problem)`` returns the widget.
It builds each schedule from the reader's own ``lr_at`` and trains with the reader's
own ``scheduled`` (over ``trainer``, the lesson's ``adam``) through ``schedule_runs``
(``d2l_local/core/curves.py``), so an edit of either shows once the figure is rebuilt.
The browser draws the panels (``web/render/schedule.js``).

On the exported page the same front end trains itself, with the JavaScript copy of
``lr_at`` and of the scheduled ``adam`` in ``web/compute/schedule.js`` and the problem
this widget hands over in its ``spec``.
"""

import functools

from ..book.hyperparams import check
from ..core.curves import Problem, schedule_runs, start_loss
from ..core.problem_payload import encode_problem
from ..core.sliders import SCHEDULE_DECAYS, SCHEDULE_DEFAULTS, SCHEDULE_SLIDERS, Slider
from ..messages import message, messages
from .widget import BOOK_CONSTANTS, Figure, finite, preset_specs, slider_specs

SCHEDULED, CONSTANT = "scheduled", "constant"  # the two runs, by name
# Okabe & Ito's colours (web/figure.css), each run with a dash of its own as well.
STYLES = {SCHEDULED: ("blue", "-"), CONSTANT: ("vermillion", "--")}
PEAK_STEPS = 50  # "the highest loss of the first 50 steps", as the chapter prints it
LOSS_YTICKS = (0.2, 0.3, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0)  # log scale, up to 100 × start

PRESETS = {  # message key of the button (and of its note + ".note"): the setting
    "schedule.preset.small": {"lr": 0.01, "warmup": 30, "decay": "cosine"},
    "schedule.preset.large": SCHEDULE_DEFAULTS,
}


def schedule_of(lr_at, lr, warmup, total, decay):
    """The schedule t -> η_t of the setting, from ``lr_at``; "none" decays to η itself
    (lr_at's linear decay with final_lr = lr): warmup, then η to the end."""
    if decay == "none":
        return functools.partial(lr_at, lr=lr, warmup=warmup, total=total, decay="linear",
                                 final_lr=lr)  # fmt: skip
    return functools.partial(lr_at, lr=lr, warmup=warmup, total=total, decay=decay)


class ScheduleExplorer(Figure):
    """The schedule explorer; ``explore_schedule`` builds one. Attributes for tests:
    ``curves`` (the last computed ``ScheduleCurve``s), ``runs``, ``elapsed``."""

    def __init__(self, lr_at, scheduled, trainer, init_states, problem):
        if not isinstance(problem, Problem):
            raise TypeError("problem must come from d2l.make_problem, as the chapter's does")
        self.lr_at, self.scheduled, self.trainer = lr_at, scheduled, trainer
        self.init_states, self.problem = init_states, problem
        self.total = sum(len(batches) for batches in problem.schedule.epochs)
        self.sliders = {**SCHEDULE_SLIDERS, "warmup": Slider(0, self.total - 1, "linear")}
        self.curves = {}
        batch_size = problem.schedule.epochs[0][0][0].shape[0]
        spec = {
            "sliders": slider_specs(self.sliders, {"warmup": 1}),
            "choices": [
                {
                    "name": "decay",
                    "label": message("schedule.decay"),
                    "options": [
                        {"name": name, "label": message(f"schedule.decay.{name}")}
                        for name in SCHEDULE_DECAYS
                    ],
                }
            ],
            "methods": [
                {"name": name, "label": message(f"schedule.method.{name}"), "color": c, "dash": d}
                for name, (c, d) in STYLES.items()
            ],
            "total": self.total,
            "peak_steps": PEAK_STEPS,
            "start_loss": start_loss(problem),
            "loss_yticks": LOSS_YTICKS,
            "presets": preset_specs(PRESETS),
            "messages": messages("schedule."),
            "fragment": "schedule",
            "defaults": SCHEDULE_DEFAULTS,
            "constants": BOOK_CONSTANTS,
            "problem": encode_problem(problem, eval_every=batch_size),
        }
        super().__init__(kind="schedule", spec=spec, values=dict(SCHEDULE_DEFAULTS))
        self.add_class("adam-schedule-explorer")
        self.rerun()

    def check_values(self, values):
        """The setting as the runs take it; a name that is not a setting, or a value its
        control could not take, is a ``ValueError`` naming it (the warmup's range by the
        reader's ``lr_at``, which refuses what it cannot schedule)."""
        for name in values:
            if name not in SCHEDULE_DEFAULTS:
                raise ValueError(
                    f"{name} is not a setting; choose from {sorted(SCHEDULE_DEFAULTS)}"
                )
        lr, warmup, decay = (values[name] for name in ("lr", "warmup", "decay"))
        if decay not in SCHEDULE_DECAYS:
            raise ValueError(f"decay must be one of {', '.join(SCHEDULE_DECAYS)}, got {decay!r}")
        if isinstance(warmup, bool) or not isinstance(warmup, int | float) or warmup != int(warmup):
            raise ValueError(f"warmup must be a whole number of steps, got {warmup!r}")
        check({"lr": lr}, {"lr": self.sliders["lr"].interval})
        self.lr_at(1, float(lr), int(warmup), self.total)  # lr_at's own refusal, if any
        check({"warmup": warmup}, {"warmup": self.sliders["warmup"].interval})
        return {"lr": float(lr), "warmup": int(warmup), "decay": decay}

    def set(self, **values):
        """Change the setting, e.g. ``set(lr=0.1, warmup=30, decay='linear')``."""
        self.change(self.check_values({**self.values, **values}))

    def compute(self, values):
        setting = self.check_values(values)
        lr = setting["lr"]
        schedules = {
            SCHEDULED: schedule_of(self.lr_at, total=self.total, **setting),
            CONSTANT: lambda t: lr,  # the chapter's constant η
        }
        self.curves = schedule_runs(
            schedules, self.scheduled, self.trainer, self.init_states, self.problem, lr
        )
        return {
            "curves": {
                name: {
                    "rates": curve.rates,
                    "losses": finite(curve.losses),
                    "diverged_at": curve.diverged_at,
                }
                for name, curve in self.curves.items()
            }
        }


def explore_schedule(lr_at, scheduled, trainer, init_states, problem):
    """An explorer of warmup and decay over the given functions.

    ``lr_at(t, lr, warmup, total, decay, final_lr)`` is the schedule (Adam in
    practice's), ``scheduled(trainer, schedule)`` the optimizer that follows it, e.g.
    ``explore_schedule(lr_at, scheduled, d2l.adam, d2l.init_adam_states, problem)``;
    each setting trains ``problem`` (from ``d2l.make_problem``) from its start on its
    minibatches, with the schedule and with constant η, as the chapter's loop does.
    """
    return ScheduleExplorer(lr_at, scheduled, trainer, init_states, problem)
