"""What the figures need to be usable without colour vision and without sight, checked
without a browser: every sentence their front end says exists in both languages and
reaches it, and their curves' colours (web/figure.css) are Okabe & Ito's, 3:1 or more
against both colour schemes' backgrounds, with a dash or marker of their own.
(tests/page/test_browser_keyboard.py checks the same on the pages, with the keyboard.)"""

import re

import pytest

from d2l_local.figures import decay_explorer, explorer, path_explorer, reddi, schedule_explorer
from d2l_local.figures.widget import WEB
from d2l_local.messages import CATALOGUE, messages

FIGURES = {
    "explorer.js": "explorer.",
    "reddi.js": "reddi.",
    "landscape.js": "landscape.",
    "paths.js": "paths.",
    "decay.js": "decay.",
    "schedule.js": "schedule.",
}
OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}
BACKGROUNDS = {"light": "#ffffff", "dark": "#111111"}  # figure.css's --d2l-bg


def web_file(name):
    """A drawing module of the front end (web/render/)."""
    return WEB / "render" / name


def used_keys(source):
    """The message keys a front-end file reads literally: msg["paths.hint"]."""
    return set(re.findall(r'msg\["([\w.]+)"\]', source))


@pytest.mark.parametrize("name", list(FIGURES))
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_message_a_figure_says_reaches_it_in_both_languages(name, language):
    keys = used_keys(web_file(name).read_text())
    assert keys, name
    assert keys <= set(CATALOGUE[language]), keys - set(CATALOGUE[language])
    handed = {k for k in CATALOGUE["en"] if k.startswith((FIGURES[name], "punct.", "access."))}
    assert keys <= handed == set(messages(FIGURES[name]))


def test_the_new_words_for_readers_of_the_summary_and_table_are_translated():
    for key in (
        "access.table",
        "explorer.summary",
        "reddi.summary",
        "reddi.summary_point",
        "paths.summary",
        "paths.plot_label",
        "paths.start",
        "paths.start_axis",
        "paths.step",
        "landscape.grid",
        "decay.summary",
        "decay.method",
        "decay.diverged",
        "decay.loss_column",
        "decay.loss_plot",
        "decay.norm_plot",
        "schedule.summary",
        "schedule.final",
        "schedule.diverged",
        "schedule.loss_column",
        "schedule.rate_plot",
        "schedule.loss_plot",
    ):
        assert CATALOGUE["zh"][key] != CATALOGUE["en"][key], key


def palette():
    """{name: {scheme: colour}} from figure.css's --d2l-<name> of the curves."""
    css = (WEB / "figure.css").read_text()
    found = {}
    for name, value in re.findall(r"--d2l-(\w+):\s*([^;]+);", css.split("}")[0]):
        pair = re.fullmatch(r"light-dark\((#\w+),\s*(#\w+)\)", value.strip())
        if pair:
            found[name] = {"light": pair[1].lower(), "dark": pair[2].lower()}
        elif re.fullmatch(r"#\w{6}", value.strip()):
            found[name] = {"light": value.strip().lower(), "dark": value.strip().lower()}
    return found


def contrast(a, b):
    def luminance(colour):
        rgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def figure_styles():
    """Each figure's curves as (colour name, dash, marker)."""
    paths = path_explorer.STYLES
    return {
        "explorer": [(c, d, None) for c, d in explorer.STYLES],
        "reddi": [(reddi.PAGE_COLORS[m], s[1], None) for m, s in reddi.STYLES.items()],
        "paths": [(colour, "-", marker) for colour, marker in paths.values()],
        "decay": [(c, d, None) for c, d in decay_explorer.STYLES],
        "schedule": [(c, d, None) for c, d in schedule_explorer.STYLES.values()],
    }


@pytest.mark.parametrize("figure", ["explorer", "reddi", "paths", "decay", "schedule"])
def test_curves_are_okabe_ito_readable_in_both_schemes_and_differ_by_more_than_colour(figure):
    colours = palette()
    styles = figure_styles()[figure]
    for name, _, _ in styles:
        for scheme, background in BACKGROUNDS.items():
            colour = colours[name][scheme]
            assert colour in OKABE_ITO, (name, colour)
            assert contrast(colour, background) >= 3, (name, scheme, colour)
    curves = styles if figure != "explorer" else styles[:3]  # the first three, as in a chapter
    assert len({(dash, marker) for _, dash, marker in curves}) == len(curves)
    assert len({colour for colour, _, _ in curves}) == len(curves)
