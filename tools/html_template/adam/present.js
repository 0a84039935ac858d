// Projector mode: the page shown one section (from a heading to the next) or one figure
// at a time, in large type, for a class. Entered by the button in the contents, the key
// P or a link to #present (#present/3 for the third slide); → PageDown Space move on,
// ← PageUp back (PageDown and Space first scroll a slide taller than the screen), Home
// and End, and Escape leaves, back where the page was.
//
// Nothing is moved or copied: the page's own blocks (a heading and its paragraphs, a
// cell's code, each output) are shown or hidden where they stand, so every figure keeps
// its listeners, its state and its link, and leaving only takes the classes off again.
// present.css gives the sizes, on screens only: paper prints the whole page.

const button = document.querySelector(".d2l-present");
const main = document.querySelector("main");
const root = document.documentElement;
if (button && main) {
  const said = JSON.parse(button.dataset.words);
  const fill = (text, fields) => text.replace(/\{(\w+)\}/g, (_, key) => fields[key]);
  const still = matchMedia("(prefers-reduced-motion: reduce)");
  const FIGURE = ".d2l-page-figure, .jp-RenderedSVG, .jp-RenderedImage, "
    + "script[type='application/vnd.jupyter.widget-view+json']";
  const LINK = /^#present(?:\/(\d+))?$/;

  // The bar at the foot of the screen, and the polite voice that names each slide (kept
  // outside the bar: a live region must be in the page before it speaks).
  const live = document.createElement("p");
  live.className = "d2l-present-live";
  live.setAttribute("aria-live", "polite");
  const bar = document.createElement("nav");
  bar.className = "d2l-present-bar";
  bar.setAttribute("aria-label", said.bar);
  bar.hidden = true;
  const control = (label, symbol, action) => {
    const b = document.createElement("button");
    b.type = "button";
    b.setAttribute("aria-label", label);
    b.title = label;
    b.textContent = symbol;
    b.addEventListener("click", action);
    bar.append(b);
    return b;
  };
  const back = control(said.previous, "\u2190", () => go(current - 1));
  const count = document.createElement("span");
  count.className = "d2l-present-count";
  bar.append(count);
  const next = control(said.next, "\u2192", () => go(current + 1));
  const where = document.createElement("span");
  where.className = "d2l-present-title";
  const keys = document.createElement("span");
  keys.className = "d2l-present-keys";
  keys.textContent = said.keys;
  bar.append(where, keys);
  const leaveButton = control(said.leave, "\u00d7", () => leave());
  leaveButton.classList.add("d2l-present-leave");
  document.body.append(bar, live);

  let slides = [];
  let current = -1;
  let first = -1;  // the slide the mode opened on
  let saved = null;  // {y, focus, hash} of the page before
  let fade = null;  // the slide's fade in, unless the reader asks for less motion

  /** The heading's words without its ¶ link. */
  const headingText = (heading) => {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".anchor-link").forEach((a) => a.remove());
    return copy.textContent.trim();
  };

  /** [{title, figure, blocks}] in page order: a new slide at each h1-h3 and for each
   * output that holds a figure; what follows a figure in its section is its own slide. */
  function makeSlides() {
    const made = [];
    let section = document.title;
    let slide = null;
    const open = (title, figure) => {
      slide = { title, figure, section, blocks: [] };
      made.push(slide);
    };
    const add = (block, { heading = false, figure = false } = {}) => {
      if (heading) {
        section = headingText(block);
        open(section, false);
      } else if (figure) {
        open(fill(said.figure, { title: section }), true);
      } else if (!slide || slide.figure) {  // what follows a figure in its section
        const before = made.some((s) => !s.figure && s.section === section);
        open(before ? fill(said.continued, { title: section }) : section, false);
      }
      slide.blocks.push(block);
      block.classList.add("d2l-slide-part");
    };
    for (const cell of main.querySelectorAll(":scope > .jp-Cell")) {
      cell.classList.add("d2l-slide-part");
      cell.querySelector(".jp-Cell-outputWrapper")?.classList.add("d2l-slide-part");
      const markdown = cell.querySelector(".jp-RenderedMarkdown");
      if (cell.classList.contains("jp-MarkdownCell")) {
        for (const block of markdown?.children ?? []) {
          add(block, { heading: /^H[1-3]$/.test(block.tagName) });
        }
        continue;
      }
      const input = cell.querySelector(".jp-Cell-inputWrapper");
      if (input) add(input);
      for (const output of cell.querySelectorAll(".jp-OutputArea-child")) {
        add(output, { figure: output.querySelector(FIGURE) !== null });
      }
    }
    return made;
  }

  const presenting = () => root.classList.contains("d2l-presenting");
  const scroller = document.scrollingElement;

  /** Show slide `i` alone, at the top of the screen, its figure as large as fits. */
  function go(i, { announce = true } = {}) {
    if (!presenting()) return;
    i = Math.max(0, Math.min(slides.length - 1, i));
    if (i === current) return;
    for (const part of main.querySelectorAll(".d2l-on")) part.classList.remove("d2l-on");
    current = i;
    const slide = slides[i];
    for (const block of slide.blocks) {
      for (let node = block; node && node !== main; node = node.parentElement) {
        node.classList.add("d2l-on");
      }
    }
    root.classList.toggle("d2l-present-figure", slide.figure);
    scroller.scrollTop = 0;
    fit();
    count.textContent = `${i + 1} / ${slides.length}`;
    where.textContent = slide.title;
    back.disabled = i === 0;
    next.disabled = i === slides.length - 1;
    if (LINK.test(location.hash) || !location.hash) {
      history.replaceState(null, "", `#present/${i + 1}`);
    }
    fade?.cancel();
    if (!still.matches) {
      fade = main.animate([{ opacity: 0.35 }, { opacity: 1 }], { duration: 180, easing: "ease-out" });
    }
    // Focus stays on a button of the bar; anywhere else it goes to the slide.
    if (!bar.contains(document.activeElement) || document.activeElement.disabled) {
      main.focus({ preventScroll: true });
    }
    if (announce) say(fill(said.slide, { n: i + 1, total: slides.length, title: slide.title }));
  }

  /** The message for the polite live region (set anew, so that a repeat is read too). */
  function say(text) {
    live.textContent = "";
    requestAnimationFrame(() => { live.textContent = text; });
  }

  /** The figure of a figure slide at the largest width (of 16, from the slide's down to
   * 3/8 of it) at which the slide fits the screen, or the one that comes nearest;
   * a figure's height is not monotonic in its width (its controls wrap). */
  function fit() {
    main.style.removeProperty("--d2l-fit");
    if (!slides[current]?.figure) return;
    const height = () => scroller.scrollHeight;
    if (height() <= innerHeight) return;
    const full = main.clientWidth;
    let best = { width: full, height: height() };
    for (let k = 1; k < 16; k++) {
      const width = Math.round(full * (1 - k / 24));
      main.style.setProperty("--d2l-fit", `${width}px`);
      const h = height();
      if (h <= innerHeight) return;
      if (h < best.height) best = { width, height: h };
    }
    main.style.setProperty("--d2l-fit", `${best.width}px`);
  }

  /** The slide that holds what the reader is reading: the last block above the top
   * third of the window. */
  function slideAtReadingLine() {
    const line = innerHeight / 3;
    let found = 0;
    slides.forEach((slide, i) => {
      const top = slide.blocks[0].getBoundingClientRect().top;
      if (top <= line && slide.blocks[0].getClientRects().length) found = i;
    });
    return found;
  }

  function enter(at) {
    if (presenting()) return;
    slides = makeSlides();
    if (!slides.length) return;
    const start = at ?? slideAtReadingLine();
    saved = { y: scroller.scrollTop, focus: document.activeElement, hash: location.hash };
    main.tabIndex = -1;
    root.classList.add("d2l-presenting");
    bar.hidden = false;
    current = -1;
    go(start, { announce: false });
    first = current;
    say(said.entered + fill(said.slide, {
      n: current + 1, total: slides.length, title: slides[current].title,
    }));
  }

  function leave() {
    if (!presenting()) return;
    const shown = slides[current];
    for (const part of main.querySelectorAll(".d2l-on")) part.classList.remove("d2l-on");
    root.classList.remove("d2l-presenting", "d2l-present-figure");
    main.style.removeProperty("--d2l-fit");
    main.removeAttribute("tabindex");
    bar.hidden = true;
    if (LINK.test(location.hash)) {
      const hash = LINK.test(saved.hash) ? "" : saved.hash;
      history.replaceState(null, "", location.pathname + location.search + hash);
    }
    // Back where the page was, or, after moving on, at the slide last shown.
    if (current === first) scroller.scrollTop = saved.y;
    else shown.blocks[0].scrollIntoView({ block: "start" });
    const back = saved.focus?.isConnected && saved.focus !== document.body ? saved.focus : button;
    back.focus({ preventScroll: true });
    current = first = -1;
    say(said.left);
  }

  /** Forward by a screen while the slide goes on below, then to the next slide. */
  function forward() {
    const rest = scroller.scrollHeight - innerHeight - scroller.scrollTop;
    if (rest > 0.5) scrollBy({ top: Math.min(rest, pageStep()), behavior: motion() });
    else go(current + 1);
  }

  function backward() {
    if (scroller.scrollTop > 0.5) scrollBy({ top: -pageStep(), behavior: motion() });
    else go(current - 1);
  }

  const pageStep = () => innerHeight - bar.offsetHeight - 48;
  const motion = () => (still.matches ? "auto" : "smooth");
  // Where a letter is text: a field, not a slider, switch or radio button.
  const typing = (target) => target.closest?.(
    "input:not([type=range], [type=checkbox], [type=radio]), textarea, select, [contenteditable]");
  const pressable = (target) => target.closest?.("button, a[href], summary, [role=button]");
  const plain = (event) => !(event.altKey || event.ctrlKey || event.metaKey);

  button.addEventListener("click", () => enter());

  // The key P can be turned off in the contents (WCAG 2.1.4), and stays off in this
  // browser (localStorage, when the page may keep it).
  const keySwitch = document.querySelector(".d2l-present-key input");
  const KEPT = "d2l-present-key";
  const keep = (value) => { try { localStorage.setItem(KEPT, value); } catch { /* not kept */ } };
  const shortcut = () => !keySwitch || keySwitch.checked;
  const showShortcut = () => {
    if (shortcut()) button.setAttribute("aria-keyshortcuts", "p");
    else button.removeAttribute("aria-keyshortcuts");
  };
  if (keySwitch) {
    try { keySwitch.checked = localStorage.getItem(KEPT) !== "off"; } catch { /* on */ }
    keySwitch.addEventListener("change", () => { keep(keySwitch.checked ? "on" : "off"); showShortcut(); });
  }
  showShortcut();

  // A clicker's keys (PageDown, PageUp) move the slides wherever the focus is, even on
  // a figure's slider (whose own keys, arrows among them, stay the figure's).
  addEventListener("keydown", (event) => {
    if (!presenting() || !plain(event)) return;
    if (event.key !== "PageDown" && event.key !== "PageUp") return;
    event.preventDefault();
    event.stopPropagation();
    if (event.key === "PageDown") forward();
    else backward();
  }, true);

  addEventListener("keydown", (event) => {
    if (event.defaultPrevented || !plain(event)) return;
    const key = event.key;
    if ((key === "p" || key === "P") && shortcut() && !typing(event.target)) {
      event.preventDefault();
      if (presenting()) leave();
      else enter();
      return;
    }
    if (!presenting()) return;
    if (key === "Escape") leave();
    else if (typing(event.target)) return;
    else if (key === "ArrowRight") go(current + 1);
    else if (key === "ArrowLeft") go(current - 1);
    else if (key === "Home") go(0);
    else if (key === "End") go(slides.length - 1);
    else if (key === " " && !pressable(event.target)) {
      if (event.shiftKey) backward();
      else forward();
    } else return;
    event.preventDefault();
  });

  addEventListener("resize", () => { if (presenting()) fit(); });

  /** #present, or #present/N: open there (once the figures are drawn, so that they
   * fit), or, in the mode, go there. */
  const follow = () => {
    const asked = LINK.exec(location.hash);
    if (!asked) return;
    const at = asked[1] ? Number(asked[1]) - 1 : 0;
    if (presenting()) return go(at);
    const start = () => enter(at);
    const drawing = document.getElementById("d2l-figures") && root.dataset.figures !== "ready";
    if (!drawing) return start();
    new MutationObserver((_, observer) => {
      if (root.dataset.figures !== "ready") return;
      observer.disconnect();
      start();
    }).observe(root, { attributes: true, attributeFilter: ["data-figures"] });
  };
  addEventListener("hashchange", follow);
  follow();
}
