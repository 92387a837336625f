"""The explorer's charts: the plotly specs of a computed view, one per chart.

From a :class:`kit.apps.explorer_view.View` (the usage tables: one row per group and term;
the dispersion table: one row per hit) :func:`chart_specs` makes the specs of the three
charts :class:`kit.apps.explorer.Explorer` shows: use by speaker, use over time, and where
the hits fall, or a message in place of each that has nothing to draw. Figures come from
:mod:`kit.plots`; they are plain specs, so the widgets validate only what changed (a refresh
builds no Figure).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from kit import schema as s
from kit.apps.base import NO_DOCUMENTS
from kit.apps.explorer_view import DatasetHits, View
from kit.terms.periods import PERIOD, DocumentPeriods

__all__ = ["MAX_DISPERSION_DOCS", "chart_specs"]

#: Most documents drawn as strips in the dispersion chart (those with the most hits).
MAX_DISPERSION_DOCS = 25


def chart_specs(view: View, *, speaker_order: Sequence[str],
                speaker_colors: Mapping[str, str], periods: DocumentPeriods, min_words: int,
                dates_message: Callable[[object, object], str | None]) -> dict[str, dict]:
    """The specs of the explorer's charts for ``view``, keyed ``speakers``, ``time`` and
    ``dispersion``.

    Parameters
    ----------
    view
        The view to chart.
    speaker_order
        Every speaker of the corpus, in the order the charts list them.
    speaker_colors
        Each speaker's colour (:func:`kit.plots.speaker_colors`), for the bars of one term.
    periods
        The documents' periods, for the time axis.
    min_words
        The chart of use by speaker leaves out speakers with fewer words (as
        :class:`kit.apps.explorer.Explorer` says).
    dates_message
        Why a date range ``(start, end)`` holds no document, or None
        (:meth:`kit.apps.base.App.dates_message`).
    """
    from kit.plots import dispersion_spec, message_spec, term_usage_spec

    shown = view.speakers or speaker_order
    what = "" if view.terms else "; the most used words: type a keyword to chart it"
    by_speaker = view.usage_by_speaker
    left_out = ""
    if len(by_speaker):
        by_speaker = by_speaker[by_speaker[s.N_WORDS] > 0]
        # Who uses it most: a speaker with a few words has a rate that means little.
        small = by_speaker[s.N_WORDS] < min_words
        n_small = by_speaker.loc[small, s.SPEAKER].nunique()
        if n_small and not small.all():
            by_speaker = by_speaker[~small]
            left_out = (f"; {n_small} speaker{'s' if n_small != 1 else ''} with fewer "
                        f"than {min_words:,} words left out")
        present = set(by_speaker[s.SPEAKER].astype(object))
        shown = [sp for sp in shown if sp in present]
    # A keyword nobody uses: say so, as the term trends page does, not axes of zeros.
    unused = bool(view.terms) and len(by_speaker) > 0 and by_speaker["n"].sum() == 0
    if len(by_speaker) and not unused:
        fig_speakers = term_usage_spec(by_speaker, x=s.SPEAKER, terms=view.charted_terms,
                                       speaker_order=shown, bands=True,
                                       title="Use by speaker, per 1,000 words")
        _add_note(fig_speakers, f"bars: 95% interval{left_out}{what}")
        if len(fig_speakers["data"]) == 1:  # one term: bars in the speakers' colours
            bars = fig_speakers["data"][0]
            bars["marker"] = {**bars.get("marker", {}), "color": [
                speaker_colors.get(str(x)) for x in bars["x"]]}
        if view.time_column == s.DOC_ID and not periods.dates.notna().any():
            # One bar per document on an axis of ids says nothing about time.
            fig_time = message_spec("Use over time: these documents have no dates")
        else:
            fig_time = term_usage_spec(view.usage_over_time, x=view.time_column,
                                       terms=view.charted_terms,
                                       title="Use over time, per 1,000 words",
                                       freq=periods.freq(view.doc_ids)
                                       if view.time_column == PERIOD else None)
            _add_note(fig_time, what.lstrip("; "))
    else:
        # (The message area says why, naming the corpus's dates.)
        nothing = NO_DOCUMENTS if dates_message(view.state.start, view.state.end) \
            else (f"No use of {', '.join(view.terms)} under these filters" if view.terms
                  else "No words under these filters")
        fig_speakers = message_spec(f"Use by speaker: {nothing}")
        fig_time = message_spec(f"Use over time: {nothing}")
    if len(view.dispersion):
        hit_speakers = set(view.dispersion[s.SPEAKER].astype(object))
        if isinstance(view.keyword_hits, DatasetHits):  # also of the documents not drawn
            hit_speakers = set(view.keyword_hits.speaker_names)
        title = "Where the hits fall in each document"
        if view.n_dispersion_documents > MAX_DISPERSION_DOCS:
            # A dataset's view holds the hits of the documents drawn only: the note the
            # chart makes of all of them, made here.
            title += (f" (the {MAX_DISPERSION_DOCS:,} documents with most hits, of "
                      f"{view.n_dispersion_documents:,} with hits)")
        fig_disp = dispersion_spec(view.dispersion, documents=view.dispersion_docs,
                                   label=s.TITLE if s.TITLE in view.dispersion_docs
                                   else None,
                                   speaker_order=[sp for sp in speaker_order
                                                  if sp in hit_speakers],
                                   max_documents=MAX_DISPERSION_DOCS, title=title)
    else:
        fig_disp = message_spec("Where the hits fall: type a keyword to see it"
                                if not view.terms else
                                "Where the hits fall: no hits under these filters")
    return {"speakers": fig_speakers, "time": fig_time, "dispersion": fig_disp}


def _add_note(spec: dict, note: str) -> None:
    """Put ``note`` on a smaller second line of the title (one line was cut off at 1024 px)."""
    from kit.plots import plot_text

    if note:
        spec["layout"]["title"]["text"] += f"<br><sup>{plot_text(note)}</sup>"
