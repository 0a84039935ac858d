# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Adam in depth
#
# This companion to the lesson on [Adam](adam.ipynb) holds the experiments that
# would break the lesson's flow. It assumes the lesson: equations (1) to (12) are
# the lesson's, and its code comes back as `d2l.adam`, `d2l.yogi` and
# `d2l.init_adam_states`, saved there with `#@save`. Each section stands on its own:
#
# * [Adam in two dimensions](#two-d): Adam beside gradient descent, momentum and
#   RMSProp on the book's quadratic, three experiments, and an explorer of paths;
# * [The explorer, with numbers](#explorer): what the lesson's buttons do, with Yogi
#   beside Adam, and an optimizer of your own that diverges;
# * [Yogi and its reference implementations](#yogi-references);
# * [The landscape of η and β2](#landscape): 1,922 training runs at once;
# * [What a step costs](#speed): loops, `foreach` and `fused`.

# %%
# %matplotlib inline
import functools
import math
import time

import numpy as np
import torch

from d2l_local import torch as d2l

torch.manual_seed(0)
d2l.use_svg_display()
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
problem = d2l.make_problem(data_iter, seed=0)  # the start and minibatches of the lesson

# %% [markdown]
# ## <a id="two-d" name="two-d"></a>Adam in two dimensions
#
# Earlier sections of the chapter traced gradient descent, momentum and RMSProp on
# $f(x_1, x_2) = 0.1 x_1^2 + 2 x_2^2$ from $(-5, -2)$. The valley of $f$ lies along
# the $x_1$ axis, and its walls curve twenty times as sharply as its floor. Here
# Adam joins them.
#
# A 2-D trainer takes the point $(x_1, x_2)$ and one state per coordinate and
# returns the next point and the new states; `d2l.train_2d` starts every state at
# $0$, calls the trainer 20 times from $(-5, -2)$ and prints where it ended. Our
# trainers receive the gradient as a function `f_grad`, so that they run on other
# problems too, and take their hyperparameters as keywords, with the values of
# their own sections as defaults.

# %%
def f_2d(x1, x2):
    return 0.1 * x1 ** 2 + 2 * x2 ** 2


def f_2d_grad(x1, x2):
    return 0.2 * x1, 4 * x2


def gd_2d(x1, x2, s1, s2, f_grad, eta=0.4):
    """Gradient descent: it keeps no state; s1 and s2 pass through untouched."""
    g1, g2 = f_grad(x1, x2)
    return x1 - eta * g1, x2 - eta * g2, s1, s2


def momentum_2d(x1, x2, v1, v2, f_grad, eta=0.4, beta=0.5):
    """Momentum: the state of each coordinate is its velocity."""
    g1, g2 = f_grad(x1, x2)
    v1, v2 = beta * v1 + g1, beta * v2 + g2
    return x1 - eta * v1, x2 - eta * v2, v1, v2


def rmsprop_2d(x1, x2, s1, s2, f_grad, eta=0.4, gamma=0.9, eps=1e-6):
    """RMSProp as in its own section (eps inside the root); the state is the EWMA of g**2."""
    g1, g2 = f_grad(x1, x2)
    s1, s2 = gamma * s1 + (1 - gamma) * g1 * g1, gamma * s2 + (1 - gamma) * g2 * g2
    return x1 - eta * g1 / math.sqrt(s1 + eps), x2 - eta * g2 / math.sqrt(s2 + eps), s1, s2


# %% [markdown]
# The bias correction (5) needs the step counter $t$ only in the powers
# $\beta_1^t$ and $\beta_2^t$, so Adam's state per coordinate is
# $(v, s, \beta_1^t, \beta_2^t)$, and each power is multiplied by its $\beta$ at
# every step. `train_2d`'s starting $0$ then stands for "no step yet": $v = s = 0$
# and $\beta^0 = 1$. The trainer is a plain function of its arguments, so a path can
# start anywhere, with nothing to reset. Since Adam works elementwise, a 2-D Adam is
# two 1-D Adams that share their settings. Two switches, used below, turn off the
# bias correction and move $\epsilon$ inside the root, where RMSProp has it.

# %%
def adam_1d(x, g, state, eta, beta1, beta2, eps, bias_correction, eps_inside):
    """One Adam step (1)-(7) for one coordinate x with gradient g.

    After t steps the state is (v, s, beta1**t, beta2**t)."""
    v, s, beta1_t, beta2_t = state
    beta1_t, beta2_t = beta1_t * beta1, beta2_t * beta2  # the powers for this step's t
    v = beta1 * v + (1 - beta1) * g               # (1)
    s = beta2 * s + (1 - beta2) * g * g           # (2)
    if bias_correction:
        v_hat, s_hat = v / (1 - beta1_t), s / (1 - beta2_t)  # (5)
    else:
        v_hat, s_hat = v, s
    if eps_inside:
        denominator = math.sqrt(s_hat + eps)      # as in RMSProp's section
    else:
        denominator = math.sqrt(s_hat) + eps      # (6)
    return x - eta * v_hat / denominator, (v, s, beta1_t, beta2_t)  # (6), (7)


def adam_2d(x1, x2, state1, state2, f_grad, eta=0.4, beta1=0.9, beta2=0.999, eps=1e-6,
            bias_correction=True, eps_inside=False):
    """Adam on each coordinate. train_2d's starting state 0 means no step yet: t = 0."""
    settings = eta, beta1, beta2, eps, bias_correction, eps_inside
    no_step_yet = (0, 0, 1, 1)  # v = s = 0, beta1**0 = beta2**0 = 1
    g1, g2 = f_grad(x1, x2)
    x1, state1 = adam_1d(x1, g1, state1 or no_step_yet, *settings)
    x2, state2 = adam_1d(x2, g2, state2 or no_step_yet, *settings)
    return x1, x2, state1, state2


# %% [markdown]
# All four methods get $\eta = 0.4$, so that one number describes the figure, but it
# does not mean the same to all of them: gradient descent multiplies the gradient
# by it, while for Adam it is about how far a coordinate moves per step
# ([Kingma & Ba](#ref-kingma-ba), §2.1). Each path with the settings of its own
# section:

# %% tags=["figure:adam_trace"]
d2l.describe_figure(d2l.tr("Four panels of paths over the contours of the 2-D problem, 20 steps "
                           "each from the same start: gradient descent is still on its way "
                           "along x1, momentum and RMSProp end near the minimum, Adam "
                           "overshoots along x1"))
trainers = {'gradient descent': gd_2d, 'momentum': momentum_2d,
            'RMSProp': rmsprop_2d, 'Adam': adam_2d}
titles = [r'gradient descent, $\eta = 0.4$', r'momentum, $\eta = 0.4$, $\beta = 0.5$',
          r'RMSProp, $\eta = 0.4$, $\gamma = 0.9$', r'Adam, $\eta = 0.4$']
fig, axes = d2l.plt.subplots(2, 2, figsize=(7, 4.6), sharex=True, sharey=True)
traces = {}
for ax, title, (name, trainer) in zip(axes.flat, titles, trainers.items()):
    print(d2l.tr(name) + ':', end=' ')
    traces[name] = d2l.train_2d(trainer, f_grad=f_2d_grad)
    d2l.show_trace_2d(f_2d, traces[name], ax=ax, title=d2l.tr(title))
    ax.label_outer()
fig.tight_layout()


# %% [markdown]
# Gradient descent and RMSProp end where the book's sections on momentum and on
# RMSProp say; momentum with $\eta = 0.4$ and $\beta = 0.5$ is the setting of the
# book's first edition. To see what each method does with the gradient, compare the
# gradient at the start with the first moves $(\Delta x_1, \Delta x_2)$:

# %%
def moves(results):
    """The moves (dx1, dx2) from each point of a path to the next."""
    return [(b1 - a1, b2 - a2) for (a1, a2), (b1, b2) in zip(results, results[1:])]


g1, g2 = f_2d_grad(-5, -2)
print(d2l.tr("gradient at the start: ({g1:g}, {g2:g}); the first four moves (dx1, dx2):",
             g1=g1, g2=g2))
for name, results in traces.items():
    print(d2l.tr(name) + ': ' + "  ".join(f"({d1:+.2f}, {d2:+.2f})"
                                          for d1, d2 in moves(results)[:4]))

# %% [markdown]
# At the start the gradient is $(-1, -8)$. **Gradient descent follows it**: its
# first move is $-\eta$ times the gradient, eight times longer across the valley
# than along it, so the path zigzags across while it creeps along the floor.
# Momentum starts the same way, then its velocity builds up along $x_1$ and the
# zigzag dies out. **Adam moves each coordinate by $\eta$**: for a gradient that has
# not changed yet, $\hat v_t / \sqrt{\hat s_t}$ is $\pm 1$ whatever its size, so the
# path starts as a straight diagonal, as far along the floor as across the wall.
# Its momentum then carries it past the minimum, to $x_1 \approx 1$ at step 20.
#
# RMSProp scales each coordinate too, and its first move is diagonal as well, but
# $1.26$ long, $3.16$ times $\eta$: it has no bias correction, so its first $s$ is
# $(1 - \gamma)\, g^2$ and its first step $\eta/\sqrt{1 - \gamma}$.
#
# ### <a id="bias-off" name="bias-off"></a>Bias correction off
#
# Without the correction, at $\beta_2 = 0.999$, the lesson's figure predicted first
# steps several times too large. On the 2-D problem:

# %%
no_correction = functools.partial(adam_2d, bias_correction=False)
for name, trainer in {'corrected': adam_2d, 'not corrected': no_correction}.items():
    print(d2l.tr(name) + ':', end=' ')
    results = d2l.train_2d(trainer, f_grad=f_2d_grad)
    sizes = [max(abs(d1), abs(d2)) for d1, d2 in moves(results)]
    print(d2l.tr("    first moves, the larger of |dx1| and |dx2|: {sizes}; "
                 "x1 gets as far as {far:.2f}", sizes=", ".join(f"{s:.2f}" for s in sizes[:5]),
                 far=max(x1 for x1, _ in results)))

# %% [markdown]
# Without the correction the first move is $1.26$, $3.16\,\eta$: at $t = 1$,
# $v_1 / \sqrt{s_1} = (1 - \beta_1)\,g / (\sqrt{1 - \beta_2}\,|g|) = 0.1/0.0316$, the
# first factor printed under the lesson's figure, and by coincidence RMSProp's
# factor too. The next moves are longer still, up to $1.82$ at the third step,
# because $s_t$ grows far more slowly than $v_t$; the path flies past the minimum to
# $x_1 \approx 3.2$. With the correction no move is longer than $0.40$.
#
# ### <a id="rotated" name="rotated"></a>The valley turned by 45°
#
# Scaling each coordinate helps when the directions that need different step sizes
# are the coordinate axes. Turn the quadratic by $45°$, so that its floor runs along
# the diagonal $x_2 = -x_1$: $f(x_1, x_2) = 0.05 (x_1 - x_2)^2 + (x_1 + x_2)^2$, from
# the book's start turned with it, $(-3.5\sqrt 2, 1.5\sqrt 2) \approx (-4.95, 2.12)$.
# Now both coordinates face a steep wall, and Adam's diagonal move of $(\eta, \eta)$
# goes straight across the valley. Momentum only adds up gradients, which turn with
# the problem, so its path turns with it. `d2l.optimizer_paths` runs our trainers on
# either problem; we print how far each method still has to go along the floor,
# which starts at $-5$ in both:

# %%
along_the_floor = {'quadratic': lambda x1, x2: x1,
                   'rotated': lambda x1, x2: (x1 - x2) / math.sqrt(2)}
checkpoints = (5, 10, 20, 40)
print(d2l.tr("position along the floor after {steps} steps:",
             steps=", ".join(str(k) for k in checkpoints)))
for problem_name, along in along_the_floor.items():
    paths = d2l.optimizer_paths({'momentum': momentum_2d, 'Adam': adam_2d}, problem_name,
                                steps=40)
    for name, path in paths.items():
        print(d2l.tr("{method} on {problem}: ", method=d2l.tr(name),
                     problem=d2l.tr(d2l.PROBLEMS_2D[problem_name].title))
              + "  ".join(f"{along(*path.points[k]):.2f}" for k in checkpoints))

# %% [markdown]
# Momentum's numbers are the same on both problems: turned problem, turned path.
# Adam loses its head start: after ten steps it is at $-1.20$ on the book's problem
# and still at $-4.30$ on the turned one, having spent those steps crossing the
# valley instead of going along it. (On the book's problem the table also shows it
# coming back from $x_1 \approx 1$.) The turned valley:

# %%
d2l.describe_figure(d2l.tr("The valley turned by 45°: 40 steps of momentum (left) and of Adam "
                           "(right) over its contours; momentum's path is the turned copy of "
                           "its path on the book's problem, Adam's crosses the valley before it "
                           "goes along it"))
rotated = d2l.PROBLEMS_2D['rotated']
paths = d2l.optimizer_paths({'momentum': momentum_2d, 'Adam': adam_2d}, 'rotated', steps=40)
fig, axes = d2l.plt.subplots(1, 2, figsize=(7, 3), sharex=True, sharey=True)
for ax, (name, path) in zip(axes, paths.items()):
    title = d2l.tr('{method}, 40 steps', method=d2l.tr(name))
    d2l.show_trace_2d(rotated.f, path.points, ax=ax, window=rotated.window,
                      levels=rotated.levels, title=title)
    ax.set_aspect('equal')  # so that 45 degrees look like 45 degrees
    ax.label_outer()
fig.tight_layout()

# %% [markdown]
# ### <a id="huge-eps" name="huge-eps"></a>A huge ε
#
# In (6), $\epsilon$ sits next to $\sqrt{\hat s_t}$. When it is much larger, the
# denominator is about $\epsilon$ for every coordinate, each coordinate gets the same
# learning rate $\eta / \epsilon$, and what is left is momentum with its bias
# correction. Each coordinate's learning rate $\eta / (\sqrt{\hat s_t} + \epsilon)$
# after ten steps:

# %%
print(d2l.tr("learning rate of each coordinate after 10 steps:"))
for eps in [1e-6, 1e-2, 1.0, 100.0]:
    x1, x2, state1, state2 = -5, -2, 0, 0
    for _ in range(10):
        x1, x2, state1, state2 = adam_2d(x1, x2, state1, state2, f_2d_grad, eps=eps)
    rate1, rate2 = (0.4 / (math.sqrt(s / (1 - beta2_t)) + eps)
                    for v, s, beta1_t, beta2_t in (state1, state2))
    print(d2l.tr("eps = {eps:g}: x1 {rate1:.4f}, x2 {rate2:.4f}, ratio {ratio:.2f}",
                 eps=eps, rate1=rate1, rate2=rate2, ratio=rate1 / rate2))

# %% [markdown]
# With a small $\epsilon$, $x_1$ moves with a learning rate almost six times that of
# $x_2$, because its gradients have been that much smaller: scaling per coordinate.
# $\epsilon = 1$ only gets halfway, because the gradients here, of order $1$ to $8$,
# are as large as $\epsilon$ itself: the ratio falls to under three. At
# $\epsilon = 100$ the two rates agree to within a few percent, about
# $\eta/\epsilon$: Adam has turned into a slow momentum. What counts as a huge
# $\epsilon$ depends on the size of the gradients.
#
# How exactly momentum? Without the bias correction, $v_t$ is a weighted average of
# the gradients where momentum's velocity is their weighted sum, with the same
# weights $\beta^k$ if $\beta_1 = \beta$: $v_t$ is $(1 - \beta_1)$ times the
# velocity. With $\epsilon$ far above $\sqrt{s_t}$, Adam's step
# $\eta\, v_t / (\sqrt{s_t} + \epsilon)$ is then about $\eta (1 - \beta_1)/\epsilon$
# times the velocity. So Adam with $\beta_1 = 0.5$, $\eta = 0.8\,\epsilon$ and no bias
# correction should retrace the momentum path of the figure ($\beta = 0.5$,
# $\eta = 0.4$), the more closely the larger $\epsilon$:

# %%
momentum_path = d2l.optimizer_paths({'momentum': momentum_2d})['momentum'].points
for eps in [1.0, 100.0]:
    adam_path = d2l.optimizer_paths({'Adam': adam_2d}, eta=0.8 * eps, beta1=0.5, eps=eps,
                                    bias_correction=False)['Adam'].points
    gap = max(math.dist(p, q) for p, q in zip(adam_path, momentum_path, strict=True))
    print(d2l.tr("eps = {eps:g}, eta = {eta:g}: largest distance from momentum's path "
                 "{gap:.4f}", eps=eps, eta=0.8 * eps, gap=gap))

# %% [markdown]
# At $\epsilon = 1$ the paths part by $0.71$; at $\epsilon = 100$ they never differ by
# more than $0.0081$, less than the width of a line in the figures.
#
# ### <a id="paths" name="paths"></a>The path explorer
#
# The explorer runs our four trainers through `d2l.optimizer_paths` on one of three
# problems: the book's quadratic, the same turned by $45°$, and a narrow curved
# valley (Rosenbrock's function, scaled to the same window).
#
# * The sliders set $\eta$, which every method gets, the number of steps (up to
#   200), and Adam's $\beta_1$, $\beta_2$ and $\epsilon$; the other methods keep the
#   settings of their sections.
# * Two switches change Adam itself: no bias correction, and $\epsilon$ inside the
#   root.
# * Click on the plot, or drag, to start somewhere else; the checkboxes choose the
#   methods drawn. Under the plot: each path's first move and where it ends.
# * The buttons replay the three experiments above; *reset* brings back the figure.
#
# Things worth trying with a class: make $\epsilon$ smaller step by step from the
# *ε = 100* setting and watch Adam leave the momentum path; put the start of the
# turned problem on the floor of its valley; give the curved valley 200 steps and
# see which method gets furthest. The explorer calls the functions above, so an
# edit of `adam_2d` (run its cell, then this one) shows up here.

# %% tags=["paths_explorer"]
d2l.explore_paths(trainers)

# %% [markdown]
# ## <a id="explorer" name="explorer"></a>The explorer, with numbers
#
# This is the lesson's explorer with our `yogi` beside `adam` and `torch.optim.Adam`,
# all three with the same four settings; Yogi shares the slider's $\epsilon$ too, so
# that the comparison is fair. A click on the [landscape](#landscape) below opens
# its setting here.

# %% tags=["explorer", "timing"]
explorer = d2l.explore(trainers={d2l.tr('Adam (ours)'): d2l.adam,
                                 d2l.tr('Yogi (ours)'): d2l.yogi},
                       init_states=d2l.init_adam_states, data=problem)
explorer

# %% [markdown]
# The final losses for the buttons' settings, from `d2l.loss_curves`, the function the
# explorer calls:

# %%
curve_names = {'Adam (ours)': d2l.adam, 'Yogi (ours)': d2l.yogi}
settings = {
    'book defaults': {},
    "eps = 1e-3, Yogi's own default": {'eps': 1e-3},
    'beta2 too small': {'lr': 0.1, 'beta1': 0.99, 'beta2': 0.9},
    'the same, beta2 back to 0.999': {'lr': 0.1, 'beta1': 0.99, 'beta2': 0.999},
    'huge eps': {'eps': 1.0},
    'eta too large': {'lr': 1.0},
}


def final_or_diverged(curve):
    if curve.diverged_at is None:
        return f"{curve.final:.3f}"
    return d2l.tr("diverged at step {step}", step=curve.diverged_at)


print(d2l.tr("loss before training: {loss:.3f}", loss=d2l.start_loss(problem)))
for label, changes in settings.items():
    curves = d2l.loss_curves(curve_names, d2l.init_adam_states, problem,
                             {**d2l.BOOK_DEFAULTS, **changes})
    print(d2l.tr(label) + ': ' + ', '.join(
        f"{d2l.tr(name)} {final_or_diverged(curve)}" for name, curve in curves.items()))

# %% [markdown]
# * **Book defaults, and $\epsilon = 10^{-3}$.** Yogi's own, larger $\epsilon$ changes
#   its final loss by less than the last digit, so sharing the slider costs Yogi
#   nothing here.
# * **β2 too small** sets $\eta = 0.1$, $\beta_1 = 0.99$, $\beta_2 = 0.9$: $\mathbf{s}$
#   remembers about ten steps while $\mathbf{v}$ averages about a hundred, and
#   $\beta_1^2 > \beta_2$. A few small squared gradients then shrink the denominator
#   while the numerator still carries the momentum of many large gradients, and the
#   step is no longer held near $\eta$. Adam ends clearly higher than with
#   $\beta_2 = 0.999$ (the next row); Yogi, whose $\mathbf{s}$ only creeps down, much
#   less so.
# * <a id="huge-eps-airfoil" name="huge-eps-airfoil"></a>**Huge ε** sets
#   $\epsilon = 1$. After a run with the book's settings, $\sqrt{\hat{\mathbf{s}}}$ of
#   the six parameters lies between the two values printed below, well under $1$, so
#   $\epsilon = 1$ dominates the denominator and makes it nearly the same for every
#   coordinate and step: what is left is SGD with momentum at a learning rate somewhat
#   below $\eta/\epsilon$, and the curve falls more slowly. As $\epsilon$ grows, with
#   $\eta$ grown in proportion, Adam's final loss approaches that of SGD with momentum
#   at the learning rate $\eta/\epsilon$:

# %%
def momentum_sgd(params, states, hyperparams):
    """SGD with Adam's bias-corrected momentum, at learning rate lr / eps."""
    beta1, t = hyperparams['beta1'], hyperparams['t']
    for p, (v, _) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            p[:] -= hyperparams['lr'] / hyperparams['eps'] * v / (1 - beta1 ** t)
        p.grad.zero_()
    hyperparams['t'] += 1


states, hyperparams = d2l.init_adam_states(feature_dim), {'lr': 0.01, 't': 1}
d2l.scratch_run(d2l.adam, states, hyperparams, problem.schedule,
                problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True))
root_s_hat = torch.cat([s.flatten() for _, s in states]).div(1 - 0.999 ** 300).sqrt()
print(d2l.tr("sqrt(s_hat) after the book's run: {low:.2f} ... {high:.2f}",
             low=root_s_hat.min(), high=root_s_hat.max()))
for eps in [1.0, 10.0, 100.0]:
    curves = d2l.loss_curves({'Adam': d2l.adam, 'SGD with momentum': momentum_sgd},
                             d2l.init_adam_states, problem,
                             {**d2l.BOOK_DEFAULTS, 'eps': eps, 'lr': 0.01 * eps},
                             torch_adam=False)
    print(d2l.tr("eps = {eps:g}, lr = {lr:g}: ", eps=eps, lr=0.01 * eps) + ", ".join(
        f"{d2l.tr(name)} {curve.final:.4f}" for name, curve in curves.items()))

# %% [markdown]
# * **η too large** sets $\eta = 1$. Adam's loss ends above where it started, but
#   the run is not stopped: its steps are about $\eta$ per coordinate however large
#   the gradient, and once past the minimum they point back towards it, so the
#   weights swing around it at a distance of the order of $\eta$. SGD's step is
#   $\eta$ times the gradient, which grows with the distance from the minimum, and
#   that feedback makes it blow up:

# %%
def sgd(params, states, hyperparams):
    """Plain minibatch SGD in the same calling convention (states unused)."""
    with torch.no_grad():
        for p in params:
            p -= hyperparams['lr'] * p.grad
            p.grad.zero_()


for lr in [0.3, 1.0]:
    curves = d2l.loss_curves({'Adam': d2l.adam, 'SGD': sgd}, d2l.init_adam_states, problem,
                             {**d2l.BOOK_DEFAULTS, 'lr': lr}, torch_adam=False)
    print(d2l.tr("lr = {lr:g}: ", lr=lr) + ", ".join(
        f"{d2l.tr(name)} {final_or_diverged(curve)}" for name, curve in curves.items()))

# %% [markdown]
# Swings of the order of $\eta$ are not harmless, though: with $\eta$ several units
# large they take the loss past 100 times its start, and the run is stopped. The
# [landscape](#landscape) finds where that begins.
#
# ### When your own optimizer diverges
#
# The explorer trains whatever function you hand it, so it is also a quick test of an
# edit. Here is a classic slip, the update applied with the wrong sign (we flip the
# gradient and call `d2l.adam`, which amounts to the same). Pass it to the explorer,
# as `trainers={'Adam (ours)': d2l.adam, 'uphill': adam_uphill}`, and its curve ends
# in ✕ at the step printed below; the larger $\eta$, the earlier.

# %%
def adam_uphill(params, states, hyperparams):
    """Our adam with a sign slip: it steps up the gradient, not down."""
    for p in params:
        p.grad.neg_()
    d2l.adam(params, states, hyperparams)


for lr in [0.01, 0.1]:
    curve = d2l.loss_curves({'uphill': adam_uphill}, d2l.init_adam_states, problem,
                            {**d2l.BOOK_DEFAULTS, 'lr': lr}, torch_adam=False)['uphill']
    print(d2l.tr("lr = {lr:g}: diverged at step {step}, loss {loss:.1f} "
                 "(it started at {start:.2f})", lr=lr, step=curve.diverged_at,
                 loss=curve.final, start=d2l.start_loss(problem)))

# %% [markdown]
# ## <a id="yogi-references" name="yogi-references"></a>Yogi and its reference implementations
#
# First, the difference between (11) and (12) in one picture: a quiet spell after a
# burst. $s$ starts at $1$, and the squared gradients are $10^{-4}$ from then on.
# Adam's $s$ decays geometrically towards them, so its effective learning rate
# $\eta/\sqrt{s}$ grows just as fast; Yogi's $s$ comes down by $10^{-4}$ times
# $1 - \beta_2$ per step.

# %%
d2l.describe_figure(d2l.tr("The effective learning rate, relative to its start, over 5,000 "
                           "quiet steps: under Adam's (11) it climbs more than tenfold, under "
                           "Yogi's (12) it stays flat"))
beta2, quiet_g2, n = 0.999, torch.tensor(1e-4), 5000
s_adam = s_yogi = torch.tensor(1.0)
gain_adam, gain_yogi = [], []
for _ in range(n):
    s_adam = s_adam + (1 - beta2) * (quiet_g2 - s_adam)                 # (11)
    s_yogi = s_yogi + (1 - beta2) * torch.sign(quiet_g2 - s_yogi) * quiet_g2  # (12)
    gain_adam.append(float(1 / s_adam.sqrt()))
    gain_yogi.append(float(1 / s_yogi.sqrt()))
d2l.plot(torch.arange(1, n + 1), [gain_adam, gain_yogi], d2l.tr('quiet steps'),
         d2l.tr('effective learning rate / start'),
         legend=[d2l.tr('Adam, (11)'), d2l.tr('Yogi, (12)')], figsize=(5, 3))
d2l.plt.tight_layout()
print(d2l.tr("after {n} quiet steps the effective learning rate has grown {adam:.1f}x "
             "under Adam and {yogi:.4f}x under Yogi", n=n, adam=gain_adam[-1],
             yogi=gain_yogi[-1]))

# %% [markdown]
# The lesson's `yogi` is the update (12) of [Zaheer et al. (2018)](#ref-zaheer) grafted
# onto `adam`. Three widely used implementations differ from it in details worth
# stating: TF-Addons' `Yogi`, optax's `yogi` and torch-optimizer's `Yogi`
# ([references](#ref-implementations)).
#
# * **Starting values.** Ours starts both moments at zero. The three start the
#   accumulators at $10^{-6}$: optax and torch-optimizer both moments, TF-Addons only
#   $\mathbf{s}$.
# * **Bias correction.** Ours divides by $1 - \beta^t$ as in (5), and so do optax and
#   torch-optimizer. TF-Addons folds the same factors into the learning rate,
#   $\eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)$, which is the same except that its
#   $\epsilon$ is in effect divided by $\sqrt{1-\beta_2^t}$, and so larger during the
#   first few thousand steps. The argument for (5), the geometric series (4), is about
#   an EWMA that starts at zero; Yogi's $\mathbf{s}$ is not an EWMA (and in the
#   references it does not start at zero), so for Yogi the correction is a borrowed
#   heuristic. Exercise 8 of the lesson measures how good it is.
# * **Defaults.** Our $\epsilon = 10^{-3}$ is the default of all three, and our
#   $\eta = 0.01$ that of TF-Addons and torch-optimizer (optax has no default
#   learning rate).
#
# What remains is the starting value. Both versions, on the lesson's data, start and
# minibatches:

# %%
def init_yogi_states(feature_dim, initial=1e-6):
    """Like init_adam_states, but both moments start at `initial`, as in optax and
    torch-optimizer."""
    return tuple((torch.full_like(v, initial), torch.full_like(s, initial))
                 for v, s in d2l.init_adam_states(feature_dim))


runs = {'moments start at 0 (ours)': d2l.init_adam_states(feature_dim),
        'moments start at 1e-6 (references)': init_yogi_states(feature_dim)}
final_w = []
for name, states in runs.items():
    w, b = problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)
    curve = d2l.scratch_run(d2l.yogi, states, {'lr': 0.01, 't': 1}, problem.schedule, w, b)
    final_w.append(w.detach())
    print(d2l.tr("Yogi, {start}: final loss {loss:.4f}", start=d2l.tr(name), loss=curve.final))
print(d2l.tr("largest difference between the final weights: {gap:.1e}",
             gap=(final_w[0] - final_w[1]).abs().max()))

# %% [markdown]
# The starting value hardly matters here: the squared gradients of this problem are
# far larger than $10^{-6}$, so from the first step on the accumulators follow the
# data. It can only matter for coordinates whose gradients are around $10^{-3}$ or
# smaller, where $\mathbf{g}_t^2$ is comparable to $10^{-6}$, and there
# $\epsilon = 10^{-3}$ is as large as $\sqrt{\hat{\mathbf{s}}_t}$ and shapes the step
# at least as much.

# %% [markdown]
# ## <a id="landscape" name="landscape"></a>The landscape of η and β2
#
# How much do $\eta$ and $\beta_2$ matter on the airfoil regression? We train every
# combination on a grid: 31 learning rates from $10^{-4}$ to $10^{2}$, five per
# decade so that $0.01$ is on the grid, and 31 values of $\beta_2$ from $0.9$ to
# $0.99999$, evenly spaced in $\log(1 - \beta_2)$ so that $0.999$ is on it, with
# $\beta_1 = 0.9$ and each method's usual $\epsilon$: 961 runs of two epochs for Adam
# and 961 for Yogi.
#
# One at a time that would take minutes. But a linear model is a column of six
# numbers, five weights and the bias, so $K$ runs are six rows of $K$ columns, and a
# minibatch step for all of them is a few matrix operations. `d2l.train_sweep` does
# that with `d2l.adam` and `d2l.yogi` themselves: it hands them the weights of all
# runs as one parameter and each hyperparameter as a tensor with one value per run,
# and since every line of `adam` works elementwise, each column is updated with its
# own $\eta$, $\beta_1$, $\beta_2$ and $\epsilon$. A run is stopped, as in the
# explorer, when its loss stops being a number or passes 100 times its start; those
# cells are hatched, outside the colour scale. Every run starts from the lesson's
# weights and minibatches, so the cell at the book's default repeats the lesson's
# run. Hover over a cell to read it; click it to open its setting in the
# [explorer](#explorer).

# %%
lrs = np.logspace(-4, 2, 31)          # includes 0.01
beta2s = 1 - np.logspace(-1, -5, 31)  # 0.9 ... 0.99999, includes 0.999
configs, shape = d2l.grid(lr=lrs, beta2=beta2s)
sweeps = {'Adam': d2l.train_sweep(d2l.adam, problem, **configs),
          'Yogi': d2l.train_sweep(d2l.yogi, problem, **configs)}
print(d2l.tr("{runs} training runs of 2 epochs", runs=len(sweeps) * len(configs['lr'])))

# %% tags=["figure:landscape"]
d2l.describe_figure(d2l.tr("Two heatmaps, Adam and Yogi, of the final loss over the learning "
                           "rate η (across, log scale) and β2 (up): the lowest losses form a "
                           "band about a decade wide around the default η = 0.01, marked by a "
                           "star, almost whatever β2; hatched grey cells at large η diverged"))
d2l.show_landscape(sweeps, lrs, beta2s, default=(0.01, 0.999), explorer=explorer)

# %%
at_default = np.argmin(abs(lrs - 0.01)), np.argmin(abs(beta2s - 0.999))
column = at_default[1]
shown_lrs = [np.argmin(abs(lrs - lr)) for lr in (0.01, 0.025, 0.1, 1.0, 2.5, 6.3)]
for name, sweep in sweeps.items():
    final = np.where(sweep.diverged, np.inf, sweep.final).reshape(shape)
    diverged = sweep.diverged.reshape(shape)
    best = np.unravel_index(final.argmin(), shape)
    near_best = (final < 1.05 * final.min()).any(axis=1)  # within 5% of the best
    print(d2l.tr("{method}: default {default:.4f}, best {best:.4f} (eta {best_lr:.2g}, "
                 "beta2 {best_beta2:.5g})", method=d2l.tr(name), default=final[at_default],
                 best=final.min(), best_lr=lrs[best[0]], best_beta2=beta2s[best[1]]))
    print(d2l.tr("    within 5% of the best for eta {low:.2g} ... {high:.2g}",
                 low=lrs[near_best].min(), high=lrs[near_best].max()))
    print(d2l.tr("    at beta2 = 0.999, the final loss for"))
    print("       ", ", ".join(
        d2l.tr("eta {lr:.2g} {loss}", lr=lrs[i],
               loss=f"{final[i, column]:.3f}" if np.isfinite(final[i, column])
               else d2l.tr("diverged"))
        for i in shown_lrs))
    print(d2l.tr("    {count} runs diverged, the first at eta = {lr:.3g}",
                 count=diverged.sum(), lr=lrs[diverged.any(axis=1)].min()))

# %% [markdown]
# Three things stand out, in both panels.
#
# * **The good region is a band of learning rates, and $\beta_2$ hardly matters in
#   it.** The dark band runs almost straight up: within it the final loss depends on
#   $\eta$, barely on $\beta_2$. The printout gives the band's width, about a decade,
#   and shows that the default's loss, the one the lesson printed, is within a
#   fraction of a percent of the best on the grid.
# * **Too small is slow, too large does not settle.** To the left, two epochs are not
#   enough. Beyond the band the final loss rises (at $\beta_2 = 0.999$ it is already
#   higher at $\eta = 0.025$ than at $0.01$), and from about $\eta = 1$ on it no
#   longer grows steadily with $\eta$: the weights swing around the minimum, and
#   where a run ends is a matter of its last few swings.
# * **Too large blows up.** From the learning rate printed last, a few units, the
#   jumps carry the loss past 100 times its start, and the run is stopped; the hatched
#   cells are those runs. Yogi's first comes at a larger $\eta$ than Adam's.
#
# So on this problem Adam forgives a lot: any $\eta$ in the band and any $\beta_2$ from
# $0.9$ up give nearly the same result. Problems with rare, large gradients, like the
# lesson's last one, are where $\beta_2$ starts to matter.

# %% [markdown]
# ## <a id="speed" name="speed"></a>What a step costs
#
# The lesson's `adam` is written to be read: a Python loop visits the parameters one
# at a time and runs about ten small tensor operations on each. For the regression's
# two parameters that costs nothing worth mentioning. Real networks have hundreds of
# parameter tensors, many of them small (biases, normalisation scales).
#
# Every tensor operation pays a fixed price before any arithmetic: the Python call,
# checking the arguments, dispatching to the kernel for this device and data type,
# allocating the result (and on a GPU, launching the kernel). For a tensor of a few
# hundred numbers that overhead outweighs the arithmetic, so a loop over parameters
# costs in proportion to the *number of tensors*, not of numbers.
#
# PyTorch has two ways around this. The `torch._foreach_*` operations take *lists* of
# tensors: `torch._foreach_mul_(vs, beta1)` scales every first moment in one call, so
# a whole Adam step is a handful of calls however many tensors the model has.
# `torch.optim.Adam(foreach=True)` works like that, and so does `d2l.foreach_adam`,
# our `adam` rewritten with these operations (same arguments, states and result).
# `fused=True` goes further: one kernel reads each parameter, its gradient and both
# moments once and writes the new values, instead of one pass over memory per
# operation.
#
# We time one step, the update and clearing the gradients, on the parameters of a
# narrow MLP with 50 linear layers, whose gradients are fixed random numbers, on a
# single CPU thread: splitting tensors this small across threads can cost more than
# it saves, and we want to see the overhead per operation, not thread scheduling.
# First, all versions must compute the same thing.

# %%
def many_small_tensors(depth=50, width=16):
    """Weights and biases of a deep, narrow MLP, each with a random gradient."""
    generator = torch.Generator().manual_seed(0)  # leaves the global seed alone
    params = []
    for _ in range(depth):
        for shape in [(width, width), (width,)]:
            p = torch.randn(shape, generator=generator).requires_grad_()
            p.grad = torch.randn(shape, generator=generator)
            params.append(p)
    return params


def from_scratch(trainer):
    """A step function for an optimizer with our (params, states, hyperparams) call."""
    def build(params):
        states, hyperparams = d2l.init_foreach_states(params), {'lr': 0.01, 't': 1}
        return lambda: trainer(params, states, hyperparams)
    return build


def torch_adam(**how):
    def build(params):
        optimizer = torch.optim.Adam(params, lr=0.01, eps=1e-6, **how)

        def step():
            optimizer.step()
            optimizer.zero_grad(set_to_none=False)
        return step
    return build


versions = {
    'adam (our loop)': from_scratch(d2l.adam),
    'd2l.foreach_adam': from_scratch(d2l.foreach_adam),
    'torch.optim.Adam(foreach=True)': torch_adam(foreach=True),
    'torch.optim.Adam(fused=True)': torch_adam(fused=True),
}

final = {}
for name, build in versions.items():
    params = many_small_tensors()
    step = build(params)
    for _ in range(3):
        step()
    final[name] = torch.cat([p.detach().flatten() for p in params])
gap = max((x - final['adam (our loop)']).abs().max().item() for x in final.values())
print(d2l.tr("{tensors} parameter tensors, {numbers} numbers; largest difference between "
             "the versions after 3 steps: {gap:.1e}", tensors=len(params),
             numbers=final['adam (our loop)'].numel(), gap=gap))


# %%
def seconds_per_step(steps, repeats=5, rounds=7):
    """Median time of one step of each version; they take turns, so load hits all alike."""
    for step in steps.values():
        step()  # warm-up
    times = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            for _ in range(repeats):
                step()
            times[name].append((time.perf_counter() - start) / repeats)
    return {name: sorted(t)[rounds // 2] for name, t in times.items()}


# %% tags=["timing"]
with d2l.one_thread():  # see above
    cost = seconds_per_step({name: build(many_small_tensors())
                             for name, build in versions.items()})
reference = cost['torch.optim.Adam(foreach=True)']
print(d2l.tr("one step, in microseconds and as a multiple of foreach=True:"))
for name, seconds in cost.items():
    print(d2l.tr("{version}: {us:.0f} us, {ratio:.2f}x", version=d2l.tr(name),
                 us=seconds * 1e6, ratio=seconds / reference))

# %% [markdown]
# Read the ratios rather than the microseconds: absolute times depend on the machine
# and on whatever else it is doing, while versions timed side by side keep their
# ratios far better. The loop pays the fixed overhead for every operation *and every
# tensor*; the foreach versions pay it once per operation for the whole list. On a
# CPU a foreach operation still works through the tensors one by one, so the fused
# kernel, which also skips the repeated passes over memory, can do better still. On a
# GPU, where each tiny kernel launch is comparatively expensive, the same reasoning
# applies with more force. None of this matters for the two parameters of our
# regression, which is why the lesson's code stays a plain loop; `d2l.foreach_adam` is
# there for models with many tensors.


# %% [markdown]
# ## References
#
# 1. <a id="ref-kingma-ba" name="ref-kingma-ba"></a>Diederik P. Kingma and Jimmy Ba.
#    *Adam: A Method for Stochastic Optimization.* ICLR, 2015.
#    [arXiv:1412.6980](https://arxiv.org/abs/1412.6980)
# 2. <a id="ref-zaheer" name="ref-zaheer"></a>Manzil Zaheer, Sashank J. Reddi,
#    Devendra Sachan, Satyen Kale and Sanjiv Kumar. *Adaptive Methods for Nonconvex
#    Optimization.* NeurIPS, 2018.
#    [proceedings](https://papers.nips.cc/paper/2018/hash/90365351ccc7437a1309dc64e4db32a3-Abstract.html)
# 3. <a id="ref-implementations" name="ref-implementations"></a>The implementations of
#    Yogi compared above:
#    [TF-Addons](https://www.tensorflow.org/addons/api_docs/python/tfa/optimizers/Yogi),
#    [optax](https://optax.readthedocs.io/en/latest/api/optimizers.html#optax.yogi) and
#    [torch-optimizer](https://github.com/jettify/pytorch-optimizer).
