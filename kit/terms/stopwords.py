"""English stop words as a table that joins like data: replaceable and extendable."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from importlib.resources import files

import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.read.words import normalize_term

__all__ = ["stopwords", "DEFAULT_STOPWORDS_SOURCE"]

DEFAULT_STOPWORDS_SOURCE = "Snowball English stop list (snowballstem.org), BSD 3-Clause"


@lru_cache(maxsize=1)
def _default_terms() -> tuple[str, ...]:
    text = files("kit").joinpath("data", "stopwords-en-snowball.txt").read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))


def as_terms(words: Iterable[str] | pd.DataFrame | str, what: str) -> list[str]:
    """Normalised terms from a list of words or a DataFrame with a ``term`` column.

    ``what`` names the argument in error messages (``"extra="``).
    """
    if isinstance(words, str):
        raise KitError(
            f"{what} got the single string {words!r}; pass a list of words, e.g. "
            f"{what}[{words!r}], or a DataFrame with a 'term' column."
        )
    if isinstance(words, pd.DataFrame):
        if s.TERM not in words.columns:
            raise KitError(
                f"{what} got a DataFrame without a {s.TERM!r} column (it has "
                f"{list(words.columns)}); rename the column of words to {s.TERM!r}."
            )
        words = words[s.TERM].dropna().tolist()
    out = []
    for word in words:
        if not isinstance(word, str):
            raise KitError(f"{what} must hold strings; got {word!r} ({type(word).__name__}).")
        word = normalize_term(word.strip())
        if word:
            out.append(word)
    return out


def stopwords(*, extra: Iterable[str] | pd.DataFrame = (),
              replace: Iterable[str] | pd.DataFrame | None = None) -> pd.DataFrame:
    """Return English stop words as a table, one row per term.

    The default list is the Snowball project's English stop list (174 function words and
    contractions; it leaves out ``us`` so that *US* survives, and ``will``, ``can``, ``may``,
    ``must`` for their noun senses). Terms are normalised as token terms are: lower-cased, with
    curly apostrophes made straight, so they join on ``tokens.term``.

    Parameters
    ----------
    extra
        Words added to the list (e.g. ``["thank", "think"]``), or a DataFrame with a ``term``
        column.
    replace
        Words that replace the default list altogether; ``extra`` is still added to them.

    Returns
    -------
    DataFrame
        One row per distinct term, column ``term`` (string), in list order: the default (or
        replacement) words first, then ``extra``.

    Examples
    --------
    >>> sw = stopwords(extra=["thank"])
    >>> tokens[~tokens["term"].isin(sw["term"])]  # doctest: +SKIP
    """
    base = list(_default_terms()) if replace is None else as_terms(replace, "replace=")
    terms = list(dict.fromkeys(base + as_terms(extra, "extra=")))
    return pd.DataFrame({s.TERM: pd.array(terms, dtype="str")})
