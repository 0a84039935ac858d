"""Every sentence the figures, the page and the exercise checks show a reader, by language.

A chapter picks its language once (``d2l.use_language('zh')``); widgets built after
that read their labels, notes and status templates from here, and hand them to their
JavaScript front end, so no wording is written twice. Templates use ``str.format``
fields in Python and ``{name}`` fields filled by ``fill`` in ``web/text.js``.
"""

from .en import EN
from .zh import TEXTS_ZH, ZH

CATALOGUE = {"en": EN, "zh": ZH}

# What the chapters print and draw (table headers, verdicts, axis labels, legends), by
# language: the English text itself is the key, so the English code reads as it prints.
TEXTS = {"zh": TEXTS_ZH}

_language = "en"
_followers = []  # what follows the language, such as the figures' fonts (book/plotting.py)


def use_language(language):
    """Choose the language of every figure and check made from now on ('en', 'zh')."""
    global _language
    if language not in CATALOGUE:
        raise ValueError(f"language must be one of {sorted(CATALOGUE)}, got {language!r}")
    _language = language
    for follow in _followers:
        follow(language)


def follow_language(callback):
    """Call ``callback(language)`` at every ``use_language`` (and now, unless English):
    how matplotlib's fonts follow the language without the catalogue importing it."""
    _followers.append(callback)
    if _language != "en":
        callback(_language)


def language():
    return _language


def message(key, **fields):
    """The sentence ``key`` in the chosen language, its fields filled in."""
    text = CATALOGUE[_language].get(key, CATALOGUE["en"][key])
    return text.format(**fields) if fields else text


def messages(prefix):
    """Every template whose key starts with ``prefix``, unfilled, for a front end, with
    the punctuation that joins the parts of a status line (``punct.*``) and the words
    every figure shares (``access.*``)."""
    table = {**CATALOGUE["en"], **CATALOGUE[_language]}
    return {
        key: text for key, text in table.items() if key.startswith((prefix, "punct.", "access."))
    }


def tr(text, **fields):
    """``text`` (what a chapter prints or draws, written in English) in the chosen
    language, its ``str.format`` fields filled in; English where no translation exists."""
    text = TEXTS.get(_language, {}).get(text, text)
    return text.format(**fields) if fields else text
