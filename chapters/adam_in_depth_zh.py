# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 深入 Adam
#
# 这个笔记本是 [Adam](adam_zh.ipynb) 一节的配套内容，收录了那些放在正文里会打断思路的实验。它假定你已经读过正文：式 (1) 到式 (12) 都是正文中的公式；正文的代码在这里以 `d2l.adam`、`d2l.yogi` 和 `d2l.init_adam_states` 的名字重新出现，它们在正文中用 `#@save` 保存了下来。每一节都可以单独阅读：
#
# * [二维问题上的 Adam](#two-d)：在原书的二次函数上把 Adam 与梯度下降、动量法和 RMSProp 并排比较，三个实验，以及一个轨迹探索器；
# * [探索器，附上数字](#explorer)：正文中的按钮做了什么，Yogi 与 Adam 并排，以及一个会发散的自定义优化器；
# * [Yogi 与它的参考实现](#yogi-references)；
# * [η 与 β2 的全景](#landscape)：一次完成 1,922 次训练；
# * [一步的开销](#speed)：循环、`foreach` 和 `fused`。

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
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
problem = d2l.make_problem(data_iter, seed=0)  # 正文那次训练的起点和小批量

# %% [markdown]
# ## <a id="two-d" name="two-d"></a>二维问题上的 Adam
#
# 本章前面几节在 $f(x_1, x_2) = 0.1 x_1^2 + 2 x_2^2$ 上从 $(-5, -2)$ 出发，画出了梯度下降、动量法和 RMSProp 的轨迹。$f$ 的山谷沿 $x_1$ 轴延伸，谷壁的弯曲程度是谷底的二十倍。现在让 Adam 也加入进来。
#
# 二维训练函数接收点 $(x_1, x_2)$ 和每个坐标的一个状态，返回下一个点和新的状态；`d2l.train_2d` 把每个状态初始化为 $0$，从 $(-5, -2)$ 出发调用训练函数 20 次，并输出终点。我们的训练函数以函数 `f_grad` 的形式接收梯度，这样它们也能在别的问题上运行；超参数则作为关键字参数传入，默认值就是各自章节中使用的值。

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
# 偏差校正 (5) 只在幂 $\beta_1^t$ 和 $\beta_2^t$ 中用到时间步 $t$，所以 Adam 每个坐标的状态是 $(v, s, \beta_1^t, \beta_2^t)$，每一步都把两个幂各自乘以对应的 $\beta$。这样，`train_2d` 的初始状态 $0$ 就表示“还没有走过一步”：$v = s = 0$，$\beta^0 = 1$。训练函数只是其参数的普通函数，所以轨迹可以从任何地方出发，无须重置任何东西。由于 Adam 按元素运算，二维的 Adam 就是两个共享设置的一维 Adam。下面会用到两个开关：一个关闭偏差校正，另一个把 $\epsilon$ 移到根号里面，也就是 RMSProp 放它的位置。

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
        denominator = math.sqrt(s_hat + eps)      # 同 RMSProp 一节
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
# 四种方法都取 $\eta = 0.4$，这样一个数就能描述整张图；但它对各方法的含义并不相同：梯度下降用它去乘梯度，而对 Adam 来说，它大约是一个坐标每一步移动的距离（[Kingma & Ba](#ref-kingma-ba)，§2.1）。下面每条轨迹都使用其所在章节的设置：

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
# 梯度下降和 RMSProp 的终点与原书动量法一节和 RMSProp 一节所说的一致；取 $\eta = 0.4$、$\beta = 0.5$ 的动量法是原书第一版中的设置。要看每种方法怎样利用梯度，可以把起点处的梯度与最初几步的移动 $(\Delta x_1, \Delta x_2)$ 比较一下：

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
# 起点处的梯度是 $(-1, -8)$。**梯度下降沿着梯度走**：它的第一步是梯度的 $-\eta$ 倍，横穿山谷的分量比沿山谷的长八倍，所以轨迹在两侧谷壁之间来回折返，沿谷底却只是缓慢挪动。动量法开始时也是这样，随后沿 $x_1$ 方向的速度逐渐积累，锯齿也随之消失。**Adam 让每个坐标移动 $\eta$**：对于还没有变化的梯度，无论大小，$\hat v_t / \sqrt{\hat s_t}$ 都是 $\pm 1$，所以轨迹一开始是一条笔直的对角线，沿谷底走的距离与横穿谷壁的一样远。随后它的动量带着它冲过最小值，到第 20 步时到达 $x_1 \approx 1$。
#
# RMSProp 也按坐标缩放，它的第一步同样沿对角线，但长 $1.26$，是 $\eta$ 的 $3.16$ 倍：它没有偏差校正，所以它的第一个 $s$ 是 $(1 - \gamma)\, g^2$，第一步是 $\eta/\sqrt{1 - \gamma}$。
#
# ### <a id="bias-off" name="bias-off"></a>关闭偏差校正
#
# 正文中的图预测，在 $\beta_2 = 0.999$ 时不做校正，最初几步会大好几倍。在这个二维问题上：

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
# 不做校正时，第一步是 $1.26$，即 $3.16\,\eta$：在 $t = 1$ 时，$v_1 / \sqrt{s_1} = (1 - \beta_1)\,g / (\sqrt{1 - \beta_2}\,|g|) = 0.1/0.0316$，这正是正文那张图下方输出的第一个倍数，也碰巧与 RMSProp 的倍数相同。接下来的几步还要更长，第三步达到 $1.82$，因为 $s_t$ 的增长比 $v_t$ 慢得多；轨迹冲过最小值，一直到 $x_1 \approx 3.2$。做了校正时，没有哪一步长于 $0.40$。
#
# ### <a id="rotated" name="rotated"></a>旋转 45° 的山谷
#
# 只有当需要不同步长的方向恰好是坐标轴时，逐坐标缩放才有帮助。把这个二次函数旋转 $45°$，使谷底沿对角线 $x_2 = -x_1$ 延伸：$f(x_1, x_2) = 0.05 (x_1 - x_2)^2 + (x_1 + x_2)^2$，起点是原书的起点随之旋转后的位置 $(-3.5\sqrt 2, 1.5\sqrt 2) \approx (-4.95, 2.12)$。现在两个坐标都面对陡峭的谷壁，Adam 沿对角线迈出的一步 $(\eta, \eta)$ 径直横穿山谷。动量法只是把梯度累加起来，而梯度随问题一起旋转，所以它的轨迹也随之旋转。`d2l.optimizer_paths` 在任一问题上运行我们的训练函数；我们输出每种方法沿谷底还要走多远，两个问题中谷底上的起点都在 $-5$：

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
# 动量法在两个问题上的数字完全相同：问题旋转了，轨迹也跟着旋转。Adam 则失去了领先优势：十步之后，它在原书的问题上位于 $-1.20$，在旋转后的问题上仍在 $-4.30$，这些步都花在横穿山谷上，而不是沿山谷前进。（在原书的问题上，表中还能看到它从 $x_1 \approx 1$ 折返回来。）下面是旋转后的山谷：

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
    ax.set_aspect('equal')  # 让 45 度看上去就是 45 度
    ax.label_outer()
fig.tight_layout()

# %% [markdown]
# ### <a id="huge-eps" name="huge-eps"></a>极大的 ε
#
# 在式 (6) 中，$\epsilon$ 与 $\sqrt{\hat s_t}$ 相加。当 $\epsilon$ 大得多时，每个坐标的分母都约等于 $\epsilon$，每个坐标都得到相同的学习率 $\eta / \epsilon$，剩下的就是带偏差校正的动量法。下面是十步之后每个坐标的学习率 $\eta / (\sqrt{\hat s_t} + \epsilon)$：

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
# $\epsilon$ 很小时，$x_1$ 的学习率几乎是 $x_2$ 的六倍，因为它的梯度一直小那么多：这就是逐坐标缩放。$\epsilon = 1$ 只起到一半的作用，因为这里梯度的量级是 $1$ 到 $8$，与 $\epsilon$ 本身一样大：比值降到三以下。当 $\epsilon = 100$ 时，两个学习率相差不过百分之几，都约为 $\eta/\epsilon$：Adam 已经变成了一个很慢的动量法。怎样的 $\epsilon$ 才算极大，取决于梯度的大小。
#
# 究竟怎样变成动量法？不做偏差校正时，$v_t$ 是梯度的加权平均，而动量法的速度是梯度的加权和；若 $\beta_1 = \beta$，两者的权重同为 $\beta^k$：$v_t$ 是速度的 $(1 - \beta_1)$ 倍。当 $\epsilon$ 远大于 $\sqrt{s_t}$ 时，Adam 的一步 $\eta\, v_t / (\sqrt{s_t} + \epsilon)$ 约为速度的 $\eta (1 - \beta_1)/\epsilon$ 倍。因此，取 $\beta_1 = 0.5$、$\eta = 0.8\,\epsilon$ 且不做偏差校正的 Adam 应当重走图中动量法的轨迹（$\beta = 0.5$，$\eta = 0.4$），$\epsilon$ 越大，重合得越紧：

# %%
momentum_path = d2l.optimizer_paths({'momentum': momentum_2d})['momentum'].points
for eps in [1.0, 100.0]:
    adam_path = d2l.optimizer_paths({'Adam': adam_2d}, eta=0.8 * eps, beta1=0.5, eps=eps,
                                    bias_correction=False)['Adam'].points
    gap = max(math.dist(p, q) for p, q in zip(adam_path, momentum_path, strict=True))
    print(d2l.tr("eps = {eps:g}, eta = {eta:g}: largest distance from momentum's path "
                 "{gap:.4f}", eps=eps, eta=0.8 * eps, gap=gap))

# %% [markdown]
# 在 $\epsilon = 1$ 时，两条轨迹相距可达 $0.71$；在 $\epsilon = 100$ 时，它们的差别从不超过 $0.0081$，比图中一条线的宽度还小。
#
# ### <a id="paths" name="paths"></a>轨迹探索器
#
# 探索器通过 `d2l.optimizer_paths` 在三个问题之一上运行我们的四个训练函数：原书的二次函数、旋转 $45°$ 后的同一个函数，以及一个狭窄弯曲的山谷（Rosenbrock 函数，缩放到同一个窗口中）。
#
# * 滑块设置每种方法都使用的 $\eta$、步数（最多 200 步），以及 Adam 的 $\beta_1$、$\beta_2$ 和 $\epsilon$；其他方法保持各自章节中的设置。
# * 两个开关改变 Adam 本身：一个关闭偏差校正，另一个把 $\epsilon$ 移到根号里面。
# * 在图上单击或拖动，就能让轨迹从别处出发；复选框选择画出哪些方法。图的下方给出每条轨迹的第一步和终点。
# * 按钮重现上面的三个实验；*重置* 按钮把那张图找回来。
#
# 适合在课堂上尝试的几件事：从 *ε = 100* 的设置出发，一步一步地减小 $\epsilon$，看 Adam 离开动量法的轨迹；把旋转后问题的起点放到谷底；给弯曲的山谷 200 步，看哪种方法走得最远。探索器调用的是上面的函数，所以对 `adam_2d` 的修改（先运行它所在的单元格，再运行这一个）会在这里显现出来。

# %% tags=["paths_explorer"]
d2l.explore_paths(trainers)

# %% [markdown]
# ## <a id="explorer" name="explorer"></a>探索器，附上数字
#
# 这是正文中的探索器，只是在 `adam` 和 `torch.optim.Adam` 旁边加上了我们的 `yogi`，三者使用相同的四个设置；Yogi 也使用滑块上的 $\epsilon$，以保证比较公平。在下文的[全景图](#landscape)上点击一个格子，就会在这里打开它的设置。

# %% tags=["explorer", "timing"]
explorer = d2l.explore(trainers={d2l.tr('Adam (ours)'): d2l.adam,
                                 d2l.tr('Yogi (ours)'): d2l.yogi},
                       init_states=d2l.init_adam_states, data=problem)
explorer

# %% [markdown]
# 下面是各按钮设置下的最终损失，由探索器所调用的函数 `d2l.loss_curves` 算出：

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
# * **原书默认值，以及 $\epsilon = 10^{-3}$**：Yogi 自己那个更大的 $\epsilon$ 对其最终损失的影响小于最后一位，所以在这里共用滑块不会让 Yogi 吃亏。
# * **β2 过小**设置 $\eta = 0.1$、$\beta_1 = 0.99$、$\beta_2 = 0.9$：$\mathbf{s}$ 大约记住十步，而 $\mathbf{v}$ 大约平均一百步，并且 $\beta_1^2 > \beta_2$。这时几个较小的梯度平方就能让分母变小，而分子仍然带着许多大梯度积累的动量，于是步长不再被限制在 $\eta$ 附近。Adam 的最终损失明显高于 $\beta_2 = 0.999$ 时（下一行）；Yogi 的 $\mathbf{s}$ 只能缓慢下降，受到的影响要小得多。
# * <a id="huge-eps-airfoil" name="huge-eps-airfoil"></a>**极大的 ε**设置 $\epsilon = 1$。按原书的设置训练之后，六个参数的 $\sqrt{\hat{\mathbf{s}}}$ 都在下面输出的两个值之间，远小于 $1$，所以 $\epsilon = 1$ 在分母中占主导，使分母对每个坐标、每一步都几乎相同：剩下的就是带动量的随机梯度下降，学习率略低于 $\eta/\epsilon$，曲线下降得更慢。随着 $\epsilon$ 增大（同时按比例增大 $\eta$），Adam 的最终损失趋近于学习率为 $\eta/\epsilon$ 的带动量随机梯度下降的最终损失：

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
# * **η 过大**设置 $\eta = 1$。Adam 的损失最后比起点还高，但运行并没有被停止：无论梯度多大，它每一步在每个坐标上移动约 $\eta$，一旦越过最小值，步子就指回最小值，所以权重在最小值周围摆动，距离与 $\eta$ 同一量级。随机梯度下降的一步是梯度的 $\eta$ 倍，而梯度随着与最小值的距离增大而增大，正是这种反馈让它爆炸：

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
# 不过，与 $\eta$ 同一量级的摆动并非无害：当 $\eta$ 大到几个单位时，它们会让损失超过初始值的 100 倍，运行就被停止。[全景图](#landscape)会找出这从哪里开始。
#
# ### 当你自己的优化器发散时
#
# 探索器会训练你交给它的任何函数，所以它也是检验修改的快捷方式。下面是一个典型的失误：更新的符号弄反了（我们把梯度取反后再调用 `d2l.adam`，效果相同）。把它交给探索器，写成 `trainers={'Adam (ours)': d2l.adam, 'uphill': adam_uphill}`，它的曲线就会在下面输出的那一步以 ✕ 结束；$\eta$ 越大，来得越早。

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
# ## <a id="yogi-references" name="yogi-references"></a>Yogi 与它的参考实现
#
# 先用一张图看看 (11) 与 (12) 的差别：一阵大梯度过后的平静期。$s$ 从 $1$ 开始，此后的梯度平方都是 $10^{-4}$。Adam 的 $s$ 按几何级数朝它衰减，所以它的有效学习率 $\eta/\sqrt{s}$ 以同样快的速度增长；Yogi 的 $s$ 每一步只下降 $10^{-4}$ 乘以 $1 - \beta_2$。

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
# 正文中的 `yogi` 是把 [Zaheer 等人 (2018)](#ref-zaheer) 的更新 (12) 嫁接到 `adam` 上得到的。三个广泛使用的实现在一些值得说明的细节上与它不同：TF-Addons 的 `Yogi`、optax 的 `yogi` 和 torch-optimizer 的 `Yogi`（[参考文献](#ref-implementations)）。
#
# * **初始值**：我们的实现让两个矩都从零开始。三个参考实现则让累加量从 $10^{-6}$ 开始：optax 和 torch-optimizer 对两个矩都是如此，TF-Addons 只对 $\mathbf{s}$ 如此。
# * **偏差校正**：我们的实现像式 (5) 那样除以 $1 - \beta^t$，optax 和 torch-optimizer 也是如此。TF-Addons 把同样的因子并入学习率，即 $\eta\sqrt{1-\beta_2^t}/(1-\beta_1^t)$，这是等价的，只是它的 $\epsilon$ 实际上被除以了 $\sqrt{1-\beta_2^t}$，因而在最初几千步中更大。式 (5) 背后的论证，即等比数列求和 (4)，针对的是从零开始的 EWMA；Yogi 的 $\mathbf{s}$ 并不是 EWMA（在参考实现中它也不从零开始），所以对 Yogi 而言，这项校正只是借来的经验做法。正文的练习 8 测量了它到底有多好。
# * **默认值**：我们的 $\epsilon = 10^{-3}$ 与三者的默认值都一致，我们的 $\eta = 0.01$ 与 TF-Addons 和 torch-optimizer 的默认值一致（optax 没有默认的学习率）。
#
# 所以剩下的差别就是初始值。下面在正文的数据、起点和小批量上运行两个版本：

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
# 在这里初始值几乎无关紧要：这个问题的梯度平方远大于 $10^{-6}$，所以从第一步起，累加量就跟随数据变化。只有梯度在 $10^{-3}$ 左右或更小的坐标上，$\mathbf{g}_t^2$ 才与 $10^{-6}$ 相当，初始值才可能产生影响；而在那里，$\epsilon = 10^{-3}$ 与 $\sqrt{\hat{\mathbf{s}}_t}$ 一样大，对步长的影响至少同样大。

# %% [markdown]
# ## <a id="landscape" name="landscape"></a>η 与 β2 的全景
#
# 在机翼数据的回归问题上，$\eta$ 和 $\beta_2$ 到底有多重要？我们在一个网格上训练每一种组合：31 个学习率，从 $10^{-4}$ 到 $10^{2}$，每个数量级五个，使 $0.01$ 落在网格上；以及 31 个 $\beta_2$ 值，从 $0.9$ 到 $0.99999$，在 $\log(1 - \beta_2)$ 上等距分布，使 $0.999$ 也落在网格上；并取 $\beta_1 = 0.9$ 和每种方法惯用的 $\epsilon$。这样 Adam 有 961 次运行，Yogi 也有 961 次，每次两个迭代周期。
#
# 一次只跑一个的话，要花好几分钟。但线性模型只不过是一列六个数（五个权重和一个偏置），所以 $K$ 次运行就是六行 $K$ 列，对它们全体做一次小批量更新只需几个矩阵运算。`d2l.train_sweep` 正是直接用 `d2l.adam` 和 `d2l.yogi` 这样做的：它把所有运行的权重作为一个参数交给它们，把每个超参数作为每次运行各取一个值的张量交给它们；由于 `adam` 的每一行都按元素运算，每一列都用它自己的 $\eta$、$\beta_1$、$\beta_2$ 和 $\epsilon$ 更新。与探索器一样，一次运行的损失不再是一个数或超过初始值的 100 倍时，运行就被停止；这些格子画上斜线，不计入色标。每次运行都从正文的权重和小批量出发，所以原书默认值对应的格子重复的正是正文的那次运行。把鼠标悬停在一个格子上可以读出它的数值；点击它，就能在[探索器](#explorer)中打开这个设置。

# %%
lrs = np.logspace(-4, 2, 31)          # 包含 0.01
beta2s = 1 - np.logspace(-1, -5, 31)  # 0.9 ... 0.99999，包含 0.999
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
    near_best = (final < 1.05 * final.min()).any(axis=1)  # 与最优值相差不到 5%
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
# 两幅图中都有三点很突出。
#
# * **好的区域是一条学习率的带，在带内 $\beta_2$ 几乎无关紧要**：深色的带几乎竖直向上，在带内，最终损失取决于 $\eta$，几乎不取决于 $\beta_2$。输出给出了带的宽度，约一个数量级，并表明默认设置的损失（也就是正文输出的那个损失）与网格上的最优值相差不到百分之一。
# * **太小则慢，太大则停不下来**：在左侧，两个迭代周期不够用。超出这条带之后，最终损失上升（在 $\beta_2 = 0.999$ 时，$\eta = 0.025$ 的损失就已经高于 $0.01$ 的），而从约 $\eta = 1$ 起，它不再随 $\eta$ 稳定地增长：权重在最小值周围摆动，一次运行停在哪里，要看它最后几次摆动。
# * **太大则爆炸**：从最后输出的那个学习率起，也就是几个单位，跳跃会让损失超过初始值的 100 倍，运行就被停止；画斜线的格子就是这些运行。Yogi 第一次发散时的 $\eta$ 比 Adam 的更大。
#
# 所以在这个问题上 Adam 很宽容：带内的任何 $\eta$，配上从 $0.9$ 往上的任何 $\beta_2$，结果都几乎一样。在有罕见大梯度的问题上，比如正文最后的那个问题，$\beta_2$ 才开始变得重要。

# %% [markdown]
# ## <a id="speed" name="speed"></a>一步的开销
#
# 正文中的 `adam` 是为了便于阅读而写的：一个 Python 循环逐个访问参数，对每个参数执行约十个小的张量运算。对回归问题的两个参数来说，这点开销不值一提。真实的网络则有数百个参数张量，其中许多都很小（偏置、归一化的缩放参数）。
#
# 每个张量运算在进行任何算术之前都要付出固定的代价：Python 调用、参数检查、分派到对应设备和数据类型的内核、为结果分配内存（在 GPU 上还要启动内核）。对于只有几百个数的张量，这些开销超过了算术本身，所以遍历参数的循环，其开销与*张量的个数*成正比，而不是与数的个数成正比。
#
# PyTorch 有两种办法绕开它。`torch._foreach_*` 系列运算接受张量的*列表*：`torch._foreach_mul_(vs, beta1)` 一次调用就缩放所有的一阶矩，所以无论模型有多少个张量，Adam 的一整步都只需要寥寥几次调用。`torch.optim.Adam(foreach=True)` 就是这样工作的，`d2l.foreach_adam` 也是，它是用这些运算改写的我们的 `adam`（参数、状态和结果都相同）。`fused=True` 更进一步：由一个内核把每个参数、它的梯度和两个矩各读一次，再写回新值，而不是每个运算都把内存过一遍。
#
# 我们在一个有 50 个线性层的窄多层感知机的参数上，为一步（更新以及清零梯度）计时；它的梯度是固定的随机数。计时只用单个 CPU 线程：把这么小的张量分给多个线程，付出的可能比节省的还多，而且我们想看到的是每个运算的开销，而不是线程调度。首先，所有版本都必须计算同样的结果。

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
print(d2l.tr("one step, in microseconds and as a multiple of foreach=True:"))
for name, seconds in cost.items():
    print(d2l.tr("{version}: {us:.0f} us, {ratio:.2f}x", version=d2l.tr(name),
                 us=seconds * 1e6, ratio=seconds / reference))

# %% [markdown]
# 请看倍数，而不是微秒数：绝对时间取决于机器以及它同时在忙些什么，而并排计时的各版本之间的比值要稳定得多。循环为每个运算*和每个张量*都付出固定开销；foreach 版本对整个列表的每个运算只付一次。在 CPU 上，foreach 运算仍然逐个处理张量，所以融合内核（它还省去了对内存的反复遍历）还能做得更好。在 GPU 上，每次启动一个小内核的代价相对更高，同样的道理就更加适用。这些对我们只有两个参数的回归问题都无关紧要，这也是正文的代码保持为朴素循环的原因；`d2l.foreach_adam` 留给有许多张量的模型使用。

# %% [markdown]
# ## 参考文献
#
# 1. <a id="ref-kingma-ba" name="ref-kingma-ba"></a>Diederik P. Kingma and Jimmy Ba. *Adam: A Method for Stochastic Optimization.* ICLR, 2015. [arXiv:1412.6980](https://arxiv.org/abs/1412.6980)
# 2. <a id="ref-zaheer" name="ref-zaheer"></a>Manzil Zaheer, Sashank J. Reddi, Devendra Sachan, Satyen Kale and Sanjiv Kumar. *Adaptive Methods for Nonconvex Optimization.* NeurIPS, 2018. [论文页面](https://papers.nips.cc/paper/2018/hash/90365351ccc7437a1309dc64e4db32a3-Abstract.html)
# 3. <a id="ref-implementations" name="ref-implementations"></a>上文比较的几个 Yogi 实现：[TF-Addons](https://www.tensorflow.org/addons/api_docs/python/tfa/optimizers/Yogi)、[optax](https://optax.readthedocs.io/en/latest/api/optimizers.html#optax.yogi) 和 [torch-optimizer](https://github.com/jettify/pytorch-optimizer)。
