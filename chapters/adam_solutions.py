# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Adam: worked solutions
#
# These are answers to the eight exercises at the end of the
# [Adam chapter](adam.ipynb#exercises). Try each exercise before you read its
# solution: most of them take a few lines of code, and the self-check
# `d2l.check_exercise(n, answer)` tells you whether yours is right without
# showing you this page.
#
# Every number quoted in the text comes from a cell that computes it, and the
# numbers that carry an answer are also asserted in their cell, so if a change
# to the code or the libraries breaks an answer, the notebook stops there. Each
# solution links back to its exercise.
#
# We use the chapter's data and starting point: the airfoil regression with
# minibatches of 10, and the starting weights and minibatch order of
# `train_ch11` after `torch.manual_seed(0)`.

# %%
# %matplotlib inline
import math

import numpy as np
import torch

from d2l_local import torch as d2l

torch.manual_seed(0)
torch.set_num_threads(1)  # every tensor here is tiny; one thread is faster
d2l.use_svg_display()
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
problem = d2l.make_problem(data_iter, seed=0)  # train_ch11's start and minibatches

# %% [markdown]
# The chapter's optimizers, unchanged:

# %%
def init_adam_states(feature_dim):
    """One pair (v, s) of zero tensors for each parameter: first w, then b."""
    v_w, s_w = torch.zeros((feature_dim, 1)), torch.zeros((feature_dim, 1))
    v_b, s_b = torch.zeros(1), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


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
# Several answers compare two optimizers step by step, as the chapter's
# "Trust, but verify" cell does: two copies of the model start from the same
# weights, see the same minibatches, and after every step we record the largest
# difference between their parameters. `side_by_side` does that for any two
# optimizers; `scratch` and `builtin` wrap an optimizer in our calling convention
# and `torch.optim.Adam` so that both can be handed to it. To save time we write
# the gradient of the squared loss out by hand instead of calling `backward()`
# (as `d2l.loss_curves` does): for the residual
# $\mathbf{r} = \mathbf{X}\mathbf{w} + b - \mathbf{y}$ of a minibatch of $n$ examples
# it is $\mathbf{X}^\top \mathbf{r}/n$ for $\mathbf{w}$ and the mean of $\mathbf{r}$ for $b$.

# %%
def set_gradients(params, X, y):
    """Put the gradient of the minibatch loss mean((X w + b - y)^2 / 2) in p.grad."""
    w, b = params
    with torch.no_grad():
        r = X @ w + b - y
        w.grad, b.grad = X.T @ r / len(y), r.mean(0)


def scratch(trainer, states, **hyperparams):
    """A step maker for an optimizer in our (params, states, hyperparams) convention."""
    def make(params):
        settings = {'lr': 0.01, 't': 1, **hyperparams}
        return lambda: trainer(params, states, settings)
    return make


def builtin(**options):
    """A step maker for torch.optim.Adam with lr = 0.01 and our eps = 1e-6 by default."""
    def make(params):
        optimizer = torch.optim.Adam(params, **{'lr': 0.01, 'eps': 1e-6, **options})

        def step():
            optimizer.step()
            optimizer.zero_grad()
        return step
    return make


def side_by_side(ours, theirs, label_scale=1.0):
    """Largest parameter difference between two optimizers over two epochs."""
    models = [[problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)]
              for _ in range(2)]
    steps = [make(params) for make, params in zip((ours, theirs), models)]
    largest = 0.0
    for batches in problem.schedule.epochs:
        for X, y in batches:
            for params, step in zip(models, steps):
                set_gradients(params, X, label_scale * y)
                step()
            with torch.no_grad():
                largest = max([largest] + [(p - q).abs().max().item()
                                           for p, q in zip(*models)])
    return largest


# %% [markdown]
# ## <a id="solution-1" name="solution-1"></a>Exercise 1: learning rates from 0.001 to 1
#
# [Back to the exercise](adam.ipynb#exercise-1)
#
# *Train with learning rates from $10^{-3}$ to $1$. Describe what happens to the
# loss curve, and explain it with the rule of thumb that Adam moves each
# coordinate by at most about $\eta$ per step.*
#
# We train from the same start on the same minibatches with seven learning
# rates, and for every step we also record the largest distance any coordinate
# moved, divided by $\eta$.

# %%
def tracking(trainer, moves):
    """The optimizer `trainer`, recording each step's largest coordinate move / lr."""
    def step(params, states, hyperparams):
        before = [p.detach().clone() for p in params]
        trainer(params, states, hyperparams)
        moves.append(max((p.detach() - q).abs().max().item()
                         for p, q in zip(params, before)) / hyperparams['lr'])
    return step


lrs = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1, 3e-1, 1.0]
curves, largest_move = {}, {}
for lr in lrs:
    moves = []
    curves[lr] = d2l.loss_curves({'adam': tracking(adam, moves)}, init_adam_states, problem,
                                 {**d2l.BOOK_DEFAULTS, 'lr': lr}, torch_adam=False)['adam']
    largest_move[lr] = max(moves)

fig, ax = d2l.plt.subplots(figsize=(6, 3.2), facecolor='white')
for lr, curve in curves.items():
    ax.plot(curve.epochs, curve.losses, lw=1.8, label=f'η = {lr:g}')
ax.set(xlabel='epoch', ylabel='loss', yscale='log', xlim=(0, 2))
ax.legend(ncol=2, fontsize='small')
ax.grid(alpha=0.3)
fig.tight_layout()

print(f"loss at the start: {d2l.start_loss(problem):.3f}")
print(f"{'eta':>6} {'final':>7} {'lowest':>7} {'highest':>8} {'diverged':>9} "
      f"{'largest move / eta':>19}")
for lr, curve in curves.items():
    print(f"{lr:6g} {curve.final:7.4f} {min(curve.losses):7.4f} {max(curve.losses):8.4f} "
          f"{str(curve.diverged_at is not None):>9} {largest_move[lr]:19.2f}")
assert all(curve.diverged_at is None for curve in curves.values())
assert all(move < 1.1 for move in largest_move.values())

# %% [markdown]
# No learning rate in this range makes the loss blow up, not even $\eta = 1$.
# What changes is the shape of the curve:
#
# * **Too small ($10^{-3}$, $3 \cdot 10^{-3}$):** the loss falls steadily but
#   slowly; after two epochs the run with $10^{-3}$ is still far from the bottom.
# * **About right ($10^{-2}$):** the loss reaches the bottom within the first
#   epoch and stays there; it ends lowest.
# * **Too large ($0.03$ to $1$):** the loss drops quickly at first (the lowest
#   column shows that every run gets well below the starting loss at some point),
#   then rises again and wobbles. The larger $\eta$, the higher it ends; with $\eta = 1$ the
#   final loss is above where it started, and the highest loss of the run is far
#   above that.
#
# The last column explains all three. In every run no coordinate ever moved by
# more than about $\eta$ in one step: the printout shows the largest move is
# $\eta$ within a few percent, whatever $\eta$ is. The ratio
# $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$ is an average of gradients
# divided by the root of an average of their squares, so it is rarely much
# larger than $1$ in size. A step that can never exceed $\eta$ cannot blow up the weights of a
# convex problem, so nothing diverges; for the same reason a small $\eta$ needs
# many steps to cover the distance to the minimum. But the steps also do not
# shrink as the weights approach the minimum (the gradient's size cancels out of
# the ratio), so once the minimum is narrower than $\eta$ the weights keep jumping
# across it, and the loss settles at a level that grows with $\eta$.

# %% [markdown]
# ## <a id="solution-2" name="solution-2"></a>Exercise 2: averages that need no correction
#
# [Back to the exercise](adam.ipynb#exercise-2)
#
# *Rewrite the updates of $\mathbf{v}_t$ and $\mathbf{s}_t$ so that they are
# correct averages from the first step, with no separate bias correction.*
#
# We want an update for $\hat{\mathbf{v}}_t = \mathbf{v}_t / (1 - \beta_1^t)$
# itself. Multiply both sides by $1 - \beta_1^t$, insert the update (1) for
# $\mathbf{v}_t$, and write $\mathbf{v}_{t-1} = (1 - \beta_1^{t-1})\,\hat{\mathbf{v}}_{t-1}$:
#
# $$(1 - \beta_1^t)\, \hat{\mathbf{v}}_t = \beta_1 (1 - \beta_1^{t-1})\,
#   \hat{\mathbf{v}}_{t-1} + (1 - \beta_1)\, \mathbf{g}_t.$$
#
# The sum (4) of a geometric series with $t$ terms gives
# $\beta_1 (1 - \beta_1^{t-1}) = (1 - \beta_1^t) - (1 - \beta_1)$, and dividing
# by $1 - \beta_1^t$ leaves
#
# $$\hat{\mathbf{v}}_t = \hat{\mathbf{v}}_{t-1} + \gamma_t
#   \left(\mathbf{g}_t - \hat{\mathbf{v}}_{t-1}\right), \qquad
#   \gamma_t = \frac{1 - \beta_1}{1 - \beta_1^t},$$
#
# and in the same way, with $\beta_2$ and $\mathbf{g}_t^2$,
# $\hat{\mathbf{s}}_t = \hat{\mathbf{s}}_{t-1} + \gamma'_t (\mathbf{g}_t^2 -
# \hat{\mathbf{s}}_{t-1})$ with $\gamma'_t = (1 - \beta_2)/(1 - \beta_2^t)$.
#
# Each average moves towards the newest value by a weight that depends on the
# step. At $t = 1$ the weight is $\gamma_1 = 1$: the first average *is* the first
# gradient, so the zero we start from plays no part at all, which is exactly what
# the bias correction was for. At $t = 2$ the weight is $1/(1 + \beta_1)$, a
# little more than one half, and as $t$ grows $\gamma_t$ falls to $1 - \beta_1$,
# the constant weight of an ordinary EWMA. (Had we summed the series to $i = t$,
# with one term too many, we would get $\gamma_1 = 1/(1 + \beta_1)$ instead: the
# first average would still be pulled halfway to zero.)
#
# In code, the states now hold $\hat{\mathbf{v}}$ and $\hat{\mathbf{s}}$ directly,
# and the step uses them as they are:

# %%
def adam_averaged(params, states, hyperparams):
    """Adam whose states are the corrected averages themselves; then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-6)
    t = hyperparams['t']
    gamma1 = (1 - beta1) / (1 - beta1 ** t)
    gamma2 = (1 - beta2) / (1 - beta2 ** t)
    for p, (v_hat, s_hat) in zip(params, states):
        with torch.no_grad():
            v_hat[:] = v_hat + gamma1 * (p.grad - v_hat)
            s_hat[:] = s_hat + gamma2 * (p.grad ** 2 - s_hat)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# The algebra says it is the same algorithm; the computer should agree up to
# rounding. We train it side by side with the chapter's `adam` for two epochs:

# %%
gap_averaged = side_by_side(scratch(adam_averaged, init_adam_states(feature_dim)),
                            scratch(adam, init_adam_states(feature_dim)))
gap_builtin = side_by_side(scratch(adam, init_adam_states(feature_dim)), builtin())
print(f"adam_averaged against adam: largest parameter difference {gap_averaged:.1e}")
print(f"(adam against torch.optim.Adam, for scale: {gap_builtin:.1e})")
assert gap_averaged <= 1e-6

# %% [markdown]
# Over all 300 steps the two never differ by more than float32 rounding, of the
# same size as the difference between `adam` and `torch.optim.Adam`. The self-check runs
# `adam_averaged` against `torch.optim.Adam` on a problem of its own:

# %%
verdict = d2l.check_exercise(2, adam_averaged)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-3" name="solution-3"></a>Exercise 3: why to lower η at the end
#
# [Back to the exercise](adam.ipynb#exercise-3)
#
# *Why does it help to reduce the learning rate $\eta$ as training converges?*
#
# Near the minimum the full-data gradient is close to zero, but the minibatch
# gradients are not: they are mostly noise, pointing a different way from one
# minibatch to the next. Adam divides their average $\hat{\mathbf{v}}_t$ by the
# root of the average of their squares, $\sqrt{\hat{\mathbf{s}}_t}$, which
# measures the size of the noise. So the ratio does not go to zero at the
# minimum; it settles at some fixed fraction, and each step keeps moving every
# coordinate by about that fraction of $\eta$. The weights never come to rest;
# they jitter around the minimum at a distance proportional to $\eta$, and the
# loss stays above its minimum by an amount that grows with $\eta$. The only way
# to shrink the jitter is to shrink $\eta$; doing so from the start would make
# the first part of training slow (Exercise 1), so we lower it as training goes.
#
# We measure this over three epochs: three constant learning rates, and one
# schedule that starts at $\eta = 0.1$ and halves it every 40 steps. The exact
# minimum of the loss comes from least squares, so we can plot how far above it
# each run is.

# %%
long_problem = d2l.make_problem(data_iter, seed=0, num_epochs=3)
X, y = long_problem.schedule.features, long_problem.schedule.labels
design = torch.cat([X, torch.ones(len(X), 1)], dim=1).double()
solution = torch.linalg.lstsq(design, y.double()).solution
least_loss = ((design @ solution - y.double()) ** 2 / 2).mean().item()


def halving(lr0, every):
    """Our adam with lr = lr0, halved every `every` steps."""
    def step(params, states, hyperparams):
        hyperparams['lr'] = lr0 * 0.5 ** ((hyperparams['t'] - 1) // every)
        adam(params, states, hyperparams)
    return step


schedules = {'η = 0.1': (adam, 0.1), 'η = 0.03': (adam, 0.03), 'η = 0.01': (adam, 0.01),
             'η = 0.1, halved every 40 steps': (halving(0.1, 40), 0.1)}
excess, jitter = {}, {}
fig, ax = d2l.plt.subplots(figsize=(6, 3.2), facecolor='white')
for name, (trainer, lr) in schedules.items():
    moves = []
    curve = d2l.loss_curves({name: tracking(trainer, moves)}, init_adam_states, long_problem,
                            {**d2l.BOOK_DEFAULTS, 'lr': lr}, torch_adam=False)[name]
    above = np.array(curve.losses) - least_loss
    ax.plot(curve.epochs, above, lw=1.8, label=name)
    excess[name] = above[-15:].mean()   # the last epoch: 15 evaluations
    jitter[name] = np.mean(moves[-150:])  # the last epoch: 150 steps
ax.set(xlabel='epoch', ylabel='loss above the least-squares minimum', yscale='log',
       xlim=(0, 3))
ax.legend(fontsize='small')
ax.grid(alpha=0.3)
fig.tight_layout()

print(f"least-squares minimum of the loss: {least_loss:.4f}")
print(f"{'schedule':32} {'excess loss, last epoch':>24} {'mean move / eta':>16}")
for name in schedules:
    print(f"{name:32} {excess[name]:24.1e} {jitter[name]:16.2f}")

# %% [markdown]
# With a constant $\eta$, the last epoch's mean excess loss falls with $\eta$,
# and in every run, the decaying one included, the mean move per step stays a
# fixed fraction of the current $\eta$ (the last column). The minibatch noise
# keeps $\hat{\mathbf{v}}_t/\sqrt{\hat{\mathbf{s}}_t}$ away from zero, so only a
# smaller $\eta$ makes the steps, and the jitter, smaller. The halving schedule
# gets the best of both: it covers the distance to the minimum with large steps
# early, then ends closest to the minimum.

# %% [markdown]
# ## <a id="solution-4" name="solution-4"></a>Exercise 4: Adam fails, Yogi converges
#
# [Back to the exercise](adam.ipynb#exercise-4)
#
# *Construct a problem on which Adam fails to converge while Yogi converges.
# Compare them fairly: same learning rate, same $\beta_1$, $\beta_2$, same
# starting point.*
#
# We take the online problem of Reddi, Kale & Kumar from the chapter, (10): on
# the interval $[-1, 1]$ the gradient is $C = 3$ at every third step and $-1$ at
# the others, so the best point is $x = -1$. We run the chapter's own `adam` and
# `yogi` on it, in our calling convention, with a step size that decays as
# $\eta/\sqrt{t}$ and each step projected back onto the interval.
#
# A fair comparison hands both optimizers *the same* settings, so that a
# difference in the outcome can only come from the one line in which they
# differ. Below they even share the dictionary. That includes $\epsilon$: our
# `yogi` defaults to $10^{-3}$, so we set it explicitly. (A solution that has
# circulated widely makes Adam "fail" by giving it a larger learning rate than
# Yogi; that shows what a learning rate does, not what Yogi does.)

# %%
def online_run(optimizer, settings, C=3.0, steps=4000, x1=0.0):
    """x_1 ... x_steps of `optimizer` on (10), with lr / sqrt(t) and the projection (12)."""
    x = torch.tensor([x1], requires_grad=True)
    states = [(torch.zeros(1), torch.zeros(1))]
    hyperparams = dict(settings, t=1)
    xs = []
    for t in range(1, steps + 1):
        xs.append(x.item())
        x.grad = torch.tensor([C if t % 3 == 1 else -1.0])
        hyperparams['lr'] = settings['lr'] / math.sqrt(t)
        optimizer([x], states, hyperparams)
        with torch.no_grad():
            x.clamp_(-1.0, 1.0)
    return np.array(xs)


settings = {'lr': 0.1, 'beta1': 0.0, 'beta2': 0.1, 'eps': 1e-6}  # one dict for both
paths = {'Adam': online_run(adam, settings), 'Yogi': online_run(yogi, settings)}

fig, ax = d2l.plt.subplots(figsize=(6, 3), facecolor='white')
for name, xs in paths.items():
    ax.plot(np.arange(1, len(xs) + 1), xs, lw=1.8, label=name)
ax.axhline(-1, color='gray', lw=0.8, ls=':')
ax.set(xlabel='step t', ylabel='$x_t$', xscale='log', ylim=(-1.08, 1.08),
       title='same η, β1, β2, ε and start')
ax.legend()
ax.grid(alpha=0.3)
fig.tight_layout()

print(', '.join(f"{name} ends at x = {xs[-1]:+.4f}" for name, xs in paths.items()))
assert paths['Adam'][-1] > 0.99 and paths['Yogi'][-1] < -0.99

# %% [markdown]
# With identical settings Adam walks to $x = +1$, the worst point, and stays;
# Yogi reaches $x = -1$. The chapter explains why: with $\beta_2 = 0.1$, Adam's
# $\mathbf{s}_t$ forgets the large gradient within two steps, so the two small
# gradients each get a larger step than their size deserves and outweigh the
# large one. Yogi can lower $\mathbf{s}_t$ by at most $(1-\beta_2)\,g_t^2$ per
# step, so it keeps dividing the small gradients by roughly as much as the large
# one.
#
# The construction needs a small $\beta_2$. The chapter's `run_reddi` runs the
# same problem quickly, in plain Python numbers (the tests check it against
# `torch.optim.Adam` and our `yogi`); here it is again, unchanged:

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
# so we can ask at which $\beta_2$ Adam starts to fail, still with $\beta_1 = 0$
# and the same settings for all methods:

# %%
print(f"{'beta2':>6}  {'Adam':>7} {'Yogi':>7}   (x after 30,000 steps)")
for beta2 in [0.1, 0.3, 0.5, 0.7, 0.9, 0.999]:
    x, _ = run_reddi(C=3, beta1=0.0, beta2=beta2, steps=30_000)
    print(f"{beta2:6g}  {x['Adam'][-1]:+7.3f} {x['Yogi'][-1]:+7.3f}")

# %% [markdown]
# For $C = 3$ Adam ends at the wrong end when $\mathbf{s}_t$ has a memory of
# only a few steps ($\beta_2 \le 0.3$), gets stuck in between around
# $\beta_2 = 0.5$, and converges once $\mathbf{s}_t$ remembers at least a whole
# cycle of three steps ($1/(1 - \beta_2) \ge 3$, from $\beta_2 = 0.7$ on in the
# table). Yogi converges for every $\beta_2$ here. This is the paper's recipe,
# $\beta_2 = 1/(1 + C^2)$: a scale estimate that forgets faster than the rare
# large gradient comes back.

# %% [markdown]
# ## <a id="solution-5" name="solution-5"></a>Exercise 5: ε inside the root
#
# [Back to the exercise](adam.ipynb#exercise-5)
#
# *Move $\epsilon$ inside the square root in `adam` and run the "Trust, but
# verify" cell again. How large does the difference to `torch.optim.Adam`
# become? Then make the two agree again by changing only the value of $\epsilon$
# you pass to `torch.optim.Adam`. Is that possible?*
#
# Only the line of the step changes:

# %%
def adam_eps_inside(params, states, hyperparams):
    """Adam with eps under the square root, as RMSProp had it; then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-6)
    t = hyperparams['t']
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * p.grad ** 2
            v_hat = v / (1 - beta1 ** t)
            s_hat = s / (1 - beta2 ** t)
            p[:] -= hyperparams['lr'] * v_hat / torch.sqrt(s_hat + eps)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# The "Trust, but verify" comparison, with $\epsilon = 10^{-6}$ on both sides,
# and `adam` itself for scale. We also keep the states of our run to look at
# the $\hat{\mathbf{s}}$ it ends with.

# %%
states = init_adam_states(feature_dim)
gap_inside = side_by_side(scratch(adam_eps_inside, states), builtin(eps=1e-6))
s_hat_end = torch.cat([s.flatten() for _, s in states]) / (1 - 0.999 ** 300)
print(f"eps inside the root against torch.optim.Adam: {gap_inside:.1e}")
print(f"the chapter's adam against torch.optim.Adam:  {gap_builtin:.1e} "
      f"(its assert allows {1e-6:.0e})")
print(f"s_hat after 300 steps: {s_hat_end.min():.3f} ... {s_hat_end.max():.3f}, "
      f"so sqrt(s_hat) >= {s_hat_end.min().sqrt():.2f}, while sqrt(eps) = {1e-3:g}")
assert gap_builtin < gap_inside < 1e-5

# %% [markdown]
# The difference grows several times over, but it stays at the size of a
# rounding error, about as large as the $10^{-6}$ that the chapter's `assert`
# allows: on the airfoil data, that check can hardly tell where $\epsilon$ is.
# The reason is the size of the gradients. Every $\hat{s}$ here is many orders
# of magnitude larger than $\epsilon$, so $\epsilon$ hardly matters wherever it
# goes: inside the root it changes the denominator by about
# $\epsilon/(2\sqrt{\hat{s}})$, outside by $\epsilon$, and both are millionths
# of $\sqrt{\hat{s}}$.
#
# To make them agree we need an $\epsilon'$ with $\sqrt{s} + \epsilon' =
# \sqrt{s + \epsilon}$, that is
#
# $$\epsilon'(s) = \sqrt{s + \epsilon} - \sqrt{s} =
#   \frac{\epsilon}{\sqrt{s + \epsilon} + \sqrt{s}}.$$
#
# It depends on $s$: no single $\epsilon'$ works for every $s$. For $s \gg
# \epsilon$ it is about $\epsilon / (2\sqrt{s})$, for $s \ll \epsilon$ it tends
# to $\sqrt{\epsilon}$:

# %%
eps = 1e-6
s_values = np.logspace(-12, 0, 7)
needed = np.sqrt(s_values + eps) - np.sqrt(s_values)
for s_value, eps_prime in zip(s_values, needed):
    print(f"s = {s_value:7.0e}: eps' = {eps_prime:.2e}")
print(f"the eps' needed spans a factor of {needed.max() / needed.min():,.0f}")
assert needed.max() / needed.min() > 1000

s_fine = np.logspace(-12, 1, 200)
fig, ax = d2l.plt.subplots(figsize=(5, 3), facecolor='white')
ax.loglog(s_fine, np.sqrt(s_fine + eps) - np.sqrt(s_fine), lw=2.5,
          label=r"$\epsilon'(s) = \sqrt{s+\epsilon} - \sqrt{s}$")
ax.loglog(s_fine, eps / (2 * np.sqrt(s_fine)), 'k--', lw=1, label=r'$\epsilon / (2\sqrt{s})$')
ax.axhline(math.sqrt(eps), color='C3', ls=':', lw=1.5, label=r'$\sqrt{\epsilon}$')
ax.axvspan(s_hat_end.min().item(), s_hat_end.max().item(), color='0.85',
           label=r'$\hat{s}$ on the airfoil data')
ax.set(xlabel='$s$', ylabel=r"$\epsilon'$ that matches", ylim=(1e-7, 1e-2),
       title=r'$\epsilon = 10^{-6}$')
ax.legend(fontsize='small')
ax.grid(alpha=0.3)
fig.tight_layout()

# %% [markdown]
# So matching is possible only approximately, and only where all the $s$ that
# matter lie in a narrow range. On the airfoil data they do (the grey band), and
# an $\epsilon'$ from that range brings the two closer than $\epsilon' = \epsilon$
# does, though not down to the rounding level of `adam` itself:

# %%
print(f"torch.optim.Adam(eps=1e-06): largest difference {gap_inside:.1e} (above)")
for eps_prime in [2e-6, 1e-5]:
    gap = side_by_side(scratch(adam_eps_inside, init_adam_states(feature_dim)),
                       builtin(eps=eps_prime))
    print(f"torch.optim.Adam(eps={eps_prime:g}): largest difference {gap:.1e}")

# %% [markdown]
# Where the squared gradients are comparable to $\epsilon$ or smaller, the two
# formulas do different things, and no $\epsilon'$ can hide it. With $\epsilon$
# inside, the step is $\eta\,g/\sqrt{g^2 + \epsilon}$, which for tiny $g$ shrinks
# in proportion to $g$, like SGD with learning rate $\eta/\sqrt{\epsilon}$; with
# $\epsilon$ outside it keeps its full size until $|g|$ is about $\epsilon$
# itself. We can see this on the same data with every label multiplied by
# $10^{-3}$, which scales the gradients down by about as much:

# %%
gap_small_adam = side_by_side(scratch(adam, init_adam_states(feature_dim)), builtin(),
                              label_scale=1e-3)
small_gaps = {}
for eps_prime in [1e-6, 3e-4, 1e-3]:
    small_gaps[eps_prime] = side_by_side(
        scratch(adam_eps_inside, init_adam_states(feature_dim)), builtin(eps=eps_prime),
        label_scale=1e-3)
    print(f"torch.optim.Adam(eps={eps_prime:g}): largest difference "
          f"{small_gaps[eps_prime]:.1e}")
best = min(small_gaps, key=small_gaps.get)
print(f"best eps' = {best:g} still leaves {small_gaps[best]:.1e}; adam against "
      f"torch.optim.Adam on the same data: {gap_small_adam:.1e}")
assert small_gaps[best] > 1000 * gap_small_adam

# %% [markdown]
# Now the difference is thousands of times larger than rounding for every
# $\epsilon'$ we try. The answer to the exercise: with the airfoil data's
# gradients, moving $\epsilon$ inside changes the parameters by about a rounding
# error, and a suitable $\epsilon'$ nearly undoes it; in general it cannot be
# undone, because the $\epsilon'$ that would undo it depends on $s$, from
# $\epsilon/(2\sqrt{s})$ for large $s$ up to $\sqrt{\epsilon}$ for small $s$.
#
# The self-check uses $\epsilon = 0.01$ and gradients around $0.1$, where the
# place of $\epsilon$ makes a clear difference:

# %%
verdict = d2l.check_exercise(5, adam_eps_inside)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-6" name="solution-6"></a>Exercise 6: Adam without bias correction
#
# [Back to the exercise](adam.ipynb#exercise-6)
#
# *Remove the bias correction from `adam` (use $\mathbf{v}_t$ and
# $\mathbf{s}_t$ directly) and train again with $\eta = 0.01$. Relate what you
# see in the first part of the loss curve to the right-hand panel of the
# bias-correction figure.*

# %%
def adam_uncorrected(params, states, hyperparams):
    """Adam with v_t and s_t used as they are, without dividing by 1 - beta^t."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-6)
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * p.grad ** 2
            p[:] -= hyperparams['lr'] * v / (torch.sqrt(s) + eps)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# We train both versions for one epoch, 150 steps, and record the loss and the
# largest coordinate move after every step, for the book's $\beta_2 = 0.999$ and
# for $\beta_2 = 0.9999$.

# %%
def stepwise(trainer, beta2):
    """Full-data loss and largest coordinate move after each step of the first epoch."""
    w, b = problem.w0.clone(), torch.zeros(1)
    states, hyperparams = init_adam_states(feature_dim), {'lr': 0.01, 't': 1, 'beta2': beta2}
    X_all, y_all = problem.schedule.features, problem.schedule.labels
    losses, moves = [], []
    for X, y in problem.schedule.epochs[0]:
        before = torch.cat([w.flatten(), b])
        set_gradients([w, b], X, y)
        trainer([w, b], states, hyperparams)
        moves.append((torch.cat([w.flatten(), b]) - before).abs().max().item())
        losses.append(d2l.squared_loss(d2l.linreg(X_all, w, b), y_all).mean().item())
    return np.array(losses), np.array(moves)


fig, (left, right) = d2l.plt.subplots(1, 2, figsize=(8, 3), facecolor='white')
t = np.arange(1, 151)
for beta2, color in [(0.999, 'C0'), (0.9999, 'C3')]:
    loss_c, move_c = stepwise(adam, beta2)
    loss_u, move_u = stepwise(adam_uncorrected, beta2)
    ratio = move_u / move_c
    left.plot(t, ratio, color=color, lw=1.5, label=f'measured, β2 = {beta2}')
    left.plot(t, (1 - 0.9 ** t) / np.sqrt(1 - beta2 ** t), '--', color=color, lw=1,
              label='constant gradient')
    right.plot(t, loss_c, color=color, lw=2.5, alpha=0.4, label=f'corrected, β2 = {beta2}')
    right.plot(t, loss_u, color=color, lw=1.2, label=f'uncorrected, β2 = {beta2}')
    print(f"beta2 = {beta2}: uncorrected step / corrected step {ratio[0]:.2f} at t = 1, "
          f"largest {ratio.max():.2f} at t = {ratio.argmax() + 1}, {ratio[-1]:.2f} at t = 150")
    print(f"{'':15}uncorrected loss: highest {loss_u.max():.3f} at t = {loss_u.argmax() + 1}, "
          f"{loss_u[9]:.3f} at t = 10 (corrected {loss_c[9]:.3f}), "
          f"{loss_u[-1]:.4f} at t = 150 (corrected {loss_c[-1]:.4f})")
left.set(xlabel='step t', ylabel='uncorrected / corrected step', xscale='log')
right.set(xlabel='step t', ylabel='loss', xscale='log')
for ax in (left, right):
    ax.legend(fontsize='x-small')
    ax.grid(alpha=0.3)
fig.tight_layout()

# %% [markdown]
# The left panel is the right-hand panel of the chapter's bias-correction
# figure, measured: without the correction the first step is
# $(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16$ times the corrected one for
# $\beta_2 = 0.999$ (exactly as the figure's constant gradient predicts, since at
# $t = 1$ both averages have seen one gradient), and within the first dozen steps
# the factor climbs past 6. Here the gradients are not constant, so the measured
# curve wanders around the dashed prediction, but it follows it.
#
# The loss curves show what steps several times too large do. The first few
# steps overshoot: the uncorrected loss *rises* above its starting value of
# about 0.49 (see the printed highest loss, within the first few steps), while
# the corrected loss falls from the start. Then the large steps pay off on this
# easy problem, and after ten steps the uncorrected loss is lower; with
# $\beta_2 = 0.999$ it ends close to the corrected run. That is luck, not design:
# early training behaves as if $\eta$ were several times larger than we chose.
# With $\beta_2 = 0.9999$, $\mathbf{s}_t$ is even smaller at the start (the
# dashed prediction climbs to about 20), the first jump in the loss is larger, the
# steps stay many times too large for the whole epoch, and after 150 steps the
# loss is still clearly above the corrected run's. The bias correction is what
# makes $\eta$ mean the same thing at step 1 as at step 10,000.

# %%
verdict = d2l.check_exercise(6, adam_uncorrected)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-7" name="solution-7"></a>Exercise 7: AMSGrad
#
# [Back to the exercise](adam.ipynb#exercise-7)
#
# *AMSGrad keeps the largest value of $\mathbf{s}$ seen so far and divides by
# that instead. Write `amsgrad` in our calling convention and verify it against
# `torch.optim.Adam(amsgrad=True)` as we did for `adam`.*
#
# The documentation of `torch.optim.Adam` keeps the running maximum of the
# *uncorrected* $\mathbf{s}_t$ and divides that maximum by $1 - \beta_2^t$:
#
# $$\mathbf{s}^{\max}_t = \max\left(\mathbf{s}^{\max}_{t-1}, \mathbf{s}_t\right),
#   \qquad
#   \mathbf{x}_t = \mathbf{x}_{t-1} - \frac{\eta\, \hat{\mathbf{v}}_t}
#   {\sqrt{\mathbf{s}^{\max}_t / (1 - \beta_2^t)} + \epsilon}.$$
#
# The maximum needs a third state tensor per parameter:

# %%
def init_amsgrad_states(feature_dim):
    """One triple (v, s, s_max) of zero tensors for each parameter: first w, then b."""
    return tuple((v, s, torch.zeros_like(s)) for v, s in init_adam_states(feature_dim))


def amsgrad(params, states, hyperparams):
    """One AMSGrad step: adam, dividing by the largest s so far; then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-6)
    t = hyperparams['t']
    for p, (v, s, s_max) in zip(params, states):
        with torch.no_grad():
            v[:] = beta1 * v + (1 - beta1) * p.grad
            s[:] = beta2 * s + (1 - beta2) * p.grad ** 2
            torch.maximum(s_max, s, out=s_max)     # the maximum before the correction
            v_hat = v / (1 - beta1 ** t)
            s_hat = s_max / (1 - beta2 ** t)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# A comparison is only worth something if it could fail. So we also count how
# often the maximum was larger than the current $\mathbf{s}_t$ (if never,
# AMSGrad would be plain Adam on this run and the check would prove nothing), and
# we compare the chapter's `adam` with `torch.optim.Adam(amsgrad=True)` as well.

# %%
def counting(trainer, counter):
    """`trainer`, counting the entries where s_max exceeds s after each step."""
    def step(params, states, hyperparams):
        trainer(params, states, hyperparams)
        counter.append(sum(int((s_max > s).sum()) for _, s, s_max in states))
    return step


active = []
gap_amsgrad = side_by_side(scratch(counting(amsgrad, active), init_amsgrad_states(feature_dim)),
                           builtin(amsgrad=True))
gap_adam_vs_amsgrad = side_by_side(scratch(adam, init_adam_states(feature_dim)),
                                   builtin(amsgrad=True))
print(f"{len(active)} steps: amsgrad against torch.optim.Adam(amsgrad=True): "
      f"largest difference {gap_amsgrad:.1e}")
print(f"the maximum was active in {sum(active)} of {6 * len(active)} entries over all steps")
print(f"adam against torch.optim.Adam(amsgrad=True): {gap_adam_vs_amsgrad:.1e}")
assert len(active) >= 300 and gap_amsgrad <= 1e-6
assert gap_adam_vs_amsgrad > 10 * gap_amsgrad

# %% [markdown]
# Our `amsgrad` matches PyTorch's to float32 rounding at every step. The maximum
# was doing real work in a large share of the entries, and leaving it out (plain
# `adam`) moves the parameters far more than rounding does, so the agreement is
# evidence. Taking the maximum *after* the bias correction would be a different
# algorithm: $\hat{\mathbf{s}}_1 = \mathbf{g}_1^2$, so the maximum of
# $\hat{\mathbf{s}}_t$ remembers the first squared gradients at full size, while
# the maximum of $\mathbf{s}_t$ holds them only with the weight $1 - \beta_2$
# they have in the average. The self-check knows that slip, and two others:

# %%
verdict = d2l.check_exercise(7, amsgrad)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-8" name="solution-8"></a>Exercise 8: how far Yogi's correction overshoots
#
# [Back to the exercise](adam.ipynb#exercise-8)
#
# *Feed Yogi's update (9) a constant gradient $g$, starting from $s_0 = 0$.
# Compute $\hat{s}_t = s_t/(1 - \beta_2^t)$ for $t$ up to a few thousand. How far
# from $g^2$ does it get, and when?*

# %%
def yogi_s_hat(g, beta2, steps):
    """Yogi's corrected s_hat_1 ... s_hat_steps for the constant gradient g."""
    s, s_hat = 0.0, []
    for t in range(1, steps + 1):
        s += (1 - beta2) * g ** 2 * np.sign(g ** 2 - s)   # (9)
        s_hat.append(s / (1 - beta2 ** t))                # (5)
    return torch.tensor(s_hat, dtype=torch.float64)


# %%
g, beta2 = 0.5, 0.999
ratio = (yogi_s_hat(g, beta2, 6000) / g ** 2).numpy()
peak = int(ratio.argmax()) + 1
back = int(np.nonzero(np.abs(ratio - 1) > 0.01)[0][-1]) + 2  # first t from which within 1%

fig, ax = d2l.plt.subplots(figsize=(6, 3), facecolor='white')
ax.plot(np.arange(1, len(ratio) + 1), ratio, lw=2, label=r"Yogi's $\hat{s}_t / g^2$")
ax.axhline(1, color='k', ls='--', lw=1, label=r"Adam's $\hat{s}_t / g^2$")
ax.axvline(peak, color='gray', ls=':', lw=1)
ax.set(xlabel='step t', ylabel=r'$\hat{s}_t / g^2$', title=r'$\beta_2 = 0.999$')
ax.legend()
ax.grid(alpha=0.3)
fig.tight_layout()

print(f"g = {g}, beta2 = {beta2}: s_hat peaks at {ratio.max():.4f} g^2 at t = {peak}, "
      f"and is within 1% of g^2 again from t = {back}")
print(f"so Yogi's step is {1 / math.sqrt(ratio.max()):.3f} times Adam's there")
assert peak == 1000 and 1.58 < ratio.max() < 1.583
assert np.allclose(yogi_s_hat(3.0, beta2, 6000).numpy() / 9.0, ratio)  # the same for any g

# %% [markdown]
# With a constant gradient, Adam's $\hat{s}_t$ equals $g^2$ at every step: that
# is what the correction (5) was derived for. Yogi's does not. While $s_{t-1} <
# g^2$, (9) adds the same amount $(1 - \beta_2)\,g^2$ at every step, so $s_t =
# t\,(1 - \beta_2)\,g^2$ grows linearly and reaches $g^2$ after exactly
# $1/(1 - \beta_2) = 1000$ steps; from then on the sign is zero and $s$ stays
# there (in floating point it steps back and forth by one increment around
# $g^2$). Dividing by $1 - \beta_2^t$, which grows more slowly than linearly,
# over-corrects:
#
# $$\frac{\hat{s}_t}{g^2} = \frac{t\,(1 - \beta_2)}{1 - \beta_2^t}
#   \quad (t \le 1000), \qquad
#   \frac{\hat{s}_t}{g^2} = \frac{1}{1 - \beta_2^t} \quad (t \ge 1000).$$
#
# The ratio starts at $1$, rises to its peak at $t = 1000$, where it is
# $1/(1 - 0.999^{1000}) \approx 1.58$, and then decays back towards $1$; it takes
# until the printed step, more than four thousand steps, to be within 1%. So
# Yogi's corrected estimate overshoots $g^2$ by up to 58%, and its steps are about
# 20% smaller than Adam's around step 1000. The same happens for every $\beta_2$
# close to $1$, at about $t = 1/(1-\beta_2)$ and by almost the same factor, since
# $\beta_2^{1/(1-\beta_2)} \approx e^{-1}$:

# %%
for beta2 in [0.99, 0.999, 0.9999]:
    ratio = yogi_s_hat(1.0, beta2, round(3 / (1 - beta2))).numpy()
    print(f"beta2 = {beta2}: peak {ratio.max():.4f} g^2 at t = {ratio.argmax() + 1}")
print(f"limit 1 / (1 - 1/e) = {1 / (1 - math.exp(-1)):.4f}")

# %% [markdown]
# The self-check calls your `yogi_s_hat(g, beta2, steps)` with other values of
# $g$ and $\beta_2$:

# %%
verdict = d2l.check_exercise(8, yogi_s_hat)
assert verdict.passed, verdict
verdict
