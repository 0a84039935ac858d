# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Adam算法
#
# 在深度学习的代码里，Adam 往往是人们首先尝试的优化器。它把动量法与 RMSProp 按坐标调整的步长结合起来，再加上一项它自己的校正。本节先写出它的更新公式，然后从零开始实现它，与 PyTorch 的 `torch.optim.Adam` 逐步比对，试验它的超参数；最后看一个让 Adam 失败的问题，以及两种补救办法：AMSGrad 和 Yogi。
#
# **学完本节，你将能够**
#
# * 用本书、原论文和 PyTorch 三套记号写出 Adam 的更新；
# * 解释为什么两个平均值都需要偏差校正，以及 ε 除了防止除以零之外还起什么作用；
# * 估计 Adam 的一步会让参数移动多远；
# * 逐步对照参考实现来检验一个实现；
# * 解释 Adam 为什么会在 Reddi、Kale 和 Kumar 的问题上失败，以及 AMSGrad 和 Yogi 怎样避免失败。
#
# **阅读时间**：约 30 分钟：正文约 4,800 字（汉字与英文单词合计），按每分钟 300 字计，另加 14 个显示结果的单元格，每个一分钟。探索器和[练习](#exercises)不计在内。配套笔记本[深入 Adam](adam_in_depth_zh.ipynb) 收录了较长的实验：[二维问题上的 Adam](adam_in_depth_zh.ipynb#two-d)、[探索器的更多实验](adam_in_depth_zh.ipynb#explorer)、[Yogi 与参考实现的对比](adam_in_depth_zh.ipynb#yogi-references)、[学习率与 $\beta_2$ 的全景](adam_in_depth_zh.ipynb#landscape)以及[一步的开销](adam_in_depth_zh.ipynb#speed)。

# %% [markdown]
# ## <a id="origins" name="origins"></a>Adam 的由来
#
# 本章前面的每一种优化算法都贡献了一个想法，Adam 把它们都保留了下来：
#
# * **随机梯度下降**沿单个样本的梯度前进：每一步都很便宜，方向却带着噪声。
# * **小批量随机梯度下降**在一个小批量上对梯度取平均：噪声更小，运算也能让硬件保持忙碌。
# * **动量法**维护过去梯度的指数加权移动平均（EWMA），让方向一致的分量积累速度，来回振荡的分量相互抵消。
# * **AdaGrad算法**让每个坐标都有自己的步长：除以该坐标累积的梯度平方和的平方根。
# * **RMSProp算法**用 EWMA 而不是总和来累积梯度的平方，于是步长跟随最近的梯度，而不会一直缩小下去。
#
# Adam（[Kingma & Ba, 2015](#ref-kingma-ba)）就是把动量逐个坐标地除以 RMSProp 的尺度，再针对两个平均值的起始方式加一项校正。它往往不怎么调参就能工作，因此成了默认之选；但它并非完美无缺，本节的结尾会说明这一点。

# %%
# %matplotlib inline
import math

import torch

from d2l_local import torch as d2l

d2l.use_language('zh')  # 控件、提示和练习检查都用中文
torch.manual_seed(0)
d2l.use_svg_display()

# %% [markdown]
# ## <a id="algorithm" name="algorithm"></a>算法
#
# 下面用本书的记号写出整个方法；后面几小节再逐个公式地把它拆开来讲（公式编号见右侧）。所有运算都按元素进行：每个坐标都有自己的平均值和自己的步长。
#
# > $$\begin{aligned}
# > &\textbf{Adam} \quad \text{（依照 Kingma \& Ba 的算法 1）}\\[2pt]
# > &\text{给定：学习率 } \eta,\ \text{衰减率 } \beta_1, \beta_2 \in [0, 1),\
# >   \epsilon > 0,\ \text{起点 } \mathbf{x}_0\\
# > &\mathbf{v}_0 \leftarrow \mathbf{0}, \quad \mathbf{s}_0 \leftarrow \mathbf{0}\\
# > &\textbf{for } t = 1, 2, \dots\\
# > &\quad \mathbf{g}_t \leftarrow \text{在 } \mathbf{x}_{t-1} \text{ 处的小批量梯度}\\
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
# 论文和程序库给同样的东西起了不同的名字：
#
# | | 本书 | Kingma & Ba | `torch.optim.Adam` |
# |:--|:--|:--|:--|
# | 参数 | $\mathbf{x}_t$ | $\theta_t$ | `params` |
# | 梯度的平均（一阶矩） | $\mathbf{v}_t$ | $m_t$ | 状态 `exp_avg` |
# | 梯度平方的平均（二阶矩） | $\mathbf{s}_t$ | $v_t$ | 状态 `exp_avg_sq` |
# | 学习率 | 本章取 $\eta = 0.01$ | $\alpha = 0.001$ | `lr` |
# | 衰减率 | $\beta_1 = 0.9$，$\beta_2 = 0.999$ | 相同 | `betas` |
# | 分母中的常数 | 这里取 $\epsilon = 10^{-6}$ | $\epsilon = 10^{-8}$ | `eps` |
#
# 当心两个 $v$：论文的 $v_t$ 是我们的 $\mathbf{s}_t$。PyTorch 的默认值取自论文，所以我们要显式传入本书的 $\eta$ 和 $\epsilon$：

# %%
defaults = torch.optim.Adam([torch.zeros(1, requires_grad=True)]).defaults
print(d2l.tr("torch.optim.Adam's defaults: lr = {lr:g}, betas = {betas}, eps = {eps:g}",
             lr=defaults['lr'], betas=defaults['betas'], eps=defaults['eps']))

# %% [markdown]
# ### <a id="step-size" name="step-size"></a>一步走多远
#
# 先把 $\epsilon$ 放在一边。这时每个坐标移动 $\eta$ 乘以 $\hat{v}_t / \sqrt{\hat{s}_t}$，即梯度的平均值除以梯度平方平均值的平方根。这个比值与梯度的尺度无关：把损失乘以 $100$，$\hat{v}_t$ 和 $\sqrt{\hat{s}_t}$ 都会变成一百倍。对于稳定的梯度，它等于 $\pm 1$，所以无论梯度多大，一步都是 $\eta$；当梯度不断改变符号时，平均值相互抵消，平方的平均值却不会，于是步长缩小。在 Adam 中，$\eta$ 是参数空间中的一段距离，而不像在随机梯度下降中那样是梯度的倍数。
#
# 这个比值最大能有多大？Kingma & Ba（§2.1）论证说，一步至多是 $\eta (1 - \beta_1)/\sqrt{1 - \beta_2}$，取常用的衰减率时约为 $3.16\,\eta$，而且只在最极端的稀疏情形下才会达到：梯度除了当前这一步以外，每一步都是零。`adam_step_size` 在一串梯度历史上运行 (1)、(2) 和 (5)，返回最后一步以 $\eta$ 为单位的大小：

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
# 稳定的梯度给出 $\eta$ 的一步，无论它是 $1$ 还是 $1000$；有噪声的梯度给出的一步要小得多；稀疏的历史则达到了上界。请把这个上界看作对步长大小的参考，而不是保证（[练习 1](#exercise-1)）。
#
# ### <a id="bias-correction" name="bias-correction"></a>偏差校正
#
# 两个平均值都从零开始，$\mathbf{v}_0 = \mathbf{s}_0 = \mathbf{0}$：
#
# $$\mathbf{v}_t = \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1)\, \mathbf{g}_t, \tag{1}$$
#
# $$\mathbf{s}_t = \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2. \tag{2}$$
#
# 取 $\beta_1 = 0.9$ 时，$\mathbf{v}_t$ 大致是最近 $1/(1 - \beta_1) = 10$ 步的平均；而取 $\beta_2 = 0.999$ 时，$\mathbf{s}_t$ 大致是最近 $1000$ 步的平均。从起点把 (1) 展开，得到迄今见过的 $t$ 个梯度的加权和：
#
# $$\mathbf{v}_t = (1 - \beta_1) \sum_{i=0}^{t-1} \beta_1^{i}\, \mathbf{g}_{t-i}. \tag{3}$$
#
# 如果每个梯度都是同一个 $\mathbf{g}$，好的平均值应当给出它本身；但 (3) 给出的是 $\mathbf{g}$ 乘以各项权重之和，而这些权重构成一个恰好有 $t$ 项的等比数列，每个梯度一项：
#
# $$(1 - \beta) \sum_{i=0}^{t-1} \beta^{i} = 1 - \beta^{t}. \tag{4}$$
#
# 所以在开始阶段，两个平均值都偏小，差一个因子 $1 - \beta^t$；除以这个因子，就消除了这种缩小：
#
# $$\hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 - \beta_1^t}, \qquad
#   \hat{\mathbf{s}}_t = \frac{\mathbf{s}_t}{1 - \beta_2^t}. \tag{5}$$
#
# 下面是一个恒为 $1$ 的信号；右图是由这些平均值得到的、以 $\eta$ 为单位的步长，它应当等于 $1$。

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
# 受影响最大的是变化慢的平均值 $s_t$：五十步之后，它几乎还没离开零。它位于分母的平方根之下，使未校正的一步一开始就是 $\eta$ 的 $(1 - \beta_1)/\sqrt{1 - \beta_2}$ 倍，也就是上界中的那个 $3.16$，随后还会增长到 $\eta$ 的六倍以上，而这恰恰是参数离任何合理取值都最远的时候。有了校正，两个平均值从第一步起就恰好等于 $1$，一步也恰好是 $\eta$。（配套笔记本展示了[二维问题上未校正的步子](adam_in_depth_zh.ipynb#bias-off)。）
#
# ### <a id="where-eps" name="where-eps"></a>ε 放在哪里
#
# 有了校正后的平均值，一步是
#
# $$\mathbf{g}_t' = \frac{\eta\, \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon},
#   \tag{6}$$
#
# $$\mathbf{x}_t = \mathbf{x}_{t-1} - \mathbf{g}_t'. \tag{7}$$
#
# Adam 把 $\epsilon$ 加在平方根*之后*；RMSProp 一节则把它放在根号里面：$\sqrt{\mathbf{s}_t + \epsilon}$。$\epsilon$ 要与它所加上的那个量比大小：在根号外，它与 $\sqrt{\hat s}$ 相比，后者与梯度同一量级；在根号内，它与 $\hat s$ 相比，后者与梯度的平方同一量级，$\epsilon$ 在那里会早得多地占据主导。对于稳定的梯度 $g$，以 $\eta$ 为单位的一步在 $\epsilon$ 位于根号外时是 $g/(|g| + \epsilon)$，位于根号内时是 $g/\sqrt{g^2 + \epsilon}$：

# %%
eps = 1e-6
print(d2l.tr("the step in units of η for a steady gradient g, ε = {eps:g}:", eps=eps))
for g in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
    print(d2l.tr("g = {g:.0e}: ε outside the root {outside:.4f}, inside {inside:.4f}",
                 g=g, outside=g / (abs(g) + eps), inside=g / math.sqrt(g ** 2 + eps)))

# %% [markdown]
# 在根号外，一步始终保持原来的大小，直到梯度小到几乎与 $\epsilon$ 本身相当；在根号内，低于 $\sqrt{\epsilon} = 10^{-3}$ 的梯度就已经只能迈出普通随机梯度下降那样的小步了。
#
# 所以 $\epsilon$ 的作用不只是防止除以零。只要它相对于 $\sqrt{\hat s}$ 不算小，它就会改变算法本身：每个坐标的分母都约等于 $\epsilon$，每个坐标都得到相同的学习率 $\eta/\epsilon$，剩下的就是带动量的随机梯度下降。取 $\epsilon = 10^{-6}$ 时，要梯度小到约 $10^{-6}$ 才会这样；而在我们的回归问题上，$\sqrt{\hat s}$ 只有零点几，$\epsilon = 1$ 就会让处处都如此：下面的探索器能让你看到这一点，配套笔记本则[做了测量](adam_in_depth_zh.ipynb#huge-eps-airfoil)。

# %% [markdown]
# ## <a id="from-scratch" name="from-scratch"></a>从零开始实现
#
# 在本章中，优化器是一个函数：给定它的状态和一个超参数字典，它原地更新一组参数。Adam 的状态是每个参数一对 $(\mathbf{v}, \mathbf{s})$，两者都从零开始。我们像原书那样给这些函数标上 `#@save`，这样后面的笔记本就能以 `d2l.init_adam_states` 和 `d2l.adam` 的名字调用它们。

# %%
def init_adam_states(feature_dim):  #@save
    """One pair (v, s) of zero tensors for each parameter: first w, then b."""
    v_w, s_w = torch.zeros((feature_dim, 1)), torch.zeros((feature_dim, 1))
    v_b, s_b = torch.zeros(1), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


# %% [markdown]
# 偏差校正用到的时间步 $t$ 由所有参数共享，所以它放在 `hyperparams` 中，由 `adam` 在每一步之后加一；$\beta_1$、$\beta_2$ 和 $\epsilon$ 也可以在那里给出。注释标出了每一行对应的公式。

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
# 与本章的每一种优化算法一样，我们在机翼数据上训练线性回归模型，学习率为 $\eta = 0.01$。曲线是整个数据集上的损失；曲线下方的一行给出最终损失（原书输出的是 $0.244$）以及在本机上每个迭代周期的用时。

# %% tags=["figure:adam_scratch"]
d2l.describe_figure(d2l.tr("The loss of our adam on the airfoil regression over two epochs: it "
                           "falls fast in the first half epoch, then levels off"))
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
times, losses = d2l.train_ch11(adam, init_adam_states(feature_dim),
                               {'lr': 0.01, 't': 1}, data_iter, feature_dim)


# %% [markdown]
# ## <a id="verify" name="verify"></a>信任，但要验证
#
# 损失曲线在下降，只是很弱的证据：$\epsilon$ 放错了位置，或者时间步从不前进，照样能把这个简单的问题训练好。强得多的检验是：让我们的 `adam` 与 `torch.optim.Adam` 并排运行，从同一个起点出发，使用同样的小批量，在每一步之后比较参数，并把我们的 $\mathbf{v}$ 和 $\mathbf{s}$ 与 PyTorch 的 `exp_avg` 和 `exp_avg_sq` 相比较。

# %%
def minibatch_loss(X, y, w, b):
    return d2l.squared_loss(d2l.linreg(X, w, b), y).mean()


problem = d2l.make_problem(data_iter, seed=0)  # 上面那次训练的起点和小批量
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
# 在两个迭代周期的每一步中，两者的差别都不超过 `float32` 在 $1$ 附近相邻两个数之间的间距左右，也就是最后一位：PyTorch 计算 (5) 和 (6) 的运算顺序与我们不同（舍入的结果还与 CPU 有关），但它计算的是同一个算法，矩也不例外。`assert` 让这一点一直成立：改坏了 `adam`，这个单元格就会失败。

# %% [markdown]
# ## <a id="concise" name="concise"></a>简洁实现
#
# 实践中，我们只需把超参数交给框架内置的优化器。用于内置优化器的训练辅助函数使用 `torch.nn.Linear`，训练四个迭代周期而不是两个，并保留 PyTorch 的 $\epsilon = 10^{-8}$，所以它的曲线与我们的不同；不过最终损失相差不远（原书输出的是 $0.254$）。

# %% tags=["figure:adam_concise"]
d2l.describe_figure(d2l.tr("The loss of torch.optim.Adam on the same regression over two "
                           "epochs: it falls and levels off like our adam's"))
trainer = torch.optim.Adam
times, losses = d2l.train_concise_ch11(trainer, {'lr': 0.01}, data_iter)

# %% [markdown]
# ## <a id="explorer" name="explorer"></a>探索超参数
#
# 每当滑块移动，探索器都会重新训练这个回归模型，并重画我们的 `adam` 和 `torch.optim.Adam` 的损失曲线。训练总是从我们第一次运行的权重和小批量出发，所以曲线的变化只可能来自超参数的变化。粗的灰色曲线保持原书的设置。无论滑块怎样设置，虚线都应当与我们的曲线重合：如果你修改了 `adam`，重新运行它的单元格和这一个单元格之后两者分开了，就说明你的修改改变了算法。
#
# $\eta$ 和 $\epsilon$ 按对数刻度移动，$\beta_2$ 按“九的个数”移动（$0.99$、$0.999$ 和 $0.9999$ 彼此间隔相等）。如果一次运行的损失不再是一个数，或者超过了初始值的 100 倍，这次运行就会停止，它的曲线以 ✕ 结束。

# %% tags=["explorer", "timing"]
explorer = d2l.explore(trainers={d2l.tr('Adam (ours)'): adam},
                       init_states=init_adam_states, data=problem)
explorer

# %% [markdown]
# 可以用它来试一试这些问题：
#
# * 从 $0.01$ 开始，一步一步地调大 $\eta$。曲线从哪里开始不再稳定在底部？在 $1$ 以内，有没有哪个 $\eta$ 会让损失爆炸？
# * $\beta_1 = 0$ 时，剩下的是带偏差校正的 RMSProp。在这里，动量有多重要？
# * 按钮一次设置好几个滑块：*β2 过小* 使 $\beta_1^2 > \beta_2$，于是分母比分子忘得更快；*极大的 ε* 设置 $\epsilon = 1$；*η 过大* 设置 $\eta = 1$。按下按钮之前，先预测每条曲线的样子。
#
# 配套笔记本[给出了每个按钮的数字](adam_in_depth_zh.ipynb#explorer)，并把 Yogi 放在 Adam 旁边。

# %% [markdown]
# ## <a id="adam-fails" name="adam-fails"></a>Adam 何时失败
#
# Adam 原论文中的收敛性证明有一个漏洞。[Reddi, Kale & Kumar (2018)](#ref-reddi) 用一个很小的*在线*问题表明，这个漏洞确实存在：在每一步 $t$，优化器先在区间 $[-1, 1]$ 中选定一个点 $x_t$，然后这一步的损失才揭晓：
#
# $$f_t(x) = \begin{cases} C\,x & \text{若 } t \bmod 3 = 1, \\
#   -x & \text{其他情况，} \end{cases} \qquad C > 2. \tag{8}$$
#
# 梯度先是一次 $C$，接着两次 $-1$，如此循环往复。在一个周期中，损失加起来是 $(C - 2)\,x$，所以最好的固定点是 $x = -1$。评价在线方法的标准是它的*遗憾*（regret），即它累积的损失比那个最好的点多出多少：
#
# $$R_T = \sum_{t=1}^{T} f_t(x_t) - \sum_{t=1}^{T} f_t(-1). \tag{9}$$
#
# 找到 $x = -1$ 的方法，其平均遗憾 $R_T / T$ 趋于零。困在 $+1$ 的方法每个周期多损失 $2(C - 2)$，所以它的平均遗憾一直停在 $2(C - 2)/3$。论文的设置是：$\beta_1 = 0$（没有动量：$\hat{v}_t = g_t$），$\beta_2 = 1/(1 + C^2)$，当 $C = 3$ 时为 $0.1$，步长 $\eta_t = \eta / \sqrt{t}$，以及把每一步投影回区间内：
#
# $$x_{t+1} = \min\!\left(1, \max\!\left(-1,\;
#   x_t - \frac{\eta_t\, \hat{v}_t}{\sqrt{\hat{s}_t} + \epsilon}\right)\right). \tag{10}$$
#
# 为什么 Adam 会在这里失败？在 (2) 的两边同时减去 $s_{t-1}$ 可以看出，尺度每一步都朝最新的梯度平方移动差距的一个固定比例：
#
# $$s_t = s_{t-1} + (1 - \beta_2) \left(g_t^2 - s_{t-1}\right). \tag{11}$$
#
# 当 $\beta_2 = 0.1$ 时，这个比例是十分之九。大梯度让 $s$ 变大，但紧随其后的两个小梯度立刻又把它拉了下来，于是这两个小梯度各自除以一个小数，朝 $+1$ 迈出一大步；而那个大梯度除以一个大数，朝 $-1$ 只迈出一小步。如果两个被放大的步子胜过那个被缩小的步子，Adam 就会漂移到最差的点。

# %% [markdown]
# ## <a id="amsgrad-yogi" name="amsgrad-yogi"></a>两种解决办法：AMSGrad 和 Yogi
#
# 两者都保留 Adam，只改变它所除的尺度。
#
# * **AMSGrad** 是 Reddi 等人提出的修正：它除以迄今为止最大的 $s_t$，所以永远不会忘记大梯度；`torch.optim.Adam(amsgrad=True)` 实现的就是它。
# * **Yogi**（[Zaheer 等人, 2018](#ref-zaheer)）保留 (11) 移动 $\mathbf{s}$ 的方向，但不保留移动的大小：
#
# $$\mathbf{s}_t = \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2 \odot
#   \operatorname{sgn}\!\left(\mathbf{g}_t^2 - \mathbf{s}_{t-1}\right). \tag{12}$$
#
# 当新的梯度平方远大于 $\mathbf{s}$ 时，两条规则一致：都大约加上 $(1 - \beta_2)\,\mathbf{g}_t^2$。当它较小时，Adam 减去 $(1 - \beta_2)(\mathbf{s}_{t-1} - \mathbf{g}_t^2)$，$\mathbf{s}$ 大时这一项也大；而 Yogi 只减去 $(1 - \beta_2)\,\mathbf{g}_t^2$，梯度小时这一项也小。Yogi 的尺度仍然可以下降，但只能一点一点地降，所以它的步长只能缓慢地爬升。
#
# 在代码上，Yogi 与我们的 `adam` 只有更新 `s` 的那一行不同。它惯用的 $\epsilon$ 是 $10^{-3}$，也就是配套笔记本中[与它比较的那几个实现](adam_in_depth_zh.ipynb#yogi-references)的默认值。

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
# 用与我们的 Adam 相同的学习率和状态来训练（原书输出的是 $0.245$）：

# %% tags=["figure:yogi"]
d2l.describe_figure(d2l.tr("The loss of our yogi on the airfoil regression over two epochs: it "
                           "falls and levels off like Adam's"))
times, losses = d2l.train_ch11(yogi, init_adam_states(feature_dim),
                               {'lr': 0.01, 't': 1}, data_iter, feature_dim)


# %% [markdown]
# 在这个性质良好的回归问题上，Yogi 和 Adam 最终到达同一个位置。
#
# ### <a id="three-methods" name="three-methods"></a>同一个问题上的三种方法
#
# `run_reddi` 用相同的 $\eta = 0.1$、$\beta_1$、$\beta_2$、$\epsilon = 10^{-6}$ 和起点 $x_1 = 0$ 运行 Adam、AMSGrad 和 Yogi：它们只在所除的尺度上不同。梯度不依赖于 $x$，所以一个循环就能维护共用的 $v_t$ 和三个尺度：Adam 的 (2)、AMSGrad 所用的它的历史最大值，以及 Yogi 的 (12)，每个尺度都像 (5) 那样做校正。

# %%
def run_reddi(C, beta1, beta2, lr=0.1, eps=1e-6, steps=300_000, x1=0.0):  #@save
    """Adam, AMSGrad and Yogi on problem (8) with the same settings: for each
    method the point x_t it plays and the scale s_t it divides by, t = 1 ... steps."""
    x = dict.fromkeys(('Adam', 'AMSGrad', 'Yogi'), x1)
    xs, ss = {m: [] for m in x}, {m: [] for m in x}
    v = s_adam = s_max = s_yogi = 0.0
    for t in range(1, steps + 1):
        g = C if t % 3 == 1 else -1.0                       # f_t 的梯度，(8)
        v = beta1 * v + (1 - beta1) * g                     # (1)
        s_adam = beta2 * s_adam + (1 - beta2) * g ** 2      # (2)
        s_max = max(s_max, s_adam)                          # AMSGrad：迄今最大的 (2)
        gap = g ** 2 - s_yogi
        s_yogi += (1 - beta2) * ((gap > 0) - (gap < 0)) * g ** 2  # (12)
        step = lr / math.sqrt(t) * v / (1 - beta1 ** t)     # eta_t 乘 v_hat_t，(5)
        for m, s in zip(x, (s_adam, s_max, s_yogi)):
            xs[m].append(x[m])
            ss[m].append(s)
            x[m] = min(1.0, max(-1.0, x[m] - step / (math.sqrt(s / (1 - beta2 ** t)) + eps)))
    return xs, ss


# %% [markdown]
# 使用论文针对 $C = 3$ 的设置：

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
# Adam 走到了 $x = +1$，即最差的点，并停在那里：它的平均遗憾稳定在 $2(C - 2)/3 = 2/3$。设置相同的 AMSGrad 和 Yogi 则到达 $x = -1$，它们的平均遗憾持续下降。为什么？我们来看运行后期（此时偏差校正的因子为 $1$）每种方法所除的尺度 $s_t$，以及每个梯度让 $x$ 移动多远，以 $\eta_t$ 为单位：

# %%
g = torch.from_numpy(d2l.reddi_gradients(C, steps=len(x['Adam'])))
late, large = slice(-3000, None), g[-3000:] > 0  # large：梯度为 C 的步，每个周期一次
for method, s in scales.items():
    s = torch.tensor(s, dtype=torch.float64)
    step = (g / s.sqrt())[late]  # x 移动 -eta_t * step
    print(d2l.tr("{method}: last six s_t {last}", method=d2l.tr(method),
                 last=", ".join(f"{value:.1f}" for value in s[-6:].tolist())))
    print(d2l.tr("    step on C {on_c:.2f}, on -1 {on_one:.2f}, net per cycle {net:+.2f} "
                 "(positive: towards +1)", on_c=step[large].mean(),
                 on_one=-step[~large].mean(), net=-step.sum() / 1000))

# %% [markdown]
# * **Adam 会遗忘**：大梯度把 $s_t$ 抬高到约 $8.2$；下一个小梯度把它拉回到 $1.7$，再下一个拉到 $1.1$。大梯度那一步被除以约 $\sqrt{8.2} \approx 2.9$，小梯度的步子只被除以略大于 $1$ 的数：朝 $-1$ 的一步 $1.05$，敌不过朝 $+1$ 的两步 $0.86$，于是 $x$ 每个周期朝 $+1$ 漂移 $0.68\,\eta_t$。
# * **AMSGrad 记住最大值**：它把每一步都除以同一个 $\sqrt{8.2}$，所以步长与梯度成正比，而梯度每个周期加起来是 $C - 2 > 0$：$x$ 走向 $-1$。
# * **Yogi 每一步最多把 $s_t$ 改变 $(1 - \beta_2)\,g_t^2$**：无论 $s_t$ 多大，一个小梯度最多只能减去 $0.9$，所以 $s_t$ 停留在大梯度设定的量级上，大梯度的那一步胜出。
#
# 取原书的 $\beta_1 = 0.9$ 和 $\beta_2 = 0.999$ 时，$s_t$ 大约是一千步的平均，所以三种方法都记得大梯度，都到达 $x = -1$：

# %%
book_x, _ = run_reddi(C=3, beta1=0.9, beta2=0.999, steps=30_000)
print(d2l.tr("with β1 = 0.9, β2 = 0.999:"))
for m, points in book_x.items():
    print("   ", d2l.tr("{method} ends at x = {end:+.4f}", method=d2l.tr(m), end=points[-1]))
assert all(points[-1] < -0.9 for points in book_x.values())

# %% [markdown]
# 但这并不是保证：论文还证明了，对于任何固定的、满足 $\beta_1 < \sqrt{\beta_2}$ 的 $\beta_1$ 和 $\beta_2$（默认值也在其中），都存在某个随机凸问题让 Adam 失败。滑块会以同样的 30,000 步重新运行 `run_reddi`；按钮把 $\beta_1$ 和 $\beta_2$ 设为论文针对当前 $C$ 的取值，或者原书的取值。

# %% tags=["reddi-explorer"]
d2l.explore_reddi(run_reddi, steps=30_000)

# %% [markdown]
# ## <a id="summary" name="summary"></a>小结
#
# * Adam 逐个坐标地把动量 (1) 除以 RMSProp 的梯度平方平均值 (2) 的平方根。
# * 两个平均值都从零开始，偏小了一个因子 $1 - \beta^t$，即 $t$ 项等比数列之和 (4)；除以这个因子 (5) 对变化慢的 $\mathbf{s}_t$ 最为重要。
# * 无论损失的尺度如何，梯度稳定时，一步让坐标移动约 $\eta$，梯度有噪声时移动得更少；在 Kingma & Ba 所说的稀疏情形下，移动 $\eta(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16\,\eta$。
# * $\epsilon$ 应当放在根号外；只要它相对于 $\sqrt{\hat{\mathbf{s}}_t}$ 不算小，Adam 就会变成带动量的随机梯度下降。
# * 我们的 `adam` 在每一步都与 `torch.optim.Adam` 吻合到 `float32` 的舍入误差以内，这是比下降的损失曲线强得多的检验。
# * 在 Reddi、Kale 和 Kumar 的问题上，Adam 忘掉了罕见的大梯度，漂移到最差的点；AMSGrad（迄今最大的尺度）和 Yogi（以加法方式变化的尺度）在相同的设置下找到了最好的点。
#
# 实践中，Adam 大多以 AdamW 的形式出现，学习率先预热、再衰减：[Adam 实践](adam_in_practice_zh.ipynb)推导了这两者，从零实现它们，并与 PyTorch 对照检验。

# %% [markdown]
# ## <a id="exercises" name="exercises"></a>练习
#
# 练习 2、5、6、7 和 8 可以自动检查：`d2l.check_exercise(n, answer)` 把你的答案与参考实现并排运行，然后告诉你答案已通过并附上证据，或者指出它最先在哪里出错并给出提示。
#
# 1. <a id="exercise-1" name="exercise-1"></a>找一串梯度历史，使 `adam_step_size` 返回的值超过上界 $(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16$。取常用的衰减率时，你能让这一步有多大？在机翼数据上，最大的步子离 $\eta$ 有多近？
#
#    <details><summary>提示</summary>
#
#    这个上界是拿一个梯度与梯度平方的平均值相比。让每个梯度都比前一个稍大一点，即 $g_t = r^t$，其中 $r$ 略大于 $1$；柯西–施瓦茨不等式会给出极限。
#
#    </details>
#
#    [解答](adam_solutions_zh.ipynb#solution-1)
#
# 2. <a id="exercise-2" name="exercise-2"></a>改写 $\mathbf{v}_t$ 和 $\mathbf{s}_t$ 的更新，使它们从第一步起就是正确的平均值，而不需要单独的偏差校正。
#
#    <details><summary>提示</summary>
#
#    把校正后的平均值写成一个朝每个新值移动的均值，$\hat{\mathbf{v}}_t = \hat{\mathbf{v}}_{t-1} + \gamma_t(\mathbf{g}_t - \hat{\mathbf{v}}_{t-1})$，再用 (4) 求出 $\gamma_t$；验证 $\gamma_1 = 1$。
#
#    </details>
#
#    *检查：* 把答案写成 `adam_averaged(params, states, hyperparams)`，写法与 `adam` 相同（检查会为每个参数创建一对全零的 `(v, s)`）：`d2l.check_exercise(2, adam_averaged)`。
#
#    [解答](adam_solutions_zh.ipynb#solution-2)
#
# 3. <a id="exercise-3" name="exercise-3"></a>为什么在训练趋于收敛时降低学习率 $\eta$ 会有帮助？
#
#    <details><summary>提示</summary>
#
#    在最小值附近，小批量梯度大多是噪声。这时 $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$ 是什么样子？一步让参数移动多远？
#
#    </details>
#
#    [解答](adam_solutions_zh.ipynb#solution-3)
#
# 4. <a id="exercise-4" name="exercise-4"></a>在 Reddi 等人的问题上取 $\beta_1 = 0$，把 $\beta_2$ 从论文的 $1/(1 + C^2)$ 往上调。对于 $C = 3$ 和 $C = 10$，Adam 分别从哪里开始不再停在 $+1$？为什么 $C$ 越大，就需要越小的 $\beta_2$ 才能让 Adam 失败？
#
#    <details><summary>提示</summary>
#
#    第一个问题可以用滑块回答。第二个问题：等 $s_t$ 在周期之间重复之后，用 (11) 跟踪它在一个周期中的变化，并比较三个梯度的步子 $g_t/\sqrt{s_t}$。
#
#    </details>
#
#    [解答](adam_solutions_zh.ipynb#solution-4)
#
# 5. <a id="exercise-5" name="exercise-5"></a>把 `adam` 中的 $\epsilon$ 移到平方根之内，然后重新运行“信任，但要验证”一节的单元格。与 `torch.optim.Adam` 的差别变得有多大？只改变传给 `torch.optim.Adam` 的 $\epsilon$，能让两者重新一致吗？
#
#    <details><summary>提示</summary>
#
#    比较 $\sqrt{s + \epsilon}$ 与 $\sqrt{s} + \epsilon'$。能否用一个常数 $\epsilon'$ 让它们对所有 $s$ 都相等？它们在哪里接近？
#
#    </details>
#
#    *检查：* `d2l.check_exercise(5, adam_eps_inside)`，其中 `adam_eps_inside` 从 `hyperparams` 中读取 $\epsilon$（检查传入的是 $\epsilon = 0.01$）。
#
#    [解答](adam_solutions_zh.ipynb#solution-5)
#
# 6. <a id="exercise-6" name="exercise-6"></a>去掉 `adam` 中的偏差校正。对于恒定的梯度，取 $\beta_2 = 0.999$ 和 $\beta_2 = 0.9999$ 时，分别要过多少步，未校正的一步才与校正后的一步相差在 10% 以内？与我们训练时的 300 步比较一下，并测量那时两种步子之比。
#
#    <details><summary>提示</summary>
#
#    这个比值是 $(1 - \beta_1^t)/\sqrt{1 - \beta_2^t}$，而 $\beta_1^t$ 远在 $\beta_2^t$ 之前就趋于零。
#
#    </details>
#
#    *检查：* `d2l.check_exercise(6, adam_uncorrected)`。
#
#    [解答](adam_solutions_zh.ipynb#solution-6)
#
# 7. <a id="exercise-7" name="exercise-7"></a>按我们的约定写出 `amsgrad`，并像验证 `adam` 那样，拿它与 `torch.optim.Adam(amsgrad=True)` 对照验证。
#
#    <details><summary>提示</summary>
#
#    每个参数需要第三个状态张量。最大值是在偏差校正之前取，还是之后取？把 `run_reddi` 与 `torch.optim.Adam` 文档中的公式比较一下。
#
#    </details>
#
#    *检查：* `d2l.check_exercise(7, amsgrad)`，每个参数一组全零的三元组 `(v, s, s_max)`。
#
#    [解答](adam_solutions_zh.ipynb#solution-7)
#
# 8. <a id="exercise-8" name="exercise-8"></a>给 Yogi 的更新 (12) 输入一个恒定的梯度 $g$，从 $s_0 = 0$ 开始，对直到几千的 $t$ 计算 $\hat{s}_t = s_t/(1 - \beta_2^t)$。它离 $g^2$ 最远有多远？出现在什么时候？
#
#    <details><summary>提示</summary>
#
#    当 $s_{t-1} < g^2$ 时，(12) 每一步都加上相同的量，所以 $s_t$ 随 $t$ 线性增长；而 $1 - \beta_2^t$ 增长得更慢。
#
#    </details>
#
#    *检查：* `d2l.check_exercise(8, yogi_s_hat)`，其中 `yogi_s_hat(g, beta2, steps)` 返回 $\hat{s}_1, \dots, \hat{s}_{\text{steps}}$。
#
#    [解答](adam_solutions_zh.ipynb#solution-8)

# %% [markdown]
# ## 参考文献
#
# 1. <a id="ref-kingma-ba" name="ref-kingma-ba"></a>Diederik P. Kingma and Jimmy Ba. *Adam: A Method for Stochastic Optimization.* International Conference on Learning Representations (ICLR), 2015. [arXiv:1412.6980](https://arxiv.org/abs/1412.6980)
# 2. <a id="ref-reddi" name="ref-reddi"></a>Sashank J. Reddi, Satyen Kale and Sanjiv Kumar. *On the Convergence of Adam and Beyond.* International Conference on Learning Representations (ICLR), 2018. [arXiv:1904.09237](https://arxiv.org/abs/1904.09237)
# 3. <a id="ref-zaheer" name="ref-zaheer"></a>Manzil Zaheer, Sashank J. Reddi, Devendra Sachan, Satyen Kale and Sanjiv Kumar. *Adaptive Methods for Nonconvex Optimization.* Advances in Neural Information Processing Systems 31 (NeurIPS), 2018，第 9793–9803 页。[论文页面](https://papers.nips.cc/paper/2018/hash/90365351ccc7437a1309dc64e4db32a3-Abstract.html)
