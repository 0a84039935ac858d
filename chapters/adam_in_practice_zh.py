# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Adam 实践
#
# [Adam 一节](adam_zh.ipynb)止步于实践开始的地方。如今训练的大多数网络并不原样使用那一节的 Adam：它们用的是 `torch.optim.AdamW`，带权重衰减，学习率先升后降。这个笔记本讲的就是这套做法。和正文一样，我们逐一推导每个部分，从零实现，与 PyTorch 对照检验，然后动手试一试。这里假定你已经读过正文，正文的代码以 `d2l.adam` 和 `d2l.init_adam_states` 的名字在这里重新出现。
#
# **学完本笔记本，你将能够**
#
# * 从零实现 AdamW，并准确说出 PyTorch 在哪里施加衰减；
# * 区分 Adam 中的解耦权重衰减与 L2 惩罚，并预测两者各自停在哪里；
# * 解释为什么 Adam 最初的几步风险最大，并从零实现、也用 `torch.optim.lr_scheduler` 实现预热加余弦衰减或线性衰减；
# * 读懂大模型论文报告的设置，以及 Adam 的状态要占多少内存。
#
# **阅读时间**：约 32 分钟：正文约 5,400 字（汉字与英文单词合计），按每分钟 300 字计，另加 14 个显示结果的单元格，每个一分钟。[练习](#exercises)不计在内。
#
# * [从零实现 AdamW](#adamw)
# * [为什么解耦很重要](#decoupling)
# * [预热与学习率调度](#schedules)
# * [人们常用的数值](#numbers)
# * [Adam 的开销](#memory)

# %%
# %matplotlib inline
import functools
import math

import torch
from torch import nn
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, LinearLR, SequentialLR

from d2l_local import torch as d2l

d2l.use_language('zh')  # 控件、提示和练习检查都用中文
torch.manual_seed(0)
d2l.use_svg_display()
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
problem = d2l.make_problem(data_iter, seed=0)  # 正文的起点和小批量

# %% [markdown]
# ## <a id="adamw" name="adamw"></a>从零实现 AdamW
#
# *权重衰减*在每一步都把每个权重向零拉近一点，使模型只在数据需要的地方保留较大的权重。对普通的随机梯度下降，它有两种写法，而两者是一回事。一种是在损失 $f$ 上加上惩罚项 $\frac{\lambda}{2}\|\mathbf{x}\|^2$（即 *L2 惩罚*，见原书权重衰减一节），于是惩罚项的梯度 $\lambda \mathbf{x}$ 加入到损失的梯度中；另一种是直接缩小权重：
#
# $$\mathbf{x}_t = \mathbf{x}_{t-1} - \eta\left(\nabla f(\mathbf{x}_{t-1})
#   + \lambda \mathbf{x}_{t-1}\right)
#   = (1 - \eta\lambda)\,\mathbf{x}_{t-1} - \eta \nabla f(\mathbf{x}_{t-1}). \tag{1}$$
#
# 在 Adam 中，两者并不相同。使用 L2 惩罚时，进入两个平均值的梯度是 $\mathbf{g}_t = \nabla f(\mathbf{x}_{t-1}) + \lambda \mathbf{x}_{t-1}$，而这一步要逐个坐标地除以 $\sqrt{\hat{\mathbf{s}}_t} + \epsilon$。于是对坐标 $i$ 而言，这一步中来自惩罚项的部分约为
#
# $$\frac{\eta \lambda\, x_i}{\sqrt{\hat s_i} + \epsilon} \tag{2}$$
#
# 损失梯度大的权重有较大的 $\hat s_i$，它的衰减要除以一个大数，因而它被拉向零的程度比梯度小的权重要轻。[Loshchilov & Hutter (2019)](#ref-loshchilov) 因此把衰减与自适应的步长*解耦*：两个平均值只看损失的梯度，权重则在除法之外自行缩小。按 PyTorch 的约定，这就是
#
# $$\mathbf{x}_t = (1 - \eta\lambda)\,\mathbf{x}_{t-1}
#   - \frac{\eta\, \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon}, \tag{3}$$
#
# 其中 $\hat{\mathbf{v}}_t$ 和 $\hat{\mathbf{s}}_t$ 与 Adam 中完全一样，只由 $\mathbf{g}_t = \nabla f(\mathbf{x}_{t-1})$ 计算。这就是 AdamW。
#
# PyTorch 究竟把衰减放在哪里？按文档中的算法，`torch.optim.AdamW` 先在 $\mathbf{x}_{t-1}$ 处计算梯度，然后把参数乘以 $1 - \gamma\lambda$（$\gamma$ 是 PyTorch 对学习率的称呼），之后才更新两个平均值，并从缩小后的参数出发走 Adam 的一步；代码中这一步写作 `param.mul_(1 - lr * weight_decay)`。`torch.optim.Adam(weight_decay=λ)` 则是另一种：它的算法在计算平均值之前把 $\lambda \mathbf{x}_{t-1}$ 加到梯度上，也就是 L2 惩罚。在 PyTorch 2.13 中，`AdamW` 是 `Adam` 的子类，只不过设置了 `decoupled_weight_decay=True`。
#
# 论文把同一个更新写成另一种形式：$\mathbf{x}_t = \mathbf{x}_{t-1} - \eta_t \big(\alpha\, \hat{\mathbf{v}}_t /
# (\sqrt{\hat{\mathbf{s}}_t} + \epsilon) + \lambda \mathbf{x}_{t-1}\big)$（其算法 2），其中 $\alpha$ 是学习率，$\eta_t$ 是调度乘子。论文的 $\lambda$ 不乘以学习率，PyTorch 的则要乘；论文中的一个 $\lambda$ 等于 PyTorch 的 $\lambda$ 乘以 $\alpha$（[pytorch#38853](#ref-pytorch-38853) 讨论过这一差别）。本笔记本中的 $\lambda$ 始终是 PyTorch 的。
#
# 我们的 `adamw` 按原书的调用约定实现 (3)，$\lambda$ 即 `hyperparams['weight_decay']`；和 PyTorch 一样，先做衰减。（想先自己写一遍？请在读下去之前先做[练习 1](#exercise-1)。）带 L2 惩罚的 Adam 则不需要自己的优化器：把惩罚项的梯度加到 `p.grad` 上，再走正文的一步即可。

# %%
def adamw(params, states, hyperparams):
    """One AdamW step (3) for every parameter, in place; then t += 1."""
    beta1 = hyperparams.get('beta1', 0.9)
    beta2 = hyperparams.get('beta2', 0.999)
    eps = hyperparams.get('eps', 1e-6)
    lr, t = hyperparams['lr'], hyperparams['t']
    for p, (v, s) in zip(params, states):
        with torch.no_grad():
            p[:] *= 1 - lr * hyperparams['weight_decay']   # 先衰减，和 torch 一样
            v[:] = beta1 * v + (1 - beta1) * p.grad        # Adam 的两个平均值，
            s[:] = beta2 * s + (1 - beta2) * p.grad ** 2   # 只用损失的梯度
            v_hat = v / (1 - beta1 ** t)
            s_hat = s / (1 - beta2 ** t)
            p[:] -= lr * v_hat / (torch.sqrt(s_hat) + eps)  # (3) 中 Adam 的一步
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
# ### 信任，但要验证
#
# 和正文一样，我们让它们各自与 PyTorch 中的对应版本并排运行，从正文的起点出发，用正文的小批量，每一步之后都比较参数和两个平均值：我们的 $\mathbf{v}$ 和 $\mathbf{s}$ 对照 `exp_avg` 和 `exp_avg_sq`。我们取 $\lambda = 0.1$，好让衰减有事可做。

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
assert apart > 1000 * 1e-6  # 一个可能失败的比较

# %% [markdown]
# 两者在每一步都与 PyTorch 吻合到 `float32` 的舍入误差以内，两个平均值也不例外；而两种方法最后相距甚远：这个检验本来是可能失败的。
#
# ## <a id="decoupling" name="decoupling"></a>为什么解耦很重要
#
# 两种方法各自停在哪里？只要 Adam 的平均步长不为零，它就会继续移动。使用 L2 惩罚时，这一步是一个正数乘以损失加惩罚项的平均梯度，所以 Adam 会停在整个数据集上这个梯度为零的地方：
#
# $$\nabla F(\mathbf{x}) + \lambda \mathbf{x} = \mathbf{0}, \tag{4}$$
#
# 其中 $F$ 是全部数据上的损失。这就是*岭回归*，即损失加上 $\frac{\lambda}{2}\|\mathbf{x}\|^2$ 的最小值点：除以 $\sqrt{\hat s}$ 改变的是到达那里的路径，而不是终点。AdamW 停在 (3) 中衰减与步长相互抵消的地方，即 $\lambda \mathbf{x} = -\hat{\mathbf{v}}/(\sqrt{\hat{\mathbf{s}}} + \epsilon)$；由于 $\hat{\mathbf{v}}$ 是平均梯度，这可以写成
#
# $$\nabla F(\mathbf{x}) + \lambda \left(\sqrt{\hat{\mathbf{s}}} + \epsilon\right) \odot
#   \mathbf{x} = \mathbf{0}. \tag{5}$$
#
# 这也是岭回归，只不过每个权重上的惩罚是 $\lambda$ 乘以该权重梯度的均方根（对固定的 $\hat{\mathbf{s}}$，Loshchilov & Hutter 的命题 3 说的也是这一点）。反过来说，就像 (2) 那样：与解耦的衰减相比，L2 惩罚在每个权重上都被除以了 $\sqrt{\hat s_i} +
# \epsilon$。
#
# 线性回归真的停在 (4) 和 (5) 所说的地方吗？`train_with_decay` 从正文的起点训练它，记录不含惩罚项的损失和参数；`ridge` 对给定的每个参数上的惩罚，用闭式解求出 (4) 或 (5)；`settled` 对最后一个迭代周期取平均，以滤掉小批量带来的噪声。我们训练四个迭代周期，是正文的两倍：AdamW 每一步把权重缩小为原来的 $1 - \eta\lambda$ 倍，所以大约需要 $1/(\eta\lambda)$ 步才能稳定下来。梯度像正文的练习详解中那样手工写出：对一个小批量的残差 $\mathbf{r} = \mathbf{X}\mathbf{w} + b - \mathbf{y}$，关于 $\mathbf{w}$ 的梯度是 $\mathbf{X}^\top \mathbf{r}/n$，关于 $b$ 的梯度是 $\mathbf{r}$ 的均值。

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
        r = X @ w + b - y  # 小批量的残差
        w.grad, b.grad = X.T @ r / len(y), r.mean(0)
        trainer([w, b], states, hyperparams)

    def evaluate():
        losses.append(float(problem.loss(w, b)[0]))
        params.append(torch.cat([w.flatten(), b]))
        return losses[-1]

    runs = d2l.run_schedule(step, evaluate, problem.schedule)
    steps = hyperparams['t'] - 1
    s_hat = torch.cat([s.flatten() for _, s in states]) / (1 - 0.999 ** steps)  # β2 = 0.999
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
# 取 $\lambda = 1$ 和正文的 $\eta = 0.01$，图中的虚线是 (4) 和 (5) 预测的静止点：

# %% tags=["figure:decoupling"]
d2l.describe_figure(d2l.tr("Left: the loss without the penalty of Adam + L2, AdamW and no decay "
                           "over four epochs, each with its predicted resting point dashed. "
                           "Right: the length of w for the same runs. Adam + L2 shrinks w most "
                           "and ends with the highest loss, AdamW lies between it and no decay"))
longer = d2l.make_problem(data_iter, seed=0, num_epochs=4)  # 正文那次训练，再多 2 个迭代周期
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
# 两者都停在公式所说的地方：静止时的参数与预测值相差不过千分之几。但在相同的 $\lambda$ 下，两者相距甚远：使用 L2 惩罚时，$\|\mathbf{w}\|$ 缩短到不衰减时的三分之一左右，损失升高了三分之一以上；使用解耦的衰减时，它保留了三分之二的长度，损失升高了 9%。
#
# 为什么差别这么大？按 (5)，AdamW 在每个权重上的惩罚是 $\lambda$ 乘以该权重的 $\sqrt{\hat s}$，而这里每个 $\sqrt{\hat s}$ 都约为四分之一。所以在这个问题上，取 $\lambda$ 的 AdamW 接近于 L2 惩罚约为 $\lambda/4$ 的 Adam。我们来验证一下：用 $\lambda$ 乘以上面打印出的 $\sqrt{\hat s}$ 的均值，训练 Adam + L2。

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
# 对这个问题，如实的结论是：当每个权重看到的梯度大小都差不多时（就像这里，特征已经标准化），解耦改变的是给定的 $\lambda$ 的含义，而重新调过的 $\lambda$ 几乎吸收了全部差别（0.168 中只剩下 0.017）。当梯度的大小因权重而异时，这就不再只是尺度的问题了：这时没有哪一个 $\lambda$ 能把一种惩罚变成另一种；使用 L2 时，每个权重受到的正则化由其梯度的大小决定。在神经网络中，梯度的大小确实各不相同，层与层之间相差几个数量级，[最后一节](#memory)会测量这一点。
#
# **试一试。** `decay_curves` 用当时定义的 `adamw` 和 `adam_l2`，对任意的 $\lambda$ 和 $\eta$ 重新训练两种方法，所以你的修改会立即体现出来。可以试的一个问题是：静止点依赖于 $\eta$ 吗？(4) 和 (5) 中都没有 $\eta$，只有到达那里的路径才与它有关。取 $\lambda = 1$，学习率分别取正文 $\eta$ 的三分之一和三倍：

# %%
for lr_try in (0.003, 0.03):
    curves = decay_curves(trainers, lam, lr_try, longer)
    print(d2l.tr("η = {lr:g}: ", lr=lr_try) + ", ".join(
        d2l.tr("{name} ||w|| {norm:.3f}", name=d2l.tr(name), norm=settled(epochs, norms))
        for name, (epochs, _, norms) in curves.items()))

# %% [markdown]
# 与 $\eta = 0.01$ 时的 $0.343$ 和 $0.617$ 相比，静止点几乎没有移动。按 PyTorch 的约定，每一步的衰减是 $\eta\lambda$，所以较小的 $\eta$ 让 AdamW 到达那里更慢，却不会让它走到别处。
#
# 下面的滑块对任意的 $\lambda$ 和 $\eta$ 提出同样的问题。每移动一次，都会从正文的起点出发，在同样的四个迭代周期上重新训练我们的 `adam_l2` 和 `adamw`，并重画不含惩罚项的损失和 $\|\mathbf{w}\|$。损失不再是一个数、或超过起始值 100 倍的运行会被停止，它的曲线以 ✕ 结束。如果你修改了 `adamw` 或 `adam_l2`，重新运行它所在的单元格和这个单元格，就能看到修改的效果。

# %% tags=["decay-explorer"]
d2l.explore_decay({d2l.tr(name): trainer for name, trainer in trainers.items()},
                  init_states=d2l.init_adam_states, problem=longer)

# %% [markdown]
# **试一试。**
#
# * 在 $\lambda = 1$ 时，把 $\eta$ 从 $0.001$ 移到 $0.1$。四个迭代周期之后，哪种方法的 $\|\mathbf{w}\|$ 变化更大？在最小的 $\eta$ 下，它已经静止了吗？
# * 取哪个 $\lambda$，AdamW 最终的 $\|\mathbf{w}\|$ 会等于 Adam + L2 在 $\lambda = 1$ 时达到的值？先根据上面打印的 $\sqrt{\hat s}$ 预测，再试一试。
# * 在 $\lambda = 10$ 时增大 $\eta$。哪种方法会发散，从哪个 $\eta\lambda$ 开始，另一种为什么不会？看看 (3) 中的因子 $1 - \eta\lambda$，以及 Adam 的一步最远能走多远。

# %% [markdown]
# ## <a id="schedules" name="schedules"></a>预热与学习率调度
#
# ### 为什么最初几步风险最大
#
# 在第一步，偏差校正使 $\hat{\mathbf{v}}_1 = \mathbf{g}_1$、$\hat{\mathbf{s}}_1 = \mathbf{g}_1^2$，所以这一步是 $\eta\, g_i/(|g_i| + \epsilon)$：每个有梯度的坐标都几乎恰好移动 $\eta$，无论它的梯度是多少，因为它所除以的尺度正是从这一个梯度估计出来的。之后，梯度的平均值会抵消梯度的噪声，而梯度平方的平均值不会，于是有噪声的坐标的步长缩小到 $\eta$ 的一小部分（见正文的“一步走多远”）。所以 Adam 最大的几步出现在最开始，用的是最差的尺度估计，而此时参数离任何合理的值都最远。[Ma & Yarats (2021)](#ref-ma-yarats) 用更新的这种大小来解释为什么需要预热，并推荐把在
#
# $$W = \frac{2}{1 - \beta_2} \tag{6}$$
#
# 步内线性预热作为无须调节的默认设置：$\beta_2 = 0.999$ 时为 2,000 步。
#
# ### 从零实现学习率调度
#
# *线性预热*把学习率从第一步的 $\eta/W$ 提高到第 $W$ 步的 $\eta$；随后，*余弦衰减*（[Loshchilov & Hutter, 2017](#ref-sgdr)）或*线性衰减*把它降到最后一步 $T$ 的 $\eta_{\min}$：
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
# PyTorch 用 `torch.optim.lr_scheduler` 构造同样的学习率调度。`LambdaLR` 把优化器的学习率乘以一个关于步数的函数，所以可以直接包装 `lr_at`。也可以用 `SequentialLR` 把 PyTorch 自己的组件串起来：预热用 `LinearLR`，衰减用 `CosineAnnealingLR` 或另一个 `LinearLR`。有两个细节要注意：调度器从 $0$ 开始数步数，所以它的第 $k$ 步是我们的 $t = k + 1$；`LinearLR` 不能从零开始，这就是 (7) 从 $\eta/W$ 开始的原因。

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
        optimizer.step()  # 调度器在优化器之后走一步
        scheduler.step()
    return rates


# %% [markdown]
# 我们在每一步都把这两种方式与 `lr_at` 对照：600 步中预热 200 步，余弦衰减到 $\eta$ 的十分之一，线性衰减到零：

# %% tags=["figure:schedules"]
d2l.describe_figure(d2l.tr("The learning rate over 600 steps: it rises linearly for 200 steps "
                           "of warmup, then decays along a cosine or a straight line; the dots "
                           "of torch.optim.lr_scheduler lie on our curves"))
lr, warmup, total = 0.02, 200, 600
settings = {'cosine': 0.1 * lr, 'linear': 0.0}  # 衰减方式：最终的学习率
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
# 我们的学习率调度与 PyTorch 的两种吻合到 `float64` 的最后几位。最后一行藏着一个陷阱：`CosineAnnealingLR` 是一条余弦，如果训练过了 `T_max` 还在继续，学习率会重新上升，再过 `T_max` 步就回到完整的 $\eta$。应把 `T_max` 设为剩下的步数。
#
# ### 预热在机翼数据的回归上重要吗？
#
# `scheduled` 把任何遵循我们约定的优化器变成按学习率调度运行的优化器：它在每一步之前设置 `hyperparams['lr']`。我们用三种调度训练正文的回归问题（两个迭代周期，300 步），学习率分别取正文的 $\eta = 0.01$ 和更大的 $\eta = 0.1$。按 (6)，$\beta_2 = 0.999$ 时应预热 2,000 步，比整个训练还长，所以我们只在最初的 30 步预热。

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
# 在 $\eta = 0.01$ 时，学习率调度没有任何影响。在 $\eta = 0.1$ 时，不预热的损失先升到起点以上，预热消除了这次上升；但有无预热，最终损失都一样，相差不过万分之几。这里起作用的是衰减：在恒定的 $\eta = 0.1$ 下，权重一直在最小值附近跳来跳去，衰减让它们稳定下来（正文的[练习 3](adam_zh.ipynb#exercise-3)问的就是为什么）。在这样的学习率下，几个大步不会给线性模型留下持久的损伤：接下来的几步会把它们抵消掉。
#
# 下面的控件对任意的 $\eta$、预热步数 $W$ 和衰减方式重新训练同样的 300 步，并与恒定的 $\eta$ 对照，重画 $\eta_t$ 和损失；修改了 `lr_at` 或 `scheduled` 之后，重新运行它们所在的单元格和这个单元格，就能看到修改的效果。

# %% tags=["schedule-explorer"]
d2l.explore_schedule(lr_at, scheduled, d2l.adam, init_states=d2l.init_adam_states,
                     problem=problem)

# %% [markdown]
# **试一试。**
#
# * 在 $W = 0$ 时把 $\eta$ 增大到 $5$。训练在哪一步停止？那一步让每个权重移动了多远？最少预热几步就能让它坚持到最后？
# * 在 $\eta = 0.1$ 时，把 $W$ 从 $30$ 移到 $299$。虽然最大的 $\eta_t$ 没有变，最终损失为什么变差了？
# * 在 $\eta = 0.1$、$W = 30$ 时，依次试试余弦衰减、线性衰减和不衰减。哪一种的结果最接近恒定的 $\eta$？在这个问题上，学习率调度的哪一部分起作用？

# %% [markdown]
# ### 预热在哪里重要：一个小网络
#
# 网络却可能被损伤。我们用一个有两个隐藏层、每层 256 个 ReLU 单元的多层感知机拟合同样的数据，用 `torch.optim.Adam` 在大小为 50 的小批量上训练 600 步，通过 `LambdaLR` 从 $\eta = 0.02$ 开始余弦衰减，并取 $\beta_2 = 0.99$，此时 (6) 给出的预热是 200 步。（`fused=True` 对每个参数用一次运算算出同样的一步，在这里更快；最后一节会说明它保存的状态也一样。）三个网络各训练两次，一次不预热，一次预热，用的是相同的小批量；我们记录每个小批量的损失，并在几个时间步从优化器的状态中读出一个权重以 $\eta_t$ 为单位的平均步长 $|\hat v| / (\sqrt{\hat s} + \epsilon)$，以及第二个隐藏层有多少单元是*活的*：至少对一个样本不为零。对每个样本都为零的 ReLU 单元得不到梯度，就一直是死的。

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
with d2l.one_thread():  # 张量很小：第二个线程只会空等
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
# 不预热时，每个网络的损失都在最初几步跳到起点的十倍以上，最终损失都比预热时高出至少三分之一，活单元的个数也只有预热时的四分之一到一半左右。预热时，损失从不大幅上升。最后三行说明了原因。第 1 步的平均步长是 $0.89\,\eta$：每个有梯度的权重都一下子移动 $\eta$（其余的权重属于在整个第一个小批量上都为零的单元）。第二层的一个单元把 256 个输入加起来，所以当它的所有权重一起移动 $\eta$ 时，它的输入最多会移动 $\eta$ 乘以这些输入的大小之和。第一个网络的 252 个活单元，这样走了十步之后只剩下 51 个，而预热时还有 240 个；死掉的单元再也不会复活。到第 10 步，平均步长已降到五分之一，对大多数单元来说为时已晚。预热时，最初几步是 $\eta/200, 2\eta/200, \dots$，在尺度估计还很差时步子很小，直到 $\hat{\mathbf{s}}$ 见过几百个梯度之后才达到完整的大小。
#
# 预热治不了本来就过大的学习率，而在这个网络上 $\eta = 0.02$ 已经算大了。在[练习 3](#exercise-3)中，你将把这条规则给出的预热与大模型所用的预热作比较。
#
# ## <a id="numbers" name="numbers"></a>人们常用的数值
#
# PyTorch 的默认值就是论文的：$\eta = 10^{-3}$，$\beta_1 = 0.9$，$\beta_2 = 0.999$，$\epsilon = 10^{-8}$；`AdamW` 的权重衰减默认为 $0.01$：

# %%
for optimizer in (torch.optim.Adam, torch.optim.AdamW):
    defaults = optimizer([torch.zeros(1, requires_grad=True)]).defaults
    print(d2l.tr("{name}'s defaults: lr = {lr:g}, betas = {betas}, eps = {eps:g}, "
                 "weight_decay = {weight_decay:g}", name=f"torch.optim.{optimizer.__name__}",
                 lr=defaults['lr'], betas=defaults['betas'], eps=defaults['eps'],
                 weight_decay=defaults['weight_decay']))

# %% [markdown]
# 大语言模型用的是别的设置。下面是三套被广泛引用的配方，都按各自论文的说法列出：
#
# | | [GPT-3](#ref-gpt3) | [LLaMA](#ref-llama) | [BERT](#ref-bert) |
# |:--|:--|:--|:--|
# | 优化器 | Adam | AdamW | Adam |
# | $\beta_1$，$\beta_2$ | $0.9$，$0.95$ | $0.9$，$0.95$ | $0.9$，$0.999$ |
# | $\epsilon$ | $10^{-8}$ | 未说明 | 未说明 |
# | 权重衰减 | $0.1$ | $0.1$ | $0.01$，“L2 weight decay” |
# | 峰值学习率，单位 $10^{-4}$ | $6$ 到 $0.6$ | $3$ 或 $1.5$ | $1$ |
# | 线性预热 | 375M 个词元 | 2,000 步 | 10,000 步 |
# | 之后的衰减 | 余弦，降到 10% | 余弦，降到 10% | 线性 |
# | 梯度裁剪 | 范数 1.0 | 1.0 | 未说明 |
#
# 出处如下：GPT-3 见 Brown 等人 (2020) 的附录 B 和表 2.1，它的学习率随模型规模（从 125M 到 175B 个参数）增大而减小，余弦衰减持续 260B 个词元；LLaMA 见 Touvron 等人 (2023) 的 §2.3 和表 2，较小的学习率用于它最大的两个模型；BERT 见 Devlin 等人 (2019) 的附录 A.2。
#
# 从中可以读出几点：
#
# * **用 $\beta_2 = 0.95$，而不是 $0.999$。** 这样尺度 $\hat{\mathbf{s}}$ 平均的是最近二十来步，而不是一千步：它忘掉一个旧梯度要快五十倍。
# * **$0.1$ 的权重衰减是解耦的。** GPT-3 为此引用了 Loshchilov & Hutter，LLaMA 直接写明用 AdamW。BERT 的论文说的是“L2 weight decay”，但它发布的代码是在除法之后把衰减加到这一步上，和 AdamW 一样，两者都乘以学习率，并且所有偏置和层规范化的参数都不衰减（[optimization.py](#ref-bert-code)）；[练习 2](#exercise-2)讲的就是这种豁免。GPT-3 和 LLaMA 的论文没有说它们的 $\lambda$ 是否像 PyTorch 的那样乘以学习率。
# * **先预热，再在整个训练过程中衰减**，峰值学习率在 $0.6 \cdot 10^{-4}$ 到 $6 \cdot 10^{-4}$ 之间。规则 (6) 给出的预热会比这些训练实际用的短得多：

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
# Ma & Yarats 把这条规则作为无须调节的默认设置提出；这些训练预热得更久（[练习 3](#exercise-3)问的是规则给出的长度能达到什么）。最后两行让 $\lambda = 0.1$ 更直观，用的是 (3) 中 PyTorch 的约定：在 LLaMA 较小模型的峰值 $\eta = 3 \cdot 10^{-4}$ 下，一个不受损失保护的权重大约 23,000 步就会缩小一半，约为它们整个训练的十分之一。
#
# ## <a id="memory" name="memory"></a>Adam 的开销
#
# Adam 为每个参数保存两个数：平均值 $\mathbf{v}$ 和 $\mathbf{s}$，在 PyTorch 中是 `exp_avg` 和 `exp_avg_sq`，形状和类型与参数相同；另外还有一个步数计数器。PyTorch 在第一步时创建它们。我们在预热实验的网络上，用几种选项测量它们的大小：

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
    net(X[:50]).mean().backward()  # 随便什么梯度都行：状态在第一步时出现
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
# 状态是参数的两倍，再多 24 个字节：每个参数张量一个 `float32` 的步数计数器，而我们的约定只在 `hyperparams` 中保存一个 `t`。AdamW 保存的状态相同；AMSGrad 多保存一个张量，用于记录迄今的最大值。`foreach=True` 和 `fused=True` 改变的是这一步怎样计算，而不是保存什么：状态的大小一个字节都不差。它们改变的是时间，配套笔记本对此做了[测量](adam_in_depth_zh.ipynb#speed)。因此，对一个有 $N$ 个 `float32` 参数的模型，用 Adam 训练时至少要保存 $4N$ 个数：参数、它们的梯度和两个平均值。
#
# 状态也显示出一个网络内部梯度的大小有多么不同，而正是这一点让 L2 惩罚和解耦的衰减在[形状](#decoupling)上有所不同。第一个网络预热训练 600 步之后，各参数张量的 $\sqrt{\hat s}$ 的中位数如下：

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
# 这些中位数跨越了大约三个数量级：按 (2)，相对于解耦的衰减，在每个张量上取同一个 $\lambda$ 的 L2 惩罚，落在某些权重上的分量会比落在另一些上的大一千倍。
#
# ## 小结
#
# * AdamW 把每个权重缩小为原来的 $1 - \eta\lambda$ 倍，并只用损失的梯度走 Adam 的一步 (3)；PyTorch 先做衰减，再更新平均值、走这一步。`torch.optim.Adam(weight_decay=λ)` 是 L2 惩罚，它的衰减要除以 $\sqrt{\hat{\mathbf{s}}} + \epsilon$ (2)。我们的 `adamw` 和 `adam_l2` 在每一步都与 PyTorch 吻合到 `float32` 的舍入误差以内。
# * 使用 L2 时，Adam 停在岭回归的解 (4)；使用解耦的衰减时，它停在另一个岭回归的解，其中每个权重上的惩罚是 $\lambda\sqrt{\hat s_i}$ (5)。当所有梯度的大小都差不多时，两者之差只是 $\lambda$ 的一个缩放。
# * Adam 最初的几步在每个坐标上都约为 $\eta$，而尺度只是从几个梯度估计出来的。在约 $2/(1 - \beta_2)$ 步内线性预热 (6) 能让这几步保持很小；在机翼数据的回归上它没有任何影响，在一个小网络上它避免了损失的突增，最终损失也明显更低。预热之后的衰减 (8)、(9) 让权重稳定下来。
# * 大模型使用 $\beta_2 = 0.95$、$0.1$ 的解耦权重衰减、预热和余弦衰减；PyTorch 的默认值是 $\beta_2 = 0.999$ 和 $0.01$。
# * 无论 `foreach` 和 `fused` 怎样设置，Adam 的状态都是参数的两倍。

# %% [markdown]
# ## <a id="exercises" name="exercises"></a>练习
#
# 1. <a id="exercise-1" name="exercise-1"></a>再写一遍 `adamw(params, states, hyperparams)`，这次不重复 Adam 的更新：先缩小参数，再原封不动地调用正文的 `adam`。为什么缩小可以放在前面而不改变两个平均值 $\mathbf{v}$ 和 $\mathbf{s}$？如果放在 `adam` 之后，它还是 AdamW 吗？
#
#    <details><summary>提示</summary>
#
#    `p.grad` 中的梯度是什么时候、在哪个 $\mathbf{x}$ 处算出的？乘以 $1 - \eta\lambda$ 的是哪个量，Adam 的一步属于它吗？
#
#    </details>
#
#    *检查：* `d2l.check_exercise('adamw', adamw)` 在固定的数据上把你的 `adamw` 与 `torch.optim.AdamW` 并排运行，告诉你已经通过，或者指出第一次出现差别是在哪一步。它能认出三种常见的错误：把衰减加到梯度上（那是带 L2 惩罚的 Adam）；衰减没有乘以 $\eta$；把衰减放在 Adam 的一步之后，而不是 PyTorch 所放的之前。
#
#    [解答](adam_solutions_zh.ipynb#solution-adamw)
#
# 2. <a id="exercise-2" name="exercise-2"></a>训练代码通常不对偏置（以及规范化层的缩放参数）做权重衰减。给 `torch.optim.AdamW` 两个参数组，使它衰减 $\mathbf{w}$ 而不衰减 $b$；再写出 `adamw_groups`，让它从 `hyperparams['weight_decay']` 为每个参数读取一个 $\lambda$。在正文的 300 步上把两者相互对照检验。在机翼数据上，豁免 $b$ 会改变结果吗？
#
#    <details><summary>提示</summary>
#
#    `torch.optim.AdamW` 接受一个字典列表，每个字典含有它的 `params`，以及取值与默认值不同的超参数。关于最后一个问题：特征和标签都已标准化时，最好的 $b$ 是多少？
#
#    </details>
#
#    [解答](adam_solutions_zh.ipynb#solution-groups)
#
# 3. <a id="exercise-3" name="exercise-3"></a>规则 (6) 把预热的长度与 $\beta_2$ 联系在一起。经过 $W = 2/(1 - \beta_2)$ 步之后，最初的梯度在 $\mathbf{s}_W$ 中还有多大的权重？分别对 $\beta_2 = 0.95$、$0.99$ 和 $0.999$ 计算，并把这条规则与 LLaMA 和 BERT 的预热作比较。
#
#    <details><summary>提示</summary>
#
#    按正文的 (3)，写成 $\mathbf{s}_t$ 的形式，第 $i$ 步梯度的平方在其中的权重为 $(1 - \beta_2)\beta_2^{t - i}$。当 $\beta$ 接近 $1$ 时，$\beta^{1/(1 - \beta)}$ 是多少？
#
#    </details>
#
#    [解答](adam_solutions_zh.ipynb#solution-warmup)

# %% [markdown]
# ## 参考文献
#
# 1. <a id="ref-loshchilov" name="ref-loshchilov"></a>Ilya Loshchilov and Frank Hutter. *Decoupled Weight Decay Regularization.* International Conference on Learning Representations (ICLR), 2019. [arXiv:1711.05101](https://arxiv.org/abs/1711.05101)
# 2. <a id="ref-sgdr" name="ref-sgdr"></a>Ilya Loshchilov and Frank Hutter. *SGDR: Stochastic Gradient Descent with Warm Restarts.* ICLR, 2017. [arXiv:1608.03983](https://arxiv.org/abs/1608.03983)
# 3. <a id="ref-ma-yarats" name="ref-ma-yarats"></a>Jerry Ma and Denis Yarats. *On the Adequacy of Untuned Warmup for Adaptive Optimization.* Proceedings of the AAAI Conference on Artificial Intelligence 35(10), 2021，第 8828–8836 页。[arXiv:1910.04209](https://arxiv.org/abs/1910.04209)
# 4. <a id="ref-gpt3" name="ref-gpt3"></a>Tom B. Brown et al. *Language Models are Few-Shot Learners.* Advances in Neural Information Processing Systems 33 (NeurIPS), 2020. [arXiv:2005.14165](https://arxiv.org/abs/2005.14165)
# 5. <a id="ref-llama" name="ref-llama"></a>Hugo Touvron et al. *LLaMA: Open and Efficient Foundation Language Models.* 2023. [arXiv:2302.13971](https://arxiv.org/abs/2302.13971)
# 6. <a id="ref-bert" name="ref-bert"></a>Jacob Devlin, Ming-Wei Chang, Kenton Lee and Kristina Toutanova. *BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding.* NAACL, 2019. [arXiv:1810.04805](https://arxiv.org/abs/1810.04805)
# 7. <a id="ref-bert-code" name="ref-bert-code"></a>BERT 的优化器：[google-research/bert, optimization.py](https://github.com/google-research/bert/blob/master/optimization.py) 中的 `AdamWeightDecayOptimizer`。
# 8. <a id="ref-pytorch-38853" name="ref-pytorch-38853"></a>*Weight decay in AdamW*，PyTorch 的 issue [#38853](https://github.com/pytorch/pytorch/issues/38853)，以及 [torch.optim.AdamW](https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html) 和 [torch.optim.Adam](https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html) 的文档。
