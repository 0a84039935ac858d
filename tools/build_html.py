"""`make html`: each chapter as one self-contained page, ``build/<chapter>.html``.

Readers without a kernel get the executed chapter as a single file that works
offline from ``file://``: equations typeset at build time (KaTeX, see
``tex_to_html``), figures inline as SVG, and the interactive figures drawn by the
same front end as in JupyterLab (the bundle of ``d2l_local/web``), which on the
page computes with its JavaScript copy of the lesson code
(``html_template/adam/runtime.js``); projector mode shows it one section or figure
at a time (``present.js``). The executed notebook is kept beside it for
``make_figures.py``.

Usage: python -m tools.build_html [CHAPTER.py ...] [--out DIR] [--notebook EXECUTED.ipynb]
"""

import argparse
import re
import sys
from pathlib import Path

import jinja2
import nbformat
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

from d2l_local.figures.widget import WEB, bundle

from .npm_assets import AssetError, package_dir
from .page_nav import pager, with_contents
from .run_chapter import BUILD, CHAPTER, execute_chapter
from .tex_to_html import TexCollector, TexError, katex_css

TEMPLATES = Path(__file__).resolve().with_name("html_template")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class TypesetRenderer(IPythonRenderer):
    """Markdown renderer that hands every formula to a ``TexCollector``."""

    def __init__(self, tex, **options):
        super().__init__(**options)
        self.tex = tex

    def block_math(self, body):
        return self.tex.placeholder(body, display=True)

    def inline_math(self, body):
        return self.tex.placeholder(body, display=False)

    def latex_environment(self, name, body):
        return self.tex.placeholder(f"\\begin{{{name}}}{body}\\end{{{name}}}", display=True)


class PageExporter(HTMLExporter):
    """The lab HTML exporter with our template and build-time typesetting."""

    def __init__(self, tex, chapter=CHAPTER, **kw):
        super().__init__(template_name="adam", extra_template_basedirs=[str(TEMPLATES)], **kw)
        self.tex, self.chapter = tex, Path(chapter)

    @jinja2.pass_context
    def markdown2html(self, context, source):
        cell = context.get("cell", {})
        renderer = TypesetRenderer(
            self.tex,
            escape=False,
            attachments=cell.get("attachments", {}),
            embed_images=True,
            path=str(self.chapter.parent),
            anchor_link_text=self.anchor_link_text,
            exclude_anchor_links=False,
        )
        return MarkdownWithMath(renderer=renderer).render(source)


STATE = "application/vnd.jupyter.widget-state+json"
KATEX_CSS = "/* KaTeX's stylesheet */"


def inline_script(source):
    """JavaScript that can sit inside <script>: no "</script" may end it early
    ("<\\/" means the same inside a string, a regex or a comment)."""
    return source.replace("</script", "<\\/script")


def figure_state(notebook):
    """The saved state of the chapter's figures (anywidget models), for the page.

    Each model carries the whole front end in ``_esm`` and ``_css``, which the page
    holds once, and its last ``result``, which the page computes again when it
    opens: those are dropped here, with every model that is not a figure."""
    state = notebook.metadata.get("widgets", {}).get(STATE, {}).get("state", {})
    figures = {}
    for model_id, model in state.items():
        if model.get("model_module") == "anywidget":
            dropped = ("_esm", "_css", "result")
            kept = {k: v for k, v in model["state"].items() if k not in dropped}
            figures[model_id] = {**model, "state": kept}
    return {"version_major": 2, "version_minor": 0, "state": figures}


def page_title(notebook, default):
    for cell in notebook.cells:
        heading = re.search(r"^#\s+(.+)$", cell.source, re.M)
        if cell.cell_type == "markdown" and heading:
            return heading[1].strip()
    return default


LANGUAGES = {"": "English", "_zh": "中文"}  # a chapter's file name ends with its suffix
NOTEBOOK_LINK = re.compile(r'href="([\w-]+)\.ipynb(#[^"]*)?"')


def translations(chapter):
    """``[(language, page)]`` of the other editions of ``chapter`` that exist."""
    chapter = Path(chapter)
    base = chapter.stem.removesuffix("_zh")
    found = []
    for suffix, language in LANGUAGES.items():
        other = chapter.with_name(f"{base}{suffix}.py")
        if other.exists() and other != chapter:
            found.append((language, f"{other.stem}.html"))
    return found


def render_page(notebook, chapter=CHAPTER, build_dir=BUILD):
    """The page's HTML for an executed notebook of ``chapter``."""
    chapter = Path(chapter)
    katex_dir = package_dir("katex", build_dir)
    tex = TexCollector()
    notebook = nbformat.from_dict(notebook)
    notebook.metadata["title"] = page_title(notebook, chapter.stem)
    resources = {
        "metadata": {"name": chapter.stem, "path": str(chapter.parent)},
        "language": "zh" if chapter.stem.endswith("_zh") else "en",
        "translations": translations(chapter),
        "katex_css": KATEX_CSS,  # filled in once the page is typeset
        "page_css": (TEMPLATES / "adam" / "page.css").read_text(),
        "figure_css": (WEB / "figure.css").read_text(),
        "figure_state": figure_state(notebook),
        "figure_bundle": inline_script(bundle()),
        "runtime_js": inline_script((TEMPLATES / "adam" / "runtime.js").read_text()),
        "page_js": inline_script((TEMPLATES / "adam" / "page.js").read_text()),
        "present_css": (TEMPLATES / "adam" / "present.css").read_text(),
        "present_js": inline_script((TEMPLATES / "adam" / "present.js").read_text()),
    }
    resources["pager"] = pager(chapter, resources["language"])
    exporter = PageExporter(tex, chapter, language_code=resources["language"])
    html, _ = exporter.from_notebook_node(notebook, resources)
    html = with_contents(tex.typeset(html, katex_dir), resources["language"])
    html = html.replace(KATEX_CSS, katex_css(katex_dir, html), 1)
    # A link to another notebook opens it in JupyterLab; on the page, its page.
    html = NOTEBOOK_LINK.sub(lambda m: f'href="{m[1]}.html{m[2] or ""}"', html)
    # nbconvert names widget and script outputs with fresh uuids: number them instead.
    numbering = {}
    return UUID.sub(lambda m: numbering.setdefault(m[0], f"output-{len(numbering) + 1}"), html)


def write_page(notebook, out=BUILD, chapter=CHAPTER):
    """Write ``out/<chapter>.html`` from an executed notebook of ``chapter``, and the
    notebook beside it as ``<chapter>.executed.ipynb``; return both paths."""
    chapter, out = Path(chapter), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    executed = out / f"{chapter.stem}.executed.ipynb"
    nbformat.write(notebook, executed)
    page = out / f"{chapter.stem}.html"
    page.write_text(render_page(notebook, chapter, build_dir=BUILD))
    return page, executed


def chapters():
    """Every chapter of the book: ``chapters/*.py`` (the jupytext sources)."""
    return sorted(CHAPTER.parent.glob("*.py"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "chapters", type=Path, nargs="*", help="jupytext sources (default: every chapters/*.py)"
    )
    parser.add_argument("--out", type=Path, default=BUILD, help="output folder (build/)")
    parser.add_argument(
        "--notebook", type=Path, help="for one chapter: reuse this executed notebook"
    )
    args = parser.parse_args(argv)
    for chapter in args.chapters or chapters():
        try:
            if args.notebook:
                notebook = nbformat.read(args.notebook, as_version=4)
            else:
                notebook = execute_chapter(chapter, build_dir=args.out)
            page, _ = write_page(notebook, args.out, chapter)
        except (AssetError, TexError, CellExecutionError) as error:
            sys.exit(f"build_html: {chapter.name}: {error}")
        print(f"wrote {page} ({page.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    sys.exit(main())
