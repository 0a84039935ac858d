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
# 在深度学习的代码里，Adam
# 往往是人们首先选用的优化器。与其说它是一个新想法，不如说它是几个旧想法的精心组合；把这些部件拆开来看，是理解它擅长什么、又可能在哪里出问题的最快途径。本节推导它的更新公式，从零开始实现它，再把它与
# PyTorch 自带的 `torch.optim.Adam` 逐个数字地比对，最后介绍 Yogi：对 Adam
# 的一处小改动，针对的是它一个已知的弱点。

# %% [markdown]
# ## Adam 的由来
#
# 本章介绍过的每一种优化算法，都贡献了一个被 Adam 保留下来的想法：
#
# * **随机梯度下降**沿单个样本的梯度而不是整个数据集的梯度前进，用方向上的精确换取每一步低得多的计算代价。
# * **小批量随机梯度下降**在一个小批量上对梯度取平均：每一步的噪声更小，而且向量化的运算能让 CPU 和
#   GPU 保持忙碌。
# * **动量法**维护过去梯度的滑动平均，于是方向一致的分量不断积累速度，来回振荡的分量则相互抵消。
# * **AdaGrad算法**用累积的梯度平方和的平方根去除梯度，让每个坐标都有自己的步长，相当于一个代价很低的对角预处理器。
# * **RMSProp算法**把 AdaGrad
#   中不断增长的累加和换成泄漏平均值，于是每个坐标的缩放跟随最近的梯度，步长也不会一直缩小到零。
#
# Adam算法（[Kingma & Ba, 2015](#ref-kingma-ba)）把动量与 RMSProp
# 的逐坐标缩放结合起来，并针对两个平均值的起始方式加了一项校正。它不需要多少调参就能表现良好，因此成了默认之选。但它并非完美无缺：[Reddi, Kale & Kumar (2018)](#ref-reddi)
# 构造了一个简单的凸问题，Adam
# 在上面收敛不到最优解，因为它对梯度尺度的估计会过快地忘掉罕见的大梯度。[Zaheer 等人 (2018)](#ref-zaheer)
# 提出了 Yogi，它只改变这个尺度估计的更新方式。

# %%
# %matplotlib inline
import functools
import math
import time

import numpy as np
import torch

from d2l_local import torch as d2l

d2l.use_language('zh')  # 控件、提示和练习检查都用中文
torch.manual_seed(0)
d2l.use_svg_display()

# %% [markdown]
# ## 算法
#
# 设 $\mathbf{g}_t$ 为第 $t$ 步的小批量梯度。Adam
# 为每个参数维护两个指数加权移动平均（EWMA）：一个是梯度的，一个是梯度按元素平方的：
#
# $$\mathbf{v}_t = \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1)\, \mathbf{g}_t, \tag{1}$$
#
# $$\mathbf{s}_t = \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2. \tag{2}$$
#
# 前者就是动量法中的速度，后者就是 RMSProp 中的尺度。通常取权重 $\beta_1 = 0.9$ 和
# $\beta_2 = 0.999$，于是 $\mathbf{v}_t$ 大致是最近 $1/(1-\beta_1) = 10$ 步的平均，而 $\mathbf{s}_t$
# 大致是最近 $1000$ 步的平均：对尺度的估计比对方向的估计变化得慢得多。
#
# ### 为什么平均值一开始偏小
#
# 两个平均值都从零开始，即
# $\mathbf{v}_0 = \mathbf{s}_0 = \mathbf{0}$，因为一开始我们一无所知。从这个起点把式 (1)
# 展开，得到迄今见过的 $t$ 个梯度的加权和：
#
# $$\mathbf{v}_t = (1 - \beta_1) \sum_{i=0}^{t-1} \beta_1^{i}\, \mathbf{g}_{t-i}. \tag{3}$$
#
# 假设每个梯度都是同一个向量 $\mathbf{g}$。好的平均值此时应当给出 $\mathbf{g}$，但式 (3) 给出的是
# $\mathbf{g}$ 乘以各项权重之和，而这些权重构成一个恰好有 $t$ 项的有限等比数列：
#
# $$(1 - \beta) \sum_{i=0}^{t-1} \beta^{i} = 1 - \beta^{t}. \tag{4}$$
#
# （求和从 $i = 0$ 到 $t - 1$；如果一直加到 $t$，就会多算一个并不存在的梯度，得到
# $1 - \beta^{t+1}$。）从零开始的 EWMA，其权重之和是 $1 - \beta^t$ 而不是
# $1$，所以在开始阶段，平均值被压向零。除以总权重就消除了这种压缩，这就是偏差校正：
#
# $$\hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 - \beta_1^t}, \qquad
#   \hat{\mathbf{s}}_t = \frac{\mathbf{s}_t}{1 - \beta_2^t}. \tag{5}$$
#
# 下面用一个恒为 $1$ 的信号来观察这一过程。

# %%
def ewma(signal, beta):
    """Zero-started EWMA of a 1-D signal, one value per step, as in (1) and (2)."""
    average, history = 0.0, []
    for x in signal:
        average = beta * average + (1 - beta) * x
        history.append(average)
    return torch.tensor(history)


# %% [markdown]
# 左图是原始平均值 (1)、(2) 及其校正后的版本 (5)。右图是对下文的更新真正重要的量：比值
# $\mathbf{v}_t / \sqrt{\mathbf{s}_t}$，它决定 Adam 每一步的大小。对于恒定的梯度，它应当等于 $1$。

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
# 受影响的是变化慢的平均值 $s_t$：五十步之后它几乎还没离开零。由于 $s_t$
# 位于分母的平方根之下，不做校正的 Adam
# 最初几步会比预期大好几倍（倍数见上面的输出），而这恰恰是参数离任何合理取值都最远的时候。有了校正，两个平均值从第一步起就恰好等于
# $1$，比值也是如此。
#
# ### 更新
#
# 有了校正后的矩估计，Adam 以与 RMSProp 非常相似的方式重新缩放梯度，只是它用的是动量
# $\hat{\mathbf{v}}_t$ 而不是原始梯度：
#
# $$\mathbf{g}_t' = \frac{\eta\, \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon},
#   \tag{6}$$
#
# $$\mathbf{x}_t = \mathbf{x}_{t-1} - \mathbf{g}_t'. \tag{7}$$
#
# 所有运算都按元素进行，所以每个坐标都有自己的步长。某个坐标的梯度稳定时，$\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$
# 接近 $\pm 1$，步长接近 $\eta$；梯度噪声很大时，正负梯度在 $\hat{\mathbf{v}}_t$ 中相互抵消，在
# $\hat{\mathbf{s}}_t$ 中却不会，于是步长变小。由此得到一条有用的经验法则：无论损失的尺度如何，Adam
# 每一步通常让每个坐标最多移动大约 $\eta$。把损失乘以 $100$，$\hat{\mathbf{v}}_t$ 和
# $\sqrt{\hat{\mathbf{s}}_t}$ 也都乘以 $100$，除了 $\epsilon$ 的影响之外，步长保持不变。
#
# ### ε 放在哪里，为什么
#
# 常数 $\epsilon$（我们取 $10^{-6}$）只是为了防止除以零。在式 (6) 中，它是在开平方*之后*加上的。而在
# RMSProp 一节中，我们除以的是 $\sqrt{\mathbf{s}_t + \epsilon}$，$\epsilon$
# 在平方根*之内*。（PyTorch 的 `torch.optim.RMSprop` 与 Adam
# 一样把它加在根号外；这是两种写法的差别，而不是两个算法在本质上的差别。）这个位置决定了梯度小到什么程度时，$\epsilon$
# 开始扭曲步长。在根号外，$\epsilon$ 要与 $\sqrt{s}$ 相比，后者与梯度本身同一量级；在根号内，它要与
# $s$ 相比，后者与梯度的*平方*同一量级，所以 $\epsilon$ 会早得多地占据主导。对于稳定的梯度 $g$，以
# $\eta$ 为单位的步长在 $\epsilon$ 位于根号外时是 $g/(|g| + \epsilon)$，位于根号内时是
# $g/\sqrt{g^2 + \epsilon}$：

# %%
eps, rows = 1e-6, []
for g in [1e-1, 1e-2, 1e-3, 1e-4, 1e-5]:
    outside = g / (abs(g) + eps)
    inside = g / math.sqrt(g ** 2 + eps)
    rows.append(f"g = {g:.0e}:   eps outside the root {outside:.4f},   inside {inside:.4f}")
print("\n".join(rows))

# %% [markdown]
# $\epsilon$ 在根号外时，步长一直保持预期的大小，直到梯度小到几乎与 $\epsilon$ 本身相当；$\epsilon$
# 在根号内时，小梯度要早得多就只能迈出小步，就像在普通的随机梯度下降中那样。Adam
# 的选择让上面所说的尺度不变性在宽得多的范围内成立，正因如此，在大多数问题中可以放心地不去管
# $\epsilon = 10^{-6}$（或 PyTorch 的默认值 $10^{-8}$）。

# %% [markdown]
# ## 看 Adam 如何移动
#
# 本章前面几节在同一个小问题 $f(x_1, x_2) = 0.1 x_1^2 + 2 x_2^2$ 上、从同一个起点 $(-5, -2)$
# 出发，画出了梯度下降、动量法和 RMSProp 的轨迹。$f$ 的山谷沿 $x_1$ 轴延伸：谷壁在 $x_2$
# 方向上的弯曲程度是谷底的二十倍。下面把 Adam
# 放到同一个问题上，与另外三种方法并排比较，并用它实际迈出的每一步来检验由式 (6) 得出的经验法则。
#
# 这些图沿用原书的约定：二维训练函数接收点 $(x_1, x_2)$
# 和每个坐标的一个状态，返回下一个点和新的状态；`d2l.train_2d` 把所有状态初始化为 $0$，从 $(-5, -2)$
# 出发调用训练函数 20
# 次，并输出终点。我们做了两处小改动，让这些训练函数在后文中还能复用。一是每个训练函数都以函数
# `f_grad`
# 的形式接收梯度，就像梯度下降一节那样，这样同一个训练函数也能在别的问题上运行。二是超参数不再是全局变量，而是关键字参数，其默认值就是原书在各节中使用的值：`d2l.train_2d(momentum_2d, f_grad=f_2d_grad)`
# 可以重画原书的图，一个变体可以写成
# `functools.partial(adam_2d, eps=1.0)`，而且任何设置都不会从一个单元格泄漏到下一个单元格。

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
# Adam 的每个坐标需要更多的状态：两个平均值 $v$ 和 $s$，以及偏差校正 (5) 所需的时间步 $t$。由于式
# (5) 只在幂 $\beta_1^t$ 和 $\beta_2^t$ 中用到 $t$，我们保存这两个幂而不是
# $t$，并在每一步把它们各乘以对应的 $\beta$。于是一个坐标的状态是 $(v, s, \beta_1^t, \beta_2^t)$，而
# `train_2d` 的初始值 $0$ 表示“还没有迈出任何一步”：$v = s = 0$，$\beta^0 = 1$。下文用于机翼数据的
# `adam` 则把 $t$ 放在 `hyperparams` 中，那里的每次运行都必须从一个新的 `{'t': 1}`
# 开始。这里的训练函数从参数中得到所需的一切，因此它只是其参数的普通函数：用相同的参数调用两次，得到的是同一步；轨迹可以在任何位置、任何时刻开始，无须重置任何东西。此外，这两个幂来自普通的乘法，而
# Python 和 JavaScript 对乘法的舍入完全相同，它们的幂函数却会在某些 $\beta$ 和 $t$
# 上在最后一位出现分歧：本页的网页版用 JavaScript
# 重新计算这些轨迹，得到的数字完全相同。代价是每个坐标都要保存一份自己的幂。
#
# 由于 Adam 的一切运算都按元素进行，二维的 Adam 就是两个只共享设置的一维 Adam。`adam_1d`
# 就是针对单个数的式 (1) 至 (7)；两个开关在下面的实验中使用，一个关闭偏差校正，另一个把 $\epsilon$
# 移到根号内，即 RMSProp 放它的位置。

# %%
def adam_1d(x, g, state, eta, beta1, beta2, eps, bias_correction, eps_inside):
    """One Adam step (1)-(7) for one coordinate x with gradient g.

    After t steps the state is (v, s, beta1**t, beta2**t)."""
    v, s, beta1_t, beta2_t = state
    beta1_t, beta2_t = beta1_t * beta1, beta2_t * beta2  # 本步的 t 对应的两个幂
    v = beta1 * v + (1 - beta1) * g               # (1)
    s = beta2 * s + (1 - beta2) * g * g           # (2)
    if bias_correction:
        v_hat, s_hat = v / (1 - beta1_t), s / (1 - beta2_t)  # (5)
    else:
        v_hat, s_hat = v, s
    if eps_inside:
        denominator = math.sqrt(s_hat + eps)      # 同RMSProp一节
    else:
        denominator = math.sqrt(s_hat) + eps      # (6)
    return x - eta * v_hat / denominator, (v, s, beta1_t, beta2_t)  # (6), (7)


def adam_2d(x1, x2, state1, state2, f_grad, eta=0.4, beta1=0.9, beta2=0.999, eps=1e-6,
            bias_correction=True, eps_inside=False):
    """Adam on each coordinate. train_2d's starting state 0 means no step yet: t = 0."""
    settings = eta, beta1, beta2, eps, bias_correction, eps_inside
    no_step_yet = (0, 0, 1, 1)  # 即 v = s = 0，beta1**0 = beta2**0 = 1
    g1, g2 = f_grad(x1, x2)
    x1, state1 = adam_1d(x1, g1, state1 or no_step_yet, *settings)
    x2, state2 = adam_1d(x2, g2, state2 or no_step_yet, *settings)
    return x1, x2, state1, state2


# %% [markdown]
# Adam 该用哪个 $\eta$？我们给它与另外三种方法相同的
# $\eta = 0.4$，这样一个数字就能描述整幅图（在探索器中，一个滑块也就能同时移动四条轨迹）。不过它的含义并不相同。对梯度下降来说，$\eta$
# 乘以梯度；对 Adam 来说，按照经验法则，它大约是每个坐标每一步移动的距离。取 $0.4$ 时，Adam
# 大约需要十来步才能走完从 $x_1 = -5$ 到最小值的五个单位，远少于原书的 20
# 步。下面是四条轨迹，每种方法都使用其所在章节的设置：

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
# 梯度下降和 RMSProp 输出的终点与原书（在动量法和 RMSProp 两节中）输出的一致；动量法的
# $\eta = 0.4$、$\beta = 0.5$ 是原书第一版的设置（现行版本用的是
# $\eta = 0.6$，在这个学习率下梯度下降会发散）。为了看清每种方法如何使用梯度，把起点处的梯度与每条轨迹最初几步的移动
# $(\Delta x_1, \Delta x_2)$ 比较一下：

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
# 起点处的梯度是 $(-1, -8)$：谷壁比谷底陡八倍。**梯度下降沿着梯度走**：它的第一步是梯度的 $-\eta$
# 倍，在 $x_2$ 方向上比在 $x_1$
# 方向上长八倍，所以它在两侧谷壁之间来回跳跃，走出锯齿形，而沿谷底只是缓慢挪动，每一步都随梯度
# $0.2\,x_1$ 一起缩小。动量法开始时也是这样，随后沿 $x_1$ 方向的速度逐渐积累，锯齿也随之衰减。**Adam
# 让每个坐标几乎恰好移动 $\eta = 0.4$**：对于尚未变化的梯度，无论大小，比值
# $\hat v_t / \sqrt{\hat s_t}$ 都是
# $\pm 1$，所以它最初几步沿对角线走，沿谷底走的距离与横穿谷壁的一样远。这正是逐坐标缩放在起作用，也是
# Adam
# 的轨迹一开始是一条笔直的对角线而不是锯齿的原因。随后，它的动量（$\beta_1 = 0.9$，大约记住十步）带着它越过谷底、冲过最小值：到第
# 20 步时它还在向右移动，输出显示它位于 $x_1 \approx 1$，再过几步它才掉头。
#
# RMSProp 也按坐标缩放，它的第一步同样沿对角线，但长度是 $\eta$ 的 $3.16$
# 倍：它没有偏差校正，所以它的第一个 $s$ 是 $(1 - \gamma)\,g^2$，步长是
# $\eta / \sqrt{1 - \gamma} = 1.26$。请记住这个数字。
#
# ### 三个适合课堂的实验
#
# **关闭偏差校正。** 偏差校正一节的图表明，不做校正时，在 $\beta_2 = 0.999$
# 下最初几步会大好几倍。在这个二维问题上：

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
# 不做校正时，第一步是 $1.26$，即 $3.16\,\eta$：在 $t = 1$
# 时，$v_1 / \sqrt{s_1} = (1 - \beta_1)\,g / (\sqrt{1 - \beta_2}\,|g|) = 0.1 / 0.0316$，这正是偏差校正图下方输出的倍数，也碰巧与
# RMSProp 的倍数相同。接下来几步还要更长，第三步达到 $1.82$，因为 $s_t$ 的增长比 $v_t$
# 慢得多；轨迹冲过最小值，一直到 $x_1 \approx 3.2$ 才折返。做了校正时，没有哪一步长于 $0.40$。
#
# **把山谷旋转 45°。**
# 只有当需要不同步长的方向恰好是坐标轴时，逐坐标缩放才有帮助。把同一个二次函数旋转
# $45°$，使谷底沿对角线 $x_2 = -x_1$
# 延伸：$f(x_1, x_2) = 0.05 (x_1 - x_2)^2 + (x_1 + x_2)^2$，起点是原书的起点随之旋转后的位置
# $(-3.5\sqrt 2, 1.5\sqrt 2) \approx (-4.95, 2.12)$。现在两个坐标都面对陡峭的谷壁：起点处的梯度约为
# $(-6.4, -4.9)$，Adam 沿对角线迈出的一步 $(\eta, \eta)$
# 径直横穿山谷，而不是部分地沿着山谷前进。动量法只是把梯度累加起来，而梯度随问题一起旋转，所以它的轨迹也随之旋转。`d2l.optimizer_paths`
# 在任一问题上从其起点运行我们的训练函数（轨迹探索器调用的就是它）；我们输出每种方法沿谷底还要走多远，两个问题中谷底上的起始位置都是
# $-5$：

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
# 动量法在两个问题上的数字直到最后一位都相同：问题旋转了，轨迹也跟着旋转。Adam
# 则失去了领先优势：在原书的问题上，十步之后它位于 $-1.20$；在旋转后的问题上仍在
# $-4.30$，这些步都花在横穿山谷上，而不是沿山谷前进。下面是旋转后的山谷：

# %%
rotated = d2l.PROBLEMS_2D['rotated']
paths = d2l.optimizer_paths({'momentum': momentum_2d, 'Adam': adam_2d}, 'rotated', steps=40)
fig, axes = d2l.plt.subplots(1, 2, figsize=(7, 3), sharex=True, sharey=True)
for ax, (name, path) in zip(axes, paths.items()):
    d2l.show_trace_2d(rotated.f, path.points, ax=ax, window=rotated.window,
                      levels=rotated.levels, title=f'{name}, 40 steps')
    ax.set_aspect('equal')  # 让 45 度看上去就是 45 度
    ax.label_outer()
fig.tight_layout()

# %% [markdown]
# **极大的 ε。** 在式 (6) 中，$\epsilon$ 与 $\sqrt{\hat s_t}$ 相加。当 $\epsilon$
# 大得多时，每个坐标的分母都约等于 $\epsilon$，每个坐标得到相同的学习率
# $\eta / \epsilon$，剩下的就是动量法（带偏差校正）。我们输出十步之后每个坐标的学习率
# $\eta / (\sqrt{\hat s_t} + \epsilon)$：

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
# $\epsilon$ 很小时，$x_1$ 的学习率几乎是 $x_2$
# 的六倍，因为它的梯度一直小那么多：这就是逐坐标缩放。在这个问题上，$\epsilon = 1$
# 只起到一半的作用，因为这里梯度的量级是 $1$ 到 $8$，与 $\epsilon$ 本身一样大；比值降到三以下。当
# $\epsilon = 100$ 时，两个坐标的学习率相差不过百分之几，都约为 $\eta/\epsilon$：Adam
# 已经变成了动量法，而且除非 $\eta$ 随 $\epsilon$ 一起增大，还是一个很慢的动量法。怎样的 $\epsilon$
# 算“极大”，取决于梯度的大小：这就是为什么在下文基于机翼数据的探索器中，$\sqrt{\hat s}$ 远小于
# $1$，$\epsilon = 1$ 就已经把 Adam 变成了动量法。
#
# 究竟怎样变成动量法？不做偏差校正时，$v_t$ 是梯度的加权平均，而动量法的速度是梯度的加权和；若 $\beta_1 = \beta$，两者的权重同为 $\beta^k$：$v_t$ 是速度的 $(1 - \beta_1)$ 倍。当 $\epsilon$ 远大于 $\sqrt{s_t}$ 时，Adam 的一步 $\eta\, v_t / (\sqrt{s_t} + \epsilon)$ 约为速度的 $\eta (1 - \beta_1) / \epsilon$ 倍。因此，取 $\beta_1 = 0.5$、$\eta = 0.8\,\epsilon$ 且不做偏差校正的 Adam 应当重走我们图中动量法的轨迹（$\beta = 0.5$，$\eta = 0.4$），$\epsilon$ 越大，重合得越紧。在 20 步之内，它的轨迹离动量法的轨迹最远有多远？

# %%
momentum_path = d2l.optimizer_paths({'momentum': momentum_2d})['momentum'].points
for eps in [1.0, 100.0]:
    adam_path = d2l.optimizer_paths({'Adam': adam_2d}, eta=0.8 * eps, beta1=0.5, eps=eps,
                                    bias_correction=False)['Adam'].points
    gap = max(math.dist(p, q) for p, q in zip(adam_path, momentum_path, strict=True))
    print(f"eps = {eps:5g}, eta = {0.8 * eps:4g}: "
          f"largest distance from momentum's path {gap:.4f}")

# %% [markdown]
# 在 $\epsilon = 1$ 时，两条轨迹相距可达 $0.71$；在 $\epsilon = 100$ 时，它们的差别从不超过 $0.0081$，比图中一条线的宽度还小：Adam 已经变成了动量法。
#
# ### 轨迹探索器
#
# 下面的探索器让你亲手操作这一切。它通过 `d2l.optimizer_paths` 运行我们的四个训练函数 `gd_2d`、`momentum_2d`、`rmsprop_2d` 和 `adam_2d`，并把它们的轨迹画在三个问题之一的等高线上：原书的二次函数、同一个二次函数旋转 $45°$ 后的版本，以及一个狭窄弯曲的山谷（Rosenbrock 函数，缩放到同一个窗口中），在那里每种方法都只能沿谷底缓慢爬行。
#
# * 滑块设置每种方法都使用的 $\eta$、步数（最多 200 步），以及 Adam 的 $\beta_1$、$\beta_2$ 和 $\epsilon$；梯度下降、动量法和 RMSProp 保持各自章节中的设置。$\eta$ 和 $\epsilon$ 按对数刻度移动，$\beta_2$ 按“九的个数”移动。
# * 两个开关改变 Adam 本身：一个关闭偏差校正，另一个把 $\epsilon$ 移到根号里面，也就是 RMSProp 放它的位置。
# * 在图上单击或拖动，就能让轨迹从别处出发；复选框选择画出哪些方法。图的下方给出每条轨迹的第一步和终点，或者它远远离开图面的那一步。
# * 按钮重现上面的三个实验。*关闭偏差校正* 把不做校正的 Adam 与 RMSProp 并排画出：两者都以同样长的一步沿对角线出发，而 Adam 随后的步子还在变长（即上面输出的 $1.26, 1.67, 1.82$）。*山谷旋转 45°* 把动量法和 Adam 放到旋转后的问题上走 40 步：Adam 要先横穿山谷，才能沿山谷前进。*ε = 100* 设置 $\epsilon = 100$、$\eta = 80$、$\beta_1 = 0.5$ 并关闭偏差校正：Adam 于是落在本节开头那张图中动量法的轨迹上，*重置* 按钮可以把那张图找回来。
#
# 从这里出发，值得和学生一起尝试那些输出无法展示的东西：一步一步减小 $\epsilon$，看 Adam 离开动量法的轨迹；把旋转后问题的起点移到谷底；给弯曲的山谷 200 步，看哪种方法沿谷底走得最远。由于探索器调用的是上面的函数，对 `adam_2d` 的修改（先运行它所在的单元格，再运行这一个）会在这里显现出来。

# %% tags=["paths_explorer"]
d2l.explore_paths({'gradient descent': gd_2d, 'momentum': momentum_2d,
                   'RMSProp': rmsprop_2d, 'Adam': adam_2d})

# %% [markdown]
# *导出的网页上没有 Python 内核：在那里，探索器在你的浏览器中运行四个训练函数的 JavaScript 副本，和 Python 一样使用双精度，测试会检查它画出的轨迹与内核的轨迹相差不超过 $10^{-12}$。网址会随滑块变化，所以一个链接就能把读者带到你此刻看到的设置。*

# %% [markdown]
# ## 从零开始实现
#
# 按照本章的约定，优化器是一个函数：给定它的状态和一个超参数字典，原地更新一组参数。Adam
# 的状态是每个参数一对 $(\mathbf{v}, \mathbf{s})$，两者都从零开始。

# %%
def init_adam_states(feature_dim):  #@save
    """One pair (v, s) of zero tensors for each parameter: first w, then b."""
    v_w, s_w = torch.zeros((feature_dim, 1)), torch.zeros((feature_dim, 1))
    v_b, s_b = torch.zeros(1), torch.zeros(1)
    return ((v_w, s_w), (v_b, s_b))


# %% [markdown]
# 偏差校正 (5) 所需的时间步 $t$ 由所有参数共享，所以它放在 `hyperparams`
# 中，由函数在每一步之后加一。我们还从 `hyperparams` 中读取 $\beta_1$、$\beta_2$ 和
# $\epsilon$（缺省时取常用的默认值），这样不必修改代码就能改变它们。注释标出了每一行实现的是哪个公式。

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
# 与本章的其他优化算法一样，我们在机翼数据上训练同一个线性回归模型，学习率为
# $\eta = 0.01$。曲线显示训练过程中整个数据集上的损失；曲线下方的一行给出最终损失以及在本机上每个迭代周期所用的时间。

# %% tags=["figure:adam_scratch"]
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
times, losses = d2l.train_ch11(adam, init_adam_states(feature_dim),
                               {'lr': 0.01, 't': 1}, data_iter, feature_dim)


# %% [markdown]
# ## 信任，但要验证
#
# 损失曲线在下降，只能算是优化器正确的微弱证据：$\epsilon$
# 放错了位置，或者时间步从不前进，照样能把这个简单的问题训练好。强得多的检验是让我们的 `adam` 与
# `torch.optim.Adam` 并排运行：从同一个起点出发，使用同样的小批量，每一步之后比较参数。PyTorch
# 的默认值是 $\epsilon = 10^{-8}$，因此我们显式传入自己的 $10^{-6}$。

# %%
def minibatch_loss(X, y, w, b):
    return d2l.squared_loss(d2l.linreg(X, w, b), y).mean()


problem = d2l.make_problem(data_iter, seed=0)  # 上面那次训练的起点和小批量
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
# 在两个迭代周期的每一步中，两个优化器的差别都不超过输出的数值，也就是 `float32`
# 的一两个舍入单位（旁边输出了 `float32` 在 1 附近相邻两个数之间的间距）。PyTorch 计算式 (5) 和 (6)
# 的运算顺序与我们不同，这足以偶尔改变最后一位，但两个实现计算的是同一个算法。`assert`
# 让这项检查一直有效：如果你修改 `adam` 时改错了，这个单元格就会失败。

# %% [markdown]
# ## 简洁实现
#
# 实践中，我们使用深度学习框架内置的优化器，只需传入超参数。用于内置优化器的训练辅助函数使用
# `torch.nn.Linear`，训练四个迭代周期而不是两个，并保留 PyTorch 的默认值
# $\epsilon = 10^{-8}$，所以它的曲线与上面的并不相同；只有它的最终损失应当与上面的相近。

# %% tags=["figure:adam_concise"]
trainer = torch.optim.Adam
times, losses = d2l.train_concise_ch11(trainer, {'lr': 0.01}, data_iter)

# %% [markdown]
# ## Yogi
#
# 在式 (2) 两边同时减去 $\mathbf{s}_{t-1}$ 可以看出，Adam
# 的尺度估计每一步都朝最新的梯度平方移动两者差距的一个固定比例：
#
# $$\mathbf{s}_t = \mathbf{s}_{t-1} + (1 - \beta_2)
#   \left(\mathbf{g}_t^2 - \mathbf{s}_{t-1}\right). \tag{8}$$
#
# 变化量与差距成正比。一阵大梯度过后，$\mathbf{s}$
# 很大；如果随后梯度变小（或者像很少出现的特征那样，大多数时候为零），每一步都会去掉剩余部分的
# $1 - \beta_2$，于是 $\mathbf{s}$ 按几何级数衰减。有效学习率 $\eta / \sqrt{\mathbf{s}_t}$
# 以同样快的速度增长，等到下一个大梯度到来时，优化器已经忘了梯度可以有多大。这就是
# [Reddi, Kale & Kumar (2018)](#ref-reddi) 那个不收敛的例子背后的机制。
#
# Yogi（[Zaheer 等人, 2018](#ref-zaheer)）保留了移动的方向，但不保留其大小：把
# $\mathbf{g}_t^2 - \mathbf{s}_{t-1}$ 替换为
# $\mathbf{g}_t^2 \odot \operatorname{sgn}(\mathbf{g}_t^2 - \mathbf{s}_{t-1})$，
#
# $$\mathbf{s}_t = \mathbf{s}_{t-1} + (1 - \beta_2)\, \mathbf{g}_t^2 \odot
#   \operatorname{sgn}\!\left(\mathbf{g}_t^2 - \mathbf{s}_{t-1}\right). \tag{9}$$
#
# 当新的梯度平方远大于 $\mathbf{s}$ 时，两条规则一致：都大约加上
# $(1 - \beta_2)\,\mathbf{g}_t^2$。当它较小时，Adam 减去
# $(1 - \beta_2)(\mathbf{s}_{t-1} - \mathbf{g}_t^2)$，$\mathbf{s}$ 大时这一项也大；而 Yogi 只减去
# $(1 - \beta_2)\,\mathbf{g}_t^2$，梯度小时这一项也小。尺度估计仍然可以下降，但只能以加法的方式下降，所以有效学习率只能缓慢地爬升。下面是一阵大梯度之后的平静期：$s$
# 从 $1$ 开始，此后的梯度平方都是 $10^{-4}$。

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
# 在代码上，Yogi 与我们的 `adam` 只有更新 `s` 的那一行不同。它惯用的 $\epsilon$ 更大，为
# $10^{-3}$，也就是下文讨论的几个参考实现的默认值。根据 $\epsilon$ 一节的表格，较大的 $\epsilon$
# 会让梯度小于约 $\epsilon$ 的坐标迈出更小的、类似随机梯度下降的步子：它用一点自适应性换取稳定性。

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
# 使用与 Adam 相同的学习率和相同的状态进行训练：

# %% tags=["figure:yogi"]
times, losses = d2l.train_ch11(yogi, init_adam_states(feature_dim),
                               {'lr': 0.01, 't': 1}, data_iter, feature_dim)


# %% [markdown]
# 在这个规模小、性质好的问题上，Yogi 与 Adam 最终到达同一个位置；Yogi
# 的优势要在有罕见大梯度的问题上才显现出来，而不是在这里。
#
# ### 我们的 Yogi 与参考实现有何不同
#
# 我们的 `yogi` 是把更新 (9) 嫁接到我们的 `adam`
# 上得到的，它继承了两个值得明确说明的选择。我们把它与三个广泛使用的 Yogi 实现做了比较：TF-Addons 的
# `Yogi`、optax 的 `yogi` 和 torch-optimizer 的 `Yogi`。
#
# * **初始值。** 我们的实现让两个矩都从零开始。三个参考实现则都让累加量从 $10^{-6}$ 开始：optax 和
#   torch-optimizer 对两个矩都是如此，TF-Addons 只对 $\mathbf{s}$ 如此。
# * **偏差校正。** 我们的实现像式 (5) 那样除以 $1 - \beta^t$，optax 和 torch-optimizer
#   也是如此。TF-Addons 把同样的因子并入学习率，即
#   $\eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)$，这是等价的，只是它的 $\epsilon$ 实际上被除以了
#   $\sqrt{1-\beta_2^t}$，因而在最初几千步中更大。注意，式 (5) 背后的论证，即等比数列求和
#   (4)，针对的是从零开始的 EWMA。Yogi 的 $\mathbf{s}$ 并不是
#   EWMA（在参考实现中它也不从零开始），所以对 Yogi 而言，这项校正只是借来的经验做法；练习 8
#   会问它到底有多好。
# * **默认值。** 我们的 $\epsilon = 10^{-3}$ 与三者都一致，我们的 $\eta = 0.01$ 与 TF-Addons 和
#   torch-optimizer 的默认值一致（optax 没有默认的学习率）。
#
# 所以剩下的差别就是初始值。下面在同样的数据上运行两个版本，从同样的初始权重出发，使用同样的小批量：

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
# 在这里初始值几乎无关紧要：这个问题的梯度平方远大于
# $10^{-6}$，所以从第一步起，累加量就由数据主导。只有梯度在 $10^{-3}$
# 左右或更小的坐标上，$\mathbf{g}_t^2$ 才与 $10^{-6}$
# 相当，初始值才可能产生影响；而在那里，$\epsilon = 10^{-3}$ 与 $\sqrt{\hat{\mathbf{s}}_t}$
# 一样大，对步长的影响至少同样大。

# %% [markdown]
# ## 探索超参数
#
# Adam 有四个数需要选择：学习率 $\eta$、两个衰减率 $\beta_1$ 和 $\beta_2$，以及
# $\epsilon$。下面的探索器在任何一个滑块移动时都会重新训练我们的线性回归模型并重画损失曲线，你可以亲眼看到每个数的作用，而不必听信我们的一面之词。它用相同的设置训练三个优化器：我们的
# `adam`、我们的
# `yogi`（即上面定义的函数，所以如果你修改了它们并重新运行这个单元格，探索器训练的就是你的版本）以及
# `torch.optim.Adam`。
#
# 每次运行都从同样的权重出发，以同样的顺序看到同样的小批量，即 `torch.manual_seed(0)` 之后
# `train_ch11` 所用的那些。因此在开始时，蓝色曲线正好就是上面第一条从零开始实现的 `adam`
# 曲线；曲线发生变化，是因为某个超参数变了，而不是运气。粗的灰色曲线保持不动：它是使用原书设置（$\eta = 0.01$、$\beta_1 = 0.9$、$\beta_2 = 0.999$、$\epsilon = 10^{-6}$）的我们的
# `adam`，用作对照。绿色虚线是
# `torch.optim.Adam`，无论滑块怎样设置，它都应该与蓝色曲线完全重合；如果你修改了 `adam`
# 之后两者分开了，说明你的修改改变了算法。
#
# 关于这些控件的几点说明：
#
# * 拖动任何一个滑块时，曲线都会随之重新训练；滑块获得焦点后，方向键可以小步移动它。
# * $\eta$ 和 $\epsilon$ 按对数刻度移动，因为重要的是它们的数量级。
# * $\beta_2$ 按“九的个数”移动：$0.99$、$0.999$ 和 $0.9999$
#   彼此间隔相等。回想一下，$1/(1-\beta)$ 大致就是 EWMA
#   能记住的步数，所以从其中一个值向右移到下一个值的四分之一处，$\mathbf{s}$ 的记忆就延长到约 $1.8$ 倍。
# * $\epsilon$ 滑块对 Yogi 同样有效。我们的 `yogi` 默认
#   $\epsilon = 10^{-3}$，但公平的比较应当给两种方法相同的设置；探索器之后的单元格表明，在这个问题上
#   Yogi 的曲线几乎察觉不到这个差别。
# * 复选框用来隐藏曲线（隐藏的曲线不参与训练，所以重新训练会更快）。图下方的状态行给出每条曲线的最终损失，以及这次重新训练用了多长时间。
# * 损失轴是固定的对数刻度，以便在不同设置之间比较曲线；高于 1.5
#   的损失会超出图的上边缘。如果一次运行的损失不再是一个数，或者增长到超过初始值的 100
#   倍，运行就在那里停止：它的曲线以 ✕ 结束，状态行显示“在第 $k$ 步发散”。

# %% tags=["explorer", "timing"]
explorer = d2l.explore(trainers={'Adam (ours)': adam, 'Yogi (ours)': yogi},
                       init_states=init_adam_states, data=problem)
explorer

# %% [markdown]
# *导出的网页上没有 Python 内核：在那里，探索器在你的浏览器中训练，使用的是我们的 `adam` 和 `yogi`
# 的 JavaScript
# 副本，测试会把它们与内核算出的曲线相互核对。网址会随滑块变化，所以一个链接就能把读者带到你此刻看到的设置。*
#
# ### 可以尝试什么
#
# **学习率。** 从 $0.01$ 开始，把 $\eta$ 一点一点地调大。曲线起初下降得更快，然后在 $\eta = 0.1$
# 左右，它们很早就到达底部并开始在那里抖动：每一步让每个坐标移动最多约
# $\eta$，这个步长现在太粗，无法稳定在最小值处。把它调小到 $10^{-3}$
# 或更小，两个迭代周期就不够到达底部了。
#
# **第一个衰减率。** 把 $\beta_1$ 从 $0.9$ 滑到 $0$：动量消失，Adam 变成带偏差校正的
# RMSProp。在这个问题上，这带来的变化出奇地小。反过来把它往 $0.999$
# 方向滑：平均值现在覆盖数百步，所以步子的方向对梯度的反应很迟缓。曲线到达底部，冲过头，又爬回来，到两个迭代周期结束时仍在摆动。
#
# **按钮**一次设置好几个滑块，对应那些值得在课堂上演示的实验。下面的数字来自探索器调用的同一个函数
# `d2l.loss_curves`，所以与状态行显示的数字相同。

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
# **原书默认值**与 **$\epsilon = 10^{-3}$**：在这个问题上，Yogi 自己那个更大的 $\epsilon$
# 对其最终损失的影响小于表中的最后一位，所以与 Adam 共用滑块并不让 Yogi 吃亏。
#
# **$\beta_2$ 过小**设置 $\eta = 0.1$、$\beta_1 = 0.99$、$\beta_2 = 0.9$。这时 $\mathbf{s}$
# 大约记住十步，而 $\mathbf{v}$ 大约平均一百步，并且 $\beta_1^2 > \beta_2$：在这种情形下，Adam
# 的步长不再被限制在 $\eta$
# 附近，因为单个较小的梯度平方就能让分母变小，而分子仍然带着许多大梯度积累的动量。Adam
# 的最终损失明显高于 $\beta_2 = 0.999$ 时（表中的下一行；把 $\beta_2$
# 拖回去，可以看到曲线稳定下来）。Yogi 的 $\mathbf{s}$ 只能缓慢下降 (9)，受到的影响要小得多。
#
# **极大的 $\epsilon$** 设置 $\epsilon = 1$。在原书的设置下，这个模型六个参数的
# $\sqrt{\hat{\mathbf{s}}_t}$ 最终都在约 $0.2$ 到 $0.35$ 之间，所以 $\epsilon = 1$
# 在分母中占主导，使分母对每个坐标、每一步都几乎相同。剩下的就是带动量的随机梯度下降，学习率略低于
# $\eta/\epsilon$，曲线比灰色曲线下降得慢。我们可以验证这一说法：随着 $\epsilon$
# 增大（同时按比例增大 $\eta$，保持 $\eta/\epsilon$ 不变），Adam 的最终损失趋近于学习率为
# $\eta/\epsilon$ 的带动量随机梯度下降的最终损失。

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
# **$\eta$ 过大**设置 $\eta = 1$。你可能以为损失会爆炸，对普通的随机梯度下降确实如此（见下文）。Adam
# 的损失却不会：它跳升、摆动，最后停在比起点还高的位置，但始终是有限值，也没有出现
# ✕。原因在于归一化：当梯度保持符号不变时，$\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$ 约为
# $\pm 1$，所以无论梯度多大，每个坐标每一步最多移动约
# $\eta$；在这个凸问题上，大小有界的步子无法把权重带到离最小值任意远的地方。学习率过大会让 Adam
# *无法收敛*，但不会让它发散。随机梯度下降的步长是梯度的 $\eta$
# 倍，而梯度随着与最小值的距离增大而增大，正是这种反馈让它爆炸：

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
# ### 当你自己的优化器发散时
#
# 探索器会训练你交给它的任何函数，所以它也是检验修改的快捷方式。下面是一个典型的失误：更新的符号弄反了（我们把梯度取反后再调用我们的
# `adam`，效果相同）。出错的版本让损失不断攀升；一旦损失超过初始值的 100
# 倍，运行就会被停止并报告出来。把 `adam_uphill` 交给探索器，例如写成
# `trainers={'Adam (ours)': adam, 'uphill': adam_uphill}`，它的曲线就会在那一步以 ✕ 结束；$\eta$
# 越大，来得越早。

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
# ## Adam 何时失败
#
# Adam 原论文的收敛性证明有一个漏洞，[Reddi, Kale & Kumar (2018)](#ref-reddi)
# 用一个不到一秒就能跑完的小问题证明了这个漏洞确实存在。这是一个*在线*问题：在每一步
# $t$，优化器先选定区间 $[-1, 1]$ 中的一个点 $x_t$，然后这一步的损失才揭晓：
#
# $$f_t(x) = \begin{cases} C\,x & \text{if } t \bmod 3 = 1, \\
#   -x & \text{otherwise,} \end{cases} \qquad C > 2. \tag{10}$$
#
# 所以梯度先是一次 $C$，接着两次 $-1$，如此循环往复。每个三步的周期中，损失之和为
# $(C - 2)\,x$，所以最好的固定点是
# $x = -1$。我们用*遗憾*（regret）来衡量一个在线方法：它累积的损失比那个最好的点多出多少，
#
# $$R_T = \sum_{t=1}^{T} f_t(x_t) - \sum_{t=1}^{T} f_t(-1). \tag{11}$$
#
# 找到 $x = -1$ 的方法，其平均遗憾 $R_T / T$ 趋于零。困在 $+1$ 的方法每个周期损失
# $2(C - 2)$，所以它的平均遗憾一直停留在 $2(C - 2)/3$。

# %% [markdown]
# 论文的设置是：$\beta_1 = 0$（没有动量，所以 $\hat{v}_t = g_t$），$\beta_2 = 1/(1 + C^2)$（当
# $C = 3$ 时为 $0.1$），按 $\eta_t = \eta / \sqrt{t}$
# 衰减的步长，以及一个投影：走出区间的一步会被放回离它最近的端点：
#
# $$x_{t+1} = \min\!\left(1, \max\!\left(-1,\;
#   x_t - \frac{\eta_t\, \hat{v}_t}{\sqrt{\hat{s}_t} + \epsilon}\right)\right). \tag{12}$$
#
# 我们用*相同的* $\eta = 0.1$、$\beta_1$、$\beta_2$、$\epsilon = 10^{-6}$ 和起点 $x_1 = 0$
# 运行三种方法；它们只在所除的尺度 $s_t$ 上不同。**Adam** 使用式 (2)。**AMSGrad**
# 是论文提出的修正，它除以迄今为止式 (2) 的最大值，`torch.optim.Adam(amsgrad=True)`
# 也是这样做的。**Yogi** 就是我们的 `yogi`：更新 (9)，从 $s_0 = 0$ 开始，并像 Adam
# 一样做偏差校正。Yogi 惯用的 $\epsilon = 10^{-3}$ 在这里不会改变它的终点；我们让三者使用同一个
# $\epsilon$，以保证比较公平。
#
# 梯度不依赖于 $x$，所以一个循环就可以并排维护三种方法的尺度：共用的 $v_t$ (1)、Adam 的 $s_t$
# (2)、AMSGrad 记录的它的历史最大值，以及 Yogi 的 $s_t$ (9)。然后每种方法用自己的尺度迈出一步
# (12)。（测试会逐步核对这个循环：与 `torch.optim.Adam` 比较，带或不带 `amsgrad` 都有，也与我们的
# `yogi` 比较。）

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
        g = C if t % 3 == 1 else -1.0                           # f_t 的梯度，(10)
        v = beta1 * v + (1 - beta1) * g                         # (1)
        s_adam = beta2 * s_adam + (1 - beta2) * g ** 2          # (2)
        s_max = max(s_max, s_adam)                              # AMSGrad：迄今最大的 (2)
        s_yogi += (1 - beta2) * sign(g ** 2 - s_yogi) * g ** 2  # (9)
        step = lr / math.sqrt(t) * v / (1 - beta1 ** t)         # eta_t 乘 v_hat_t，(5)
        for m, s in zip(x, (s_adam, s_max, s_yogi)):
            xs[m].append(x[m])
            ss[m].append(s)
            x[m] = min(1.0, max(-1.0, x[m] - step / (math.sqrt(s / (1 - beta2 ** t)) + eps)))
    return xs, ss


# %% [markdown]
# 使用论文针对 $C = 3$ 的设置：

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
# Adam 走到了 $x = +1$，即区间中*最差*的点，并停在那里：它的平均遗憾稳定在
# $2(C - 2)/3 = 2/3$，而不是趋于零。设置完全相同的 AMSGrad 和 Yogi 则到达
# $x = -1$，它们的平均遗憾持续下降。
#
# 为什么？我们来看看运行后期（此时偏差校正的因子为 $1$）每种方法所除的尺度 $s_t$，以及每个梯度让 $x$
# 移动了多远，以步长 $\eta_t$ 为单位：

# %%
g = d2l.reddi_gradients(C=3, steps=30_000)
late, large = slice(-3000, None), g[-3000:] > 0  # large：梯度为 C 的步，每个周期一次
lines = []
for method, s in run_reddi(C=3, beta1=0.0, beta2=0.1, steps=30_000)[1].items():
    s = np.array(s)
    step = (g / np.sqrt(s))[late]  # x 移动 -eta_t * step
    lines.append(f"{method:8s} last six s_t: {np.round(s[-6:], 1)}")
    lines.append(f"{'':8s} step on C {step[large].mean():.2f}, on -1 "
                 f"{-step[~large].mean():.2f}, net per cycle {-step.sum() / 1000:+.2f} "
                 "(positive: towards +1)")
print("\n".join(lines))


# %% [markdown]
# 逐行阅读上面的输出。
#
# * **Adam 会遗忘。** 在 $\beta_2 = 0.1$ 时，$s_t$ 的十分之九是最新的梯度平方。大梯度把它抬高到约
#   $8.2$，但下一个小梯度把它拉回到 $1.7$，再下一个拉到
#   $1.1$：两步之后，大梯度就被遗忘了。所以大梯度那一步被除以约
#   $\sqrt{8.2} \approx 2.9$，小梯度的步子只被除以略大于 $1$ 的数。朝 $-1$ 方向约 $1.05$
#   的一步敌不过朝 $+1$ 方向各约 $0.86$ 的两步，$x$ 每个周期向 $+1$ 漂移约
#   $0.68\,\eta_t$，最后被投影固定在那里。
# * **AMSGrad 记住最大值。** 它把每一步都除以同一个
#   $\sqrt{8.2}$，所以步长与梯度本身成正比，而梯度每个周期加起来是 $C - 2 > 0$：$x$ 走向 $-1$。
# * **Yogi 每一步最多把 $s_t$ 改变 $(1 - \beta_2)\,g_t^2$**，符号只决定方向 (9)。因此，无论 $s_t$
#   有多大，一个小梯度最多只能减去 $0.9 \cdot 1^2 = 0.9$，所以 $s_t$
#   不会追随最新的梯度：它在大梯度设定的量级上呈锯齿状上下波动。平均而言，小梯度的步子与大梯度的那一步被除以差不多大的数，于是大梯度胜出。（这个上界一般并不“慢”：大梯度一步就让
#   $s_t$ 变化 $0.9 \cdot 3^2 = 8.1$。）

# %% [markdown]
# 使用原书的默认值 $\beta_1 = 0.9$、$\beta_2 = 0.999$ 时，$s_t$
# 大约是一千步的平均，所以三种方法都记得大梯度，而动量对方向做了平均：在这个问题上三者都停在
# $x = -1$，只用十分之一的步数就足以看出这一点。

# %%
book_x, _ = run_reddi(C=3, beta1=0.9, beta2=0.999, steps=30_000)
print(', '.join(f'{m} ends at x = {points[-1]:+.4f}' for m, points in book_x.items()))
assert all(points[-1] < -0.9 for points in book_x.values())

# %% [markdown]
# 但这并不是保证：论文还证明了，对任何固定的满足 $\beta_1 < \sqrt{\beta_2}$
# 的取值（默认值就满足这个条件），都存在某个随机凸问题让 Adam 失败。
#
# 自己找一找失败从哪里开始。滑块会以 **30,000 步**而不是 300,000 步重新运行我们的
# `run_reddi`，这样图能跟上拖动中的滑块；终点写在图的下方。按钮把 $\beta_1$ 和 $\beta_2$
# 设为论文针对当前 $C$ 的选择，或者原书的默认值。

# %% tags=["reddi-explorer"]
d2l.explore_reddi(run_reddi, steps=30_000)

# %% [markdown]
# ## 超参数的全景
#
# 在我们的机翼数据回归问题上，$\eta$ 和 $\beta_2$
# 到底有多重要？为了看到全貌，我们在一个网格上训练每一种组合：31 个学习率，从 $10^{-4}$ 到
# $10^{2}$（每个数量级五个，所以 $0.01$ 在网格上），以及 31 个 $\beta_2$ 值，从 $0.9$ 到
# $0.99999$，在 $\log(1 - \beta_2)$ 上等距分布（所以 $0.999$ 也在网格上），并取 $\beta_1 = 0.9$
# 和每种方法惯用的 $\epsilon$。这样 Adam 有 961 次运行，Yogi 也有 961 次，每次两个迭代周期。
#
# 一次只跑一个的话，要花好几分钟。但线性模型只不过是一列六个数（五个权重和一个偏置），所以 $K$
# 次运行就是六行 $K$ 列，对它们全体做一次小批量更新只需几个矩阵运算。`d2l.train_sweep`
# 正是用我们自己的 `adam` 和 `yogi` 这样做的：它把全部 $K$
# 次运行的权重作为一个参数交给它们，把每个超参数作为每次运行各取一个值的张量交给它们；由于 `adam`
# 的每一行都是按元素运算的，它会用每一列自己的 $\eta$、$\beta_1$、$\beta_2$ 和 $\epsilon$
# 来更新该列。（测试会检查每一列的曲线与同一函数单独运行的结果相差不超过 $10^{-5}$。）与
# `train_ch11` 一样，一次运行的损失不再是数或超过初始值的 100
# 倍时，运行就被停止；热图用斜线标出这些格子，它们不计入色标。
#
# 每次运行都从 `problem` 出发，也就是我们第一次 Adam
# 运行的权重和小批量，所以原书默认值对应的格子重复的正是那次运行。把鼠标悬停在一个格子上，可以读出它的
# $\eta$、$\beta_2$ 和两个最终损失；点击它，就能在上面的探索器中试试这个设置。

# %%
lrs = np.logspace(-4, 2, 31)          # 包含 0.01
beta2s = 1 - np.logspace(-1, -5, 31)  # 0.9 ... 0.99999，包含 0.999
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
    near_best = (final < 1.05 * final.min()).any(axis=1)  # 与最优值相差不到 5%
    lines.append(f"{name}: default {final[at_default]:.4f}, best {final.min():.4f} "
                 f"(eta {lrs[best[0]]:.2g}, beta2 {beta2s[best[1]]:.5g}); within 5% of "
                 f"the best for eta {lrs[near_best].min():.2g} ... {lrs[near_best].max():.2g}")
    lines.append(f"{'':6s}{diverged.sum()} runs diverged, the first at eta = "
                 f"{lrs[diverged.any(axis=1)].min():.3g}")
print("\n".join(lines))

# %% [markdown]
# 两幅图中都有三点很突出。
#
# * **好的区域是一条学习率的带，在带内 $\beta_2$ 几乎无关紧要。**
#   深色的带几乎竖直向上：在带内，最终损失取决于 $\eta$，几乎不取决于
#   $\beta_2$。原书的默认值位于带内；输出给出了带的宽度（约一个数量级），并表明默认值的损失（与
#   `train_ch11` 为我们的第一次运行输出的数相同）与网格上的最优值相差不到百分之一。
# * **太小则慢，太大则停不下来。** 在左侧，两个迭代周期不足以取得多少进展。从约 $\eta = 0.1$
#   起，最终损失上升；超过约 $\eta = 1$ 后，它在格子之间毫无规律地变化：正如我们对式 (6)
#   的分析，每个坐标每一步移动约
#   $\eta$，所以权重一直在最小值周围跳来跳去。这些运行没能收敛，但也没有爆炸。
# * **发散需要非常大的 $\eta$。**
#   只有在学习率达到几个单位甚至更大时（输出给出了第一个发散的值），运行的损失才会达到初始值的 100
#   倍；Yogi 第一次爆炸时的 $\eta$ 比 Adam
#   的更大。画斜线的格子就是这些运行；它们不计入色标，否则色标会被大上千倍的损失拉伸。
#
# 所以在这个问题上 Adam 很宽容：带内的任何 $\eta$，配上从 $0.9$ 往上的任何
# $\beta_2$，结果都几乎一样。在有罕见大梯度的问题上，比如上一节的那个问题，$\beta_2$
# 才开始变得重要。

# %% [markdown]
# ## 我们的 Adam 有多快？
#
# 我们的 `adam` 是为了便于阅读而写的：一个 Python `for`
# 循环逐个访问参数，对每个参数执行约十个小的张量运算。对于机翼数据上的线性回归，只有 `w` 和 `b`
# 两个参数，这个循环的开销不值一提。真实的网络则不同：一个深层的多层感知机或 Transformer
# 有数百个参数张量，其中许多都很小（偏置、归一化的缩放参数）。
#
# PyTorch 执行的每个张量运算，在进行任何算术之前都要付出固定的代价：Python
# 调用、参数检查、分派到对应设备和数据类型的内核、为结果分配内存（在 GPU
# 上还要启动内核）。对于只有几百个数的张量，这些开销超过了算术本身，所以遍历参数的循环，其开销与*张量的个数*成正比，而不是与数的个数成正比。
#
# PyTorch 有两种办法绕开它。`torch._foreach_*`
# 系列运算接受张量的*列表*：`torch._foreach_mul_(vs, beta1)`
# 一次调用就缩放所有的一阶矩，所以无论模型有多少个张量，Adam
# 的一整步都只需要寥寥几次调用。`torch.optim.Adam(foreach=True)` 就是这样工作的，`d2l.foreach_adam`
# 也是，它是用这些运算改写的我们的 `adam`（参数相同、状态相同、结果相同）。`fused=True`
# 更进一步：由一个内核把每个参数、它的梯度和两个矩各读一次，再写回新值，而不是每个运算都把内存过一遍。
#
# 我们在一个有 50
# 个线性层的窄多层感知机的参数上，为一步（更新和清零梯度）计时。梯度是固定的随机数：只对优化器计时。我们用单个
# CPU 线程计时：把这么小的张量分给多个线程，付出的可能比节省的还多，尤其是在其他程序占着 CPU
# 核的时候；而且我们想看到的是每个运算的开销，而不是线程调度。首先确认所有版本计算的是同一个东西。

# %%
def many_small_tensors(depth=50, width=16):
    """Weights and biases of a deep, narrow MLP, each with a random gradient."""
    generator = torch.Generator().manual_seed(0)  # 不影响全局随机种子
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
        step()  # 预热
    times = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            for _ in range(repeats):
                step()
            times[name].append((time.perf_counter() - start) / repeats)
    return {name: sorted(t)[rounds // 2] for name, t in times.items()}


# %% tags=["timing"]
with d2l.one_thread():  # 原因见上文
    cost = seconds_per_step({name: build(many_small_tensors())
                             for name, build in versions.items()})
reference = cost['torch.optim.Adam(foreach=True)']
print(f'{"one step of":32}{"us":>8}{"x foreach=True":>16}')
for name, seconds in cost.items():
    print(f'{name:32}{seconds * 1e6:8.0f}{seconds / reference:16.2f}')

# %% [markdown]
# 请看最后一列，而不是微秒数：绝对时间取决于机器以及它同时在忙些什么，而并排计时的各版本之间的比值要稳定得多。循环版本为每个运算*和每个张量*都付出固定开销；foreach
# 版本对整个列表的每个运算只付一次。在 CPU 上，一个 foreach
# 运算仍然逐个处理张量，所以融合内核（它还省去了对内存的反复遍历）还能做得更好。在 GPU
# 上，每次启动一个小内核的代价相对更高，同样的道理就更加适用。这些对我们只有两个参数的回归问题都无关紧要，这也是课程代码保持为朴素易读的循环的原因；`d2l.foreach_adam`
# 留给你训练有许多张量的模型时使用。

# %% [markdown]
# ## 小结
#
# * Adam 把动量（梯度的 EWMA，(1)）与 RMSProp 的逐坐标缩放（梯度平方的 EWMA，(2)）结合在一起。
# * 两个平均值都从零开始，所以开始时它们偏小，差一个因子 $1 - \beta^t$，即 $t$ 项等比数列之和
#   (4)。除以这个因子 (5) 对变化慢的平均值 $\mathbf{s}_t$ 最为重要；没有它，最初几步会大好几倍。
# * 步长 (6) 在每个坐标上大致不超过 $\eta$，并且不随损失的缩放而改变。把 $\epsilon$
#   加在平方根之外，比加在平方根之内能让这一点在小得多的梯度下依然成立。
# * 在原书的二维二次函数上，无论梯度如何，Adam 最初几步在每个坐标上都移动约
#   $\eta$，而梯度下降沿着梯度走。没有偏差校正时，第一步是 $3.16\,\eta$；把山谷旋转 $45°$ 会让 Adam
#   失去领先优势，对动量法却毫无影响；比梯度大得多的 $\epsilon$ 会把 Adam 变成动量法。
# * 我们从零开始实现的 `adam` 与 `torch.optim.Adam` 逐步吻合，误差在 `float32`
#   的舍入范围之内，这是比下降的损失曲线强得多的检验。
# * 大梯度之后，Adam 的尺度估计会按几何级数缩小，使有效学习率迅速增长。Yogi (9)
#   只允许它以加法方式缩小。Yogi
#   的各种实现在细节上有所不同（初始值、偏差校正放在哪里），值得弄清楚自己用的是哪一种。
# * 拖动探索器的滑块，可以看到输出所证实的结论：在这个凸的回归问题上，过大的 $\eta$ 让 Adam
#   *无法收敛*（损失来回摆动），而不是爆炸；极大的 $\epsilon$ 把 Adam
#   变成带动量的随机梯度下降；$\beta_1^2 > \beta_2$ 会放松对步长的约束。
# * 在 Reddi, Kale & Kumar 的问题 (10) 上，设置完全相同时，Adam
#   忘掉了罕见的大梯度，漂移到最差的点，而 AMSGrad 和 Yogi 找到了最好的点。取 $\beta_2 = 0.999$
#   时，三者在这个问题上都能成功。
# * 在每种方法 961 个设置的网格上一次性训练的结果表明，机翼数据上的最终损失主要取决于
#   $\eta$，几乎不取决于 $\beta_2$；只有非常大的学习率才会让运行发散。

# %% [markdown]
# ## <a id="exercises" name="exercises"></a>练习
#
# 练习 2、5、6、7 和 8 可以自动检查：`d2l.check_exercise(n, answer)`
# 在固定的数据上把你的答案与参考实现并排运行，然后告诉你答案已通过并附上证据，或者指出它最先在哪里出错并给出提示。每个练习还链接到它的详细解答，解答在另一个笔记本中；请先自己做练习。
#
# 1. <a id="exercise-1" name="exercise-1"></a>用从 $10^{-3}$ 到 $1$
#    的学习率进行训练。描述损失曲线发生了什么变化，并用“Adam 每一步让每个坐标最多移动约
#    $\eta$”这条经验法则来解释。
#
#    <details><summary>提示</summary>
#
#    看一看损失是变成了无穷大，还是仅仅不再下降。每个坐标上大小约为 $\eta$
#    的步子本身不会导致爆炸，但也无法稳定在比 $\eta$ 更窄的最小值里。
#
#    </details>
#
#    [解答](adam_solutions_zh.ipynb#solution-1)
#
# 2. <a id="exercise-2" name="exercise-2"></a>改写 $\mathbf{v}_t$ 和 $\mathbf{s}_t$
#    的更新，使它们从第一步起就是正确的平均值，而不需要单独的偏差校正。
#
#    <details><summary>提示</summary>
#
#    把校正后的平均值写成一个朝每个新值移动的均值：$\hat{\mathbf{v}}_t = \hat{\mathbf{v}}_{t-1} + \gamma_t(\mathbf{g}_t - \hat{\mathbf{v}}_{t-1})$。用式
#    (4) 求出权重 $\gamma_t$，并验证 $\gamma_1 = 1$。
#
#    </details>
#
#    *检查：* 按我们的调用约定把答案写成优化器 `adam_averaged(params, states, hyperparams)`，它从
#    `hyperparams` 中读取 `lr`、`t`（愿意的话还有 `beta1`、`beta2` 和 `eps`），并让 `t`
#    前进一步。检查会自己创建状态，每个参数一对全零的 `(v, s)`，并在每一步之后把你的参数与
#    `torch.optim.Adam` 的参数进行比较：
#
#    ```python
#    d2l.check_exercise(2, adam_averaged)
#    ```
#
#    [解答](adam_solutions_zh.ipynb#solution-2)
#
# 3. <a id="exercise-3" name="exercise-3"></a>为什么在训练趋于收敛时降低学习率 $\eta$ 会有帮助？
#
#    <details><summary>提示</summary>
#
#    在最小值附近，小批量梯度大多是噪声。这时 $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$
#    是什么样子？每一步让参数移动多远？
#
#    </details>
#
#    [解答](adam_solutions_zh.ipynb#solution-3)
#
# 4. <a id="exercise-4" name="exercise-4"></a>构造一个 Adam 无法收敛而 Yogi
#    能够收敛的问题。要公平地比较它们：相同的学习率，相同的 $\beta_1$、$\beta_2$，相同的起点。
#
#    <details><summary>提示</summary>
#
#    从 Reddi, Kale & Kumar 的例子出发：一个定义在 $[-1, 1]$
#    上的一维线性损失，每隔几步出现一次大梯度，其余时候是符号相反的小梯度。先试试较小的 $\beta_2$。
#
#    </details>
#
#    [解答](adam_solutions_zh.ipynb#solution-4)
#
# 5. <a id="exercise-5" name="exercise-5"></a>把 `adam` 中的 $\epsilon$
#    移到平方根之内，然后重新运行“信任，但要验证”一节的单元格。与 `torch.optim.Adam`
#    的差别变得有多大？再试着只改变传给 `torch.optim.Adam` 的 $\epsilon$
#    值，让两者重新一致。这做得到吗？
#
#    <details><summary>提示</summary>
#
#    比较 $\sqrt{s + \epsilon}$ 与 $\sqrt{s} + \epsilon'$。能否用一个常数 $\epsilon'$ 让它们对所有
#    $s$ 都相等？它们在哪里接近？
#
#    </details>
#
#    *检查：* 交出你修改后的优化器，比如 `adam_eps_inside(params, states, hyperparams)`，调用约定与
#    `adam` 相同，状态由检查创建，每个参数一对全零的 `(v, s)`。请像 `adam` 那样从 `hyperparams`
#    中读取 $\epsilon$：检查传入的是 $\epsilon = 0.01$，它大到足以让 $\epsilon$ 的位置产生影响。
#
#    ```python
#    d2l.check_exercise(5, adam_eps_inside)
#    ```
#
#    [解答](adam_solutions_zh.ipynb#solution-5)
#
# 6. <a id="exercise-6" name="exercise-6"></a>去掉 `adam` 中的偏差校正（直接使用 $\mathbf{v}_t$ 和
#    $\mathbf{s}_t$），再用 $\eta = 0.01$
#    训练一次。把你在损失曲线前段看到的现象与偏差校正图的右图联系起来。
#
#    <details><summary>提示</summary>
#
#    在最初几百步中，未校正的步长是校正后步长的好几倍。也试试
#    $\beta_2 = 0.9999$：从图上看，这个效应会更强。
#
#    </details>
#
#    *检查：* 交出去掉了校正的优化器，比如
#    `adam_uncorrected(params, states, hyperparams)`，调用约定与 `adam`
#    相同，状态由检查创建，每个参数一对全零的 `(v, s)`。
#
#    ```python
#    d2l.check_exercise(6, adam_uncorrected)
#    ```
#
#    [解答](adam_solutions_zh.ipynb#solution-6)
#
# 7. <a id="exercise-7" name="exercise-7"></a>AMSGrad 是 Reddi, Kale & Kumar
#    提出的修正，它保存迄今为止 $\mathbf{s}$ 的最大值，并改为除以这个最大值。按我们的调用约定写出
#    `amsgrad`，并像验证 `adam` 那样，用 `torch.optim.Adam(amsgrad=True)` 来验证它。
#
#    <details><summary>提示</summary>
#
#    每个参数需要多一个状态张量。仔细阅读 `torch.optim.Adam`
#    文档中的公式，看清楚最大值是在偏差校正之前还是之后取的。
#
#    </details>
#
#    *检查：* `amsgrad(params, states, hyperparams)` 从 `hyperparams` 中读取 `lr`、`t`（愿意的话还有
#    `beta1`、`beta2` 和 `eps`），并让 `t` 前进一步。检查会自己创建状态，每个参数一个全零的三元组
#    `(v, s, s_max)`，并在每一步与 `torch.optim.Adam(amsgrad=True)` 进行比较：
#
#    ```python
#    d2l.check_exercise(7, amsgrad)
#    ```
#
#    [解答](adam_solutions_zh.ipynb#solution-7)
#
# 8. <a id="exercise-8" name="exercise-8"></a>从 $s_0 = 0$ 开始，给 Yogi 的更新 (9) 输入恒定的梯度
#    $g$。对直到几千的 $t$ 计算 $\hat{s}_t = s_t/(1 - \beta_2^t)$。它最多偏离 $g^2$
#    多远？在什么时候？
#
#    <details><summary>提示</summary>
#
#    当 $s_{t-1} < g^2$ 时，(9) 每一步都加上相同的量，所以 $s_t$ 随 $t$ 线性增长，而 $1 - \beta_2^t$
#    的增长比线性慢。一个十行的循环就能回答这个问题。
#
#    </details>
#
#    *检查：* 把这个循环写成函数 `yogi_s_hat(g, beta2, steps)`，返回
#    $\hat{s}_1, \dots, \hat{s}_{\text{steps}}$（列表、数组或一维张量均可）。检查会用别的 $g$ 和
#    $\beta_2$ 值来调用它：
#
#    ```python
#    d2l.check_exercise(8, yogi_s_hat)
#    ```
#
#    [解答](adam_solutions_zh.ipynb#solution-8)

# %% [markdown]
# ## 参考文献
#
# 1. <a id="ref-kingma-ba" name="ref-kingma-ba"></a>Diederik P. Kingma and Jimmy Ba. *Adam: A Method
#    for Stochastic Optimization.* International Conference on Learning Representations (ICLR),
#    2015. [arXiv:1412.6980](https://arxiv.org/abs/1412.6980)
# 2. <a id="ref-reddi" name="ref-reddi"></a>Sashank J. Reddi, Satyen Kale and Sanjiv Kumar. *On the
#    Convergence of Adam and Beyond.* International Conference on Learning Representations (ICLR),
#    2018. [arXiv:1904.09237](https://arxiv.org/abs/1904.09237)
# 3. <a id="ref-zaheer" name="ref-zaheer"></a>Manzil Zaheer, Sashank J. Reddi, Devendra Sachan,
#    Satyen Kale and Sanjiv Kumar. *Adaptive Methods for Nonconvex Optimization.* Advances in Neural
#    Information Processing Systems 31 (NeurIPS), 2018，第 9793–9803
#    页。[会议论文集页面](https://papers.nips.cc/paper/2018/hash/90365351ccc7437a1309dc64e4db32a3-Abstract.html)
