// The schedule explorer (d2l_local/figures/schedule_explorer.py): sliders for η and the
// warmup W, a radio group for the decay, preset buttons, and two panels against the
// step, the learning rate η_t and the loss, for the schedule and for constant η. In
// JupyterLab the kernel retrains with the chapter's own `lr_at` and `scheduled`; on the
// page, computeSchedule (compute/schedule.js) trains a copy of them. A run that
// diverged ends in ✕ at the top of the loss panel.

import { dataTable, keepKeys, liveSummary } from "./access.js";
import {
  axes,
  currentValues,
  el,
  fill,
  follow,
  formatNumber,
  makeControls,
  makePresets,
  responsivePlot,
  saveValues,
} from "./figure.js";
import { diverged, drawRun, methodLegend, showError, timing } from "./runs.js";

/** A radio group for `choice` = {name, label, options: [{name, label}]} under `root`;
 * arrow keys move between its options, as in any radio group. */
function makeChoice(root, choice, change) {
  const row = el("div", { class: "d2l-toggles", role: "radiogroup", "aria-label": choice.label }, root);
  el("span", { class: "d2l-group-label", "aria-hidden": "true" }, row).textContent = choice.label;
  const group = `d2l-${choice.name}-${Math.random().toString(36).slice(2)}`;
  const radios = {};
  for (const option of choice.options) {
    const label = el("label", { class: "d2l-toggle" }, row);
    const radio = el("input", { type: "radio", name: group, "data-name": choice.name, value: option.name }, label);
    radio.addEventListener("change", () => change({ [choice.name]: option.name }));
    radios[option.name] = radio;
    label.append(option.label);
  }
  return (value) => { for (const [name, radio] of Object.entries(radios)) radio.checked = value === name; };
}

export function renderSchedule({ model, el: host }) {
  const spec = model.get("spec");
  const msg = spec.messages;
  const root = el("div", { class: "d2l-figure d2l-schedule" }, host);
  keepKeys(root);
  if (model.get("in_page")) el("p", { class: "d2l-notice" }, root).innerHTML = msg["schedule.page_notice"];
  const change = (update, note = "") => saveValues(model, update, note);
  const sliders = makeControls(root, spec.sliders, model.get("values"), change);
  const choices = Object.fromEntries(spec.choices.map((c) => [c.name, makeChoice(root, c, change)]));
  makePresets(root, spec.presets, (preset) => change(preset.values, preset.note));
  const note = el("p", { class: "d2l-note" }, root);
  methodLegend(root, spec.methods, (method) => method.label);
  const panels = el("div", { class: "d2l-panels" }, root);
  const xTicks = [];
  for (let t = 0; t <= spec.total; t += 50) xTicks.push(t);
  const start = spec.start_loss;

  /** A panel of `key` ("rates" or "losses"): x = the steps, y from `yRange(result)`. */
  const panel = (key, yRange, yLabel, label, log) => responsivePlot(el("div", {}, panels), {
    aspect: 0.7, minWidth: 260, maxWidth: 520, label,
    draw(frame) {
      const result = model.get("result");
      if (!result.curves) return;
      const { lo, hi, ticks } = yRange(result);
      const ax = axes(frame, {
        x: { lo: 0, hi: spec.total, ticks: xTicks, label: msg["schedule.x_label"] },
        y: { lo, hi, log, ticks, label: yLabel },
        margin: { left: 58, right: 12, top: 10, bottom: 48 },
      });
      for (const method of spec.methods) {
        const data = result.curves[method.name];
        if (!data) continue;
        const values = data[key];
        // The loss starts at the start's; the rates at step 1.
        const steps = values.map((_, i) => i + 1);
        const losses = key === "losses";
        const x = losses ? [0, ...steps] : steps, y = losses ? [start, ...values] : values;
        drawRun(frame, ax, method, data, { key, x, y, lo, hi, log, cross: losses });
      }
    },
  });

  const ratePanel = panel("rates", (result) => {
    // From 0 to a tenth above the largest η_t, ticks at quarters of η.
    const top = Math.max(...Object.values(result.curves).flatMap((c) => c.rates));
    const lr = result.values?.lr ?? currentValues(model).lr;
    return { lo: 0, hi: 1.1 * top, ticks: [0, 0.25, 0.5, 0.75, 1].map((k) => Number((k * lr).toPrecision(6))) };
  }, msg["schedule.rate_label"], msg["schedule.rate_plot"], false);
  const lossPanel = panel("losses", (result) => {
    // Up to the first tick above the highest finite loss (100 times the start stops a run).
    const finite = Object.values(result.curves).flatMap((c) => c.losses).filter((v) => v !== null);
    const highest = Math.max(start, ...finite) * 1.05;
    const ticks = spec.loss_yticks;
    const hi = ticks.find((t) => t >= highest) ?? ticks.at(-1);
    return { lo: ticks[0], hi, ticks: ticks.filter((t) => t <= hi) };
  }, msg["schedule.loss_label"], msg["schedule.loss_plot"], true);
  const status = el("div", { class: "d2l-status" }, root);
  const say = liveSummary(root);
  const showTable = dataTable(root, msg["access.table"]);

  const loss = (v) => (v === null ? "∞" : v.toFixed(4));
  const ending = (data) => (diverged(data)
    ? fill(msg["schedule.diverged"], { step: data.diverged_at })
    : fill(msg["schedule.final"], { loss: loss(data.losses.at(-1)) }));

  /** The setting and both runs' ends in words, with the highest loss of the schedule's
   * first steps; the same line for the eye and for the live region. */
  function sentence(result) {
    const values = result.values ?? currentValues(model);
    const { scheduled, constant } = result.curves;
    const first = scheduled.losses.slice(0, spec.peak_steps);
    const peak = first.includes(null) ? "∞" : (Math.max(...first) / start).toFixed(2);
    const option = spec.choices[0].options.find((o) => o.name === values.decay);
    return fill(msg["schedule.summary"], {
      lr: formatNumber(values.lr), warmup: values.warmup, decay: option?.label ?? values.decay,
      scheduled: ending(scheduled), constant: ending(constant), steps: spec.peak_steps, peak,
    });
  }

  function showResult() {
    ratePanel.redraw();
    lossPanel.redraw();
    const result = model.get("result");
    status.replaceChildren();
    if (result.error) {
      showError(status, say, msg["schedule.error"], result.error);
      return;
    }
    if (!result.curves) return;
    const text = sentence(result);
    say(text);
    const line = el("span", { "data-final": result.curves.scheduled.losses.at(-1) ?? "inf" }, status);
    line.textContent = text;
    if (diverged(result.curves.scheduled)) line.classList.add("d2l-diverged");
    timing(status, msg, "schedule", model, result.elapsed_ms);
    table(result);
  }

  /** η_t and the loss of each run at the start, every 25 steps and where each ended. */
  function table(result) {
    const runs = spec.methods.filter((m) => result.curves[m.name]);
    const steps = new Set(runs.map((m) => result.curves[m.name].losses.length));
    for (let t = 25; t <= spec.total; t += 25) steps.add(t);
    const rows = [0, ...[...steps].filter((t) => t > 0).sort((a, b) => a - b)];
    const cell = (m, key, t) => {
      const data = result.curves[m.name];
      if (t === 0) return key === "losses" ? start.toFixed(4) : "";
      if (key === "rates") return formatNumber(data.rates[t - 1]);
      return t <= data.losses.length ? loss(data.losses[t - 1]) : "";
    };
    showTable([
      msg["schedule.x_label"],
      ...runs.flatMap((m) => [
        fill(msg["schedule.rate_column"], { name: m.label }),
        fill(msg["schedule.loss_column"], { name: m.label }),
      ]),
    ], rows.map((t) => [String(t), ...runs.flatMap((m) => [cell(m, "rates", t), cell(m, "losses", t)])]));
  }

  const showValues = () => {
    const values = currentValues(model);
    for (const [name, slider] of Object.entries(sliders)) slider.show(values[name]);
    for (const [name, show] of Object.entries(choices)) show(values[name]);
  };
  const showNote = () => { note.textContent = model.get("note"); };
  return follow(model, { values: showValues, note: showNote, result: showResult });
}
