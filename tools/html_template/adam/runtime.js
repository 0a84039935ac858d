// The exported page's stand-in for a kernel. nbconvert leaves, for each figure, a
// <script type="...widget-view+json"> naming a model, and the build adds the figures'
// saved state and their front end (the bundle of d2l_local/web) once. For every view we
// give the bundle a small model of our own, and when a figure saves new values the
// bundle's `computers[kind]` (the JavaScript copy of the lesson code) answers as the
// kernel would. Links like #explore?lr=0.02&beta2=0.995 (or #schedule?lr=0.1&warmup=30&
// decay=cosine, a choice by its name) set a figure and scroll to it,
// and the address follows the sliders; in print, each such figure has its setting and
// that link written under it.

const VIEW_TYPE = "application/vnd.jupyter.widget-view+json";
const STATE_TYPE = "application/vnd.jupyter.widget-state+json";

/** The part of anywidget's model API a figure uses: get, set, on, off, save_changes. */
function pageModel(state, compute, onSaved) {
  const data = { ...structuredClone(state), in_page: true };
  const listeners = new Map();  // event name -> Set of callbacks
  const emit = (key) => {
    for (const name of [`change:${key}`, "change"]) {
      for (const callback of [...(listeners.get(name) ?? [])]) callback(model, data[key]);
    }
  };
  let unsaved = new Set();
  const model = {
    get: (key) => data[key],
    set(key, value) {
      data[key] = value;
      unsaved.add(key);
      emit(key);
    },
    on(name, callback) {
      if (!listeners.has(name)) listeners.set(name, new Set());
      listeners.get(name).add(callback);
    },
    off(name, callback) {
      if (!name) listeners.clear();
      else if (!callback) listeners.delete(name);
      else listeners.get(name)?.delete(callback);
    },
    // Answer at once, as a fast kernel would: the figure redraws in the same frame.
    save_changes() {
      const changed = [...unsaved];
      unsaved = new Set();
      if (!changed.length) return;
      if (changed.includes("values")) model.recompute();
      onSaved?.(model, changed);
    },
    send() {},  // custom messages need a kernel
    /** Compute for the current values without it counting as the reader's change. */
    recompute() {
      if (!compute) return;
      for (const [key, value] of Object.entries(compute(data))) {
        data[key] = value;
        emit(key);
      }
    },
  };
  return model;
}

/** `{name: value}` from "#explore?lr=0.02&beta1=0.8" if the fragment names `figure`. */
function fragmentValues(figure, hash = location.hash) {
  const [name, query] = hash.replace(/^#/, "").split("?");
  if (name !== figure || query === undefined) return null;
  return Object.fromEntries(new URLSearchParams(query));
}

/** The values a link asks for, each checked against its slider (a whole number where
 * the slider moves by whole steps) or its choice (spec.choices: {name, options}); bad
 * ones are named. A slider's old name in a link (spec.renamed: {old: new}) still
 * reaches it. */
function valuesFromLink(spec, asked) {
  const values = {};
  const refused = [];
  for (const [key, text] of Object.entries(asked)) {
    const name = spec.renamed?.[key] ?? key;
    const slider = spec.sliders.find((s) => s.name === name);
    const choice = spec.choices?.find((c) => c.name === name);
    const value = Number(text);
    if (slider && text.trim() !== "" && Number.isFinite(value)
        && value >= slider.low && value <= slider.high
        && !(slider.step === 1 && !Number.isInteger(value))) {
      values[name] = value;
    } else if (choice?.options.some((o) => o.name === text)) {
      values[name] = text;
    } else {
      refused.push(`${name}=${text}`);
    }
  }
  if (refused.length) console.warn(`the link's ${refused.join(", ")} ignored: not a value of a control`);
  return values;
}

/** "explore?lr=0.01&beta1=0.9&...": the fragment of a link to the figure's setting. */
function settingFragment(model, format) {
  const spec = model.get("spec");
  const values = model.get("values");
  const query = [
    ...spec.sliders.map((s) => `${s.name}=${format(values[s.name])}`),
    ...(spec.choices ?? []).map((c) => `${c.name}=${encodeURIComponent(values[c.name])}`),
  ].join("&");
  return `${spec.fragment}?${query}`;
}

/** The address of the figure's current setting, without a new history entry. */
function writeFragment(model, format) {
  history.replaceState(null, "", `#${settingFragment(model, format)}`);
}

/** The figure's setting for paper, kept up to date under the figure (page.css shows it
 * in print only): each slider's value, the problem and Adam's switches where the
 * figure has them, and the link that reopens the sliders' setting. Words come from the
 * figure's own catalogue, so they are in the page's language. */
function printedSetting(model, format) {
  const caption = document.createElement("p");
  caption.className = "d2l-print-setting";
  const link = document.createElement("a");
  const page = decodeURIComponent(location.pathname.split("/").pop());
  const update = () => {
    const spec = model.get("spec");
    const msg = spec.messages;
    const values = model.get("values");
    const parts = spec.sliders.map((s) => `${s.label} = ${format(values[s.name])}`);
    const problem = spec.problems?.find((p) => p.name === values.problem);
    if (problem) parts.push(problem.label);
    for (const choice of spec.choices ?? []) {
      const option = choice.options.find((o) => o.name === values[choice.name]);
      if (option) parts.push(option.label);
    }
    for (const [name, on] of Object.entries(values)) {
      const label = msg[`${model.get("kind")}.${name}`];
      if (typeof on === "boolean" && label) parts.push(`${on ? "\u2611" : "\u2610"} ${label}`);
    }
    const fragment = settingFragment(model, format);
    link.href = `${page}#${fragment}`;
    link.textContent = `${page}#${fragment}`;
    caption.replaceChildren(parts.join(msg["punct.list"]), " \u2014 ", link);
  };
  update();
  model.on("change:values", update);
  return caption;
}

export async function renderFigures(bundleSource) {
  const stateScript = document.querySelector(`script[type="${STATE_TYPE}"]`);
  if (!stateScript) return;
  const saved = JSON.parse(stateScript.textContent).state;
  const url = URL.createObjectURL(new Blob([bundleSource], { type: "text/javascript" }));
  const bundle = await import(url);
  URL.revokeObjectURL(url);
  const figure = bundle.default;
  const models = new Map();  // model id -> model, shared by its views
  const byFragment = new Map();  // fragment name -> {model, el}

  const saved_ = (model, changed) => {
    if (changed.includes("values") && model.get("spec").fragment) {
      writeFragment(model, bundle.formatNumber);
    }
    if (changed.includes("values") && model.get("kind") === "landscape") openInExplorer(model);
  };

  function openInExplorer(landscape) {
    const picked = landscape.get("values").picked;
    const target = byFragment.get(landscape.get("spec").opens);
    if (!picked || !target) return;
    const book = target.model.get("spec").defaults;
    target.model.set("values", { ...target.model.get("values"), ...book, ...picked });
    target.model.set("note", "");
    target.model.save_changes();
    const still = matchMedia("(prefers-reduced-motion: reduce)").matches;
    target.el.scrollIntoView({ behavior: still ? "auto" : "smooth", block: "start" });
  }

  for (const script of document.querySelectorAll(`script[type="${VIEW_TYPE}"]`)) {
    const id = JSON.parse(script.textContent).model_id;
    const entry = saved[id];
    if (entry?.model_module !== "anywidget") continue;
    const el = document.createElement("div");
    el.className = "d2l-page-figure";
    script.replaceWith(el);
    if (!models.has(id)) {
      const model = pageModel({ result: {}, ...entry.state }, bundle.computers[entry.state.kind],
        saved_);
      model.recompute();  // the saved state has no result: the page computes its own
      models.set(id, model);
    }
    const model = models.get(id);
    const fragment = model.get("spec").fragment;
    if (fragment && !byFragment.has(fragment)) byFragment.set(fragment, { model, el });
    try {
      figure.render({ model, el });
      if (fragment) el.append(printedSetting(model, bundle.formatNumber));
    } catch (error) {
      el.textContent = `This figure could not be drawn: ${error.message}`;
      console.error(error);
    }
  }

  const followLink = (scroll) => {
    for (const [fragment, { model, el }] of byFragment) {
      const asked = fragmentValues(fragment);
      if (!asked) continue;
      const values = valuesFromLink(model.get("spec"), asked);
      const book = model.get("spec").defaults ?? {};
      model.set("values", { ...model.get("values"), ...book, ...values });
      model.set("note", "");
      model.save_changes();
      if (scroll) el.scrollIntoView({ block: "start" });
    }
  };
  followLink(true);
  window.addEventListener("hashchange", () => followLink(true));
  document.documentElement.dataset.figures = "ready";
}
