"""Who spoke how much: turns, words, share of words, mean and longest turn per speaker."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import require_columns, table_of
from kit.errors import KitError
from kit.terms.grouping import codes_of

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["speaker_summary"]

SUMMARY_COLUMNS = [
    s.N_TURNS,
    s.N_WORDS,
    "share_of_words",
    "share_of_turns",
    "mean_turn_words",
    "longest_turn_words",
]


def speaker_summary(
    turns: pd.DataFrame | Corpus,
    *,
    by: str | list[str] | None = None,
    speaker: str = s.SPEAKER,
) -> pd.DataFrame:
    """Summarise each speaker's turns, overall or per document (or any grouping).

    Parameters
    ----------
    turns
        One row per turn with ``speaker`` and ``n_words`` (``corpus.turns``),
        or a Corpus. Not modified.
    by
        ``None`` (default) for one row per speaker over all turns; a column
        name (``"doc_id"``, ``"role"``, ``"date"`` ...) or a list of them for
        one row per group and speaker.
    speaker
        Column of the speakers.

    Returns
    -------
    pandas.DataFrame
        One row per group and speaker who has turns there, with a RangeIndex,
        groups in order of first appearance (documents in reading order),
        speakers in the order of their categories (first appearance). Columns:

        - the ``by`` columns, then ``speaker`` (categorical, all categories kept
          so colours and order match other tables);
        - ``n_turns``, ``n_words``: turns and words of the speaker in the group;
        - ``share_of_words``, ``share_of_turns``: fractions (0-1) of the group's
          words and turns;
        - ``mean_turn_words``: mean words per turn; ``longest_turn_words``: the
          longest turn's words;
        - with ``by`` holding ``doc_id``: the document's ``date`` and ``title``
          when ``turns`` has them.
    """
    turns = table_of(turns, "turns")
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    require_columns(
        turns,
        keys + [speaker, s.N_WORDS],
        what="speaker_summary(turns)",
        hint="Pass a turns table (one row per turn), e.g. corpus.turns.",
    )
    if speaker in keys:
        raise KitError(f"by={by!r} already includes {speaker!r}; leave it out of by.")

    sp_codes, speakers = codes_of(turns[speaker], dtype=np.int64)
    words = turns[s.N_WORDS].to_numpy(dtype=float, na_value=0.0)
    group_codes = []
    group_values = []
    for key in keys:
        codes, uniques = pd.factorize(turns[key], use_na_sentinel=False)
        group_codes.append(codes.astype(np.int64))
        group_values.append(uniques)
    frame = pd.DataFrame({f"_g{i}": c for i, c in enumerate(group_codes)})
    frame["_sp"] = sp_codes
    frame["_w"] = words
    frame = frame[frame["_sp"] >= 0]
    names = [f"_g{i}" for i in range(len(keys))]
    grouped = frame.groupby(names + ["_sp"], sort=True)["_w"]
    stats = grouped.agg(["size", "sum", "max"]).reset_index()

    if names:
        totals = stats.groupby(names, sort=False)[["size", "sum"]].transform("sum")
    else:
        totals = pd.DataFrame(
            {"size": stats["size"].sum(), "sum": stats["sum"].sum()}, index=stats.index
        )
    out = pd.DataFrame(index=pd.RangeIndex(len(stats)))
    for i, key in enumerate(keys):
        column = turns[key]
        values = group_values[i].take(stats[f"_g{i}"].to_numpy())
        out[key] = (
            pd.Categorical(values, dtype=column.dtype)
            if isinstance(column.dtype, pd.CategoricalDtype)
            else values
        )
    out[speaker] = pd.Categorical.from_codes(
        stats["_sp"].to_numpy(), dtype=pd.CategoricalDtype(speakers)
    )
    if isinstance(turns[speaker].dtype, pd.CategoricalDtype):
        out[speaker] = out[speaker].astype(turns[speaker].dtype)
    integral = bool(np.all(words == np.round(words)))
    out[s.N_TURNS] = stats["size"].to_numpy(dtype=np.int64)
    out[s.N_WORDS] = stats["sum"].to_numpy(dtype=np.int64 if integral else float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["share_of_words"] = np.where(totals["sum"] > 0, stats["sum"] / totals["sum"], 0.0)
        out["share_of_turns"] = (stats["size"] / totals["size"]).to_numpy()
    out["mean_turn_words"] = (stats["sum"] / stats["size"]).to_numpy()
    out["longest_turn_words"] = stats["max"].to_numpy(dtype=np.int64 if integral else float)
    if s.DOC_ID in keys:
        first = turns.drop_duplicates(s.DOC_ID).set_index(s.DOC_ID)
        for extra in (s.DATE, s.TITLE):
            if extra in turns.columns and extra not in keys:
                out[extra] = first[extra].reindex(out[s.DOC_ID].astype(object)).to_numpy()
    return out
