"""TeX in the chapter's markdown, typeset at build time with KaTeX.

The page then needs no script to show its equations: KaTeX's HTML (with its
CSS and fonts inlined) looks the same in every browser, and the MathML KaTeX
writes beside it is what screen readers read. Equation numbers are the
chapter's own ``\\tag{n}``, as in JupyterLab (whose MathJax does not number).
"""

import base64
import json
import re
import subprocess
from pathlib import Path

FONT_URLS = re.compile(r"src:\s*url\(fonts/([^)]+)\.woff2\)[^;}]*")


class TexError(ValueError):
    """Some TeX in the chapter cannot be typeset."""


class TexCollector:
    """Collects the chapter's math while markdown is converted, typesets it at the end.

    ``placeholder`` is called for each formula in document order and returns a
    marker to put in the HTML; ``typeset`` replaces every marker by the result
    (one node process for the whole page instead of one per formula).
    """

    def __init__(self):
        self.snippets = []

    def placeholder(self, tex, display):
        self.snippets.append({"tex": tex, "display": display})
        return f"<!--tex:{len(self.snippets) - 1}-->"

    def typeset(self, html, katex_dir):
        for i, formula in enumerate(run_katex(self.snippets, katex_dir)):
            html = html.replace(f"<!--tex:{i}-->", formula, 1)
        return html


def run_katex(batch, katex_dir):
    """Typeset ``[{tex, display}]`` with node + KaTeX; a list of HTML strings."""
    if not batch:
        return []
    script = Path(__file__).with_name("katex_render.js")
    done = subprocess.run(
        ["node", str(script), str(katex_dir)],
        input=json.dumps(batch),
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise TexError(done.stderr.strip())
    return json.loads(done.stdout)


# KaTeX's font families that only some commands use, and the class their output carries.
OPTIONAL_FONTS = {
    "KaTeX_AMS": "amsrm",
    "KaTeX_Caligraphic": "mathcal",
    "KaTeX_Fraktur": "mathfrak",
    "KaTeX_SansSerif": "mathsf",
    "KaTeX_Script": "mathscr",
    "KaTeX_Typewriter": "mathtt",
}
FONT_FACE = re.compile(r"@font-face\{[^}]*?font-family:(KaTeX_\w+);[^}]*\}")


def katex_css(katex_dir, html=None):
    """KaTeX's stylesheet with its woff2 fonts inlined as data URLs (no side files).

    Given the typeset ``html``, the fonts of families it never uses are left out
    (about 140 kB of the page: calligraphic, fraktur, sans-serif, script, typewriter)."""
    dist = Path(katex_dir) / "dist"

    def inline(match):
        font = (dist / "fonts" / f"{match[1]}.woff2").read_bytes()
        data = base64.b64encode(font).decode("ascii")
        return f'src:url(data:font/woff2;base64,{data}) format("woff2")'

    def used(match):
        marker = OPTIONAL_FONTS.get(match[1])
        return match[0] if html is None or marker is None or marker in html else ""

    css = FONT_FACE.sub(used, (dist / "katex.min.css").read_text())
    css, count = FONT_URLS.subn(inline, css)
    if count == 0:
        raise TexError("KaTeX's CSS changed: no font URL found to inline")
    return css
