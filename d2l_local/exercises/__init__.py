"""Self-checks for the chapter's exercises: ``d2l.check_exercise(n, answer)``.

A check runs the reader's answer on fixed data next to a reference and returns
a ``Verdict``: passed, with the evidence, or not yet, with the first place it
went wrong and a hint. The hints are targeted: each exercise has a few typical
slips, each written out below as a small optimiser (or sequence), and when the
reader's numbers follow one of them step by step, its own hint is shown.

Exercises 2, 5, 6 and 7 (and ``'adamw'``, exercise 1 of Adam in practice, whose
``hyperparams`` also hold ``weight_decay``) hand over an optimiser in the chapter's convention,
``answer(params, states, hyperparams)``; the check makes the parameters (w of
shape (5, 1), b of shape (1,)), the states (zeros shaped like them: pairs
``(v, s)``, or triples ``(v, s, s_max)`` for 7) and ``hyperparams`` with
``lr``, ``beta1``, ``beta2``, ``eps`` (the book's values; ε = 0.01 for 5,
so that its place matters) and ``t = 1``. It adds each minibatch's gradient
to ``p.grad`` as ``backward()`` would in ``train_ch11`` and calls the answer
300 times. Exercise 8 hands over ``yogi_s_hat(g, beta2, steps)``, which
returns Yogi's bias-corrected s_1 ... s_steps for a constant gradient g.

Whatever the answer does (raise, change a shape, make NaN), the check returns a
verdict; nothing the answer does escapes as an exception from here.

Every sentence a reader sees is a template ``exercise.*`` of the message
catalogue (``d2l_local/messages``), in the language the chapter chose.
"""

import functools
import html
from dataclasses import dataclass

import torch

from ..messages import message

STEPS = 300  # optimiser steps per check
TOLERANCE = 1e-5  # on parameters of size about 1: float32 rounding stays far below
TOLERANCE_8 = 1e-3  # relative; a float32 loop stays within 1e-4 of a float64 one
PARAMETER_NAMES = ("w", "b")


def say(key, **values):
    """The message ``exercise.key`` in the chosen language, its placeholders filled in."""
    return message(f"exercise.{key}", **values)


@dataclass
class Verdict:
    """The outcome of a check, shown in a notebook as one coloured box."""

    exercise: int | str  # the number, or the name a companion's exercise is shown by
    passed: bool
    message: str

    @property
    def title(self):
        return say("title_passed" if self.passed else "title_not_yet", n=self.exercise)

    def __str__(self):
        return f"{self.title} {self.message}"

    __repr__ = __str__

    def _repr_html_(self):
        mark, edge, ground = (
            ("✓", "#2e7d32", "#e8f5e9") if self.passed else ("✗", "#b26a00", "#fff4e0")
        )
        return (
            f'<div class="exercise-check" style="border-left: 5px solid {edge}; '
            f"background: {ground}; color: #1a1a1a; padding: 0.5em 0.8em; "
            f'margin: 0.3em 0"><b>{mark} {html.escape(self.title)}</b> '
            f"{html.escape(self.message)}</div>"
        )


def check_exercise(n, answer):
    """Check the answer to exercise ``n`` of the chapter; returns a ``Verdict``."""
    if n not in CHECKS:
        available = ", ".join(repr(k) for k in CHECKS)
        return Verdict(n, False, say("no_check", n=n, available=available))
    shown = say(f"label_{n}") if isinstance(n, str) else n  # 'adamw': its notebook's number
    if not callable(answer):
        example = CHECKS[n].example
        got = _describe(answer)
        return Verdict(shown, False, say("not_callable", n=repr(n), example=example, got=got))
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # faster for tensors this small
    try:
        return CHECKS[n].run(shown, answer)
    except Exception as error:  # an answer odd enough to trip the check itself
        return Verdict(shown, False, say("check_failed", error=_error(error)))
    finally:
        torch.set_num_threads(threads)


def _describe(value):
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ----------------------------------------------------------------------------
# Optimiser exercises: fixed data, one run of the answer, references and slips.


@functools.cache
def _minibatches(scale):
    """300 minibatches of 10 examples of one fixed linear regression with 5 features.

    ``scale`` multiplies the labels; the start is 0, so it scales the gradients.
    Each batch comes with ``X.T / 10``, half the work of its gradient.
    """
    generator = torch.Generator().manual_seed(14)
    X = torch.randn(STEPS, 10, 5, generator=generator)
    w_true = torch.tensor([[2.0], [-1.0], [0.5], [0.0], [3.0]])
    noise = 0.5 * torch.randn(STEPS, 10, 1, generator=generator)
    y = (X @ w_true + 1.0 + noise) * scale
    return tuple((X_i, X_i.T / 10, y_i) for X_i, y_i in zip(X, y))


def _fresh_parameters():
    return [torch.zeros(5, 1, requires_grad=True), torch.zeros(1, requires_grad=True)]


def _add_gradients(params, batch):
    """Add the gradient of the minibatch loss to p.grad, exactly as backward() would.

    The loss is mean((X w + b - y)^2 / 2), as in train_ch11; written out by hand,
    it costs a third of a pass through autograd.
    """
    (w, b), (X, X_scaled_T, y) = params, batch
    with torch.no_grad():
        r = torch.addmm(b - y, X, w)
        for p, g in zip(params, (X_scaled_T @ r, r.mean(0))):
            if p.grad is None:
                p.grad = g
            else:
                p.grad += g


def _flat(params):
    return torch.cat([p.detach().flatten() for p in params])


def pairs(params):
    """States (v, s) of zeros shaped like each parameter."""
    return [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]


def triples(params):
    """States (v, s, s_max) of zeros shaped like each parameter."""
    return [(torch.zeros_like(p), torch.zeros_like(p), torch.zeros_like(p)) for p in params]


def _trajectory(make_step, scale):
    """Parameters after every step of a run; ``make_step(params)`` returns ``step()``."""
    params = _fresh_parameters()
    step, rows = make_step(params), []
    for batch in _minibatches(scale):
        _add_gradients(params, batch)
        step()
        rows.append(_flat(params))
    return torch.stack(rows)


_RUNS = {}


def _run(build, hyperparams, scale):
    """The trajectory of a reference or slip; each is computed once per session."""
    key = (build, tuple(sorted(hyperparams.items())), scale)
    if key not in _RUNS:
        _RUNS[key] = _trajectory(build(hyperparams), scale)
    return _RUNS[key]


def _convention(optimizer, make_states, hyperparams):
    """A step maker for an optimiser with the chapter's (params, states, hyperparams)."""

    def make_step(params):
        states, hp = make_states(params), dict(hyperparams, t=1)
        return lambda: optimizer(params, states, hp)

    return make_step


def _torch_adam(hyperparams, optimizer=torch.optim.Adam, **options):
    """A step maker for torch.optim.Adam (or AdamW) with the same hyperparameters;
    ``weight_decay`` is 0 unless the hyperparameters name it (AdamW's default is not)."""

    def make_step(params):
        optimizer_ = optimizer(
            params,
            lr=hyperparams["lr"],
            betas=(hyperparams["beta1"], hyperparams["beta2"]),
            eps=hyperparams["eps"],
            weight_decay=hyperparams.get("weight_decay", 0.0),
            **options,
        )

        def step():
            optimizer_.step()
            optimizer_.zero_grad()

        return step

    return make_step


@dataclass(frozen=True)
class OptimizerCheck:
    """An exercise whose answer is an optimiser in the chapter's convention.

    ``reference`` and every slip are builders: given the hyperparameters, they
    return a step maker for ``_trajectory``. ``slips`` maps a hint key to the
    builders of optimisers that make that slip.
    """

    reference_key: str
    reference: object
    slips: dict
    hint_key: str
    make_states: object = pairs
    hyperparams: tuple = (("lr", 0.01), ("beta1", 0.9), ("beta2", 0.999), ("eps", 1e-6))
    scale: float = 1.0
    needs_t: bool = True
    example: str = "answer"

    def run(self, n, answer):
        hp = dict(self.hyperparams)
        ours, failure = _run_answer(answer, self, hp)
        if failure is not None:
            return Verdict(n, False, failure)
        reference = _run(self.reference, hp, self.scale)
        gaps = (ours - reference).abs()
        worst = gaps.max(dim=1).values
        if worst.max() <= TOLERANCE:
            return Verdict(n, True, self.evidence(hp, float(worst.max())))
        step = int((worst > TOLERANCE).nonzero()[0])
        # w and b often differ by the same amount up to the last bit (a first step
        # is about lr * sign(g) everywhere); name the first of the nearly largest.
        near_worst = gaps[step] >= 0.999 * worst[step]
        name = PARAMETER_NAMES[0 if bool(near_worst[:5].any()) else 1]
        where = say(
            "differs",
            step=step + 1,
            name=name,
            reference=say(self.reference_key),
            diff=float(worst[step]),
        )
        return Verdict(n, False, f"{where} {say(self.diagnose(ours, hp))}")

    def evidence(self, hp, diff):
        return say("passed_optimizer", reference=say(self.reference_key), diff=diff, steps=STEPS)

    def diagnose(self, ours, hp):
        """The hint of the first slip the answer follows at every step, else the general one."""
        for key, builders in self.slips.items():
            for build in builders:
                if (ours - _run(build, hp, self.scale)).abs().max() <= TOLERANCE:
                    return key
        return self.hint_key


class EpsilonCheck(OptimizerCheck):
    """Exercise 5: the evidence also says how far torch.optim.Adam is from the answer."""

    def evidence(self, hp, diff):
        ours, theirs = _run(self.reference, hp, self.scale), _run(_torch_adam, hp, self.scale)
        gap = (ours - theirs).abs().max()
        return say("passed_eps", diff=diff, steps=STEPS, eps=hp["eps"], gap=float(gap))


def _run_answer(answer, check, hyperparams):
    """Run the reader's optimiser; return (trajectory, None) or (None, message)."""
    params = _fresh_parameters()
    w, b = params
    shapes = [p.shape for p in params]
    states = check.make_states(params)
    hp, rows = dict(hyperparams, t=1), []
    for step, batch in enumerate(_minibatches(check.scale), start=1):
        try:
            _add_gradients([w, b], batch)
        except Exception as error:  # the answer left w or b unusable
            return None, f"{say('raised', step=step, error=_error(error))} {say('shape_hint')}"
        t_before = hp.get("t")
        try:
            answer(params, states, hp)
        except Exception as error:  # a reader's bug: report it, never raise it
            return None, f"{say('raised', step=step, error=_error(error))} {say('raised_hint')}"
        problem = _inspect([w, b], shapes, hp, t_before, step, check.needs_t)
        if problem is not None:
            return None, problem
        if step == 1 and not _flat([w, b]).any():
            return None, f"{say('not_in_place')} {say('not_in_place_hint')}"
        rows.append(_flat([w, b]))
    return torch.stack(rows), None


def _inspect(params, shapes, hp, t_before, step, needs_t):
    """The first thing wrong after a step of the reader's optimiser, as a message."""
    for name, p, shape in zip(PARAMETER_NAMES, params, shapes):
        if not isinstance(p, torch.Tensor) or p.shape != shape:
            got = tuple(p.shape) if isinstance(p, torch.Tensor) else type(p).__name__
            where = say("shape", step=step, name=name, got=got, want=tuple(shape))
            return f"{where} {say('shape_hint')}"
        if not torch.isfinite(p.detach()).all():
            return f"{say('not_finite', step=step, name=name)} {say('not_finite_hint')}"
    if needs_t:
        t = hp.get("t")
        if t == t_before:
            return f"{say('t_not_advanced', step=step, t=t)} {say('t_not_advanced_hint')}"
        if t != t_before + 1:
            where = say("t_jumped", step=step, before=t_before, after=t)
            return f"{where} {say('t_jumped_hint')}"
    for name, p in zip(PARAMETER_NAMES, params):
        if p.grad is not None and p.grad.any():
            return f"{say('grad_not_cleared', step=step, name=name)} {say('grad_not_cleared_hint')}"
    return None


def _error(error):
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


# The slips, written out as optimisers in the chapter's convention. Each is the
# chapter's adam with one thing changed; the check only compares trajectories.


def _corrected(beta, t):
    return (1 - beta) / (1 - beta**t)


def _constant(beta, t):
    return 1 - beta


def _extra_term(beta, t):
    return (1 - beta) / (1 - beta ** (t + 1))


def _mean(beta, t):
    return 1 / t


def _running_means(weight_v, weight_s):
    """Adam as two averages that move towards g and g² by the weights of step t."""
    return lambda hp: _convention(_adam_with(weight_v, weight_s), pairs, hp)


def _adam_with(weight_v, weight_s):
    """The optimizer of ``_running_means``, in the chapter's convention."""

    def optimizer(params, states, hp):
        t = hp["t"]
        for p, (v, s) in zip(params, states):
            with torch.no_grad():
                v += weight_v(hp["beta1"], t) * (p.grad - v)
                s += weight_s(hp["beta2"], t) * (p.grad**2 - s)
                p -= hp["lr"] * v / (s.sqrt() + hp["eps"])
            p.grad.zero_()
        hp["t"] += 1

    return optimizer


def _decayed(before=True, with_lr=True):
    """AdamW's shrinking by 1 - lr λ around Adam's step: before it (AdamW) or after
    it (a slip), and by 1 - λ without the learning rate (another slip)."""
    adam = _adam_with(_corrected, _corrected)

    def optimizer(params, states, hp):
        factor = 1 - (hp["lr"] if with_lr else 1.0) * hp["weight_decay"]
        if before:
            _shrink(params, factor)
        adam(params, states, hp)
        if not before:
            _shrink(params, factor)

    return lambda hp: _convention(optimizer, pairs, hp)


def _shrink(params, factor):
    with torch.no_grad():
        for p in params:
            p.mul_(factor)


def _epsilon(where):
    """Adam with ε placed ``where``: 'inside', 'before correction' or 'twice'."""

    def optimizer(params, states, hp):
        beta1, beta2, eps, t = hp["beta1"], hp["beta2"], hp["eps"], hp["t"]
        for p, (v, s) in zip(params, states):
            with torch.no_grad():
                v[:] = beta1 * v + (1 - beta1) * p.grad
                s[:] = beta2 * s + (1 - beta2) * p.grad**2
                s_hat = s / (1 - beta2**t)
                root = {
                    "inside": (s_hat + eps).sqrt(),
                    "before correction": ((s + eps) / (1 - beta2**t)).sqrt(),
                    "twice": (s_hat + eps).sqrt() + eps,
                }[where]
                p -= hp["lr"] * v / (1 - beta1**t) / root
            p.grad.zero_()
        hp["t"] += 1

    return lambda hp: _convention(optimizer, pairs, hp)


def _amsgrad(maximum_of):
    """AMSGrad that keeps the maximum of 's_hat' or of 'g2' (both slips)."""

    def optimizer(params, states, hp):
        beta1, beta2, t = hp["beta1"], hp["beta2"], hp["t"]
        for p, (v, s, s_max) in zip(params, states):
            with torch.no_grad():
                v[:] = beta1 * v + (1 - beta1) * p.grad
                s[:] = beta2 * s + (1 - beta2) * p.grad**2
                if maximum_of == "s_hat":
                    torch.maximum(s_max, s / (1 - beta2**t), out=s_max)
                    s_hat = s_max
                else:
                    torch.maximum(s_max, p.grad**2, out=s_max)
                    s_hat = s_max / (1 - beta2**t)
                p -= hp["lr"] * v / (1 - beta1**t) / (s_hat.sqrt() + hp["eps"])
            p.grad.zero_()
        hp["t"] += 1

    return lambda hp: _convention(optimizer, triples, hp)


# ----------------------------------------------------------------------------
# Exercise 8: Yogi's corrected s for a constant gradient.

# (g, beta2, steps). 1 / (1 - beta2) is not a whole number, so s never lands on g²
# itself, where rounding alone would decide which way it goes next.
CASES_8 = ((0.5, 0.9985, 2000), (-2.0, 0.993, 500))


def _yogi_s_hat(g, beta2, steps, slip=None):
    """ŝ_1 ... ŝ_steps for a constant gradient, in float64; ``slip`` names a mistake."""
    g2 = g if slip == "not squared" else g * g
    s, out = 0.0, []
    for t in range(1, steps + 1):
        if slip == "adam":
            s = beta2 * s + (1 - beta2) * g2
        else:
            direction = (g2 > s) - (g2 < s)
            s += (1 - beta2) * g2 * (-direction if slip == "sign" else direction)
        out.append(s if slip == "uncorrected" else s / (1 - beta2**t))
    return torch.tensor(out, dtype=torch.float64)


SLIPS_8 = {
    "hint_8_uncorrected": "uncorrected",
    "hint_8_adam": "adam",
    "hint_8_not_squared": "not squared",
    "hint_8_sign": "sign",
}


def _as_sequence(values):
    """The answer's return value as a float64 tensor, or None if it is not numbers."""
    try:
        return torch.as_tensor(values, dtype=torch.float64).detach()
    except (TypeError, ValueError, RuntimeError):
        try:
            return torch.tensor([float(x) for x in values], dtype=torch.float64)
        except (TypeError, ValueError, RuntimeError):
            return None


def _relative_gaps(ours, reference):
    return (ours - reference).abs() / reference.abs().clamp_min(1e-300)


@dataclass(frozen=True)
class SequenceCheck:
    """Exercise 8: the answer is ``yogi_s_hat(g, beta2, steps)``."""

    example: str = "yogi_s_hat"

    def run(self, n, answer):
        runs = []
        for g, beta2, steps in CASES_8:
            where = dict(g=g, beta2=beta2, steps=steps)
            try:
                result = answer(g, beta2, steps)
            except Exception as error:  # a reader's bug: report it, never raise it
                message = say("raised_8", error=_error(error), **where)
                return Verdict(n, False, f"{message} {say('raised_8_hint')}")
            ours = _as_sequence(result)
            if ours is None or tuple(ours.shape) != (steps,):
                got = _describe(result) if ours is None else f"shape {tuple(ours.shape)}"
                message = say("shape_8", got=got, **where)
                return Verdict(n, False, f"{message} {say('shape_8_hint')}")
            if not torch.isfinite(ours).all():
                t = int((~torch.isfinite(ours)).nonzero()[0]) + 1
                message = say("not_finite_8", t=t, g=g, beta2=beta2)
                return Verdict(n, False, f"{message} {say('not_finite_8_hint')}")
            reference = _yogi_s_hat(g, beta2, steps)
            gaps, tolerance = _relative_gaps(ours, reference), TOLERANCE_8
            if gaps.max() > tolerance:
                i = int((gaps > tolerance).nonzero()[0])
                message = say(
                    "differs_8",
                    t=i + 1,
                    g=g,
                    beta2=beta2,
                    got=float(ours[i]),
                    want=float(reference[i]),
                )
                hint = self.diagnose(ours, g, beta2, tolerance)
                return Verdict(n, False, f"{message} {say(hint)}")
            runs.append((float(gaps.max()), beta2, ours / (g * g)))
        err = max(gap for gap, _, _ in runs)
        _, beta2, ratio = runs[0]
        return Verdict(
            n,
            True,
            say(
                "passed_8",
                err=err,
                runs=len(runs),
                beta2=beta2,
                peak=float(ratio.max()),
                t_peak=int(ratio.argmax()) + 1,
            ),
        )

    @staticmethod
    def diagnose(ours, g, beta2, tolerance):
        for key, slip in SLIPS_8.items():
            if _relative_gaps(ours, _yogi_s_hat(g, beta2, len(ours), slip)).max() <= tolerance:
                return key
        return "hint_8"


# ----------------------------------------------------------------------------

CHECKS = {
    2: OptimizerCheck(
        reference_key="reference_2",
        reference=_torch_adam,
        hint_key="hint_2",
        example="adam_averaged",
        slips={
            "hint_2_constant": [_running_means(_constant, _constant)],
            "hint_2_extra_term": [_running_means(_extra_term, _extra_term)],
            "hint_2_mean": [_running_means(_mean, _mean)],
            "hint_2_one_average": [
                _running_means(_corrected, _constant),
                _running_means(_constant, _corrected),
            ],
        },
    ),
    5: EpsilonCheck(
        reference_key="reference_5",
        reference=_epsilon("inside"),
        hint_key="hint_5",
        example="adam_eps_inside",
        scale=0.1,
        hyperparams=(("lr", 0.01), ("beta1", 0.9), ("beta2", 0.999), ("eps", 0.01)),
        slips={
            "hint_5_outside": [_torch_adam],
            "hint_5_before_correction": [_epsilon("before correction")],
            "hint_5_twice": [_epsilon("twice")],
            "hint_5_fixed_eps": [lambda hp: _epsilon("inside")(dict(hp, eps=1e-6))],
        },
    ),
    6: OptimizerCheck(
        reference_key="reference_6",
        reference=_running_means(_constant, _constant),
        hint_key="hint_6",
        example="adam_uncorrected",
        needs_t=False,
        slips={
            "hint_6_v": [_running_means(_corrected, _constant)],
            "hint_6_s": [_running_means(_constant, _corrected)],
            "hint_6_both": [_torch_adam],
        },
    ),
    7: OptimizerCheck(
        reference_key="reference_7",
        reference=lambda hp: _torch_adam(hp, amsgrad=True),
        hint_key="hint_7",
        example="amsgrad",
        make_states=triples,
        slips={
            "hint_7_after_correction": [_amsgrad("s_hat")],
            "hint_7_gradient": [_amsgrad("g2")],
            "hint_7_no_maximum": [_torch_adam],
        },
    ),
    8: SequenceCheck(),
    # Adam in practice, exercise 1. λ = 0.5 makes every slip visible within a few
    # steps: shrinking after the step differs from AdamW by lr λ times Adam's step.
    "adamw": OptimizerCheck(
        reference_key="reference_adamw",
        reference=lambda hp: _torch_adam(hp, torch.optim.AdamW),
        hint_key="hint_adamw",
        example="adamw",
        hyperparams=(
            ("lr", 0.01),
            ("beta1", 0.9),
            ("beta2", 0.999),
            ("eps", 1e-6),
            ("weight_decay", 0.5),
        ),
        slips={
            "hint_adamw_l2": [_torch_adam],
            "hint_adamw_no_lr": [_decayed(with_lr=False)],
            "hint_adamw_after": [_decayed(before=False)],
        },
    ),
}
