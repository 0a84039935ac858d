# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Adam in practice
#
# The [lesson on Adam](adam.ipynb) ends where practice begins. Most networks trained
# today do not use the Adam of the lesson as it stands: they use `torch.optim.AdamW`,
# with weight decay, and a learning rate that first grows and then shrinks. This
# notebook is about that recipe. As in the lesson, we derive each piece, write it from
# scratch, check it against PyTorch, and then try it. It assumes the lesson and reuses
# its code as `d2l.adam` and `d2l.init_adam_states`.
#
# **After this notebook you will be able to**
#
# * write AdamW from scratch and say exactly where PyTorch applies the decay;
# * tell decoupled weight decay from an L2 penalty in Adam, and predict where each one
#   ends up;
# * explain why Adam's first steps are its riskiest, and write warmup with cosine or
#   linear decay, from scratch and with `torch.optim.lr_scheduler`;
# * read the settings that papers on large models report, and what Adam's state costs
#   in memory.
#
# **Reading time:** about 39 minutes: 3,700 words at 150 a minute, and a minute for
# each of the 14 cells that show a result. The [exercises](#exercises) come on top.
#
# * [AdamW from scratch](#adamw)
# * [Why decoupling matters](#decoupling)
# * [Warmup and schedules](#schedules)
# * [The numbers people use](#numbers)
# * [What Adam costs](#memory)

# %%
# %matplotlib inline
import functools
import math

import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, LinearLR, SequentialLR

from d2l_local import torch as d2l

torch.manual_seed(0)
d2l.use_svg_display()
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
problem = d2l.make_problem(data_iter, seed=0)  # the lesson's start and minibatches

# %% [markdown]
# ## <a id="adamw" name="adamw"></a>AdamW from scratch
#
# *Weight decay* pulls every weight towards zero a little at each step, so that the
# model only keeps large weights where the data asks for them. For plain SGD there are
# two ways to write it, and they are the same. One adds the penalty
# $\frac{\lambda}{2}\|\mathbf{x}\|^2$ to the loss $f$ (an *L2 penalty*, as in the book's
# section on weight decay), so that its gradient $\lambda \mathbf{x}$ joins the
# gradient of the loss; the other shrinks the weights directly:
#
# $$\mathbf{x}_t = \mathbf{x}_{t-1} - \eta\left(\nabla f(\mathbf{x}_{t-1})
#   + \lambda \mathbf{x}_{t-1}\right)
#   = (1 - \eta\lambda)\,\mathbf{x}_{t-1} - \eta \nabla f(\mathbf{x}_{t-1}). \tag{1}$$
#
# In Adam they are not the same. With the L2 penalty, the gradient that enters both
# averages is $\mathbf{g}_t = \nabla f(\mathbf{x}_{t-1}) + \lambda \mathbf{x}_{t-1}$, and
# the step divides it, coordinate by coordinate, by $\sqrt{\hat{\mathbf{s}}_t} + \epsilon$.
# The penalty's part of the step is then about
#
# $$\frac{\eta \lambda\, x_i}{\sqrt{\hat s_i} + \epsilon} \tag{2}$$
#
# for coordinate $i$: a weight whose loss gradients are large has a large
# $\hat s_i$, so its decay is divided by a large number and it is held back less than
# a weight whose gradients are small. [Loshchilov & Hutter (2019)](#ref-loshchilov)
# therefore *decouple* the decay from the adaptive step: the averages see only the
# gradient of the loss, and the weights shrink by themselves, outside the division.
# In PyTorch's convention that is
#
# $$\mathbf{x}_t = (1 - \eta\lambda)\,\mathbf{x}_{t-1}
#   - \frac{\eta\, \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon}, \tag{3}$$
#
# with $\hat{\mathbf{v}}_t$ and $\hat{\mathbf{s}}_t$ computed exactly as in Adam from
# $\mathbf{g}_t = \nabla f(\mathbf{x}_{t-1})$ alone. This is AdamW.
#
# Where exactly does PyTorch put the decay? The documented algorithm of
# `torch.optim.AdamW` computes the gradient at $\mathbf{x}_{t-1}$, then multiplies the
# parameter by $1 - \gamma\lambda$ ($\gamma$ is PyTorch's name for the learning rate),
# and only then updates the two averages and takes the Adam step from the shrunk
# parameter; the code does it with `param.mul_(1 - lr * weight_decay)`.
# `torch.optim.Adam(weight_decay=λ)` is the other one: its algorithm adds
# $\lambda \mathbf{x}_{t-1}$ to the gradient before the averages, an L2 penalty. In
# PyTorch 2.13 `AdamW` is a subclass of `Adam` that only sets
# `decoupled_weight_decay=True`.
#
# The paper writes the same update differently:
# $\mathbf{x}_t = \mathbf{x}_{t-1} - \eta_t \big(\alpha\, \hat{\mathbf{v}}_t /
# (\sqrt{\hat{\mathbf{s}}_t} + \epsilon) + \lambda \mathbf{x}_{t-1}\big)$ (its
# Algorithm 2), where $\alpha$ is the learning rate and $\eta_t$ a schedule multiplier.
# Its $\lambda$ is not multiplied by the learning rate, PyTorch's is; a $\lambda$ from
# the paper is PyTorch's $\lambda$ times $\alpha$ (a difference discussed in
# [pytorch#38853](#ref-pytorch-38853)). In this notebook $\lambda$ is always PyTorch's.
#
# Our `adamw` follows (3) in the book's calling convention, with $\lambda$ as
# `hyperparams['weight_decay']`; the decay comes first, as in PyTorch. (Want to write
# it yourself first? Do [Exercise 1](#exercise-1) before you read on.) Beside it, Adam
# with an L2 penalty needs no optimizer of its own: add the penalty's gradient to
# `p.grad` and take the lesson's step.

# %%
def adamw(params, states, hyperparams):
    """One AdamW step (3) for every parameter, in place; then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-6)
    lr, t = hyperparams['lr'], hyperparams['t']
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            p[:] *= 1 - lr * hyperparams['weight_decay']   # the decay, first, as torch does
            v[:] = beta1 * v + (1 - beta1) * p.grad        # Adam's averages of the gradient
            s[:] = beta2 * s + (1 - beta2) * p.grad ** 2   # of the loss alone
            v_hat = v / (1 - beta1 ** t)
            s_hat = s / (1 - beta2 ** t)
            p[:] -= lr * v_hat / (torch.sqrt(s_hat) + eps)  # the Adam step of (3)
        p.grad.zero_()
    hyperparams['t'] += 1


def adam_l2(params, states, hyperparams):
    """Adam on the loss plus (weight_decay / 2) * ||p||^2: the penalty's gradient
    joins p.grad, then the lesson's step."""
    with torch.no_grad():
        for p in params:
            p.grad += hyperparams['weight_decay'] * p
    d2l.adam(params, states, hyperparams)


# %% [markdown]
# ### Trust, but verify
#
# As in the lesson, we run each of them beside its PyTorch counterpart, from the
# lesson's start on its minibatches, and after every step compare the parameters and
# the averages: our $\mathbf{v}$ and $\mathbf{s}$ with `exp_avg` and `exp_avg_sq`. We
# take $\lambda = 0.1$, so that the decay has something to do.

# %%
def minibatch_loss(X, y, w, b):
    return d2l.squared_loss(d2l.linreg(X, w, b), y).mean()


def side_by_side(trainer, reference, weight_decay=0.1, lr=0.01):
    """Our trainer beside a torch optimizer on the lesson's run: the largest
    differences over all steps of the parameters and of (v, s) from exp_avg and
    exp_avg_sq, and our parameters at the end."""
    ours = [problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)]
    theirs = [p.detach().clone().requires_grad_() for p in ours]
    states = d2l.init_adam_states(feature_dim)
    hyperparams = {'lr': lr, 'weight_decay': weight_decay, 't': 1}
    optimizer = reference(theirs, lr=lr, eps=1e-6, weight_decay=weight_decay)
    largest = moments = 0.0
    for batches in problem.schedule.epochs:
        for X, y in batches:
            minibatch_loss(X, y, *ours).backward()
            trainer(ours, states, hyperparams)
            optimizer.zero_grad()
            minibatch_loss(X, y, *theirs).backward()
            optimizer.step()
            with torch.no_grad():
                for p, q, (v, s) in zip(ours, theirs, states):
                    state = optimizer.state[q]
                    largest = max(largest, (p - q).abs().max().item())
                    moments = max(moments, (v - state['exp_avg']).abs().max().item(),
                                  (s - state['exp_avg_sq']).abs().max().item())
    return largest, moments, ours


# %%
checks = {'adamw against torch.optim.AdamW': side_by_side(adamw, torch.optim.AdamW),
          'adam_l2 against torch.optim.Adam(weight_decay=0.1)':
              side_by_side(adam_l2, torch.optim.Adam)}
for name, (largest, moments, _) in checks.items():
    print(d2l.tr("{name}: largest difference over 300 steps {largest:.1e}, of v and s "
                 "{moments:.1e}", name=d2l.tr(name), largest=largest, moments=moments))
(_, _, decoupled), (_, _, coupled) = checks.values()
apart = max((p - q).abs().max().item() for p, q in zip(decoupled, coupled))
print(d2l.tr("the two methods end apart by {apart:.3f}", apart=apart))
assert all(largest <= 1e-6 and moments <= 1e-6 for largest, moments, _ in checks.values())
assert apart > 1000 * 1e-6  # a comparison that could fail

# %% [markdown]
# Both agree with PyTorch to `float32` rounding at every step, averages included,
# while the two methods end far apart: the check could have failed.
#
# ## <a id="decoupling" name="decoupling"></a>Why decoupling matters
#
# Where does each method end? Adam keeps moving as long as its average step is not
# zero. With the L2 penalty the step is a positive number times the averaged gradient
# of loss plus penalty, so Adam comes to rest where that gradient vanishes, on the
# whole data set:
#
# $$\nabla F(\mathbf{x}) + \lambda \mathbf{x} = \mathbf{0}, \tag{4}$$
#
# with $F$ the loss on all the data. That is *ridge regression*, the minimum of the
# loss plus $\frac{\lambda}{2}\|\mathbf{x}\|^2$: the division by $\sqrt{\hat s}$ changes
# the way there, not the end. AdamW comes to rest where the decay and the step cancel in
# (3), $\lambda \mathbf{x} = -\hat{\mathbf{v}}/(\sqrt{\hat{\mathbf{s}}} + \epsilon)$, and
# with $\hat{\mathbf{v}}$ the average gradient that reads
#
# $$\nabla F(\mathbf{x}) + \lambda \left(\sqrt{\hat{\mathbf{s}}} + \epsilon\right) \odot
#   \mathbf{x} = \mathbf{0}. \tag{5}$$
#
# This is ridge regression too, but the penalty on each weight is $\lambda$ times the
# root mean square of its gradients (Loshchilov & Hutter's Proposition 3 says the same
# for a fixed $\hat{\mathbf{s}}$). Put the other way round, as (2) did: compared with
# decoupled decay, the L2 penalty on each weight is divided by $\sqrt{\hat s_i} +
# \epsilon$.
#
# Does the linear regression end where (4) and (5) say? `train_with_decay` trains it
# from the lesson's start and records the loss without the penalty and the
# parameters; `ridge` solves (4) or (5) in closed form for a given penalty per
# parameter; `settled` averages over the last epoch, to see through the noise of the
# minibatches. We train four epochs, twice the lesson's: AdamW shrinks the weights by a
# factor $1 - \eta\lambda$ per step, so it needs about $1/(\eta\lambda)$ steps to
# settle. The gradient is written out by hand, as in the lesson's solutions: for the
# residual $\mathbf{r} = \mathbf{X}\mathbf{w} + b - \mathbf{y}$ of a minibatch it is
# $\mathbf{X}^\top \mathbf{r}/n$ for $\mathbf{w}$ and the mean of $\mathbf{r}$ for $b$.

# %%
def train_with_decay(trainer, weight_decay, lr, problem):
    """Train the linear regression from problem's start on its minibatches with
    trainer (adam_l2 or adamw). Returns the epochs, the loss without the penalty
    and the parameters (w, b) after every 200 examples, from before the first step
    on, and the bias-corrected s of every parameter at the end."""
    w, b = problem.w0.clone(), torch.zeros(1)
    states = d2l.init_adam_states(len(w))
    hyperparams = {'lr': lr, 'weight_decay': weight_decay, 't': 1}
    losses, params = [], []

    def step(X, y):
        r = X @ w + b - y  # the residual of the minibatch
        w.grad, b.grad = X.T @ r / len(y), r.mean(0)
        trainer([w, b], states, hyperparams)

    def evaluate():
        losses.append(float(problem.loss(w, b)[0]))
        params.append(torch.cat([w.flatten(), b]))
        return losses[-1]

    runs = d2l.run_schedule(step, evaluate, problem.schedule)
    steps = hyperparams['t'] - 1
    s_hat = torch.cat([s.flatten() for _, s in states]) / (1 - 0.999 ** steps)  # beta2 = 0.999
    return [0.0, *runs.epochs.tolist()], losses, torch.stack(params), s_hat


def ridge(penalty, problem):
    """The (w, b) at which the full-data gradient plus penalty * (w, b) is zero:
    (4) or (5), with one penalty per parameter."""
    X, y = problem.schedule.features.double(), problem.schedule.labels.double()
    A = torch.cat([X, torch.ones(len(X), 1, dtype=torch.float64)], dim=1)
    return torch.linalg.solve(A.T @ A / len(A) + torch.diag(penalty), A.T @ y / len(A))[:, 0]


def settled(epochs, values):
    """The mean of values over the evaluations of the last epoch: where a run rests,
    with the noise of the minibatches averaged out."""
    epochs = torch.tensor(epochs)
    return torch.as_tensor(values, dtype=torch.float64)[epochs > epochs[-1] - 1].mean(0)


def decay_curves(trainers, weight_decay, lr, problem):
    """What the figure below draws: for each trainer, by name, the epochs, the loss
    and the norm of w."""
    curves = {}
    for name, trainer in trainers.items():
        epochs, losses, params, _ = train_with_decay(trainer, weight_decay, lr, problem)
        curves[name] = (epochs, losses, params[:, :-1].norm(dim=1).tolist())
    return curves


# %% [markdown]
# With $\lambda = 1$ and the lesson's $\eta = 0.01$, the dashed lines are the
# resting points that (4) and (5) predict:

# %% tags=["figure:decoupling"]
d2l.describe_figure(d2l.tr("Left: the loss without the penalty of Adam + L2, AdamW and no decay "
                           "over four epochs, each with its predicted resting point dashed. "
                           "Right: the length of w for the same runs. Adam + L2 shrinks w most "
                           "and ends with the highest loss, AdamW lies between it and no decay"))
longer = d2l.make_problem(data_iter, seed=0, num_epochs=4)  # the lesson's run, and 2 epochs more
lam, lr = 1.0, 0.01
trainers = {'Adam + L2': adam_l2, 'AdamW': adamw}
runs = {name: train_with_decay(trainer, lam, lr, longer) for name, trainer in trainers.items()}
runs['no decay'] = train_with_decay(adamw, 0.0, lr, longer)
penalties = {'Adam + L2': torch.full((feature_dim + 1,), lam, dtype=torch.float64),
             'AdamW': lam * (runs['AdamW'][3].double().sqrt() + 1e-6)}

fig, (left, right) = d2l.plt.subplots(1, 2, figsize=(8, 3), facecolor='white')
styles = {'Adam + L2': dict(color='C0'), 'AdamW': dict(color='C1'),
          'no decay': dict(color='0.6')}
for name, (epochs, losses, params, _) in runs.items():
    left.plot(epochs, losses, lw=2, label=d2l.tr(name), **styles[name])
    right.plot(epochs, params[:, :-1].norm(dim=1), lw=2, label=d2l.tr(name), **styles[name])
for name, penalty in penalties.items():
    rest = ridge(penalty, longer)
    left.axhline(longer.loss(rest[:-1], rest[-1:])[0], ls='--', lw=1, **styles[name])
    right.axhline(rest[:-1].norm(), ls='--', lw=1, **styles[name])
left.set(xlabel=d2l.tr('epoch'), ylabel=d2l.tr('loss (without the penalty)'), ylim=(0.22, 0.5))
right.set(xlabel=d2l.tr('epoch'), ylabel=d2l.tr(r'$\|\mathbf{w}\|$'), ylim=(0, 1))
left.plot([], [], 'k--', lw=1, label=d2l.tr('resting point, (4) and (5)'))
left.legend(loc='upper right')
for ax in (left, right):
    ax.grid(alpha=0.3)
fig.tight_layout()

for name, penalty in penalties.items():
    epochs, losses, params, _ = runs[name]
    rest, at_rest = ridge(penalty, longer), settled(epochs, params)
    print(d2l.tr("{name}: loss {loss:.3f}, ||w|| {norm:.3f} (predicted {predicted:.3f}); "
                 "largest difference from the prediction {gap:.3f}", name=d2l.tr(name),
                 loss=settled(epochs, losses), norm=at_rest[:-1].norm(),
                 predicted=rest[:-1].norm(), gap=(at_rest - rest).abs().max()))
epochs, losses, params, _ = runs['no decay']
print(d2l.tr("no decay: loss {loss:.3f}, ||w|| {norm:.3f}", loss=settled(epochs, losses),
             norm=settled(epochs, params)[:-1].norm()))
root_s = runs['AdamW'][3].sqrt()
print(d2l.tr("AdamW's sqrt(s_hat) at the end, w1 ... w5 and b: {values}",
             values=", ".join(f"{x:.2f}" for x in root_s)))

# %% [markdown]
# Both end where the formulas say: their parameters at rest are within a few
# thousandths of the predictions. At the same $\lambda$ the two are far apart: with the L2 penalty
# $\|\mathbf{w}\|$ shrinks to about a third of its length without decay and the loss
# rises by more than a third; with decoupled decay it keeps two thirds and the loss
# rises by 9%.
#
# Why so different? By (5), AdamW's penalty on each weight is $\lambda$ times its
# $\sqrt{\hat s}$, and here every $\sqrt{\hat s}$ is about a quarter. So on this problem
# AdamW with $\lambda$ is close to Adam with an L2 penalty of about $\lambda/4$. Let us
# check: Adam + L2 with $\lambda$ times the mean of the $\sqrt{\hat s}$ printed above.

# %%
matched = lam * root_s.mean().item()
epochs, _, l2_params, _ = train_with_decay(adam_l2, matched, lr, longer)
adamw_rest = settled(epochs, runs['AdamW'][2])
for name, params in {f'lambda = {lam:g}': runs['Adam + L2'][2],
                     f'lambda = {matched:.2f}': l2_params}.items():
    print(d2l.tr("Adam + L2 with {setting} against AdamW with lambda = {lam:g}: the "
                 "parameters differ by at most {gap:.3f}", setting=name, lam=lam,
                 gap=(settled(epochs, params) - adamw_rest).abs().max()))

# %% [markdown]
# That is the honest summary for this problem: when every weight sees gradients of
# about the same size, as here with standardised features, decoupling changes what a
# given $\lambda$ means, and a retuned $\lambda$ takes up nearly all of the difference
# (0.017 left of 0.168).
# It stops being a matter of scale when the sizes differ from weight to weight: then no
# single $\lambda$ turns one penalty into the other, and with L2 the regularisation of
# each weight is set by the size of its gradients. In a network the sizes do differ,
# by orders of magnitude between layers, as the [last section](#memory) measures.
#
# **Try it.** `decay_curves` retrains both methods for any $\lambda$ and $\eta$ with the
# `adamw` and `adam_l2` defined at the time, so an edit of yours shows at once. One
# question to try: does the resting point depend on $\eta$? Neither (4) nor (5) has an
# $\eta$ in it; only the way there does. At a third of the lesson's $\eta$ and at three
# times it, with $\lambda = 1$:

# %%
for lr_try in (0.003, 0.03):
    curves = decay_curves(trainers, lam, lr_try, longer)
    print(d2l.tr("η = {lr:g}: ", lr=lr_try) + ", ".join(
        d2l.tr("{name} ||w|| {norm:.3f}", name=d2l.tr(name), norm=settled(epochs, norms))
        for name, (epochs, _, norms) in curves.items()))

# %% [markdown]
# Compare with $0.343$ and $0.617$ at $\eta = 0.01$: the resting points hardly move. In
# PyTorch's convention, where the decay per step is $\eta\lambda$, a smaller $\eta$ makes
# AdamW slower to get there, but not go elsewhere.
#
# The sliders below ask the same for any $\lambda$ and $\eta$. Each move retrains our
# `adam_l2` and `adamw` from the lesson's start over the same four epochs and redraws
# the loss without the penalty and $\|\mathbf{w}\|$. A run whose loss stops being a
# number or passes 100 times its start is stopped, and its curves end in ✕. If you
# edit `adamw` or `adam_l2`, rerun its cell and this one to see your edit.

# %% tags=["decay-explorer"]
d2l.explore_decay({d2l.tr(name): trainer for name, trainer in trainers.items()},
                  init_states=d2l.init_adam_states, problem=longer)

# %% [markdown]
# **Play with it.**
#
# * At $\lambda = 1$, move $\eta$ from $0.001$ to $0.1$. Which method's
#   $\|\mathbf{w}\|$ after four epochs changes more, and has it come to rest at the
#   smallest $\eta$?
# * Which $\lambda$ makes AdamW end with the $\|\mathbf{w}\|$ that Adam + L2 reaches at
#   $\lambda = 1$? Predict it from the $\sqrt{\hat s}$ printed above, then try it.
# * Raise $\eta$ at $\lambda = 10$. Which method diverges, from which $\eta\lambda$ on,
#   and why does the other one not? Look at the factor $1 - \eta\lambda$ in (3), and
#   at how far one step of Adam can go.

# %% [markdown]
# ## <a id="schedules" name="schedules"></a>Warmup and schedules
#
# ### Why the first steps are the risky ones
#
# At the first step the bias correction makes $\hat{\mathbf{v}}_1 = \mathbf{g}_1$ and
# $\hat{\mathbf{s}}_1 = \mathbf{g}_1^2$, so the step is
# $\eta\, g_i/(|g_i| + \epsilon)$: every coordinate with a gradient moves by almost
# exactly $\eta$, whatever its gradient, because the scale it is divided by was
# estimated from that one gradient. Later the average of the gradients cancels their
# noise while the average of their squares does not, and the step of a noisy coordinate
# shrinks to a fraction of $\eta$ (the lesson's "How far one step goes"). So Adam's
# largest steps come first, taken with the worst estimate of the scale, when the
# parameters are furthest from anything sensible. [Ma & Yarats (2021)](#ref-ma-yarats)
# explain the need for warmup by this size of the update, and recommend linear warmup
# over
#
# $$W = \frac{2}{1 - \beta_2} \tag{6}$$
#
# steps as a default that needs no tuning: 2,000 steps for $\beta_2 = 0.999$.
#
# ### Schedules from scratch
#
# *Linear warmup* raises the learning rate from $\eta/W$ at the first step to $\eta$ at
# step $W$; then *cosine decay* ([Loshchilov & Hutter, 2017](#ref-sgdr)) or *linear
# decay* takes it down to $\eta_{\min}$ at the last step $T$:
#
# $$\eta_t = \eta\, \frac{t}{W} \quad (t \le W), \tag{7}$$
#
# $$\eta_t = \eta_{\min} + (\eta - \eta_{\min})\,
#   \frac{1 + \cos\left(\pi \frac{t - W}{T - W}\right)}{2}, \tag{8}$$
#
# $$\eta_t = \eta + (\eta_{\min} - \eta)\, \frac{t - W}{T - W}. \tag{9}$$

# %%
def lr_at(t, lr, warmup, total, decay='cosine', final_lr=0.0):
    """The learning rate of step t = 1, 2, ...: linear warmup over `warmup` steps (7),
    then cosine (8) or linear (9) decay to final_lr at step total, and final_lr after."""
    if not (t >= 1 and 0 <= warmup < total):
        raise ValueError(f"need t >= 1 and 0 <= warmup < total, got t = {t}, "
                         f"warmup = {warmup}, total = {total}")
    if t <= warmup:
        return lr * t / warmup                                        # (7)
    progress = min(1.0, (t - warmup) / (total - warmup))
    if decay == 'cosine':
        return final_lr + (lr - final_lr) * (1 + math.cos(math.pi * progress)) / 2  # (8)
    if decay == 'linear':
        return lr + (final_lr - lr) * progress                        # (9)
    raise ValueError(f"decay must be 'cosine' or 'linear', got {decay!r}")


# %% [markdown]
# PyTorch builds the same schedules from `torch.optim.lr_scheduler`. `LambdaLR`
# multiplies the optimizer's learning rate by a function of the step, so it can wrap
# `lr_at` directly. Or we chain PyTorch's own pieces with `SequentialLR`: `LinearLR`
# for the warmup, then `CosineAnnealingLR` or another `LinearLR` for the decay. Two
# details matter: a scheduler counts steps from $0$, so its step $k$ is our $t = k + 1$,
# and `LinearLR` cannot start at zero, which is why (7) starts at $\eta/W$.

# %%
def lambda_schedule(optimizer, warmup, total, decay='cosine', final_lr=0.0):
    """lr_at through LambdaLR: at torch's step k the factor lr_at(k + 1) / lr."""
    lr = optimizer.param_groups[0]['lr']
    return LambdaLR(optimizer, lambda k: lr_at(k + 1, lr, warmup, total, decay, final_lr) / lr)


def torch_schedule(optimizer, warmup, total, decay='cosine', final_lr=0.0):
    """The schedule of lr_at from torch's pieces: LinearLR up to the optimizer's lr,
    then CosineAnnealingLR or LinearLR down; takes over the optimizer's lr."""
    if warmup < 2:
        raise ValueError(f"torch's LinearLR warms up over 2 steps or more, got {warmup}")
    lr = optimizer.param_groups[0]['lr']
    up = LinearLR(optimizer, start_factor=1 / warmup, total_iters=warmup - 1)
    if decay == 'cosine':
        down = CosineAnnealingLR(optimizer, T_max=total - warmup, eta_min=final_lr)
    else:
        down = LinearLR(optimizer, start_factor=1.0, end_factor=final_lr / lr,
                        total_iters=total - warmup)
    return SequentialLR(optimizer, [up, down], milestones=[warmup - 1])


def learning_rates(make_scheduler, lr, steps):
    """The learning rate the optimizer uses at each of `steps` steps."""
    optimizer = torch.optim.Adam([torch.zeros(1, requires_grad=True)], lr=lr)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(steps):
        rates.append(optimizer.param_groups[0]['lr'])
        optimizer.step()  # a scheduler steps after its optimizer
        scheduler.step()
    return rates


# %% [markdown]
# We check both ways against `lr_at` at every step, for warmup over 200 of 600 steps,
# cosine decay to a tenth of $\eta$ and linear decay to zero:

# %% tags=["figure:schedules"]
d2l.describe_figure(d2l.tr("The learning rate over 600 steps: it rises linearly for 200 steps "
                           "of warmup, then decays along a cosine or a straight line; the dots "
                           "of torch.optim.lr_scheduler lie on our curves"))
lr, warmup, total = 0.02, 200, 600
settings = {'cosine': 0.1 * lr, 'linear': 0.0}  # decay: final learning rate
fig, ax = d2l.plt.subplots(figsize=(6, 3), facecolor='white')
for decay, final_lr in settings.items():
    ours = [lr_at(t, lr, warmup, total, decay, final_lr) for t in range(1, total + 1)]
    for name, make in {'LambdaLR': lambda_schedule, 'SequentialLR': torch_schedule}.items():
        theirs = learning_rates(functools.partial(make, warmup=warmup, total=total,
                                                  decay=decay, final_lr=final_lr), lr, total)
        gap = max(abs(a - b) for a, b in zip(ours, theirs)) / lr
        print(d2l.tr("{decay} decay, {name}: largest difference from lr_at {gap:.1e} of η",
                     decay=d2l.tr(decay), name=name, gap=gap))
        assert gap <= 1e-12
    ax.plot(range(1, total + 1), ours, lw=2, label=d2l.tr('warmup, then {decay} decay',
                                                          decay=d2l.tr(decay)))
    ax.plot(range(1, total + 1, 25), theirs[::25], 'k.', ms=4)
ax.plot([], [], 'k.', ms=4, label=d2l.tr('torch.optim.lr_scheduler, every 25th step'))
ax.set(xlabel=d2l.tr('step $t$'), ylabel=d2l.tr(r'learning rate $\eta_t$'), ylim=(0, 0.03))
ax.legend(loc='upper right')
ax.grid(alpha=0.3)
fig.tight_layout()

past = learning_rates(functools.partial(CosineAnnealingLR, T_max=total), lr, 2 * total + 1)
print(d2l.tr("CosineAnnealingLR(T_max = {T}) stepped on: {end:.0%} of η at step {T}, "
             "{back:.0%} at step {twice}", T=total, end=past[total] / lr,
             back=past[2 * total] / lr, twice=2 * total))

# %% [markdown]
# Our schedule and PyTorch's two agree to the last bits of a `float64`. One trap is in
# the last line: `CosineAnnealingLR` is a cosine, and if training goes on past
# `T_max` the learning rate climbs back up, to the full $\eta$ after another `T_max`
# steps. Set `T_max` to the number of steps that are left.
#
# ### Does warmup matter on the airfoil regression?
#
# `scheduled` turns any optimizer of our convention into one that follows a schedule:
# it sets `hyperparams['lr']` before each step. We train the lesson's regression
# (two epochs, 300 steps) with three schedules, at the lesson's $\eta = 0.01$ and at a
# larger $\eta = 0.1$. By (6) the warmup with $\beta_2 = 0.999$ would be 2,000 steps,
# longer than the whole run, so we warm up over the first 30 steps.

# %%
def scheduled(trainer, schedule):
    """`trainer` with hyperparams['lr'] set to schedule(t) before every step."""
    def step(params, states, hyperparams):
        hyperparams['lr'] = schedule(hyperparams['t'])
        trainer(params, states, hyperparams)
    return step


# %%
start = d2l.start_loss(problem)
for lr in (0.01, 0.1):
    schedules = {'constant η': lambda t, lr=lr: lr,
                 'cosine decay, no warmup': functools.partial(lr_at, lr=lr, warmup=0,
                                                              total=300),
                 'warmup over 30 steps, cosine decay': functools.partial(
                     lr_at, lr=lr, warmup=30, total=300)}
    for name, schedule in schedules.items():
        w, b = problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)
        curve = d2l.scratch_run(scheduled(d2l.adam, schedule), d2l.init_adam_states(
            feature_dim), {'lr': lr, 't': 1}, problem.schedule, w, b, eval_every=10)
        print(d2l.tr("η = {lr:g}, {schedule}: final loss {loss:.4f}, highest loss of the "
                     "first 50 steps {peak:.2f} times the start", lr=lr,
                     schedule=d2l.tr(name), loss=curve.final,
                     peak=max(curve.losses[:50]) / start))

# %% [markdown]
# At $\eta = 0.01$ the schedule makes no difference. At $\eta = 0.1$, without warmup
# the loss first rises above where it started, and warmup takes that rise away; but
# the final loss is the same with and without warmup, to a few ten-thousandths. What
# matters here is the decay: at a constant $\eta = 0.1$ the weights keep jumping around
# the minimum, and the decay lets them settle (the lesson's
# [Exercise 3](adam.ipynb#exercise-3) asks why). At these learning rates a few large
# steps do the linear model no lasting harm: the next steps undo them.
#
# The controls below retrain the same 300 steps at any $\eta$, warmup $W$ and decay,
# beside constant $\eta$, and redraw $\eta_t$ and the loss; after editing `lr_at` or
# `scheduled`, rerun their cells and this one to see your edit.

# %% tags=["schedule-explorer"]
d2l.explore_schedule(lr_at, scheduled, d2l.adam, init_states=d2l.init_adam_states,
                     problem=problem)

# %% [markdown]
# **Play with it.**
#
# * Raise $\eta$ to $5$ with $W = 0$. At which step does the run stop, and how far did
#   that step move each weight? How few steps of warmup get it through?
# * At $\eta = 0.1$, move $W$ from $30$ to $299$. Why does the final loss get worse,
#   although the largest $\eta_t$ stays the same?
# * At $\eta = 0.1$ and $W = 30$, try cosine, linear and no decay. Which one ends
#   nearest constant $\eta$, and which part of the schedule matters on this problem?

# %% [markdown]
# ### Where warmup matters: a small network
#
# A network can be damaged. We fit the same data with a multilayer perceptron of two
# hidden layers of 256 ReLU units, trained by `torch.optim.Adam` on minibatches of 50
# for 600 steps, with a cosine decay from $\eta = 0.02$ through `LambdaLR` and
# $\beta_2 = 0.99$, for which (6) gives a warmup of 200 steps. (`fused=True` computes
# the same step in one operation per parameter, which is faster here; the last section
# shows that it keeps the same state.) We train each of three
# networks twice, without warmup and with it, on the same minibatches, and record the
# loss of every minibatch and, at a few steps, the mean step of a weight in units of
# $\eta_t$, $|\hat v| / (\sqrt{\hat s} + \epsilon)$, read from the optimizer's state,
# and how many units of the second hidden layer are *live*: nonzero for at least one
# example. A ReLU unit that is zero for every example gets no gradient, and stays dead.

# %%
X, y = data_iter.dataset.tensors
y = y.reshape(-1, 1)


def mlp(seed):
    torch.manual_seed(seed)
    return nn.Sequential(nn.Linear(5, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(),
                         nn.Linear(256, 1))


def mean_step(optimizer):
    """The mean of |v_hat| / (sqrt(s_hat) + eps) over all weights: the step in units of lr."""
    (beta1, beta2), eps = optimizer.defaults['betas'], optimizer.defaults['eps']
    total = count = 0
    for state in optimizer.state.values():
        t = state['step'].item()
        v_hat = state['exp_avg'] / (1 - beta1 ** t)
        s_hat = state['exp_avg_sq'] / (1 - beta2 ** t)
        total += (v_hat.abs() / (s_hat.sqrt() + eps)).sum().item()
        count += v_hat.numel()
    return total / count


def live_units(net):
    """How many units of the second hidden layer are nonzero for at least one example."""
    with torch.no_grad():
        return int((net[:4](X).amax(dim=0) > 0).sum())


def train_mlp(warmup, seed, lr=0.02, steps=600, batch_size=50, betas=(0.9, 0.99),
              record=(1, 2, 10, 100)):
    """The MLP trained with Adam and lr_at's schedule; returns the network, its
    optimizer, the loss of every minibatch, and mean_step and the live units at the
    steps in `record`."""
    net = mlp(seed)
    optimizer = torch.optim.Adam(net.parameters(), lr=lr, betas=betas, fused=True)
    scheduler = lambda_schedule(optimizer, warmup, steps)
    rows = torch.randint(len(X), (steps, batch_size),
                         generator=torch.Generator().manual_seed(seed))
    losses, steps_taken = [], {}
    for t, batch in enumerate(rows, start=1):
        loss = ((net(X[batch]) - y[batch]) ** 2).mean() / 2
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
        if t in record:
            steps_taken[t] = mean_step(optimizer), live_units(net)
    return net, optimizer, losses, steps_taken


def full_loss(net):
    with torch.no_grad():
        return (((net(X) - y) ** 2).mean() / 2).item()


# %%
with d2l.one_thread():  # tiny tensors: a second thread only waits
    mlps = {(seed, warmup): train_mlp(warmup, seed) for seed in range(3) for warmup in (0, 200)}
for (seed, warmup), (net, _, losses, _) in mlps.items():
    print(d2l.tr("network {seed}, warmup {warmup}: highest minibatch loss {peak:.2f} (start "
                 "{start:.2f}), final loss {loss:.4f}, live units {live} of 256",
                 seed=seed, warmup=warmup, peak=max(losses[:50]), start=losses[0],
                 loss=full_loss(net), live=live_units(net)))
print(d2l.tr("network 0 before training: {live} live units", live=live_units(mlp(seed=0))))
for warmup in (0, 200):
    recorded = mlps[0, warmup][3]
    print(d2l.tr("network 0, warmup {warmup}, after steps {steps}: mean step in units of "
                 "η_t {sizes}; live units {live}", warmup=warmup,
                 steps=", ".join(map(str, recorded)),
                 sizes=", ".join(f"{size:.3f}" for size, _ in recorded.values()),
                 live=", ".join(str(live) for _, live in recorded.values())))

# %%
d2l.describe_figure(d2l.tr("The minibatch loss of a small MLP over 600 steps, on a log scale: "
                           "without warmup it jumps far above its start in the first steps and "
                           "stays higher; with warmup over 200 steps it never rises far"))
fig, ax = d2l.plt.subplots(figsize=(6, 3), facecolor='white')
for warmup, color in ((0, 'C3'), (200, 'C0')):
    losses = torch.tensor(mlps[0, warmup][2])
    ax.plot(range(1, 601), losses, color=color, lw=1, alpha=0.8,
            label=d2l.tr('no warmup') if warmup == 0 else d2l.tr('warmup over 200 steps'))
ax.set(xlabel=d2l.tr('step $t$'), ylabel=d2l.tr('minibatch loss'), yscale='log')
ax.legend(loc='upper right')
ax.grid(alpha=0.3)
fig.tight_layout()

# %% [markdown]
# Without warmup, the loss of every network jumps to more than ten times its start
# within the first steps, and each ends with a loss at least a third higher than with
# warmup, and with about a quarter to a half as many live units. With warmup the loss
# never rises far. The last three lines show why. At step 1 the mean step is
# $0.89\,\eta$: every weight with a gradient moves by $\eta$ at once (the others
# belong to units that were zero for the whole first minibatch). A unit of the second
# layer sums 256 inputs, so when all its weights move by $\eta$ together, its input
# moves by up to $\eta$ times the sum of their sizes. Of the 252 live units of the
# first network, 51 are left after ten such steps, against 240 with warmup; a dead
# unit never comes back. By step 10 the mean step is down to a fifth, too late for most
# of them. With warmup the first
# steps are $\eta/200, 2\eta/200, \dots$, small while the scale estimate is poor, and
# full-sized only once $\hat{\mathbf{s}}$ has seen a few hundred gradients.
#
# Warmup is no cure for a learning rate that is simply too large, and on this network
# $\eta = 0.02$ is already large. In [Exercise 3](#exercise-3) you compare the rule's
# warmup with the warmups that large models use.
#
# ## <a id="numbers" name="numbers"></a>The numbers people use
#
# PyTorch's defaults are the paper's: $\eta = 10^{-3}$, $\beta_1 = 0.9$,
# $\beta_2 = 0.999$, $\epsilon = 10^{-8}$, and for `AdamW` a weight decay of $0.01$:

# %%
for optimizer in (torch.optim.Adam, torch.optim.AdamW):
    defaults = optimizer([torch.zeros(1, requires_grad=True)]).defaults
    print(d2l.tr("{name}'s defaults: lr = {lr:g}, betas = {betas}, eps = {eps:g}, "
                 "weight_decay = {weight_decay:g}", name=f"torch.optim.{optimizer.__name__}",
                 lr=defaults['lr'], betas=defaults['betas'], eps=defaults['eps'],
                 weight_decay=defaults['weight_decay']))

# %% [markdown]
# Large language models are trained with other settings. Three widely cited recipes, as
# their papers state them:
#
# | | [GPT-3](#ref-gpt3) | [LLaMA](#ref-llama) | [BERT](#ref-bert) |
# |:--|:--|:--|:--|
# | optimizer | Adam | AdamW | Adam |
# | $\beta_1$, $\beta_2$ | $0.9$, $0.95$ | $0.9$, $0.95$ | $0.9$, $0.999$ |
# | $\epsilon$ | $10^{-8}$ | not stated | not stated |
# | weight decay | $0.1$ | $0.1$ | $0.01$, "L2 weight decay" |
# | peak learning rate, in $10^{-4}$ | $6$ to $0.6$ | $3$ or $1.5$ | $1$ |
# | warmup, linear | 375 million tokens | 2,000 steps | 10,000 steps |
# | then a decay | cosine, to 10% | cosine, to 10% | linear |
# | gradient clipping | norm 1.0 | 1.0 | not stated |
#
# The sources are Appendix B and Table 2.1 of Brown et al. (2020) for GPT-3, whose
# learning rate falls with the size of the model, from 125 million to 175 billion
# parameters, and whose cosine decay runs over 260 billion tokens; §2.3 and Table 2 of
# Touvron et al. (2023) for LLaMA, the smaller learning rate for its two largest
# models; and Appendix A.2 of Devlin et al. (2019) for BERT.
#
# A few things to read from it:
#
# * **$\beta_2 = 0.95$ instead of $0.999$.** The scale $\hat{\mathbf{s}}$ then
#   averages over the last twenty or so steps instead of a thousand: it forgets an old
#   gradient fifty times sooner.
# * **Weight decay $0.1$ is decoupled.** GPT-3 cites Loshchilov & Hutter for it, LLaMA
#   names AdamW. BERT's paper says "L2 weight decay", but its released code adds the
#   decay to the step after the division, as AdamW does, multiplies both by the
#   learning rate, and exempts all biases and the parameters of layer normalisation
#   ([optimization.py](#ref-bert-code)); [Exercise 2](#exercise-2) is about such
#   exemptions. The papers of GPT-3 and LLaMA do not say whether their $\lambda$ is
#   multiplied by the learning rate, as PyTorch's is.
# * **Warmup, then a decay over the whole run**, from a peak learning rate between
#   $0.6 \cdot 10^{-4}$ and $6 \cdot 10^{-4}$. Rule (6) would give these runs far shorter
#   warmups than they used:

# %%
for model, beta2, used in (('LLaMA', 0.95, 2000), ('BERT', 0.999, 10_000)):
    print(d2l.tr("{model}: beta2 = {beta2}, so 2 / (1 - beta2) = {rule:,.0f} steps; it warmed "
                 "up over {used:,}", model=model, beta2=beta2, rule=2 / (1 - beta2),
                 used=used))
lr, wd = 3e-4, 0.1
print(d2l.tr("lr = {lr:g}, weight_decay = {wd:g} in torch's convention: a weight with no "
             "gradient halves in {steps:,.0f} steps", lr=lr, wd=wd,
             steps=math.log(2) / -math.log1p(-lr * wd)))
print(d2l.tr("LLaMA's smaller models: 1.0 trillion tokens in batches of 4 million, "
             "{steps:,.0f} steps", steps=1.0e12 / 4e6))

# %% [markdown]
# Ma & Yarats offer the rule as a default that needs no tuning; these runs warmed up
# for longer ([Exercise 3](#exercise-3) asks what the rule's length achieves). The last
# two lines make $\lambda = 0.1$ easier to picture, in PyTorch's convention of (3): at
# the peak $\eta = 3 \cdot 10^{-4}$ of LLaMA's smaller models, a weight that the loss
# does not defend loses half of its size in about 23,000 steps, a tenth of their run.
#
# ## <a id="memory" name="memory"></a>What Adam costs
#
# Adam keeps two numbers for every parameter: the averages $\mathbf{v}$ and
# $\mathbf{s}$, `exp_avg` and `exp_avg_sq` in PyTorch, of the parameter's shape and
# type, plus a step counter. PyTorch creates them at the first step. We measure them for
# the network of the warmup experiment, under several options:

# %%
def state_bytes(optimizer):
    return sum(t.numel() * t.element_size() for state in optimizer.state.values()
               for t in state.values())


options = {'torch.optim.Adam': lambda ps: torch.optim.Adam(ps),
           'torch.optim.AdamW': lambda ps: torch.optim.AdamW(ps),
           'torch.optim.Adam(foreach=True)': lambda ps: torch.optim.Adam(ps, foreach=True),
           'torch.optim.Adam(fused=True)': lambda ps: torch.optim.Adam(ps, fused=True),
           'torch.optim.Adam(amsgrad=True)': lambda ps: torch.optim.Adam(ps, amsgrad=True)}
net = mlp(seed=0)
parameter_bytes = sum(p.numel() * p.element_size() for p in net.parameters())
print(d2l.tr("{tensors} parameter tensors, {numbers:,} numbers, {bytes:,} bytes",
             tensors=len(list(net.parameters())),
             numbers=sum(p.numel() for p in net.parameters()), bytes=parameter_bytes))
for name, make in options.items():
    net = mlp(seed=0)
    optimizer = make(net.parameters())
    net(X[:50]).mean().backward()  # any gradient will do: the state appears at the first step
    optimizer.step()
    kinds = ", ".join(f"{key} {tuple(value.shape)}"
                      for key, value in optimizer.state[net[0].weight].items())
    print(d2l.tr("{name}: state {bytes:,} bytes, {ratio:.4f} times the parameters; "
                 "for the first layer: {kinds}", name=name, bytes=state_bytes(optimizer),
                 ratio=state_bytes(optimizer) / parameter_bytes, kinds=kinds))
ours = [(torch.zeros_like(p), torch.zeros_like(p)) for p in net.parameters()]
print(d2l.tr("our (v, s) pairs: {bytes:,} bytes, and one t for all",
             bytes=sum(v.numel() * v.element_size() * 2 for v, _ in ours)))

# %% [markdown]
# The state is twice the parameters, and 24 bytes more: one `float32` step counter per
# parameter tensor, where our convention keeps a single `t` in `hyperparams`. AdamW
# keeps the same; AMSGrad keeps a third tensor for the running maximum. `foreach=True`
# and `fused=True` change how the step is computed, not what is kept: the state has the
# same size, byte for byte. What they change is time, which the companion
# [measures](adam_in_depth.ipynb#speed). For a model of $N$ parameters in `float32`,
# training with Adam thus holds at least $4N$ numbers: the parameters, their gradients
# and the two averages.
#
# The state also shows how different the sizes of the gradients are inside one
# network, which is what makes an L2 penalty and decoupled decay differ in
# [shape](#decoupling). The median $\sqrt{\hat s}$ of each parameter tensor of the
# first network after its 600 steps with warmup:

# %%
_, trained, _, _ = mlps[0, 200]
beta2 = trained.defaults['betas'][1]
for name, p in zip(('layer 1', 'bias 1', 'layer 2', 'bias 2', 'output layer', 'output bias'),
                   trained.param_groups[0]['params']):
    state = trained.state[p]
    root = (state['exp_avg_sq'] / (1 - beta2 ** state['step'].item())).sqrt()
    print(d2l.tr("{name}: median sqrt(s_hat) {median:.1e}", name=d2l.tr(name),
                 median=root.median()))

# %% [markdown]
# The medians span about three orders of magnitude: an L2 penalty of the same
# $\lambda$ on every tensor would, by (2), weigh a thousand times more on some weights
# than on others, relative to decoupled decay.
#
# ## Summary
#
# * AdamW shrinks every weight by $1 - \eta\lambda$ and takes Adam's step from the
#   gradient of the loss alone (3); PyTorch applies the decay first, before the
#   averages and the step. `torch.optim.Adam(weight_decay=λ)` is an L2 penalty, whose
#   decay is divided by $\sqrt{\hat{\mathbf{s}}} + \epsilon$ (2). Our `adamw` and
#   `adam_l2` match PyTorch to `float32` rounding at every step.
# * With L2, Adam comes to rest at the ridge solution (4); with decoupled decay, at a
#   ridge solution whose penalty on each weight is $\lambda\sqrt{\hat s_i}$ (5). When
#   all gradients have about one size, the difference is a rescaling of $\lambda$.
# * Adam's first steps are about $\eta$ in every coordinate, with a scale estimated
#   from a few gradients. Linear warmup over about $2/(1 - \beta_2)$ steps (6) keeps
#   them small; on the airfoil regression it changes nothing, on a small network it
#   avoids a spike and ends with a clearly lower loss. The decay after it (8), (9) is
#   what lets the weights settle.
# * Large models use $\beta_2 = 0.95$, decoupled weight decay of $0.1$, warmup and a
#   cosine decay; PyTorch's defaults are $\beta_2 = 0.999$ and $0.01$.
# * Adam's state is twice the parameters, whatever `foreach` and `fused` say.

# %% [markdown]
# ## <a id="exercises" name="exercises"></a>Exercises
#
# 1. <a id="exercise-1" name="exercise-1"></a>Write
#    `adamw(params, states, hyperparams)` again, this time without repeating Adam's
#    update: shrink the parameters, then call the lesson's `adam` unchanged. Why may
#    the shrinking come first without changing the averages $\mathbf{v}$ and
#    $\mathbf{s}$, and would it still be AdamW if it came after `adam`?
#
#    <details><summary>Hint</summary>
#
#    When was the gradient in `p.grad` computed, and at which $\mathbf{x}$? Which
#    quantity is multiplied by $1 - \eta\lambda$, and does Adam's step belong to it?
#
#    </details>
#
#    *Check:* `d2l.check_exercise('adamw', adamw)` runs your `adamw` beside
#    `torch.optim.AdamW` on fixed data and says that it passed, or at which step it
#    first differs. It recognises three usual slips: the decay added to the gradient
#    (that is Adam with an L2 penalty), the decay not multiplied by $\eta$, and the
#    decay applied after the Adam step instead of before it, where PyTorch applies it.
#
#    [Solution](adam_solutions.ipynb#solution-adamw)
#
# 2. <a id="exercise-2" name="exercise-2"></a>Training code usually exempts biases
#    (and the scales of normalisation layers) from weight decay. Give
#    `torch.optim.AdamW` two parameter groups, so that it decays $\mathbf{w}$ but not
#    $b$, and write `adamw_groups`, which reads one $\lambda$ per parameter from
#    `hyperparams['weight_decay']`. Check them against each other over the lesson's 300
#    steps. Does exempting $b$ change the result on the airfoil data?
#
#    <details><summary>Hint</summary>
#
#    `torch.optim.AdamW` takes a list of dictionaries, each with its `params` and any
#    hyperparameter that differs from the defaults. For the last question: what is the
#    best $b$ for features and labels that are standardised?
#
#    </details>
#
#    [Solution](adam_solutions.ipynb#solution-groups)
#
# 3. <a id="exercise-3" name="exercise-3"></a>Rule (6) ties the length of the warmup to
#    $\beta_2$. How much weight do the first gradients still have in $\mathbf{s}_W$
#    after $W = 2/(1 - \beta_2)$ steps? Compute it for $\beta_2 = 0.95$, $0.99$ and
#    $0.999$, and compare the rule with the warmups of LLaMA and BERT.
#
#    <details><summary>Hint</summary>
#
#    By the lesson's (3), written for $\mathbf{s}_t$, the squared gradient of step $i$
#    has the weight $(1 - \beta_2)\beta_2^{t - i}$ in it. What is
#    $\beta^{1/(1 - \beta)}$ for $\beta$ close to $1$?
#
#    </details>
#
#    [Solution](adam_solutions.ipynb#solution-warmup)

# %% [markdown]
# ## References
#
# 1. <a id="ref-loshchilov" name="ref-loshchilov"></a>Ilya Loshchilov and Frank Hutter.
#    *Decoupled Weight Decay Regularization.* International Conference on Learning
#    Representations (ICLR), 2019. [arXiv:1711.05101](https://arxiv.org/abs/1711.05101)
# 2. <a id="ref-sgdr" name="ref-sgdr"></a>Ilya Loshchilov and Frank Hutter. *SGDR:
#    Stochastic Gradient Descent with Warm Restarts.* ICLR, 2017.
#    [arXiv:1608.03983](https://arxiv.org/abs/1608.03983)
# 3. <a id="ref-ma-yarats" name="ref-ma-yarats"></a>Jerry Ma and Denis Yarats. *On the
#    Adequacy of Untuned Warmup for Adaptive Optimization.* Proceedings of the AAAI
#    Conference on Artificial Intelligence 35(10), 2021, pages 8828–8836.
#    [arXiv:1910.04209](https://arxiv.org/abs/1910.04209)
# 4. <a id="ref-gpt3" name="ref-gpt3"></a>Tom B. Brown et al. *Language Models are
#    Few-Shot Learners.* Advances in Neural Information Processing Systems 33
#    (NeurIPS), 2020. [arXiv:2005.14165](https://arxiv.org/abs/2005.14165)
# 5. <a id="ref-llama" name="ref-llama"></a>Hugo Touvron et al. *LLaMA: Open and
#    Efficient Foundation Language Models.* 2023.
#    [arXiv:2302.13971](https://arxiv.org/abs/2302.13971)
# 6. <a id="ref-bert" name="ref-bert"></a>Jacob Devlin, Ming-Wei Chang, Kenton Lee and
#    Kristina Toutanova. *BERT: Pre-training of Deep Bidirectional Transformers for
#    Language Understanding.* NAACL, 2019.
#    [arXiv:1810.04805](https://arxiv.org/abs/1810.04805)
# 7. <a id="ref-bert-code" name="ref-bert-code"></a>BERT's optimizer,
#    `AdamWeightDecayOptimizer` in
#    [google-research/bert, optimization.py](https://github.com/google-research/bert/blob/master/optimization.py).
# 8. <a id="ref-pytorch-38853" name="ref-pytorch-38853"></a>*Weight decay in AdamW*,
#    PyTorch issue [#38853](https://github.com/pytorch/pytorch/issues/38853), and the
#    documentation of
#    [torch.optim.AdamW](https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html)
#    and [torch.optim.Adam](https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html).
