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
# 这里是 [Adam 一节](adam_zh.ipynb#exercises)末尾八道练习的解答，最后还有 [Adam 实践](adam_in_practice_zh.ipynb#exercises)三道练习的解答。读解答之前，请先自己做一做：大多数练习只需要几行代码，而且自动检查 `d2l.check_exercise(n, answer)` 无须让你看到这一页，就能告诉你答案是否正确。每个解答都链接回对应的练习；承载答案的数字都在所在的单元格中用 assert 断言，所以只要其中一个变了，笔记本就会停下来。
#
# 我们沿用正文的数据和起点：机翼数据上的回归问题，小批量大小为 10，初始权重和小批量的顺序与 `torch.manual_seed(0)` 之后的 `train_ch11` 相同；还有正文自己的函数：`d2l.adam`、`d2l.init_adam_states`、`d2l.adam_step_size` 和 `d2l.run_reddi`。

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
# 有几道解答要像正文“信任，但要验证”一节的单元格那样逐步比较两个优化器：模型的两个副本从同样的权重出发，看到同样的小批量，每一步之后记录它们参数之间的最大差别。`side_by_side` 可以对任意两个优化器这样做；`scratch` 和 `builtin` 分别包装按我们的调用约定写的优化器和 PyTorch 的优化器（未另行指定时为 `torch.optim.Adam`），使两者都能交给它。为了节省时间，我们不调用 `backward()`，而是手写平方损失的梯度（`d2l.loss_curves` 也是这样做的）：对于一个含 $n$ 个样本的小批量，记残差为 $\mathbf{r} = \mathbf{X}\mathbf{w} + b - \mathbf{y}$，则 $\mathbf{w}$ 的梯度是 $\mathbf{X}^\top \mathbf{r}/n$，$b$ 的梯度是 $\mathbf{r}$ 的均值。

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
# ## <a id="solution-1" name="solution-1"></a>练习 1：超过上界的一步
#
# [回到练习](adam_zh.ipynb#exercise-1)
#
# *找一串梯度历史，使 `adam_step_size` 返回的值超过上界 $(1 - \beta_1)/\sqrt{1 - \beta_2} \approx 3.16$。取常用的衰减率时，你能让这一步有多大？在机翼数据上，最大的步子离 $\eta$ 有多近？*
#
# 在运行后期，偏差校正的因子为 $1$，以 $\eta$ 为单位的一步是 $|v_t|/\sqrt{s_t}$；由 (3)，其中 $v_t = \sum_i (1 - \beta_1)\beta_1^i g_{t-i}$，$s_t = \sum_i (1 - \beta_2)\beta_2^i g_{t-i}^2$。把 $v_t$ 的每一项写成 $\big((1 - \beta_1)\beta_1^i / \sqrt{(1 - \beta_2)\beta_2^i}\big) \cdot \sqrt{(1 - \beta_2)\beta_2^i}\, g_{t-i}$，柯西–施瓦茨不等式就给出
#
# $$\frac{|v_t|}{\sqrt{s_t}} \le \frac{1 - \beta_1}{\sqrt{1 - \beta_2}}
#   \sqrt{\sum_{i \ge 0} \left(\frac{\beta_1^2}{\beta_2}\right)^i}
#   = \frac{1 - \beta_1}{\sqrt{1 - \beta_2}} \frac{1}{\sqrt{1 - \beta_1^2/\beta_2}},$$
#
# 这在 $\beta_1^2 < \beta_2$ 时成立；当每个梯度都与它的系数成比例，即 $g_{t-i} \propto (\beta_1/\beta_2)^i$ 时，等号成立：也就是每一步*增长*为 $\beta_2/\beta_1 \approx 1.11$ 倍的梯度。正文中稀疏的历史（许多个零之后出现一个梯度）只保留了求和中 $i = 0$ 的那一项，于是达到 $3.16$；稳定增长的梯度则把其余各项也加了进来。我们在 20,000 步上试几个增长倍数 $r$（一步的大小与梯度的尺度无关，所以我们让最后一个梯度等于 $1$）：

# %%
beta1, beta2 = 0.9, 0.999
limit = (1 - beta1) / math.sqrt(1 - beta2) / math.sqrt(1 - beta1 ** 2 / beta2)
T = 20_000
for r in [1.0, 1.05, beta2 / beta1, 1.2]:
    gradients = [r ** (t - T) for t in range(1, T + 1)]  # g_t = r^t，缩放到 g_T = 1
    print(d2l.tr("g_t grows by r = {r:.4f} per step: a step of {size:.2f} eta",
                 r=r, size=d2l.adam_step_size(gradients)))
print(d2l.tr("the limit from Cauchy-Schwarz: {limit:.2f} eta; Kingma & Ba's bound: "
             "{bound:.2f} eta", limit=limit, bound=(1 - beta1) / math.sqrt(1 - beta2)))
growing = d2l.adam_step_size([(beta2 / beta1) ** (t - T) for t in range(1, T + 1)])
assert growing > 7 and abs(growing - limit) < 1e-3

# %% [markdown]
# 每一步增长 $11\%$ 的梯度，只要持续得足够久，就能得到约 $7.27\,\eta$ 的一步，是上界的两倍多。Kingma & Ba 的上界针对的是他们所说的稀疏情形，并不涵盖所有的梯度历史；在这样的衰减率下，$7.27\,\eta$ 才是真正的天花板。当 $\beta_1^2 \ge \beta_2$ 时，比如正文中的按钮 *β2 过小*（$\beta_1 = 0.99$，$\beta_2 = 0.9$），这个级数发散，根本没有天花板：每一步*缩小*为 $\beta_2/\beta_1$ 倍的梯度，持续得越久，得到的步子就越大：

# %%
for T in [10, 100, 1000]:
    shrinking = [(0.9 / 0.99) ** t for t in range(1, T + 1)]
    print(d2l.tr("beta1 = 0.99, beta2 = 0.9, {T:4d} steps: a step of {size:.3g} eta",
                 T=T, size=d2l.adam_step_size(shrinking, beta1=0.99, beta2=0.9)))

# %% [markdown]
# 在机翼数据上，梯度既不稀疏，也不会长时间增长。我们用四个学习率进行训练，并在每一步记录所有坐标中最大的移动距离除以 $\eta$ 的值：

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
# 在第一步，每个坐标恰好移动 $\eta$（此时 $\hat v_1 = g_1$，$\hat s_1 = g_1^2$），之后的步子与它相差不超过 $7\%$：正文的经验法则，即梯度符号稳定时一步约为 $\eta$，很好地描述了这个问题，两个上界都远远没有达到。

# %% [markdown]
# ## <a id="solution-2" name="solution-2"></a>练习 2：无须校正的平均值
#
# [回到练习](adam_zh.ipynb#exercise-2)
#
# *改写 $\mathbf{v}_t$ 和 $\mathbf{s}_t$ 的更新，使它们从第一步起就是正确的平均值，而不需要单独的偏差校正。*
#
# 我们想要的是 $\hat{\mathbf{v}}_t = \mathbf{v}_t / (1 - \beta_1^t)$ 本身的更新公式。两边同乘 $1 - \beta_1^t$，代入 $\mathbf{v}_t$ 的更新 (1)，再写出 $\mathbf{v}_{t-1} = (1 - \beta_1^{t-1})\,\hat{\mathbf{v}}_{t-1}$：
#
# $$(1 - \beta_1^t)\, \hat{\mathbf{v}}_t = \beta_1 (1 - \beta_1^{t-1})\,
#   \hat{\mathbf{v}}_{t-1} + (1 - \beta_1)\, \mathbf{g}_t.$$
#
# 由 $t$ 项等比数列的求和 (4) 可得 $\beta_1 (1 - \beta_1^{t-1}) = (1 - \beta_1^t) - (1 - \beta_1)$，再除以 $1 - \beta_1^t$，得到
#
# $$\hat{\mathbf{v}}_t = \hat{\mathbf{v}}_{t-1} + \gamma_t
#   \left(\mathbf{g}_t - \hat{\mathbf{v}}_{t-1}\right), \qquad
#   \gamma_t = \frac{1 - \beta_1}{1 - \beta_1^t},$$
#
# 同理，换成 $\beta_2$ 和 $\mathbf{g}_t^2$，有 $\hat{\mathbf{s}}_t = \hat{\mathbf{s}}_{t-1} + \gamma'_t (\mathbf{g}_t^2 - \hat{\mathbf{s}}_{t-1})$，其中 $\gamma'_t = (1 - \beta_2)/(1 - \beta_2^t)$。
#
# 每个平均值都以一个依赖于时间步的权重朝最新的值移动。$t = 1$ 时权重为 $\gamma_1 = 1$：第一个平均值*就是*第一个梯度，所以作为起点的零完全不起作用，而这正是偏差校正的目的。$t = 2$ 时权重为 $1/(1 + \beta_1)$，比二分之一稍大；随着 $t$ 增大，$\gamma_t$ 降到 $1 - \beta_1$，即普通 EWMA 的恒定权重。（如果把级数一直加到 $i = t$，多算了一项，我们得到的就会是 $\gamma_1 = 1/(1 + \beta_1)$：第一个平均值仍会被朝零拉过去差不多一半。）
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
# 代数推导表明这是同一个算法；计算机给出的结果应当在舍入误差之内一致。我们把它与正文的 `adam` 并排训练两个迭代周期：

# %%
gap_averaged = side_by_side(scratch(adam_averaged, d2l.init_adam_states(feature_dim)),
                            scratch(d2l.adam, d2l.init_adam_states(feature_dim)))
gap_builtin = side_by_side(scratch(d2l.adam, d2l.init_adam_states(feature_dim)), builtin())
print(d2l.tr("adam_averaged against adam: largest parameter difference {gap:.1e}",
             gap=gap_averaged))
print(d2l.tr("(adam against torch.optim.Adam, for scale: {gap:.1e})", gap=gap_builtin))
assert gap_averaged <= 1e-6

# %% [markdown]
# 在全部 300 步中，两者的差别从未超过 float32 的舍入误差，与 `adam` 和 `torch.optim.Adam` 之间的差别大小相当。自动检查则在它自己的问题上把 `adam_averaged` 与 `torch.optim.Adam` 进行比较：

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
# 在最小值附近，全部数据上的梯度接近零，但小批量梯度并非如此：它们大多是噪声，不同的小批量指向不同的方向。Adam 把它们的平均值 $\hat{\mathbf{v}}_t$ 除以它们平方的平均值的平方根 $\sqrt{\hat{\mathbf{s}}_t}$，而后者衡量的正是噪声的大小。所以这个比值在最小值处不会趋于零，而是稳定在某个固定的比例上，每一步都继续让每个坐标移动大约这个比例的 $\eta$。权重永远不会静止下来；它们在最小值周围抖动，距离与 $\eta$ 成正比，损失则比它的最小值高出一个随 $\eta$ 增大的量。要减小抖动，唯一的办法是减小 $\eta$；但从一开始就这样做，训练的前一阶段会很慢，所以我们随着训练的进行逐步降低它。
#
# 我们在三个迭代周期上测量这一点：三个恒定的学习率，以及一个从 $\eta = 0.1$ 开始、每 40 步减半的学习率安排。损失的精确最小值可以由最小二乘法求得，所以我们能画出每次运行比它高出多少。

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
    excess[name] = above[-15:].mean()   # 最后一个迭代周期：15 次评估
    jitter[name] = np.mean(moves[-150:])  # 最后一个迭代周期：150 步
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
# 在恒定的 $\eta$ 下，最后一个迭代周期的平均超出量随 $\eta$ 的减小而下降；而在每次运行中（包括学习率衰减的那次），每一步的平均移动都保持为当前 $\eta$ 的一个固定比例（最后一列）。小批量的噪声让 $\hat{\mathbf{v}}_t/\sqrt{\hat{\mathbf{s}}_t}$ 远离零，所以只有更小的 $\eta$ 才能让步子以及抖动变小。减半的安排兼得两者之长：早期用大步走完到最小值的距离，最后离最小值最近。

# %% [markdown]
# ## <a id="solution-4" name="solution-4"></a>练习 4：Adam 从哪里开始失败
#
# [回到练习](adam_zh.ipynb#exercise-4)
#
# *在 Reddi 等人的问题上取 $\beta_1 = 0$，把 $\beta_2$ 从论文的 $1/(1 + C^2)$ 往上调。对于 $C = 3$ 和 $C = 10$，Adam 分别从哪里开始不再停在 $+1$？为什么 $C$ 越大，就需要越小的 $\beta_2$ 才能让 Adam 失败？*
#
# 先看运行结果，用的是正文中的 `run_reddi`（保存为 `d2l.run_reddi`），以及滑块所用的 30,000 步。与正文一样，Adam、AMSGrad 和 Yogi 共用所有设置：给各方法不同学习率的比较，说明的是学习率的作用，而不是方法的作用。

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
# 对于 $C = 3$，Adam 在 $\beta_2 = 0.4$ 及以下时停在 $+1$，从 $0.6$ 起停在 $-1$；对于 $C = 10$，它在 $\beta_2 = 0.08$ 及以下时失败，从 $0.12$ 起成功。在两者之间，30,000 步之后它卡在半路。Yogi 在每次运行中都到达 $-1$。
#
# 为什么？取 $\beta_1 = 0$ 时，在运行后期，$s_t$ 会进入一个由三个值构成的循环：梯度为 $C$ 之后是 $a$，两个梯度 $-1$ 之后依次是 $b$ 和 $c$。由 (2)，$b = \beta_2 a + (1 - \beta_2)$，$c = \beta_2 b + (1 - \beta_2)$，$a = \beta_2 c + (1 - \beta_2) C^2$，所以 $a = (1 - \beta_2)(C^2 + \beta_2 + \beta_2^2)/(1 - \beta_2^3)$。在一个周期中，$x$ 移动 $\eta_t$ 乘以
#
# $$d = -\frac{C}{\sqrt{a}} + \frac{1}{\sqrt{b}} + \frac{1}{\sqrt{c}},$$
#
# 当 $d > 0$ 时，Adam 漂移到 $+1$。临界值就是使 $d = 0$ 的 $\beta_2$：

# %%
def adam_drift(C, beta2):
    """Adam's move per cycle of (8) in units of eta_t, once s_t cycles (beta1 = 0)."""
    a = (1 - beta2) * (C ** 2 + beta2 + beta2 ** 2) / (1 - beta2 ** 3)  # 梯度为 C 之后的 s
    b = beta2 * a + 1 - beta2                                          # 一个 -1 之后
    c = beta2 * b + 1 - beta2                                          # 两个之后
    return -C / math.sqrt(a) + 1 / math.sqrt(b) + 1 / math.sqrt(c)     # > 0：朝向 +1


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
# 每个周期的漂移与正文测得的一致；临界值（$C = 3$ 时为 $0.47$，$C = 10$ 时为 $0.098$）也正落在运行结果改变方向的地方。
#
# $C$ 越大，需要的 $\beta_2$ 就越小，因为只有当 Adam 在紧随大梯度的两个小步之内就忘掉它时，Adam 才会失败。大梯度过后，$s$ 约为 $C^2$（对较小的 $\beta_2$ 而言）；两步之后，它只剩下约 $\beta_2^2 C^2$，而只有当这个量相对于第二个小梯度自己的 $1$ 不算大时，这个小梯度才会得到一个被放大的步子。所以 $\beta_2$ 必须低于约 $1/C$：输出中的乘积 $C\beta_2$ 都在约 $1$ 到 $1.4$ 之间。论文的取值 $1/(1 + C^2)$ 远低于此：$C = 3$ 时是临界值的五分之一，$C = 10$ 时是十分之一。

# %% [markdown]
# ## <a id="solution-5" name="solution-5"></a>练习 5：把 ε 放进根号
#
# [回到练习](adam_zh.ipynb#exercise-5)
#
# *把 `adam` 中的 $\epsilon$ 移到平方根之内，然后重新运行“信任，但要验证”一节的单元格。与 `torch.optim.Adam` 的差别变得有多大？再试着只改变传给 `torch.optim.Adam` 的 $\epsilon$ 值，让两者重新一致。这做得到吗？*
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
# 下面是“信任，但要验证”中的比较，两边都取 $\epsilon = 10^{-6}$，并以 `adam` 本身作为参照。我们还保留这次运行的状态，以便查看它最终的 $\hat{\mathbf{s}}$。

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
# 差别增大了好几倍，但仍停留在舍入误差的量级，与正文中 `assert` 允许的 $10^{-6}$ 差不多大：在机翼数据上，那项检查几乎分辨不出 $\epsilon$ 在哪里。原因在于梯度的大小。这里的每个 $\hat{s}$ 都比 $\epsilon$ 大许多个数量级，所以无论 $\epsilon$ 放在哪里都几乎无关紧要：在根号内，它让分母改变约 $\epsilon/(2\sqrt{\hat{s}})$；在根号外，改变 $\epsilon$；两者都只有 $\sqrt{\hat{s}}$ 的百万分之几。
#
# 要让两者一致，我们需要一个满足 $\sqrt{s} + \epsilon' = \sqrt{s + \epsilon}$ 的 $\epsilon'$，即
#
# $$\epsilon'(s) = \sqrt{s + \epsilon} - \sqrt{s} =
#   \frac{\epsilon}{\sqrt{s + \epsilon} + \sqrt{s}}.$$
#
# 它依赖于 $s$：没有哪个 $\epsilon'$ 能对所有的 $s$ 都适用。当 $s \gg \epsilon$ 时，它约为 $\epsilon / (2\sqrt{s})$；当 $s \ll \epsilon$ 时，它趋于 $\sqrt{\epsilon}$：

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
# 所以只能近似地让两者一致，而且只有当所有相关的 $s$ 都落在一个窄范围内时才行。在机翼数据上正是如此（灰色带）。从这个范围中取一个 $\epsilon'$，能否让两者回到 `adam` 本身的舍入水平？

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
# 不能。带内的 $\epsilon' = 2 \cdot 10^{-6}$ 只把差别缩小了一点，带外的 $10^{-5}$ 则让它更大；两者都至少是前面打印的 `adam` 与 `torch.optim.Adam` 之间舍入级别差别的三倍。
#
# 在梯度平方与 $\epsilon$ 相当或更小的地方，两个公式的行为不同，任何 $\epsilon'$ 都掩盖不了。$\epsilon$ 在根号内时，一步是 $\eta\,g/\sqrt{g^2 + \epsilon}$，对于极小的 $g$，它与 $g$ 成比例地缩小，就像学习率为 $\eta/\sqrt{\epsilon}$ 的随机梯度下降；$\epsilon$ 在根号外时，一步保持完整的大小，直到 $|g|$ 小到约为 $\epsilon$ 本身。我们可以在同样的数据上看到这一点：把每个标签都乘以 $10^{-3}$，梯度也就缩小了差不多同样的倍数：

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
# 现在，对我们试过的每个 $\epsilon'$，差别都比舍入误差大上千倍。练习的答案是：对于机翼数据的梯度，把 $\epsilon$ 移进根号只让参数改变几个舍入误差，从灰色带中取的 $\epsilon'$ 只能把它缩小一点；一般而言，这无法抵消，因为能抵消它的 $\epsilon'$ 依赖于 $s$，从大 $s$ 时的 $\epsilon/(2\sqrt{s})$ 一直到小 $s$ 时的 $\sqrt{\epsilon}$。
#
# 自动检查使用 $\epsilon = 0.01$ 和 $0.1$ 左右的梯度，在这种情况下，$\epsilon$ 的位置会带来明显的差别：

# %%
verdict = d2l.check_exercise(5, adam_eps_inside)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-6" name="solution-6"></a>练习 6：偏差校正要起作用多久
#
# [回到练习](adam_zh.ipynb#exercise-6)
#
# *去掉 `adam` 中的偏差校正。对于恒定的梯度，取 $\beta_2 = 0.999$ 和 $\beta_2 = 0.9999$ 时，分别要过多少步，未校正的一步才与校正后的一步相差在 10% 以内？与我们训练时的 300 步比较一下，并测量那时两种步子之比。*

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
# 对于恒定的梯度，校正后的一步是 $\eta$，未校正的一步是 $\eta\,(1 - \beta_1^t)/\sqrt{1 - \beta_2^t}$，也就是正文那张图的右图。200 步之后 $\beta_1^t$ 已低于 $10^{-9}$，所以一旦 $\sqrt{1 - \beta_2^t} \ge 1/1.1$，即 $t \ge \ln(1 - 1/1.21)/\ln \beta_2$，这个比值就在 10% 以内：

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
# 取 $\beta_2 = 0.999$ 时约为 1,750 步，取 $0.9999$ 时还要多十倍：远远长于我们 300 步的训练。训练结束时，未校正的一步仍约为校正后的两倍，或者接近六倍。偏差校正并不只是最初几步的细节。我们在机翼数据上测量这个比值，连同损失一起，覆盖两个迭代周期：

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
# 实测的比值（左图）与恒定梯度的预测形状相同，但数值不同，因为这里的梯度并不恒定：第一步时，$\beta_2 = 0.999$ 的比值是 $3.16$，$0.9999$ 的是 $10$，正如 $(1 - \beta_1)/\sqrt{1 - \beta_2}$ 所预测；到第 300 步时仍明显高于 $1$。大好几倍的步子在损失上（右图）也看得出来：损失先*升*到约 $0.49$ 的初始值之上，然后迅速下降；取 $\beta_2 = 0.999$ 时，它最终与校正后的运行相差无几，但这靠的是运气，而不是设计；取 $\beta_2 = 0.9999$ 时，它最终明显高于校正后的运行。没有校正，训练初期的表现就好像 $\eta$ 比选定的大了好几倍；校正让 $\eta$ 在第 1 步和第 10,000 步时含义相同。

# %%
verdict = d2l.check_exercise(6, adam_uncorrected)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-7" name="solution-7"></a>练习 7：AMSGrad
#
# [回到练习](adam_zh.ipynb#exercise-7)
#
# *AMSGrad 保存迄今为止 $\mathbf{s}$ 的最大值，并改为除以这个最大值。按我们的调用约定写出 `amsgrad`，并像验证 `adam` 那样，拿它与 `torch.optim.Adam(amsgrad=True)` 对照验证。*
#
# 按照 `torch.optim.Adam` 的文档，保存的是*未校正的* $\mathbf{s}_t$ 的历史最大值，再把这个最大值除以 $1 - \beta_2^t$：
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
            torch.maximum(s_max, s, out=s_max)     # 在偏差校正之前取最大值
            v_hat = v / (1 - beta1 ** t)
            s_hat = s_max / (1 - beta2 ** t)
            p[:] -= hyperparams['lr'] * v_hat / (torch.sqrt(s_hat) + eps)
        p.grad.zero_()
    hyperparams['t'] += 1


# %% [markdown]
# 只有可能失败的比较才有价值。所以我们还统计最大值有多少次大于当前的 $\mathbf{s}_t$（如果从来没有，AMSGrad 在这次运行中就是普通的 Adam，这项检查也就什么都证明不了），并且把正文的 `adam` 也与 `torch.optim.Adam(amsgrad=True)` 比较一下。

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
# 我们的 `amsgrad` 在每一步都与 PyTorch 的实现吻合，差别在 float32 的舍入范围之内。最大值在很大一部分元素上确实起了作用，而去掉它（即普通的 `adam`）让参数产生的变化远大于舍入误差，所以这种吻合是有力的证据。在偏差校正*之后*取最大值会是另一个算法：$\hat{\mathbf{s}}_1 = \mathbf{g}_1^2$，所以 $\hat{\mathbf{s}}_t$ 的最大值会以完整的大小记住最初的梯度平方，而 $\mathbf{s}_t$ 的最大值只以它们在平均值中的权重 $1 - \beta_2$ 保存它们。自动检查认得这个失误，还认得另外两个：

# %%
verdict = d2l.check_exercise(7, amsgrad)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## <a id="solution-8" name="solution-8"></a>练习 8：Yogi 的校正会过冲多少
#
# [回到练习](adam_zh.ipynb#exercise-8)
#
# *从 $s_0 = 0$ 开始，给 Yogi 的更新 (12) 输入恒定的梯度 $g$。对直到几千的 $t$ 计算 $\hat{s}_t = s_t/(1 - \beta_2^t)$。它离 $g^2$ 最远有多远？出现在什么时候？*

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
back = int(np.nonzero(np.abs(ratio - 1) > 0.01)[0][-1]) + 2  # 从这个 t 起始终相差不到 1%

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
assert np.allclose(yogi_s_hat(3.0, beta2, 6000).numpy() / 9.0, ratio)  # 对任何 g 都一样

# %% [markdown]
# 对于恒定的梯度，Adam 的 $\hat{s}_t$ 在每一步都等于 $g^2$：校正 (5) 正是为此推导出来的。Yogi 的却不然。当 $s_{t-1} < g^2$ 时，(12) 每一步都加上相同的量 $(1 - \beta_2)\,g^2$，所以 $s_t = t\,(1 - \beta_2)\,g^2$ 线性增长，恰好在 $1/(1 - \beta_2) = 1000$ 步之后达到 $g^2$；此后符号为零，$s$ 停在那里（在浮点运算中，它在 $g^2$ 附近以一个增量来回跳动）。除以增长慢于线性的 $1 - \beta_2^t$，就校正过度了：
#
# $$\frac{\hat{s}_t}{g^2} = \frac{t\,(1 - \beta_2)}{1 - \beta_2^t}
#   \quad (t \le 1000), \qquad
#   \frac{\hat{s}_t}{g^2} = \frac{1}{1 - \beta_2^t} \quad (t \ge 1000).$$
#
# 这个比值从 $1$ 开始，在 $t = 1000$ 时升到峰值 $1/(1 - 0.999^{1000}) \approx 1.58$，然后衰减回 $1$ 附近；要到输出中的那一步，即四千多步之后，才回到 1% 以内。所以 Yogi 校正后的估计最多比 $g^2$ 高出 58%，在第 1000 步前后，它的步子比 Adam 的小约 20%。对于每个接近 $1$ 的 $\beta_2$，都会在约 $t = 1/(1-\beta_2)$ 处以几乎相同的倍数发生同样的事，因为 $\beta_2^{1/(1-\beta_2)} \approx e^{-1}$：

# %%
for beta2 in [0.99, 0.999, 0.9999]:
    ratio = yogi_s_hat(1.0, beta2, round(3 / (1 - beta2))).numpy()
    print(d2l.tr("beta2 = {beta2}: peak {peak:.4f} g^2 at t = {at}", beta2=beta2,
                 peak=ratio.max(), at=ratio.argmax() + 1))
print(d2l.tr("limit 1 / (1 - 1/e) = {limit:.4f}", limit=1 / (1 - math.exp(-1))))

# %% [markdown]
# 自动检查会用别的 $g$ 和 $\beta_2$ 值调用你的 `yogi_s_hat(g, beta2, steps)`：

# %%
verdict = d2l.check_exercise(8, yogi_s_hat)
assert verdict.passed, verdict
verdict

# %% [markdown]
# ## Adam 实践
#
# 以下是 [Adam 实践](adam_in_practice_zh.ipynb#exercises)末尾练习的解答。
#
# ### <a id="solution-adamw" name="solution-adamw"></a>练习 1：AdamW
#
# [回到练习](adam_in_practice_zh.ipynb#exercise-1)
#
# *再写一遍 `adamw(params, states, hyperparams)`，这次不重复 Adam 的更新：先缩小参数，再原封不动地调用正文的 `adam`。为什么缩小可以放在前面而不改变两个平均值 $\mathbf{v}$ 和 $\mathbf{s}$？如果放在 `adam` 之后，它还是 AdamW 吗？*
#
# 更新公式是 $\mathbf{x}_t = (1 - \eta\lambda)\,\mathbf{x}_{t-1} - \eta\, \hat{\mathbf{v}}_t/(\sqrt{\hat{\mathbf{s}}_t} + \epsilon)$，其中两个平均值只用损失的梯度来计算；`torch.optim.AdamW` 在这一步的其余部分之前先缩小参数。梯度在这一步之前、在 $\mathbf{x}_{t-1}$ 处就已算好，所以先缩小参数不会改变两个平均值：AdamW 就是先缩小参数，再原封不动地执行正文的 `adam`：

# %%
def adamw(params, states, hyperparams):
    """AdamW as torch.optim.AdamW orders it: shrink every parameter, then Adam's step."""
    with torch.no_grad():
        for p in params:
            p.mul_(1 - hyperparams['lr'] * hyperparams['weight_decay'])
    d2l.adam(params, states, hyperparams)


# %% [markdown]
# 自动检查在它自己的一个问题上，把它与 `torch.optim.AdamW` 并排运行：

# %%
verdict = d2l.check_exercise('adamw', adamw)
assert verdict.passed, verdict
verdict

# %% [markdown]
# 有三种错误很容易犯，而每一种都是另一个优化器：改为把 $\lambda \mathbf{x}$ 加到梯度上，这就是带 L2 惩罚的 Adam，即 `torch.optim.Adam(weight_decay=λ)`；按 $1 - \lambda$ 而不是 $1 - \eta\lambda$ 缩小参数，这相当于照论文的写法取调度乘子 $\eta_t = 1$，又把论文的 $\lambda$ 当成了 PyTorch 的；以及在 Adam 的一步之后而不是之前缩小参数。我们在正文的 300 步上把每一种都与 `torch.optim.AdamW` 比较：一次用正文的 $\eta = 0.01$ 和 $\lambda = 0.1$，一次用 $\eta = 0.1$ 和 $\lambda = 1$：

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
# 我们的 `adamw` 与 PyTorch 吻合到 `float32` 的舍入误差以内。前两种错误在两组设置下都相差很远。第三种比较隐蔽：在这一步之后缩小参数，连 Adam 的一步也一起缩小了，倍数为 $1 - \eta\lambda$，所以每一步都相差 Adam 一步的 $\eta\lambda$ 倍。这就是为什么它在较大的那组设置下显现得多出一百倍：那里 $\eta\lambda$ 是 $0.1$ 而不是 $0.001$。它已不是 AdamW：衰减不再只作用于参数本身。
#
# ### <a id="solution-groups" name="solution-groups"></a>练习 2：不衰减偏置
#
# [回到练习](adam_in_practice_zh.ipynb#exercise-2)
#
# *给 `torch.optim.AdamW` 两个参数组，使它衰减 $\mathbf{w}$ 而不衰减 $b$；再写出 `adamw_groups`，让它为每个参数读取一个 $\lambda$。把两者相互对照检验。在机翼数据上，豁免 $b$ 会改变结果吗？*
#
# 参数组是一个字典，里面是这些参数以及对它们取值不同的超参数；其余的超参数取自关键字参数。我们的版本接受一个 $\lambda$ 序列，`params` 中的每个参数对应一个：

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
# 两者吻合到舍入误差以内。在机翼数据上，这种豁免几乎没有影响：参数的变动不到权重大小的百分之一。特征和标签都已标准化，所以最好的偏置接近零（这 1,500 行的标签均值只有千分之几），把 $b$ 拉向零的衰减，只是把它拉向它本来就在的地方。在神经网络中，规范化层的缩放参数从 $1$ 开始，权重衰减会把它拉向 $0$；BERT 的代码豁免了这类参数以及所有偏置。
#
# ### <a id="solution-warmup" name="solution-warmup"></a>练习 3：预热多久
#
# [回到练习](adam_in_practice_zh.ipynb#exercise-3)
#
# *经过 $W = 2/(1 - \beta_2)$ 步之后，最初的梯度在 $\mathbf{s}_W$ 中还有多大的权重？把这条规则与 LLaMA 和 BERT 的预热比较一下。*
#
# 在 $\mathbf{s}_t$ 中，第 $i$ 步梯度的平方的权重为 $(1 - \beta_2)\beta_2^{t-i}$，所以第一个梯度的分量是最新梯度的 $\beta_2^{t-1}$ 倍。当 $\beta$ 接近 $1$ 时 $\beta^{1/(1-\beta)} \approx e^{-1}$，因此在 $t = W$ 时，无论 $\beta_2$ 取多少，这个倍数都约为 $e^{-2} \approx 0.135$；偏差校正 $1/(1 - \beta_2^W)$ 也降到了约 $1/(1 - e^{-2}) \approx 1.16$。规则给出的预热结束后，$\hat{\mathbf{s}}$ 大致是最近 $1/(1 - \beta_2)$ 步的平均，与此后任何一步的一样，它的起点已经淡去。

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
# 按这个标准，对每个 $\beta_2$ 来说，第 $W$ 步的尺度估计都与此后任何一步的一样。LLaMA（$\beta_2 = 0.95$）预热 2,000 步，是规则给出的 40 步的五十倍，到那时它最初的梯度已经完全不起作用了；BERT（$\beta_2 = 0.999$）预热 10,000 步，是规则给出的 2,000 步的五倍。所以仅凭 Adam 的尺度估计解释不了这么长的预热；论文也没有说明为什么这样选。这条规则给出的是一个无须调节的预热：在 Adam 实践的那个小网络里，它足以避免损伤。
