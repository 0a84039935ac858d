"""The Chinese editions as readers run them: top to bottom without errors or warnings,
printing exactly what the English editions print (apart from timings), with the figures'
controls and the exercise checks in Chinese.

The English runs are the session's ``executed_chapter`` and ``executed_solutions``.
"""

import re

import pytest
from notebooks import assert_clean_outputs, stdout

# What a run measures rather than computes: a duration printed next to its unit.
TIMING = re.compile(r"[0-9]+(?:\.[0-9]+)?(?= (?:sec/epoch|s\b|ms\b))")


def printed(notebook):
    """The printed output of each code cell, timings masked; cells tagged ``timing``
    (a benchmark table, the explorer) print nothing comparable and are left out."""
    return [
        (i, TIMING.sub("…", stdout(cell)))
        for i, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and "timing" not in cell.metadata.get("tags", [])
    ]


def widget_specs(notebook, kind):
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return [m["state"]["spec"] for m in state.values() if m["state"].get("kind") == kind]


def test_the_chinese_chapter_runs_cleanly(executed_chapter_zh):
    assert_clean_outputs(executed_chapter_zh)


def test_the_chinese_chapter_prints_what_the_english_prints(executed_chapter, executed_chapter_zh):
    english, chinese = printed(executed_chapter), printed(executed_chapter_zh)
    assert len(english) == len(chinese)
    for (i, en), (_, zh) in zip(english, chinese):
        assert zh == en, f"code cell {i} prints differently"
    assert any("loss: 0.243, … sec/epoch" in text for _, text in chinese)  # a real comparison


def test_the_figures_controls_speak_chinese(executed_chapter_zh):
    (explorer,) = widget_specs(executed_chapter_zh, "explorer")
    assert [p["label"] for p in explorer["presets"]] == [
        "重置：原书默认值",
        "β2 过小",
        "极大的 ε",
        "η 过大",
    ]
    assert explorer["messages"]["explorer.x_label"] == "迭代周期"
    assert explorer["reference"]["label"] == "Adam (ours)，原书默认值"
    assert [s["label"] for s in explorer["sliders"]] == ["β1", "β2", "η", "ε"]
    (reddi,) = widget_specs(executed_chapter_zh, "reddi")
    assert reddi["presets"][0]["label"] == "论文：β1 = 0，β2 = 1/(1+C²)"
    assert reddi["messages"]["reddi.status"] == "{steps} 步之后：{points}"
    (landscape,) = widget_specs(executed_chapter_zh, "landscape")
    assert landscape["messages"]["landscape.click"] == "点击：在探索器中打开这个设置"


def test_the_path_explorer_speaks_chinese(executed_chapter_zh):
    (paths,) = widget_specs(executed_chapter_zh, "paths")
    assert [p["label"] for p in paths["presets"]] == [
        "重置：本章的图",
        "关闭偏差校正",
        "山谷旋转 45°",
        "ε = 100：动量法",
    ]
    assert [m["label"] for m in paths["methods"]] == ["梯度下降", "动量法", "RMSProp", "Adam"]
    assert [s["label"] for s in paths["sliders"]] == ["η", "β1", "β2", "ε", "步数"]
    assert paths["messages"]["paths.diverged"] == "在第 {step} 步发散"


def test_the_english_chapter_keeps_english_controls(executed_chapter):
    """One kernel per chapter: the Chinese choice never leaks into the English run."""
    (explorer,) = widget_specs(executed_chapter, "explorer")
    assert explorer["presets"][0]["label"] == "reset: book defaults"


def test_the_chinese_solutions_run_cleanly(executed_solutions_zh):
    assert_clean_outputs(executed_solutions_zh)


def test_the_chinese_solutions_print_what_the_english_print(
    executed_solutions, executed_solutions_zh
):
    english, chinese = printed(executed_solutions), printed(executed_solutions_zh)
    assert [zh for _, zh in chinese] == [en for _, en in english]


@pytest.mark.parametrize("n", (2, 5, 6, 7, 8))
def test_the_chinese_solutions_pass_their_checks_in_chinese(executed_solutions_zh, n):
    boxes = [
        o.data["text/html"]
        for c in executed_solutions_zh.cells
        for o in c.get("outputs", [])
        if "exercise-check" in o.get("data", {}).get("text/html", "")
    ]
    assert sum(f"✓ 练习 {n}：通过。</b>" in box for box in boxes) == 1
