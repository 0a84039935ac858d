"""The Chinese editions as readers run them: top to bottom without errors or warnings,
saying in Chinese what the English editions say: every printed line with the same
numbers and no English sentence left, every figure labelled in Chinese, the figures'
controls and the exercise checks in Chinese, and the reading time as the opening says.

The English runs are the session's ``executed_chapter``, ``executed_in_depth``,
``executed_solutions`` and ``executed_in_practice``.
"""

import re
from collections import Counter

import jupytext
import pytest
from notebooks import assert_clean_outputs, stdout

from d2l_local.messages import CATALOGUE
from tools.lesson import CHAPTER, IN_PRACTICE
from tools.sync_zh import EDITIONS

# What a run measures rather than computes: a duration printed next to its unit.
TIMING = re.compile(r"[0-9]+(?:\.[0-9]+)?(?= (?:sec/epoch|s\b|ms\b|us\b|秒|毫秒|微秒))")
NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:e[-+]?\d+)?")
MATH = re.compile(r"\$[^$]*\$")
# Names, and code the output quotes (torch.optim.Adam(eps=1e-06), exp_avg_sq, ln(β2)):
# the same in both languages.
CODE = re.compile(r"\S*[._(=]\S*")
# An optimizer's state as printed, each key with its tensor's shape: step (), exp_avg (256, 5).
STATE = re.compile(r"\b[a-z_]+ \((?:\d+(?:, \d+)+)?\)")
NAMES = {"Adam", "AMSGrad", "Yogi", "RMSProp", "SGD", "Kingma", "adam", "amsgrad"}
NAMES |= {"betas", "eps", "float", "assert"}  # torch.optim.Adam's arguments; float32; assert
NAMES |= {"AdamW", "adamw", "LambdaLR", "SequentialLR", "LLaMA", "BERT"}  # Adam in practice
NAMES |= {"lambda"}  # λ as the code spells it in a printed setting, f'lambda = {lam:g}'
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def english_words(text):
    """The English words of a printed line or a label: not in formulas, code or names."""
    text = CODE.sub(" ", STATE.sub(" ", MATH.sub(" ", text)))
    return [word for word in re.findall(r"[A-Za-z]{3,}", text) if word not in NAMES]


def printed_lines(notebook):
    """Each code cell's printed lines, timings masked; cells tagged ``timing`` (a
    benchmark table, the explorer) print nothing comparable and are left out."""
    return [
        (i, TIMING.sub("…", stdout(cell)).splitlines())
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and "timing" not in cell.metadata.get("tags", [])
    ]


def figure_texts(notebook):
    """The text of every figure, in order: matplotlib writes each text of an SVG figure
    in a comment before its glyphs (the glyphs themselves are paths)."""
    return [
        (i, text)
        for i, cell in enumerate(notebook.cells)
        for output in cell.get("outputs", [])
        for text in re.findall(r"<!-- (.*?) -->", output.get("data", {}).get("image/svg+xml", ""))
    ]


def says_the_same_in_chinese(pairs):
    """``pairs`` of (where, English, Chinese): the same numbers, and Chinese words
    wherever the English has English ones. Returns the pairs checked in Chinese."""
    translated = 0
    for where, en, zh in pairs:
        assert Counter(NUMBER.findall(zh)) == Counter(NUMBER.findall(en)), (where, en, zh)
        assert english_words(zh) == [], (where, zh)
        if english_words(en):
            assert zh != en and CJK.search(zh), (where, en, zh)
            translated += 1
    return translated


def assert_prints_in_chinese(english, chinese):
    en, zh = printed_lines(english), printed_lines(chinese)
    assert [i for i, _ in zh] == [i for i, _ in en]
    pairs = []
    for (i, en_lines), (_, zh_lines) in zip(en, zh):
        assert len(zh_lines) == len(en_lines), f"code cell {i} prints {zh_lines}"
        pairs += [(f"code cell {i}", a, b) for a, b in zip(en_lines, zh_lines)]
    return says_the_same_in_chinese(pairs)


def assert_figures_in_chinese(english, chinese):
    en, zh = figure_texts(english), figure_texts(chinese)
    assert [i for i, _ in zh] == [i for i, _ in en] and en
    return says_the_same_in_chinese((f"figure of cell {i}", a, b) for (i, a), (_, b) in zip(en, zh))


def widget_specs(notebook, kind):
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return [m["state"]["spec"] for m in state.values() if m["state"].get("kind") == kind]


def assert_messages_in_chinese(spec):
    """The templates a widget hands its front end are the Chinese catalogue's."""
    assert spec["messages"] and all(CATALOGUE["zh"][k] == v for k, v in spec["messages"].items())


# --- The lesson ---------------------------------------------------------------------


def test_the_chinese_lesson_runs_cleanly(executed_chapter_zh):
    assert_clean_outputs(executed_chapter_zh)


def test_the_chinese_lesson_prints_in_chinese_what_the_english_prints(
    executed_chapter, executed_chapter_zh
):
    assert assert_prints_in_chinese(executed_chapter, executed_chapter_zh) >= 25
    printed = "\n".join(stdout(c) for c in executed_chapter_zh.cells if c.cell_type == "code")
    assert "损失 0.243，每个迭代周期" in printed  # train_ch11's line, in the book's terms
    assert "稀疏，g 一直为 0，最后一次为 1：一步为 3.16 η" in printed  # a key from a dict


def test_the_chinese_lesson_labels_its_figures_in_chinese(executed_chapter, executed_chapter_zh):
    assert assert_figures_in_chinese(executed_chapter, executed_chapter_zh) >= 10
    texts = {text for _, text in figure_texts(executed_chapter_zh)}
    assert {"迭代周期", "损失", "时间步 t", "平均遗憾 $R_t / t$"} <= texts


def test_the_lesson_figures_controls_speak_chinese(executed_chapter_zh):
    (explorer,) = widget_specs(executed_chapter_zh, "explorer")
    assert [p["label"] for p in explorer["presets"]] == [
        "重置：原书默认值",
        "β2 过小",
        "极大的 ε",
        "η 过大",
    ]
    assert [c["name"] for c in explorer["curves"]] == ["Adam（从零实现）", "torch.optim.Adam"]
    assert explorer["reference"]["label"] == "Adam（从零实现），原书默认值"
    assert [s["label"] for s in explorer["sliders"]] == ["β1", "β2", "η", "ε"]
    assert "图中有 <code>yogi</code> 时" in explorer["messages"]["explorer.page_notice"]
    (reddi,) = widget_specs(executed_chapter_zh, "reddi")
    assert reddi["presets"][0]["label"] == "论文：β1 = 0，β2 = 1/(1+C²)"
    for spec in (explorer, reddi):
        assert_messages_in_chinese(spec)


def test_the_english_lesson_keeps_english_controls(executed_chapter):
    """One kernel per notebook: the Chinese choice never leaks into the English run."""
    (explorer,) = widget_specs(executed_chapter, "explorer")
    assert explorer["presets"][0]["label"] == "reset: book defaults"
    assert explorer["curves"][0]["name"] == "Adam (ours)"


UNITS = re.compile(r"约 (\d+) 分钟：正文约 ([\d,]+) 字（汉字与英文单词合计），按每分钟 (\d+) 字计，"
                   r"另加 (\d+) 个显示结果的单元格")  # fmt: skip


def reading_units(path):
    """Chinese characters and English words of the prose: markdown without formulas,
    code, tags and link targets, the units of the Chinese reading time."""
    text = "\n".join(c.source for c in jupytext.read(path).cells if c.cell_type == "markdown")
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    for pattern in (r"\$[^$\n]+\$", r"`[^`\n]+`", r"<[^>]+>", r"\]\([^)\s]+\)"):
        text = re.sub(pattern, " ", text)
    characters = re.findall(r"[\u4e00-\u9fff]", text)
    return len(characters) + len(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))


def assert_reading_time_as_the_opening_says(chinese, executed):
    """About 300 characters a minute: a slow, careful pace for technical Chinese, as the
    English edition's 150 words a minute is for English."""
    said = UNITS.search(jupytext.read(chinese).cells[0].source)
    assert said, "the opening states its reading time and how it was computed"
    minutes, units, rate, cells = (int(x.replace(",", "")) for x in said.groups())
    assert abs(reading_units(chinese) - units) <= 150, reading_units(chinese)
    assert 250 <= rate <= 400
    showing = [c for c in executed.cells if c.cell_type == "code" and c.outputs]
    assert len(showing) == cells
    assert abs(reading_units(chinese) / rate + cells - minutes) <= 2.5


def test_the_chinese_reading_time_is_computed_as_the_opening_says(executed_chapter_zh):
    assert_reading_time_as_the_opening_says(EDITIONS[CHAPTER], executed_chapter_zh)


# --- The companion ----------------------------------------------------------------------


def test_the_chinese_companion_runs_cleanly(executed_in_depth_zh):
    assert_clean_outputs(executed_in_depth_zh)


def test_the_chinese_companion_prints_in_chinese_what_the_english_prints(
    executed_in_depth, executed_in_depth_zh
):
    assert assert_prints_in_chinese(executed_in_depth, executed_in_depth_zh) >= 40
    printed = "\n".join(stdout(c) for c in executed_in_depth_zh.cells if c.cell_type == "code")
    assert "梯度下降: 第 20 步后，x1：-0.943467，x2：-0.000073" in printed  # train_2d's line
    assert "η = 1：Adam 0.842, SGD 在第 20 步发散" in printed


def test_the_chinese_companion_labels_its_figures_in_chinese(
    executed_in_depth, executed_in_depth_zh
):
    assert assert_figures_in_chinese(executed_in_depth, executed_in_depth_zh) >= 10
    texts = {text for _, text in figure_texts(executed_in_depth_zh)}
    assert {"梯度下降，$\\eta = 0.4$", "学习率 η", "发散", "平静期的步数"} <= texts
    assert "Adam：最终损失（961 次中 165 次发散）" in texts  # plot_landscape's title


def test_the_companion_figures_controls_speak_chinese(executed_in_depth_zh):
    (paths,) = widget_specs(executed_in_depth_zh, "paths")
    assert [p["label"] for p in paths["presets"]] == [
        "重置：本章的图",
        "关闭偏差校正",
        "山谷旋转 45°",
        "ε = 100：动量法",
    ]
    assert [m["label"] for m in paths["methods"]] == ["梯度下降", "动量法", "RMSProp", "Adam"]
    assert [s["label"] for s in paths["sliders"]] == ["η", "β1", "β2", "ε", "步数"]
    (explorer,) = widget_specs(executed_in_depth_zh, "explorer")
    assert [c["name"] for c in explorer["curves"]] == [
        "Adam（从零实现）",
        "Yogi（从零实现）",
        "torch.optim.Adam",
    ]
    (landscape,) = widget_specs(executed_in_depth_zh, "landscape")
    for spec in (paths, explorer, landscape):
        assert_messages_in_chinese(spec)


# --- The worked solutions -----------------------------------------------------------------


def test_the_chinese_solutions_run_cleanly(executed_solutions_zh):
    assert_clean_outputs(executed_solutions_zh)


def test_the_chinese_solutions_print_in_chinese_what_the_english_print(
    executed_solutions, executed_solutions_zh
):
    assert assert_prints_in_chinese(executed_solutions, executed_solutions_zh) >= 40
    printed = "\n".join(stdout(c) for c in executed_solutions_zh.cells if c.cell_type == "code")
    assert "η = 0.1，每 40 步减半" in printed  # a key from a dict


def test_the_chinese_solutions_label_their_figures_in_chinese(
    executed_solutions, executed_solutions_zh
):
    assert assert_figures_in_chinese(executed_solutions, executed_solutions_zh) >= 10


@pytest.mark.parametrize("n", (2, 5, 6, 7, 8))
def test_the_chinese_solutions_pass_their_checks_in_chinese(executed_solutions_zh, n):
    boxes = [
        o.data["text/html"]
        for c in executed_solutions_zh.cells
        for o in c.get("outputs", [])
        if "exercise-check" in o.get("data", {}).get("text/html", "")
    ]
    assert sum(f"✓ 练习 {n}：通过。</b>" in box for box in boxes) == 1


# --- Adam in practice -----------------------------------------------------------------------


def test_the_chinese_practice_runs_cleanly(executed_in_practice_zh):
    assert_clean_outputs(executed_in_practice_zh)


def test_the_chinese_practice_prints_in_chinese_what_the_english_prints(
    executed_in_practice, executed_in_practice_zh
):
    assert assert_prints_in_chinese(executed_in_practice, executed_in_practice_zh) >= 40
    printed = "\n".join(stdout(c) for c in executed_in_practice_zh.cells if c.cell_type == "code")
    assert "adamw 对照 torch.optim.AdamW：300 步中的最大差别" in printed  # a key from a dict
    assert "η = 0.1，预热 30 步，余弦衰减：最终损失" in printed
    assert "网络 0 训练前：252 个活单元" in printed
    assert "torch.optim.AdamW 的默认值：lr = 0.001，betas = (0.9, 0.999)" in printed


def test_the_chinese_practice_labels_its_figures_in_chinese(
    executed_in_practice, executed_in_practice_zh
):
    assert assert_figures_in_chinese(executed_in_practice, executed_in_practice_zh) >= 10
    texts = {text for _, text in figure_texts(executed_in_practice_zh)}
    assert {
        "损失（不含惩罚项）",
        "不衰减",
        "先预热，再余弦衰减",
        "小批量损失",
        "预热 200 步",
    } <= texts


def test_the_chinese_practice_reading_time_is_computed_as_its_opening_says(
    executed_in_practice_zh,
):
    assert_reading_time_as_the_opening_says(EDITIONS[IN_PRACTICE], executed_in_practice_zh)
