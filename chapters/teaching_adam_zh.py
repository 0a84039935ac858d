# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 讲授 Adam：一堂课的教师指南
#
# 这份指南是写给教师的。它把[Adam 这一节](adam_zh.ipynb)安排成一堂 50 分钟的课：按什么顺序展示什么，每一步用哪幅图、哪个设置，要问学生的问题及其答案，学生常带来的误解以及能消除这些误解的图，怎样借助导出的网页、JupyterLab 或学生版来上课，还有课后作业。这里引用的每一个数字，都是正文、它的[配套笔记本](adam_in_depth_zh.ipynb)或[练习详解](adam_solutions_zh.ipynb)运行时打印出来的。
#
# * [课堂安排](#plan)：九个步骤，附时间。
# * [常见的误解](#misconceptions)，以及每个误解用哪幅图来消除。
# * [怎样上课](#running)：用网页、用 JupyterLab、用学生版、用纸质讲义。
# * [课后作业](#homework)与[课后延伸](#after-class)。
# * [投影模式](#projector)：网页一次只显示一节或一幅图。
#
# 指向某幅图某个设置的链接，例如[探索器中 η = 1 的设置](adam_zh.ipynb#explore?beta1=0.9&beta2=0.999&lr=1&eps=1e-6)，在导出的网页（`make html`）上会设好这幅图并滚动到它；在 JupyterLab 中它们只打开笔记本，设置要用图中的按钮或滑块来给出（见[怎样上课](#running)）。

# %% [markdown]
# ## <a id="plan" name="plan"></a>课堂安排
#
# | 分钟 | 步骤 | 展示什么 |
# |:--|:--|:--|
# | 0–4 | 1. Adam 的由来 | [正文的开头](adam_zh.ipynb#origins) |
# | 4–9 | 2. 更新公式和它的各种名称 | [算法框和名称对照表](adam_zh.ipynb#algorithm) |
# | 9–15 | 3. 一步走多远 | [四段梯度历史](adam_zh.ipynb#step-size) |
# | 15–22 | 4. 偏差校正 | [两个平均值的图](adam_zh.ipynb#bias-correction) |
# | 22–27 | 5. ε 放在哪里 | [表格，然后是极大的 ε](adam_zh.ipynb#where-eps) |
# | 27–33 | 6. 从零实现，逐步核对 | [训练与核对](adam_zh.ipynb#verify) |
# | 33–40 | 7. 探索器 | [三个设置](adam_zh.ipynb#explorer) |
# | 40–47 | 8. Adam 何时失败，以及两种解决办法 | [Reddi 等人的问题](adam_zh.ipynb#adam-fails) |
# | 47–50 | 9. 小结与作业 | [小结](adam_zh.ipynb#summary) |
#
# 下面每一步都写明展示什么、问什么（附答案）以及要留意哪个误解。先提问，再运行单元格或按下按钮：落空的预测比只是读到的结果教给学生的更多。

# %% [markdown]
# ### 1. Adam 的由来（0–4 分钟）
#
# **展示**[正文的开头](adam_zh.ipynb#origins)：前面每种优化算法各自贡献的想法。运行第一个单元格。
#
# **提问**：前面每种方法各添了什么想法，Adam 保留了其中哪些？
#
# **答案**：小批量随机梯度下降通过平均去掉一部分噪声；动量法维护梯度的 EWMA，即公式 (1)；AdaGrad 和 RMSProp 让每个坐标有自己的步长，RMSProp 用的是梯度平方的 EWMA，即公式 (2)。Adam 把动量逐个坐标地除以 RMSProp 的尺度，再加上它自己的一项校正，即公式 (5)。

# %% [markdown]
# ### 2. 更新公式和它的各种名称（4–9 分钟）
#
# **展示**[算法框和名称对照表](adam_zh.ipynb#algorithm)，然后运行表格下面那个打印 `torch.optim.Adam` 默认值的单元格。
#
# **提问**：PyTorch 的默认值中，哪些与本章的取值不同？
#
# **答案**：单元格打印出 `lr = 0.001，betas = (0.9, 0.999)，eps = 1e-08`。衰减率一致；本章用 $\eta = 0.01$ 和 $\epsilon = 10^{-6}$，所以把两者都显式传入。
#
# **留意**两个 $v$：论文的 $v_t$ 是本书的 $\mathbf{s}_t$，也就是 PyTorch 的 `exp_avg_sq`。对照论文读正文的学生常把它们弄混。

# %% [markdown]
# ### 3. 一步走多远（9–15 分钟）
#
# **展示**[四段梯度历史](adam_zh.ipynb#step-size)。先念出四段历史的名字，让全班在运行单元格之前预测每一步的大小。
#
# **提问**：梯度稳定地等于 $1$，和稳定地等于 $1000$：Adam 的一步各走多远？
#
# **答案**：一样远，都是 `1.00 η`：比值 $\hat v_t / \sqrt{\hat s_t}$ 与梯度的尺度无关。有噪声的历史给出 `0.03 η`，稀疏的历史给出 `3.16 η`，正是 Kingma 和 Ba 的上界 $(1 - \beta_1)/\sqrt{1 - \beta_2}$。
#
# **留意**[误解 3](#misconception-step)。时间允许的话，配套笔记本在二维问题上展示了同一件事（[二维问题上的 Adam](adam_in_depth_zh.ipynb#two-d)）：起点处的梯度是 `(-1, -8)`，Adam 的第一步移动是 `(+0.40, +0.40)`，而梯度下降的是 `(+0.40, +3.20)`。

# %% [markdown]
# ### 4. 偏差校正（15–22 分钟）
#
# **展示**讲完几何级数 (4) 之后那幅[常数 1 的两个平均值的图](adam_zh.ipynb#bias-correction)。
#
# **提问**：$\beta_2 = 0.999$ 时，五十步之后 $s_t$ 离 $1$ 还有多远？这对未校正的一步有什么影响？
#
# **答案**：它几乎还没离开零（左图）；在分母的根号下，它让一步变得过大：单元格打印出 `t = 1 时为 3.16，t = 12 时最大，为 6.57，t = 50 时仍为 4.50`，单位是 $\eta$。校正后的两个平均值从第一步起就等于 $1$，校正后的一步也是如此。
#
# **留意**[误解 1](#misconception-bias)。配套笔记本的轨迹探索器有一个按钮*关闭偏差校正*，在二维问题上展示同一件事（[轨迹探索器](adam_in_depth_zh.ipynb#paths)）。

# %% [markdown]
# ### 5. ε 放在哪里（22–27 分钟）
#
# **展示**[ε 在根号内外时步长的表格](adam_zh.ipynb#where-eps)。
#
# **提问**：梯度稳定地等于 $g = 10^{-3}$、$\epsilon = 10^{-6}$ 时，像 RMSProp 那一节那样把 $\epsilon$ 放在根号内，和像 Adam 这样放在根号外，一步各有多大？
#
# **答案**：根号内 `0.7071`，根号外 `0.9990`，单位是 $\eta$：放在根号内时，小于 $\sqrt{\epsilon} = 10^{-3}$ 的梯度就已经只能走随机梯度下降那样的小步了。
#
# 接着用[极大的 ε](adam_zh.ipynb#explore?beta1=0.9&beta2=0.999&lr=0.01&eps=1) 打开探索器，问学生曲线会怎样。它比原书设置的灰色曲线下降得慢：配套笔记本打印的最终损失是 `0.257`，原书设置是 `0.243`。$\epsilon = 1$ 时每个坐标的分母都差不多：剩下的就是带动量的随机梯度下降。
#
# **留意**[误解 2](#misconception-eps)。

# %% [markdown]
# ### 6. 从零实现，逐步核对（27–33 分钟）
#
# **展示**[从零开始的实现](adam_zh.ipynb#from-scratch)和它的训练（最终损失 `0.243`），然后是[信任，但要验证](adam_zh.ipynb#verify)。
#
# **提问**：损失下降了。我们的 `adam` 就对了吗？
#
# **答案**：损失下降只是很弱的证据：$\epsilon$ 放错了位置，或者步数计数器从不前进，这个简单的问题照样能训练。与 `torch.optim.Adam` 并排运行才是有力的证据：300 步中参数的最大差别大约是 float32 在 1 附近的间距 `1.19e-07`（只差最后一位，具体数值与 CPU 有关），两个矩也一致。
#
# 在 JupyterLab 中可以故意弄坏 `adam`（删掉 `hyperparams['t'] += 1`），再运行它的单元格和核对单元格，让全班看着 `assert` 失败。[简洁实现](adam_zh.ipynb#concise)的最终损失是 `0.242`：训练四个迭代周期，用的是 PyTorch 的 $\epsilon$，所以不是我们的那条曲线。

# %% [markdown]
# ### 7. 探索器（33–40 分钟）
#
# **展示**[探索器](adam_zh.ipynb#explorer)和三个设置，每个设置之前都先让学生预测。
#
# * [η 过大](adam_zh.ipynb#explore?beta1=0.9&beta2=0.999&lr=1&eps=1e-6)，$\eta = 1$。**提问**：损失会爆炸吗？**答案**：不会。它最后比开始时还高（配套笔记本打印 `0.842`，训练前的损失是 `0.490`），但训练没有被中止：每一步让一个坐标移动约 $\eta$，越过最小值之后步子又指回来，于是权重在最小值附近来回摆动。
# * [β2 过小](adam_zh.ipynb#explore?beta1=0.99&beta2=0.9&lr=0.1&eps=1e-6)，$\beta_1 = 0.99$，$\beta_2 = 0.9$，$\eta = 0.1$。**提问**：现在分母比分子忘得更快（$\beta_1^2 > \beta_2$），会发生什么？**答案**：最终损失是 `0.364`，而[把 β2 调回 0.999](adam_zh.ipynb#explore?beta1=0.99&beta2=0.999&lr=0.1&eps=1e-6) 时是 `0.273`。配套笔记本的探索器把 Yogi 放在旁边（[那里的同一设置](adam_in_depth_zh.ipynb#explore?beta1=0.99&beta2=0.9&lr=0.1&eps=1e-6)）：`0.279`，因为 Yogi 的尺度只会慢慢降下来。
# * 再回到原书的设置：按钮*重置：原书默认值*。
#
# **留意**[误解 4 和 5](#misconception-beta2)。

# %% [markdown]
# ### 8. Adam 何时失败，以及两种解决办法（40–47 分钟）
#
# **展示**[Reddi、Kale 和 Kumar 的问题](adam_zh.ipynb#adam-fails)，然后是它的图，用[论文的设置](adam_zh.ipynb#reddi?C=3&beta1=0&beta2=0.1)。
#
# **提问**：一个周期内的损失加起来是 $(C - 2)\,x$。哪个点最好？Adam 最后会停在哪里？
#
# **答案**：$x = -1$ 最好，而 Adam 停在最差的点上：正文打印出 `Adam 的终点 x = +0.9998，平均遗憾 0.6647`，平均遗憾正趋向 $2(C - 2)/3 = 2/3$。设置相同的 AMSGrad 停在 `-0.9998`，Yogi 停在 `-0.9994`。
#
# **提问**：为什么？**答案**（[三种方法](adam_zh.ipynb#three-methods)下面的打印）：Adam 的尺度在 `8.2, 1.7, 1.1` 之间循环。大梯度的一步除以约 $\sqrt{8.2}$，是 `1.05`；每个小梯度的一步是 `0.86`，于是 $x$ 每个周期朝 $+1$ 漂移 `+0.68`。AMSGrad 除以迄今为止最大的尺度 `8.2`；Yogi 的尺度每一步最多改变 $(1 - \beta_2)\,g_t^2$，所以一直很大。
#
# 然后换成[原书的设置](adam_zh.ipynb#reddi?C=3&beta1=0.9&beta2=0.999)：三种方法都停在 `-1.0000`。最后留一个带回家的问题：把 $\beta_2$ 从论文的取值往上调。在 [β2 = 0.4](adam_zh.ipynb#reddi?C=3&beta1=0&beta2=0.4) 时 Adam 仍停在 `+1.000`；在 [β2 = 0.6](adam_zh.ipynb#reddi?C=3&beta1=0&beta2=0.6) 时停在 `-1.000`。分界在中间什么地方，为什么？这就是练习 4。

# %% [markdown]
# ### 9. 小结与作业（47–50 分钟）
#
# **展示**[小结](adam_zh.ipynb#summary)，然后布置[作业](#homework)。请每个学生用一句话说出 $\eta$ 对 Adam 意味着什么：梯度稳定时一个坐标每一步大约移动多远，而不是梯度的倍数。

# %% [markdown]
# ## <a id="misconceptions" name="misconceptions"></a>常见的误解
#
# 1. <a id="misconception-bias" name="misconception-bias"></a>“**偏差校正只是个小细节。**”正文的图说明并非如此：不校正时，第一步是 $\eta$ 的 `3.16` 倍，第 12 步是 `6.57` 倍。在二维问题上（[关闭偏差校正](adam_in_depth_zh.ipynb#bias-off)），最初几步的移动是 `1.26, 1.67, 1.82`，而不是 `0.40`，轨迹一直飞到 $x_1$ `3.21`。练习 6 量出了它要起作用多久：$\beta_2 = 0.999$ 时，对常数梯度要过 `1,751` 步，未校正的一步才与校正后的一步相差在 10% 以内；到第 300 步，也就是我们训练结束时，它仍是后者的 `1.96` 倍（[详解 6](adam_solutions_zh.ipynb#solution-6)）。
# 2. <a id="misconception-eps" name="misconception-eps"></a>“**ε 只是用来防止除以零。**”只要它相对于 $\sqrt{\hat s_t}$ 不算小，它就会改变算法。正文的表格显示它的位置很要紧（$g = 10^{-4}$ 时，$\epsilon$ 在根号内一步是 `0.0995`，在根号外是 `0.9901`）；用[极大的 ε](adam_zh.ipynb#explore?beta1=0.9&beta2=0.999&lr=0.01&eps=1) 时探索器训练得更慢。配套笔记本[量出了极限情形](adam_in_depth_zh.ipynb#huge-eps-airfoil)：$\epsilon = 100$、$\eta = 1$ 时，Adam 的最终损失是 `0.2480`，带动量的随机梯度下降是 `0.2479`；在二维问题上（[极大的 ε](adam_in_depth_zh.ipynb#huge-eps)），两条轨迹彼此相距不超过 `0.0081`。
# 3. <a id="misconception-step" name="misconception-step"></a>“**Adam 的一步是 η 乘以梯度。**”那是随机梯度下降。正文的梯度历史中，稳定的梯度等于 1000 时一步是 `1.00 η`，等于 1 时也一样；在二维问题上，梯度为 `(-1, -8)` 时 Adam 的第一步是 `(+0.40, +0.40)`（[二维问题上的 Adam](adam_in_depth_zh.ipynb#two-d)）。在机翼数据上，$\eta = 0.01$ 时没有哪个坐标一步移动超过 `1.00 η`；在通常的衰减率下，对一个不断增大的梯度，真正的上限是 `7.27 η`（[详解 1](adam_solutions_zh.ipynb#solution-1)）。
# 4. <a id="misconception-beta2" name="misconception-beta2"></a>“**β2 越大越保险。**”在 Reddi 等人的问题上，Adam 正是靠调大它才得救的，这个看法就是从这里来的。但 $\beta_2$ 决定的是尺度记得多久，记得越久并不总是越好：在机翼数据上，[全景图](adam_in_depth_zh.ipynb#landscape)中最好的格子是 $\beta_2 = 0.9$（$\eta$ 为 `0.0063` 时为 `0.2421`），而在学习率合适的那一带里，$\beta_2$ 几乎无关紧要。记得越久，偏差校正要起作用的时间也越长：$\beta_2 = 0.9999$ 时，未校正的一步在第一步就大了 `10.00` 倍，常数梯度要过 `17,512` 步（而不是 `1,751` 步），它才与校正后的一步相差在 10% 以内（[详解 6](adam_solutions_zh.ipynb#solution-6)）。
# 5. <a id="misconception-diverge" name="misconception-diverge"></a>“**Adam 不会发散。**”用 [η = 1](adam_zh.ipynb#explore?beta1=0.9&beta2=0.999&lr=1&eps=1e-6) 时它只是来回摆动，而随机梯度下降在第 20 步就发散了（[探索器，附上数字](adam_in_depth_zh.ipynb#explorer)），这让它看起来很安全。步子再大就会爆炸：全景图中有 `165` 次运行发散，最早的一次在 $\eta$ 为 `6.31` 时；更新中的一个符号错误，即使在 $\eta = 0.01$ 时也会在第 280 步发散。Reddi 等人的问题则是一种没有任何爆炸的失败：Adam 收敛了，却收敛到最差的点。

# %% [markdown]
# ## <a id="running" name="running"></a>怎样上课
#
# ### 用导出的网页
#
# `make html` 把每个笔记本写成一个可以从本地文件离线打开的网页：`build/adam_zh.html`、`build/adam_in_depth_zh.html`、练习详解，以及这份指南 `build/teaching_adam_zh.html`，其中的链接会在正文的网页上打开它们所指的图和设置。交互式图在浏览器中计算：移动滑块或按下按钮会立即重画，不需要内核。网页训练的是我们的 `adam`（在配套笔记本的网页上还有 Yogi）；`torch.optim.Adam` 的虚线曲线需要 JupyterLab。地址栏会跟着滑块变化，所以地址栏就是当前设置的链接：把它贴进你的备课笔记，以后就能再找到这个设置。上课前在教室的电脑上把[课堂安排](#plan)中的链接都打开一遍。向全班展示网页时，请用它的[投影模式](#projector)。
#
# ### 用 JupyterLab
#
# `make lab` 打开英文版正文（首次运行会把一切安装到 `.venv/` 中，需要访问 PyPI）；`make lab CHAPTER=chapters/adam_zh` 打开中文版正文，`make lab CHAPTER=chapters/teaching_adam_zh` 打开这份指南。上课前用 *Kernel → Restart Kernel and Run All Cells*（内核 → 重启内核并运行所有单元格）把每个笔记本运行一遍：新的内核，从头到尾，和学生将看到的一样。
#
# * 这份指南中的链接会打开笔记本，但链接中的设置只有导出的网页才读取。在 JupyterLab 中请用图中的按钮（*η 过大*、*β2 过小*、*极大的 ε*、*重置：原书默认值*；Reddi 等人的问题有*论文*和*原书*两个按钮），或者在新的单元格中输入设置，例如 `explorer.set(lr=1.0)`。
# * 内核很慢时，探索器仍会在内核空闲下来后显示最新的设置。把不需要的曲线隐藏起来（隐藏的曲线不会训练），松开滑块而不是一直拖动，或者换用不需要内核的导出网页。某个单元格卡住时，用 *Kernel → Interrupt Kernel*（中断内核），再重启并运行所有单元格。
#
# ### 用学生版
#
# `make student` 写出 `build/adam-student.zip`（以及文件夹 `build/adam-student/`）：中英文的正文和配套笔记本、辅助函数和一个 Makefile，但不含练习详解，也不含这份指南；原来链接到详解的地方，现在写着详解在老师那里。学生解压后在文件夹中运行 `make lab`（首次运行需要 Python、GNU make 和 PyPI；文件夹中的 README 有说明），然后在自己的内核中跟着上课，并用 `d2l.check_exercise(n, answer)` 检查自己的练习。
#
# ### 用纸质讲义
#
# `make pdf` 把每个网页写成 A4 讲义，例如 `build/adam_zh.pdf`：每幅交互式图都按它当时的样子打印，下面写着它的设置和重新打开这个设置的链接。要打印另一个设置下的图，就在那个设置下打开网页，再从浏览器打印：规则是同一套。

# %% [markdown]
# ## <a id="homework" name="homework"></a>课后作业
#
# * **练习 6**，[偏差校正要起作用多久](adam_zh.ipynb#exercise-6)，用自动检查 `d2l.check_exercise(6, adam_uncorrected)`。答案：$\beta_2 = 0.999$ 时要 `1,751` 步，$0.9999$ 时要 `17,512` 步；到第 300 步，未校正的一步分别是校正后的 `1.96` 倍和 `5.82` 倍（[详解 6](adam_solutions_zh.ipynb#solution-6)）。
# * **练习 4**，[Adam 从哪里开始失败](adam_zh.ipynb#exercise-4)，用 Reddi 等人问题的滑块（没有自动检查）。答案：$C = 3$ 时，$\beta_2$ 低于 `0.472` 时 Adam 失败；$C = 10$ 时，低于 `0.098` 时失败（[详解 4](adam_solutions_zh.ipynb#solution-4)）。
# * **练习 7**，[AMSGrad](adam_zh.ipynb#exercise-7)，用自动检查 `d2l.check_exercise(7, amsgrad)`。详解中的实现与 `torch.optim.Adam(amsgrad=True)` 相差不超过 `6.0e-08`（[详解 7](adam_solutions_zh.ipynb#solution-7)）。
# * 想多做一点的学生可以做**练习 1**：超过上界的一步，最大可到 `7.27 η`（[详解 1](adam_solutions_zh.ipynb#solution-1)）。

# %% [markdown]
# ## <a id="after-class" name="after-class"></a>课后延伸
#
# 学生留着学生版：其中每个笔记本都可以继续读下去，文件夹里的 README 列出了全部笔记本。配套笔记本中，可以指点他们去读[二维问题上的 Adam](adam_in_depth_zh.ipynb#two-d)，看各种方法的轨迹；[探索器，附上数字](adam_in_depth_zh.ipynb#explorer)，看课上那些按钮背后的数字；[η 与 β2 的全景](adam_in_depth_zh.ipynb#landscape)，看 Adam 在这个问题上有多宽容；[一步的开销](adam_in_depth_zh.ipynb#speed)，了解 `foreach` 和 `fused`。作业收齐之后，再把[练习详解](adam_solutions_zh.ipynb)发下去。

# %% [markdown]
# ## <a id="projector" name="projector"></a>投影模式
#
# 每个导出的网页都有投影模式。点目录顶部的*投影模式*按钮、按 P 键，或者打开指向 `adam_zh.html#present` 的链接（`adam_zh.html#present/5` 从第 5 张幻灯片开始），都能进入。它一次只显示一节或一幅图，字号大到后排也看得清，每幅图在屏幕允许的范围内尽量放大；图仍然是活的，上课时拖动滑块或点预设按钮，屏幕上的图会立刻重画。→ 或 PageDown（翻页笔的“下一张”）前进，← 或 PageUp 后退；一节比屏幕高时，PageDown 和空格先向下滚动这一节；Home 和 End 跳到第一张和最后一张。按 Esc 退出，网页回到进入前的位置，或者停在最后显示的那一张幻灯片处。屏幕底部的工具条显示幻灯片的编号和标题，并有完成同样操作的按钮。
#
# 图保留自己的按键：焦点在滑块上时，← 和 → 移动滑块，而翻页笔仍然切换幻灯片。上课前在教室的电脑上打开正文的网页，按一次 P，看看幻灯片在教室屏幕上的样子。
