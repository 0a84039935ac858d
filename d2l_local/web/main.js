// The bundle's face: anywidget calls `render` for every figure, which draws the kind
// of figure its model names; the exported page also calls `computers[kind]` in place
// of a kernel (tools/html_template/adam/runtime.js), and writes numbers in the
// figures' own way (formatNumber). tools/bundle_web.py bundles this module and what
// it imports into bundle.js, which d2l_local/figures/widget.py loads.

import { computeDecay } from "./compute/decay.js";
import { computeExplorer } from "./compute/explorer.js";
import { computePaths } from "./compute/paths.js";
import { computeReddi } from "./compute/reddi.js";
import { computeSchedule } from "./compute/schedule.js";
import { renderDecay } from "./render/decay.js";
import { renderExplorer } from "./render/explorer.js";
import { renderLandscape } from "./render/landscape.js";
import { renderPaths } from "./render/paths.js";
import { renderReddi } from "./render/reddi.js";
import { renderSchedule } from "./render/schedule.js";

export { formatNumber } from "./render/figure.js";

const RENDERERS = {
  explorer: renderExplorer,
  reddi: renderReddi,
  landscape: renderLandscape,
  paths: renderPaths,
  decay: renderDecay,
  schedule: renderSchedule,
};

export const computers = {
  explorer: computeExplorer,
  reddi: computeReddi,
  paths: computePaths,
  decay: computeDecay,
  schedule: computeSchedule,
};

export default {
  render({ model, el: host }) {
    const kind = model.get("kind");
    if (!(kind in RENDERERS)) throw new Error(`no figure of kind ${kind}`);
    return RENDERERS[kind]({ model, el: host });
  },
};
