"""Rank groups by how much they use a term, leaving out (and naming) groups with few words.

A speaker with one 60-word turn that says "Ukraine" once has a rate of 16.7 per 1,000 words,
higher than anyone who spoke at length; its interval (2.9 to 89) says the rate means little.
:func:`rank_usage` ranks only groups with at least ``min_words`` words and says who it left
out, in the frame's ``attrs``.
"""

from __future__ import annotations

import pandas as pd

from kit import schema as s
from kit.errors import KitError

__all__ = ["MIN_WORDS", "rank_usage"]

#: Default least words a group needs to be ranked: about four minutes of speech, enough for a
#: rate of a few per 1,000 words to be told from none.
MIN_WORDS = 500


def rank_usage(usage: pd.DataFrame, *, min_words: int = MIN_WORDS, value: str = "per_1k",
               n: int | None = None) -> pd.DataFrame:
    """Sort the groups of a usage table by a term's rate, most first, leaving out small ones.

    Parameters
    ----------
    usage
        :func:`kit.term_usage` or :func:`kit.count_terms` output: one row per group (per
        term), with ``n_words`` and ``value``. Not modified.
    min_words
        Rank only rows whose group has at least this many words (default
        :data:`MIN_WORDS`); 0 ranks every row.
    value
        The column to rank by (``"per_1k"``, ``"n"``, or ``"per_1k_low"`` for the rate one
        can be confident of).
    n
        Keep the first ``n`` rows (default: all).

    Returns
    -------
    DataFrame
        The ranked rows (same columns, RangeIndex), highest ``value`` first, ties in table
        order. ``attrs["left_out"]`` holds the rows left out for too few words, and
        ``attrs["note"]`` says in one sentence what was left out ("" when nothing was).
    """
    missing = [c for c in (s.N_WORDS, value) if c not in usage.columns]
    if missing:
        raise KitError(f"rank_usage() needs the columns {missing}; pass term_usage(...) or "
                       "count_terms(...) output.")
    if min_words < 0:
        raise KitError(f"min_words={min_words!r}: give a number of words, 0 or more.")
    small = usage[s.N_WORDS] < min_words
    kept = usage[~small].sort_values(value, ascending=False, kind="stable")
    if n is not None:
        kept = kept.head(n)
    out = kept.reset_index(drop=True)
    left_out = usage[small].reset_index(drop=True)
    out.attrs["left_out"] = left_out
    note = ""
    if len(left_out):
        hits = int(left_out["n"].sum()) if "n" in left_out.columns else None
        note = (f"{len(left_out):,} row{'s' if len(left_out) != 1 else ''} with fewer than "
                f"{min_words:,} words left out ({int(left_out[s.N_WORDS].sum()):,} words"
                + (f", {hits:,} hits" if hits is not None else "") + ").")
    out.attrs["note"] = note
    return out
