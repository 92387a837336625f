"""Colours and orders shared by every figure: a speaker keeps one colour and one place.

:func:`speaker_colors` gives each speaker a colour from the order of the ``speaker``
categories (order of first appearance in the corpus), so a speaker keeps its colour in every
figure and in every filtered subset that keeps the categorical dtype. The canonical
questioner and unknown speaker are grey. Documents are shown in date order, never
alphabetically.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import pandas as pd

from kit import schema as s
from kit.corpus import table_of

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = [
    "SPEAKER_PALETTE",
    "NEUTRAL_COLORS",
    "TERM_PALETTE",
    "REFERENCE_COLOR",
    "value_label",
    "ordered_unique",
    "speaker_order",
    "speakers_for",
    "speaker_colors",
    "colors_for",
    "term_colors",
    "date_order",
    "category_orders",
]

# Tableau 10, then plotly's Dark24 (minus its near-black): distinct hues, readable on white.
# Greys are left out: they belong to the questioner and unknown speakers.
SPEAKER_PALETTE = [
    "#4E79A7", "#F28E2B", "#E15759", "#76B7B2", "#59A14F", "#EDC948", "#B07AA1", "#FF9DA7",
    "#9C755F", "#2E91E5", "#E15F99", "#1CA71C", "#FB0D0D", "#DA16FF", "#B68100", "#750D86",
    "#EB663B", "#511CFB", "#00A08B", "#FB00D1", "#FC0080", "#B2828D", "#6C7C32", "#778AAE",
    "#862A16", "#A777F1", "#620042", "#1616A7", "#DA60CA", "#6C4516", "#0D2A63", "#AF0038",
]  # fmt: skip
# Questioners and unknown speakers recede so the officials stand out.
NEUTRAL_COLORS = {s.QUESTIONER: "#8C8C8C", s.UNKNOWN_SPEAKER: "#C7C7C7"}
# Terms get their own palette (Dark2) so a term line is never mistaken for a speaker.
TERM_PALETTE = [
    "#1B9E77",
    "#D95F02",
    "#7570B3",
    "#E7298A",
    "#66A61E",
    "#E6AB02",
    "#A6761D",
    "#666666",
]
REFERENCE_COLOR = "#9E9E9E"

_VALUE_LABELS = {
    "n": "count",
    "per_1k": "per 1,000 words",
    "per_1k_ref": "per 1,000 words (reference)",
    "n_words": "words",
    "n_turns": "turns",
    "share_of_words": "share of words (%)",
    "share_of_turns": "share of turns (%)",
    "tf_idf": "tf-idf",
    "z": "z-score of the log-odds ratio (informative Dirichlet prior)",
    "delta": "log-odds ratio (informative Dirichlet prior)",
    "g2": "log-likelihood G² (signed)",
    "log_ratio": "Log Ratio (log2 of the ratio of rates)",
    "llr": "log-likelihood ratio",
    "pmi": "pointwise mutual information (bits)",
}


def value_label(value: str) -> str:
    """Axis title that says what a column's value is (``"per_1k"`` -> ``"per 1,000 words"``)."""
    return _VALUE_LABELS.get(value, value.replace("_", " "))


def ordered_unique(values: pd.Series) -> list:
    """Values in category order (categoricals, observed only) or order of first appearance."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        present = set(values.dropna().unique())
        return [c for c in values.cat.categories if c in present]
    return list(pd.unique(values.dropna()))


def speaker_order(
    data: pd.DataFrame | pd.Series, *, speaker: str = s.SPEAKER, order: Sequence | None = None
) -> list:
    """The speakers a figure shows, in the order it shows them.

    Parameters
    ----------
    data
        A table with a ``speaker`` column, or the column itself.
    speaker
        Name of the column.
    order
        An explicit order (it wins, and may list speakers absent from ``data``:
        they get empty traces, which keeps a widget's trace list stable).

    Returns
    -------
    list
        ``order`` if given, else the speakers present in ``data`` in the order
        of their categories (first appearance), or of first appearance.
    """
    if order is not None:
        return list(order)
    column = data if isinstance(data, pd.Series) else data[speaker]
    return ordered_unique(column)


def speaker_colors(
    speakers: Iterable | pd.Series | pd.DataFrame,
    *,
    palette: Sequence[str] | None = None,
    colors: Mapping | None = None,
) -> dict:
    """Give every speaker a colour that stays the same across figures.

    Parameters
    ----------
    speakers
        All speakers in their canonical order: a categorical ``speaker`` column
        (its categories, used or not, fix the colours), a table holding one, or
        a list.
    palette
        Colours to hand out in order (default :data:`SPEAKER_PALETTE`); reused
        from the start when there are more speakers than colours.
    colors
        Colours that win over the palette, e.g. ``{"Ned Price": "#000000"}``.

    Returns
    -------
    dict
        Speaker -> CSS colour. The questioner and unknown speaker are grey and
        take no palette slot.
    """
    if isinstance(speakers, pd.DataFrame):
        speakers = speakers[s.SPEAKER]
    if isinstance(speakers, pd.Series):
        names = (
            list(speakers.cat.categories)
            if isinstance(speakers.dtype, pd.CategoricalDtype)
            else list(pd.unique(speakers.dropna()))
        )
    else:
        names = list(dict.fromkeys(speakers))
    palette = list(palette or SPEAKER_PALETTE)
    out: dict = {}
    slot = 0
    for name in names:
        if name in NEUTRAL_COLORS:
            out[name] = NEUTRAL_COLORS[name]
        else:
            out[name] = palette[slot % len(palette)]
            slot += 1
    if colors:
        out.update(colors)
    return out


def category_orders(
    data: pd.DataFrame,
    *,
    speaker_order: Sequence | None = None,
    documents: pd.DataFrame | Corpus | None = None,
) -> dict:
    """Category orders for plotly express, matching the kit's own figures.

    Parameters
    ----------
    data
        Any kit table with a ``speaker`` and/or ``doc_id`` column.
    speaker_order
        Explicit speaker order (default: categories present, first appearance).
    documents
        The documents table (or a Corpus) to order ``doc_id`` by date.

    Returns
    -------
    dict
        ``{"speaker": [...], "doc_id": [...]}`` (the keys whose columns exist), to
        pass as ``category_orders=`` with ``color_discrete_map=speaker_colors(...)``.
    """
    out: dict = {}
    if s.SPEAKER in data.columns or speaker_order is not None:
        out[s.SPEAKER] = speakers_for(data, s.SPEAKER, speaker_order)
    if s.DOC_ID in data.columns:
        source = data if documents is None else table_of(documents, "documents")
        out[s.DOC_ID] = date_order(source, s.DOC_ID)
    return out


def speakers_for(data: pd.DataFrame, speaker: str, order: Sequence | None) -> list:
    """Speakers for traces: ``order`` if given, else those present (category order)."""
    if order is not None:
        return list(order)
    if speaker not in data.columns:
        return [None]
    return ordered_unique(data[speaker])


def colors_for(data: pd.DataFrame, column: str, shown: list, colors: Mapping | None) -> dict:
    """Colours for ``shown`` values, assigned from the full categories of ``data[column]``."""
    base = speaker_colors(data[column]) if column in data.columns else {}
    missing = [v for v in shown if v not in base]
    if missing:  # values named only in speaker_order: continue the palette after the others
        extra = speaker_colors(list(base) + missing)
        base.update({v: extra[v] for v in missing})
    if colors:
        base.update(colors)
    return base


def term_colors(terms: list, colors: Mapping | None) -> dict:
    """Colours for ``terms`` from :data:`TERM_PALETTE` in order; ``colors`` win for its terms."""
    out = {t: TERM_PALETTE[i % len(TERM_PALETTE)] for i, t in enumerate(terms)}
    if colors:
        out.update({t: c for t, c in colors.items() if t in out})
    return out


def date_order(frame: pd.DataFrame, key: str, date: str = s.DATE) -> list:
    """Values of ``key`` in date order (stable: ties and missing dates keep data order)."""
    firsts = frame.drop_duplicates(key)
    if date in firsts.columns:
        dates = pd.to_datetime(firsts[date], errors="coerce")
        firsts = firsts.assign(_date=dates).sort_values("_date", kind="stable", na_position="last")
    return list(firsts[key])

