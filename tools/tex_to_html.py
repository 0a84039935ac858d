"""TeX in the chapter's markdown, typeset at build time with KaTeX.

The page then needs no script to show its equations: KaTeX's HTML (with its
CSS and fonts inlined) looks the same in every browser, and the MathML KaTeX
writes beside it is what screen readers read. Equation references work as in
JupyterLab's MathJax: ``\\label{key}`` in display math numbers the equation
and makes it a link target, and ``$\\eqref{key}$`` links to it.
"""

import base64
import json
import re
import subprocess
from pathlib import Path

LABEL = re.compile(r"\\label\{([^}]+)\}")
REFERENCE = re.compile(r"\s*\\(eq)?ref\{([^}]+)\}\s*")
FONT_URLS = re.compile(r"src:\s*url\(fonts/([^)]+)\.woff2\)[^;}]*")


class TexError(ValueError):
    """Some TeX in the chapter cannot be typeset (or a reference has no label)."""


class TexCollector:
    """Collects the chapter's math while markdown is converted, typesets it at the end.

    ``placeholder`` is called for each formula in document order and returns a
    marker to put in the HTML; ``typeset`` replaces every marker by the result.
    """

    def __init__(self):
        self.snippets = []  # (tex, display)

    def placeholder(self, tex, display):
        self.snippets.append((tex, display))
        return f"<!--tex:{len(self.snippets) - 1}-->"

    def typeset(self, html, katex_dir):
        numbers = self._number_labels()
        batch, pieces = [], []
        for tex, display in self.snippets:
            reference = REFERENCE.fullmatch(tex)
            if reference:
                key = reference[2]
                if key not in numbers:
                    raise TexError(f"\\{reference[1] or ''}ref{{{key}}} has no \\label{{{key}}}")
                text = f"({numbers[key]})" if reference[1] else str(numbers[key])
                pieces.append(f'<a class="eqref" href="#{key}">{text}</a>')
                continue
            label = LABEL.search(tex) if display else None
            if label:
                tex = LABEL.sub("", tex) + f"\\tag{{{numbers[label[1]]}}}"
            batch.append({"tex": tex, "display": display})
            pieces.append((len(batch) - 1, label[1] if label else None))
        rendered = run_katex(batch, katex_dir)
        for i, piece in enumerate(pieces):
            if isinstance(piece, tuple):
                index, key = piece
                piece = rendered[index]
                if key:
                    piece = f'<span class="equation" id="{key}">{piece}</span>'
            html = html.replace(f"<!--tex:{i}-->", piece, 1)
        return html

    def _number_labels(self):
        numbers = {}
        for tex, display in self.snippets:
            for key in LABEL.findall(tex):
                if not display:
                    raise TexError(f"\\label{{{key}}} must be in display math")
                if key in numbers:
                    raise TexError(f"\\label{{{key}}} is used twice")
                numbers[key] = len(numbers) + 1
        return numbers


def run_katex(batch, katex_dir):
    """Typeset ``[{tex, display}]`` with node + KaTeX; a list of HTML strings."""
    script = Path(__file__).with_name("katex_render.js")
    done = subprocess.run(["node", str(script), str(katex_dir)], input=json.dumps(batch),
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise TexError(done.stderr.strip())
    return json.loads(done.stdout)


def katex_css(katex_dir):
    """KaTeX's stylesheet with its woff2 fonts inlined as data URLs (no side files)."""
    dist = Path(katex_dir) / "dist"

    def inline(match):
        font = (dist / "fonts" / f"{match[1]}.woff2").read_bytes()
        data = base64.b64encode(font).decode("ascii")
        return f'src:url(data:font/woff2;base64,{data}) format("woff2")'

    css = (dist / "katex.min.css").read_text()
    css, count = FONT_URLS.subn(inline, css)
    if count == 0:
        raise TexError("KaTeX's CSS changed: no font URL found to inline")
    return css
