"""axe-core (pinned in tools/npm_assets.py) run on an open page: the WCAG 2.0, 2.1 and
2.2 A and AA rules, and a report that names each rule and each element it found.

Used by tests/page/test_accessibility.py; ``python tests/axe.py build/*.html`` prints the table of
violating nodes per page, scheme and rule (what the issue's note quotes).
"""

import sys
from collections import Counter
from pathlib import Path

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SCHEMES = ("light", "dark")
VIEWPORT = {"width": 1100, "height": 900}
# The page is ready when its figures are drawn (runtime.js); a page without any is
# ready once loaded.
READY = """() => !document.getElementById('d2l-figures')
  || document.documentElement.dataset.figures === 'ready'"""
RUN = """async ([tags, within]) => {
  const context = within ? document.querySelectorAll(within) : document;
  const found = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                        resultTypes: ['violations']});
  return found.violations.map(v => ({rule: v.id, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html}))}));
}"""


def axe_source():
    from tools.npm_assets import package_dir

    return (package_dir("axe-core") / "axe.min.js").read_text()


def violations(page, source, within=None):
    """``[{rule, help, nodes: [{target, html}]}]`` of the page as it stands now, or of
    the elements the CSS selector ``within`` finds."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=source)
    return page.evaluate(RUN, [TAGS, within])


def counts(found):
    """Violating nodes per rule."""
    return Counter({v["rule"]: len(v["nodes"]) for v in found})


def report(found, limit=5):
    """One line per rule, then each element (its selector and its html, shortened)."""
    lines = []
    for v in found:
        lines.append(f"{v['rule']} ({len(v['nodes'])} nodes): {v['help']}")
        for node in v["nodes"][:limit]:
            lines.append(f"    {node['target']}  {node['html'][:160]}")
        if len(v["nodes"]) > limit:
            lines.append(f"    ... and {len(v['nodes']) - limit} more")
    return "\n".join(lines)


def main(pages):
    from tools.browser import block_network, chromium

    source = axe_source()
    print("| page | scheme | nodes | rules |\n| --- | --- | --- | --- |")
    with chromium() as browser:
        for path in pages:
            for scheme in SCHEMES:
                page = browser.new_page(color_scheme=scheme, viewport=VIEWPORT)
                block_network(page)
                page.goto(Path(path).resolve().as_uri())
                page.wait_for_function(READY, timeout=60_000)
                found = counts(violations(page, source))
                rules = ", ".join(f"`{rule}` {n}" for rule, n in found.most_common()) or "none"
                print(f"| {Path(path).stem} | {scheme} | {sum(found.values())} | {rules} |")
                page.close()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    main(sys.argv[1:])
