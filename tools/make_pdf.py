"""`make pdf`: each exported page as a printed handout, ``build/<chapter>.pdf``.

Chromium prints the page (``build/<chapter>.html``, from ``make html``) as a reader's
browser would: the print rules live in the page's own stylesheet (``@media print`` and
``@page`` in ``html_template/adam/page.css``), so Print in a browser gives the same
pages. Here we only wait until the interactive figures are drawn, so that each prints
as it stands, with its setting and link under it.

Usage: python -m tools.make_pdf [PAGE.html ...]   (default: every build/<chapter>.html)
"""

import argparse
import sys
from pathlib import Path

from .browser import chromium, open_offline_page
from .build_html import chapters
from .run_chapter import BUILD


def print_page(browser, page_path, out, color_scheme="light"):
    """Print ``page_path`` (an exported page) to ``out`` (a PDF); return ``out``."""
    page = open_offline_page(browser, page_path, color_scheme=color_scheme)
    try:
        page.evaluate("document.fonts.ready.then(() => true)")
        # The page's @page rule sets paper and margins, as in a browser's Print.
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    finally:
        page.close()
    return Path(out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, nargs="*", help="exported pages (default: all)")
    args = parser.parse_args(argv)
    pages = args.pages or [BUILD / f"{chapter.stem}.html" for chapter in chapters()]
    missing = [str(page) for page in pages if not page.exists()]
    if missing:
        sys.exit(f"make_pdf: no page {', '.join(missing)}: run `make html` first")
    with chromium() as browser:
        for page in pages:
            out = print_page(browser, page, page.with_suffix(".pdf"))
            print(f"wrote {out} ({out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    sys.exit(main())
