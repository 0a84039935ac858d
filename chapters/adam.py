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
import math

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
# ## Implementation from scratch
#
# Following the convention of this chapter, an optimizer is a function that
# updates a list of parameters in place, given its state and a dictionary of
# hyperparameters. Adam's state is one pair $(\mathbf{v}, \mathbf{s})$ per
# parameter, both starting at zero.

# %%
def init_adam_states(feature_dim):
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
def adam(params, states, hyperparams):
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


w0, b0 = torch.normal(0.0, 0.01, (feature_dim, 1)), torch.zeros(1)
ours = [w0.clone().requires_grad_(), b0.clone().requires_grad_()]
theirs = [w0.clone().requires_grad_(), b0.clone().requires_grad_()]
states, hyperparams = init_adam_states(feature_dim), {'lr': 0.01, 't': 1}
reference = torch.optim.Adam(theirs, lr=0.01, eps=1e-6)
largest, steps = 0.0, 0
for _ in range(2):
    for X, y in data_iter:
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
def yogi(params, states, hyperparams):
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
w0 = torch.normal(0.0, 0.01, (feature_dim, 1))
schedule = d2l.book_schedule(data_iter, num_epochs=2)
runs = {'moments start at 0 (ours)': init_adam_states(feature_dim),
        'moments start at 1e-6 (references)': init_yogi_states(feature_dim)}
final_w, report = [], []
for name, states in runs.items():
    w, b = w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)
    curve = d2l.scratch_run(yogi, states, {'lr': 0.01, 't': 1}, schedule, w, b)
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
# <!-- slot:explorer -->
# *The interactive explorer will be merged here: sliders for $\eta$, $\beta_1$,
# $\beta_2$ and $\epsilon$ that retrain `adam` and redraw its loss curve.*

# %% [markdown]
# <!-- slot:reddi -->
# *When Adam fails: the convex counterexample of Reddi, Kale & Kumar, run with
# Adam, AMSGrad and Yogi under the same settings, will be merged here.*

# %% [markdown]
# <!-- slot:landscape -->
# *The hyperparameter landscape will be merged here: a heatmap of the final loss
# over a grid of learning rates and $\beta$ values.*

# %% [markdown]
# <!-- slot:speed -->
# *A short aside, "How fast is our Adam?", comparing our `adam` with
# `torch.optim.Adam`, will be merged here.*

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
# * Our from-scratch `adam` matches `torch.optim.Adam` to within `float32`
#   rounding, step by step, which is a far stronger test than a falling loss curve.
# * Adam's scale estimate can shrink geometrically after large gradients and let
#   the effective learning rate grow quickly. Yogi (9) lets it shrink only
#   additively. Implementations of Yogi differ in small details (starting values,
#   where the bias correction goes), and it is worth knowing which one you use.

# %% [markdown]
# ## Exercises
#
# 1. Train with learning rates from $10^{-3}$ to $1$. Describe what happens to
#    the loss curve, and explain it with the rule of thumb that Adam moves each
#    coordinate by at most about $\eta$ per step.
#
#    <details><summary>Hint</summary>
#
#    Look at whether the loss becomes infinite or merely stops decreasing. A step
#    of size about $\eta$ in each coordinate cannot blow up on its own, but it
#    cannot settle in a minimum narrower than $\eta$ either.
#
#    </details>
#
# 2. Rewrite the updates of $\mathbf{v}_t$ and $\mathbf{s}_t$ so that they are
#    correct averages from the first step, with no separate bias correction.
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
# 3. Why does it help to reduce the learning rate $\eta$ as training converges?
#
#    <details><summary>Hint</summary>
#
#    Near a minimum the minibatch gradients are mostly noise. What does
#    $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$ look like then, and how far
#    does each step move the parameters?
#
#    </details>
#
# 4. Construct a problem on which Adam fails to converge while Yogi converges.
#    Compare them fairly: same learning rate, same $\beta_1$, $\beta_2$, same
#    starting point.
#
#    <details><summary>Hint</summary>
#
#    Start from the example of Reddi, Kale & Kumar: a one-dimensional linear loss
#    on $[-1, 1]$ that sees a large gradient once every few steps and a small
#    gradient of the opposite sign otherwise. Try a small $\beta_2$ first.
#
#    </details>
#
# 5. Move $\epsilon$ inside the square root in `adam` and run the
#    "Trust, but verify" cell again. How large does the difference to
#    `torch.optim.Adam` become? Then make the two agree again by changing only the
#    value of $\epsilon$ you pass to `torch.optim.Adam`. Is that possible?
#
#    <details><summary>Hint</summary>
#
#    Compare $\sqrt{s + \epsilon}$ with $\sqrt{s} + \epsilon'$. Can one constant
#    $\epsilon'$ make them equal for every $s$? Where are they close?
#
#    </details>
#
# 6. Remove the bias correction from `adam` (use $\mathbf{v}_t$ and $\mathbf{s}_t$
#    directly) and train again with $\eta = 0.01$. Relate what you see in the
#    first part of the loss curve to the right-hand panel of the bias-correction
#    figure.
#
#    <details><summary>Hint</summary>
#
#    For the first few hundred steps the uncorrected step is several times the
#    corrected one. Try also $\beta_2 = 0.9999$: the figure suggests the effect
#    gets stronger.
#
#    </details>
#
# 7. AMSGrad, the fix proposed by Reddi, Kale & Kumar, keeps the largest value of
#    $\mathbf{s}$ seen so far and divides by that instead. Write `amsgrad` in our
#    calling convention and verify it against `torch.optim.Adam(amsgrad=True)` as
#    we did for `adam`.
#
#    <details><summary>Hint</summary>
#
#    You need one more state tensor per parameter. Read the formula in the
#    documentation of `torch.optim.Adam` carefully to see whether the maximum is
#    taken before or after the bias correction.
#
#    </details>
#
# 8. Feed Yogi's update (9) a constant gradient $g$, starting from $s_0 = 0$.
#    Compute $\hat{s}_t = s_t/(1 - \beta_2^t)$ for $t$ up to a few thousand. How far
#    from $g^2$ does it get, and when?
#
#    <details><summary>Hint</summary>
#
#    While $s_{t-1} < g^2$, (9) adds the same amount every step, so $s_t$ grows
#    linearly in $t$, while $1 - \beta_2^t$ grows more slowly than linearly.
#    A ten-line loop answers the question.
#
#    </details>

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
