"""Word forms a query stands for: possessives folded, glob wildcards, lemmas (or stems).

- :func:`fold_possessive`: ``iran's`` -> ``iran`` (contractions such as ``it's`` and
  ``let's`` are not possessives and stay as written);
- :func:`is_glob` and :func:`glob_pattern`: ``sanction*``, ``*-based``, ``colo?r`` as a
  pattern that must match a whole token;
- :func:`lemmatize`: each term's lemma by simplemma (English and the ParlaMint languages;
  the optional extra ``turnkit[lemma]``), or its Snowball stem where simplemma is absent or
  does not know the language.

Tokens keep their written form: folding and lemmas only decide which forms a query matches
and which forms a count puts together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from kit.errors import KitError

__all__ = ["CONTRACTIONS", "fold_possessive", "fold_possessives", "glob_pattern", "is_glob",
           "lemmatize"]

#: Words ending in 's that are a contraction of "is", "has" or "us", not possessives.
CONTRACTIONS = frozenset({
    "it's", "that's", "what's", "he's", "she's", "there's", "here's", "who's", "let's",
    "where's", "how's", "when's", "why's", "this's",
})
_GLOB = "*?"
# Characters the Rust regex syntax reads as operators (escaped in glob patterns).
_META = set(r"\.+()[]{}|^$#&-~")
# ISO 639-1 codes -> Snowball's language names, for the stem fallback.
_SNOWBALL = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "cs": "czech",
    "da": "danish", "nl": "dutch", "en": "english", "et": "estonian", "fi": "finnish",
    "fr": "french", "de": "german", "el": "greek", "hu": "hungarian", "id": "indonesian",
    "ga": "irish", "it": "italian", "lt": "lithuanian", "no": "norwegian", "nb": "norwegian",
    "pl": "polish", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "tr": "turkish",
}


def fold_possessive(term: str) -> str:
    """Return ``term`` without a possessive ``'s`` (``iran's`` -> ``iran``; ``it's`` kept).

    ``term`` has plain apostrophes (:func:`kit.read.words.plain`).
    """
    if len(term) > 2 and term[-2:].lower() == "'s" and term.lower() not in CONTRACTIONS:
        return term[:-2]
    return term


def fold_possessives(values: Sequence[str] | np.ndarray) -> np.ndarray:
    """:func:`fold_possessive` of each value (an object array, one per value)."""
    return np.asarray([fold_possessive(str(v)) for v in values], dtype=object)



def possessive_codes(labels: Sequence[str] | np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Each label's code after folding possessives (``iran's`` joins ``iran``), and the
    folded labels in order; None when no label is a possessive.

    Labels are compared with curly apostrophes and odd hyphens made plain, but only
    possessives change: other labels keep their spelling.
    """
    import pandas as pd

    from kit.read.words import plain

    written = np.asarray(labels, dtype=object)
    plain_labels = np.asarray([plain(str(v)) for v in written], dtype=object)
    folded = fold_possessives(plain_labels)
    folded = np.where(folded != plain_labels, folded, written)
    if not (folded != written).any():
        return None
    codes, uniques = pd.factorize(folded, sort=True)
    return codes, np.asarray(uniques, dtype=object)


def folded_codes(codes: np.ndarray, labels: Sequence[str] | np.ndarray
                 ) -> tuple[np.ndarray, Any, np.ndarray] | None:
    """Codes (``-1`` for missing) of ``labels`` with every possessive joined to its word's
    code (:func:`possessive_codes`): the new codes, in 1 to 4 bytes each, their categorical
    type, and each label's new code; None when no label is a possessive."""
    import pandas as pd

    from kit.terms.code_counts import gather, small_codes

    folded = possessive_codes(labels)
    if folded is None:
        return None
    per_label, uniques = folded
    missing = codes < 0 if codes.min(initial=0) < 0 else None
    out = gather(small_codes(per_label, len(uniques)), codes)  # peak memory: bench_pipeline
    if missing is not None:
        out[missing] = -1
    return out, pd.Categorical([], categories=pd.Index(uniques)).dtype, per_label

def is_glob(word: str) -> bool:
    """Whether a query word holds a wildcard (``*`` any characters, ``?`` one or none)."""
    return any(c in word for c in _GLOB)


def glob_pattern(word: str) -> str:
    """A regular expression (Rust syntax) for a glob: ``*`` any run of characters within the
    token, ``?`` one character or none (``colo?r``: ``color`` and ``colour``; ``wom?n``:
    ``woman`` and ``women``), everything else literal."""
    out = []
    for char in word:
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".?")
        elif char in _META:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def lemmatize(terms: Sequence[str] | np.ndarray, language: str = "en") -> np.ndarray:
    """Each term's lemma, lower-cased (an object array, one per term).

    By simplemma where it is installed and knows ``language`` (an ISO 639-1 code such as
    ``"en"``, ``"de"``, ``"fr"``); otherwise by the Snowball stemmer of that language (a
    stem such as ``sanction`` for ``sanctions``, ``nation`` for ``nations``). Install the
    optional extra with ``pip install 'turnkit[lemma]'``.
    """
    terms = [str(t) for t in terms]
    try:
        import simplemma

        simplemma.lemmatize("a", lang=language)  # raises for a language it does not know
        known = True
    except (ImportError, ValueError, KeyError):
        known = False
    if known:
        return np.asarray([simplemma.lemmatize(t, lang=language).lower() for t in terms],
                          dtype=object)
    try:
        import snowballstemmer
    except ImportError:
        raise KitError(
            "lemma=True needs a lemmatizer: install the optional extra with "
            "pip install 'turnkit[lemma]' (simplemma, with Snowball stems as the fallback)."
        ) from None
    name = _SNOWBALL.get(language, language)
    if name not in snowballstemmer.algorithms():
        raise KitError(
            f"No lemmatizer or stemmer for language={language!r}; use an ISO 639-1 code such "
            f"as 'en', 'de' or 'fr' (stems for {sorted(_SNOWBALL)})."
        )
    stems = snowballstemmer.stemmer(name).stemWords([t.lower() for t in terms])
    return np.asarray(stems, dtype=object)
