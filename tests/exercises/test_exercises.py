"""The self-checks: each accepts the worked solution and refuses typical slips,
each slip with its own hint; a broken answer gets a verdict, never an exception.

The wrong answers are the worked solutions with one line edited, the way a
reader's slip looks: ``slipped(name, (old, new), ...)`` replaces text in the
solution's own cell and executes the result.
"""

import html
import re

import pytest
import torch

from d2l_local import messages
from d2l_local import torch as d2l
from tools.lesson import SOLUTIONS, defining_cells, lesson_functions, solution_functions


def slipped(name, *edits):
    """The worked solution ``name`` with each (old, new) edit made exactly once."""
    (source,) = [s for s in defining_cells(SOLUTIONS, [name]) if f"def {name}(" in s]
    for old, new in edits:
        assert source.count(old) == 1, f"{old!r} is not once in {name}"
        source = source.replace(old, new)
    namespace = dict(lesson_functions(), d2l=d2l)
    exec("import math\nimport numpy as np\nimport torch", namespace)
    exec(source, namespace)
    return namespace[name]


@pytest.mark.parametrize(
    "n, name, evidence",
    [
        (2, "adam_averaged", "matches torch.optim.Adam (so the chapter's adam) to"),
        (5, "adam_eps_inside", "matches Adam with ε inside the root to"),
        (6, "adam_uncorrected", "matches Adam without bias correction to"),
        (7, "amsgrad", "matches torch.optim.Adam(amsgrad=True) to"),
        (8, "yogi_s_hat", "follows Yogi's update (12) at every step of 2 runs"),
        ("adamw", "adamw", "matches torch.optim.AdamW to"),
    ],
)
def test_the_worked_solution_passes_with_evidence(n, name, evidence):
    verdict = d2l.check_exercise(n, solution_functions()[name])
    assert verdict.passed, verdict.message
    assert str(verdict).startswith(f"{title(n)}: passed. ")
    assert evidence in verdict.message


def title(n):
    """How a verdict names the exercise: the lesson's by number, a companion's by its
    notebook too."""
    return "Exercise 1 (Adam in practice: AdamW)" if n == "adamw" else f"Exercise {n}"


@pytest.mark.parametrize(
    "n, name",
    [(2, "adam_averaged"), (6, "adam_uncorrected"), (7, "amsgrad"), ("adamw", "adamw")],
)
def test_the_evidence_gives_the_agreement_over_300_steps(n, name):
    message = d2l.check_exercise(n, solution_functions()[name]).message
    agreement = float(message.split(" to ")[1].split()[0])
    assert agreement <= 1e-5 and "300 steps" in message


def test_the_check_of_exercise_5_says_how_far_torch_adam_is():
    message = d2l.check_exercise(5, solution_functions()["adam_eps_inside"]).message
    assert "with ε = 0.01" in message
    gap = float(message.split("differs by up to ")[1].rstrip("."))
    assert gap > 1e-3


def test_the_check_of_exercise_8_reports_the_peak():
    message = d2l.check_exercise(8, solution_functions()["yogi_s_hat"]).message
    assert "For β2 = 0.9985 it peaks at 1.5816 g² at t = 667." in message


ADVANCE = ("\n    hyperparams['t'] += 1", "")
MAXIMUM_AFTER_CORRECTION = [
    ("torch.maximum(s_max, s, out=s_max)", "torch.maximum(s_max, s / (1 - beta2 ** t), out=s_max)"),
    ("s_hat = s_max / (1 - beta2 ** t)", "s_hat = s_max"),
]

SLIPS = {
    2: [
        (
            "constant weight",
            [
                ("gamma1 = (1 - beta1) / (1 - beta1 ** t)", "gamma1 = 1 - beta1"),
                ("gamma2 = (1 - beta2) / (1 - beta2 ** t)", "gamma2 = 1 - beta2"),
            ],
            "constant weight 1 − β: that is Adam without its bias correction",
        ),
        (
            "t + 1 terms",
            [
                ("(1 - beta1 ** t)", "(1 - beta1 ** (t + 1))"),
                ("(1 - beta2 ** t)", "(1 - beta2 ** (t + 1))"),
            ],
            "a geometric series with t + 1 terms",
        ),
        (
            "plain mean",
            [
                ("gamma1 = (1 - beta1) / (1 - beta1 ** t)", "gamma1 = 1 / t"),
                ("gamma2 = (1 - beta2) / (1 - beta2 ** t)", "gamma2 = 1 / t"),
            ],
            "Your weight is 1/t",
        ),
        (
            "only v rewritten",
            [("gamma2 = (1 - beta2) / (1 - beta2 ** t)", "gamma2 = 1 - beta2")],
            "One of your two averages still moves with the constant weight",
        ),
        ("t never advanced", [ADVANCE], "hyperparams['t'] is still 1"),
    ],
    5: [
        (
            "eps still outside",
            [("torch.sqrt(s_hat + eps)", "(torch.sqrt(s_hat) + eps)")],
            "still divides by √ŝ_t + ε",
        ),
        (
            "eps before the correction",
            [("torch.sqrt(s_hat + eps)", "torch.sqrt((s + eps) / (1 - beta2 ** t))")],
            "You add ε to s before the bias correction",
        ),
        (
            "eps twice",
            [("torch.sqrt(s_hat + eps)", "(torch.sqrt(s_hat + eps) + eps)")],
            "You add ε twice",
        ),
        (
            "eps hard-coded",
            [("eps = hyperparams.get('eps', 1e-6)", "eps = 1e-6")],
            "ignores hyperparams['eps']",
        ),
    ],
    6: [
        (
            "v still corrected",
            [
                (
                    "hyperparams['lr'] * v /",
                    "hyperparams['lr'] * v / (1 - beta1 ** hyperparams['t']) /",
                )
            ],
            "still divides v by 1 − β1^t",
        ),
        (
            "s still corrected",
            [("torch.sqrt(s)", "torch.sqrt(s / (1 - beta2 ** hyperparams['t']))")],
            "still divides s by 1 − β2^t",
        ),
        (
            "both still corrected",
            [
                (
                    "hyperparams['lr'] * v / (torch.sqrt(s) + eps)",
                    "hyperparams['lr'] * v / (1 - beta1 ** hyperparams['t'])"
                    " / (torch.sqrt(s / (1 - beta2 ** hyperparams['t'])) + eps)",
                )
            ],
            "still corrects both averages",
        ),
    ],
    7: [
        (
            "maximum after the correction",
            MAXIMUM_AFTER_CORRECTION,
            "You take the maximum of the bias-corrected ŝ_t",
        ),
        (
            "maximum of the gradient",
            [
                (
                    "torch.maximum(s_max, s, out=s_max)",
                    "torch.maximum(s_max, p.grad ** 2, out=s_max)",
                )
            ],
            "You take the maximum of the squared gradient g_t²",
        ),
        (
            "no maximum",
            [("s_hat = s_max / (1 - beta2 ** t)", "s_hat = s / (1 - beta2 ** t)")],
            "behaves like plain Adam",
        ),
        ("t never advanced", [ADVANCE], "hyperparams['t'] is still 1"),
    ],
    8: [
        (
            "no correction",
            [("s_hat.append(s / (1 - beta2 ** t))", "s_hat.append(s)")],
            "Your values are s_t, not ŝ_t",
        ),
        (
            "Adam's average",
            [
                (
                    "s += (1 - beta2) * g ** 2 * np.sign(g ** 2 - s)",
                    "s = beta2 * s + (1 - beta2) * g ** 2",
                )
            ],
            "Your s follows Adam's average (2)",
        ),
        (
            "g not squared",
            [("g ** 2 * np.sign(g ** 2 - s)", "g * np.sign(g - s)")],
            "Your update uses g where (12) has g²",
        ),
        (
            "sign flipped",
            [("np.sign(g ** 2 - s)", "np.sign(s - g ** 2)")],
            "Your s moves away from g²",
        ),
    ],
}
SHRINK = "p.mul_(1 - hyperparams['lr'] * hyperparams['weight_decay'])"
ADAM_STEP = "\n    d2l.adam(params, states, hyperparams)"
SLIPS["adamw"] = [
    (
        "decay added to the gradient",
        [(SHRINK, "p.grad += hyperparams['weight_decay'] * p")],
        "Your optimizer adds λ p to the gradient",
    ),
    (
        "decay without the learning rate",
        [
            (
                "1 - hyperparams['lr'] * hyperparams['weight_decay']",
                "1 - hyperparams['weight_decay']",
            )
        ],
        "Your optimizer shrinks p by 1 − λ.",
    ),
    (
        "decay after the step",
        [
            (ADAM_STEP, ""),
            ("\n    with torch.no_grad():", ADAM_STEP + "\n    with torch.no_grad():"),
        ],
        "Your optimizer shrinks p after Adam's step",
    ),
]
NAMES = {
    "adamw": "adamw",
    2: "adam_averaged",
    5: "adam_eps_inside",
    6: "adam_uncorrected",
    7: "amsgrad",
    8: "yogi_s_hat",
}
CASES = [(n, label, edits, hint) for n, slips in SLIPS.items() for label, edits, hint in slips]


@pytest.mark.parametrize(
    "n, label, edits, hint", CASES, ids=[f"{n}-{label}" for n, label, _, _ in CASES]
)
def test_a_typical_slip_is_refused_with_its_own_hint(n, label, edits, hint):
    verdict = d2l.check_exercise(n, slipped(NAMES[n], *edits))
    assert not verdict.passed
    assert str(verdict).startswith(f"{title(n)}: not yet. ")
    assert hint in verdict.message
    others = [h for _, _, h in SLIPS[n] if h != hint]
    assert not any(h in verdict.message for h in others), "one hint per slip"


@pytest.mark.parametrize("n", [2, 5, 6, 7, 8, "adamw"])
def test_each_check_has_three_slips_with_distinct_hints(n):
    hints = [hint for _, _, hint in SLIPS[n]]
    assert len(set(hints)) == len(hints) >= 3


@pytest.mark.parametrize(
    "n, label, edits, where",
    [
        (
            2,
            "t + 1 terms",
            SLIPS[2][1][1],
            "After step 1 your w differs from torch.optim.Adam (so the chapter's adam) by 2.6e-03.",
        ),
        (
            7,
            "maximum after the correction",
            MAXIMUM_AFTER_CORRECTION,
            "After step 2 your w differs from torch.optim.Adam(amsgrad=True) by 4.5e-04.",
        ),
        (
            8,
            "g not squared",
            [("g ** 2 * np.sign(g ** 2 - s)", "g * np.sign(g - s)")],
            "At t = 1 (g = 0.5, β2 = 0.9985) your ŝ_t is 0.5; Yogi's is 0.25.",
        ),
    ],
)
def test_a_refusal_says_where_it_first_went_wrong(n, label, edits, where):
    assert d2l.check_exercise(n, slipped(NAMES[n], *edits)).message.startswith(where)


# An answer that raises, changes a shape or makes NaN: a verdict naming the step.


@pytest.mark.parametrize("n", [2, 5, 6, 7])
def test_an_answer_that_raises_gets_a_verdict_with_the_step(n):
    right = solution_functions()[NAMES[n]]

    def raising(params, states, hyperparams):
        if hyperparams["t"] == 3:
            raise KeyError("beta3")
        right(params, states, hyperparams)

    verdict = d2l.check_exercise(n, raising)
    assert not verdict.passed
    assert verdict.message.startswith("At step 3 your optimizer raised KeyError: 'beta3'.")


def test_a_wrong_signature_gets_a_verdict():
    verdict = d2l.check_exercise(7, lambda params, states: None)
    assert not verdict.passed and "At step 1 your optimizer raised TypeError" in verdict.message


def test_an_answer_that_changes_a_shape_gets_a_verdict_with_the_step():
    broadcast = slipped(
        "amsgrad",
        (
            "p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)",
            "p.data = p - hyperparams['lr'] * (v_hat / (torch.sqrt(s_hat) + eps)).flatten()",
        ),
    )
    verdict = d2l.check_exercise(7, broadcast)
    assert not verdict.passed
    assert verdict.message.startswith("After step 1 your w has shape (5, 5) instead of (5, 1).")
    assert "broadcasting" in verdict.message


def test_an_answer_that_makes_nan_gets_a_verdict_with_the_step():
    off_by_one = slipped(
        "amsgrad", ("v_hat = v / (1 - beta1 ** t)", "v_hat = v / (1 - beta1 ** (t - 1))")
    )
    verdict = d2l.check_exercise(7, off_by_one)
    assert not verdict.passed
    assert verdict.message.startswith("After step 1 your w contains NaN or infinity.")


def test_nan_that_appears_later_names_its_step():
    right = solution_functions()["adam_averaged"]

    def late_nan(params, states, hyperparams):
        right(params, states, hyperparams)
        if hyperparams["t"] == 42:  # t was 41 during this step
            with torch.no_grad():
                params[1][:] = float("nan")

    verdict = d2l.check_exercise(2, late_nan)
    assert verdict.message.startswith("After step 41 your b contains NaN or infinity.")


@pytest.mark.parametrize(
    "label, edits, words",
    [
        (
            "gradient kept",
            [("        p.grad.zero_()\n", "")],
            "After step 1 the gradient of w is not zero. Clear it",
        ),
        (
            "not in place",
            [
                (
                    "p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)",
                    "p.sub(hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps))",
                )
            ],
            "After step 1 neither w nor b has changed. Change the parameters in place",
        ),
        (
            "t advanced inside the loop",
            [
                (
                    "        p.grad.zero_()\n    hyperparams['t'] += 1",
                    "        p.grad.zero_()\n        hyperparams['t'] += 1",
                )
            ],
            "In step 1 hyperparams['t'] went from 1 to 3.",
        ),
    ],
)
def test_slips_of_the_calling_convention_get_their_own_hint(label, edits, words):
    verdict = d2l.check_exercise(7, slipped("amsgrad", *edits))
    assert not verdict.passed and verdict.message.startswith(words)


def test_the_uncorrected_optimizer_need_not_advance_t():
    verdict = d2l.check_exercise(6, slipped("adam_uncorrected", ADVANCE))
    assert verdict.passed, verdict.message


@pytest.mark.filterwarnings("ignore:divide by zero:RuntimeWarning")
@pytest.mark.parametrize(
    "label, edits, words",
    [
        (
            "loop counted from 0",
            [("for t in range(1, steps + 1):", "for t in range(steps):")],
            "Your ŝ_t is NaN or infinite at t = 1 (g = 0.5, β2 = 0.9985). "
            "If that is t = 1, count t",
        ),
        (
            "one value short",
            [("for t in range(1, steps + 1):", "for t in range(1, steps):")],
            "For yogi_s_hat(0.5, 0.9985, 2000) your function returned shape (1999,); expected 2000",
        ),
        (
            "raises",
            [("s, s_hat = 0.0, []", "s, s_hat = 0.0, [] + None")],
            "Called as yogi_s_hat(0.5, 0.9985, 2000) your function raised TypeError",
        ),
    ],
)
def test_a_broken_sequence_gets_a_verdict(label, edits, words):
    verdict = d2l.check_exercise(8, slipped("yogi_s_hat", *edits))
    assert not verdict.passed and verdict.message.startswith(words)


def test_a_float32_tensor_answer_to_exercise_8_passes():
    def in_float32(g, beta2, steps):
        g2, s, out = torch.tensor(g) ** 2, torch.zeros(()), []
        for t in range(1, steps + 1):
            s = s + (1 - beta2) * g2 * torch.sign(g2 - s)
            out.append(s / (1 - beta2**t))
        return torch.stack(out)

    assert d2l.check_exercise(8, in_float32).passed


def test_handing_over_a_value_instead_of_the_function():
    verdict = d2l.check_exercise(8, [0.25, 0.2501])
    assert not verdict.passed
    assert verdict.message.startswith(
        "Hand over the function itself, without calling it: d2l.check_exercise(8, yogi_s_hat)."
    )


def test_an_exercise_without_a_check():
    verdict = d2l.check_exercise(3, solution_functions()["amsgrad"])
    assert not verdict.passed
    assert "Exercise 3 has no self-check" in verdict.message
    assert "Checks exist for exercises 2, 5, 6, 7, 8, 'adamw'." in verdict.message


def test_the_check_of_adamw_refuses_plain_adam_with_the_general_hint():
    verdict = d2l.check_exercise("adamw", d2l.adam)
    assert not verdict.passed
    assert verdict.message.startswith("After step 2 your w differs from torch.optim.AdamW")
    assert "every parameter first multiplied by 1 − η λ" in verdict.message


def test_the_verdict_shows_as_one_coloured_box():
    passed = d2l.check_exercise(7, solution_functions()["amsgrad"])
    box = passed._repr_html_()
    assert box.count("<div") == 1 and "✓ Exercise 7: passed." in box and "#2e7d32" in box
    assert html.escape(passed.message) in box and repr(passed) == str(passed)
    not_yet = d2l.check_exercise(7, slipped("amsgrad", ADVANCE))
    box = not_yet._repr_html_()
    assert "✗ Exercise 7: not yet." in box and "hyperparams[&#x27;t&#x27;]" in box


def test_every_sentence_comes_from_the_message_catalogue(monkeypatch):
    """Another language replaces the catalogue's exercise.* templates; nothing else
    may be left.

    Every template is wrapped in § ... ¶; once all of them (nested ones first)
    are taken out of a verdict, nothing but spaces may remain.
    """
    english = messages.CATALOGUE["en"]
    marked = {
        key: f"§{text}¶" if key.startswith("exercise.") else text for key, text in english.items()
    }
    monkeypatch.setitem(messages.CATALOGUE, "en", marked)
    verdicts = [
        d2l.check_exercise(7, solution_functions()["amsgrad"]),
        d2l.check_exercise(7, slipped("amsgrad", ADVANCE)),
        d2l.check_exercise(2, slipped("adam_averaged", *SLIPS[2][0][1])),
        d2l.check_exercise(8, slipped("yogi_s_hat", *SLIPS[8][0][1])),
        d2l.check_exercise(3, print),
        d2l.check_exercise(8, 3),
        d2l.check_exercise("adamw", slipped("adamw", *SLIPS["adamw"][2][1])),
        d2l.check_exercise("adamw", 3),
    ]
    for verdict in verdicts:
        text = str(verdict)
        while re.search("§[^§¶]*¶", text):
            text = re.sub("§[^§¶]*¶", "", text)
        assert text.strip(" .") == "", f"text outside the catalogue: {text!r}"
    assert verdicts[1].message.count("§") == 2  # where it went wrong, then the hint
