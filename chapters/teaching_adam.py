# ---
# jupyter:
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Teaching Adam: a guide for one class
#
# This guide is for the teacher. It turns the [lesson on Adam](adam.ipynb) into a
# class of 50 minutes: what to show and in which order, the figure and the setting
# for each step, the questions to ask with their answers, the misconceptions students
# bring and the figures that dispel them, how to run the class from the exported
# page, from JupyterLab or with the student edition, and the homework. Every number
# quoted here is one that the lesson, its [companion](adam_in_depth.ipynb) or the
# [worked solutions](adam_solutions.ipynb) print when they run.
#
# * [The plan](#plan): nine steps, with minutes.
# * [The usual misconceptions](#misconceptions), and how the figures dispel each.
# * [Running the class](#running): from the page, from JupyterLab, with the student
#   edition, on paper.
# * [Homework](#homework) and [after class](#after-class).
# * [Projector mode](#projector): the page one section or one figure at a time.
#
# The links to a figure with a setting, such as
# [η = 1 in the explorer](adam.ipynb#explore?beta1=0.9&beta2=0.999&lr=1&eps=1e-6),
# set the figure and scroll to it on the exported page (`make html`); in JupyterLab
# they open the notebook, and the figure's buttons or sliders give the setting (see
# [Running the class](#running)).

# %% [markdown]
# ## <a id="plan" name="plan"></a>The plan
#
# | minutes | step | what to show |
# |:--|:--|:--|
# | 0–4 | 1. Where Adam comes from | [the lesson's opening](adam.ipynb#origins) |
# | 4–9 | 2. The update and its names | [the algorithm box and the table](adam.ipynb#algorithm) |
# | 9–15 | 3. How far one step goes | [four histories of gradients](adam.ipynb#step-size) |
# | 15–22 | 4. Bias correction | [the figure of the averages](adam.ipynb#bias-correction) |
# | 22–27 | 5. Where ε goes | [the table, then a huge ε](adam.ipynb#where-eps) |
# | 27–33 | 6. From scratch, checked step by step | [training and the check](adam.ipynb#verify) |
# | 33–40 | 7. The explorer | [three settings](adam.ipynb#explorer) |
# | 40–47 | 8. When Adam fails, and two answers | [Reddi's problem](adam.ipynb#adam-fails) |
# | 47–50 | 9. Summary and homework | [the summary](adam.ipynb#summary) |
#
# Each step below says what to show, what to ask (with the answer) and which
# misconception to watch for. Ask before you run a cell or press a button: a
# prediction that fails teaches more than a result that was only read.

# %% [markdown]
# ### 1. Where Adam comes from (0–4 min)
#
# **Show** [the lesson's opening](adam.ipynb#origins): the list of ideas each earlier
# optimizer added. Run the first cell.
#
# **Ask:** which idea does each earlier method add, and which of them does Adam keep?
#
# **Answer:** minibatch SGD averages away some noise; momentum keeps an EWMA of the
# gradients, equation (1); AdaGrad and RMSProp give every coordinate its own step,
# RMSProp with an EWMA of the squared gradients, equation (2). Adam divides
# momentum by RMSProp's scale, coordinate by coordinate, and adds a correction of its
# own, equation (5).

# %% [markdown]
# ### 2. The update and its names (4–9 min)
#
# **Show** [the algorithm box and the table of names](adam.ipynb#algorithm), then run
# the cell under the table, which prints the defaults of `torch.optim.Adam`.
#
# **Ask:** which of PyTorch's defaults differ from this chapter's values?
#
# **Answer:** the cell prints `lr = 0.001, betas = (0.9, 0.999), eps = 1e-08`. The
# decay rates agree; the chapter uses $\eta = 0.01$ and $\epsilon = 10^{-6}$, so it
# passes both explicitly.
#
# **Watch for** the two $v$: the paper's $v_t$ is this book's $\mathbf{s}_t$, PyTorch's
# `exp_avg_sq`. Students who read the paper next to the lesson mix them up.

# %% [markdown]
# ### 3. How far one step goes (9–15 min)
#
# **Show** [the four histories of gradients](adam.ipynb#step-size). Read out the four
# names and let the class predict each step before you run the cell.
#
# **Ask:** a steady gradient of $1$ and a steady gradient of $1000$: how far does one
# step of Adam go in each case?
#
# **Answer:** the same, `1.00 η` for both: the ratio $\hat v_t / \sqrt{\hat s_t}$
# ignores the scale of the gradients. The noisy history gives `0.03 η`, the sparse
# one `3.16 η`, Kingma & Ba's bound $(1 - \beta_1)/\sqrt{1 - \beta_2}$.
#
# **Watch for** [misconception 3](#misconception-step). If there is time, the
# companion shows it in two dimensions ([Adam in two dimensions](adam_in_depth.ipynb#two-d)):
# from a gradient of `(-1, -8)`, Adam's first move is `(+0.40, +0.40)` where gradient
# descent's is `(+0.40, +3.20)`.

# %% [markdown]
# ### 4. Bias correction (15–22 min)
#
# **Show** [the figure of the averages of a constant 1](adam.ipynb#bias-correction),
# after the geometric series (4).
#
# **Ask:** with $\beta_2 = 0.999$, how far has $s_t$ got towards $1$ after fifty
# steps, and what does that do to the uncorrected step?
#
# **Answer:** it has barely left zero (the left panel), and under the root in the
# denominator it makes the step too large: the cell prints `3.16 at t = 1, largest
# 6.57 at t = 12, still 4.50 at t = 50`, in units of $\eta$. The corrected averages
# are $1$ from the first step, and so is the corrected step.
#
# **Watch for** [misconception 1](#misconception-bias). The companion's path explorer
# has a button, *bias correction off*, that shows the same in two dimensions
# ([the path explorer](adam_in_depth.ipynb#paths)).

# %% [markdown]
# ### 5. Where ε goes (22–27 min)
#
# **Show** [the table of steps with ε inside and outside the root](adam.ipynb#where-eps).
#
# **Ask:** for a steady gradient $g = 10^{-3}$ and $\epsilon = 10^{-6}$, how large is
# the step with $\epsilon$ inside the root, as RMSProp's section has it, and outside,
# as Adam has it?
#
# **Answer:** `0.7071` inside and `0.9990` outside, in units of $\eta$: inside, every
# gradient below $\sqrt{\epsilon} = 10^{-3}$ already gets the small steps of SGD.
#
# Then open the explorer with a
# [huge ε](adam.ipynb#explore?beta1=0.9&beta2=0.999&lr=0.01&eps=1) and ask what the
# curve will do. It falls more slowly than the grey curve of the book's settings: the
# companion prints a final loss of `0.257` against `0.243`. With $\epsilon = 1$ the
# denominator is about the same for every coordinate: SGD with momentum.
#
# **Watch for** [misconception 2](#misconception-eps).

# %% [markdown]
# ### 6. From scratch, checked step by step (27–33 min)
#
# **Show** [the implementation](adam.ipynb#from-scratch) and its training run (final
# loss `0.243`), then [Trust, but verify](adam.ipynb#verify).
#
# **Ask:** the loss went down. Is our `adam` right?
#
# **Answer:** a falling loss is weak evidence: a misplaced $\epsilon$ or a step
# counter that never advances still trains this easy problem. The side-by-side run
# with `torch.optim.Adam` is strong evidence: over 300 steps the largest parameter
# difference is about the float32 spacing near 1, `1.19e-07` (a last bit, whose exact
# value depends on the CPU), and the moments agree too.
#
# In JupyterLab you can break `adam` on purpose (delete `hyperparams['t'] += 1`), run
# its cell and the check again, and let the class watch the `assert` fail. The
# [concise version](adam.ipynb#concise) ends at `0.242`: four epochs and PyTorch's
# $\epsilon$, so not our curve.

# %% [markdown]
# ### 7. The explorer (33–40 min)
#
# **Show** [the explorer](adam.ipynb#explorer) and three settings, each after a
# prediction.
#
# * [η too large](adam.ipynb#explore?beta1=0.9&beta2=0.999&lr=1&eps=1e-6),
#   $\eta = 1$. **Ask:** does the loss blow up? **Answer:** no. It ends above where it
#   started (the companion prints `0.842`; the loss before training is `0.490`), but
#   the run is not stopped: each step moves a coordinate by about $\eta$, and once
#   past the minimum the steps point back, so the weights swing around it.
# * [β2 too small](adam.ipynb#explore?beta1=0.99&beta2=0.9&lr=0.1&eps=1e-6),
#   $\beta_1 = 0.99$, $\beta_2 = 0.9$, $\eta = 0.1$. **Ask:** the denominator now
#   forgets faster than the numerator ($\beta_1^2 > \beta_2$); what happens?
#   **Answer:** the final loss is `0.364`, against `0.273` with
#   [β2 back at 0.999](adam.ipynb#explore?beta1=0.99&beta2=0.999&lr=0.1&eps=1e-6).
#   The companion's explorer puts Yogi beside it
#   ([the same setting there](adam_in_depth.ipynb#explore?beta1=0.99&beta2=0.9&lr=0.1&eps=1e-6)):
#   `0.279`, since Yogi's scale only creeps down.
# * The book's settings again: the button *reset: book defaults*.
#
# **Watch for** [misconceptions 4 and 5](#misconception-beta2).

# %% [markdown]
# ### 8. When Adam fails, and two answers (40–47 min)
#
# **Show** [the problem of Reddi, Kale & Kumar](adam.ipynb#adam-fails), then its
# figure with [the paper's settings](adam.ipynb#reddi?C=3&beta1=0&beta2=0.1).
#
# **Ask:** over a cycle the losses add up to $(C - 2)\,x$. Which point is best, and
# where will Adam end?
#
# **Answer:** $x = -1$ is best, and Adam ends at the worst point: the lesson prints
# `Adam ends at x = +0.9998, average regret 0.6647`, on its way to $2(C - 2)/3 = 2/3$.
# AMSGrad ends at `-0.9998` and Yogi at `-0.9994`, with the same settings.
#
# **Ask:** why? **Answer** (the printout under [the three methods](adam.ipynb#three-methods)):
# Adam's scale cycles through `8.2, 1.7, 1.1`. The large gradient's step, divided by
# about $\sqrt{8.2}$, is `1.05`; each small one is `0.86`, so $x$ drifts towards $+1$
# by `+0.68` per cycle. AMSGrad divides by the largest scale so far, `8.2`; Yogi's
# scale changes by at most $(1 - \beta_2)\,g_t^2$ per step, so it stays large.
#
# Then [the book's settings](adam.ipynb#reddi?C=3&beta1=0.9&beta2=0.999): all three end
# at `-1.0000`. Finish with a question to take home: raise $\beta_2$ from the paper's
# value. At [β2 = 0.4](adam.ipynb#reddi?C=3&beta1=0&beta2=0.4) Adam still ends at
# `+1.000`; at [β2 = 0.6](adam.ipynb#reddi?C=3&beta1=0&beta2=0.6) at `-1.000`. Where
# in between, and why? That is exercise 4.

# %% [markdown]
# ### 9. Summary and homework (47–50 min)
#
# **Show** [the summary](adam.ipynb#summary), then give the [homework](#homework). Ask
# each student to say, in one sentence, what $\eta$ means for Adam: about how far a
# coordinate moves per step while its gradient is steady, not a factor of the
# gradient.

# %% [markdown]
# ## <a id="misconceptions" name="misconceptions"></a>The usual misconceptions
#
# 1. <a id="misconception-bias" name="misconception-bias"></a>**"Bias correction is a
#    small detail."** The lesson's figure says otherwise: uncorrected, the step is
#    `3.16` times $\eta$ at the first step and `6.57` times at step 12. In two
#    dimensions ([bias correction off](adam_in_depth.ipynb#bias-off)) the first moves
#    are `1.26, 1.67, 1.82` instead of `0.40`, and the path flies to $x_1$ `3.21`.
#    Exercise 6 measures how long it matters: with $\beta_2 = 0.999$ a constant
#    gradient needs `1,751` steps before the uncorrected step is within 10% of the
#    corrected one, and at step 300, the end of our run, it is still `1.96` times too
#    large ([solution 6](adam_solutions.ipynb#solution-6)).
# 2. <a id="misconception-eps" name="misconception-eps"></a>**"ε only prevents
#    division by zero."** Where it is not small against $\sqrt{\hat s_t}$ it changes
#    the method. The lesson's table shows its place mattering (at $g = 10^{-4}$ a step
#    of `0.0995` with $\epsilon$ inside the root, `0.9901` outside); the explorer with
#    a [huge ε](adam.ipynb#explore?beta1=0.9&beta2=0.999&lr=0.01&eps=1) trains more
#    slowly. The companion [measures the limit](adam_in_depth.ipynb#huge-eps-airfoil):
#    with $\epsilon = 100$ and $\eta = 1$ Adam ends at `0.2480` and SGD with momentum
#    at `0.2479`; in two dimensions ([a huge ε](adam_in_depth.ipynb#huge-eps)) the two
#    paths stay within `0.0081` of each other.
# 3. <a id="misconception-step" name="misconception-step"></a>**"Adam's step is η
#    times the gradient."** That is SGD. The lesson's histories give `1.00 η` for a
#    steady gradient of 1000 as for one of 1, and in two dimensions Adam's first move
#    is `(+0.40, +0.40)` from a gradient of `(-1, -8)`
#    ([Adam in two dimensions](adam_in_depth.ipynb#two-d)). On the airfoil data no
#    coordinate moves more than `1.00 eta` per step at $\eta = 0.01$; the real ceiling
#    with the usual decay rates, for a gradient that keeps growing, is `7.27 eta`
#    ([solution 1](adam_solutions.ipynb#solution-1)).
# 4. <a id="misconception-beta2" name="misconception-beta2"></a>**"A larger β2 is
#    always safer."** It is what rescues Adam on Reddi's problem, which is where the
#    belief comes from. But $\beta_2$ sets how long the scale remembers, and longer is
#    not always better: on the airfoil data the best cell of the
#    [landscape](adam_in_depth.ipynb#landscape) has $\beta_2 = 0.9$ (`0.2421` at
#    $\eta$ `0.0063`), and in the band of good learning rates $\beta_2$ hardly
#    matters. A longer memory also needs the bias correction for longer: with
#    $\beta_2 = 0.9999$ the uncorrected step is `10.00` times too large at the first
#    step, and a constant gradient needs `17,512` steps, not `1,751`, before it is
#    within 10% of the corrected one ([solution 6](adam_solutions.ipynb#solution-6)).
# 5. <a id="misconception-diverge" name="misconception-diverge"></a>**"Adam cannot
#    diverge."** With [η = 1](adam.ipynb#explore?beta1=0.9&beta2=0.999&lr=1&eps=1e-6)
#    it only swings, where SGD diverges at step 20
#    ([the explorer, with numbers](adam_in_depth.ipynb#explorer)), which makes it look
#    safe. Larger steps do blow up: `165` runs of the landscape diverged, the first at
#    $\eta$ `6.31`, and a sign slip in the update diverges at step 280 even at
#    $\eta = 0.01$. Reddi's problem is a failure without any blow-up: Adam converges,
#    to the worst point.

# %% [markdown]
# ## <a id="running" name="running"></a>Running the class
#
# ### From the exported page
#
# `make html` writes each notebook as one page that opens offline from a file:
# `build/adam.html`, `build/adam_in_depth.html`, the solutions, and this guide as
# `build/teaching_adam.html`, whose links open the lesson's page at the figure and
# setting they name. The interactive figures compute in the browser: a slider or a
# button redraws at once, with no kernel. The page trains our `adam` (and on the
# companion's page Yogi); the dashed curve of `torch.optim.Adam` needs JupyterLab.
# The address follows the sliders, so the address bar is a link to the current
# setting: paste it into your notes to find it again. Open the links of the
# [plan](#plan) once on the room's computer before class. To show the page to the room,
# use its [projector mode](#projector).
#
# ### From JupyterLab
#
# `make lab` opens the lesson (the first run installs everything into `.venv/` and
# needs PyPI); `make lab CHAPTER=chapters/adam_in_depth` opens the companion and
# `make lab CHAPTER=chapters/teaching_adam` this guide. Before class, run each notebook
# once with *Kernel → Restart Kernel and Run All Cells*: a fresh kernel, top to
# bottom, as the class will see it.
#
# * The links of this guide open the notebooks, but a setting in a link is read only
#   by the exported page. In JupyterLab use the figures' buttons (*η too large*,
#   *β2 too small*, *huge ε*, *reset: book defaults*; for Reddi's problem *paper* and
#   *book*) or type the setting into a new cell, for example `explorer.set(lr=1.0)`.
# * If the kernel is slow, the explorer still shows the latest setting once the
#   kernel is free. Hide the curves you do not need (a hidden curve is not trained),
#   release a slider instead of dragging it, or switch to the exported page, which
#   needs no kernel. If a cell hangs, *Kernel → Interrupt Kernel*, then restart and
#   run all.
#
# ### With the student edition
#
# `make student` writes `build/adam-student.zip` (and the folder
# `build/adam-student/`): the lesson and its companion in both languages, the helpers
# and a Makefile, but not the worked solutions and not this guide; where an exercise
# linked to its solution, it now says that the teacher has it. Students unzip it and
# run `make lab` in the folder (they need Python, GNU make and PyPI on the first run;
# the README in the folder says how), then follow the class in their own kernel and
# check their exercises with `d2l.check_exercise(n, answer)`.
#
# ### On paper
#
# `make pdf` writes each page as an A4 handout, `build/adam.pdf` and the others: each
# interactive figure prints as it stands, with its setting and the link that reopens
# it written under it. To print a figure at another setting, open the page at that
# setting and print from the browser: the same rules apply.

# %% [markdown]
# ## <a id="homework" name="homework"></a>Homework
#
# * **Exercise 6**, [how long the bias correction matters](adam.ipynb#exercise-6),
#   with its self-check `d2l.check_exercise(6, adam_uncorrected)`. The answer:
#   `1,751` steps for $\beta_2 = 0.999$ and `17,512` for $0.9999$; at step 300 the
#   uncorrected step is `1.96` and `5.82` times the corrected one
#   ([solution 6](adam_solutions.ipynb#solution-6)).
# * **Exercise 4**, [where Adam starts to fail](adam.ipynb#exercise-4), with the
#   sliders of Reddi's problem (no self-check). The answer: for $C = 3$ Adam fails for
#   $\beta_2$ below `0.472`, for $C = 10$ below `0.098`
#   ([solution 4](adam_solutions.ipynb#solution-4)).
# * **Exercise 7**, [AMSGrad](adam.ipynb#exercise-7), with its self-check
#   `d2l.check_exercise(7, amsgrad)`. The solution matches
#   `torch.optim.Adam(amsgrad=True)` to `6.0e-08`
#   ([solution 7](adam_solutions.ipynb#solution-7)).
# * For those who want more, **exercise 1**: a step beyond the bound, up to `7.27 eta`
#   ([solution 1](adam_solutions.ipynb#solution-1)).

# %% [markdown]
# ## <a id="after-class" name="after-class"></a>After class
#
# Students keep the student edition: every notebook in it is theirs to read on, and
# the README in its folder lists them all. In the companion, point them to
# [Adam in two dimensions](adam_in_depth.ipynb#two-d) for the paths,
# [the explorer, with numbers](adam_in_depth.ipynb#explorer) for the buttons of the
# class, [the landscape of η and β2](adam_in_depth.ipynb#landscape) for how forgiving
# Adam is on this problem, and [what a step costs](adam_in_depth.ipynb#speed) for
# `foreach` and `fused`. Hand the [worked solutions](adam_solutions.ipynb) out once
# the homework is in.

# %% [markdown]
# ## <a id="projector" name="projector"></a>Projector mode
#
# Every exported page has a projector mode. Open it with the button *Projector mode* at
# the top of the contents, with the key P, or with a link to `adam.html#present`
# (`adam.html#present/5` opens at slide 5). It shows one section or one figure
# at a time, in type the back row can read, each figure as large as the screen allows;
# the figures stay live, so a slider moved or a preset clicked in class redraws on the
# screen. → or PageDown (a clicker's "next") moves on, ← or PageUp goes back; PageDown
# and Space first scroll a section that is taller than the screen; Home and End go to
# the first and the last slide. Escape leaves, and the page is where it was, or at the
# slide last shown. The bar at the foot of the screen gives the slide's number and
# title, and buttons for the same moves.
#
# A figure keeps its own keys: with a slider focused, ← and → move the slider, while a
# clicker still moves the slides. Before class, press P once on the lesson's page on the
# room's computer, to see the slides at the size of the room's screen.
