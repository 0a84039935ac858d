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
# Answers to the eight exercises at the end of the
# [lesson on Adam](adam.ipynb#exercises), and at the end, to the three of
# [Adam in practice](adam_in_practice.ipynb#exercises). Try each exercise before you read its
# solution: most take a few lines of code, and the self-check
# `d2l.check_exercise(n, answer)` tells you whether yours is right without showing
# you this page. Each solution links back to its exercise; the numbers that carry an
# answer are asserted in their cell, so the notebook stops if one of them changes.
#
# We use the lesson's data and start: the airfoil regression with minibatches of 10,
# the starting weights and minibatch order of `train_ch11` after
# `torch.manual_seed(0)`, and the lesson's own functions: `d2l.adam`,
# `d2l.init_adam_states`, `d2l.adam_step_size` and `d2l.run_reddi`.

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
# Several answers compare two optimizers step by step, as the lesson's
# "Trust, but verify" cell does: two copies of the model start from the same
# weights, see the same minibatches, and after every step we record the largest
# difference between their parameters. `side_by_side` does that for any two
# optimizers; `scratch` and `builtin` wrap an optimizer in our calling convention
# and one of PyTorch's (`torch.optim.Adam` unless told otherwise) so that both can be
# handed to it. To save time we write
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


def builtin(optimizer_class=torch.optim.Adam, **options):
    """A step maker for a torch optimizer, torch.optim.Adam unless told otherwise, with
    lr = 0.01 and our eps = 1e-6 by default."""
    def make(params):
        optimizer = optimizer_class(params, **{'lr': 0.01, 'eps': 1e-6, **options})

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
# ## <a id="solution-1" name="solution-1"></a>Exercise 1: a step beyond the bound
#
# [Back to the exercise](adam.ipynb#exercise-1)
#
# *Find a history of gradients for which `adam_step_size` returns more than the
# bound $(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16$. How large can you make the
# step with the usual decay rates? On the airfoil data, how close do the largest
# steps come to $\eta$?*
#
# Late in a run, when the bias correction is $1$, the step in units of $\eta$ is
# $|v_t|/\sqrt{s_t}$ with $v_t = \sum_i (1 - \beta_1)\beta_1^i g_{t-i}$ and
# $s_t = \sum_i (1 - \beta_2)\beta_2^i g_{t-i}^2$, by (3). Write each term of $v_t$ as
# $\big((1 - \beta_1)\beta_1^i / \sqrt{(1 - \beta_2)\beta_2^i}\big) \cdot
# \sqrt{(1 - \beta_2)\beta_2^i}\, g_{t-i}$; the Cauchy–Schwarz inequality then gives
#
# $$\frac{|v_t|}{\sqrt{s_t}} \le \frac{1 - \beta_1}{\sqrt{1 - \beta_2}}
#   \sqrt{\sum_{i \ge 0} \left(\frac{\beta_1^2}{\beta_2}\right)^i}
#   = \frac{1 - \beta_1}{\sqrt{1 - \beta_2}} \frac{1}{\sqrt{1 - \beta_1^2/\beta_2}},$$
#
# when $\beta_1^2 < \beta_2$, with equality when every gradient is in proportion to its
# factor, $g_{t-i} \propto (\beta_1/\beta_2)^i$: gradients that *grow* by the factor
# $\beta_2/\beta_1 \approx 1.11$ per step. The sparse history of the lesson, one
# gradient after many zeros, keeps only the term $i = 0$ of the sum and reaches
# $3.16$; a steadily growing gradient adds the others. We try growth factors $r$ over
# 20,000 steps (the step ignores the scale of the gradients, so we let the last one
# be $1$):

# %%
beta1, beta2 = 0.9, 0.999
limit = (1 - beta1) / math.sqrt(1 - beta2) / math.sqrt(1 - beta1 ** 2 / beta2)
T = 20_000
for r in [1.0, 1.05, beta2 / beta1, 1.2]:
    gradients = [r ** (t - T) for t in range(1, T + 1)]  # g_t = r^t, scaled so g_T = 1
    print(d2l.tr("g_t grows by r = {r:.4f} per step: a step of {size:.2f} eta",
                 r=r, size=d2l.adam_step_size(gradients)))
print(d2l.tr("the limit from Cauchy-Schwarz: {limit:.2f} eta; Kingma & Ba's bound: "
             "{bound:.2f} eta", limit=limit, bound=(1 - beta1) / math.sqrt(1 - beta2)))
growing = d2l.adam_step_size([(beta2 / beta1) ** (t - T) for t in range(1, T + 1)])
assert growing > 7 and abs(growing - limit) < 1e-3

# %% [markdown]
# A gradient that grows by $11\%$ per step for long enough gets a step of about
# $7.27\,\eta$, more than twice the bound. The bound of Kingma & Ba covers the sparse
# case they name, not every history of gradients; $7.27\,\eta$ is the real ceiling
# with these decay rates. When $\beta_1^2 \ge \beta_2$, as with the lesson's button
# *β2 too small* ($\beta_1 = 0.99$, $\beta_2 = 0.9$), the sum diverges and there is no
# ceiling at all: a gradient that *shrinks* by the factor $\beta_2/\beta_1$ per step
# gets ever larger steps the longer it goes on:

# %%
for T in [10, 100, 1000]:
    shrinking = [(0.9 / 0.99) ** t for t in range(1, T + 1)]
    print(d2l.tr("beta1 = 0.99, beta2 = 0.9, {T:4d} steps: a step of {size:.3g} eta",
                 T=T, size=d2l.adam_step_size(shrinking, beta1=0.99, beta2=0.9)))

# %% [markdown]
# On the airfoil data the gradients are neither sparse nor growing for long. We train
# with four learning rates and record, for every step, the largest distance any
# coordinate moved, divided by $\eta$:

# %%
def tracking(trainer, moves):
    """The optimizer `trainer`, recording each step's largest coordinate move / lr."""
    def step(params, states, hyperparams):
        before = [p.detach().clone() for p in params]
        trainer(params, states, hyperparams)
        moves.append(max((p.detach() - q).abs().max().item()
                         for p, q in zip(params, before)) / hyperparams['lr'])
    return step


largest_move = {}
for lr in [1e-3, 1e-2, 1e-1, 1.0]:
    moves = []
    d2l.loss_curves({'adam': tracking(d2l.adam, moves)}, d2l.init_adam_states, problem,
                    {**d2l.BOOK_DEFAULTS, 'lr': lr}, torch_adam=False)
    largest_move[lr] = max(moves)
    print(d2l.tr("lr = {lr:g}: largest move {move:.2f} eta, at step {step}",
                 lr=lr, move=largest_move[lr], step=moves.index(largest_move[lr]) + 1))
assert all(0.99 < move < 1.1 for move in largest_move.values())

# %% [markdown]
# At the first step every coordinate moves by exactly $\eta$ (then $\hat v_1 = g_1$
# and $\hat s_1 = g_1^2$), and later steps stay within $7\%$ of that: the lesson's
# rule of thumb, a step of about $\eta$ for a gradient of steady sign, describes this
# problem well, and neither bound is approached.

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
# rounding. We train it side by side with the lesson's `adam` for two epochs:

# %%
gap_averaged = side_by_side(scratch(adam_averaged, d2l.init_adam_states(feature_dim)),
                            scratch(d2l.adam, d2l.init_adam_states(feature_dim)))
gap_builtin = side_by_side(scratch(d2l.adam, d2l.init_adam_states(feature_dim)), builtin())
print(d2l.tr("adam_averaged against adam: largest parameter difference {gap:.1e}",
             gap=gap_averaged))
print(d2l.tr("(adam against torch.optim.Adam, for scale: {gap:.1e})", gap=gap_builtin))
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
# the first part of training slow, so we lower it as training goes.
#
# We measure this over three epochs: three constant learning rates, and one
# schedule that starts at $\eta = 0.1$ and halves it every 40 steps. The exact
# minimum of the loss comes from least squares, so we can plot how far above it
# each run is.

# %%
d2l.describe_figure(d2l.tr("The loss above the least-squares minimum over three epochs, on a "
                           "log scale, for Adam with η = 0.1, 0.03 and 0.01 and with η = 0.1 "
                           "halved every 40 steps: a smaller η ends lower, the halving schedule "
                           "ends lowest"))
long_problem = d2l.make_problem(data_iter, seed=0, num_epochs=3)
X, y = long_problem.schedule.features, long_problem.schedule.labels
design = torch.cat([X, torch.ones(len(X), 1)], dim=1).double()
solution = torch.linalg.lstsq(design, y.double()).solution
least_loss = ((design @ solution - y.double()) ** 2 / 2).mean().item()


def halving(lr0, every):
    """Our adam with lr = lr0, halved every `every` steps."""
    def step(params, states, hyperparams):
        hyperparams['lr'] = lr0 * 0.5 ** ((hyperparams['t'] - 1) // every)
        d2l.adam(params, states, hyperparams)
    return step


schedules = {'η = 0.1': (d2l.adam, 0.1), 'η = 0.03': (d2l.adam, 0.03), 'η = 0.01': (d2l.adam, 0.01),
             'η = 0.1, halved every 40 steps': (halving(0.1, 40), 0.1)}
excess, jitter = {}, {}
fig, ax = d2l.plt.subplots(figsize=(6, 3.2), facecolor='white')
for name, (trainer, lr) in schedules.items():
    moves = []
    curve = d2l.loss_curves({name: tracking(trainer, moves)}, d2l.init_adam_states, long_problem,
                            {**d2l.BOOK_DEFAULTS, 'lr': lr}, torch_adam=False)[name]
    above = np.array(curve.losses) - least_loss
    ax.plot(curve.epochs, above, lw=1.8, label=d2l.tr(name))
    excess[name] = above[-15:].mean()   # the last epoch: 15 evaluations
    jitter[name] = np.mean(moves[-150:])  # the last epoch: 150 steps
ax.set(xlabel=d2l.tr('epoch'), ylabel=d2l.tr('loss above the least-squares minimum'),
       yscale='log', xlim=(0, 3))
ax.legend(fontsize='small')
ax.grid(alpha=0.3)
fig.tight_layout()

print(d2l.tr("least-squares minimum of the loss: {loss:.4f}", loss=least_loss))
print(f"{d2l.tr('schedule'):32} {d2l.tr('excess loss, last epoch'):>24} "
      f"{d2l.tr('mean move / eta'):>16}")
for name in schedules:
    print(f"{d2l.tr(name):32} {excess[name]:24.1e} {jitter[name]:16.2f}")

# %% [markdown]
# With a constant $\eta$, the last epoch's mean excess loss falls with $\eta$,
# and in every run, the decaying one included, the mean move per step stays a
# fixed fraction of the current $\eta$ (the last column). The minibatch noise
# keeps $\hat{\mathbf{v}}_t/\sqrt{\hat{\mathbf{s}}_t}$ away from zero, so only a
# smaller $\eta$ makes the steps, and the jitter, smaller. The halving schedule
# gets the best of both: it covers the distance to the minimum with large steps
# early, then ends closest to the minimum.

# %% [markdown]
# ## <a id="solution-4" name="solution-4"></a>Exercise 4: where Adam starts to fail
#
# [Back to the exercise](adam.ipynb#exercise-4)
#
# *On the problem of Reddi et al. with $\beta_1 = 0$, raise $\beta_2$ from the
# paper's $1/(1 + C^2)$. Where does Adam stop ending at $+1$, for $C = 3$ and for
# $C = 10$? Why does a larger $C$ need a smaller $\beta_2$ to defeat Adam?*
#
# First the runs, with the lesson's `run_reddi` (saved as `d2l.run_reddi`) and the
# 30,000 steps of its sliders. Adam, AMSGrad and Yogi share every setting, as in the
# lesson: a comparison that gives the methods different learning rates shows what a
# learning rate does, not what a method does.

# %%
trials = {3: [1 / 10, 0.2, 0.3, 0.4, 0.5, 0.6, 0.9], 10: [1 / 101, 0.05, 0.08, 0.1, 0.12, 0.2, 0.9]}
ends = {}
for C, beta2s in trials.items():
    for beta2 in beta2s:
        x, _ = d2l.run_reddi(C, beta1=0.0, beta2=beta2, steps=30_000)
        ends[C, beta2] = x['Adam'][-1], x['Yogi'][-1]
        print(d2l.tr("C = {C:2d}, beta2 = {beta2:.4f}: Adam ends at x = {adam:+.3f}, "
                     "Yogi at x = {yogi:+.3f}", C=C, beta2=beta2, adam=x['Adam'][-1],
                     yogi=x['Yogi'][-1]))
assert all(yogi < -0.99 for _, yogi in ends.values())

# %% [markdown]
# For $C = 3$ Adam ends at $+1$ up to $\beta_2 = 0.4$ and at $-1$ from $0.6$ on; for
# $C = 10$ it fails up to $\beta_2 = 0.08$ and succeeds from $0.12$ on. In between it
# is caught halfway after 30,000 steps. Yogi reaches $-1$ in every run.
#
# Why? With $\beta_1 = 0$ and late in a run, $s_t$ settles into a cycle of three
# values: $a$ after the gradient $C$, then $b$ and $c$ after the two gradients $-1$.
# By (2), $b = \beta_2 a + (1 - \beta_2)$, $c = \beta_2 b + (1 - \beta_2)$ and
# $a = \beta_2 c + (1 - \beta_2) C^2$, so
# $a = (1 - \beta_2)(C^2 + \beta_2 + \beta_2^2)/(1 - \beta_2^3)$. Over a cycle $x$
# moves by $\eta_t$ times
#
# $$d = -\frac{C}{\sqrt{a}} + \frac{1}{\sqrt{b}} + \frac{1}{\sqrt{c}},$$
#
# and Adam drifts to $+1$ when $d > 0$. The threshold is the $\beta_2$ where $d = 0$:

# %%
def adam_drift(C, beta2):
    """Adam's move per cycle of (8) in units of eta_t, once s_t cycles (beta1 = 0)."""
    a = (1 - beta2) * (C ** 2 + beta2 + beta2 ** 2) / (1 - beta2 ** 3)  # s after C
    b = beta2 * a + 1 - beta2                                          # after one -1
    c = beta2 * b + 1 - beta2                                          # after two
    return -C / math.sqrt(a) + 1 / math.sqrt(b) + 1 / math.sqrt(c)     # > 0: towards +1


def threshold(C, low=1e-9, high=0.999):
    """The beta2 at which adam_drift changes sign, by bisection."""
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (middle, high) if adam_drift(C, middle) > 0 else (low, middle)
    return low


print(d2l.tr("C = 3, beta2 = 0.1: drift {drift:+.2f} per cycle (the lesson measured +0.68)",
             drift=adam_drift(3, 0.1)))
thresholds = {C: threshold(C) for C in (3, 5, 10)}
for C, beta2 in thresholds.items():
    print(d2l.tr("C = {C:2d}: Adam fails for beta2 below {beta2:.3f}; C * beta2 = {product:.2f}",
                 C=C, beta2=beta2, product=C * beta2))
assert all(0.9 < C * beta2 < 1.5 for C, beta2 in thresholds.items())
assert all((ends[C, beta2][0] > 0.99) == (beta2 < thresholds[C])
           for C, beta2 in ends if abs(beta2 - thresholds[C]) > 0.05)

# %% [markdown]
# The drift per cycle agrees with the one the lesson measured, and the thresholds,
# $0.47$ for $C = 3$ and $0.098$ for $C = 10$, fall where the runs change sides.
#
# A larger $C$ needs a smaller $\beta_2$ because Adam fails only if it forgets the
# large gradient within the two small steps that follow it. After the large
# gradient $s$ is about $C^2$ (for small $\beta_2$); two steps later what is left of
# it is about $\beta_2^2 C^2$, and the second small gradient gets an inflated step
# only if that is not large against its own $1$. So $\beta_2$ must be below about
# $1/C$: the printed products $C\beta_2$ stay between about $1$ and $1.4$. The
# paper's choice $1/(1 + C^2)$ lies far below: a fifth of the threshold for $C = 3$,
# a tenth for $C = 10$.

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
states = d2l.init_adam_states(feature_dim)
gap_inside = side_by_side(scratch(adam_eps_inside, states), builtin(eps=1e-6))
s_hat_end = torch.cat([s.flatten() for _, s in states]) / (1 - 0.999 ** 300)
print(d2l.tr("eps inside the root against torch.optim.Adam: {gap:.1e}", gap=gap_inside))
print(d2l.tr("the lesson's adam against torch.optim.Adam:   {gap:.1e} "
             "(its assert allows {allowed:.0e})", gap=gap_builtin, allowed=1e-6))
print(d2l.tr("s_hat after 300 steps: {low:.3f} ... {high:.3f}, so sqrt(s_hat) >= {root:.2f}, "
             "while sqrt(eps) = {root_eps:g}", low=s_hat_end.min(), high=s_hat_end.max(),
             root=s_hat_end.min().sqrt(), root_eps=1e-3))
assert gap_builtin < gap_inside < 1e-5

# %% [markdown]
# The difference grows several times over, but it stays at the size of a
# rounding error, about as large as the $10^{-6}$ that the lesson's `assert`
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
d2l.describe_figure(d2l.tr("The ε' that matches, √(s + ε) - √s with ε = 10⁻⁶, against s on log "
                           "axes: about √ε for tiny s, then falling like ε / (2√s); a grey band "
                           "marks the ŝ of the airfoil data"))
eps = 1e-6
s_values = np.logspace(-12, 0, 7)
needed = np.sqrt(s_values + eps) - np.sqrt(s_values)
for s_value, eps_prime in zip(s_values, needed):
    print(f"s = {s_value:7.0e}: eps' = {eps_prime:.2e}")
print(d2l.tr("the eps' needed spans a factor of {factor:,.0f}",
             factor=needed.max() / needed.min()))
assert needed.max() / needed.min() > 1000

s_fine = np.logspace(-12, 1, 200)
fig, ax = d2l.plt.subplots(figsize=(5, 3), facecolor='white')
ax.loglog(s_fine, np.sqrt(s_fine + eps) - np.sqrt(s_fine), lw=2.5,
          label=r"$\epsilon'(s) = \sqrt{s+\epsilon} - \sqrt{s}$")
ax.loglog(s_fine, eps / (2 * np.sqrt(s_fine)), 'k--', lw=1, label=r'$\epsilon / (2\sqrt{s})$')
ax.axhline(math.sqrt(eps), color='C3', ls=':', lw=1.5, label=r'$\sqrt{\epsilon}$')
ax.axvspan(s_hat_end.min().item(), s_hat_end.max().item(), color='0.85',
           label=d2l.tr(r'$\hat{s}$ on the airfoil data'))
ax.set(xlabel='$s$', ylabel=d2l.tr(r"$\epsilon'$ that matches"), ylim=(1e-7, 1e-2),
       title=r'$\epsilon = 10^{-6}$')
ax.legend(fontsize='small')
ax.grid(alpha=0.3)
fig.tight_layout()

# %% [markdown]
# So matching is possible only approximately, and only where all the $s$ that
# matter lie in a narrow range. On the airfoil data they do (the grey band). Does an
# $\epsilon'$ from that range bring the two back to the rounding level of `adam`
# itself?

# %%
print(d2l.tr("torch.optim.Adam(eps=1e-06): largest difference {gap:.1e} (above)",
             gap=gap_inside))
gaps = {}
for eps_prime in [2e-6, 1e-5]:
    gaps[eps_prime] = side_by_side(scratch(adam_eps_inside, d2l.init_adam_states(feature_dim)),
                                   builtin(eps=eps_prime))
    print(d2l.tr("torch.optim.Adam(eps={eps:g}): largest difference {gap:.1e}",
                 eps=eps_prime, gap=gaps[eps_prime]))
assert 3 * gap_builtin < gaps[2e-6] < gap_inside < gaps[1e-5]

# %% [markdown]
# No. $\epsilon' = 2 \cdot 10^{-6}$, inside the band, trims the difference only a
# little, and $10^{-5}$, outside it, makes it worse; both stay at least three times
# above the rounding-level difference between `adam` and `torch.optim.Adam` printed
# earlier.
#
# Where the squared gradients are comparable to $\epsilon$ or smaller, the two
# formulas do different things, and no $\epsilon'$ can hide it. With $\epsilon$
# inside, the step is $\eta\,g/\sqrt{g^2 + \epsilon}$, which for tiny $g$ shrinks
# in proportion to $g$, like SGD with learning rate $\eta/\sqrt{\epsilon}$; with
# $\epsilon$ outside it keeps its full size until $|g|$ is about $\epsilon$
# itself. We can see this on the same data with every label multiplied by
# $10^{-3}$, which scales the gradients down by about as much:

# %%
gap_small_adam = side_by_side(scratch(d2l.adam, d2l.init_adam_states(feature_dim)), builtin(),
                              label_scale=1e-3)
small_gaps = {}
for eps_prime in [1e-6, 3e-4, 1e-3]:
    small_gaps[eps_prime] = side_by_side(
        scratch(adam_eps_inside, d2l.init_adam_states(feature_dim)), builtin(eps=eps_prime),
        label_scale=1e-3)
    print(d2l.tr("torch.optim.Adam(eps={eps:g}): largest difference {gap:.1e}",
                 eps=eps_prime, gap=small_gaps[eps_prime]))
best = min(small_gaps, key=small_gaps.get)
print(d2l.tr("best eps' = {best:g} still leaves {gap:.1e}; adam against "
             "torch.optim.Adam on the same data: {adam_gap:.1e}", best=best,
             gap=small_gaps[best], adam_gap=gap_small_adam))
assert small_gaps[best] > 1000 * gap_small_adam

# %% [markdown]
# Now the difference is thousands of times larger than rounding for every
# $\epsilon'$ we try. The answer to the exercise: with the airfoil data's
# gradients, moving $\epsilon$ inside changes the parameters by a few rounding
# errors, and an $\epsilon'$ from the grey band only trims that a little; in general
# it cannot be undone, because the $\epsilon'$ that would undo it depends on $s$,
# from $\epsilon/(2\sqrt{s})$ for large $s$ up to $\sqrt{\epsilon}$ for small $s$.
#
# The self-check uses $\epsilon = 0.01$ and gradients around $0.1$, where the
# place of $\epsilon$ makes a clear difference:

# %%
verdict = d2l.check_exercise(5, adam_eps_inside)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-6" name="solution-6"></a>Exercise 6: how long the bias correction matters
#
# [Back to the exercise](adam.ipynb#exercise-6)
#
# *Remove the bias correction from `adam`. For a constant gradient, how many steps
# does it take until the uncorrected step is within 10% of the corrected one, with
# $\beta_2 = 0.999$ and with $\beta_2 = 0.9999$? Compare with the 300 steps of our
# training run, and measure the ratio of the two steps there.*

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
# For a constant gradient the corrected step is $\eta$ and the uncorrected one
# $\eta\,(1 - \beta_1^t)/\sqrt{1 - \beta_2^t}$, the right-hand panel of the lesson's
# figure. $\beta_1^t$ is below $10^{-9}$ after 200 steps, so the ratio is within 10%
# once $\sqrt{1 - \beta_2^t} \ge 1/1.1$, that is for
# $t \ge \ln(1 - 1/1.21)/\ln \beta_2$:

# %%
def constant_gradient_ratio(t, beta2, beta1=0.9):
    return (1 - beta1 ** t) / math.sqrt(1 - beta2 ** t)


within = {}
for beta2 in [0.999, 0.9999]:
    t = 1
    while constant_gradient_ratio(t, beta2) > 1.1:
        t += 1
    within[beta2] = t
    print(d2l.tr("beta2 = {beta2}: within 10% from t = {t:,} "
                 "(ln(1 - 1/1.21) / ln(beta2) = {formula:,.0f}); "
                 "at t = 300 the ratio is {ratio:.2f}", beta2=beta2, t=t,
                 formula=math.log(1 - 1 / 1.21) / math.log(beta2),
                 ratio=constant_gradient_ratio(300, beta2)))
assert within[0.999] > 1000 and within[0.9999] > 10 * within[0.999] - 100

# %% [markdown]
# About 1,750 steps for $\beta_2 = 0.999$ and ten times as many for $0.9999$: far
# longer than our run of 300 steps, at whose end the uncorrected step is still about
# twice, or nearly six times, the corrected one. The bias correction is not a detail
# of the first few steps. We measure the ratio on the airfoil data, with the loss,
# over both epochs:

# %%
d2l.describe_figure(d2l.tr("Left: the uncorrected step over the corrected one for β2 = 0.999 "
                           "and 0.9999, measured and, dashed, for a constant gradient, step t "
                           "on a log scale: several times too large at first, still above 1 at "
                           "step 300. Right: the loss of the corrected and the uncorrected "
                           "runs; the uncorrected first rises above its start"))
def stepwise(trainer, beta2):
    """Full-data loss and largest coordinate move after each step of the two epochs."""
    w, b = problem.w0.clone(), torch.zeros(1)
    states = d2l.init_adam_states(feature_dim)
    hyperparams = {'lr': 0.01, 't': 1, 'beta2': beta2}
    X_all, y_all = problem.schedule.features, problem.schedule.labels
    losses, moves = [], []
    for batches in problem.schedule.epochs:
        for X, y in batches:
            before = torch.cat([w.flatten(), b])
            set_gradients([w, b], X, y)
            trainer([w, b], states, hyperparams)
            moves.append((torch.cat([w.flatten(), b]) - before).abs().max().item())
            losses.append(d2l.squared_loss(d2l.linreg(X_all, w, b), y_all).mean().item())
    return np.array(losses), np.array(moves)


print(d2l.tr("loss before training: {loss:.3f}", loss=d2l.start_loss(problem)))
fig, (left, right) = d2l.plt.subplots(1, 2, figsize=(8, 3), facecolor='white')
t = np.arange(1, 301)
for beta2, color in [(0.999, 'C0'), (0.9999, 'C3')]:
    loss_c, move_c = stepwise(d2l.adam, beta2)
    loss_u, move_u = stepwise(adam_uncorrected, beta2)
    ratio = move_u / move_c
    left.plot(t, ratio, color=color, lw=1.5, label=d2l.tr('measured, β2 = {beta2}', beta2=beta2))
    left.plot(t, (1 - 0.9 ** t) / np.sqrt(1 - beta2 ** t), '--', color=color, lw=1,
              label=d2l.tr('constant gradient'))
    right.plot(t, loss_c, color=color, lw=2.5, alpha=0.4,
               label=d2l.tr('corrected, β2 = {beta2}', beta2=beta2))
    right.plot(t, loss_u, color=color, lw=1.2,
               label=d2l.tr('uncorrected, β2 = {beta2}', beta2=beta2))
    print(d2l.tr("beta2 = {beta2}: uncorrected step / corrected step {first:.2f} at t = 1, "
                 "largest {peak:.2f} at t = {at}, {last:.2f} at t = 300", beta2=beta2,
                 first=ratio[0], peak=ratio.max(), at=ratio.argmax() + 1, last=ratio[-1]))
    print(" " * 15 + d2l.tr("uncorrected loss: highest {high:.3f} at t = {at}, "
                            "{last:.4f} at t = 300 (corrected {corrected:.4f})",
                            high=loss_u.max(), at=loss_u.argmax() + 1, last=loss_u[-1],
                            corrected=loss_c[-1]))
left.set(xlabel=d2l.tr('step t'), ylabel=d2l.tr('uncorrected / corrected step'), xscale='log')
right.set(xlabel=d2l.tr('step t'), ylabel=d2l.tr('loss'), xscale='log')
for ax in (left, right):
    ax.legend(fontsize='x-small')
    ax.grid(alpha=0.3)
fig.tight_layout()

# %% [markdown]
# The measured ratio (left) has the shape of the constant-gradient prediction but
# not its values, since these gradients are not constant: $3.16$ at the first step for
# $\beta_2 = 0.999$ and $10$ for $0.9999$, as $(1 - \beta_1)/\sqrt{1 - \beta_2}$
# predicts, and still well above $1$ at step 300. The steps several times too large
# show in the loss (right): it first *rises* above its start of about $0.49$, then
# falls fast; with $\beta_2 = 0.999$ it ends close to the corrected run, by luck
# rather than design, and with $\beta_2 = 0.9999$ clearly above it. Without the
# correction, early training behaves as if $\eta$ were several times larger than
# chosen; the correction makes $\eta$ mean the same at step 1 as at step 10,000.

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
    return tuple((v, s, torch.zeros_like(s)) for v, s in d2l.init_adam_states(feature_dim))


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
# we compare the lesson's `adam` with `torch.optim.Adam(amsgrad=True)` as well.

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
gap_adam_vs_amsgrad = side_by_side(scratch(d2l.adam, d2l.init_adam_states(feature_dim)),
                                   builtin(amsgrad=True))
print(d2l.tr("{steps} steps: amsgrad against torch.optim.Adam(amsgrad=True): "
             "largest difference {gap:.1e}", steps=len(active), gap=gap_amsgrad))
print(d2l.tr("the maximum was active in {active} of {entries} entries over all steps",
             active=sum(active), entries=6 * len(active)))
print(d2l.tr("adam against torch.optim.Adam(amsgrad=True): {gap:.1e}", gap=gap_adam_vs_amsgrad))
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
# *Feed Yogi's update (12) a constant gradient $g$, starting from $s_0 = 0$.
# Compute $\hat{s}_t = s_t/(1 - \beta_2^t)$ for $t$ up to a few thousand. How far
# from $g^2$ does it get, and when?*

# %%
def yogi_s_hat(g, beta2, steps):
    """Yogi's corrected s_hat_1 ... s_hat_steps for the constant gradient g."""
    s, s_hat = 0.0, []
    for t in range(1, steps + 1):
        s += (1 - beta2) * g ** 2 * np.sign(g ** 2 - s)   # (12)
        s_hat.append(s / (1 - beta2 ** t))                # (5)
    return torch.tensor(s_hat, dtype=torch.float64)


# %%
d2l.describe_figure(d2l.tr("Yogi's ŝ_t / g² for a constant gradient with β2 = 0.999 over 6,000 "
                           "steps: it rises above 1 to a peak at step 1,000, marked by a dotted "
                           "line, and comes back to 1 slowly; Adam's is 1 throughout, dashed"))
g, beta2 = 0.5, 0.999
ratio = (yogi_s_hat(g, beta2, 6000) / g ** 2).numpy()
peak = int(ratio.argmax()) + 1
back = int(np.nonzero(np.abs(ratio - 1) > 0.01)[0][-1]) + 2  # first t from which within 1%

fig, ax = d2l.plt.subplots(figsize=(6, 3), facecolor='white')
ax.plot(np.arange(1, len(ratio) + 1), ratio, lw=2, label=d2l.tr(r"Yogi's $\hat{s}_t / g^2$"))
ax.axhline(1, color='k', ls='--', lw=1, label=d2l.tr(r"Adam's $\hat{s}_t / g^2$"))
ax.axvline(peak, color='gray', ls=':', lw=1)
ax.set(xlabel=d2l.tr('step t'), ylabel=r'$\hat{s}_t / g^2$', title=r'$\beta_2 = 0.999$')
ax.legend()
ax.grid(alpha=0.3)
fig.tight_layout()

print(d2l.tr("g = {g}, beta2 = {beta2}: s_hat peaks at {peak:.4f} g^2 at t = {at}, "
             "and is within 1% of g^2 again from t = {back}", g=g, beta2=beta2,
             peak=ratio.max(), at=peak, back=back))
print(d2l.tr("so Yogi's step is {factor:.3f} times Adam's there",
             factor=1 / math.sqrt(ratio.max())))
assert peak == 1000 and 1.58 < ratio.max() < 1.583
assert np.allclose(yogi_s_hat(3.0, beta2, 6000).numpy() / 9.0, ratio)  # the same for any g

# %% [markdown]
# With a constant gradient, Adam's $\hat{s}_t$ equals $g^2$ at every step: that
# is what the correction (5) was derived for. Yogi's does not. While $s_{t-1} <
# g^2$, (12) adds the same amount $(1 - \beta_2)\,g^2$ at every step, so $s_t =
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
    print(d2l.tr("beta2 = {beta2}: peak {peak:.4f} g^2 at t = {at}", beta2=beta2,
                 peak=ratio.max(), at=ratio.argmax() + 1))
print(d2l.tr("limit 1 / (1 - 1/e) = {limit:.4f}", limit=1 / (1 - math.exp(-1))))

# %% [markdown]
# The self-check calls your `yogi_s_hat(g, beta2, steps)` with other values of
# $g$ and $\beta_2$:

# %%
verdict = d2l.check_exercise(8, yogi_s_hat)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## Adam in practice
#
# The solutions of the exercises at the end of
# [Adam in practice](adam_in_practice.ipynb#exercises).
#
# ### <a id="solution-adamw" name="solution-adamw"></a>Exercise 1: AdamW
#
# [Back to the exercise](adam_in_practice.ipynb#exercise-1)
#
# *Write `adamw(params, states, hyperparams)` again, this time without repeating Adam's
# update: shrink the parameters, then call the lesson's `adam` unchanged. Why may the
# shrinking come first without changing the averages $\mathbf{v}$ and $\mathbf{s}$,
# and would it still be AdamW if it came after `adam`?*
#
# The update is $\mathbf{x}_t = (1 - \eta\lambda)\,\mathbf{x}_{t-1} - \eta\,
# \hat{\mathbf{v}}_t/(\sqrt{\hat{\mathbf{s}}_t} + \epsilon)$, with the averages of the
# gradient of the loss alone, and `torch.optim.AdamW` shrinks the parameter before the
# rest of the step. The gradient was computed before the step, at $\mathbf{x}_{t-1}$,
# so shrinking the parameter first leaves the averages alone, and AdamW is the
# shrinking followed by the lesson's `adam`, unchanged:

# %%
def adamw(params, states, hyperparams):
    """AdamW as torch.optim.AdamW orders it: shrink every parameter, then Adam's step."""
    with torch.no_grad():
        for p in params:
            p.mul_(1 - hyperparams['lr'] * hyperparams['weight_decay'])
    d2l.adam(params, states, hyperparams)


# %% [markdown]
# The self-check runs it beside `torch.optim.AdamW` on a problem of its own:

# %%
verdict = d2l.check_exercise('adamw', adamw)
assert verdict.passed, verdict
verdict

# %% [markdown]
# Three slips are easy to make, and each of them is a different optimizer: adding
# $\lambda \mathbf{x}$ to the gradient instead, which is Adam with an L2 penalty,
# `torch.optim.Adam(weight_decay=λ)`; shrinking by $1 - \lambda$ instead of
# $1 - \eta\lambda$, which is the paper's form read with its schedule multiplier
# $\eta_t = 1$ and its $\lambda$ taken for PyTorch's; and shrinking after Adam's step
# instead of before it. We compare each with `torch.optim.AdamW` over the lesson's 300
# steps, at the lesson's $\eta = 0.01$ with $\lambda = 0.1$, and at $\eta = 0.1$ with
# $\lambda = 1$:

# %%
def decay_without_lr(params, states, hyperparams):
    """A slip: the parameter shrinks by 1 - weight_decay, without the learning rate."""
    with torch.no_grad():
        for p in params:
            p.mul_(1 - hyperparams['weight_decay'])
    d2l.adam(params, states, hyperparams)


def decay_after_step(params, states, hyperparams):
    """A slip: Adam's step first, then the shrinking."""
    d2l.adam(params, states, hyperparams)
    with torch.no_grad():
        for p in params:
            p.mul_(1 - hyperparams['lr'] * hyperparams['weight_decay'])


for lr, decay in ((0.01, 0.1), (0.1, 1.0)):
    reference = builtin(torch.optim.AdamW, lr=lr, weight_decay=decay)
    candidates = {
        'adamw': scratch(adamw, d2l.init_adam_states(feature_dim), lr=lr, weight_decay=decay),
        'decay added to the gradient (torch.optim.Adam(weight_decay=...))':
            builtin(torch.optim.Adam, lr=lr, weight_decay=decay),
        'decay without the learning rate': scratch(
            decay_without_lr, d2l.init_adam_states(feature_dim), lr=lr, weight_decay=decay),
        'decay after the step': scratch(
            decay_after_step, d2l.init_adam_states(feature_dim), lr=lr, weight_decay=decay),
    }
    gaps = {name: side_by_side(make, reference) for name, make in candidates.items()}
    print(d2l.tr("lr = {lr:g}, weight_decay = {decay:g}: largest difference from "
                 "torch.optim.AdamW over 300 steps", lr=lr, decay=decay))
    for name, gap in gaps.items():
        print(d2l.tr("    {name}: {gap:.1e}", name=d2l.tr(name), gap=gap))
    assert gaps['adamw'] <= 1e-6 and min(gaps.values()) == gaps['adamw']
    assert all(gap > 100 * 1e-6 for name, gap in gaps.items() if name != 'adamw')

# %% [markdown]
# Our `adamw` matches PyTorch to `float32` rounding. The first two slips are far off
# at both settings. The third is subtle: shrinking after the step shrinks Adam's step
# as well, by the factor $1 - \eta\lambda$, so each step differs by $\eta\lambda$ times
# Adam's step. That is why it shows a hundred times more at the larger setting, where
# $\eta\lambda$ is $0.1$ instead of $0.001$. It is not AdamW: the decay no longer
# acts on the parameter alone.
#
# ### <a id="solution-groups" name="solution-groups"></a>Exercise 2: no decay for the bias
#
# [Back to the exercise](adam_in_practice.ipynb#exercise-2)
#
# *Give `torch.optim.AdamW` two parameter groups, so that it decays $\mathbf{w}$ but not
# $b$, and write `adamw_groups`, which reads one $\lambda$ per parameter. Check them
# against each other. Does exempting $b$ change the result on the airfoil data?*
#
# A parameter group is a dictionary with the parameters and whatever hyperparameters
# differ for them; the rest come from the keyword arguments. Our version takes a
# sequence of $\lambda$, one for each parameter in `params`:

# %%
def adamw_groups(params, states, hyperparams):
    """AdamW with one weight decay per parameter, hyperparams['weight_decay'][i]."""
    with torch.no_grad():
        for p, decay in zip(params, hyperparams['weight_decay']):
            p.mul_(1 - hyperparams['lr'] * decay)
    d2l.adam(params, states, hyperparams)


def grouped_adamw(params):
    """A step maker for torch.optim.AdamW that decays w by 0.1 and b not at all."""
    w, b = params
    optimizer = torch.optim.AdamW([{'params': [w]}, {'params': [b], 'weight_decay': 0.0}],
                                  lr=0.01, eps=1e-6, weight_decay=0.1)

    def step():
        optimizer.step()
        optimizer.zero_grad()
    return step


gap_groups = side_by_side(
    scratch(adamw_groups, d2l.init_adam_states(feature_dim), weight_decay=(0.1, 0.0)),
    grouped_adamw)
gap_bias = side_by_side(
    scratch(adamw_groups, d2l.init_adam_states(feature_dim), weight_decay=(0.1, 0.0)),
    scratch(adamw, d2l.init_adam_states(feature_dim), weight_decay=0.1))
labels = problem.schedule.labels
print(d2l.tr("adamw_groups against torch.optim.AdamW with two groups: largest difference "
             "{gap:.1e}", gap=gap_groups))
print(d2l.tr("decaying b or not: the parameters differ by at most {gap:.1e}; the mean label "
             "is {mean:.1e}", gap=gap_bias, mean=labels.mean()))
assert gap_groups <= 1e-6 and gap_bias < 0.01

# %% [markdown]
# The two agree to rounding. On the airfoil data the exemption hardly matters: the
# parameters move by less than a percent of the weights' size. The features and labels
# are standardised, so the best bias is close to zero (the mean label of these 1,500
# rows is a few thousandths), and a decay that pulls $b$ towards zero pulls it where it
# already is. In a network, the scale of a normalisation layer starts at $1$, and weight
# decay would pull it towards $0$; BERT's code exempts such parameters, and all biases.
#
# ### <a id="solution-warmup" name="solution-warmup"></a>Exercise 3: how long to warm up
#
# [Back to the exercise](adam_in_practice.ipynb#exercise-3)
#
# *How much weight do the first gradients still have in $\mathbf{s}_W$ after
# $W = 2/(1 - \beta_2)$ steps? Compare the rule with the warmups of LLaMA and BERT.*
#
# In $\mathbf{s}_t$ the squared gradient of step $i$ has the weight
# $(1 - \beta_2)\beta_2^{t-i}$, so the first one counts $\beta_2^{t-1}$ times as much as
# the newest. With
# $\beta^{1/(1-\beta)} \approx e^{-1}$ for $\beta$ close to $1$, at $t = W$ that is about
# $e^{-2} \approx 0.135$ for every $\beta_2$; and the bias correction
# $1/(1 - \beta_2^W)$ is down to about $1/(1 - e^{-2}) \approx 1.16$. After the rule's
# warmup, $\hat{\mathbf{s}}$ is an average over the last $1/(1 - \beta_2)$ steps or so,
# like any later one, and its start has faded.

# %%
for beta2, used in ((0.95, 2000), (0.99, None), (0.999, 10_000)):
    W = round(2 / (1 - beta2))
    line = d2l.tr("beta2 = {beta2}: W = {W:,}, the first gradient's weight relative to the "
                  "newest {first:.3f}, the correction 1 / (1 - beta2^W) = {correction:.3f}",
                  beta2=beta2, W=W, first=beta2 ** (W - 1), correction=1 / (1 - beta2 ** W))
    if used:
        line += d2l.tr("; after the {used:,} steps of warmup used with it, {left:.1e}",
                       used=used, left=beta2 ** (used - 1))
    print(line)
print(d2l.tr("for comparison, e^-2 = {value:.3f}", value=math.exp(-2)))

# %% [markdown]
# By this measure the scale estimate at step $W$ is like any later one, for every
# $\beta_2$. LLaMA ($\beta_2 = 0.95$) warms up over 2,000 steps, fifty
# times the rule's 40, by which time its first gradients count nothing at all; BERT
# ($\beta_2 = 0.999$) over 10,000, five times the rule's 2,000. So those long warmups
# are not explained by Adam's scale estimate alone; the papers do not say why they
# chose them. What the rule gives is a warmup that needs no tuning: in the small network
# of Adam in practice it was enough to prevent the damage.
