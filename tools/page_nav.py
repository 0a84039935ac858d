"""The exported pages' navigation: contents that follow the reader, and the pages in order.

A page of this book is long; its readers expect what long texts on the web give them.
Each page gets its contents, made from its own section headings (h2 and h3, with the
ids nbconvert gave them): a column beside the text on a wide screen, a menu that stays
at the top on a phone (``page.js`` marks the section being read). And at its end, links
to the previous and the next page, in the order of ``PAGES``, so that the lesson, its
companions and the worked solutions read as one book; a page links to the pages of its
own language. The contents also hold the button of projector mode (``present.js``),
which gets its words, in the page's language, from here.
"""

import html
import json
import re
from pathlib import Path

import jupytext

from d2l_local.messages import CATALOGUE

# The order in which the book's pages are read; a page that does not exist is skipped.
PAGES = ("adam", "adam_in_depth", "adam_in_practice", "adam_solutions", "teaching_adam")
HEADING = re.compile(r'<h([23]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
PLACEHOLDER = "<!--d2l-contents-->"


def words(language):
    """The navigation's words in ``language``."""
    return {
        key.removeprefix("page."): text
        for key, text in CATALOGUE[language].items()
        if key.startswith("page.")
    }


def headings(page_html):
    """``[(level, id, text)]`` of the page's h2 and h3 headings, in order."""
    found = []
    for level, anchor, inner in HEADING.findall(page_html):
        text = re.sub(r"<a[^>]*class=\"anchor-link\"[^>]*>.*?</a>", "", inner, flags=re.S)
        text = html.unescape(re.sub(r"<[^>]+>", "", text)).strip()
        found.append((int(level), anchor, text))
    return found


def contents(page_html, language):
    """The contents of the page as a <nav>, nested by heading level."""
    items, open_sublist = [], False
    for level, anchor, text in headings(page_html):
        link = f'<a href="#{anchor}">{html.escape(text)}</a>'
        if level == 3 and items:
            items[-1] += ("" if open_sublist else "<ol>") + f"<li>{link}</li>"
            open_sublist = True
            continue
        if open_sublist:
            items[-1] += "</ol>"
            open_sublist = False
        items.append(f"<li>{link}")
    if open_sublist:
        items[-1] += "</ol>"
    label = html.escape(words(language)["contents"])
    entries = "".join(f"{item}</li>" for item in items)
    return (
        f'<nav class="d2l-contents" aria-label="{label}">{present_button(language)}<details>'
        f"<summary>{label}</summary><ol>{entries}</ol>{present_key(language)}</details></nav>"
    )


def present_button(language):
    """The button that starts projector mode; it carries the mode's words."""
    said = {
        key.removeprefix("present_"): text
        for key, text in words(language).items()
        if key.startswith("present_")
    }
    return (
        f'<button type="button" class="d2l-present" aria-keyshortcuts="p" '
        f'title="{html.escape(said["help"])}" '
        f"data-words='{html.escape(json.dumps(said, ensure_ascii=False))}'>"
        f"{html.escape(words(language)['present'])}</button>"
    )


def present_key(language):
    """The switch that turns the one-letter shortcut P off (WCAG 2.1.4: a reader who
    speaks commands or presses keys by accident can keep P from starting the mode)."""
    said = html.escape(words(language)["present_key"])
    return f'<label class="d2l-present-key"><input type="checkbox" checked> {said}</label>'


def with_contents(page_html, language):
    """The page with its contents in place of the template's placeholder."""
    return page_html.replace(PLACEHOLDER, contents(page_html, language), 1)


def title(chapter):
    """The first level-1 heading of a chapter's source, as the page shows it."""
    for cell in jupytext.read(chapter).cells:
        heading = re.search(r"^#\s+(.+)$", cell.source, re.M)
        if cell.cell_type == "markdown" and heading:
            return re.sub(r"<[^>]+>", "", heading[1]).strip()
    return Path(chapter).stem


def neighbours(chapter):
    """``(previous, next)`` chapter sources of ``chapter`` in its language, or None."""
    chapter = Path(chapter)
    suffix = "_zh" if chapter.stem.endswith("_zh") else ""
    order = [chapter.with_name(f"{name}{suffix}.py") for name in PAGES]
    order = [path for path in order if path.exists()]
    if chapter not in order:
        return None, None
    i = order.index(chapter)
    return (order[i - 1] if i > 0 else None), (order[i + 1] if i + 1 < len(order) else None)


def pager(chapter, language):
    """Links to the previous and the next page, as a <nav> (empty for a lone page)."""
    previous, following = neighbours(chapter)
    said = words(language)
    links = [
        f'<a rel="{rel}" class="d2l-{rel}" href="{path.stem}.html">'
        f'<span class="d2l-pager-word">{html.escape(said[word])}</span> '
        f"{html.escape(title(path))}</a>"
        for rel, word, path in (("prev", "previous", previous), ("next", "next", following))
        if path is not None
    ]
    if not links:
        return ""
    label = html.escape(said["pages"])
    return f'<nav class="d2l-pager" aria-label="{label}">{"".join(links)}</nav>'
