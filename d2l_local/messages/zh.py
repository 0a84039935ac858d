"""Everything a reader sees, in Chinese: the catalogue's templates by key (``ZH``,
the keys of ``en.py``), and what the chapters print and draw, keyed by the English
text (``TEXTS_ZH``)."""

ZH = {
    # Controls: symbols, as in the formulas
    "label.beta1": "β1",
    "label.beta2": "β2",
    "label.lr": "η",
    "label.eps": "ε",
    "label.C": "C",
    "label.steps": "步数",
    # The airfoil explorer
    "explorer.reference": "{name}，原书默认值",
    "explorer.final": "最终损失：",
    "punct.colon": "：",
    "punct.list": " · ",
    "punct.comma": "，",
    "punct.stop": "。",
    "page.contents": "目录",
    "page.pages": "本书的各页",
    "page.previous": "上一页",
    "page.next": "下一页",
    "page.present": "投影模式",
    "page.present_help": "投影模式：一次只显示一节或一幅图，字号放大（快捷键 P）",
    "page.present_key": "按 P 键进入投影模式",
    "page.present_bar": "幻灯片",
    "page.present_previous": "上一张",
    "page.present_next": "下一张",
    "page.present_leave": "退出投影模式",
    "page.present_keys": "→ PageDown 空格：下一张 · ← PageUp：上一张 · Esc：退出",
    "page.present_slide": "第 {n} 张，共 {total} 张：{title}",
    "page.present_figure": "{title}（图）",
    "page.present_continued": "{title}（续）",
    "page.present_entered": "投影模式。",
    "page.present_left": "已退出投影模式。",
    "explorer.none": "未显示任何曲线",
    "explorer.summary": "{epochs} 个迭代周期后，{curves}",
    "explorer.diverged": "在第 {step} 步发散",
    "explorer.above_start": "（高于初始值 {start}：未收敛）",
    "explorer.rerun": "重新训练用时 {ms} 毫秒",
    "explorer.in_page": "在你的浏览器中训练，用时 {ms} 毫秒",
    "explorer.error": "错误：{error}",
    "explorer.x_label": "迭代周期",
    "explorer.y_label": "损失（对数刻度）",
    "explorer.plot": "所示每条曲线的损失随迭代周期的变化（对数刻度）",
    "explorer.page_notice": (
        "<b>在你的浏览器中训练。</b>每移动一次滑块，页面都会用本章 <code>adam</code>"
        "（图中有 <code>yogi</code> 时也包括它）的 JavaScript 副本，"
        "在机翼数据上重新训练线性回归模型；"
        "这个副本已与内核的结果核对过。打开笔记本，就能训练你自己修改的版本"
        "（以及 <code>torch.optim.Adam</code>）。"
    ),
    "explorer.data_credit": (
        "数据：NASA 机翼自噪声数据集，UCI 机器学习库（CC BY 4.0）；Brooks, Pope & Marcolini, 1989。"
    ),
    "preset.book": "重置：原书默认值",
    "preset.book.note": "原书的设置：β1 = 0.9，β2 = 0.999，η = 0.01，ε = 10⁻⁶。",
    "preset.beta2_small": "β2 过小",
    "preset.beta2_small.note": (
        "β2 = 0.9 只记住约 10 步的梯度平方，β1 = 0.99 却对约 100 步的梯度取平均："
        "β1² > β2 时，步长不再被限制在 η 附近。把 β2 调回 0.999 比较一下。"
    ),
    "preset.huge_eps": "极大的 ε",
    "preset.huge_eps.note": (
        "这里 ε = 1 是 √ŝ 的好几倍，所以分母对每个坐标、每一步都几乎相同：Adam "
        "就像学习率略低于 η/ε 的带动量随机梯度下降，学得更慢。"
    ),
    "preset.big_lr": "η 过大",
    "preset.big_lr.note": (
        "η = 1：Adam 每一步让每个坐标移动最多约 η，在这里实在太多了。损失来回振荡，"
        "最后高于初始值，但并没有爆炸：这是无法收敛，而不是发散。"
    ),
    # Reddi et al.'s problem
    "reddi.paper": "论文：β1 = 0，β2 = 1/(1+C²)",
    "reddi.book": "原书：β1 = 0.9，β2 = 0.999",
    "reddi.status": "{steps} 步之后：{points}",
    "reddi.point": "{method} x = {x}",
    "reddi.summary": "{steps} 步之后：{points}",
    "reddi.summary_point": "{method} x = {x}，平均遗憾 {regret}",
    "reddi.x_label": "时间步 t",
    "reddi.x_title": "C = {C}，β1 = {beta1}，β2 = {beta2}",
    "reddi.regret_label": "平均遗憾 R_t / t",
    "reddi.regret_title": "相对于最好的点 x = -1 的遗憾",
    "reddi.x_plot": "每种方法的 x_t 随时间步的变化（时间步为对数刻度）",
    "reddi.regret_plot": "每种方法的平均遗憾 R_t / t 随时间步的变化（时间步为对数刻度）",
    "reddi.page_notice": (
        "<b>在你的浏览器中运行。</b>滑块会用本章 <code>run_reddi</code> 的 JavaScript "
        "副本重新运行这个问题，与 Python 一样使用双精度。"
    ),
    # The weight-decay explorer (Adam in practice)
    "label.weight_decay": "λ",
    "decay.x_label": "迭代周期",
    "decay.loss_label": "不含惩罚项的损失（对数刻度）",
    "decay.norm_label": "‖w‖",
    "decay.loss_plot": "每种方法不含惩罚项的损失随迭代周期的变化（对数刻度）",
    "decay.norm_plot": "每种方法的权重长度 ‖w‖ 随迭代周期的变化",
    "decay.final": "{epochs} 个迭代周期后：",
    "decay.method": "{name}：损失 {loss}，‖w‖ {norm}",
    "decay.diverged": "{name}：在第 {step} 步（第 {epoch} 个迭代周期）发散",
    "decay.summary": "λ = {weight_decay}，η = {lr}，{epochs} 个迭代周期后：{methods}",
    "decay.loss_column": "{name} 损失",
    "decay.norm_column": "{name} 的 ‖w‖",
    "decay.none": "没有可显示的方法",
    "decay.rerun": "重新训练用时 {ms} 毫秒",
    "decay.in_page": "在你的浏览器中训练，用时 {ms} 毫秒",
    "decay.error": "错误：{error}",
    "decay.page_notice": (
        "<b>在你的浏览器中训练。</b>每移动一次滑块，页面都会用本章 <code>adam_l2</code> "
        "和 <code>adamw</code> 的 JavaScript 副本，在机翼数据（NASA，UCI 机器学习库，"
        "CC BY 4.0）上重新训练线性回归模型；这个副本已与内核的结果核对过。"
        "打开笔记本，就能训练你自己修改的版本。"
    ),
    "decay.preset.chapter": "重置：上面那幅图",
    "decay.preset.chapter.note": "上面那幅图的设置：λ = 1，η = 0.01。",
    "decay.preset.torch": "AdamW 默认的 λ",
    "decay.preset.torch.note": "λ = 0.01，即 torch.optim.AdamW 默认的权重衰减，学习率 η = 0.01。",
    "decay.preset.large_models": "大模型的 λ",
    "decay.preset.large_models.note": (
        "λ = 0.1，即 GPT-3 和 LLaMA 的权重衰减，这里学习率 η = 0.01（它们训练时的 η "
        "小得多，所以每一步的衰减 ηλ 更小）。"
    ),
    # The schedule explorer (Adam in practice)
    "label.warmup": "预热步数 W",
    "schedule.decay": "衰减",
    "schedule.decay.cosine": "余弦衰减",
    "schedule.decay.linear": "线性衰减",
    "schedule.decay.none": "不衰减",
    "schedule.method.scheduled": "学习率调度",
    "schedule.method.constant": "恒定的 η",
    "schedule.x_label": "步数 t",
    "schedule.rate_label": "学习率 η_t",
    "schedule.loss_label": "损失（对数刻度）",
    "schedule.rate_plot": "学习率调度的 η_t 与恒定的 η 随步数的变化",
    "schedule.loss_plot": "按学习率调度和按恒定的 η 训练时，每一步之后的损失（对数刻度）",
    "schedule.final": "最终损失 {loss}",
    "schedule.diverged": "在第 {step} 步发散",
    "schedule.summary": (
        "η = {lr}，预热 {warmup} 步，{decay}：{scheduled}（恒定的 η：{constant}）；"
        "前 {steps} 步的最高损失是起始值的 {peak} 倍"
    ),
    "schedule.rate_column": "η_t（{name}）",
    "schedule.loss_column": "损失（{name}）",
    "schedule.rerun": "重新训练用时 {ms} 毫秒",
    "schedule.in_page": "在你的浏览器中训练，用时 {ms} 毫秒",
    "schedule.error": "错误：{error}",
    "schedule.page_notice": (
        "<b>在你的浏览器中训练。</b>每改动一次设置，页面都会用本章 <code>lr_at</code>、"
        "<code>scheduled</code> 和 <code>adam</code> 的 JavaScript 副本，在机翼数据（NASA，"
        "UCI 机器学习库，CC BY 4.0）上重新训练线性回归模型；这个副本已与内核的结果核对过。"
        "打开笔记本，就能训练你自己修改的版本。"
    ),
    "schedule.preset.small": "η = 0.01，预热 30 步",
    "schedule.preset.small.note": "正文中的 η = 0.01，预热 30 步，然后余弦衰减，与上面相同。",
    "schedule.preset.large": "η = 0.1，预热 30 步",
    "schedule.preset.large.note": "较大的 η = 0.1，预热 30 步，然后余弦衰减，与上面相同。",
    # The path explorer
    "paths.method.gd": "梯度下降",
    "paths.method.momentum": "动量法",
    "paths.method.rmsprop": "RMSProp",
    "paths.method.adam": "Adam",
    "paths.problem": "问题：",
    "paths.problem.quadratic": "原书的二次函数",
    "paths.problem.rotated": "旋转 45°",
    "paths.problem.rosenbrock": "弯曲的山谷（Rosenbrock）",
    "paths.shown": "轨迹：",
    "paths.adam": "Adam：",
    "paths.bias_correction": "偏差校正",
    "paths.eps_inside": "ε 放在根号里",
    "paths.hint": (
        "在图上单击或拖动，可以移动起点；也可以先选中这张图，再用方向键移动"
        "（按住 Shift 移动得更多），或者在上方输入坐标。β1、β2、ε 和两个开关只作用于 "
        "Adam；η 和步数作用于每种方法。"
    ),
    "paths.start": "起点：",
    "paths.start_axis": "起点的 {axis}",
    "paths.plot_label": (
        "等高线上的轨迹；起点在 ({x1}, {x2})：方向键每次把它移动 0.1，按住 Shift 时移动 1"
    ),
    "paths.summary": "从 ({x1}, {x2}) 出发走 {steps} 步：{paths}",
    "paths.step": "步",
    "paths.x_label": "x₁",
    "paths.y_label": "x₂",
    "paths.first_move": "第一步 ({d1}, {d2})",
    "paths.plot": "每种方法在 f 的等高线上从起点出发的轨迹",
    "paths.ends": "终点 ({x1}, {x2})，f = {f}",
    "paths.diverged": "在第 {step} 步发散",
    "paths.error": "错误：{error}",
    "paths.none": "未显示任何轨迹",
    "paths.bad_value": "{name} = {value} 不是其滑块上的值",
    "paths.rerun": "重新计算用时 {ms} 毫秒",
    "paths.in_page": "在你的浏览器中计算，用时 {ms} 毫秒",
    "paths.page_notice": (
        "<b>在你的浏览器中计算。</b>每次改动都会重新运行本章 <code>gd_2d</code>、"
        "<code>momentum_2d</code>、<code>rmsprop_2d</code> 和 <code>adam_2d</code> "
        "的 JavaScript 副本，与 Python 一样使用双精度，并已与内核的轨迹核对过。"
        "打开笔记本，就能运行你自己修改的版本。"
    ),
    "paths.preset.chapter": "重置：本章的图",
    "paths.preset.chapter.note": (
        "本章那张图的设置：η = 0.4，从 (−5, −2) 出发走 20 步，每种方法使用其所在章节的值，"
        "Adam 取 β1 = 0.9、β2 = 0.999、ε = 10⁻⁶。"
    ),
    "paths.preset.no_correction": "关闭偏差校正",
    "paths.preset.no_correction.note": (
        "不做校正时，Adam 的第一步是 η 的 (1 − β1)/√(1 − β2) ≈ 3.16 倍，与 RMSProp "
        "的一样长，之后的步子还要更长：轨迹冲过了最小值。勾选复选框，与校正后的轨迹比较。"
    ),
    "paths.preset.rotated": "山谷旋转 45°",
    "paths.preset.rotated.note": (
        "现在山谷沿对角线延伸。动量法的轨迹就是它在原书二次函数上的轨迹旋转后的样子；"
        "Adam 让每个坐标移动相同的距离，于是横穿山谷而不是沿山谷前进，失去了领先优势。"
    ),
    "paths.preset.huge_eps": "ε = 100：动量法",
    "paths.preset.huge_eps.note": (
        "ε = 100 远大于 √ŝ，所以每个坐标的学习率都是 η/ε，不做偏差校正的 Adam 就是 "
        "β = β1、学习率为 η(1 − β1)/ε = 0.4 的动量法：正是本章那张图中动量法的轨迹。"
        "把 ε 调小，看 Adam 离开它。"
    ),
    # The landscape
    "landscape.cell": "η = {lr}，β2 = {beta2}",
    "landscape.final": "{name}：{loss}",
    "landscape.diverged": "{name}：发散",
    "landscape.click": "点击或按 Enter：在探索器中打开这个设置",
    "landscape.grid": (
        "每个 η（列，向右增大）和 β2（行，向上增大）的最终损失："
        "方向键在单元格之间移动，按 Enter 在探索器中打开一个"
    ),
    "access.table": "以表格查看图中的数值",
    "landscape.outside": "η = {lr} 超出了探索器的范围（{low} 到 {high}）",
    # The self-checks of the exercises (exercises.py)
    # Exercises: The verdict.
    "exercise.title_passed": "练习 {n}：通过。",
    "exercise.title_not_yet": "练习 {n}：尚未通过。",
    # Exercises: Calling the check itself.
    "exercise.no_check": (
        "练习 {n} 没有自动检查：它的答案是一段解释或一个实验，请与详细解答对照。"
        "有自动检查的练习是：{available}。"
    ),
    "exercise.not_callable": (
        "请交出函数本身，而不是调用它：d2l.check_exercise({n}, {example})。你交出的是 {got}。"
    ),
    "exercise.check_failed": "用你的答案无法完成检查：{error}。",
    # Exercises: Optimiser exercises: evidence and where it went wrong.
    "exercise.passed_optimizer": (
        "在一个固定的线性回归问题上，你的优化器在全部 {steps} 步中的每一步都与 "
        "{reference} 吻合，差别不超过 {diff:.0e}。"
    ),
    "exercise.passed_eps": (
        "在 ε = {eps:g} 时，你的优化器在全部 {steps} 步中的每一步都与 ε 在根号内的 "
        "Adam 吻合，差别不超过 {diff:.0e}；在这个 ε 下，它的位置很重要："
        "ε 在根号外的 torch.optim.Adam 与之相差可达 {gap:.1e}。"
    ),
    "exercise.raised": "在第 {step} 步，你的优化器抛出了 {error}。",
    "exercise.raised_hint": (
        "请阅读上面的错误信息；检查是这样调用的：answer(params, states, hyperparams)。"
    ),
    "exercise.shape": "第 {step} 步之后，你的 {name} 的形状是 {got}，而不是 {want}。",
    "exercise.shape_hint": (
        "请用与参数形状相同的张量原地更新参数（p[:] -= ...）；两个不同形状的张量"
        "经过广播，会悄无声息地得到一个更大的张量。"
    ),
    "exercise.not_finite": "第 {step} 步之后，你的 {name} 中出现了 NaN 或无穷大。",
    "exercise.not_finite_hint": (
        "找找有没有除以零（偏差校正是不是 1 − β^t，并且 t ≥ 1？），或者对负数开了平方根。"
    ),
    "exercise.not_in_place": "第 1 步之后，w 和 b 都没有改变。",
    "exercise.not_in_place_hint": (
        "请像 adam 那样在 torch.no_grad() 中原地修改参数（p[:] -= ...）；"
        "赋值 p = ... 只是换了个名字。"
    ),
    "exercise.grad_not_cleared": "第 {step} 步之后，{name} 的梯度不为零。",
    "exercise.grad_not_cleared_hint": (
        "请像 adam 那样在每一步结束时把它清零（p.grad.zero_()）："
        "下一次 backward() 会在 p.grad 已有的值上累加。"
    ),
    "exercise.t_not_advanced": "第 {step} 步之后，hyperparams['t'] 仍然是 {t}。",
    "exercise.t_not_advanced_hint": (
        "每次调用让时间步前进一次，放在遍历参数的循环之后：hyperparams['t'] += 1。"
    ),
    "exercise.t_jumped": "在第 {step} 步，hyperparams['t'] 从 {before} 变成了 {after}。",
    "exercise.t_jumped_hint": ("每次调用让 t 恰好加 1，放在遍历参数的循环之后，而不是循环之内。"),
    "exercise.differs": "第 {step} 步之后，你的 {name} 与 {reference} 相差 {diff:.1e}。",
    # Exercises: Exercise 2.
    "exercise.reference_2": "torch.optim.Adam（也就是本章的 adam）",
    "exercise.hint_2": (
        "把每个校正后的平均值写成朝新值移动的均值：v̂_t = v̂_(t−1) + γ_t (g_t − v̂_(t−1))，"
        "其中 γ_t = (1 − β1)/(1 − β1^t)；ŝ_t 也一样，换成 g_t² 和 β2；"
        "每一步移动 lr · v̂_t / (√ŝ_t + ε)。"
    ),
    "exercise.hint_2_constant": (
        "你的平均值以恒定的权重 1 − β 移动：这是去掉了偏差校正的 Adam。"
        "权重必须依赖于时间步，γ_t = (1 − β)/(1 − β^t)，这样才有 γ_1 = 1。"
    ),
    "exercise.hint_2_extra_term": (
        "你的权重是 (1 − β)/(1 − β^(t+1))：一个有 t + 1 项的等比数列。"
        "式 (4) 从 i = 0 加到 t − 1，共 t 项，所以 γ_t = (1 − β)/(1 − β^t)，γ_1 = 1。"
    ),
    "exercise.hint_2_mean": (
        "你的权重是 1/t：迄今所有梯度的普通平均，它从不遗忘。"
        "Adam 的平均更看重最近的梯度：γ_t = (1 − β)/(1 − β^t)。"
    ),
    "exercise.hint_2_one_average": (
        "你的两个平均值中仍有一个以恒定的权重 1 − β 移动。v（用 β1）和 s（用 β2）"
        "都需要依赖于时间步的权重 γ_t = (1 − β)/(1 − β^t)。"
    ),
    # Exercises: Exercise 5.
    "exercise.reference_5": "ε 在根号内的 Adam",
    "exercise.hint_5": (
        "保留 adam 的其余部分，只改分母：torch.sqrt(s_hat + eps)，其中 s_hat 是偏差校正后的 s。"
    ),
    "exercise.hint_5_outside": (
        "你的优化器仍然除以 √ŝ_t + ε，因此表现得和 torch.optim.Adam 一样。"
        "请把 ε 移到根号内：torch.sqrt(s_hat + eps)。"
    ),
    "exercise.hint_5_before_correction": (
        "你在偏差校正之前就把 ε 加到了 s 上，即 √((s_t + ε)/(1 − β2^t))，"
        "这会让 ε 在最初几步中大到 1000 倍。请把它加到校正后的值上：√(ŝ_t + ε)。"
    ),
    "exercise.hint_5_twice": "你加了两次 ε：根号内一次，根号外一次。只保留 √(ŝ_t + ε)。",
    "exercise.hint_5_fixed_eps": (
        "你的优化器忽略了 hyperparams['eps']，用的是 ε = 1e-6。请像 adam 那样读取它："
        "eps = hyperparams.get('eps', 1e-6)；检查传入的是 ε = 0.01。"
    ),
    # Exercises: Exercise 6.
    "exercise.reference_6": "不做偏差校正的 Adam",
    "exercise.hint_6": (
        "保留 adam 对 v 和 s 的更新，每一步移动 lr · v / (√s + ε)：直接用 v 和 s，不除以 1 − β^t。"
    ),
    "exercise.hint_6_v": "你的更新仍然把 v 除以 1 − β1^t。请直接用 v_t。",
    "exercise.hint_6_s": "你的更新仍然把 s 除以 1 − β2^t。请直接用 s_t。",
    "exercise.hint_6_both": (
        "你的优化器仍然校正了两个平均值（它的表现和 torch.optim.Adam 一样）。"
        "请直接使用 v_t 和 s_t。"
    ),
    # Exercises: Exercise 7.
    "exercise.reference_7": "torch.optim.Adam(amsgrad=True)",
    "exercise.hint_7": (
        "AMSGrad 就是多了一行的 adam：按元素取 s_max = max(s_max, s_t)，"
        "更新时除以 √(s_max / (1 − β2^t)) + ε。请对照 torch.optim.Adam 文档中的公式。"
    ),
    "exercise.hint_7_after_correction": (
        "你取的是偏差校正后 ŝ_t 的最大值。torch.optim.Adam(amsgrad=True) "
        "在偏差校正之前取最大值：s_max = max(s_max, s_t)，然后把 s_max 除以 1 − β2^t。"
    ),
    "exercise.hint_7_gradient": (
        "你取的是梯度平方 g_t² 的最大值。应当取移动平均的最大值：s_max = max(s_max, s_t)。"
    ),
    "exercise.hint_7_no_maximum": (
        "你的优化器表现得和普通的 Adam 一样：最大值根本没有用到更新里。"
        "请把 s_max = max(s_max, s_t) 保存在第三个状态张量中，"
        "并除以 √(s_max / (1 − β2^t)) + ε。"
    ),
    # Exercises: Adam in practice, exercise 1 (d2l.check_exercise('adamw', adamw)).
    "exercise.label_adamw": "1（Adam 实践：AdamW）",
    "exercise.reference_adamw": "torch.optim.AdamW",
    "exercise.hint_adamw": (
        "AdamW 就是正文的 Adam 步骤，只用损失本身的梯度，"
        "但每一步先把每个参数乘以 1 − η λ（λ = hyperparams['weight_decay']）。"
    ),
    "exercise.hint_adamw_l2": (
        "你的优化器把 λ p 加到了梯度上：这是带 L2 惩罚的 Adam，"
        "即 torch.optim.Adam(weight_decay=λ)。不要改 p.grad，直接缩小 p 本身。"
    ),
    "exercise.hint_adamw_no_lr": (
        "你的优化器把 p 乘以 1 − λ。PyTorch 的 λ 要乘以学习率：应乘以 1 − η λ。"
    ),
    "exercise.hint_adamw_after": (
        "你的优化器在 Adam 的一步之后才缩小 p，这样连这一步也一起缩小了。"
        "torch.optim.AdamW 先缩小 p，再走 Adam 的一步。"
    ),
    # Exercises: Exercise 8.
    "exercise.passed_8": (
        "在 {runs} 次运行的每一步中，你的 ŝ_t 都符合 Yogi 的更新 (12)"
        "（最大相对差别 {err:.1e}）。β2 = {beta2} 时，它在 t = {t_peak} "
        "达到峰值 {peak:.4f} g²。"
    ),
    "exercise.raised_8": ("以 yogi_s_hat({g}, {beta2}, {steps}) 调用时，你的函数抛出了 {error}。"),
    "exercise.raised_8_hint": (
        "检查以浮点数 g 调用 yogi_s_hat(g, beta2, steps)，并期望得到 ŝ_1 … ŝ_steps。"
    ),
    "exercise.shape_8": (
        "对于 yogi_s_hat({g}, {beta2}, {steps})，你的函数返回了 {got}；应当返回 "
        "{steps} 个数，即 ŝ_1 … ŝ_{steps}，放在列表、数组或一维张量中。"
    ),
    "exercise.shape_8_hint": "每一步返回一个值，t = 1 … steps。",
    "exercise.not_finite_8": ("在 t = {t} 时（g = {g}，β2 = {beta2}），你的 ŝ_t 是 NaN 或无穷大。"),
    "exercise.not_finite_8_hint": (
        "如果这是 t = 1，请让 t 从 1 开始计数：t = 0 时，偏差校正要除以 1 − β2^0 = 0。"
    ),
    "exercise.differs_8": (
        "在 t = {t} 时（g = {g}，β2 = {beta2}），你的 ŝ_t 是 {got:.6g}，而 Yogi 的是 {want:.6g}。"
    ),
    "exercise.hint_8": (
        "从 s = 0 开始；在每一步 t = 1, 2, … 加上 (1 − β2) g² sgn(g² − s)，"
        "然后 ŝ_t = s_t / (1 − β2^t)。"
    ),
    "exercise.hint_8_uncorrected": "你给出的是 s_t 而不是 ŝ_t：请把每个值除以 1 − β2^t。",
    "exercise.hint_8_adam": (
        "你的 s 遵循的是 Adam 的平均 (2)，它的 ŝ_t 恰好是 g²。请使用 Yogi 的更新 (12)："
        "s_t = s_(t−1) + (1 − β2) g² sgn(g² − s_(t−1))。"
    ),
    "exercise.hint_8_not_squared": "(12) 中用 g² 的地方，你的更新用了 g：请把梯度平方。",
    "exercise.hint_8_sign": (
        "你的 s 在远离 g²。(12) 中的符号是 sgn(g² − s_(t−1))：s 低于 g² 时为正，所以 s 朝 g² 增长。"
    ),
}

# What the chapters print and draw (table headers, verdicts, axis labels, legends), by
# language: the English text itself is the key, so the English code reads as it prints.

# ===== TEXTS["zh"]: begin ===========================================================
# Self-contained (nothing above or below refers into it): what the notebooks and the
# book's helpers print and draw, in Chinese. A key is the English text exactly as the
# code passes it to ``tr``; a translation keeps its ``str.format`` fields and their
# specs. Method names (Adam, AMSGrad, Yogi, RMSProp, SGD, torch.optim.Adam, ...) have
# no entry: they read the same in both languages.
TEXTS_ZH = {
    # The book's helpers (training.py, trace_2d.py, reddi.py, landscape.py)
    "epoch": "迭代周期",
    "loss": "损失",
    "loss: {loss:.3f}, {seconds:.3f} sec/epoch": "损失 {loss:.3f}，每个迭代周期 {seconds:.3f} 秒",
    "diverged at step {step}: loss {loss:.3g}": "在第 {step} 步发散：损失 {loss:.3g}",
    "epoch {steps}, x1: {x1:f}, x2: {x2:f}": "第 {steps} 步后，x1：{x1:f}，x2：{x2:f}",
    "step t": "时间步 t",
    "C = {C:g}, β1 = {beta1:g}, β2 = {beta2:.3g}": "C = {C:g}，β1 = {beta1:g}，β2 = {beta2:.3g}",
    "average regret $R_t / t$": "平均遗憾 $R_t / t$",
    "regret against the best point x = -1": "相对于最好的点 x = -1 的遗憾",
    "learning rate η": "学习率 η",
    "β2  (log scale of 1 - β2)": "β2（按 1 - β2 的对数刻度）",
    "{name}: final loss ({n} of {m} diverged)": "{name}：最终损失（{m} 次中 {n} 次发散）",
    "final loss (log scale)": "最终损失（对数刻度）",
    "diverged": "发散",
    "book default (η = {lr:g}, β2 = {beta2:g})": "原书默认值（η = {lr:g}，β2 = {beta2:g}）",
    # The lesson (adam.py)
    "torch.optim.Adam's defaults: lr = {lr:g}, betas = {betas}, eps = {eps:g}": (
        "torch.optim.Adam 的默认值：lr = {lr:g}，betas = {betas}，eps = {eps:g}"
    ),
    "steady, g = 1": "稳定，g = 1",
    "steady, g = 1000": "稳定，g = 1000",
    "noisy, g = +1 or -1 at random": "有噪声，g 随机取 +1 或 -1",
    "sparse, g = 0 and then once 1": "稀疏，g 一直为 0，最后一次为 1",
    "{history}: a step of {size:.2f} η": "{history}：一步为 {size:.2f} η",
    "the bound (1 - β1) / √(1 - β2) = {bound:.2f}": "上界 (1 - β1) / √(1 - β2) = {bound:.2f}",
    "step $t$": "时间步 $t$",
    "average of a constant 1": "常数 1 的平均值",
    "step size in units of $\\eta$": "以 $\\eta$ 为单位的步长",
    (
        "uncorrected step: {first:.2f} at t = 1, largest {peak:.2f} at t = {at}, "
        "still {last:.2f} at t = {n}"
    ): (
        "未校正的步长：t = 1 时为 {first:.2f}，t = {at} 时最大，为 {peak:.2f}，"
        "t = {n} 时仍为 {last:.2f}"
    ),
    "the step in units of η for a steady gradient g, ε = {eps:g}:": (
        "稳定的梯度 g 下以 η 为单位的步长，ε = {eps:g}："
    ),
    "g = {g:.0e}: ε outside the root {outside:.4f}, inside {inside:.4f}": (
        "g = {g:.0e}：ε 在根号外 {outside:.4f}，在根号内 {inside:.4f}"
    ),
    (
        "{steps} steps, largest parameter difference: {largest:.2e} "
        "(float32 spacing near 1: {spacing:.2e})"
    ): "{steps} 步，参数的最大差别：{largest:.2e}（float32 在 1 附近的间距：{spacing:.2e}）",
    "largest difference of v and s from exp_avg and exp_avg_sq: {moments:.2e}": (
        "v、s 与 exp_avg、exp_avg_sq 的最大差别：{moments:.2e}"
    ),
    "Adam (ours)": "Adam（从零实现）",
    "{steps:,} steps, β2 = 1/(1 + C²) = {beta2:g}": "{steps:,} 步，β2 = 1/(1 + C²) = {beta2:g}",
    "{method} ends at x = {end:+.4f}, average regret {regret:.4f}": (
        "{method} 的终点 x = {end:+.4f}，平均遗憾 {regret:.4f}"
    ),
    "{method}: last six s_t {last}": "{method}：最后六个 s_t 为 {last}",
    (
        "    step on C {on_c:.2f}, on -1 {on_one:.2f}, net per cycle {net:+.2f} "
        "(positive: towards +1)"
    ): (
        "    梯度为 C 时一步 {on_c:.2f}，为 -1 时一步 {on_one:.2f}，"
        "每个周期净移动 {net:+.2f}（正值：朝向 +1）"
    ),
    "with β1 = 0.9, β2 = 0.999:": "β1 = 0.9，β2 = 0.999 时：",
    "{method} ends at x = {end:+.4f}": "{method} 的终点 x = {end:+.4f}",
    # The companion (adam_in_depth.py)
    "gradient descent": "梯度下降",
    "momentum": "动量法",
    "gradient descent, $\\eta = 0.4$": "梯度下降，$\\eta = 0.4$",
    "momentum, $\\eta = 0.4$, $\\beta = 0.5$": "动量法，$\\eta = 0.4$，$\\beta = 0.5$",
    "RMSProp, $\\eta = 0.4$, $\\gamma = 0.9$": "RMSProp，$\\eta = 0.4$，$\\gamma = 0.9$",
    "Adam, $\\eta = 0.4$": "Adam，$\\eta = 0.4$",
    "gradient at the start: ({g1:g}, {g2:g}); the first four moves (dx1, dx2):": (
        "起点处的梯度：({g1:g}, {g2:g})；前四步的移动 (dx1, dx2)："
    ),
    "corrected": "校正",
    "not corrected": "未校正",
    (
        "    first moves, the larger of |dx1| and |dx2|: {sizes}; x1 gets as far as {far:.2f}"
    ): "    最初几步中 |dx1| 与 |dx2| 的较大者：{sizes}；x1 最远到达 {far:.2f}",
    "position along the floor after {steps} steps:": "沿谷底的位置，依次在 {steps} 步之后：",
    "{method} on {problem}: ": "{method}，{problem}：",
    "the book's quadratic": "原书的二次函数",
    "the quadratic turned by 45°": "旋转 45° 的二次函数",
    "{method}, 40 steps": "{method}，40 步",
    "learning rate of each coordinate after 10 steps:": "10 步之后每个坐标的学习率：",
    "eps = {eps:g}: x1 {rate1:.4f}, x2 {rate2:.4f}, ratio {ratio:.2f}": (
        "ε = {eps:g}：x1 为 {rate1:.4f}，x2 为 {rate2:.4f}，比值 {ratio:.2f}"
    ),
    "eps = {eps:g}, eta = {eta:g}: largest distance from momentum's path {gap:.4f}": (
        "ε = {eps:g}，η = {eta:g}：与动量法轨迹的最大距离 {gap:.4f}"
    ),
    "Yogi (ours)": "Yogi（从零实现）",
    "diverged at step {step}": "在第 {step} 步发散",
    "loss before training: {loss:.3f}": "训练前的损失：{loss:.3f}",
    "book defaults": "原书默认值",
    "eps = 1e-3, Yogi's own default": "ε = 1e-3，Yogi 自己的默认值",
    "beta2 too small": "β2 过小",
    "the same, beta2 back to 0.999": "同上，但 β2 调回 0.999",
    "huge eps": "极大的 ε",
    "eta too large": "η 过大",
    "sqrt(s_hat) after the book's run: {low:.2f} ... {high:.2f}": (
        "按原书设置训练之后的 √ŝ：{low:.2f} … {high:.2f}"
    ),
    "eps = {eps:g}, lr = {lr:g}: ": "ε = {eps:g}，η = {lr:g}：",
    "SGD with momentum": "带动量的随机梯度下降",
    "lr = {lr:g}: ": "η = {lr:g}：",
    "lr = {lr:g}: diverged at step {step}, loss {loss:.1f} (it started at {start:.2f})": (
        "η = {lr:g}：在第 {step} 步发散，损失 {loss:.1f}（初始为 {start:.2f}）"
    ),
    "quiet steps": "平静期的步数",
    "effective learning rate / start": "有效学习率 / 初始值",
    "Adam, (11)": "Adam，式 (11)",
    "Yogi, (12)": "Yogi，式 (12)",
    (
        "after {n} quiet steps the effective learning rate has grown {adam:.1f}x "
        "under Adam and {yogi:.4f}x under Yogi"
    ): "平静的 {n} 步之后，有效学习率在 Adam 下变为 {adam:.1f} 倍，在 Yogi 下为 {yogi:.4f} 倍",
    "moments start at 0 (ours)": "矩从 0 开始（我们的实现）",
    "moments start at 1e-6 (references)": "矩从 1e-6 开始（参考实现）",
    "Yogi, {start}: final loss {loss:.4f}": "Yogi，{start}：最终损失 {loss:.4f}",
    "largest difference between the final weights: {gap:.1e}": "最终权重的最大差别：{gap:.1e}",
    "{runs} training runs of 2 epochs": "{runs} 次训练，每次 2 个迭代周期",
    "{method}: default {default:.4f}, best {best:.4f} (eta {best_lr:.2g}, "
    "beta2 {best_beta2:.5g})": (
        "{method}：默认设置 {default:.4f}，最优 {best:.4f}"
        "（η = {best_lr:.2g}，β2 = {best_beta2:.5g}）"
    ),
    "    within 5% of the best for eta {low:.2g} ... {high:.2g}": (
        "    η 在 {low:.2g} … {high:.2g} 之间时与最优相差不到 5%"
    ),
    "    at beta2 = 0.999, the final loss for": "    β2 = 0.999 时的最终损失：",
    "eta {lr:.2g} {loss}": "η = {lr:.2g}：{loss}",
    "    {count} runs diverged, the first at eta = {lr:.3g}": (
        "    {count} 次运行发散，最早的一次在 η = {lr:.3g}"
    ),
    "adam (our loop)": "adam（我们的循环）",
    (
        "{tensors} parameter tensors, {numbers} numbers; largest difference between "
        "the versions after 3 steps: {gap:.1e}"
    ): "{tensors} 个参数张量，共 {numbers} 个数；3 步之后各版本之间的最大差别：{gap:.1e}",
    "one step, in microseconds and as a multiple of foreach=True:": (
        "一步的用时（微秒），以及它是 foreach=True 的多少倍："
    ),
    "{version}: {us:.0f} us, {ratio:.2f}x": "{version}：{us:.0f} 微秒，{ratio:.2f} 倍",
    # Adam in practice (adam_in_practice.py)
    "{name}: largest difference over 300 steps {largest:.1e}, of v and s {moments:.1e}": (
        "{name}：300 步中的最大差别 {largest:.1e}，v 和 s 的最大差别 {moments:.1e}"
    ),
    "adamw against torch.optim.AdamW": "adamw 对照 torch.optim.AdamW",
    "adam_l2 against torch.optim.Adam(weight_decay=0.1)": (
        "adam_l2 对照 torch.optim.Adam(weight_decay=0.1)"
    ),
    "the two methods end apart by {apart:.3f}": "两种方法最终相差 {apart:.3f}",
    "no decay": "不衰减",
    "loss (without the penalty)": "损失（不含惩罚项）",
    "$\\|\\mathbf{w}\\|$": "长度 $\\|\\mathbf{w}\\|$",
    "resting point, (4) and (5)": "静止点，(4) 和 (5)",
    (
        "{name}: loss {loss:.3f}, ||w|| {norm:.3f} (predicted {predicted:.3f}); "
        "largest difference from the prediction {gap:.3f}"
    ): (
        "{name}：损失 {loss:.3f}，||w|| 为 {norm:.3f}（预测 {predicted:.3f}）；"
        "与预测的最大差别 {gap:.3f}"
    ),
    "no decay: loss {loss:.3f}, ||w|| {norm:.3f}": "不衰减：损失 {loss:.3f}，||w|| 为 {norm:.3f}",
    "AdamW's sqrt(s_hat) at the end, w1 ... w5 and b: {values}": (
        "AdamW 最终的 √ŝ，依次为 w1 … w5 和 b：{values}"
    ),
    (
        "Adam + L2 with {setting} against AdamW with lambda = {lam:g}: the parameters "
        "differ by at most {gap:.3f}"
    ): "{setting} 的 Adam + L2 对照 λ = {lam:g} 的 AdamW：参数最多相差 {gap:.3f}",
    "η = {lr:g}: ": "η = {lr:g}：",
    "{name} ||w|| {norm:.3f}": "{name} 的 ||w|| 为 {norm:.3f}",
    "cosine": "余弦",
    "linear": "线性",
    "{decay} decay, {name}: largest difference from lr_at {gap:.1e} of η": (
        "{decay}衰减，{name}：与 lr_at 的最大差别为 η 的 {gap:.1e}"
    ),
    "warmup, then {decay} decay": "先预热，再{decay}衰减",
    "torch.optim.lr_scheduler, every 25th step": "torch.optim.lr_scheduler，每 25 步取一点",
    "learning rate $\\eta_t$": "学习率 $\\eta_t$",
    (
        "CosineAnnealingLR(T_max = {T}) stepped on: {end:.0%} of η at step {T}, "
        "{back:.0%} at step {twice}"
    ): (
        "CosineAnnealingLR(T_max = {T}) 继续走下去：第 {T} 步时为 η 的 {end:.0%}，"
        "第 {twice} 步时为 {back:.0%}"
    ),
    "constant η": "恒定的 η",
    "cosine decay, no warmup": "余弦衰减，不预热",
    "warmup over 30 steps, cosine decay": "预热 30 步，余弦衰减",
    (
        "η = {lr:g}, {schedule}: final loss {loss:.4f}, highest loss of the first 50 steps "
        "{peak:.2f} times the start"
    ): "η = {lr:g}，{schedule}：最终损失 {loss:.4f}，前 50 步中的最高损失是起点的 {peak:.2f} 倍",
    (
        "network {seed}, warmup {warmup}: highest minibatch loss {peak:.2f} (start "
        "{start:.2f}), final loss {loss:.4f}, live units {live} of 256"
    ): (
        "网络 {seed}，预热 {warmup} 步：小批量损失最高 {peak:.2f}（起点 {start:.2f}），"
        "最终损失 {loss:.4f}，256 个单元中活的有 {live} 个"
    ),
    "network 0 before training: {live} live units": "网络 0 训练前：{live} 个活单元",
    (
        "network 0, warmup {warmup}, after steps {steps}: mean step in units of η_t {sizes}; "
        "live units {live}"
    ): (
        "网络 0，预热 {warmup} 步，依次在第 {steps} 步之后：以 η_t 为单位的平均步长 {sizes}；"
        "活单元 {live}"
    ),
    "minibatch loss": "小批量损失",
    "no warmup": "不预热",
    "warmup over 200 steps": "预热 200 步",
    (
        "{name}'s defaults: lr = {lr:g}, betas = {betas}, eps = {eps:g}, "
        "weight_decay = {weight_decay:g}"
    ): (
        "{name} 的默认值：lr = {lr:g}，betas = {betas}，eps = {eps:g}，"
        "weight_decay = {weight_decay:g}"
    ),
    (
        "{model}: beta2 = {beta2}, so 2 / (1 - beta2) = {rule:,.0f} steps; it warmed "
        "up over {used:,}"
    ): "{model}：β2 = {beta2}，所以 2 / (1 - β2) = {rule:,.0f} 步；它实际预热了 {used:,} 步",
    (
        "lr = {lr:g}, weight_decay = {wd:g} in torch's convention: a weight with no "
        "gradient halves in {steps:,.0f} steps"
    ): (
        "按 torch.optim 的约定取 lr = {lr:g}，weight_decay = {wd:g}："
        "没有梯度的权重在 {steps:,.0f} 步内减半"
    ),
    "LLaMA's smaller models: 1.0 trillion tokens in batches of 4 million, {steps:,.0f} steps": (
        "LLaMA 的较小模型：1.0 万亿个词元，每批 4M 个词元，共 {steps:,.0f} 步"
    ),
    "{tensors} parameter tensors, {numbers:,} numbers, {bytes:,} bytes": (
        "{tensors} 个参数张量，{numbers:,} 个数，{bytes:,} 个字节"
    ),
    (
        "{name}: state {bytes:,} bytes, {ratio:.4f} times the parameters; "
        "for the first layer: {kinds}"
    ): "{name}：状态 {bytes:,} 个字节，是参数的 {ratio:.4f} 倍；第一层的状态：{kinds}",
    "our (v, s) pairs: {bytes:,} bytes, and one t for all": (
        "我们的 (v, s) 对：{bytes:,} 个字节，另有所有参数共用的一个 t"
    ),
    "layer 1": "第 1 层",
    "bias 1": "第 1 层的偏置",
    "layer 2": "第 2 层",
    "bias 2": "第 2 层的偏置",
    "output layer": "输出层",
    "output bias": "输出层的偏置",
    "{name}: median sqrt(s_hat) {median:.1e}": "{name}：√ŝ 的中位数 {median:.1e}",
    # The worked solutions (adam_solutions.py)
    "g_t grows by r = {r:.4f} per step: a step of {size:.2f} eta": (
        "g_t 每步乘以 r = {r:.4f}：一步为 {size:.2f} η"
    ),
    "the limit from Cauchy-Schwarz: {limit:.2f} eta; Kingma & Ba's bound: {bound:.2f} eta": (
        "由柯西–施瓦茨不等式得到的极限：{limit:.2f} η；Kingma & Ba 的上界：{bound:.2f} η"
    ),
    "beta1 = 0.99, beta2 = 0.9, {T:4d} steps: a step of {size:.3g} eta": (
        "β1 = 0.99，β2 = 0.9，{T:4d} 步：一步为 {size:.3g} η"
    ),
    "lr = {lr:g}: largest move {move:.2f} eta, at step {step}": (
        "η = {lr:g}：最大的移动为 {move:.2f} η，在第 {step} 步"
    ),
    "adam_averaged against adam: largest parameter difference {gap:.1e}": (
        "adam_averaged 与 adam 相比：参数的最大差别 {gap:.1e}"
    ),
    "(adam against torch.optim.Adam, for scale: {gap:.1e})": (
        "（作为参照，adam 与 torch.optim.Adam 相差 {gap:.1e}）"
    ),
    "least-squares minimum of the loss: {loss:.4f}": "最小二乘法给出的损失最小值：{loss:.4f}",
    "loss above the least-squares minimum": "损失高出最小二乘最小值的部分",
    "η = 0.1, halved every 40 steps": "η = 0.1，每 40 步减半",
    "schedule": "学习率安排",
    "excess loss, last epoch": "最后一个迭代周期的超出量",
    "mean move / eta": "平均移动 / η",
    "C = {C:2d}, beta2 = {beta2:.4f}: Adam ends at x = {adam:+.3f}, Yogi at x = {yogi:+.3f}": (
        "C = {C:2d}，β2 = {beta2:.4f}：Adam 的终点 x = {adam:+.3f}，Yogi 的终点 x = {yogi:+.3f}"
    ),
    "C = 3, beta2 = 0.1: drift {drift:+.2f} per cycle (the lesson measured +0.68)": (
        "C = 3，β2 = 0.1：每个周期漂移 {drift:+.2f}（正文测得 +0.68）"
    ),
    "C = {C:2d}: Adam fails for beta2 below {beta2:.3f}; C * beta2 = {product:.2f}": (
        "C = {C:2d}：β2 低于 {beta2:.3f} 时 Adam 失败；C * β2 = {product:.2f}"
    ),
    "eps inside the root against torch.optim.Adam: {gap:.1e}": (
        "ε 在根号内的版本与 torch.optim.Adam 相比：{gap:.1e}"
    ),
    "the lesson's adam against torch.optim.Adam:   {gap:.1e} (its assert allows {allowed:.0e})": (
        "正文的 adam 与 torch.optim.Adam 相比：{gap:.1e}（正文的 assert 允许 {allowed:.0e}）"
    ),
    (
        "s_hat after 300 steps: {low:.3f} ... {high:.3f}, so sqrt(s_hat) >= {root:.2f}, "
        "while sqrt(eps) = {root_eps:g}"
    ): "300 步之后的 ŝ：{low:.3f} … {high:.3f}，所以 √ŝ ≥ {root:.2f}，而 √ε = {root_eps:g}",
    "the eps' needed spans a factor of {factor:,.0f}": "所需的 ε' 前后相差 {factor:,.0f} 倍",
    "$\\hat{s}$ on the airfoil data": "机翼数据上的 $\\hat{s}$",
    "$\\epsilon'$ that matches": "使两者一致的 $\\epsilon'$",
    "torch.optim.Adam(eps=1e-06): largest difference {gap:.1e} (above)": (
        "torch.optim.Adam(eps=1e-06)：最大差别 {gap:.1e}（见上）"
    ),
    "torch.optim.Adam(eps={eps:g}): largest difference {gap:.1e}": (
        "torch.optim.Adam(eps={eps:g})：最大差别 {gap:.1e}"
    ),
    (
        "best eps' = {best:g} still leaves {gap:.1e}; adam against "
        "torch.optim.Adam on the same data: {adam_gap:.1e}"
    ): (
        "最好的 ε' = {best:g} 仍相差 {gap:.1e}；在同样的数据上，"
        "adam 与 torch.optim.Adam 相差 {adam_gap:.1e}"
    ),
    (
        "beta2 = {beta2}: within 10% from t = {t:,} (ln(1 - 1/1.21) / ln(beta2) = "
        "{formula:,.0f}); at t = 300 the ratio is {ratio:.2f}"
    ): (
        "β2 = {beta2}：从 t = {t:,} 起相差在 10% 以内（ln(1 - 1/1.21) / ln(β2) = "
        "{formula:,.0f}）；t = 300 时比值为 {ratio:.2f}"
    ),
    (
        "beta2 = {beta2}: uncorrected step / corrected step {first:.2f} at t = 1, "
        "largest {peak:.2f} at t = {at}, {last:.2f} at t = 300"
    ): (
        "β2 = {beta2}：未校正步长 / 校正后步长在 t = 1 时为 {first:.2f}，"
        "t = {at} 时最大，为 {peak:.2f}，t = 300 时为 {last:.2f}"
    ),
    (
        "uncorrected loss: highest {high:.3f} at t = {at}, "
        "{last:.4f} at t = 300 (corrected {corrected:.4f})"
    ): (
        "未校正的损失：t = {at} 时最高，为 {high:.3f}；"
        "t = 300 时为 {last:.4f}（校正后为 {corrected:.4f}）"
    ),
    "uncorrected / corrected step": "未校正步长 / 校正后步长",
    "measured, β2 = {beta2}": "实测，β2 = {beta2}",
    "constant gradient": "恒定梯度",
    "corrected, β2 = {beta2}": "校正，β2 = {beta2}",
    "uncorrected, β2 = {beta2}": "未校正，β2 = {beta2}",
    "{steps} steps: amsgrad against torch.optim.Adam(amsgrad=True): largest difference {gap:.1e}": (
        "{steps} 步：amsgrad 与 torch.optim.Adam(amsgrad=True) 的最大差别 {gap:.1e}"
    ),
    "the maximum was active in {active} of {entries} entries over all steps": (
        "把所有步合起来，{entries} 个元素中有 {active} 个用上了最大值"
    ),
    "adam against torch.optim.Adam(amsgrad=True): {gap:.1e}": (
        "adam 与 torch.optim.Adam(amsgrad=True) 相比：{gap:.1e}"
    ),
    (
        "g = {g}, beta2 = {beta2}: s_hat peaks at {peak:.4f} g^2 at t = {at}, "
        "and is within 1% of g^2 again from t = {back}"
    ): (
        "g = {g}，β2 = {beta2}：ŝ 在 t = {at} 时达到峰值 {peak:.4f} g^2，"
        "从 t = {back} 起重新与 g^2 相差在 1% 以内"
    ),
    "so Yogi's step is {factor:.3f} times Adam's there": (
        "所以在那里 Yogi 的一步是 Adam 的 {factor:.3f} 倍"
    ),
    "Yogi's $\\hat{s}_t / g^2$": "Yogi 的 $\\hat{s}_t / g^2$",
    "Adam's $\\hat{s}_t / g^2$": "Adam 的 $\\hat{s}_t / g^2$",
    "beta2 = {beta2}: peak {peak:.4f} g^2 at t = {at}": (
        "β2 = {beta2}：t = {at} 时达到峰值 {peak:.4f} g^2"
    ),
    "limit 1 / (1 - 1/e) = {limit:.4f}": "极限 1 / (1 - 1/e) = {limit:.4f}",
    # The solutions of the exercises of chapters/adam_in_practice.py
    (
        "lr = {lr:g}, weight_decay = {decay:g}: largest difference from "
        "torch.optim.AdamW over 300 steps"
    ): "lr = {lr:g}，weight_decay = {decay:g}：300 步中与 torch.optim.AdamW 的最大差别",
    "    {name}: {gap:.1e}": "    {name}：{gap:.1e}",
    "decay added to the gradient (torch.optim.Adam(weight_decay=...))": (
        "衰减加到了梯度上（即 torch.optim.Adam(weight_decay=...)）"
    ),
    "decay without the learning rate": "衰减没有乘学习率",
    "decay after the step": "衰减放在了这一步之后",
    "adamw_groups against torch.optim.AdamW with two groups: largest difference {gap:.1e}": (
        "adamw_groups 与分成两个参数组的 torch.optim.AdamW 的最大差别 {gap:.1e}"
    ),
    "decaying b or not: the parameters differ by at most {gap:.1e}; the mean label is {mean:.1e}": (
        "衰减 b 与否：参数最多相差 {gap:.1e}；标签均值为 {mean:.1e}"
    ),
    (
        "beta2 = {beta2}: W = {W:,}, the first gradient's weight relative to the newest "
        "{first:.3f}, the correction 1 / (1 - beta2^W) = {correction:.3f}"
    ): (
        "β2 = {beta2}：W = {W:,}，第一个梯度的权重是最新梯度的 {first:.3f} 倍，"
        "校正因子 1 / (1 - β2^W) = {correction:.3f}"
    ),
    "; after the {used:,} steps of warmup used with it, {left:.1e}": (
        "；按实际采用的 {used:,} 步预热，则为 {left:.1e}"
    ),
    "for comparison, e^-2 = {value:.3f}": "作为对照，e^-2 = {value:.3f}",
    # What each figure of the chapters shows (d2l.describe_figure)
    (
        "Left: the averages v_t and s_t of a constant 1 start near zero and s_t has barely "
        "risen after 50 steps, while the corrected averages are 1 from the first step. Right: "
        "the uncorrected step v_t / √s_t is several times η throughout, the corrected step is "
        "η"
    ): (
        "左图：常数 1 的平均值 v_t 和 s_t 从接近零开始，"
        "50 步后 s_t 几乎还没有上升，而校正后的平均值从第一步起就是 1。"
        "右图：未校正的一步 v_t / √s_t 始终是 η 的好几倍，"
        "校正后的一步就是 η"
    ),
    (
        "The loss of our adam on the airfoil regression over two epochs: it falls fast in the "
        "first half epoch, then levels off"
    ): ("我们的 adam 在翼型回归上两个迭代周期的损失：前半个迭代周期下降很快，之后趋于平稳"),
    (
        "The loss of torch.optim.Adam on the same regression over two epochs: it falls and "
        "levels off like our adam's"
    ): ("torch.optim.Adam 在同一回归问题上两个迭代周期的损失：与我们的 adam 一样先下降后趋于平稳"),
    (
        "The loss of our yogi on the airfoil regression over two epochs: it falls and levels "
        "off like Adam's"
    ): ("我们的 yogi 在翼型回归上两个迭代周期的损失：与 Adam 一样先下降后趋于平稳"),
    (
        "Reddi et al.'s problem, step t on a log scale. Left: x_t of Adam, AMSGrad and Yogi; "
        "Adam goes to +1, AMSGrad and Yogi to -1. Right: their average regret; Adam's levels "
        "off above zero, the other two keep falling"
    ): (
        "Reddi 等人的问题，时间步 t 为对数刻度。左图：Adam、"
        "AMSGrad 和 Yogi 的 x_t；Adam 走向 +1，"
        "AMSGrad 和 Yogi 走向 -1。右图：它们的平均遗憾；"
        "Adam 的平均遗憾停在零以上，另外两种方法的持续下降"
    ),
    (
        "Four panels of paths over the contours of the 2-D problem, 20 steps each from the "
        "same start: gradient descent is still on its way along x1, momentum and RMSProp end "
        "near the minimum, Adam overshoots along x1"
    ): (
        "二维问题等高线上的四幅轨迹图，每种方法从同一起点走 20 步："
        "梯度下降沿 x1 方向还在途中，动量法和 RMSProp 停在最小值附近，"
        "Adam 沿 x1 方向冲过了头"
    ),
    (
        "The valley turned by 45°: 40 steps of momentum (left) and of Adam (right) over its "
        "contours; momentum's path is the turned copy of its path on the book's problem, "
        "Adam's crosses the valley before it goes along it"
    ): (
        "旋转 45° 的山谷："
        "动量法（左）和 Adam（右）在其等高线上的 40 步；"
        "动量法的轨迹是它在书中问题上轨迹的旋转，Adam 先横穿山谷，再沿着山谷前进"
    ),
    (
        "The effective learning rate, relative to its start, over 5,000 quiet steps: under "
        "Adam's (11) it climbs more than tenfold, under Yogi's (12) it stays flat"
    ): (
        "5,000 个平静步中有效学习率相对于起始值的变化："
        "按 Adam 的 (11) 增长到十倍以上，"
        "按 Yogi 的 (12) 几乎不变"
    ),
    (
        "Two heatmaps, Adam and Yogi, of the final loss over the learning rate η (across, log "
        "scale) and β2 (up): the lowest losses form a band about a decade wide around the "
        "default η = 0.01, marked by a star, almost whatever β2; hatched grey cells at large "
        "η diverged"
    ): (
        "Adam 和 Yogi 的两幅热图，显示最终损失随学习率 η（横轴，"
        "对数刻度）和 β2（纵轴）的变化："
        "最低的损失在星号标出的默认值 η = 0.01 周围形成约一个数量级宽的带，"
        "几乎与 β2 无关；η 很大处带斜线的灰色格子表示发散"
    ),
    (
        "Left: the loss without the penalty of Adam + L2, AdamW and no decay over four "
        "epochs, each with its predicted resting point dashed. Right: the length of w for the "
        "same runs. Adam + L2 shrinks w most and ends with the highest loss, AdamW lies "
        "between it and no decay"
    ): (
        "左图：Adam + L2、"
        "AdamW 和不衰减在四个迭代周期中不含惩罚项的损失，"
        "虚线是各自预测的静止点。右图：同样三次运行中 w 的长度。"
        "Adam + L2 把 w 缩得最短、损失最高，"
        "AdamW 介于它和不衰减之间"
    ),
    (
        "The learning rate over 600 steps: it rises linearly for 200 steps of warmup, then "
        "decays along a cosine or a straight line; the dots of torch.optim.lr_scheduler lie "
        "on our curves"
    ): (
        "600 步中的学习率：先在 200 步预热中线性上升，再按余弦或直线衰减；"
        "torch.optim.lr_scheduler 的点落在我们的曲线上"
    ),
    (
        "The minibatch loss of a small MLP over 600 steps, on a log scale: without warmup it "
        "jumps far above its start in the first steps and stays higher; with warmup over 200 "
        "steps it never rises far"
    ): (
        "一个小型多层感知机 600 步中的小批量损失（对数刻度）：不预热时，"
        "损失在最初几步跳到远高于起点，之后也一直更高；预热 200 步时，"
        "损失从不大幅上升"
    ),
    (
        "The loss above the least-squares minimum over three epochs, on a log scale, for Adam "
        "with η = 0.1, 0.03 and 0.01 and with η = 0.1 halved every 40 steps: a smaller η ends "
        "lower, the halving schedule ends lowest"
    ): (
        "三个迭代周期中高出最小二乘最小值的损失（对数刻度），"
        "Adam 分别取 η = 0.1、0.03、0.01，"
        "以及 η = 0.1 且每 40 步减半：η 越小结束时越低，"
        "减半的调度结束时最低"
    ),
    (
        "The ε' that matches, √(s + ε) - √s with ε = 10⁻⁶, against s on log axes: about √ε "
        "for tiny s, then falling like ε / (2√s); a grey band marks the ŝ of the airfoil data"
    ): (
        "与之匹配的 ε'，即 ε = 10⁻⁶ 时的 √(s + ε) - √s，"
        "在双对数坐标中随 s 的变化：s 很小时约为 √ε，"
        "之后像 ε / (2√s) 一样下降；灰色带标出翼型数据上的 ŝ"
    ),
    (
        "Left: the uncorrected step over the corrected one for β2 = 0.999 and 0.9999, "
        "measured and, dashed, for a constant gradient, step t on a log scale: several times "
        "too large at first, still above 1 at step 300. Right: the loss of the corrected and "
        "the uncorrected runs; the uncorrected first rises above its start"
    ): (
        "左图："
        "β2 = 0.999 和 0.9999 时未校正的一步与校正后的一步之比，"
        "实线为实测，虚线为常数梯度下的值，时间步 t 为对数刻度：起初大好几倍，"
        "第 300 步仍大于 1。右图：校正与未校正两次运行的损失；"
        "未校正的损失先升到起点以上"
    ),
    (
        "Yogi's ŝ_t / g² for a constant gradient with β2 = 0.999 over 6,000 steps: it rises "
        "above 1 to a peak at step 1,000, marked by a dotted line, and comes back to 1 "
        "slowly; Adam's is 1 throughout, dashed"
    ): (
        "常数梯度、"
        "β2 = 0.999 时 Yogi 的 ŝ_t / g² 在 6,000 步中的变化："
        "它升到 1 以上，在点线标出的第 1,000 步达到峰值，然后慢慢回到 1；"
        "Adam 的始终为 1（虚线）"
    ),
}
# ===== TEXTS["zh"]: end =============================================================
