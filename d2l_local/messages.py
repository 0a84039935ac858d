"""Every sentence the figures, the page and the exercise checks show a reader, by language.

A chapter picks its language once (``d2l.use_language('zh')``); widgets built after
that read their labels, notes and status templates from here, and hand them to their
JavaScript front end, so no wording is written twice. Templates use ``str.format``
fields in Python and ``{name}`` fields filled by ``fill`` in ``web/figure.js``.
"""

CATALOGUE = {
    "en": {
        # Controls
        "label.beta1": "β1",
        "label.beta2": "β2",
        "label.lr": "η",
        "label.eps": "ε",
        "label.C": "C",
        # The airfoil explorer
        "explorer.reference": "{name}, book defaults",
        "explorer.final": "final loss:",
        "explorer.none": "no curve shown",
        "explorer.diverged": "diverged at step {step}",
        "explorer.above_start": "(above its start {start}: not converging)",
        "explorer.rerun": "rerun {ms} ms",
        "explorer.in_page": "trained in your browser in {ms} ms",
        "explorer.error": "error: {error}",
        "explorer.x_label": "epoch",
        "explorer.y_label": "loss (log scale)",
        "explorer.page_notice": (
            "<b>Trained in your browser.</b> Every move of a slider retrains the linear "
            "regression on the airfoil data with a JavaScript copy of the chapter's "
            "<code>adam</code> and <code>yogi</code>, checked against the kernel's results. "
            "Open the notebook to train your own edits (and <code>torch.optim.Adam</code>)."
        ),
        "explorer.data_credit": (
            "Data: NASA airfoil self-noise, UCI Machine Learning Repository (CC BY 4.0); "
            "Brooks, Pope & Marcolini, 1989."
        ),
        "preset.book": "reset: book defaults",
        "preset.book.note": "The book's settings: β1 = 0.9, β2 = 0.999, η = 0.01, ε = 10⁻⁶.",
        "preset.beta2_small": "β2 too small",
        "preset.beta2_small.note": (
            "β2 = 0.9 remembers squared gradients for about 10 steps, β1 = 0.99 averages "
            "gradients over about 100: with β1² > β2 the step is no longer held near η. "
            "Move β2 back to 0.999 and compare."
        ),
        "preset.huge_eps": "huge ε",
        "preset.huge_eps.note": (
            "ε = 1 is several times √ŝ here, so the denominator is nearly the same for every "
            "coordinate and step: Adam acts like SGD with momentum at a learning rate a little "
            "below η/ε, and learns more slowly."
        ),
        "preset.big_lr": "η too large",
        "preset.big_lr.note": (
            "η = 1: Adam moves each coordinate by up to about η per step, far too much here. "
            "The loss oscillates and ends above its start, but it does not blow up: "
            "a failure to converge, not a divergence."
        ),
        # Reddi et al.'s problem
        "reddi.paper": "paper: β1 = 0, β2 = 1/(1+C²)",
        "reddi.book": "book: β1 = 0.9, β2 = 0.999",
        "reddi.status": "after {steps} steps: {points}",
        "reddi.point": "{method} x = {x}",
        "reddi.x_label": "step t",
        "reddi.x_title": "C = {C}, β1 = {beta1}, β2 = {beta2}",
        "reddi.regret_label": "average regret R_t / t",
        "reddi.regret_title": "regret against the best point x = -1",
        "reddi.page_notice": (
            "<b>Run in your browser.</b> The sliders rerun the problem with a JavaScript "
            "copy of the chapter's <code>run_reddi</code>, in double precision like Python."
        ),
        # The landscape
        "landscape.cell": "η = {lr}, β2 = {beta2}",
        "landscape.final": "{name}: {loss}",
        "landscape.diverged": "{name}: diverged",
        "landscape.click": "click: open this setting in the explorer",
        "landscape.outside": "η = {lr} lies outside the explorer's range ({low} to {high})",
    },
}

_language = "en"


def use_language(language):
    """Choose the language of every figure and check made from now on ('en', 'zh')."""
    global _language
    if language not in CATALOGUE:
        raise ValueError(f"language must be one of {sorted(CATALOGUE)}, got {language!r}")
    _language = language


def language():
    return _language


def message(key, **fields):
    """The sentence ``key`` in the chosen language, its fields filled in."""
    text = CATALOGUE[_language].get(key, CATALOGUE["en"][key])
    return text.format(**fields) if fields else text


def messages(prefix):
    """Every template whose key starts with ``prefix``, unfilled, for a front end."""
    table = {**CATALOGUE["en"], **CATALOGUE[_language]}
    return {key: text for key, text in table.items() if key.startswith(prefix)}
