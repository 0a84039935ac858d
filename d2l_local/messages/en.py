"""What the figures, the page and the exercise checks say, in English: the catalogue's
templates by key (``d2l_local/messages/__init__.py`` picks the language)."""

EN = {
    # Controls
    "label.beta1": "β1",
    "label.beta2": "β2",
    "label.lr": "η",
    "label.eps": "ε",
    "label.C": "C",
    "label.steps": "steps",
    # The airfoil explorer
    "explorer.reference": "{name}, book defaults",
    "explorer.final": "final loss: ",
    # Punctuation between the parts of a status line
    "punct.colon": ": ",
    "punct.list": " · ",
    "punct.comma": ", ",
    "punct.stop": ". ",
    # The exported page's own navigation (tools/page_nav.py)
    "page.contents": "Contents",
    "page.pages": "Pages of this book",
    "page.previous": "Previous",
    "page.next": "Next",
    # Projector mode (tools/html_template/adam/present.js): {n}, {total}, {title}
    "page.present": "Projector mode",
    "page.present_help": "Projector mode: one section or one figure at a time, large (key P)",
    "page.present_key": "The key P starts projector mode",
    "page.present_bar": "Slides",
    "page.present_previous": "Previous slide",
    "page.present_next": "Next slide",
    "page.present_leave": "Leave projector mode",
    "page.present_keys": "→ PageDown Space: next · ← PageUp: back · Esc: leave",
    "page.present_slide": "Slide {n} of {total}: {title}",
    "page.present_figure": "{title}, figure",
    "page.present_continued": "{title}, continued",
    "page.present_entered": "Projector mode. ",
    "page.present_left": "Projector mode left.",
    "explorer.none": "no curve shown",
    "explorer.summary": "{curves} after {epochs} epochs",
    "explorer.diverged": "diverged at step {step}",
    "explorer.above_start": "(above its start {start}: not converging)",
    "explorer.rerun": "rerun {ms} ms",
    "explorer.in_page": "trained in your browser in {ms} ms",
    "explorer.error": "error: {error}",
    "explorer.x_label": "epoch",
    "explorer.y_label": "loss (log scale)",
    "explorer.plot": "The loss of each curve shown, epoch by epoch, on a log scale",
    "explorer.page_notice": (
        "<b>Trained in your browser.</b> Every move of a slider retrains the linear "
        "regression on the airfoil data with a JavaScript copy of the chapter's "
        "<code>adam</code> (and <code>yogi</code>, where it is shown), checked against "
        "the kernel's results. "
        "Open the notebook to train your own edits (and <code>torch.optim.Adam</code>)."
    ),
    "explorer.data_credit": (
        "Data: NASA airfoil self-noise, UCI Machine Learning Repository (CC BY 4.0); "
        "Brooks, Pope & Marcolini, 1989."
    ),
    "preset.book": "reset: book defaults",
    "preset.book.note": "The book's settings: β1 = 0.9, β2 = 0.999, η = 0.01, ε = 10⁻⁶.",
    "preset.beta2_small": "β2 too small",
    "preset.beta2_small.note": (
        "β2 = 0.9 remembers squared gradients for about 10 steps, β1 = 0.99 averages "
        "gradients over about 100: with β1² > β2 the step is no longer held near η. "
        "Move β2 back to 0.999 and compare."
    ),
    "preset.huge_eps": "huge ε",
    "preset.huge_eps.note": (
        "ε = 1 is several times √ŝ here, so the denominator is nearly the same for every "
        "coordinate and step: Adam acts like SGD with momentum at a learning rate a little "
        "below η/ε, and learns more slowly."
    ),
    "preset.big_lr": "η too large",
    "preset.big_lr.note": (
        "η = 1: Adam moves each coordinate by up to about η per step, far too much here. "
        "The loss oscillates and ends above its start, but it does not blow up: "
        "a failure to converge, not a divergence."
    ),
    # Reddi et al.'s problem
    "reddi.paper": "paper: β1 = 0, β2 = 1/(1+C²)",
    "reddi.book": "book: β1 = 0.9, β2 = 0.999",
    "reddi.status": "after {steps} steps: {points}",
    "reddi.point": "{method} x = {x}",
    "reddi.summary": "after {steps} steps: {points}",
    "reddi.summary_point": "{method} x = {x}, average regret {regret}",
    "reddi.x_label": "step t",
    "reddi.x_title": "C = {C}, β1 = {beta1}, β2 = {beta2}",
    "reddi.regret_label": "average regret R_t / t",
    "reddi.regret_title": "regret against the best point x = -1",
    "reddi.x_plot": "Where each method's x_t is, step by step (steps on a log scale)",
    "reddi.regret_plot": (
        "Each method's average regret R_t / t, step by step (steps on a log scale)"
    ),
    "reddi.page_notice": (
        "<b>Run in your browser.</b> The sliders rerun the problem with a JavaScript "
        "copy of the chapter's <code>run_reddi</code>, in double precision like Python."
    ),
    # The weight-decay explorer (Adam in practice)
    "label.weight_decay": "λ",
    "decay.x_label": "epoch",
    "decay.loss_label": "loss without the penalty (log scale)",
    "decay.norm_label": "‖w‖",
    "decay.loss_plot": (
        "The loss without the penalty of each method, epoch by epoch, on a log scale"
    ),
    "decay.norm_plot": "The length ‖w‖ of each method's weights, epoch by epoch",
    "decay.final": "after {epochs} epochs: ",
    "decay.method": "{name}: loss {loss}, ‖w‖ {norm}",
    "decay.diverged": "{name}: diverged at step {step}, epoch {epoch}",
    "decay.summary": "λ = {weight_decay}, η = {lr}, after {epochs} epochs: {methods}",
    "decay.loss_column": "{name} loss",
    "decay.norm_column": "{name} ‖w‖",
    "decay.none": "no method to show",
    "decay.rerun": "rerun {ms} ms",
    "decay.in_page": "trained in your browser in {ms} ms",
    "decay.error": "error: {error}",
    "decay.page_notice": (
        "<b>Trained in your browser.</b> Every move of a slider retrains the linear "
        "regression on the airfoil data (NASA, UCI Machine Learning Repository, CC BY "
        "4.0) with a JavaScript copy of the chapter's <code>adam_l2</code> and "
        "<code>adamw</code>, checked against the kernel's results. Open the notebook to "
        "train your own edits."
    ),
    "decay.preset.chapter": "reset: the figure above",
    "decay.preset.chapter.note": "The settings of the figure above: λ = 1, η = 0.01.",
    "decay.preset.torch": "AdamW's default λ",
    "decay.preset.torch.note": (
        "λ = 0.01, the default weight decay of torch.optim.AdamW, at η = 0.01."
    ),
    "decay.preset.large_models": "λ of large models",
    "decay.preset.large_models.note": (
        "λ = 0.1, the weight decay of GPT-3 and LLaMA, here at η = 0.01 (they trained "
        "with a far smaller η, so their decay per step, ηλ, was smaller still)."
    ),
    # The schedule explorer (Adam in practice)
    "label.warmup": "warmup W",
    "schedule.decay": "decay",
    "schedule.decay.cosine": "cosine decay",
    "schedule.decay.linear": "linear decay",
    "schedule.decay.none": "no decay",
    "schedule.method.scheduled": "the schedule",
    "schedule.method.constant": "constant η",
    "schedule.x_label": "step t",
    "schedule.rate_label": "learning rate η_t",
    "schedule.loss_label": "loss (log scale)",
    "schedule.rate_plot": "The learning rate η_t of the schedule and the constant η, step by step",
    "schedule.loss_plot": (
        "The loss after each step with the schedule and with constant η, on a log scale"
    ),
    "schedule.final": "final loss {loss}",
    "schedule.diverged": "diverged at step {step}",
    "schedule.summary": (
        "η = {lr}, warmup {warmup}, {decay}: {scheduled} (constant η: {constant}); "
        "highest of the first {steps} steps {peak} × start"
    ),
    "schedule.rate_column": "η_t, {name}",
    "schedule.loss_column": "loss, {name}",
    "schedule.rerun": "rerun {ms} ms",
    "schedule.in_page": "trained in your browser in {ms} ms",
    "schedule.error": "error: {error}",
    "schedule.page_notice": (
        "<b>Trained in your browser.</b> Every move retrains the linear regression on the "
        "airfoil data (NASA, UCI Machine Learning Repository, CC BY 4.0) with a "
        "JavaScript copy of the chapter's <code>lr_at</code>, <code>scheduled</code> and "
        "<code>adam</code>, checked against the kernel's results. Open the notebook to "
        "train your own edits."
    ),
    "schedule.preset.small": "η = 0.01, warmup 30",
    "schedule.preset.small.note": (
        "The lesson's η = 0.01 with 30 steps of warmup and cosine decay, as above."
    ),
    "schedule.preset.large": "η = 0.1, warmup 30",
    "schedule.preset.large.note": (
        "The larger η = 0.1 with 30 steps of warmup and cosine decay, as above."
    ),
    # The path explorer
    "paths.method.gd": "gradient descent",
    "paths.method.momentum": "momentum",
    "paths.method.rmsprop": "RMSProp",
    "paths.method.adam": "Adam",
    "paths.problem": "problem:",
    "paths.problem.quadratic": "the book's quadratic",
    "paths.problem.rotated": "turned by 45°",
    "paths.problem.rosenbrock": "curved valley (Rosenbrock)",
    "paths.shown": "paths:",
    "paths.adam": "Adam:",
    "paths.bias_correction": "bias correction",
    "paths.eps_inside": "ε inside the root",
    "paths.hint": (
        "Click or drag on the plot to move the start, or focus the plot and use the "
        "arrow keys (with Shift: larger moves), or type it in above. β1, β2, ε and the "
        "two switches are Adam's; η and the number of steps are every method's."
    ),
    "paths.start": "start:",
    "paths.start_axis": "start {axis}",
    "paths.plot_label": (
        "The paths over the contours; the start is at ({x1}, {x2}): the arrow keys "
        "move it by 0.1, with Shift by 1"
    ),
    "paths.summary": "From ({x1}, {x2}), {steps} steps: {paths}",
    "paths.step": "step",
    "paths.x_label": "x₁",
    "paths.y_label": "x₂",
    "paths.first_move": "first move ({d1}, {d2})",
    "paths.plot": "Each method's path from the start point over the contours of f",
    "paths.ends": "ends at ({x1}, {x2}), f = {f}",
    "paths.diverged": "diverged at step {step}",
    "paths.error": "error: {error}",
    "paths.none": "no path shown",
    "paths.bad_value": "{name} = {value} is not a value of its slider",
    "paths.rerun": "rerun {ms} ms",
    "paths.in_page": "computed in your browser in {ms} ms",
    "paths.page_notice": (
        "<b>Computed in your browser.</b> Every change reruns a JavaScript copy of the "
        "chapter's <code>gd_2d</code>, <code>momentum_2d</code>, <code>rmsprop_2d</code> "
        "and <code>adam_2d</code>, in double precision like Python, checked against the "
        "kernel's paths. Open the notebook to run your own edits."
    ),
    "paths.preset.chapter": "reset: the chapter's figure",
    "paths.preset.chapter.note": (
        "The settings of the chapter's figure: η = 0.4, 20 steps from (−5, −2), each "
        "method with its section's values, Adam with β1 = 0.9, β2 = 0.999, ε = 10⁻⁶."
    ),
    "paths.preset.no_correction": "bias correction off",
    "paths.preset.no_correction.note": (
        "Without the correction Adam's first move is (1 − β1)/√(1 − β2) ≈ 3.16 times η, "
        "as long as RMSProp's, and the next ones are longer still: the path flies past "
        "the minimum. Tick the box to compare with the corrected path."
    ),
    "paths.preset.rotated": "valley turned by 45°",
    "paths.preset.rotated.note": (
        "The valley runs along the diagonal now. Momentum's path is the one of the "
        "book's quadratic, turned; Adam's equal moves per coordinate take it across "
        "the valley instead of along it, and it loses its head start."
    ),
    "paths.preset.huge_eps": "ε = 100: momentum",
    "paths.preset.huge_eps.note": (
        "ε = 100 dwarfs √ŝ, so every coordinate gets the learning rate η/ε and Adam "
        "without bias correction is momentum with β = β1 and learning rate "
        "η(1 − β1)/ε = 0.4: momentum's path in the chapter's figure. Make ε smaller "
        "and watch Adam leave it."
    ),
    # The landscape
    "landscape.cell": "η = {lr}, β2 = {beta2}",
    "landscape.final": "{name}: {loss}",
    "landscape.diverged": "{name}: diverged",
    "landscape.click": "click or Enter: open this setting in the explorer",
    "landscape.grid": (
        "Final losses by η (columns, growing to the right) and β2 (rows, growing "
        "upwards): the arrow keys move between cells, Enter opens one in the explorer"
    ),
    # Shared by every figure (web/render/access.js)
    "access.table": "The numbers as a table",
    "landscape.outside": "η = {lr} lies outside the explorer's range ({low} to {high})",
    # The self-checks of the exercises (exercises.py)
    # Exercises: The verdict (its title ends with the language's full stop).
    "exercise.title_passed": "Exercise {n}: passed.",
    "exercise.title_not_yet": "Exercise {n}: not yet.",
    # Exercises: Calling the check itself.
    "exercise.no_check": (
        "Exercise {n} has no self-check: its answer is an explanation or an "
        "experiment. Compare yours with the worked solution. Checks exist for "
        "exercises {available}."
    ),
    "exercise.not_callable": (
        "Hand over the function itself, without calling it: "
        "d2l.check_exercise({n}, {example}). You handed over {got}."
    ),
    "exercise.check_failed": "The check could not finish with your answer: {error}.",
    # Exercises: Optimiser exercises: evidence and where it went wrong.
    "exercise.passed_optimizer": (
        "Your optimizer matches {reference} to {diff:.0e} at every one of "
        "{steps} steps on a fixed linear regression."
    ),
    "exercise.passed_eps": (
        "Your optimizer matches Adam with ε inside the root to {diff:.0e} at every "
        "one of {steps} steps with ε = {eps:g}, where ε's place matters: "
        "torch.optim.Adam, with ε outside, differs by up to {gap:.1e}."
    ),
    "exercise.raised": "At step {step} your optimizer raised {error}.",
    "exercise.raised_hint": (
        "Read the error above; the check calls answer(params, states, hyperparams)."
    ),
    "exercise.shape": "After step {step} your {name} has shape {got} instead of {want}.",
    "exercise.shape_hint": (
        "Update the parameter in place (p[:] -= ...) with tensors of its own "
        "shape; broadcasting two different shapes silently makes a bigger one."
    ),
    "exercise.not_finite": "After step {step} your {name} contains NaN or infinity.",
    "exercise.not_finite_hint": (
        "Look for a division by zero (is the bias correction 1 − β^t with "
        "t ≥ 1?) or the square root of a negative number."
    ),
    "exercise.not_in_place": "After step 1 neither w nor b has changed.",
    "exercise.not_in_place_hint": (
        "Change the parameters in place inside torch.no_grad(), as adam "
        "does with p[:] -= ...; assigning p = ... only renames."
    ),
    "exercise.grad_not_cleared": "After step {step} the gradient of {name} is not zero.",
    "exercise.grad_not_cleared_hint": (
        "Clear it at the end of the step (p.grad.zero_()), as adam "
        "does: the next backward() adds to whatever p.grad holds."
    ),
    "exercise.t_not_advanced": "After step {step} hyperparams['t'] is still {t}.",
    "exercise.t_not_advanced_hint": (
        "Advance the step counter once per call, after the loop over "
        "the parameters: hyperparams['t'] += 1."
    ),
    "exercise.t_jumped": "In step {step} hyperparams['t'] went from {before} to {after}.",
    "exercise.t_jumped_hint": (
        "Advance t by exactly 1 per call, after the loop over the parameters, not inside it."
    ),
    "exercise.differs": "After step {step} your {name} differs from {reference} by {diff:.1e}.",
    # Exercises: Exercise 2.
    "exercise.reference_2": "torch.optim.Adam (so the chapter's adam)",
    "exercise.hint_2": (
        "Write each corrected average as a mean that moves towards the new value, "
        "v̂_t = v̂_(t−1) + γ_t (g_t − v̂_(t−1)) with γ_t = (1 − β1)/(1 − β1^t), the same "
        "for ŝ_t with g_t² and β2, and step by lr · v̂_t / (√ŝ_t + ε)."
    ),
    "exercise.hint_2_constant": (
        "Your averages move with the constant weight 1 − β: that is Adam "
        "without its bias correction. The weight must depend on the step, "
        "γ_t = (1 − β)/(1 − β^t), so that γ_1 = 1."
    ),
    "exercise.hint_2_extra_term": (
        "Your weight is (1 − β)/(1 − β^(t+1)): a geometric series with "
        "t + 1 terms. Equation (4) sums i = 0 … t − 1, t terms, so "
        "γ_t = (1 − β)/(1 − β^t) and γ_1 = 1."
    ),
    "exercise.hint_2_mean": (
        "Your weight is 1/t: the plain mean of all gradients so far, which never "
        "forgets. Adam's average favours recent gradients: γ_t = (1 − β)/(1 − β^t)."
    ),
    "exercise.hint_2_one_average": (
        "One of your two averages still moves with the constant weight "
        "1 − β. Both v (with β1) and s (with β2) need the step-dependent "
        "weight γ_t = (1 − β)/(1 − β^t)."
    ),
    # Exercises: Exercise 5.
    "exercise.reference_5": "Adam with ε inside the root",
    "exercise.hint_5": (
        "Keep everything of adam and change only the denominator: "
        "torch.sqrt(s_hat + eps), with s_hat the bias-corrected s."
    ),
    "exercise.hint_5_outside": (
        "Your optimizer still divides by √ŝ_t + ε and so behaves like "
        "torch.optim.Adam. Move ε under the root: torch.sqrt(s_hat + eps)."
    ),
    "exercise.hint_5_before_correction": (
        "You add ε to s before the bias correction, "
        "√((s_t + ε)/(1 − β2^t)), which makes ε up to 1000 times "
        "larger in the first steps. Add it to the corrected value: "
        "√(ŝ_t + ε)."
    ),
    "exercise.hint_5_twice": (
        "You add ε twice, under the root and after it. Keep only √(ŝ_t + ε)."
    ),
    "exercise.hint_5_fixed_eps": (
        "Your optimizer ignores hyperparams['eps'] and uses ε = 1e-6. Read it "
        "as adam does, eps = hyperparams.get('eps', 1e-6): the check passes "
        "ε = 0.01."
    ),
    # Exercises: Exercise 6.
    "exercise.reference_6": "Adam without bias correction",
    "exercise.hint_6": (
        "Keep adam's updates of v and s and step by lr · v / (√s + ε): v and s "
        "themselves, not divided by 1 − β^t."
    ),
    "exercise.hint_6_v": "Your step still divides v by 1 − β1^t. Use v_t itself.",
    "exercise.hint_6_s": "Your step still divides s by 1 − β2^t. Use s_t itself.",
    "exercise.hint_6_both": (
        "Your optimizer still corrects both averages (it behaves like "
        "torch.optim.Adam). Use v_t and s_t directly."
    ),
    # Exercises: Exercise 7.
    "exercise.reference_7": "torch.optim.Adam(amsgrad=True)",
    "exercise.hint_7": (
        "AMSGrad is adam with one more line: s_max = max(s_max, s_t), elementwise, "
        "and the step divides by √(s_max / (1 − β2^t)) + ε. Compare with the "
        "formula in the documentation of torch.optim.Adam."
    ),
    "exercise.hint_7_after_correction": (
        "You take the maximum of the bias-corrected ŝ_t. "
        "torch.optim.Adam(amsgrad=True) takes the maximum before the "
        "bias correction: s_max = max(s_max, s_t), then divides "
        "s_max by 1 − β2^t."
    ),
    "exercise.hint_7_gradient": (
        "You take the maximum of the squared gradient g_t². The maximum "
        "is of the moving average: s_max = max(s_max, s_t)."
    ),
    "exercise.hint_7_no_maximum": (
        "Your optimizer behaves like plain Adam: the maximum never "
        "reaches the step. Keep s_max = max(s_max, s_t) in the third state "
        "tensor and divide by √(s_max / (1 − β2^t)) + ε."
    ),
    # Exercises: Adam in practice, exercise 1 (d2l.check_exercise('adamw', adamw)).
    "exercise.label_adamw": "1 (Adam in practice: AdamW)",
    "exercise.reference_adamw": "torch.optim.AdamW",
    "exercise.hint_adamw": (
        "AdamW is the lesson's Adam step on the gradient of the loss alone, with every "
        "parameter first multiplied by 1 − η λ (λ = hyperparams['weight_decay'])."
    ),
    "exercise.hint_adamw_l2": (
        "Your optimizer adds λ p to the gradient: that is Adam with an L2 penalty, "
        "torch.optim.Adam(weight_decay=λ). Leave p.grad alone and shrink p itself."
    ),
    "exercise.hint_adamw_no_lr": (
        "Your optimizer shrinks p by 1 − λ. PyTorch's λ is multiplied by the learning "
        "rate: shrink by 1 − η λ."
    ),
    "exercise.hint_adamw_after": (
        "Your optimizer shrinks p after Adam's step, which shrinks the step too. "
        "torch.optim.AdamW shrinks p first, then takes Adam's step."
    ),
    # Exercises: Exercise 8.
    "exercise.passed_8": (
        "Your ŝ_t follows Yogi's update (12) at every step of {runs} runs (largest "
        "relative difference {err:.1e}). For β2 = {beta2} it peaks at {peak:.4f} g² "
        "at t = {t_peak}."
    ),
    "exercise.raised_8": (
        "Called as yogi_s_hat({g}, {beta2}, {steps}) your function raised {error}."
    ),
    "exercise.raised_8_hint": (
        "The check calls yogi_s_hat(g, beta2, steps) with a float g and expects ŝ_1 … ŝ_steps back."
    ),
    "exercise.shape_8": (
        "For yogi_s_hat({g}, {beta2}, {steps}) your function returned {got}; "
        "expected {steps} numbers, ŝ_1 … ŝ_{steps}, in a list, array or 1-D tensor."
    ),
    "exercise.shape_8_hint": "Return one value per step, for t = 1 … steps.",
    "exercise.not_finite_8": "Your ŝ_t is NaN or infinite at t = {t} (g = {g}, β2 = {beta2}).",
    "exercise.not_finite_8_hint": (
        "If that is t = 1, count t from 1: with t = 0 the bias correction divides by 1 − β2^0 = 0."
    ),
    "exercise.differs_8": (
        "At t = {t} (g = {g}, β2 = {beta2}) your ŝ_t is {got:.6g}; Yogi's is {want:.6g}."
    ),
    "exercise.hint_8": (
        "Start from s = 0; at each step t = 1, 2, … add (1 − β2) g² sgn(g² − s), "
        "then ŝ_t = s_t / (1 − β2^t)."
    ),
    "exercise.hint_8_uncorrected": "Your values are s_t, not ŝ_t: divide each by 1 − β2^t.",
    "exercise.hint_8_adam": (
        "Your s follows Adam's average (2), whose ŝ_t is exactly g². Use "
        "Yogi's update (12): s_t = s_(t−1) + (1 − β2) g² sgn(g² − s_(t−1))."
    ),
    "exercise.hint_8_not_squared": "Your update uses g where (12) has g²: square the gradient.",
    "exercise.hint_8_sign": (
        "Your s moves away from g². The sign in (12) is sgn(g² − s_(t−1)), "
        "positive while s is below g², so s grows towards g²."
    ),
}
