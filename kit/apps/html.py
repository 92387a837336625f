"""HTML of the apps: pure functions from values to escaped markup, and the apps' style sheet.

Every piece of transcript text, title, term or link that reaches a page goes through
:func:`esc` (or :func:`marked`, which escapes too); nothing here reads a widget.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s

__all__ = [
    "CSS", "DASHBOARDS", "MAX_EXPANDED_CHARS", "date_text", "esc", "frame_table", "hits_table",
    "marked", "message", "counted", "nav_row", "page_header", "passage", "plural", "quoted",
    "share_link", "turns_table",
]

#: Longest turn text shown in full when a row is expanded; longer turns show a passage.
MAX_EXPANDED_CHARS = 3000
#: The dashboards (notebooks under ``dashboards/``) and their names in the page's links.
DASHBOARDS = (("explorer.ipynb", "Explorer"), ("compare_speakers.ipynb", "Compare speakers"),
              ("term_trends.ipynb", "Term trends"))
#: Characters of a turn shown in its row before "read the turn".
PREVIEW_CHARS = 240

CSS = """
<style>
.kit-explorer { font-size: 14px; }
.kit-kwic { overflow-x: auto; max-width: 100%; }
/* Single-spaced: an HTML widget's text has the 28 px line of a one-line control, which
   double-spaced every row (20 hits made a page 5,000 px tall). Tables and notes only: a
   one-line label keeps the line that centres it beside its buttons. */
.kit-kwic > .widget-html-content, .kit-speaker-table > .widget-html-content,
.kit-usage > .widget-html-content, .kit-upload-message > .widget-html-content,
.kit-summary > .widget-html-content, .kit-share > .widget-html-content,
.kit-dates-note > .widget-html-content {
    line-height: 1.4; }
/* Compare's and trends' tables: a row a line under a one-line head (at 1024 px 45
   presidents' names and the headings took two lines); a narrower area scrolls sideways. */
.kit-speaker-table, .kit-usage { overflow-x: auto; max-width: 100%; }
.kit-speaker-table td, .kit-speaker-table th, .kit-usage td, .kit-usage th {
    padding: 3px 6px; white-space: nowrap; text-align: left; }
.kit-speaker-table .kit-num, .kit-usage .kit-num { text-align: right; }
/* A long name ("Präsident Dr. Norbert Lammert") wraps rather than push the numbers past
   the edge at 1024 px (the sideways scroll bar is hidden until hovered). */
.kit-speaker-table td:first-child, .kit-usage td:first-child { white-space: normal;
    min-width: 9em; }
/* Speaker, date and document share one narrow column, so the context columns get the
   width (at 1024 px they were 90 px and wrapped into 7-8 lines). Fixed columns take 15em:
   below 40em the context would shrink to a word a line, so a narrower area (JupyterLab
   beside its file browser) scrolls sideways instead. */
.kit-kwic table { border-collapse: collapse; width: 100%; min-width: 40em;
                  table-layout: fixed; }
/* Date and document on one line, the title cut short (whole in its tooltip). */
.kit-kwic .kit-when { font-size: 12px; color: #666; white-space: nowrap; overflow: hidden;
                      text-overflow: ellipsis; }
.kit-kwic td.kit-meta { font-size: 13px; }
/* Headings on one line (a three-line heading made the table's head 93 px tall). */
.kit-kwic th { text-align: left; border-bottom: 2px solid #ccc; padding: 3px 6px;
               white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.kit-kwic td { border-bottom: 1px solid #eee; padding: 3px 6px; vertical-align: top;
               word-wrap: break-word; }
.kit-kwic td.kit-left { text-align: right; color: #555; }
.kit-kwic td.kit-right { color: #555; }
.kit-kwic mark { background: #ffe08a; padding: 0 1px; font-weight: 600; }
.kit-kwic details summary { cursor: pointer; color: #2a6ebb; font-size: 12px; }
.kit-kwic tr.kit-detail td { border-bottom: 1px solid #eee; padding: 0 6px 3px 3em; }
.kit-kwic tr.kit-row.kit-has-detail td { border-bottom: none; }
/* Charts fill their column at any width; buttons show their whole label. */
.kit-chart { width: 100%; min-width: 0; }
.kit-download-button, .kit-upload, .kit-explorer .widget-button { width: auto;
    min-width: max-content; max-width: none; }
.kit-link-note { color: #8a5a00; font-size: 13px; }
.kit-kwic .kit-turn { white-space: pre-wrap; background: #fafafa; padding: 6px;
                      border-left: 3px solid #ddd; margin-top: 4px; }
.kit-summary { font-size: 15px; margin: 4px 0; }
/* Term trends' controls wrap as whole controls (no button squeezed onto two lines). */
.kit-trends-controls { gap: 4px 12px; }
.kit-trends-controls > * { flex: 0 0 auto; }
.kit-value .widget-toggle-button { width: auto; min-width: max-content; }
.kit-nav { margin: 2px 0 6px; font-size: 14px; }
.kit-nav a, .kit-nav b { margin-right: 14px; }
.kit-error-message { color: #8a1c1c; background: #fdecea; padding: 6px 10px;
                     border-radius: 4px; }
</style>
"""

#: The first columns' headings: "Speaker, date" over the speaker, the date and the document
#: (8em, its heading on one line; a wider column took the context columns under 200 px at
#: 1024, tests/apps/browser/test_explorer_controls.py; a long name wraps).
_FIRST_COLUMNS = ("<tr><th style='width:2em'>#</th>"
                  "<th style='width:8em' title='Speaker, date and document'>"
                  "Speaker, date</th>")
#: The Hit column's width, in characters of its longest hit: at least a short word's, at most
#: a long phrase's (a longer hit wraps between its words; the context columns keep their width).
_HIT_CHARS = (5, 18)


def _hits_head(hits: Sequence[object]) -> str:
    """The head of the hits table, its Hit column as wide as the longest of ``hits``.

    A fixed 5em column broke "America's" into "America'" and "s" at 1024 px, and put
    "United States" on two lines at 1600. Bold text is about 1.1 ``ch`` a character; the
    14 px are the cell's padding and the mark's.
    """
    longest = max((len(str(hit)) for hit in hits), default=0)
    chars = min(max(longest, _HIT_CHARS[0]), _HIT_CHARS[1])
    return (_FIRST_COLUMNS + "<th class='kit-left'>Before</th>"
            f"<th style='width:calc({chars * 1.1:.1f}ch + 14px)'>Hit</th><th>After</th></tr>")


_TURNS_HEAD = _FIRST_COLUMNS + "<th>Turn</th></tr>"
# Spans as many columns as the table has: with a fixed layout, a wider span adds empty
# columns that take the width the context columns need.
_NOTHING = "<tr><td colspan='{n}'><i>Nothing matches these filters.</i></td></tr>"


def esc(value: object) -> str:
    """Escape a value for HTML text or a quoted attribute; ``None`` and NaN become ``""``."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def date_text(value: Any) -> str:
    """``YYYY-MM-DD`` of a date, or ``""`` for a missing or unreadable one."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        return ""
    return "" if pd.isna(stamp) else f"{stamp:%Y-%m-%d}"


def marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """Escape ``text`` and wrap each ``(start, end)`` span in ``<mark>``."""
    out, pos = [], 0
    for a, b in sorted(spans):
        a, b = max(a, pos), max(b, a)
        if a >= len(text):
            break
        out.append(html.escape(text[pos:a]))
        out.append(f"<mark>{html.escape(text[a:b])}</mark>")
        pos = b
    out.append(html.escape(text[pos:]))
    return "".join(out)


def passage(text: str, a: int, b: int, n_words: int | None = None, *,
            max_chars: int = MAX_EXPANDED_CHARS) -> tuple[str, int, int, str]:
    """Cut a long turn to the passage around ``[a, b)``; return text, new span, note.

    A turn of at most ``max_chars`` comes back whole, with no note. ``n_words`` (the turn's
    word count, for the note) is counted from ``text`` if not given.
    """
    if len(text) <= max_chars:
        return text, a, b, ""
    half = max_chars // 2
    lo = max(0, a - half)
    hi = min(len(text), b + half)
    lo = text.rfind(" ", 0, lo) + 1 if lo > 0 else 0
    cut = text[lo:hi]
    prefix = "… " if lo > 0 else ""
    suffix = " …" if hi < len(text) else ""
    n_words = len(text.split()) if n_words is None else n_words
    note = f"(passage of a {n_words:,}-word turn)"
    return prefix + cut + suffix, a - lo + len(prefix), b - lo + len(prefix), note


def plural(n: int, word: str, words: str | None = None) -> str:
    """``"1 document"``, ``"2 documents"``, ``"1,234 speakers"``: a count and its noun."""
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def counted(n: int, word: str, words: str | None = None) -> str:
    """:func:`plural` with the number in bold: ``"<b>1</b> document"``."""
    return f"<b>{n:,}</b> {word if n == 1 else (words or word + 's')}"


def quoted(terms: Sequence[str]) -> str:
    """The terms in curly quotes, comma-separated, escaped: ``“war”, “peace”``."""
    return ", ".join(f"“{esc(t)}”" for t in terms)


#: Characters of a link's query shown beside it (the link itself holds the whole query).
SHOWN_QUERY_CHARS = 160


def share_link(query: str) -> str:
    """A link to this page with ``query`` as its query string, and the query shown (cut
    after :data:`SHOWN_QUERY_CHARS`, whole in its tooltip)."""
    shown, title = f"?{query}", ""
    if len(shown) > SHOWN_QUERY_CHARS:
        # 45 speakers made six lines of %20 above the charts
        shown, title = shown[:SHOWN_QUERY_CHARS] + "…", f" title='{esc('?' + query)}'"
    return (f"<a class='kit-share-link' href='?{esc(query)}' target='_top'>Link to this view</a>"
            # A long query breaks anywhere rather than run off the page.
            f" <small style='color:#777;overflow-wrap:anywhere'{title}>({esc(shown)})</small>")


def message(text: str) -> str:
    """A message for the page's message area."""
    return f"<div class='kit-error-message'>{esc(text)}</div>"


def nav_row(page: str | None = None) -> str:
    """Links to the three dashboards, the one of ``page`` (a notebook name) in bold.

    The links are relative (siblings under ``/voila/render/``), so they keep the server and
    the corpus it serves.
    """
    items = [f"<b>{esc(label)}</b>" if name == page else
             f"<a href='{esc(name)}' target='_top'>{esc(label)}</a>"
             for name, label in DASHBOARDS]
    return f"<nav class='kit-nav'>Dashboards: {' '.join(items)}</nav>"


def page_header(corpus_label: str, *, title: str | None = None, page: str | None = None,
                uploaded: bool = False) -> str:
    """The style sheet, the dashboards' links (``page`` the current one), ``title`` as a
    heading (if any) and the line naming the corpus (``uploaded``: files sent to this page,
    which the other dashboards' links do not take along)."""
    heading = f"<h2 style='margin:4px 0'>{esc(title)}</h2>" if title else ""
    if uploaded:
        return (f"{CSS}{nav_row(page)}{heading}<div class='kit-corpus'>Corpus: your upload, "
                f"{esc(corpus_label)} <span class='kit-corpus-note' style='color:#8a6d00'>"
                "(the other dashboards show the corpus the server started with)</span></div>")
    return (f"{CSS}{nav_row(page)}{heading}"
            f"<div class='kit-corpus'>Corpus: {esc(corpus_label)}</div>")


def frame_table(frame: pd.DataFrame, css_class: str,
                formats: Mapping[str, Callable[[object], str]] | None = None) -> str:
    """An escaped HTML table of ``frame`` (values formatted by ``formats``; missing: blank)."""
    formats = formats or {}
    # Numbers right-aligned under their heading, so their digits line up.
    opens = [("<td class='kit-num'>", "<th class='kit-num'>")
             if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
             else ("<td>", "<th>") for c in frame.columns]
    head = "".join(f"{th}{esc(c)}</th>" for c, (_, th) in zip(frame.columns, opens, strict=True))
    rows = []
    for values in frame.itertuples(index=False):
        cells = []
        for col, value, (td, _) in zip(frame.columns, values, opens, strict=True):
            fmt = formats.get(col)
            text = fmt(value) if fmt is not None and not pd.isna(value) else value
            cells.append(f"{td}{esc(text)}</td>")
        rows.append(f"<tr class='kit-row'>{''.join(cells)}</tr>")
    return (f"<table class='{css_class}'><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _table(head: str, body: list[str]) -> str:
    nothing = _NOTHING.format(n=head.count("<th"))
    return f"<table><thead>{head}</thead><tbody>{''.join(body) or nothing}</tbody></table>"


def _row_start(number: int, doc: object, turn_id: int, speaker: object, date: object,
               title: object, *, detail: bool = False) -> str:
    """A table row's opening cells: number; speaker, with date and document under it."""
    css = "kit-row kit-has-detail" if detail else "kit-row"
    return (f"<tr class='{css}' data-doc='{esc(doc)}' data-turn='{int(turn_id)}'>"
            f"<td>{number}</td><td class='kit-meta'><div class='kit-speaker'>{esc(speaker)}"
            f"</div><div class='kit-when'><span class='kit-date'>{date_text(date)}</span> "
            f"<span class='kit-doc' title='{esc(title)}'>{esc(title)}</span></div></td>")


def _details(note: str, inner_html: str) -> str:
    return (f"<details><summary>read the turn {esc(note)}</summary>"
            f"<div class='kit-turn'>{inner_html}</div></details>")


def hits_table(rows: pd.DataFrame, *, first_number: int,
               titles: Mapping[object, object] | pd.Series,
               turns: Sequence[tuple[str, int, int, int | None] | None]) -> str:
    """The keyword-in-context table: one row per hit, expandable to its turn.

    Parameters
    ----------
    rows
        KWIC rows (:func:`kit.kwic`): ``doc_id``, ``turn_id``, ``speaker``, ``date``, ``left``,
        ``hit``, ``right``.
    first_number
        The number shown on the first row.
    titles
        Document title by document id (the id is shown where there is none).
    turns
        Per row, ``(turn text, hit start, hit end, words of the turn)`` with the hit's span
        in the turn's text, or None where the turn is unknown (no "read the turn").
    """
    body = []
    for i, row in enumerate(rows.itertuples(index=False)):
        doc = getattr(row, s.DOC_ID)
        detail = ""
        turn = turns[i]
        left, right = str(row.left), str(row.right)
        # "…" only where the context was cut: not at the start or end of the turn.
        cut_left = cut_right = True
        if turn is not None:
            cut_left = len(turn[0][:turn[1]].strip()) > len(left.strip())
            cut_right = len(turn[0][turn[2]:].strip()) > len(right.strip())
        if turn is not None:
            text, a, b, note = passage(*turn)
            # A row of its own across the table: the passage reads at the table's width,
            # not inside the narrow "After" column.
            detail = (f"<tr class='kit-detail'><td colspan='5'>"
                      f"{_details(note, marked(text, [(a, b)]))}</td></tr>")
        body.append(
            _row_start(first_number + i, doc, getattr(row, s.TURN_ID), row.speaker,
                       getattr(row, s.DATE), titles.get(doc, doc), detail=bool(detail))
            + f"<td class='kit-left'>{'…' * cut_left}{esc(left)}</td>"
            f"<td class='kit-hit'><mark>{esc(row.hit)}</mark></td>"
            f"<td class='kit-right'>{esc(right)}{'…' * cut_right}</td></tr>{detail}")
    return _table(_hits_head(rows["hit"].tolist()), body)


def turns_table(rows: pd.DataFrame, *, first_number: int,
                titles: Mapping[object, object] | pd.Series) -> str:
    """The table of turns: a preview of each, a long one expandable to a passage of it.

    ``rows`` are turns (``doc_id``, ``turn_id``, ``speaker``, ``text``, and ``date`` if
    known); ``first_number`` and ``titles`` as for :func:`hits_table`.
    """
    body = []
    for i, row in enumerate(rows.itertuples(index=False)):
        doc = getattr(row, s.DOC_ID)
        text = str(getattr(row, s.TEXT))
        preview = text[:PREVIEW_CHARS] + ("…" if len(text) > PREVIEW_CHARS else "")
        detail = ""
        if len(text) > PREVIEW_CHARS:
            full, _, _, note = passage(text, 0, 0)
            detail = _details(note, esc(full))
        body.append(
            _row_start(first_number + i, doc, getattr(row, s.TURN_ID), row.speaker,
                       getattr(row, s.DATE, None), titles.get(doc, doc))
            + f"<td class='kit-text'>{esc(preview)}{detail}</td></tr>")
    return _table(_TURNS_HEAD, body)
