# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Adam算法：练习详解
#
# 这里是 [Adam 一节](adam_zh.ipynb#exercises)
# 末尾八道练习的解答。读解答之前，请先自己做一做：大多数练习只需要几行代码，而且自动检查
# `d2l.check_exercise(n, answer)` 无须让你看到这一页，就能告诉你答案是否正确。
#
# 文中引用的每个数字都来自计算它的单元格，承载答案的数字还在所在的单元格中用 assert
# 断言，所以如果代码或库的改动破坏了某个答案，笔记本就会停在那里。每个解答都链接回对应的练习。
#
# 我们沿用正文的数据和起点：机翼数据上的回归问题，小批量大小为 10，初始权重和小批量的顺序与
# `torch.manual_seed(0)` 之后的 `train_ch11` 相同。

# %%
# %matplotlib inline
import math

import numpy as np
import torch

from d2l_local import torch as d2l

d2l.use_language('zh')  # 控件、提示和练习检查都用中文
torch.manual_seed(0)
torch.set_num_threads(1)  # 这里的张量都很小，单线程反而更快
d2l.use_svg_display()
data_iter, feature_dim = d2l.get_data_ch11(batch_size=10)
problem = d2l.make_problem(data_iter, seed=0)  # train_ch11 的起点和小批量

# %% [markdown]
# 正文中的优化器，原样照搬：

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
# 有几道解答要像正文“信任，但要验证”一节的单元格那样逐步比较两个优化器：模型的两个副本从同样的权重出发，看到同样的小批量，每一步之后记录它们参数之间的最大差别。`side_by_side`
# 可以对任意两个优化器这样做；`scratch` 和 `builtin` 分别包装按我们的调用约定写的优化器和
# `torch.optim.Adam`，使两者都能交给它。为了节省时间，我们不调用
# `backward()`，而是手写平方损失的梯度（`d2l.loss_curves` 也是这样做的）：对于一个含 $n$
# 个样本的小批量，记残差为 $\mathbf{r} = \mathbf{X}\mathbf{w} + b - \mathbf{y}$，则 $\mathbf{w}$
# 的梯度是 $\mathbf{X}^\top \mathbf{r}/n$，$b$ 的梯度是 $\mathbf{r}$ 的均值。

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
# ## <a id="solution-1" name="solution-1"></a>练习 1：从 0.001 到 1 的学习率
#
# [回到练习](adam_zh.ipynb#exercise-1)
#
# *用从 $10^{-3}$ 到 $1$ 的学习率进行训练。描述损失曲线发生了什么变化，并用“Adam
# 每一步让每个坐标最多移动约 $\eta$”这条经验法则来解释。*
#
# 我们用七个学习率，从同一个起点、在同样的小批量上训练，并在每一步记录所有坐标中最大的移动距离除以
# $\eta$ 的值。

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
# 这个范围内的学习率都不会让损失爆炸，即使 $\eta = 1$ 也不会。变化的是曲线的形状：
#
# * **太小（$10^{-3}$、$3 \cdot 10^{-3}$）：** 损失稳定而缓慢地下降；两个迭代周期之后，$10^{-3}$
#   的那次运行离底部仍然很远。
# * **大致合适（$10^{-2}$）：** 损失在第一个迭代周期内就到达底部并停在那里；它的最终损失最低。
# * **太大（$0.03$ 到 $1$）：** 损失起初下降得很快（输出中 lowest
#   一列表明，每次运行都曾在某一时刻降到远低于初始损失的水平），然后又上升并来回抖动。$\eta$
#   越大，最终损失越高；$\eta = 1$ 时，最终损失高于起点，而这次运行中的最高损失还要高得多。
#
# 最后一列解释了这三种情形。在每次运行中，没有哪个坐标在一步之内移动超过约 $\eta$：输出显示，无论
# $\eta$ 是多少，最大的移动都与 $\eta$ 只差百分之几。比值
# $\hat{\mathbf{v}}_t / \sqrt{\hat{\mathbf{s}}_t}$
# 是梯度的平均值除以梯度平方的平均值的平方根，所以它的大小很少远远超过 $1$。永远不会超过 $\eta$
# 的步子无法让凸问题的权重爆炸，所以没有一次运行发散；出于同样的原因，小的 $\eta$
# 需要许多步才能走完到最小值的距离。但是，权重接近最小值时，步子也不会缩小（梯度的大小在比值中被约掉了），所以一旦最小值比
# $\eta$ 更窄，权重就会在它两侧来回跳跃，损失停留在一个随 $\eta$ 增大的水平上。

# %% [markdown]
# ## <a id="solution-2" name="solution-2"></a>练习 2：无须校正的平均值
#
# [回到练习](adam_zh.ipynb#exercise-2)
#
# *改写 $\mathbf{v}_t$ 和 $\mathbf{s}_t$
# 的更新，使它们从第一步起就是正确的平均值，而不需要单独的偏差校正。*
#
# 我们想要的是 $\hat{\mathbf{v}}_t = \mathbf{v}_t / (1 - \beta_1^t)$ 本身的更新公式。两边同乘
# $1 - \beta_1^t$，代入 $\mathbf{v}_t$ 的更新 (1)，再写出
# $\mathbf{v}_{t-1} = (1 - \beta_1^{t-1})\,\hat{\mathbf{v}}_{t-1}$：
#
# $$(1 - \beta_1^t)\, \hat{\mathbf{v}}_t = \beta_1 (1 - \beta_1^{t-1})\,
#   \hat{\mathbf{v}}_{t-1} + (1 - \beta_1)\, \mathbf{g}_t.$$
#
# 由 $t$ 项等比数列的求和 (4) 可得
# $\beta_1 (1 - \beta_1^{t-1}) = (1 - \beta_1^t) - (1 - \beta_1)$，再除以 $1 - \beta_1^t$，得到
#
# $$\hat{\mathbf{v}}_t = \hat{\mathbf{v}}_{t-1} + \gamma_t
#   \left(\mathbf{g}_t - \hat{\mathbf{v}}_{t-1}\right), \qquad
#   \gamma_t = \frac{1 - \beta_1}{1 - \beta_1^t},$$
#
# 同理，换成 $\beta_2$ 和 $\mathbf{g}_t^2$，有
# $\hat{\mathbf{s}}_t = \hat{\mathbf{s}}_{t-1} + \gamma'_t (\mathbf{g}_t^2 - \hat{\mathbf{s}}_{t-1})$，其中
# $\gamma'_t = (1 - \beta_2)/(1 - \beta_2^t)$。
#
# 每个平均值都以一个依赖于时间步的权重朝最新的值移动。$t = 1$ 时权重为
# $\gamma_1 = 1$：第一个平均值*就是*第一个梯度，所以作为起点的零完全不起作用，而这正是偏差校正的目的。$t = 2$
# 时权重为 $1/(1 + \beta_1)$，比二分之一稍大；随着 $t$ 增大，$\gamma_t$ 降到 $1 - \beta_1$，即普通
# EWMA 的恒定权重。（如果把级数一直加到 $i = t$，多算了一项，我们得到的就会是
# $\gamma_1 = 1/(1 + \beta_1)$：第一个平均值仍会被朝零拉过去差不多一半。）
#
# 在代码中，状态现在直接保存 $\hat{\mathbf{v}}$ 和 $\hat{\mathbf{s}}$，更新时原样使用它们：

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
# 代数推导表明这是同一个算法；计算机给出的结果应当在舍入误差之内一致。我们把它与正文的 `adam`
# 并排训练两个迭代周期：

# %%
gap_averaged = side_by_side(scratch(adam_averaged, init_adam_states(feature_dim)),
                            scratch(adam, init_adam_states(feature_dim)))
gap_builtin = side_by_side(scratch(adam, init_adam_states(feature_dim)), builtin())
print(f"adam_averaged against adam: largest parameter difference {gap_averaged:.1e}")
print(f"(adam against torch.optim.Adam, for scale: {gap_builtin:.1e})")
assert gap_averaged <= 1e-6

# %% [markdown]
# 在全部 300 步中，两者的差别从未超过 float32 的舍入误差，与 `adam` 和 `torch.optim.Adam`
# 之间的差别大小相当。自动检查则在它自己的问题上把 `adam_averaged` 与 `torch.optim.Adam` 进行比较：

# %%
verdict = d2l.check_exercise(2, adam_averaged)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-3" name="solution-3"></a>练习 3：为什么最后要降低 η
#
# [回到练习](adam_zh.ipynb#exercise-3)
#
# *为什么在训练趋于收敛时降低学习率 $\eta$ 会有帮助？*
#
# 在最小值附近，全部数据上的梯度接近零，但小批量梯度并非如此：它们大多是噪声，不同的小批量指向不同的方向。Adam
# 把它们的平均值 $\hat{\mathbf{v}}_t$ 除以它们平方的平均值的平方根
# $\sqrt{\hat{\mathbf{s}}_t}$，而后者衡量的正是噪声的大小。所以这个比值在最小值处不会趋于零，而是稳定在某个固定的比例上，每一步都继续让每个坐标移动大约这个比例的
# $\eta$。权重永远不会静止下来；它们在最小值周围抖动，距离与 $\eta$
# 成正比，损失则比它的最小值高出一个随 $\eta$ 增大的量。要减小抖动，唯一的办法是减小
# $\eta$；但从一开始就这样做，训练的前一阶段会很慢（练习 1），所以我们随着训练的进行逐步降低它。
#
# 我们在三个迭代周期上测量这一点：三个恒定的学习率，以及一个从 $\eta = 0.1$ 开始、每 40
# 步减半的学习率调度。损失的精确最小值可以由最小二乘法求得，所以我们能画出每次运行比它高出多少。

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
    excess[name] = above[-15:].mean()   # 最后一个迭代周期：15 次评估
    jitter[name] = np.mean(moves[-150:])  # 最后一个迭代周期：150 步
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
# 在恒定的 $\eta$ 下，最后一个迭代周期的平均超额损失随 $\eta$
# 的减小而下降；而在每次运行中（包括学习率衰减的那次），每一步的平均移动都保持为当前 $\eta$
# 的一个固定比例（最后一列）。小批量的噪声让 $\hat{\mathbf{v}}_t/\sqrt{\hat{\mathbf{s}}_t}$
# 远离零，所以只有更小的 $\eta$
# 才能让步子以及抖动变小。减半的调度兼得两者之长：早期用大步走完到最小值的距离，最后离最小值最近。

# %% [markdown]
# ## <a id="solution-4" name="solution-4"></a>练习 4：Adam 失败而 Yogi 收敛
#
# [回到练习](adam_zh.ipynb#exercise-4)
#
# *构造一个 Adam 无法收敛而 Yogi 能够收敛的问题。要公平地比较它们：相同的学习率，相同的
# $\beta_1$、$\beta_2$，相同的起点。*
#
# 我们采用正文中 Reddi, Kale & Kumar 的在线问题 (10)：在区间 $[-1, 1]$ 上，每三步中有一步的梯度是
# $C = 3$，其余两步是 $-1$，所以最好的点是 $x = -1$。我们按自己的调用约定，在这个问题上运行正文中的
# `adam` 和 `yogi`，步长按 $\eta/\sqrt{t}$ 衰减，每一步之后都投影回区间内。
#
# 公平的比较要给两个优化器*相同的*设置，这样结果上的差别只可能来自它们唯一不同的那一行。下面它们甚至共用同一个字典。$\epsilon$
# 也包括在内：我们的 `yogi` 默认取 $10^{-3}$，所以这里显式地设置它。（一份流传很广的解答给 Adam
# 设了比 Yogi 更大的学习率，从而让 Adam“失败”；这说明的是学习率的作用，而不是 Yogi 的作用。）

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


settings = {'lr': 0.1, 'beta1': 0.0, 'beta2': 0.1, 'eps': 1e-6}  # 两者共用一个字典
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
# 设置完全相同时，Adam 走到最差的点 $x = +1$ 并停在那里；Yogi 则到达 $x = -1$。正文解释了原因：在
# $\beta_2 = 0.1$ 时，Adam 的 $\mathbf{s}_t$
# 在两步之内就忘掉了大梯度，于是两个小梯度各自得到了比其大小应得的更大的步子，压过了大梯度。Yogi
# 每一步最多只能把 $\mathbf{s}_t$ 降低
# $(1-\beta_2)\,g_t^2$，所以它除小梯度时所用的数一直与除大梯度时的差不多大。
#
# 这个构造需要较小的 $\beta_2$。正文中的 `run_reddi` 只用普通的 Python
# 数值，就能很快地运行同一个问题（测试会把它与 `torch.optim.Adam` 和我们的 `yogi`
# 核对）；这里原样再写一遍：

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
# 于是我们可以问：仍取 $\beta_1 = 0$、所有方法的设置都相同时，Adam 从哪个 $\beta_2$ 开始失败？

# %%
print(f"{'beta2':>6}  {'Adam':>7} {'Yogi':>7}   (x after 30,000 steps)")
for beta2 in [0.1, 0.3, 0.5, 0.7, 0.9, 0.999]:
    x, _ = run_reddi(C=3, beta1=0.0, beta2=beta2, steps=30_000)
    print(f"{beta2:6g}  {x['Adam'][-1]:+7.3f} {x['Yogi'][-1]:+7.3f}")

# %% [markdown]
# 对于 $C = 3$：当 $\mathbf{s}_t$ 只能记住几步时（$\beta_2 \le 0.3$），Adam 停在错误的一端；在
# $\beta_2 = 0.5$ 附近，它卡在中间；一旦 $\mathbf{s}_t$
# 至少能记住一个完整的三步周期（$1/(1 - \beta_2) \ge 3$，即表中从 $\beta_2 = 0.7$
# 起），它就收敛了。在这里，Yogi 对每个 $\beta_2$ 都收敛。这正是论文的配方
# $\beta_2 = 1/(1 + C^2)$：让尺度估计遗忘的速度快于罕见的大梯度再次出现的速度。

# %% [markdown]
# ## <a id="solution-5" name="solution-5"></a>练习 5：把 ε 放进根号
#
# [回到练习](adam_zh.ipynb#exercise-5)
#
# *把 `adam` 中的 $\epsilon$ 移到平方根之内，然后重新运行“信任，但要验证”一节的单元格。与
# `torch.optim.Adam` 的差别变得有多大？再试着只改变传给 `torch.optim.Adam` 的 $\epsilon$
# 值，让两者重新一致。这做得到吗？*
#
# 只有更新参数的那一行要改：

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
# 下面是“信任，但要验证”中的比较，两边都取 $\epsilon = 10^{-6}$，并以 `adam`
# 本身作为参照。我们还保留这次运行的状态，以便查看它最终的 $\hat{\mathbf{s}}$。

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
# 差别增大了好几倍，但仍停留在舍入误差的量级，与正文中 `assert` 允许的 $10^{-6}$
# 差不多大：在机翼数据上，那项检查几乎分辨不出 $\epsilon$ 在哪里。原因在于梯度的大小。这里的每个
# $\hat{s}$ 都比 $\epsilon$ 大许多个数量级，所以无论 $\epsilon$
# 放在哪里都几乎无关紧要：在根号内，它让分母改变约 $\epsilon/(2\sqrt{\hat{s}})$；在根号外，改变
# $\epsilon$；两者都只有 $\sqrt{\hat{s}}$ 的百万分之几。
#
# 要让两者一致，我们需要一个满足 $\sqrt{s} + \epsilon' = \sqrt{s + \epsilon}$ 的 $\epsilon'$，即
#
# $$\epsilon'(s) = \sqrt{s + \epsilon} - \sqrt{s} =
#   \frac{\epsilon}{\sqrt{s + \epsilon} + \sqrt{s}}.$$
#
# 它依赖于 $s$：没有哪个 $\epsilon'$ 能对所有的 $s$ 都适用。当 $s \gg \epsilon$ 时，它约为
# $\epsilon / (2\sqrt{s})$；当 $s \ll \epsilon$ 时，它趋于 $\sqrt{\epsilon}$：

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
# 所以只能近似地让两者一致，而且只有当所有相关的 $s$
# 都落在一个窄范围内时才行。在机翼数据上正是如此（灰色带），从对应范围中取的 $\epsilon'$
# 能让两者比取 $\epsilon' = \epsilon$ 时更接近，但仍达不到 `adam` 本身的舍入水平：

# %%
print(f"torch.optim.Adam(eps=1e-06): largest difference {gap_inside:.1e} (above)")
for eps_prime in [2e-6, 1e-5]:
    gap = side_by_side(scratch(adam_eps_inside, init_adam_states(feature_dim)),
                       builtin(eps=eps_prime))
    print(f"torch.optim.Adam(eps={eps_prime:g}): largest difference {gap:.1e}")

# %% [markdown]
# 在梯度平方与 $\epsilon$ 相当或更小的地方，两个公式的行为不同，任何 $\epsilon'$
# 都掩盖不了。$\epsilon$ 在根号内时，步长是 $\eta\,g/\sqrt{g^2 + \epsilon}$，对于极小的 $g$，它与
# $g$ 成比例地缩小，就像学习率为 $\eta/\sqrt{\epsilon}$ 的随机梯度下降；$\epsilon$
# 在根号外时，步长保持完整的大小，直到 $|g|$ 小到约为 $\epsilon$
# 本身。我们可以在同样的数据上看到这一点：把每个标签都乘以
# $10^{-3}$，梯度也就缩小了差不多同样的倍数：

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
# 现在，对我们试过的每个 $\epsilon'$，差别都比舍入误差大上千倍。练习的答案是：对于机翼数据的梯度，把
# $\epsilon$ 移进根号只让参数改变大约一个舍入误差，合适的 $\epsilon'$
# 几乎可以抵消它；但一般而言这无法抵消，因为能抵消它的 $\epsilon'$ 依赖于 $s$，从大 $s$ 时的
# $\epsilon/(2\sqrt{s})$ 一直到小 $s$ 时的 $\sqrt{\epsilon}$。
#
# 自动检查使用 $\epsilon = 0.01$ 和 $0.1$ 左右的梯度，在这种情况下，$\epsilon$
# 的位置会带来明显的差别：

# %%
verdict = d2l.check_exercise(5, adam_eps_inside)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-6" name="solution-6"></a>练习 6：不做偏差校正的 Adam
#
# [回到练习](adam_zh.ipynb#exercise-6)
#
# *去掉 `adam` 中的偏差校正（直接使用 $\mathbf{v}_t$ 和 $\mathbf{s}_t$），再用 $\eta = 0.01$
# 训练一次。把你在损失曲线前段看到的现象与偏差校正图的右图联系起来。*

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
# 我们把两个版本各训练一个迭代周期，即 150 步，在每一步之后记录损失和坐标的最大移动，分别取原书的
# $\beta_2 = 0.999$ 和 $\beta_2 = 0.9999$。

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
# 左图就是正文偏差校正图的右图，只不过是实测出来的：对于
# $\beta_2 = 0.999$，不做校正时第一步是校正后的 $(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16$
# 倍（与那幅图中恒定梯度的预测完全一致，因为在 $t = 1$
# 时两个平均值都只见过一个梯度），在最初十几步之内，这个倍数就升到 6
# 以上。这里的梯度并不恒定，所以实测曲线围绕虚线所示的预测上下波动，但总体上跟随着它。
#
# 损失曲线显示了大好几倍的步子会造成什么后果。最初几步冲过了头：未校正的损失*升*到了约 0.49
# 的初始值之上（见输出中的最高损失，出现在最初几步），而校正后的损失从一开始就在下降。随后，在这个简单的问题上，大步子带来了好处，十步之后未校正的损失反而更低；在
# $\beta_2 = 0.999$ 时，它最终与校正后的运行相差无几。这是运气，而不是设计使然：训练初期的表现就好像
# $\eta$ 比我们选的大了好几倍。在 $\beta_2 = 0.9999$ 时，$\mathbf{s}_t$
# 一开始更小（虚线所示的预测升到约 20），损失的第一次跳升更大，步子在整个迭代周期中都大了许多倍，150
# 步之后损失仍明显高于校正后的运行。正是偏差校正让 $\eta$ 在第 1 步和第 10,000 步时含义相同。

# %%
verdict = d2l.check_exercise(6, adam_uncorrected)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-7" name="solution-7"></a>练习 7：AMSGrad
#
# [回到练习](adam_zh.ipynb#exercise-7)
#
# *AMSGrad 保存迄今为止 $\mathbf{s}$ 的最大值，并改为除以这个最大值。按我们的调用约定写出
# `amsgrad`，并像验证 `adam` 那样，用 `torch.optim.Adam(amsgrad=True)` 来验证它。*
#
# 按照 `torch.optim.Adam` 的文档，保存的是*未校正的* $\mathbf{s}_t$ 的历史最大值，再把这个最大值除以
# $1 - \beta_2^t$：
#
# $$\mathbf{s}^{\max}_t = \max\left(\mathbf{s}^{\max}_{t-1}, \mathbf{s}_t\right),
#   \qquad
#   \mathbf{x}_t = \mathbf{x}_{t-1} - \frac{\eta\, \hat{\mathbf{v}}_t}
#   {\sqrt{\mathbf{s}^{\max}_t / (1 - \beta_2^t)} + \epsilon}.$$
#
# 保存这个最大值，需要为每个参数准备第三个状态张量：

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
            torch.maximum(s_max, s, out=s_max)     # 在偏差校正之前取最大值
            v_hat = v / (1 - beta1 ** t)
            s_hat = s_max / (1 - beta2 ** t)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# 只有可能失败的比较才有价值。所以我们还统计最大值有多少次大于当前的
# $\mathbf{s}_t$（如果从来没有，AMSGrad 在这次运行中就是普通的
# Adam，这项检查也就什么都证明不了），并且把正文的 `adam` 也与 `torch.optim.Adam(amsgrad=True)`
# 比较一下。

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
# 我们的 `amsgrad` 在每一步都与 PyTorch 的实现吻合，差别在 float32
# 的舍入范围之内。最大值在很大一部分元素上确实起了作用，而去掉它（即普通的
# `adam`）让参数产生的变化远大于舍入误差，所以这种吻合是有力的证据。在偏差校正*之后*取最大值会是另一个算法：$\hat{\mathbf{s}}_1 = \mathbf{g}_1^2$，所以
# $\hat{\mathbf{s}}_t$ 的最大值会以完整的大小记住最初的梯度平方，而 $\mathbf{s}_t$
# 的最大值只以它们在平均值中的权重 $1 - \beta_2$ 保存它们。自动检查认得这个失误，还认得另外两个：

# %%
verdict = d2l.check_exercise(7, amsgrad)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-8" name="solution-8"></a>练习 8：Yogi 的校正会过冲多少
#
# [回到练习](adam_zh.ipynb#exercise-8)
#
# *从 $s_0 = 0$ 开始，给 Yogi 的更新 (9) 输入恒定的梯度 $g$。对直到几千的 $t$ 计算
# $\hat{s}_t = s_t/(1 - \beta_2^t)$。它最多偏离 $g^2$ 多远？在什么时候？*

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
back = int(np.nonzero(np.abs(ratio - 1) > 0.01)[0][-1]) + 2  # 从这个 t 起始终相差不到 1%

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
assert np.allclose(yogi_s_hat(3.0, beta2, 6000).numpy() / 9.0, ratio)  # 对任何 g 都一样

# %% [markdown]
# 对于恒定的梯度，Adam 的 $\hat{s}_t$ 在每一步都等于 $g^2$：校正 (5) 正是为此推导出来的。Yogi
# 的却不然。当 $s_{t-1} < g^2$ 时，(9) 每一步都加上相同的量 $(1 - \beta_2)\,g^2$，所以
# $s_t = t\,(1 - \beta_2)\,g^2$ 线性增长，恰好在 $1/(1 - \beta_2) = 1000$ 步之后达到
# $g^2$；此后符号为零，$s$ 停在那里（在浮点运算中，它在 $g^2$
# 附近以一个增量来回跳动）。除以增长慢于线性的 $1 - \beta_2^t$，就校正过度了：
#
# $$\frac{\hat{s}_t}{g^2} = \frac{t\,(1 - \beta_2)}{1 - \beta_2^t}
#   \quad (t \le 1000), \qquad
#   \frac{\hat{s}_t}{g^2} = \frac{1}{1 - \beta_2^t} \quad (t \ge 1000).$$
#
# 这个比值从 $1$ 开始，在 $t = 1000$ 时升到峰值 $1/(1 - 0.999^{1000}) \approx 1.58$，然后衰减回 $1$
# 附近；要到输出中的那一步，即四千多步之后，才回到 1% 以内。所以 Yogi 校正后的估计最多比 $g^2$ 高出
# 58%，在第 1000 步前后，它的步子比 Adam 的小约 20%。对于每个接近 $1$ 的 $\beta_2$，都会在约
# $t = 1/(1-\beta_2)$ 处以几乎相同的倍数发生同样的事，因为
# $\beta_2^{1/(1-\beta_2)} \approx e^{-1}$：

# %%
for beta2 in [0.99, 0.999, 0.9999]:
    ratio = yogi_s_hat(1.0, beta2, round(3 / (1 - beta2))).numpy()
    print(f"beta2 = {beta2}: peak {ratio.max():.4f} g^2 at t = {ratio.argmax() + 1}")
print(f"limit 1 / (1 - 1/e) = {1 / (1 - math.exp(-1)):.4f}")

# %% [markdown]
# 自动检查会用别的 $g$ 和 $\beta_2$ 值调用你的 `yogi_s_hat(g, beta2, steps)`：

# %%
verdict = d2l.check_exercise(8, yogi_s_hat)
assert verdict.passed, verdict
verdict
