"""`make html`: the chapter as one self-contained page, ``build/adam.html``.

Readers without a kernel get the executed chapter as a single file that works
offline from ``file://``: equations typeset at build time (KaTeX, see
``tex_to_html``), figures inline as SVG, and the widgets' stored state drawn by
``@jupyter-widgets/html-manager``, whose script is inlined into the page.
The explorer's frozen widget is replaced by a plain-JavaScript one that steps
through runs precomputed on a grid (``static_explorer``). The executed notebook
is kept beside it for ``make_figures.py``.

Usage: python -m tools.build_html [--out DIR] [--notebook EXECUTED.ipynb]
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

from .npm_assets import AssetError, package_dir
from .run_chapter import BUILD, CHAPTER, execute_chapter
from .static_explorer import explorer_snippet, replace_explorer_output
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


# webpack finds its asset folder from the <script src> that loaded it; an inline
# script has none, so we point it at the page's own folder instead of throwing.
PUBLIC_PATH_ERROR = 'throw new Error("Automatic publicPath is not supported in this browser")'


def widget_script(build_dir):
    """html-manager's standalone renderer (no require.js needed), ready to inline."""
    dist = package_dir("@jupyter-widgets/html-manager", build_dir) / "dist"
    script = (dist / "embed.js").read_text()
    if script.count(PUBLIC_PATH_ERROR) != 1:
        raise RuntimeError("html-manager's embed.js changed: cannot inline it; check the pin")
    script = script.replace(PUBLIC_PATH_ERROR, "e=document.baseURI")
    script = script.replace(
        "/*! For license information please see embed.js.LICENSE.txt */",
        (dist / "embed.js.LICENSE.txt").read_text(),
        1,
    )
    script = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", script)
    return script.replace("</script", "<\\/script")


def page_title(notebook, default):
    for cell in notebook.cells:
        heading = re.search(r"^#\s+(.+)$", cell.source, re.M)
        if cell.cell_type == "markdown" and heading:
            return heading[1].strip()
    return default


def render_page(notebook, chapter=CHAPTER, build_dir=BUILD):
    """The page's HTML for an executed notebook of ``chapter``."""
    chapter = Path(chapter)
    katex_dir = package_dir("katex", build_dir)
    tex = TexCollector()
    notebook = nbformat.from_dict(notebook)
    notebook.metadata["title"] = page_title(notebook, chapter.stem)
    resources = {
        "metadata": {"name": chapter.stem, "path": str(chapter.parent)},
        "katex_css": katex_css(katex_dir),
        "page_css": (TEMPLATES / "adam" / "page.css").read_text(),
        "widget_js": widget_script(build_dir),
    }
    html, _ = PageExporter(tex, chapter).from_notebook_node(notebook, resources)
    html = tex.typeset(html, katex_dir)
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
    # Without a kernel the live explorer is frozen: swap in the one that
    # steps through runs precomputed on a grid (issue 8).
    notebook = nbformat.from_dict(notebook)
    replace_explorer_output(notebook, explorer_snippet())
    page = out / f"{chapter.stem}.html"
    page.write_text(render_page(notebook, chapter, build_dir=BUILD))
    return page, executed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chapter", type=Path, default=CHAPTER, help="jupytext source")
    parser.add_argument("--out", type=Path, default=BUILD, help="output folder (build/)")
    parser.add_argument(
        "--notebook", type=Path, help="reuse this executed notebook instead of running the chapter"
    )
    args = parser.parse_args(argv)
    try:
        if args.notebook:
            notebook = nbformat.read(args.notebook, as_version=4)
        else:
            notebook = execute_chapter(args.chapter, build_dir=args.out)
        page, _ = write_page(notebook, args.out, args.chapter)
    except (AssetError, TexError, CellExecutionError) as error:
        sys.exit(f"build_html: {error}")
    print(f"wrote {page} ({page.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    sys.exit(main())
