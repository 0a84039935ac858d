# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Adam
#
# Adam is the optimizer most deep learning code reaches for first. It is not a
# new idea so much as a careful assembly of older ones, and seeing the parts
# separately is the quickest way to understand both what it does well and where
# it can go wrong. In this section we derive the update, build it from scratch,
# check it number by number against PyTorch's own `torch.optim.Adam`, and then
# look at Yogi, a small change to Adam that addresses one of its known weaknesses.

# %% [markdown]
# ## Where Adam comes from
#
# Each optimizer in this chapter contributed one idea that Adam keeps:
#
# * **Stochastic gradient descent** follows the gradient of a single example
#   instead of the whole dataset, trading exact directions for far cheaper steps.
# * **Minibatch SGD** averages the gradient over a small batch: less noise per
#   step, and vectorised arithmetic that keeps CPUs and GPUs busy.
# * **Momentum** keeps a running average of past gradients, so consistent
#   directions build up speed while oscillating ones cancel out.
# * **AdaGrad** gives every coordinate its own step size by dividing by the
#   root of the accumulated squared gradients, a cheap diagonal preconditioner.
# * **RMSProp** replaces AdaGrad's ever-growing sum with a leaky average, so the
#   per-coordinate scale tracks recent gradients and the step size does not
#   shrink to nothing.
#
# Adam ([Kingma & Ba, 2015](#ref-kingma-ba)) combines momentum with RMSProp's
# per-coordinate scaling and adds a correction for the way both averages start.
# It became a default because it works well with little tuning. It is not
# flawless: [Reddi, Kale & Kumar (2018)](#ref-reddi) built a simple convex
# problem on which Adam does not converge to the optimum, because its estimate of
# the gradient scale can forget large, rare gradients too quickly.
# [Zaheer et al. (2018)](#ref-zaheer) proposed Yogi, which changes only how that
# scale estimate is updated.

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

# %% [markdown]
# ## The algorithm
#
# Let $\mathbf{g}_t$ be the minibatch gradient at step $t$. Adam keeps two
# exponentially weighted moving averages (EWMAs) per parameter, one of the
# gradient and one of its elementwise square:
#
# $$\mathbf{v}_t = \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1)\, \mathbf{g}_t, \tag{1}$$
#
# $$\mathbf{s}_t = \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2. \tag{2}$$
#
# The first is momentum's velocity; the second is RMSProp's scale. The usual
# weights are $\beta_1 = 0.9$ and $\beta_2 = 0.999$, so $\mathbf{v}_t$ averages
# over roughly the last $1/(1-\beta_1) = 10$ steps while $\mathbf{s}_t$ averages
# over roughly the last $1000$: the scale estimate moves much more slowly than
# the direction estimate.
#
# ### Why the averages start out too small
#
# Both averages start at zero, $\mathbf{v}_0 = \mathbf{s}_0 = \mathbf{0}$, because
# we know nothing yet. Unrolling (1) from that start gives a weighted sum of the
# $t$ gradients seen so far:
#
# $$\mathbf{v}_t = (1 - \beta_1) \sum_{i=0}^{t-1} \beta_1^{i}\, \mathbf{g}_{t-i}. \tag{3}$$
#
# Suppose every gradient were the same vector $\mathbf{g}$. A good average should
# then return $\mathbf{g}$, but (3) returns $\mathbf{g}$ times the sum of its
# weights, and the weights are a finite geometric series with exactly $t$ terms:
#
# $$(1 - \beta) \sum_{i=0}^{t-1} \beta^{i} = 1 - \beta^{t}. \tag{4}$$
#
# (The sum runs from $i = 0$ to $t - 1$; letting it run to $t$ would count one
# gradient that does not exist and give $1 - \beta^{t+1}$.) The weights of an EWMA
# that starts at zero add up to $1 - \beta^t$, not to $1$, so early on the average
# is shrunk towards zero. Dividing by the total weight removes the shrinkage:
#
# $$\hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 - \beta_1^t}, \qquad
#   \hat{\mathbf{s}}_t = \frac{\mathbf{s}_t}{1 - \beta_2^t}. \tag{5}$$
#
# Let us watch this happen for a signal that is constantly $1$.

# %%
def ewma(signal, beta):
    """Zero-started EWMA of a 1-D signal, one value per step, as in (1) and (2)."""
    average, history = 0.0, []
    for x in signal:
        average = beta * average + (1 - beta) * x
        history.append(average)
    return torch.tensor(history)


# %% [markdown]
# On the left are the raw averages (1) and (2) and their corrected versions (5).
# On the right is what matters for the update below: the ratio
# $\mathbf{v}_t / \sqrt{\mathbf{s}_t}$, which sets the size of Adam's step. For a
# constant gradient it should be $1$.

# %% tags=["figure:bias_correction"]
ts = torch.arange(1, 51)
v, s = ewma(torch.ones(50), 0.9), ewma(torch.ones(50), 0.999)
v_hat, s_hat = v / (1 - 0.9 ** ts), s / (1 - 0.999 ** ts)
raw_ratio = v / s.sqrt()

fig, (left, right) = d2l.plt.subplots(1, 2, figsize=(8, 3), facecolor='white')
left.plot(ts, v, lw=2, label=r'$v_t$, $\beta_1 = 0.9$')
left.plot(ts, s, lw=2, label=r'$s_t$, $\beta_2 = 0.999$')
left.plot(ts, s_hat, color='0.75', lw=5, label=r'$\hat s_t$')
left.plot(ts, v_hat, 'k--', lw=2, label=r'$\hat v_t$')
left.set(xlabel='step $t$', ylabel='average of a constant 1', ylim=(0, 1.15))
right.plot(ts, raw_ratio, lw=2, color='C3', label=r'$v_t / \sqrt{s_t}$')
right.plot(ts, v_hat / s_hat.sqrt(), 'k--', lw=2, label=r'$\hat v_t / \sqrt{\hat s_t}$')
right.set(xlabel='step $t$', ylabel=r'step size in units of $\eta$', ylim=(0, 7.5))
left.legend(loc='center right')
right.legend(loc='lower right', bbox_to_anchor=(1, 0.2))
for ax in (left, right):
    ax.grid(alpha=0.3)
fig.tight_layout()

peak = int(raw_ratio.argmax())
print(f"uncorrected step: {raw_ratio[0]:.2f} at t = 1, largest {raw_ratio[peak]:.2f} "
      f"at t = {peak + 1}, still {raw_ratio[-1]:.2f} at t = {len(ts)}")

# %% [markdown]
# The slow average $s_t$ is the one that suffers: after fifty steps it has barely
# left zero. Because $s_t$ sits under a square root in the denominator, an
# uncorrected Adam would take its first steps several times larger than intended
# (the printout gives the factors), just when the parameters are furthest from
# anything sensible. With the correction both averages are exactly $1$ from the
# first step, and so is the ratio.
#
# ### The update
#
# With the corrected moments, Adam rescales the gradient much as RMSProp does,
# but it uses the momentum $\hat{\mathbf{v}}_t$ instead of the raw gradient:
#
# $$\mathbf{g}_t' = \frac{\eta\, \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon},
#   \tag{6}$$
#
# $$\mathbf{x}_t = \mathbf{x}_{t-1} - \mathbf{g}_t'. \tag{7}$$
#
# Everything is elementwise, so every coordinate gets its own step. When the
# gradient of a coordinate is steady, $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$
# is close to $\pm 1$ and the step is close to $\eta$; when it is noisy, the
# positive and negative gradients cancel in $\hat{\mathbf{v}}_t$ but not in
# $\hat{\mathbf{s}}_t$, and the step shrinks. A useful rule of thumb follows:
# whatever the scale of the loss, Adam typically moves each coordinate by at
# most about $\eta$ per step. Multiplying the loss by $100$ multiplies $\hat{\mathbf{v}}_t$
# and $\sqrt{\hat{\mathbf{s}}_t}$ by $100$ and, apart from $\epsilon$, leaves the
# step unchanged.
#
# ### Where ε goes, and why
#
# The constant $\epsilon$ (we use $10^{-6}$) only guards against division by
# zero. In (6) it is added *after* the square root. In the RMSProp section we
# divided by $\sqrt{\mathbf{s}_t + \epsilon}$ instead, with $\epsilon$ *inside* the
# root. (PyTorch's `torch.optim.RMSprop`, like Adam, adds it outside; the
# difference is between formulas, not between the two algorithms' essence.)
# The placement decides how small a gradient can be before $\epsilon$ starts to
# distort the step. Outside the root, $\epsilon$ competes with $\sqrt{s}$, a
# quantity on the scale of the gradient itself; inside, it competes with $s$, on
# the scale of the *squared* gradient, so it takes over much sooner. For a steady
# gradient $g$, the step in units of $\eta$ is $g/(|g| + \epsilon)$ with $\epsilon$
# outside and $g/\sqrt{g^2 + \epsilon}$ with $\epsilon$ inside:

# %%
eps, rows = 1e-6, []
for g in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
    outside = g / (abs(g) + eps)
    inside = g / math.sqrt(g ** 2 + eps)
    rows.append(f"g = {g:.0e}:   eps outside the root {outside:.4f},   inside {inside:.4f}")
print("\n".join(rows))

# %% [markdown]
# With $\epsilon$ outside, the step keeps its intended size until gradients are
# nearly as small as $\epsilon$ itself; with it inside, small gradients get small
# steps much earlier, as they would in plain SGD. Adam's choice keeps the scale
# invariance described above over a much wider range, which is what makes
# $\epsilon = 10^{-6}$ (or PyTorch's default $10^{-8}$) safe to ignore in most
# problems.

# %% [markdown]
# ## Watch Adam move
#
# The earlier sections of this chapter traced gradient descent, momentum and
# RMSProp on the same small problem, $f(x_1, x_2) = 0.1 x_1^2 + 2 x_2^2$, from the
# same start, $(-5, -2)$. The valley of $f$ lies along the $x_1$ axis: its walls in
# the $x_2$ direction curve twenty times as sharply as its floor. Let us put Adam on
# the same problem, next to the other three, and check the rule of thumb from (6)
# against the moves it really makes.
#
# We follow the book's convention for these pictures: a 2-D trainer takes the point
# $(x_1, x_2)$ and one state per coordinate, and returns the next point and the new
# states; `d2l.train_2d` starts every state at $0$, calls the trainer 20 times from
# $(-5, -2)$ and prints where it ended. Two small changes make the trainers reusable
# further down. Each receives the gradient as a function `f_grad`, as in the section
# on gradient descent, so the same trainer can run on another problem. And its
# hyperparameters are keyword arguments whose defaults are the values the book used
# in each section, instead of global variables: `d2l.train_2d(momentum_2d,
# f_grad=f_2d_grad)` redraws the book's picture, a variation is spelled
# `functools.partial(adam_2d, eps=1.0)`, and no setting leaks from one cell into the
# next.

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
# Adam needs more state per coordinate: the two averages $v$ and $s$, and for the
# bias correction (5) the step counter $t$. Since (5) uses $t$ only in the powers
# $\beta_1^t$ and $\beta_2^t$, we carry those powers instead of $t$ and multiply
# each by its $\beta$ at every step. The state of a coordinate is then
# $(v, s, \beta_1^t, \beta_2^t)$, and `train_2d`'s starting $0$ stands for "no step
# yet": $v = s = 0$ and $\beta^0 = 1$. Our airfoil `adam` below keeps $t$ in
# `hyperparams` instead, and every run there has to start with a fresh `{'t': 1}`.
# Here the trainer gets everything it needs from its arguments, so it is a plain
# function of them: calling it twice with the same arguments gives the same step,
# and a path can start anywhere, at any time, with nothing to reset. And the powers
# come from plain multiplications, which Python and JavaScript round identically,
# while their power functions disagree in the last bit for some $\beta$ and $t$: the
# web version of this page recomputes these paths in JavaScript and gets the same
# numbers. The price is that each coordinate stores its own copy of the powers.
#
# Since everything in Adam is elementwise, a 2-D Adam is two 1-D Adams that share
# only the settings. `adam_1d` is (1) to (7) for a single number; two switches,
# used in the experiments below, turn off the bias correction and move $\epsilon$
# inside the root, where RMSProp has it.

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
# Which $\eta$ for Adam? We give it the same $\eta = 0.4$ as the other three, so
# that one number describes the whole figure (and one slider, in an explorer, can
# move all four). It does not mean the same thing, though. For gradient descent,
# $\eta$ multiplies the gradient; for Adam it is, by the rule of thumb, about how
# far each coordinate moves per step. With $0.4$ Adam needs about a dozen steps to
# cover the five units from $x_1 = -5$ to the minimum, well inside the book's 20.
# The four paths, each with the settings of its own section:

# %% tags=["figure:adam_trace"]
trainers = {'gradient descent': gd_2d, 'momentum': momentum_2d,
            'RMSProp': rmsprop_2d, 'Adam': adam_2d}
titles = [r'gradient descent, $\eta = 0.4$', r'momentum, $\eta = 0.4$, $\beta = 0.5$',
          r'RMSProp, $\eta = 0.4$, $\gamma = 0.9$', r'Adam, $\eta = 0.4$']
fig, axes = d2l.plt.subplots(2, 2, figsize=(7, 4.6), sharex=True, sharey=True)
traces = {}
for ax, title, (name, trainer) in zip(axes.flat, titles, trainers.items()):
    print(f'{name:17s}', end='')
    traces[name] = d2l.train_2d(trainer, f_grad=f_2d_grad)
    d2l.show_trace_2d(f_2d, traces[name], ax=ax, title=title)
    ax.label_outer()
fig.tight_layout()


# %% [markdown]
# The end points printed for gradient descent and RMSProp are the ones the book
# prints (in its sections on momentum and on RMSProp); momentum with $\eta = 0.4$,
# $\beta = 0.5$ is the setting of the book's first edition (the current one shows
# $\eta = 0.6$, where gradient descent diverges). To see what each method does with
# the gradient, compare the gradient at the start with the first few moves
# $(\Delta x_1, \Delta x_2)$ along each path:

# %%
def moves(results):
    """The moves (dx1, dx2) from each point of a path to the next."""
    return [(b1 - a1, b2 - a2) for (a1, a2), (b1, b2) in zip(results, results[1:])]


g1, g2 = f_2d_grad(-5, -2)
print(f"gradient at the start: ({g1:g}, {g2:g}); the first four moves (dx1, dx2):")
for name, results in traces.items():
    print(f"{name:17s}" + "  ".join(f"({d1:+.2f}, {d2:+.2f})"
                                     for d1, d2 in moves(results)[:4]))

# %% [markdown]
# At the start the gradient is $(-1, -8)$: the wall is eight times steeper than the
# floor. **Gradient descent follows the gradient**: its first move is $-\eta$ times
# it, eight times longer in $x_2$ than in $x_1$, so it jumps across the valley and
# zigzags, while it creeps along the floor, by a move that shrinks with the gradient
# $0.2\,x_1$. Momentum starts the same way, then the velocity builds up along $x_1$
# and the zigzag damps out. **Adam moves each coordinate by almost exactly
# $\eta = 0.4$**: the ratio $\hat v_t / \sqrt{\hat s_t}$ is $\pm 1$ for a gradient
# that has not changed yet, whatever its size, so its first moves are diagonal, as
# far along the floor as across the wall. That is per-coordinate scaling at work,
# and it is why Adam's path starts as a straight diagonal line instead of a zigzag.
# Its momentum ($\beta_1 = 0.9$, a memory of about ten steps) then carries it over
# the floor of the valley and past the minimum: it is still
# moving right at step 20, where the printout finds it at $x_1 \approx 1$, and turns
# around a few steps later.
#
# RMSProp scales per coordinate too, and its first move is diagonal as well, but
# $3.16$ times longer than $\eta$: it has no bias correction, so its first $s$ is
# $(1 - \gamma)\,g^2$ and its step $\eta / \sqrt{1 - \gamma} = 1.26$. Hold that
# number in mind.
#
# ### Three experiments for a class
#
# **Bias correction off.** The figure in the section on bias correction said that
# without the correction, at $\beta_2 = 0.999$, the first steps are several times too
# large. On the 2-D problem:

# %%
no_correction = functools.partial(adam_2d, bias_correction=False)
for name, trainer in {'corrected': adam_2d, 'not corrected': no_correction}.items():
    print(f'{name:14s}', end='')
    results = d2l.train_2d(trainer, f_grad=f_2d_grad)
    sizes = [max(abs(d1), abs(d2)) for d1, d2 in moves(results)]
    print(f"{'':14s}first moves, the larger of |dx1| and |dx2|: "
          + ", ".join(f"{size:.2f}" for size in sizes[:5])
          + f"; x1 gets as far as {max(x1 for x1, _ in results):.2f}")

# %% [markdown]
# Without the correction the first move is $1.26$, that is $3.16\,\eta$: at $t = 1$,
# $v_1 / \sqrt{s_1} = (1 - \beta_1)\,g / (\sqrt{1 - \beta_2}\,|g|) = 0.1 / 0.0316$,
# the factor printed under the bias-correction figure, and by coincidence RMSProp's
# factor too. The next moves are longer still, up to $1.82$ at the third step,
# because $s_t$ grows far more slowly than $v_t$; the path flies past the minimum to
# $x_1 \approx 3.2$ before it turns back. With the correction no move is longer
# than $0.40$.
#
# **The valley turned by 45°.** Per-coordinate scaling helps when the directions
# that need different step sizes are the coordinate axes. Turn the same quadratic by
# $45°$, so that its floor runs along the diagonal $x_2 = -x_1$:
# $f(x_1, x_2) = 0.05 (x_1 - x_2)^2 + (x_1 + x_2)^2$, started from the book's start
# turned with it, $(-3.5\sqrt 2, 1.5\sqrt 2) \approx (-4.95, 2.12)$. Now both
# coordinates see a steep wall: at the start the gradient is about $(-6.4, -4.9)$,
# and Adam's diagonal move of $(\eta, \eta)$ goes straight across the valley instead
# of partly along it. Momentum only adds up gradients, which turn with the problem,
# so its path turns with it. `d2l.optimizer_paths` runs our trainers on either problem from
# its start (it is what the path explorer calls); we print how far each method
# still has to go along the floor of the valley, which starts at $-5$ in both:

# %%
along_the_floor = {'quadratic': lambda x1, x2: x1,
                   'rotated': lambda x1, x2: (x1 - x2) / math.sqrt(2)}
print(f"{'position along the floor after':41s}" + "".join(f"{k:>6d}" for k in (5, 10, 20, 40))
      + "  steps")
for problem, along in along_the_floor.items():
    paths = d2l.optimizer_paths({'momentum': momentum_2d, 'Adam': adam_2d}, problem, steps=40)
    for name, path in paths.items():
        print(f"{name:9s} on {d2l.PROBLEMS_2D[problem].title:28s}"
              + "".join(f"{along(*path.points[k]):6.2f}" for k in (5, 10, 20, 40)))

# %% [markdown]
# Momentum's numbers are the same to the last digit on both problems: turned
# problem, turned path. Adam loses its head start: on the book's problem it is at
# $-1.20$ after ten steps, on the turned one still at $-4.30$, having spent those
# steps crossing the valley instead of going along it. Here is the turned valley:

# %%
rotated = d2l.PROBLEMS_2D['rotated']
paths = d2l.optimizer_paths({'momentum': momentum_2d, 'Adam': adam_2d}, 'rotated', steps=40)
fig, axes = d2l.plt.subplots(1, 2, figsize=(7, 3), sharex=True, sharey=True)
for ax, (name, path) in zip(axes, paths.items()):
    d2l.show_trace_2d(rotated.f, path.points, ax=ax, window=rotated.window,
                      levels=rotated.levels, title=f'{name}, 40 steps')
    ax.set_aspect('equal')  # so that 45 degrees look like 45 degrees
    ax.label_outer()
fig.tight_layout()

# %% [markdown]
# **A huge ε.** In (6), $\epsilon$ sits next to $\sqrt{\hat s_t}$. When it is much
# larger, the denominator is about $\epsilon$ for every coordinate, each coordinate
# gets the same learning rate $\eta / \epsilon$, and what is left is momentum (with
# its bias correction). We print each coordinate's learning rate,
# $\eta / (\sqrt{\hat s_t} + \epsilon)$, after ten steps:

# %%
print(f"{'eps':>8s}{'rate of x1':>12s}{'rate of x2':>12s}{'ratio':>8s}")
for eps in [1e-6, 1e-2, 1.0, 100.0]:
    x1, x2, state1, state2 = -5, -2, 0, 0
    for _ in range(10):
        x1, x2, state1, state2 = adam_2d(x1, x2, state1, state2, f_2d_grad, eps=eps)
    rate1, rate2 = (0.4 / (math.sqrt(s / (1 - beta2_t)) + eps)
                    for v, s, beta1_t, beta2_t in (state1, state2))
    print(f"{eps:8g}{rate1:12.4f}{rate2:12.4f}{rate1 / rate2:8.2f}")

# %% [markdown]
# With a small $\epsilon$, $x_1$ moves with a learning rate almost six times that of
# $x_2$, because its gradients have been that much smaller: that is the
# per-coordinate scaling. On this problem $\epsilon = 1$ only gets halfway, because
# the gradients here are of order $1$ to $8$, as large as $\epsilon$ itself; the
# ratio falls to under three. At $\epsilon = 100$ both coordinates share one
# learning rate to within a few percent, about $\eta/\epsilon$: Adam has turned into
# momentum, and a slow one, unless $\eta$ grows with $\epsilon$. What counts as a
# "huge" $\epsilon$ depends on the size of the gradients, which is why the explorer
# further down, on the airfoil data, where $\sqrt{\hat s}$ is well below $1$,
# already turns Adam into momentum at $\epsilon = 1$.
#
# How exactly momentum? Without the bias correction, $v_t$ is a weighted average of
# the gradients where momentum's velocity is their weighted sum, with the same weights
# $\beta^k$ if $\beta_1 = \beta$: $v_t$ is $(1 - \beta_1)$ times the velocity. With
# $\epsilon$ far above $\sqrt{s_t}$, Adam's step $\eta\, v_t / (\sqrt{s_t} + \epsilon)$
# is then about $\eta (1 - \beta_1) / \epsilon$ times the velocity. So Adam with
# $\beta_1 = 0.5$, $\eta = 0.8\,\epsilon$ and no bias correction should retrace the
# momentum path of our figure ($\beta = 0.5$, $\eta = 0.4$), the more closely the
# larger $\epsilon$. How far does its path ever get from momentum's in 20 steps?

# %%
momentum_path = d2l.optimizer_paths({'momentum': momentum_2d})['momentum'].points
for eps in [1.0, 100.0]:
    adam_path = d2l.optimizer_paths({'Adam': adam_2d}, eta=0.8 * eps, beta1=0.5, eps=eps,
                                    bias_correction=False)['Adam'].points
    gap = max(math.dist(p, q) for p, q in zip(adam_path, momentum_path, strict=True))
    print(f"eps = {eps:5g}, eta = {0.8 * eps:4g}: "
          f"largest distance from momentum's path {gap:.4f}")

# %% [markdown]
# At $\epsilon = 1$ the two paths part by $0.71$; at $\epsilon = 100$ they never differ
# by more than $0.0081$, less than the width of a line in the figures: Adam has turned
# into momentum.
#
# ### The path explorer
#
# The explorer below puts all of this under your hands. It runs our four trainers,
# `gd_2d`, `momentum_2d`, `rmsprop_2d` and `adam_2d`, through `d2l.optimizer_paths` and
# draws their paths over the contours of one of three problems: the book's quadratic,
# the same quadratic turned by $45°$, and a narrow curved valley (Rosenbrock's
# function, scaled to the same window), where every method crawls along the floor.
#
# * The sliders set $\eta$, which every method gets, the number of steps (up to 200),
#   and Adam's $\beta_1$, $\beta_2$ and $\epsilon$; gradient descent, momentum and
#   RMSProp keep the settings of their own sections. $\eta$ and $\epsilon$ move on a
#   logarithmic scale, $\beta_2$ by its number of nines.
# * Two switches change Adam itself: one turns off the bias correction, the other moves
#   $\epsilon$ inside the root, where RMSProp has it.
# * Click on the plot, or drag, to start the paths somewhere else; the checkboxes
#   choose which methods are drawn. Under the plot, each path's first move and where
#   it ends, or the step at which it left the plot far behind.
# * The buttons replay the three experiments above. *Bias correction off* shows Adam
#   without it next to RMSProp: both start with the same long diagonal move, and
#   Adam's next ones grow (the $1.26, 1.67, 1.82$ printed above). *Valley turned by
#   45°* puts momentum and Adam on the turned problem for 40 steps: Adam crosses the
#   valley before it can go along it. *ε = 100* sets $\epsilon = 100$, $\eta = 80$,
#   $\beta_1 = 0.5$ and no bias correction: Adam then lies on the momentum path of the
#   figure at the top of this section, which *reset* brings back.
#
# From there it is worth trying, with a class, what the printouts cannot show: make
# $\epsilon$ smaller step by step and watch Adam leave the momentum path; move the
# start of the turned problem onto the floor of its valley; give the curved valley 200
# steps and see which method gets furthest along it. Since the explorer calls the
# functions above, an edit of `adam_2d` (run its cell, then this one) shows up here.

# %% tags=["paths_explorer"]
d2l.explore_paths({'gradient descent': gd_2d, 'momentum': momentum_2d,
                   'RMSProp': rmsprop_2d, 'Adam': adam_2d})

# %% [markdown]
# *On the exported web page there is no Python kernel: there the explorer reruns a
# JavaScript copy of the four trainers in your browser, in double precision like
# Python, and the tests check that it draws the kernel's paths to $10^{-12}$. The
# address follows the sliders, so a link brings a reader to the setting you see.*

# %% [markdown]
# ## Implementation from scratch
#
# Following the convention of this chapter, an optimizer is a function that
# updates a list of parameters in place, given its state and a dictionary of
# hyperparameters. Adam's state is one pair $(\mathbf{v}, \mathbf{s})$ per
# parameter, both starting at zero.

# %%
def init_adam_states(feature_dim):  #@save
    """One pair (v, s) of zero tensors for each parameter: first w, then b."""
    v_w, s_w = torch.zeros((feature_dim, 1)), torch.zeros((feature_dim, 1))
    v_b, s_b = torch.zeros(1), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


# %% [markdown]
# The step counter $t$ that the bias correction (5) needs is shared by all
# parameters, so it lives in `hyperparams` and the function advances it after
# each step. We also read $\beta_1$, $\beta_2$ and $\epsilon$ from `hyperparams`,
# with the usual defaults, so that they can be changed without editing the code.
# The comments point at the equations each line implements.

# %%
def adam(params, states, hyperparams):  #@save
    """One Adam step (1)-(7) for every parameter, in place; then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-6)
    t = hyperparams['t']
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad        # (1)
            s[:] = beta2 * s + (1 - beta2) * p.grad ** 2   # (2)
            v_hat = v / (1 - beta1 ** t)                   # (5)
            s_hat = s / (1 - beta2 ** t)                   # (5)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)  # (6), (7)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# We train the same linear regression on the airfoil data as for the other
# optimizers in this chapter, with a learning rate of $\eta = 0.01$. The curve
# shows the loss on the whole dataset as training proceeds; the line below it
# gives the final loss and the time per epoch on this machine.

# %% tags=["figure:adam_scratch"]
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
times, losses = d2l.train_ch11(adam, init_adam_states(feature_dim),
                               {'lr': 0.01, 't': 1}, data_iter, feature_dim)


# %% [markdown]
# ## Trust, but verify
#
# A loss curve that goes down is weak evidence that an optimizer is right: a
# misplaced $\epsilon$ or a step counter that never advances still trains this
# easy problem. A much stronger check is to run our `adam` and
# `torch.optim.Adam` side by side, from the same starting point on the same
# minibatches, and compare the parameters after every step. PyTorch defaults to
# $\epsilon = 10^{-8}$, so we pass our $10^{-6}$ explicitly.

# %%
def minibatch_loss(X, y, w, b):
    return d2l.squared_loss(d2l.linreg(X, w, b), y).mean()


problem = d2l.make_problem(data_iter, seed=0)  # the start and minibatches of the run above
ours = [problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)]
theirs = [p.detach().clone().requires_grad_() for p in ours]
states, hyperparams = init_adam_states(feature_dim), {'lr': 0.01, 't': 1}
reference = torch.optim.Adam(theirs, lr=0.01, eps=1e-6)
largest, steps = 0.0, 0
for batches in problem.schedule.epochs:
    for X, y in batches:
        minibatch_loss(X, y, *ours).backward()
        adam(ours, states, hyperparams)
        reference.zero_grad()
        minibatch_loss(X, y, *theirs).backward()
        reference.step()
        steps += 1
        with torch.no_grad():
            largest = max([largest] + [(p - q).abs().max().item()
                                       for p, q in zip(ours, theirs)])
print(f"{steps} steps, largest parameter difference: {largest:.2e} "
      f"(float32 spacing near 1: {torch.finfo(torch.float32).eps:.2e})")
assert largest <= 1e-6, f"our adam drifted from torch.optim.Adam by {largest:.2e}"

# %% [markdown]
# Over every step of two epochs the two optimizers never differ by more than the
# printed amount, a rounding step or two of `float32` (the spacing between
# neighbouring `float32` numbers near 1 is printed next to it). PyTorch arranges
# the arithmetic of (5) and (6) in a different order, which is enough to change
# the last bit now and then, but the two implementations compute the same
# algorithm. The `assert` makes the check permanent: if you edit `adam` and break
# it, this cell fails.

# %% [markdown]
# ## Concise implementation
#
# In practice we use the built-in optimizer and only pass the hyperparameters.
# The training helper for built-in optimizers uses `torch.nn.Linear`, trains for
# four epochs instead of two, and keeps PyTorch's default $\epsilon = 10^{-8}$,
# so its curve is not the same as the one above; only its final loss should
# land close to it.

# %% tags=["figure:adam_concise"]
trainer = torch.optim.Adam
times, losses = d2l.train_concise_ch11(trainer, {'lr': 0.01}, data_iter)

# %% [markdown]
# ## Yogi
#
# Subtracting $\mathbf{s}_{t-1}$ from both sides of (2) shows that Adam's scale
# estimate moves towards the newest squared gradient by a fixed fraction of the
# gap between them:
#
# $$\mathbf{s}_t = \mathbf{s}_{t-1} + (1 - \beta_2)
#   \left(\mathbf{g}_t^2 - \mathbf{s}_{t-1}\right). \tag{8}$$
#
# The size of the change is proportional to the gap. After a burst of large
# gradients, $\mathbf{s}$ is large; when the gradients then become small (or are
# zero most of the time, as for rarely seen features), each step removes the
# fraction $1 - \beta_2$ of what is left, so $\mathbf{s}$ decays geometrically.
# The effective learning rate $\eta / \sqrt{\mathbf{s}_t}$ grows just as fast, and
# the next large gradient meets an optimizer that has forgotten how large
# gradients can be. This is the mechanism behind the non-convergence example of
# [Reddi, Kale & Kumar (2018)](#ref-reddi).
#
# Yogi ([Zaheer et al., 2018](#ref-zaheer)) keeps the direction of the move but
# not its size: $\mathbf{g}_t^2 - \mathbf{s}_{t-1}$ is replaced by
# $\mathbf{g}_t^2 \odot \operatorname{sgn}(\mathbf{g}_t^2 - \mathbf{s}_{t-1})$,
#
# $$\mathbf{s}_t = \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2 \odot
#   \operatorname{sgn}\!\left(\mathbf{g}_t^2 - \mathbf{s}_{t-1}\right). \tag{9}$$
#
# When the new squared gradient is much larger than $\mathbf{s}$, the two rules
# agree: both add about $(1 - \beta_2)\,\mathbf{g}_t^2$. When it is smaller,
# Adam subtracts $(1 - \beta_2)(\mathbf{s}_{t-1} - \mathbf{g}_t^2)$, which is large
# when $\mathbf{s}$ is large, while Yogi subtracts only
# $(1 - \beta_2)\,\mathbf{g}_t^2$, which is small when the gradient is small.
# The scale estimate can still come down, but only additively, so the effective
# learning rate can only creep up. Here is a quiet spell after a burst: $s$ starts at
# $1$ and the squared gradients are $10^{-4}$ from then on.

# %%
beta2, quiet_g2, n = 0.999, torch.tensor(1e-4), 5000
s_adam = s_yogi = torch.tensor(1.0)
gain_adam, gain_yogi = [], []
for _ in range(n):
    s_adam = s_adam + (1 - beta2) * (quiet_g2 - s_adam)
    s_yogi = s_yogi + (1 - beta2) * torch.sign(quiet_g2 - s_yogi) * quiet_g2
    gain_adam.append(float(1 / s_adam.sqrt()))
    gain_yogi.append(float(1 / s_yogi.sqrt()))
d2l.plot(torch.arange(1, n + 1), [gain_adam, gain_yogi], 'quiet steps',
         'effective learning rate / start', legend=['Adam, (8)', 'Yogi, (9)'],
         figsize=(5, 3))
d2l.plt.tight_layout()
print(f"after {n} quiet steps the effective learning rate has grown "
      f"{gain_adam[-1]:.1f}x under Adam and {gain_yogi[-1]:.4f}x under Yogi")

# %% [markdown]
# In code, Yogi differs from our `adam` in the single line that updates `s`.
# Its customary $\epsilon$ is larger, $10^{-3}$, the default of the reference
# implementations discussed below. By the table in the section on $\epsilon$, a
# larger value gives coordinates with gradients below about $\epsilon$ smaller,
# SGD-like steps: it trades a little adaptivity for stability.

# %%
def yogi(params, states, hyperparams):  #@save
    """One Yogi step: Adam with the additive, sign-based s update (9); then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-3)
    t = hyperparams['t']
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            g2 = p.grad ** 2
            v[:] = beta1 * v + (1 - beta1) * p.grad              # (1)
            s[:] = s + (1 - beta2) * torch.sign(g2 - s) * g2     # (9)
            v_hat = v / (1 - beta1 ** t)                         # (5)
            s_hat = s / (1 - beta2 ** t)                         # (5)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)  # (6), (7)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# Trained with the same learning rate and the same states as Adam:

# %% tags=["figure:yogi"]
times, losses = d2l.train_ch11(yogi, init_adam_states(feature_dim),
                               {'lr': 0.01, 't': 1}, data_iter, feature_dim)


# %% [markdown]
# On this small, well-behaved problem Yogi and Adam end up in the same place;
# Yogi's advantage shows on problems with rare, large gradients, not here.
#
# ### How our Yogi differs from the reference implementations
#
# Our `yogi` is the update (9) grafted onto our `adam`, and it inherits two
# choices that are worth stating plainly. We compared it with three widely used
# implementations of Yogi: TF-Addons' `Yogi`, optax's `yogi` and
# torch-optimizer's `Yogi`.
#
# * **Starting values.** Ours starts both moments at zero. All three references
#   start the accumulators at $10^{-6}$ instead: optax and torch-optimizer both
#   moments, TF-Addons only $\mathbf{s}$.
# * **Bias correction.** Ours divides by $1 - \beta^t$ as in (5), and so do optax
#   and torch-optimizer. TF-Addons folds the same factors into the learning rate,
#   $\eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)$, which is equivalent except that its
#   $\epsilon$ is effectively divided by $\sqrt{1-\beta_2^t}$ and so larger
#   during the first few thousand steps. Note that the argument behind (5),
#   the geometric series (4), is about an EWMA that starts at zero. Yogi's
#   $\mathbf{s}$ is not an EWMA (and in the references it does not start at
#   zero either), so for Yogi the correction is a borrowed heuristic; Exercise 8
#   asks how good it is.
# * **Defaults.** Our $\epsilon = 10^{-3}$ matches all three, and our
#   $\eta = 0.01$ matches the defaults of TF-Addons and torch-optimizer (optax
#   has no default learning rate).
#
# So the difference that remains is the starting value. Here are both versions
# on the same data, from the same starting weights and on the same minibatches:

# %%
def init_yogi_states(feature_dim, initial=1e-6):
    """Like init_adam_states, but both moments start at `initial`, as in optax
    and torch-optimizer."""
    return tuple((torch.full_like(v, initial), torch.full_like(s, initial))
                 for v, s in init_adam_states(feature_dim))


# %%
runs = {'moments start at 0 (ours)': init_adam_states(feature_dim),
        'moments start at 1e-6 (references)': init_yogi_states(feature_dim)}
final_w, report = [], []
for name, states in runs.items():
    w, b = problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)
    curve = d2l.scratch_run(yogi, states, {'lr': 0.01, 't': 1}, problem.schedule, w, b)
    final_w.append(w.detach())
    report.append(f"Yogi, {name:36s} final loss: {curve.final:.4f}")
report.append(f"largest difference between the final weights: "
              f"{(final_w[0] - final_w[1]).abs().max():.1e}")
print("\n".join(report))

# %% [markdown]
# The starting value hardly matters here: the squared gradients of this problem
# are far larger than $10^{-6}$, so from the first step on the accumulators are
# dominated by the data. It can only make a difference for coordinates whose
# gradients are around $10^{-3}$ or smaller, where $\mathbf{g}_t^2$ is comparable
# to $10^{-6}$, and there $\epsilon = 10^{-3}$ is as large as
# $\sqrt{\hat{\mathbf{s}}_t}$ and shapes the step at least as much.

# %% [markdown]
# ## Exploring the hyperparameters
#
# Adam has four numbers to choose: the learning rate $\eta$, the two decay
# rates $\beta_1$ and $\beta_2$, and $\epsilon$. The explorer below retrains our
# linear regression whenever one of its sliders moves and redraws the loss
# curves, so you can see what each number does instead of taking our word for
# it. It trains three optimizers with the same settings: our `adam`, our `yogi`
# (the functions defined above, so if you change them and run this cell again,
# the explorer trains your version) and `torch.optim.Adam`.
#
# Every run starts from the same weights and sees the same minibatches in the
# same order: those of `train_ch11` after `torch.manual_seed(0)`. At the start
# the blue curve is therefore exactly our first from-scratch `adam` curve above,
# and when a curve changes, it changes because a hyperparameter did, not because
# of luck. The thick grey curve stays put: it is our `adam` with the book's
# settings ($\eta = 0.01$, $\beta_1 = 0.9$, $\beta_2 = 0.999$,
# $\epsilon = 10^{-6}$), for comparison. The dashed green curve,
# `torch.optim.Adam`, should lie exactly on the blue one whatever the sliders
# say; if you edit `adam` and the two part, the edit changed the algorithm.
#
# A few details of the controls:
#
# * Every slider retrains while you drag it; once a slider has the focus, the
#   arrow keys move it in small steps.
# * $\eta$ and $\epsilon$ move on a logarithmic scale, because what matters is
#   their order of magnitude.
# * $\beta_2$ moves by "number of nines": $0.99$, $0.999$ and $0.9999$ are equally
#   far apart. Recall that $1/(1-\beta)$ is roughly how many steps an EWMA
#   remembers, so a quarter of the way from one of them to the next lengthens the
#   memory of $\mathbf{s}$ by a factor of about $1.8$.
# * The $\epsilon$ slider applies to Yogi too. Our `yogi` defaults to
#   $\epsilon = 10^{-3}$, but a fair comparison gives both methods the same
#   settings; the cell after the explorer shows that on this problem Yogi's
#   curve barely notices the difference.
# * The checkboxes hide curves (a hidden curve is not trained, so reruns get
#   faster). The status line under the plot gives each curve's final loss and how
#   long the rerun took.
# * The loss axis is logarithmic and fixed, so that curves can be compared from
#   one setting to the next; a loss above 1.5 leaves the top of the plot. A run
#   whose loss stops being a number or grows past 100 times its starting value is
#   stopped there: its curve ends with a ✕ and the status line says
#   "diverged at step $k$".

# %% tags=["explorer", "timing"]
explorer = d2l.explore(trainers={'Adam (ours)': adam, 'Yogi (ours)': yogi},
                       init_states=init_adam_states, data=problem)
explorer

# %% [markdown]
# *On the exported web page there is no Python kernel: there the explorer trains
# in your browser, with a JavaScript copy of our `adam` and `yogi` that the tests
# check against the kernel's curves. The address follows the sliders, so a link
# brings a reader to exactly the setting you are looking at.*
#
# ### What to try
#
# **The learning rate.** Move $\eta$ up a little at a time from $0.01$. The
# curves first fall faster, then around $\eta = 0.1$ they reach the bottom
# early and start to wobble there: each step moves every coordinate by up to
# about $\eta$, which is now too coarse to settle into the minimum. Move it down
# to $10^{-3}$ and below, and two epochs are no longer enough to get there.
#
# **The first decay rate.** Slide $\beta_1$ from $0.9$ down to $0$: the
# momentum goes and Adam becomes RMSProp with bias correction. On this problem
# that changes surprisingly little. Slide it up towards $0.999$ instead: the
# average now covers hundreds of steps, so the direction of the step reacts
# slowly to the gradient. The curve reaches the bottom, overshoots, climbs back
# up and is still swinging when the two epochs end.
#
# **The buttons** set several sliders at once, for the experiments that are
# worth showing a class. The numbers below come from the same function the
# explorer calls, `d2l.loss_curves`, so they are the numbers the status line
# shows.

# %%
trainers = {'Adam (ours)': adam, 'Yogi (ours)': yogi}
settings = {
    'book defaults': {},
    "eps = 1e-3, Yogi's own default": {'eps': 1e-3},
    'beta2 too small': {'lr': 0.1, 'beta1': 0.99, 'beta2': 0.9},
    '  same, beta2 back to 0.999': {'lr': 0.1, 'beta1': 0.99, 'beta2': 0.999},
    'huge eps': {'eps': 1.0},
    'eta too large': {'lr': 1.0},
}
print(f"loss before training: {d2l.start_loss(problem):.3f}")
print(f"{'setting':30s} {'Adam (ours)':>12s} {'Yogi (ours)':>12s} {'torch Adam':>12s}")
for label, changes in settings.items():
    curves = d2l.loss_curves(trainers, init_adam_states, problem,
                             {**d2l.BOOK_DEFAULTS, **changes})
    finals = [f"{curve.final:12.3f}" if curve.diverged_at is None
              else f"{'diverged':>12s}" for curve in curves.values()]
    print(f"{label:30s} {' '.join(finals)}")

# %% [markdown]
# **Book defaults** and **$\epsilon = 10^{-3}$**: on this problem Yogi's own,
# larger $\epsilon$ changes its final loss by less than the table's last digit,
# so sharing the slider with Adam costs Yogi nothing.
#
# **$\beta_2$ too small** sets $\eta = 0.1$, $\beta_1 = 0.99$, $\beta_2 = 0.9$.
# Now $\mathbf{s}$ remembers about ten steps while $\mathbf{v}$ averages about a
# hundred, and $\beta_1^2 > \beta_2$: this is the regime in which Adam's step is
# no longer kept near $\eta$, because a single small squared gradient can shrink
# the denominator while the numerator still carries the momentum of many large
# gradients. Adam's loss ends clearly higher than with $\beta_2 = 0.999$ (the next
# row of the table; drag $\beta_2$ back up to see the curve settle). Yogi, whose
# $\mathbf{s}$ can only creep downwards (9), suffers much less.
#
# **Huge $\epsilon$** sets $\epsilon = 1$. With the book's settings,
# $\sqrt{\hat{\mathbf{s}}_t}$ ends between about $0.2$ and $0.35$ for the six
# parameters of this model, so $\epsilon = 1$ dominates the denominator and makes
# it nearly the same for every coordinate and every step. What is left is
# SGD with momentum, with learning rate a little below $\eta/\epsilon$, and the
# curve falls more slowly than the grey one. We can check the claim: as
# $\epsilon$ grows (with $\eta$ grown in proportion, to keep $\eta/\epsilon$ fixed),
# Adam's final loss approaches that of SGD with momentum at learning rate
# $\eta/\epsilon$.

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


for eps in [1.0, 10.0, 100.0]:
    curves = d2l.loss_curves({'Adam': adam, 'SGD with momentum': momentum_sgd},
                             init_adam_states, problem,
                             {**d2l.BOOK_DEFAULTS, 'eps': eps, 'lr': 0.01 * eps},
                             torch_adam=False)
    print(f"eps = {eps:5g}, lr = {0.01 * eps:g}: " + ", ".join(
        f"{name} {curve.final:.4f}" for name, curve in curves.items()))

# %% [markdown]
# **$\eta$ too large** sets $\eta = 1$. You might expect the loss to explode,
# and for plain SGD it does (below). Adam's loss does not: it jumps up, swings,
# and ends above where it started, but it stays finite, and no ✕ appears. The
# reason is the normalization: $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$ is
# about $\pm 1$ when the gradient keeps its sign, so each coordinate moves by at
# most about $\eta$ per step however large the gradient is, and on this convex
# problem steps of bounded size cannot carry the weights arbitrarily far from the
# minimum. Too large a learning rate makes Adam *fail to converge*; it does not
# make it diverge. SGD's step is $\eta$ times the gradient, which grows with the
# distance from the minimum, and that feedback is what makes it blow up:

# %%
def sgd(params, states, hyperparams):
    """Plain minibatch SGD in the same calling convention (states unused)."""
    with torch.no_grad():
        for p in params:
            p -= hyperparams['lr'] * p.grad
            p.grad.zero_()


for lr in [0.3, 1.0]:
    curves = d2l.loss_curves({'Adam': adam, 'SGD': sgd}, init_adam_states, problem,
                             {**d2l.BOOK_DEFAULTS, 'lr': lr}, torch_adam=False)
    print(f"lr = {lr}: " + ", ".join(
        f"{name} " + (f"diverged at step {curve.diverged_at}"
                      if curve.diverged_at is not None else f"final loss {curve.final:.3f}")
        for name, curve in curves.items()))

# %% [markdown]
# ### When your own optimizer diverges
#
# The explorer trains whatever function you hand it, so it is also a quick way
# to test an edit. Here is a classic slip, the update applied with the wrong sign
# (we flip the gradient and call our `adam`, which amounts to the same thing).
# The slipped version climbs the loss; once the loss passes 100 times its
# starting value the run is stopped and reported. Pass `adam_uphill` to the
# explorer, for instance as `trainers={'Adam (ours)': adam, 'uphill': adam_uphill}`,
# and its curve ends with a ✕ at that step; the larger $\eta$, the earlier.

# %%
def adam_uphill(params, states, hyperparams):
    """Our adam with a sign slip: it steps up the gradient, not down."""
    for p in params:
        p.grad.neg_()
    adam(params, states, hyperparams)


for lr in [0.01, 0.1]:
    curve = d2l.loss_curves({'uphill': adam_uphill}, init_adam_states, problem,
                            {**d2l.BOOK_DEFAULTS, 'lr': lr}, torch_adam=False)['uphill']
    print(f"lr = {lr}: diverged at step {curve.diverged_at}, "
          f"loss {curve.final:.1f} (it started at {d2l.start_loss(problem):.2f})")

# %% [markdown]
# ## When Adam fails
#
# Adam's original convergence proof has a gap, and
# [Reddi, Kale & Kumar (2018)](#ref-reddi) showed that the gap is real with a
# problem small enough to run in a fraction of a second. It is an *online*
# problem: at every step $t$ the optimizer commits to a point $x_t$ in the
# interval $[-1, 1]$, and only then is the loss of that step revealed,
#
# $$f_t(x) = \begin{cases} C\,x & \text{if } t \bmod 3 = 1, \\
#   -x & \text{otherwise,} \end{cases} \qquad C > 2. \tag{10}$$
#
# So the gradient is $C$ once, then $-1$ twice, again and again. Over each
# cycle of three steps the losses add up to $(C - 2)\,x$, so the best fixed
# point is $x = -1$. We measure an online method by its *regret*, how much more
# loss it collected than that best point would have,
#
# $$R_T = \sum_{t=1}^{T} f_t(x_t) - \sum_{t=1}^{T} f_t(-1). \tag{11}$$
#
# A method that finds $x = -1$ has an average regret $R_T / T$ that goes to zero.
# A method stuck at $+1$ loses $2(C - 2)$ per cycle, so its average regret stays
# at $2(C - 2)/3$.

# %% [markdown]
# The paper's settings are $\beta_1 = 0$ (no momentum, so $\hat{v}_t = g_t$),
# $\beta_2 = 1/(1 + C^2)$, which is $0.1$ for $C = 3$, a step size that decays as
# $\eta_t = \eta / \sqrt{t}$, and a projection that puts a step that leaves the
# interval back on its nearest end:
#
# $$x_{t+1} = \min\!\left(1, \max\!\left(-1,\;
#   x_t - \frac{\eta_t\, \hat{v}_t}{\sqrt{\hat{s}_t} + \epsilon}\right)\right). \tag{12}$$
#
# We run three methods with the *same* $\eta = 0.1$, $\beta_1$, $\beta_2$,
# $\epsilon = 10^{-6}$ and start $x_1 = 0$; they differ only in the scale
# $s_t$ they divide by. **Adam** uses (2). **AMSGrad**, the fix proposed in the
# paper, divides by the largest value of (2) seen so far, as
# `torch.optim.Adam(amsgrad=True)` does. **Yogi** is our `yogi`: the update (9),
# starting from $s_0 = 0$ and bias-corrected like Adam. Yogi's customary
# $\epsilon = 10^{-3}$ would not change its end point here; we keep one
# $\epsilon$ for all three so that the comparison is fair.
#
# The gradients do not depend on $x$, so one loop can keep the three methods'
# scales side by side: the shared $v_t$ (1), Adam's $s_t$ (2), AMSGrad's running
# maximum of it, and Yogi's $s_t$ (9). Each method then takes its step (12)
# with its own scale. (The tests check the loop step by step against
# `torch.optim.Adam`, with and without `amsgrad`, and against our `yogi`.)

# %%
def sign(x):
    return (x > 0) - (x < 0)


def run_reddi(C, beta1, beta2, lr=0.1, eps=1e-6, steps=300_000, x1=0.0):
    """Adam, AMSGrad and Yogi on problem (10) with the same settings: for each
    method the point x_t it plays and the scale s_t it divides by, t = 1 ... steps."""
    x = dict.fromkeys(('Adam', 'AMSGrad', 'Yogi'), x1)
    xs, ss = {m: [] for m in x}, {m: [] for m in x}
    v = s_adam = s_max = s_yogi = 0.0
    for t in range(1, steps + 1):
        g = C if t % 3 == 1 else -1.0                           # the gradient of f_t, (10)
        v = beta1 * v + (1 - beta1) * g                         # (1)
        s_adam = beta2 * s_adam + (1 - beta2) * g ** 2          # (2)
        s_max = max(s_max, s_adam)                              # AMSGrad: the largest (2)
        s_yogi += (1 - beta2) * sign(g ** 2 - s_yogi) * g ** 2  # (9)
        step = lr / math.sqrt(t) * v / (1 - beta1 ** t)         # eta_t v_hat_t, (5)
        for m, s in zip(x, (s_adam, s_max, s_yogi)):
            xs[m].append(x[m])
            ss[m].append(s)
            x[m] = min(1.0, max(-1.0, x[m] - step / (math.sqrt(s / (1 - beta2 ** t)) + eps)))
    return xs, ss


# %% [markdown]
# With the paper's settings for $C = 3$:

# %%
C, beta2 = 3, 1 / (1 + 3 ** 2)
timer = d2l.Timer()
x, _ = run_reddi(C, beta1=0.0, beta2=beta2)
seconds = timer.stop()
lines = [f"{len(x['Adam']):,} steps of each method in {seconds:.2f} s, "
         f"beta2 = 1/(1 + C^2) = {beta2:g}"]
for method, points in x.items():
    lines.append(f"{method:8s} ends at x = {points[-1]:+.4f}, average regret "
                 f"{d2l.average_regret(C, points)[-1]:.4f}")
print("\n".join(lines))
assert x['Adam'][-1] > 0.9
assert x['AMSGrad'][-1] < -0.9 and x['Yogi'][-1] < -0.9

# %% tags=["figure:reddi"]
axes = d2l.plot_reddi(x, C, beta1=0.0, beta2=beta2)

# %% [markdown]
# Adam walks to $x = +1$, the *worst* point of the interval, and stays there:
# its average regret levels off at $2(C - 2)/3 = 2/3$ instead of going to zero.
# AMSGrad and Yogi, with exactly the same settings, reach $x = -1$ and their
# average regret keeps falling.
#
# Why? Let us look at the scale $s_t$ each method divides by, late in the run
# when the bias correction is $1$, and at how far each gradient moves $x$,
# in units of the step size $\eta_t$:

# %%
g = d2l.reddi_gradients(C=3, steps=30_000)
late, large = slice(-3000, None), g[-3000:] > 0  # large: the gradient C, once a cycle
lines = []
for method, s in run_reddi(C=3, beta1=0.0, beta2=0.1, steps=30_000)[1].items():
    s = np.array(s)
    step = (g / np.sqrt(s))[late]  # x moves by -eta_t * step
    lines.append(f"{method:8s} last six s_t: {np.round(s[-6:], 1)}")
    lines.append(f"{'':8s} step on C {step[large].mean():.2f}, on -1 "
                 f"{-step[~large].mean():.2f}, net per cycle {-step.sum() / 1000:+.2f} "
                 "(positive: towards +1)")
print("\n".join(lines))


# %% [markdown]
# Read the printout row by row.
#
# * **Adam forgets.** With $\beta_2 = 0.1$, $s_t$ is nine tenths the newest
#   squared gradient. The large gradient lifts it to about $8.2$, but the next
#   small gradient pulls it down to $1.7$ and the one after to $1.1$: two steps
#   later the large gradient is forgotten. So the large gradient's step is
#   divided by about $\sqrt{8.2} \approx 2.9$, the small ones by little more
#   than $1$. One step of about $1.05$ towards $-1$ loses against two steps of
#   about $0.86$ towards $+1$, and $x$ drifts to $+1$ by about $0.68\,\eta_t$
#   per cycle, where the projection holds it.
# * **AMSGrad remembers the maximum.** It divides every step by the same
#   $\sqrt{8.2}$, so the steps are in proportion to the gradients themselves,
#   and those add up to $C - 2 > 0$ per cycle: $x$ goes to $-1$.
# * **Yogi changes $s_t$ by at most $(1 - \beta_2)\,g_t^2$ per step**, with the
#   sign deciding only the direction (9). A small gradient can therefore take
#   away at most $0.9 \cdot 1^2 = 0.9$, however large $s_t$ is, so $s_t$ does not
#   follow the latest gradient: it saws up and down on the scale set by the large
#   gradient. On average the small steps are divided by about as much as the
#   large one, and the large one wins. (The bound is not "slow" in general: the
#   large gradient moves $s_t$ by $0.9 \cdot 3^2 = 8.1$ in one step.)

# %% [markdown]
# With the book's defaults $\beta_1 = 0.9$, $\beta_2 = 0.999$, $s_t$ averages over
# about a thousand steps, so all three methods remember the large gradient, and
# momentum averages the direction: all three end at $x = -1$ on this problem,
# and a tenth of the steps is enough to see it.

# %%
book_x, _ = run_reddi(C=3, beta1=0.9, beta2=0.999, steps=30_000)
print(', '.join(f'{m} ends at x = {points[-1]:+.4f}' for m, points in book_x.items()))
assert all(points[-1] < -0.9 for points in book_x.values())

# %% [markdown]
# That is not a guarantee: the paper also shows that for any fixed
# $\beta_1 < \sqrt{\beta_2}$, a condition the defaults meet, some stochastic convex
# problem defeats Adam.
#
# Find out where the failure starts. The sliders rerun our `run_reddi` with
# **30,000 steps** instead of 300,000, so that the panels follow a dragged slider;
# the end points are written under them. The buttons set $\beta_1$ and $\beta_2$
# to the paper's choice for the current $C$, or to the book's defaults.

# %% tags=["reddi-explorer"]
d2l.explore_reddi(run_reddi, steps=30_000)

# %% [markdown]
# ## The landscape of hyperparameters
#
# How much do $\eta$ and $\beta_2$ matter on our airfoil regression? To see it
# whole we train every combination on a grid: 31 learning rates from $10^{-4}$
# to $10^{2}$ (five per decade, so $0.01$ is on the grid) and 31 values of
# $\beta_2$ from $0.9$ to $0.99999$, spaced evenly in $\log(1 - \beta_2)$ (so
# $0.999$ is on it too), with $\beta_1 = 0.9$ and each method's usual $\epsilon$.
# That is 961 runs for Adam and 961 for Yogi, two epochs each.
#
# Run one at a time, that would take minutes. But a linear model is just a
# column of six numbers (five weights and the bias), so $K$ runs are six rows of
# $K$ columns, and one minibatch step for all of them is a few matrix operations.
# `d2l.train_sweep` does that with our own `adam` and `yogi`: it hands them the
# weights of all $K$ runs as one parameter and each hyperparameter as a tensor
# with one value per run, and since every line of `adam` works elementwise, it
# updates each column with that column's $\eta$, $\beta_1$, $\beta_2$ and
# $\epsilon$. (The tests check that each column's curve matches a separate run
# of the same function to $10^{-5}$.) A run is stopped, as in `train_ch11`, when
# its loss stops being a number or exceeds 100 times its starting value; the
# heatmap shows those cells hatched, outside the colour scale.
#
# Every run starts from `problem`, the weights and minibatches of our first Adam
# run, so the cell at the book's default repeats that run. Hover over a cell to read
# its $\eta$, $\beta_2$ and both final losses; click it to try that setting in the
# explorer above.

# %%
lrs = np.logspace(-4, 2, 31)          # includes 0.01
beta2s = 1 - np.logspace(-1, -5, 31)  # 0.9 ... 0.99999, includes 0.999
configs, shape = d2l.grid(lr=lrs, beta2=beta2s)
timer = d2l.Timer()
sweeps = {'Adam': d2l.train_sweep(adam, problem, **configs),
          'Yogi': d2l.train_sweep(yogi, problem, **configs)}
print(f"{len(sweeps) * len(configs['lr'])} training runs of 2 epochs "
      f"in {timer.stop():.2f} s")

# %% tags=["figure:landscape"]
d2l.show_landscape(sweeps, lrs, beta2s, default=(0.01, 0.999), explorer=explorer)

# %%
at_default = np.argmin(abs(lrs - 0.01)), np.argmin(abs(beta2s - 0.999))
lines = []
for name, sweep in sweeps.items():
    final = np.where(sweep.diverged, np.inf, sweep.final).reshape(shape)
    diverged = sweep.diverged.reshape(shape)
    best = np.unravel_index(final.argmin(), shape)
    near_best = (final < 1.05 * final.min()).any(axis=1)  # within 5% of the best
    lines.append(f"{name}: default {final[at_default]:.4f}, best {final.min():.4f} "
                 f"(eta {lrs[best[0]]:.2g}, beta2 {beta2s[best[1]]:.5g}); within 5% of "
                 f"the best for eta {lrs[near_best].min():.2g} ... {lrs[near_best].max():.2g}")
    lines.append(f"{'':6s}{diverged.sum()} runs diverged, the first at eta = "
                 f"{lrs[diverged.any(axis=1)].min():.3g}")
print("\n".join(lines))

# %% [markdown]
# Three things stand out, in both panels.
#
# * **The good region is a band of learning rates, and $\beta_2$ hardly
#   matters in it.** The dark band runs almost straight up: within it the final
#   loss depends on $\eta$, barely on $\beta_2$. The book's default sits inside
#   the band; the printout gives the band's width, about one decade, and shows
#   that the default's loss (the same number `train_ch11` printed for our first
#   run) is within a fraction of a percent of the best on the grid.
# * **Too small is slow, too large does not settle.** To the left, two epochs
#   are not enough to get anywhere. From about $\eta = 0.1$ the final loss
#   rises, and beyond about $\eta = 1$ it changes erratically from cell to cell:
#   each coordinate moves by about $\eta$ per step, as we found for (6), so the
#   weights keep jumping around the minimum. These runs failed to converge, but
#   they did not blow up.
# * **Divergence needs a very large $\eta$.** Only at learning rates of several
#   units and more (the printout gives the first) did a run's loss reach 100 times
#   its start; Yogi's first blow-up comes at a larger $\eta$ than Adam's. The
#   hatched cells are those runs; they are left out of the colour scale, which
#   would otherwise be stretched by losses thousands of times larger.
#
# So on this problem Adam is forgiving: any $\eta$ in the band and any $\beta_2$
# from $0.9$ up give nearly the same result.
# Problems with rare, large gradients, like the one in the previous section,
# are where $\beta_2$ starts to matter.

# %% [markdown]
# ## How fast is our Adam?
#
# Our `adam` is written to be read: a Python `for` loop visits the parameters one at a
# time and runs about ten small tensor operations on each. For linear regression on the
# airfoil data there are two parameters, `w` and `b`, and the loop costs nothing worth
# mentioning. Real networks are different: a deep MLP or a transformer has hundreds of
# parameter tensors, and many of them are small (biases, normalisation scales).
#
# Every tensor operation PyTorch runs pays a fixed price before any arithmetic happens:
# the Python call, checking the arguments, dispatching to the kernel for this device and
# data type, allocating the result (and on a GPU, launching the kernel). For a tensor of
# a few hundred numbers that overhead outweighs the arithmetic itself, so a loop over
# parameters costs in proportion to the *number of tensors*, not the number of numbers.
#
# PyTorch has two ways around this. The `torch._foreach_*` operations take *lists* of
# tensors: `torch._foreach_mul_(vs, beta1)` scales every first moment in a single call,
# so a whole Adam step is a handful of calls however many tensors the model has.
# `torch.optim.Adam(foreach=True)` works like that, and so does `d2l.foreach_adam`, which
# is our `adam` rewritten with these operations (same arguments, same states, same
# result). `fused=True` goes further: one kernel reads each parameter, its gradient and
# both moments once and writes the new values, instead of one pass over memory per
# operation.
#
# Let us time one step (the update and clearing the gradients) on the parameters of a
# narrow MLP with 50 linear layers. The gradients are fixed random numbers: only the
# optimizer is timed. We time with a single CPU thread: splitting tensors this small
# across threads can cost more than it saves, above all when other programs keep the
# cores busy, and we want to see the per-operation overhead, not thread scheduling.
# First we make sure that all versions compute the same thing.

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
    'adam (our loop)': from_scratch(adam),
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
print(f'{len(params)} parameter tensors, {final["adam (our loop)"].numel()} numbers; '
      f'largest difference between the versions after 3 steps: {gap:.1e}')


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
print(f'{"one step of":32}{"us":>8}{"x foreach=True":>16}')
for name, seconds in cost.items():
    print(f'{name:32}{seconds * 1e6:8.0f}{seconds / reference:16.2f}')

# %% [markdown]
# Read the last column rather than the microseconds: absolute times depend on the
# machine and on whatever else it is busy with, while the ratios between versions timed
# side by side are far more stable. The loop pays the fixed overhead for every operation
# *and every tensor*; the foreach versions pay it once per operation for the whole list.
# On a CPU a foreach operation still works through the tensors one by one, so the fused
# kernel, which also skips the repeated passes over memory, can do better still. On a
# GPU, where each tiny kernel launch is comparatively expensive, the same reasoning
# applies with more force. None of this matters for our two-parameter regression, which
# is why the lesson code stays a plain, readable loop; `d2l.foreach_adam` is there for
# when you train something with many tensors.

# %% [markdown]
# ## Summary
#
# * Adam combines momentum (an EWMA of gradients, (1)) with RMSProp's
#   per-coordinate scaling (an EWMA of squared gradients, (2)).
# * Both averages start at zero, so early on they are too small by the factor
#   $1 - \beta^t$, the sum of a geometric series with $t$ terms (4). Dividing by
#   it (5) matters most for the slow average $\mathbf{s}_t$; without it the first
#   steps would be several times too large.
# * The step (6) is roughly at most $\eta$ per coordinate and does not change when
#   the loss is rescaled. Adding $\epsilon$ outside the square root keeps that
#   true down to much smaller gradients than adding it inside.
# * On the book's 2-D quadratic, Adam's first moves are about $\eta$ in every
#   coordinate, whatever the gradient, while gradient descent follows the gradient.
#   Without bias correction the first move is $3.16\,\eta$; turning the valley by
#   $45°$ takes away Adam's head start but changes nothing for momentum; an
#   $\epsilon$ far larger than the gradients turns Adam into momentum.
# * Our from-scratch `adam` matches `torch.optim.Adam` to within `float32`
#   rounding, step by step, which is a far stronger test than a falling loss curve.
# * Adam's scale estimate can shrink geometrically after large gradients and let
#   the effective learning rate grow quickly. Yogi (9) lets it shrink only
#   additively. Implementations of Yogi differ in small details (starting values,
#   where the bias correction goes), and it is worth knowing which one you use.
# * Moving the explorer's sliders shows what the printouts confirm: on this
#   convex regression a too-large $\eta$ makes Adam *fail to converge* (the loss
#   swings), not blow up; a huge $\epsilon$ turns Adam into SGD with momentum; and
#   $\beta_1^2 > \beta_2$ loosens the bound on the step.
# * On the problem of Reddi, Kale & Kumar (10), with identical settings, Adam
#   forgets the rare large gradient and drifts to the worst point, while AMSGrad
#   and Yogi find the best one. With $\beta_2 = 0.999$ all three succeed there.
# * Over a grid of 961 settings per method, trained at once, the final loss on the
#   airfoil data depends mainly on $\eta$ and hardly on $\beta_2$; only very large
#   learning rates make a run diverge.

# %% [markdown]
# ## <a id="exercises" name="exercises"></a>Exercises
#
# Exercises 2, 5, 6, 7 and 8 check themselves: `d2l.check_exercise(n, answer)`
# runs your answer on fixed data next to a reference and says either that it
# passed, with the evidence, or where it first went wrong, with a hint. Each
# exercise also links to its worked solution, in a separate notebook; try the
# exercise first.
#
# 1. <a id="exercise-1" name="exercise-1"></a>Train with learning rates from
#    $10^{-3}$ to $1$. Describe what happens to the loss curve, and explain it
#    with the rule of thumb that Adam moves each coordinate by at most about
#    $\eta$ per step.
#
#    <details><summary>Hint</summary>
#
#    Look at whether the loss becomes infinite or merely stops decreasing. A step
#    of size about $\eta$ in each coordinate cannot blow up on its own, but it
#    cannot settle in a minimum narrower than $\eta$ either.
#
#    </details>
#
#    [Solution](adam_solutions.ipynb#solution-1)
#
# 2. <a id="exercise-2" name="exercise-2"></a>Rewrite the updates of
#    $\mathbf{v}_t$ and $\mathbf{s}_t$ so that they are correct averages from the
#    first step, with no separate bias correction.
#
#    <details><summary>Hint</summary>
#
#    Write the corrected average as a mean that moves towards each new value:
#    $\hat{\mathbf{v}}_t = \hat{\mathbf{v}}_{t-1} +
#    \gamma_t(\mathbf{g}_t - \hat{\mathbf{v}}_{t-1})$.
#    Use (4) to find the weight $\gamma_t$; check that $\gamma_1 = 1$.
#
#    </details>
#
#    *Check:* write your answer as an optimizer in our calling convention,
#    `adam_averaged(params, states, hyperparams)`, that reads `lr`, `t` and, if
#    you like, `beta1`, `beta2` and `eps` from `hyperparams` and advances `t`.
#    The check makes the states itself, one pair `(v, s)` of zeros per parameter,
#    and compares your parameters after every step with `torch.optim.Adam`'s:
#
#    ```python
#    d2l.check_exercise(2, adam_averaged)
#    ```
#
#    [Solution](adam_solutions.ipynb#solution-2)
#
# 3. <a id="exercise-3" name="exercise-3"></a>Why does it help to reduce the
#    learning rate $\eta$ as training converges?
#
#    <details><summary>Hint</summary>
#
#    Near a minimum the minibatch gradients are mostly noise. What does
#    $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$ look like then, and how far
#    does each step move the parameters?
#
#    </details>
#
#    [Solution](adam_solutions.ipynb#solution-3)
#
# 4. <a id="exercise-4" name="exercise-4"></a>Construct a problem on which Adam
#    fails to converge while Yogi converges. Compare them fairly: same learning
#    rate, same $\beta_1$, $\beta_2$, same starting point.
#
#    <details><summary>Hint</summary>
#
#    Start from the example of Reddi, Kale & Kumar: a one-dimensional linear loss
#    on $[-1, 1]$ that sees a large gradient once every few steps and a small
#    gradient of the opposite sign otherwise. Try a small $\beta_2$ first.
#
#    </details>
#
#    [Solution](adam_solutions.ipynb#solution-4)
#
# 5. <a id="exercise-5" name="exercise-5"></a>Move $\epsilon$ inside the square
#    root in `adam` and run the "Trust, but verify" cell again. How large does
#    the difference to `torch.optim.Adam` become? Then make the two agree again
#    by changing only the value of $\epsilon$ you pass to `torch.optim.Adam`. Is
#    that possible?
#
#    <details><summary>Hint</summary>
#
#    Compare $\sqrt{s + \epsilon}$ with $\sqrt{s} + \epsilon'$. Can one constant
#    $\epsilon'$ make them equal for every $s$? Where are they close?
#
#    </details>
#
#    *Check:* hand over your changed optimizer, say
#    `adam_eps_inside(params, states, hyperparams)`, in the same convention as
#    `adam`, with one pair `(v, s)` of zeros per parameter, made by the check.
#    Read $\epsilon$ from `hyperparams` as `adam` does: the check passes
#    $\epsilon = 0.01$, large enough for its place to matter.
#
#    ```python
#    d2l.check_exercise(5, adam_eps_inside)
#    ```
#
#    [Solution](adam_solutions.ipynb#solution-5)
#
# 6. <a id="exercise-6" name="exercise-6"></a>Remove the bias correction from
#    `adam` (use $\mathbf{v}_t$ and $\mathbf{s}_t$ directly) and train again with
#    $\eta = 0.01$. Relate what you see in the first part of the loss curve to
#    the right-hand panel of the bias-correction figure.
#
#    <details><summary>Hint</summary>
#
#    For the first few hundred steps the uncorrected step is several times the
#    corrected one. Try also $\beta_2 = 0.9999$: the figure suggests the effect
#    gets stronger.
#
#    </details>
#
#    *Check:* hand over the optimizer without the correction, say
#    `adam_uncorrected(params, states, hyperparams)`, in the same convention as
#    `adam`, with one pair `(v, s)` of zeros per parameter, made by the check.
#
#    ```python
#    d2l.check_exercise(6, adam_uncorrected)
#    ```
#
#    [Solution](adam_solutions.ipynb#solution-6)
#
# 7. <a id="exercise-7" name="exercise-7"></a>AMSGrad, the fix proposed by
#    Reddi, Kale & Kumar, keeps the largest value of $\mathbf{s}$ seen so far and
#    divides by that instead. Write `amsgrad` in our calling convention and
#    verify it against `torch.optim.Adam(amsgrad=True)` as we did for `adam`.
#
#    <details><summary>Hint</summary>
#
#    You need one more state tensor per parameter. Read the formula in the
#    documentation of `torch.optim.Adam` carefully to see whether the maximum is
#    taken before or after the bias correction.
#
#    </details>
#
#    *Check:* `amsgrad(params, states, hyperparams)` reads `lr`, `t` and, if you
#    like, `beta1`, `beta2` and `eps` from `hyperparams` and advances `t`. The
#    check makes the states itself, one triple `(v, s, s_max)` of zeros per
#    parameter, and compares with `torch.optim.Adam(amsgrad=True)` at every step:
#
#    ```python
#    d2l.check_exercise(7, amsgrad)
#    ```
#
#    [Solution](adam_solutions.ipynb#solution-7)
#
# 8. <a id="exercise-8" name="exercise-8"></a>Feed Yogi's update (9) a constant
#    gradient $g$, starting from $s_0 = 0$. Compute
#    $\hat{s}_t = s_t/(1 - \beta_2^t)$ for $t$ up to a few thousand. How far from
#    $g^2$ does it get, and when?
#
#    <details><summary>Hint</summary>
#
#    While $s_{t-1} < g^2$, (9) adds the same amount every step, so $s_t$ grows
#    linearly in $t$, while $1 - \beta_2^t$ grows more slowly than linearly.
#    A ten-line loop answers the question.
#
#    </details>
#
#    *Check:* write the loop as a function `yogi_s_hat(g, beta2, steps)` that
#    returns $\hat{s}_1, \dots, \hat{s}_{\text{steps}}$ (a list, an array or a 1-D
#    tensor). The check calls it with other values of $g$ and $\beta_2$:
#
#    ```python
#    d2l.check_exercise(8, yogi_s_hat)
#    ```
#
#    [Solution](adam_solutions.ipynb#solution-8)

# %% [markdown]
# ## References
#
# 1. <a id="ref-kingma-ba" name="ref-kingma-ba"></a>Diederik P. Kingma and
#    Jimmy Ba. *Adam: A Method for Stochastic Optimization.* International
#    Conference on Learning Representations (ICLR), 2015.
#    [arXiv:1412.6980](https://arxiv.org/abs/1412.6980)
# 2. <a id="ref-reddi" name="ref-reddi"></a>Sashank J. Reddi, Satyen Kale and
#    Sanjiv Kumar. *On the Convergence of Adam and Beyond.* International
#    Conference on Learning Representations (ICLR), 2018.
#    [arXiv:1904.09237](https://arxiv.org/abs/1904.09237)
# 3. <a id="ref-zaheer" name="ref-zaheer"></a>Manzil Zaheer, Sashank J. Reddi,
#    Devendra Sachan, Satyen Kale and Sanjiv Kumar. *Adaptive Methods for
#    Nonconvex Optimization.* Advances in Neural Information Processing Systems
#    31 (NeurIPS), 2018, pages 9793–9803.
#    [proceedings](https://papers.nips.cc/paper/2018/hash/90365351ccc7437a1309dc64e4db32a3-Abstract.html)
