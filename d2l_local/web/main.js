// The bundle's face: anywidget calls `render` for every figure, which draws the kind
// of figure its model names; the exported page also calls `computers[kind]` in place
// of a kernel (tools/page/runtime.js).

const RENDERERS = {
  explorer: renderExplorer,
  reddi: renderReddi,
  landscape: renderLandscape,
  paths: renderPaths,
};

export const computers = {
  explorer: computeExplorer,
  reddi: computeReddi,
  paths: computePaths,
};

export default {
  render({ model, el: host }) {
    const kind = model.get("kind");
    if (!(kind in RENDERERS)) throw new Error(`no figure of kind ${kind}`);
    return RENDERERS[kind]({ model, el: host });
  },
};
