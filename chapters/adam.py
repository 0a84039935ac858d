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
# Adam is the optimizer most deep learning code tries first. It joins momentum to
# RMSProp's step sizes per coordinate and adds one correction of its own. We write
# it down, build it from scratch, check it step by step against PyTorch's
# `torch.optim.Adam`, try its hyperparameters, and end with a problem on which Adam
# fails and two repairs, AMSGrad and Yogi.
#
# **After this lesson you will be able to**
#
# * write down Adam's update in the names of this book, of the paper and of PyTorch;
# * explain why both averages need a bias correction, and what ε does besides
#   preventing a division by zero;
# * estimate how far one step of Adam moves a parameter;
# * test an implementation against a reference, step by step;
# * explain why Adam fails on the problem of Reddi, Kale & Kumar, and how AMSGrad
#   and Yogi avoid it.
#
# **Reading time:** about 35 minutes: 3,200 words at 150 a minute, and a minute for
# each of the 14 cells that show a result. The explorers and the
# [exercises](#exercises) come on top. The companion,
# [Adam in depth](adam_in_depth.ipynb), holds the longer experiments:
# [Adam in two dimensions](adam_in_depth.ipynb#two-d),
# [more with the explorer](adam_in_depth.ipynb#explorer),
# [Yogi beside its reference implementations](adam_in_depth.ipynb#yogi-references),
# [the landscape of learning rates and $\beta_2$](adam_in_depth.ipynb#landscape) and
# [the cost of a step](adam_in_depth.ipynb#speed).

# %% [markdown]
# ## <a id="origins" name="origins"></a>Where Adam comes from
#
# Each optimizer earlier in this chapter added one idea that Adam keeps:
#
# * **Stochastic gradient descent** steps along the gradient of one example:
#   cheap steps in noisy directions.
# * **Minibatch SGD** averages the gradient over a small batch: less noise, and
#   arithmetic that keeps the hardware busy.
# * **Momentum** keeps an exponentially weighted moving average (EWMA) of past
#   gradients, so that steady directions gather speed and oscillating ones cancel.
# * **AdaGrad** gives every coordinate its own step size, dividing by the root of
#   its accumulated squared gradients.
# * **RMSProp** accumulates the squares in an EWMA instead of a sum, so that the
#   step size follows recent gradients instead of shrinking for ever.
#
# Adam ([Kingma & Ba, 2015](#ref-kingma-ba)) is momentum divided, coordinate by
# coordinate, by RMSProp's scale, with a correction for the way both averages
# start. It often works with little tuning, which made it the default; it is not
# flawless, as the end of the lesson shows.

# %%
# %matplotlib inline
import math

import torch

from d2l_local import torch as d2l

torch.manual_seed(0)
d2l.use_svg_display()

# %% [markdown]
# ## <a id="algorithm" name="algorithm"></a>The algorithm
#
# Here is the whole method in the notation of this book; the sections below take
# it apart, equation by equation (the numbers on the right). Everything is
# elementwise: every coordinate has its own averages and its own step.
#
# > $$\begin{aligned}
# > &\textbf{Adam} \quad \text{(after Kingma \& Ba, Algorithm 1)}\\[2pt]
# > &\text{given: learning rate } \eta,\ \text{decay rates } \beta_1, \beta_2 \in [0, 1),\
# >   \epsilon > 0,\ \text{start } \mathbf{x}_0\\
# > &\mathbf{v}_0 \leftarrow \mathbf{0}, \quad \mathbf{s}_0 \leftarrow \mathbf{0}\\
# > &\textbf{for } t = 1, 2, \dots\\
# > &\quad \mathbf{g}_t \leftarrow \text{the minibatch gradient at } \mathbf{x}_{t-1}\\
# > &\quad \mathbf{v}_t \leftarrow \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1)\, \mathbf{g}_t
# >   && \text{(1)}\\
# > &\quad \mathbf{s}_t \leftarrow \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2
# >   && \text{(2)}\\
# > &\quad \hat{\mathbf{v}}_t \leftarrow \frac{\mathbf{v}_t}{1 - \beta_1^t}, \quad
# >   \hat{\mathbf{s}}_t \leftarrow \frac{\mathbf{s}_t}{1 - \beta_2^t}
# >   && \text{(5)}\\
# > &\quad \mathbf{x}_t \leftarrow \mathbf{x}_{t-1} -
# >   \frac{\eta\, \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon}
# >   && \text{(6), (7)}
# > \end{aligned}$$
#
# Papers and libraries name the same things differently:
#
# | | this book | Kingma & Ba | `torch.optim.Adam` |
# |:--|:--|:--|:--|
# | parameters | $\mathbf{x}_t$ | $\theta_t$ | `params` |
# | average of gradients (first moment) | $\mathbf{v}_t$ | $m_t$ | state `exp_avg` |
# | average of squared gradients (second moment) | $\mathbf{s}_t$ | $v_t$ | state `exp_avg_sq` |
# | learning rate | $\eta = 0.01$ in this chapter | $\alpha = 0.001$ | `lr` |
# | decay rates | $\beta_1 = 0.9$, $\beta_2 = 0.999$ | the same | `betas` |
# | constant in the denominator | $\epsilon = 10^{-6}$ here | $\epsilon = 10^{-8}$ | `eps` |
#
# Beware the two $v$: the paper's $v_t$ is our $\mathbf{s}_t$. PyTorch's defaults are
# the paper's, so we pass the book's $\eta$ and $\epsilon$ explicitly:

# %%
defaults = torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults
print(d2l.tr("torch.optim.Adam's defaults: lr = {lr:g}, betas = {betas}, eps = {eps:g}",
             lr=defaults['lr'], betas=defaults['betas'], eps=defaults['eps']))

# %% [markdown]
# ### <a id="step-size" name="step-size"></a>How far one step goes
#
# Leave $\epsilon$ aside for a moment. Each coordinate then moves by $\eta$ times
# $\hat{v}_t / \sqrt{\hat{s}_t}$, an average of gradients over the root of an
# average of their squares. The ratio ignores the scale of the gradients: multiply
# the loss by $100$, and $\hat{v}_t$ and $\sqrt{\hat{s}_t}$ both grow a hundredfold.
# For a steady gradient it is $\pm 1$, so the step is $\eta$ however large the
# gradient; when the gradient keeps changing sign, the average cancels but the
# average of squares does not, and the step shrinks. In Adam, $\eta$ is a distance
# in parameter space, not a factor of the gradient as in SGD.
#
# How large can the ratio get? Kingma & Ba (§2.1) argue that a step is at most
# $\eta (1 - \beta_1)/\sqrt{1 - \beta_2}$, about $3.16\,\eta$ with the usual decay
# rates, and that it gets there only in the most extreme case of sparsity: a
# gradient that was zero at every step but the current one. `adam_step_size` runs
# (1), (2) and (5) over a history of gradients and returns the last step in units
# of $\eta$:

# %%
def adam_step_size(gradients, beta1=0.9, beta2=0.999):  #@save
    """|v_hat / sqrt(s_hat)| after the last of `gradients`: Adam's step in units of eta."""
    v = s = 0.0
    for g in gradients:
        v = beta1 * v + (1 - beta1) * g       # (1)
        s = beta2 * s + (1 - beta2) * g * g   # (2)
    t = len(gradients)
    return abs(v / (1 - beta1 ** t)) / math.sqrt(s / (1 - beta2 ** t))  # (5)


# %%
coin = torch.randint(0, 2, (10_000,), generator=torch.Generator().manual_seed(0))
histories = {
    'steady, g = 1': [1.0] * 10_000,
    'steady, g = 1000': [1000.0] * 10_000,
    'noisy, g = +1 or -1 at random': (2.0 * coin - 1).tolist(),
    'sparse, g = 0 and then once 1': [0.0] * 9_999 + [1.0],
}
for name, gradients in histories.items():
    print(d2l.tr("{history}: a step of {size:.2f} η", history=d2l.tr(name),
                 size=adam_step_size(gradients)))
bound = (1 - 0.9) / math.sqrt(1 - 0.999)
print(d2l.tr("the bound (1 - β1) / √(1 - β2) = {bound:.2f}", bound=bound))

# %% [markdown]
# A steady gradient gives a step of $\eta$, whether it is $1$ or $1000$, a noisy one
# much less, and the sparse history reaches the bound. Read the bound as a guide to
# the size of a step, not as a guarantee ([Exercise 1](#exercise-1)).
#
# ### <a id="bias-correction" name="bias-correction"></a>Bias correction
#
# Both averages start at zero, $\mathbf{v}_0 = \mathbf{s}_0 = \mathbf{0}$:
#
# $$\mathbf{v}_t = \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1)\, \mathbf{g}_t, \tag{1}$$
#
# $$\mathbf{s}_t = \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2. \tag{2}$$
#
# With $\beta_1 = 0.9$, $\mathbf{v}_t$ averages over roughly the last
# $1/(1 - \beta_1) = 10$ steps, while $\mathbf{s}_t$, with $\beta_2 = 0.999$, averages
# over roughly the last $1000$. Unrolling (1) from its start gives a weighted sum of
# the $t$ gradients seen so far:
#
# $$\mathbf{v}_t = (1 - \beta_1) \sum_{i=0}^{t-1} \beta_1^{i}\, \mathbf{g}_{t-i}. \tag{3}$$
#
# If every gradient were the same $\mathbf{g}$, a good average would return it, but
# (3) returns $\mathbf{g}$ times the sum of its weights, a geometric series with
# exactly $t$ terms, one per gradient:
#
# $$(1 - \beta) \sum_{i=0}^{t-1} \beta^{i} = 1 - \beta^{t}. \tag{4}$$
#
# Early on the averages are too small by the factor $1 - \beta^t$, and dividing by
# it removes the shrinkage:
#
# $$\hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 - \beta_1^t}, \qquad
#   \hat{\mathbf{s}}_t = \frac{\mathbf{s}_t}{1 - \beta_2^t}. \tag{5}$$
#
# Here is a signal that is constantly $1$; on the right, the step in units of $\eta$
# that the averages give, which should be $1$.

# %%
def ewma(signal, beta):
    """Zero-started EWMA of a 1-D signal, one value per step, as in (1) and (2)."""
    average, history = 0.0, []
    for x in signal:
        average = beta * average + (1 - beta) * x
        history.append(average)
    return torch.tensor(history)


# %% tags=["figure:bias_correction"]
d2l.describe_figure(d2l.tr("Left: the averages v_t and s_t of a constant 1 start near zero and "
                           "s_t has barely risen after 50 steps, while the corrected averages "
                           "are 1 from the first step. Right: the uncorrected step v_t / √s_t "
                           "is several times η throughout, the corrected step is η"))
ts = torch.arange(1, 51)
v, s = ewma(torch.ones(50), 0.9), ewma(torch.ones(50), 0.999)
v_hat, s_hat = v / (1 - 0.9 ** ts), s / (1 - 0.999 ** ts)
raw_ratio = v / s.sqrt()

fig, (left, right) = d2l.plt.subplots(1, 2, figsize=(8, 3), facecolor='white')
left.plot(ts, v, lw=2, label=r'$v_t$, $\beta_1 = 0.9$')
left.plot(ts, s, lw=2, label=r'$s_t$, $\beta_2 = 0.999$')
left.plot(ts, s_hat, color='0.75', lw=5, label=r'$\hat s_t$')
left.plot(ts, v_hat, 'k--', lw=2, label=r'$\hat v_t$')
left.set(xlabel=d2l.tr('step $t$'), ylabel=d2l.tr('average of a constant 1'), ylim=(0, 1.15))
right.plot(ts, raw_ratio, lw=2, color='C3', label=r'$v_t / \sqrt{s_t}$')
right.plot(ts, v_hat / s_hat.sqrt(), 'k--', lw=2, label=r'$\hat v_t / \sqrt{\hat s_t}$')
right.set(xlabel=d2l.tr('step $t$'), ylabel=d2l.tr(r'step size in units of $\eta$'),
          ylim=(0, 7.5))
left.legend(loc='center right')
right.legend(loc='lower right', bbox_to_anchor=(1, 0.2))
for ax in (left, right):
    ax.grid(alpha=0.3)
fig.tight_layout()

peak = int(raw_ratio.argmax())
print(d2l.tr("uncorrected step: {first:.2f} at t = 1, largest {peak:.2f} at t = {at}, "
             "still {last:.2f} at t = {n}", first=raw_ratio[0], peak=raw_ratio[peak],
             at=peak + 1, last=raw_ratio[-1], n=len(ts)))

# %% [markdown]
# The slow average $s_t$ suffers most: after fifty steps it has barely left zero.
# Under the root in the denominator, it makes the uncorrected step start at
# $(1 - \beta_1)/\sqrt{1 - \beta_2}$ times $\eta$, the $3.16$ of the bound, and
# grow to more than six times $\eta$, just when the parameters are furthest from
# anything sensible. With the correction both averages are exactly $1$ from the
# first step, and so is the step. (The companion shows the
# [uncorrected steps in two dimensions](adam_in_depth.ipynb#bias-off).)
#
# ### <a id="where-eps" name="where-eps"></a>Where ε goes
#
# With the corrected averages the step is
#
# $$\mathbf{g}_t' = \frac{\eta\, \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon},
#   \tag{6}$$
#
# $$\mathbf{x}_t = \mathbf{x}_{t-1} - \mathbf{g}_t'. \tag{7}$$
#
# Adam adds $\epsilon$ *after* the root; the RMSProp section put it inside,
# $\sqrt{\mathbf{s}_t + \epsilon}$. It competes with what it is added to: outside
# with $\sqrt{\hat s}$, on the scale of the gradient, inside with $\hat s$, on the
# scale of the squared gradient, where it takes over much sooner. For a steady
# gradient $g$ the step in units of $\eta$ is $g/(|g| + \epsilon)$ with $\epsilon$
# outside and $g/\sqrt{g^2 + \epsilon}$ inside:

# %%
eps = 1e-6
print(d2l.tr("the step in units of η for a steady gradient g, ε = {eps:g}:", eps=eps))
for g in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
    print(d2l.tr("g = {g:.0e}: ε outside the root {outside:.4f}, inside {inside:.4f}",
                 g=g, outside=g / (abs(g) + eps), inside=g / math.sqrt(g ** 2 + eps)))

# %% [markdown]
# Outside the root, the step keeps its size until the gradient is nearly as small as
# $\epsilon$ itself; inside, gradients below $\sqrt{\epsilon} = 10^{-3}$ already get
# the small steps of plain SGD.
#
# So $\epsilon$ does more than prevent a division by zero. Wherever it is not small
# against $\sqrt{\hat s}$, it changes the method: the denominator becomes about
# $\epsilon$ for every coordinate, every coordinate gets the same learning rate
# $\eta/\epsilon$, and what is left is SGD with momentum. With $\epsilon = 10^{-6}$
# that takes gradients of about $10^{-6}$; on our regression, whose $\sqrt{\hat s}$
# is a few tenths, $\epsilon = 1$ does it everywhere, as the explorer below lets you
# see and the companion [measures](adam_in_depth.ipynb#huge-eps-airfoil).

# %% [markdown]
# ## <a id="from-scratch" name="from-scratch"></a>Implementation from scratch
#
# An optimizer in this chapter is a function that updates a list of parameters in
# place, given its state and a dictionary of hyperparameters. Adam's state is one
# pair $(\mathbf{v}, \mathbf{s})$ per parameter, both starting at zero. We mark the
# functions `#@save`, as the book does, so that later notebooks can call them as
# `d2l.init_adam_states` and `d2l.adam`.

# %%
def init_adam_states(feature_dim):  #@save
    """One pair (v, s) of zero tensors for each parameter: first w, then b."""
    v_w, s_w = torch.zeros((feature_dim, 1)), torch.zeros((feature_dim, 1))
    v_b, s_b = torch.zeros(1), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


# %% [markdown]
# The step counter $t$ of the bias correction is shared by all parameters, so it
# lives in `hyperparams`, and `adam` advances it after each step; $\beta_1$,
# $\beta_2$ and $\epsilon$ may be given there too. The comments name the equations.

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
# We train the linear regression on the airfoil data that every optimizer of this
# chapter has trained, with $\eta = 0.01$. The curve is the loss on the whole data
# set; the line under it gives the final loss (the book printed $0.244$) and the
# time per epoch on this machine.

# %% tags=["figure:adam_scratch"]
d2l.describe_figure(d2l.tr("The loss of our adam on the airfoil regression over two epochs: it "
                           "falls fast in the first half epoch, then levels off"))
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
times, losses = d2l.train_ch11(adam, init_adam_states(feature_dim),
                               {'lr': 0.01, 't': 1}, data_iter, feature_dim)


# %% [markdown]
# ## <a id="verify" name="verify"></a>Trust, but verify
#
# A loss curve that goes down is weak evidence: a misplaced $\epsilon$ or a step
# counter that never advances still trains this easy problem. Much stronger: run
# our `adam` and `torch.optim.Adam` side by side, from the same start on the same
# minibatches, and compare after every step the parameters, and our $\mathbf{v}$
# and $\mathbf{s}$ with PyTorch's `exp_avg` and `exp_avg_sq`.

# %%
def minibatch_loss(X, y, w, b):
    return d2l.squared_loss(d2l.linreg(X, w, b), y).mean()


problem = d2l.make_problem(data_iter, seed=0)  # the start and minibatches of the run above
ours = [problem.w0.clone().requires_grad_(), torch.zeros(1, requires_grad=True)]
theirs = [p.detach().clone().requires_grad_() for p in ours]
states, hyperparams = init_adam_states(feature_dim), {'lr': 0.01, 't': 1}
reference = torch.optim.Adam(theirs, lr=0.01, eps=1e-6)
largest = moments = 0.0
for batches in problem.schedule.epochs:
    for X, y in batches:
        minibatch_loss(X, y, *ours).backward()
        adam(ours, states, hyperparams)
        reference.zero_grad()
        minibatch_loss(X, y, *theirs).backward()
        reference.step()
        with torch.no_grad():
            for p, q, (v, s) in zip(ours, theirs, states):
                state = reference.state[q]
                largest = max(largest, (p - q).abs().max().item())
                moments = max(moments, (v - state['exp_avg']).abs().max().item(),
                              (s - state['exp_avg_sq']).abs().max().item())
print(d2l.tr("{steps} steps, largest parameter difference: {largest:.2e} "
             "(float32 spacing near 1: {spacing:.2e})", steps=hyperparams['t'] - 1,
             largest=largest, spacing=torch.finfo(torch.float32).eps))
print(d2l.tr("largest difference of v and s from exp_avg and exp_avg_sq: {moments:.2e}",
             moments=moments))
assert largest <= 1e-6, f"our adam drifted from torch.optim.Adam by {largest:.2e}"

# %% [markdown]
# At every step of the two epochs the two differ by no more than about the spacing
# between neighbouring `float32` numbers near $1$, a last bit: PyTorch orders the
# arithmetic of (5) and (6) differently (and how it rounds depends on the CPU), but
# it computes the same algorithm, moments included. The `assert` keeps it so: break
# `adam`, and this cell fails.

# %% [markdown]
# ## <a id="concise" name="concise"></a>Concise implementation
#
# In practice we hand the built-in optimizer its hyperparameters. The training helper
# for built-in optimizers uses `torch.nn.Linear`, trains four epochs instead of two
# and keeps PyTorch's $\epsilon = 10^{-8}$, so its curve is not ours; its final loss
# lands close (the book printed $0.254$).

# %% tags=["figure:adam_concise"]
d2l.describe_figure(d2l.tr("The loss of torch.optim.Adam on the same regression over two "
                           "epochs: it falls and levels off like our adam's"))
trainer = torch.optim.Adam
times, losses = d2l.train_concise_ch11(trainer, {'lr': 0.01}, data_iter)

# %% [markdown]
# ## <a id="explorer" name="explorer"></a>Explore the hyperparameters
#
# The explorer retrains the regression whenever a slider moves and redraws the
# loss curves of our `adam` and of `torch.optim.Adam`, from the weights and
# minibatches of our first run, so that a curve changes only because a
# hyperparameter did. The thick grey curve keeps the book's settings. The dashed
# curve should lie on ours whatever the sliders say: if you edit `adam`, rerun its
# cell and this one, and the two part, your edit changed the algorithm.
#
# $\eta$ and $\epsilon$ move on a logarithmic scale, $\beta_2$ by its number of
# nines ($0.99$, $0.999$ and $0.9999$ are equally far apart). A run whose loss stops
# being a number or passes 100 times its start is stopped, and its curve ends in ✕.

# %% tags=["explorer", "timing"]
explorer = d2l.explore(trainers={d2l.tr('Adam (ours)'): adam},
                       init_states=init_adam_states, data=problem)
explorer

# %% [markdown]
# Questions to try it on:
#
# * Raise $\eta$ step by step from $0.01$. Where do the curves stop settling at the
#   bottom? Does any $\eta$ up to $1$ make the loss blow up?
# * $\beta_1 = 0$ leaves RMSProp with bias correction. How much does momentum
#   matter here?
# * The buttons set several sliders at once: *β2 too small* makes
#   $\beta_1^2 > \beta_2$, so that the denominator forgets faster than the
#   numerator; *huge ε* sets $\epsilon = 1$; *η too large* sets $\eta = 1$. Predict
#   each curve before you press.
#
# The companion [puts numbers on each](adam_in_depth.ipynb#explorer), with Yogi
# beside Adam.

# %% [markdown]
# ## <a id="adam-fails" name="adam-fails"></a>When Adam fails
#
# The convergence proof in Adam's paper has a gap, and
# [Reddi, Kale & Kumar (2018)](#ref-reddi) showed that it is real with a tiny
# *online* problem: at every step $t$ the optimizer commits to a point $x_t$ in
# $[-1, 1]$, and only then is the loss of that step revealed,
#
# $$f_t(x) = \begin{cases} C\,x & \text{if } t \bmod 3 = 1, \\
#   -x & \text{otherwise,} \end{cases} \qquad C > 2. \tag{8}$$
#
# The gradient is $C$ once, then $-1$ twice, again and again. Over a cycle the
# losses add up to $(C - 2)\,x$, so the best fixed point is $x = -1$. An online
# method is judged by its *regret*, the loss it collected beyond that point's:
#
# $$R_T = \sum_{t=1}^{T} f_t(x_t) - \sum_{t=1}^{T} f_t(-1). \tag{9}$$
#
# A method that finds $x = -1$ has an average regret $R_T / T$ that goes to zero.
# A method stuck at $+1$ loses $2(C - 2)$ per cycle, so its average regret stays at
# $2(C - 2)/3$. The paper's settings are $\beta_1 = 0$ (no momentum:
# $\hat{v}_t = g_t$), $\beta_2 = 1/(1 + C^2)$, which is $0.1$ for $C = 3$, a step size
# $\eta_t = \eta / \sqrt{t}$, and a projection back onto the interval:
#
# $$x_{t+1} = \min\!\left(1, \max\!\left(-1,\;
#   x_t - \frac{\eta_t\, \hat{v}_t}{\sqrt{\hat{s}_t} + \epsilon}\right)\right). \tag{10}$$
#
# Why should Adam fail here? Subtracting $s_{t-1}$ from both sides of (2) shows that
# the scale moves towards the newest squared gradient by a fixed fraction of the
# gap:
#
# $$s_t = s_{t-1} + (1 - \beta_2) \left(g_t^2 - s_{t-1}\right). \tag{11}$$
#
# With $\beta_2 = 0.1$ the fraction is nine tenths. The large gradient makes $s$
# large, but the two small ones that follow pull it down at once, so each of them,
# divided by a small number, takes a large step towards $+1$, while the large one,
# divided by a large number, takes a small step towards $-1$. If the two inflated
# steps outweigh the deflated one, Adam drifts to the worst point.

# %% [markdown]
# ## <a id="amsgrad-yogi" name="amsgrad-yogi"></a>Two answers: AMSGrad and Yogi
#
# Both keep Adam and change only the scale it divides by.
#
# * **AMSGrad**, the fix that Reddi et al. proposed, divides by the largest $s_t$
#   so far, so it never forgets a large gradient; `torch.optim.Adam(amsgrad=True)`
#   implements it.
# * **Yogi** ([Zaheer et al., 2018](#ref-zaheer)) keeps the direction in which (11)
#   moves $\mathbf{s}$ but not its size:
#
# $$\mathbf{s}_t = \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2 \odot
#   \operatorname{sgn}\!\left(\mathbf{g}_t^2 - \mathbf{s}_{t-1}\right). \tag{12}$$
#
# When the new squared gradient is much larger than $\mathbf{s}$, the two rules
# agree: both add about $(1 - \beta_2)\,\mathbf{g}_t^2$. When it is smaller, Adam
# subtracts $(1 - \beta_2)(\mathbf{s}_{t-1} - \mathbf{g}_t^2)$, which is large when
# $\mathbf{s}$ is large, while Yogi subtracts only $(1 - \beta_2)\,\mathbf{g}_t^2$,
# which is small when the gradient is small. Yogi's scale can still come down, but
# only little by little, so its step size can only creep up.
#
# In code, Yogi differs from our `adam` in the one line that updates `s`. Its
# customary $\epsilon$ is $10^{-3}$, the default of the implementations that the
# companion [compares it with](adam_in_depth.ipynb#yogi-references).

# %%
def yogi(params, states, hyperparams):  #@save
    """One Yogi step: Adam with the additive, sign-based s update (12); then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-3)
    t = hyperparams['t']
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            g2 = p.grad ** 2
            v[:] = beta1 * v + (1 - beta1) * p.grad              # (1)
            s[:] = s + (1 - beta2) * torch.sign(g2 - s) * g2     # (12)
            v_hat = v / (1 - beta1 ** t)                         # (5)
            s_hat = s / (1 - beta2 ** t)                         # (5)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)  # (6), (7)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# Trained with the learning rate and the states of our Adam (the book printed
# $0.245$):

# %% tags=["figure:yogi"]
d2l.describe_figure(d2l.tr("The loss of our yogi on the airfoil regression over two epochs: it "
                           "falls and levels off like Adam's"))
times, losses = d2l.train_ch11(yogi, init_adam_states(feature_dim),
                               {'lr': 0.01, 't': 1}, data_iter, feature_dim)


# %% [markdown]
# On this well-behaved regression Yogi and Adam end in the same place.
#
# ### <a id="three-methods" name="three-methods"></a>The three methods on the same problem
#
# `run_reddi` runs Adam, AMSGrad and Yogi with the same $\eta = 0.1$, $\beta_1$,
# $\beta_2$, $\epsilon = 10^{-6}$ and start $x_1 = 0$: they differ only in the scale
# they divide by. The gradients do not depend on $x$, so one loop keeps the shared
# $v_t$ and the three scales, Adam's (2), its running maximum for AMSGrad and Yogi's
# (12), each corrected as in (5).

# %%
def run_reddi(C, beta1, beta2, lr=0.1, eps=1e-6, steps=300_000, x1=0.0):  #@save
    """Adam, AMSGrad and Yogi on problem (8) with the same settings: for each
    method the point x_t it plays and the scale s_t it divides by, t = 1 ... steps."""
    x = dict.fromkeys(('Adam', 'AMSGrad', 'Yogi'), x1)
    xs, ss = {m: [] for m in x}, {m: [] for m in x}
    v = s_adam = s_max = s_yogi = 0.0
    for t in range(1, steps + 1):
        g = C if t % 3 == 1 else -1.0                       # the gradient of f_t, (8)
        v = beta1 * v + (1 - beta1) * g                     # (1)
        s_adam = beta2 * s_adam + (1 - beta2) * g ** 2      # (2)
        s_max = max(s_max, s_adam)                          # AMSGrad: the largest (2)
        gap = g ** 2 - s_yogi
        s_yogi += (1 - beta2) * ((gap > 0) - (gap < 0)) * g ** 2  # (12)
        step = lr / math.sqrt(t) * v / (1 - beta1 ** t)     # eta_t v_hat_t, (5)
        for m, s in zip(x, (s_adam, s_max, s_yogi)):
            xs[m].append(x[m])
            ss[m].append(s)
            x[m] = min(1.0, max(-1.0, x[m] - step / (math.sqrt(s / (1 - beta2 ** t)) + eps)))
    return xs, ss


# %% [markdown]
# With the paper's settings for $C = 3$:

# %%
C, beta2 = 3, 1 / (1 + 3 ** 2)
x, scales = run_reddi(C, beta1=0.0, beta2=beta2, steps=30_000)
print(d2l.tr("{steps:,} steps, β2 = 1/(1 + C²) = {beta2:g}", steps=len(x['Adam']), beta2=beta2))
for method, points in x.items():
    print(d2l.tr("{method} ends at x = {end:+.4f}, average regret {regret:.4f}",
                 method=d2l.tr(method), end=points[-1],
                 regret=d2l.average_regret(C, points)[-1]))
assert x['Adam'][-1] > 0.9
assert x['AMSGrad'][-1] < -0.9 and x['Yogi'][-1] < -0.9

# %% tags=["figure:reddi"]
d2l.describe_figure(d2l.tr("Reddi et al.'s problem, step t on a log scale. Left: x_t of Adam, "
                           "AMSGrad and Yogi; Adam goes to +1, AMSGrad and Yogi to -1. Right: "
                           "their average regret; Adam's levels off above zero, the other two "
                           "keep falling"))
axes = d2l.plot_reddi(x, C, beta1=0.0, beta2=beta2)

# %% [markdown]
# Adam walks to $x = +1$, the worst point, and stays there: its average regret
# levels off at $2(C - 2)/3 = 2/3$. AMSGrad and Yogi, with the same settings, reach
# $x = -1$, and their average regret keeps falling. Why? Late in the run, where the
# bias correction is $1$: the scale $s_t$ each method divides by, and how far each
# gradient moves $x$, in units of $\eta_t$:

# %%
g = torch.from_numpy(d2l.reddi_gradients(C, steps=len(x['Adam'])))
late, large = slice(-3000, None), g[-3000:] > 0  # large: the gradient C, once a cycle
for method, s in scales.items():
    s = torch.tensor(s, dtype=torch.float64)
    step = (g / s.sqrt())[late]  # x moves by -eta_t * step
    print(d2l.tr("{method}: last six s_t {last}", method=d2l.tr(method),
                 last=", ".join(f"{value:.1f}" for value in s[-6:].tolist())))
    print(d2l.tr("    step on C {on_c:.2f}, on -1 {on_one:.2f}, net per cycle {net:+.2f} "
                 "(positive: towards +1)", on_c=step[large].mean(),
                 on_one=-step[~large].mean(), net=-step.sum() / 1000))

# %% [markdown]
# * **Adam forgets.** The large gradient lifts $s_t$ to about $8.2$; the next small
#   one pulls it down to $1.7$ and the one after to $1.1$. The large gradient's step
#   is divided by about $\sqrt{8.2} \approx 2.9$, the small ones by little more than
#   $1$: one step of $1.05$ towards $-1$ loses against two of $0.86$ towards $+1$,
#   and $x$ drifts towards $+1$ by $0.68\,\eta_t$ per cycle.
# * **AMSGrad remembers the maximum.** It divides every step by the same
#   $\sqrt{8.2}$, so its steps are in proportion to the gradients, and those add up
#   to $C - 2 > 0$ per cycle: $x$ goes to $-1$.
# * **Yogi changes $s_t$ by at most $(1 - \beta_2)\,g_t^2$ per step.** A small
#   gradient can take away at most $0.9$, however large $s_t$ is, so $s_t$ stays on
#   the scale that the large gradient sets, and the large gradient's step wins.
#
# With the book's $\beta_1 = 0.9$ and $\beta_2 = 0.999$, $s_t$ averages over about a
# thousand steps, so all three remember the large gradient and reach $x = -1$:

# %%
book_x, _ = run_reddi(C=3, beta1=0.9, beta2=0.999, steps=30_000)
print(d2l.tr("with β1 = 0.9, β2 = 0.999:"))
for m, points in book_x.items():
    print("   ", d2l.tr("{method} ends at x = {end:+.4f}", method=d2l.tr(m), end=points[-1]))
assert all(points[-1] < -0.9 for points in book_x.values())

# %% [markdown]
# That is no guarantee: the paper also shows that for any fixed $\beta_1$ and
# $\beta_2$ with $\beta_1 < \sqrt{\beta_2}$, the defaults among them, some stochastic
# convex problem defeats Adam. The sliders rerun `run_reddi` for the same 30,000
# steps; the buttons set $\beta_1$ and $\beta_2$ to the paper's choice for the
# current $C$, or to the book's.

# %% tags=["reddi-explorer"]
d2l.explore_reddi(run_reddi, steps=30_000)

# %% [markdown]
# ## <a id="summary" name="summary"></a>Summary
#
# * Adam divides momentum (1) by the root of RMSProp's average of squared
#   gradients (2), coordinate by coordinate.
# * Both averages start at zero and are too small by $1 - \beta^t$, the sum of a
#   geometric series with $t$ terms (4); dividing by it (5) matters most for the
#   slow $\mathbf{s}_t$.
# * A step moves a coordinate by about $\eta$ while its gradient is steady, less
#   when it is noisy, whatever the scale of the loss; in Kingma & Ba's sparse case,
#   by $\eta(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16\,\eta$.
# * $\epsilon$ belongs outside the root; where it is not small against
#   $\sqrt{\hat{\mathbf{s}}_t}$, Adam turns into SGD with momentum.
# * Our `adam` matches `torch.optim.Adam` to `float32` rounding at every step, a far
#   stronger test than a falling loss.
# * On the problem of Reddi, Kale & Kumar, Adam forgets the rare large gradient and
#   drifts to the worst point; AMSGrad (the largest scale so far) and Yogi (a scale
#   that changes additively) find the best point with the same settings.
#
# In practice Adam mostly comes as AdamW, with a learning rate that warms up and then
# decays: [Adam in practice](adam_in_practice.ipynb) derives them, writes them from
# scratch and checks them against PyTorch.

# %% [markdown]
# ## <a id="exercises" name="exercises"></a>Exercises
#
# Exercises 2, 5, 6, 7 and 8 check themselves: `d2l.check_exercise(n, answer)` runs
# your answer beside a reference and says that it passed, with the evidence, or
# where it first went wrong, with a hint.
#
# 1. <a id="exercise-1" name="exercise-1"></a>Find a history of gradients for
#    which `adam_step_size` returns more than the bound
#    $(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16$. How large can you make the
#    step with the usual decay rates? On the airfoil data, how close do the
#    largest steps come to $\eta$?
#
#    <details><summary>Hint</summary>
#
#    The bound compares one gradient with an average of squares. Let each gradient
#    be a little larger than the one before, $g_t = r^t$ for some $r$ slightly
#    above $1$; the Cauchy–Schwarz inequality gives the limit.
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
#    Write the corrected average as a mean that moves towards each new value,
#    $\hat{\mathbf{v}}_t = \hat{\mathbf{v}}_{t-1} +
#    \gamma_t(\mathbf{g}_t - \hat{\mathbf{v}}_{t-1})$, and use (4) to find
#    $\gamma_t$; check that $\gamma_1 = 1$.
#
#    </details>
#
#    *Check:* write it as `adam_averaged(params, states, hyperparams)`, like `adam`
#    (the check makes one pair `(v, s)` of zeros per parameter):
#    `d2l.check_exercise(2, adam_averaged)`.
#
#    [Solution](adam_solutions.ipynb#solution-2)
#
# 3. <a id="exercise-3" name="exercise-3"></a>Why does it help to reduce the
#    learning rate $\eta$ as training converges?
#
#    <details><summary>Hint</summary>
#
#    Near a minimum the minibatch gradients are mostly noise. What is
#    $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$ then, and how far does a step
#    move the parameters?
#
#    </details>
#
#    [Solution](adam_solutions.ipynb#solution-3)
#
# 4. <a id="exercise-4" name="exercise-4"></a>On the problem of Reddi et al. with
#    $\beta_1 = 0$, raise $\beta_2$ from the paper's $1/(1 + C^2)$. Where does Adam
#    stop ending at $+1$, for $C = 3$ and for $C = 10$? Why does a larger $C$ need a
#    smaller $\beta_2$ to defeat Adam?
#
#    <details><summary>Hint</summary>
#
#    The sliders answer the first question. For the second, follow $s_t$ through one
#    cycle, with (11), once it repeats from cycle to cycle, and compare the steps
#    $g_t/\sqrt{s_t}$ of the three gradients.
#
#    </details>
#
#    [Solution](adam_solutions.ipynb#solution-4)
#
# 5. <a id="exercise-5" name="exercise-5"></a>Move $\epsilon$ inside the square
#    root in `adam` and run the "Trust, but verify" cell again. How large does the
#    difference to `torch.optim.Adam` become? Can you make the two agree again by
#    changing only the $\epsilon$ you pass to `torch.optim.Adam`?
#
#    <details><summary>Hint</summary>
#
#    Compare $\sqrt{s + \epsilon}$ with $\sqrt{s} + \epsilon'$. Can one constant
#    $\epsilon'$ make them equal for every $s$? Where are they close?
#
#    </details>
#
#    *Check:* `d2l.check_exercise(5, adam_eps_inside)`, with `adam_eps_inside` reading
#    $\epsilon$ from `hyperparams` (the check passes $\epsilon = 0.01$).
#
#    [Solution](adam_solutions.ipynb#solution-5)
#
# 6. <a id="exercise-6" name="exercise-6"></a>Remove the bias correction from
#    `adam`. For a constant gradient, how many steps does it take until the
#    uncorrected step is within 10% of the corrected one, with $\beta_2 = 0.999$
#    and with $\beta_2 = 0.9999$? Compare with the 300 steps of our training run,
#    and measure the ratio of the two steps there.
#
#    <details><summary>Hint</summary>
#
#    The ratio is $(1 - \beta_1^t)/\sqrt{1 - \beta_2^t}$, and $\beta_1^t$ vanishes
#    long before $\beta_2^t$ does.
#
#    </details>
#
#    *Check:* `d2l.check_exercise(6, adam_uncorrected)`.
#
#    [Solution](adam_solutions.ipynb#solution-6)
#
# 7. <a id="exercise-7" name="exercise-7"></a>Write `amsgrad` in our convention and
#    verify it against `torch.optim.Adam(amsgrad=True)` as we did for `adam`.
#
#    <details><summary>Hint</summary>
#
#    You need a third state tensor per parameter. Is the maximum taken before or
#    after the bias correction? Compare `run_reddi` with the formula in the
#    documentation of `torch.optim.Adam`.
#
#    </details>
#
#    *Check:* `d2l.check_exercise(7, amsgrad)`, with one triple `(v, s, s_max)` of
#    zeros per parameter.
#
#    [Solution](adam_solutions.ipynb#solution-7)
#
# 8. <a id="exercise-8" name="exercise-8"></a>Feed Yogi's update (12) a constant
#    gradient $g$, starting from $s_0 = 0$, and compute
#    $\hat{s}_t = s_t/(1 - \beta_2^t)$ for $t$ up to a few thousand. How far from
#    $g^2$ does it get, and when?
#
#    <details><summary>Hint</summary>
#
#    While $s_{t-1} < g^2$, (12) adds the same amount every step, so $s_t$ grows
#    linearly in $t$; $1 - \beta_2^t$ grows more slowly.
#
#    </details>
#
#    *Check:* `d2l.check_exercise(8, yogi_s_hat)`, with `yogi_s_hat(g, beta2, steps)`
#    returning $\hat{s}_1, \dots, \hat{s}_{\text{steps}}$.
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
