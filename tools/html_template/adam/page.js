// The page's contents (tools/page_nav.py): open beside the text on a wide screen, a
// menu at the top on a narrow one, and the section being read marked in both.

const contents = document.querySelector(".d2l-contents");
if (contents) {
  const menu = contents.querySelector("details");
  const wide = matchMedia("(min-width: 75rem)");
  const fit = () => { menu.open = wide.matches; };
  fit();
  wide.addEventListener("change", fit);
  // On a narrow screen a chosen section closes the menu, so that the text shows.
  contents.addEventListener("click", (event) => {
    if (event.target.closest("a") && !wide.matches) menu.open = false;
  });

  // Keyed by the id as written (nbconvert percent-encodes the ids of non-ASCII headings).
  const links = new Map([...contents.querySelectorAll("a[href^='#']")].map((a) => [
    a.getAttribute("href").slice(1), a,
  ]));
  const sections = [...links.keys()].map((id) => document.getElementById(id)).filter(Boolean);
  let current = null;
  /** The section being read: the last heading above the top third of the window. */
  const follow = () => {
    const line = innerHeight / 3;
    let reading = null;
    for (const heading of sections) {
      if (heading.getBoundingClientRect().top <= line) reading = heading;
      else break;
    }
    const link = reading ? links.get(reading.id) : null;
    if (link === current) return;
    current?.removeAttribute("aria-current");
    current = link;
    if (!link) return;
    link.setAttribute("aria-current", "location");
    if (wide.matches) keepInView(link);
  };
  /** Scroll the column (never the page) so that `link` shows in it. */
  const keepInView = (link) => {
    const top = link.offsetTop - contents.offsetTop;
    if (top < contents.scrollTop) contents.scrollTop = top;
    else if (top + link.offsetHeight > contents.scrollTop + contents.clientHeight) {
      contents.scrollTop = top + link.offsetHeight - contents.clientHeight;
    }
  };
  let queued = false;
  addEventListener("scroll", () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; follow(); });
  }, { passive: true });
  follow();
}
