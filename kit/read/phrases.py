"""Sentence-like phrases: a careful rule set, vectorised with polars.

A phrase ends at ``.``, ``?``, ``!`` or an ellipsis (with any closing quotes or
brackets) followed by whitespace and a capital, digit or opening quote, or at a
paragraph break. In Chinese and Japanese, which put no space after a sentence,
it ends at ``。``, ``！``, ``？`` or ``｡`` whatever follows (at ``。」`` where a
space follows: ``「はい。」と言った`` is one); the full-width ``．`` stays inside
numbers (``１．５``). Abbreviations that never end a sentence (``Mr.``, ``No. 2``,
initials such as ``J.``) do not split; dotted ones (``U.S.``, ``p.m.``) split only
when the next word is a usual sentence opener (``... in the U.S. We ...``).
Decimals and ellipses inside a sentence never split, having no space or no
capital after them.

The text is first cut into *pieces* at every possible end (a run of text up to
and including a terminator and the whitespace after it); each piece end is then
judged with column expressions, so 100 MB of turns split in well under a second
rather than a Python loop per sentence (measured in benchmarks/bench_read.py).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import polars as pl

# Abbreviations followed by a name or a number, never a sentence end.
NEVER_END = frozenset((
    "Mr Mrs Ms Mssrs Messrs Dr Prof Sr St Mt Ft Gen Sen Rep Gov Lt Col Sgt Capt Cmdr Adm Maj "
    "Rev Hon Pres Amb Supt Insp Det No Nos Nr Vol Vols Art Sec Sect Ch Fig Figs Ref Op vs "
    "cf al Jan Feb Apr Aug Sept Sep Oct Nov Dec approx Ave Blvd Rd Dept Univ Corp e.g i.e"
).split())
# Sentence openers after which a dotted abbreviation (U.S., p.m.) ends a sentence.
_STARTER_WORDS = (
    "I We You He She It They The This That These Those There Here And But So Or Now Then "
    "Our My Your His Her Its Their What Why How When Where Who Which If As Let Thank Thanks Yes "
    "No Okay OK Well Again Also In On At For With Today Tomorrow Yesterday Last Next One Two "
    "Let's I'm We're It's That's There's"
).split()
STARTERS = frozenset(_STARTER_WORDS + [w.replace("'", "’") for w in _STARTER_WORDS])

_CLOSE = "'\"’”)\\]»」』）】〕〉》"
# Chinese and Japanese sentence ends: no space follows them.
_CJK_STOPS = "。！？｡"
# Every possible phrase end cuts the text: pieces tile it exactly.
_PIECE = (rf"[^.?!…\n{_CJK_STOPS}]+(?:\.\.\.|[.?!…{_CJK_STOPS}]+)?[{_CLOSE}]*\s*"
          rf"|(?:\.\.\.|[.?!…{_CJK_STOPS}]+)[{_CLOSE}]*\s*|\n\s*")
# Where a piece ends: after each match of this (the tail of _PIECE's branches). Marking
# these ends and splitting there gives _PIECE's matches at half the cost: a regex engine
# finds a match's start by scanning back over it, and these matches are a few characters
# long, where a piece is a sentence.
_PIECE_END = rf"(?:\.\.\.|[.?!…{_CJK_STOPS}]+)[{_CLOSE}]*\s*|\n\s*"
_CUT = "\x00"  # marks a piece's end (a text holding one is cut by _PIECE instead)
_OPENER = r"^['\"‘“(\[¿¡«]?[\p{Lu}\p{N}]"
# The piece ends a sentence candidate: terminator, closers, then whitespace.
_TERMINATED = rf"(?:\.\.\.|[.?!…])[{_CLOSE}]*\s+$"
_SINGLE_PERIOD = rf"(?:^|[^.])\.[{_CLOSE}]*\s+$"
_LAST_WORD = rf"(\S+?)\.[{_CLOSE}]*\s+$"
_PARAGRAPH = r"\n[ \t\u00a0]*\n\s*$"
# (A stop inside closing brackets ends the sentence where a space or the turn's end follows:
# 「はい。」と言った is one sentence.)
_CJK_END = rf"[{_CJK_STOPS}](?:\s*|[{_CLOSE}]+\s+)$"


def _on(series: pl.Series, rows: np.ndarray, expr: Callable[[pl.Series], pl.Series]
        ) -> np.ndarray:
    """``expr`` (a boolean test) of the pieces at ``rows`` only; null reads as False."""
    if not len(rows):
        return np.zeros(0, dtype=bool)
    return expr(series.gather(rows)).fill_null(False).to_numpy().astype(bool)


def split_phrases(texts: list[str] | pl.Series) -> pl.DataFrame:
    """Split many turn texts into phrases.

    Parameters
    ----------
    texts
        One string per turn.

    Returns
    -------
    polars.DataFrame
        One row per phrase: ``turn`` (position in ``texts``), ``phrase`` (0-based
        within the turn), ``start`` and ``end`` (offsets in that turn's text; the
        phrase has no leading or trailing whitespace).
    """
    series = texts if isinstance(texts, pl.Series) else pl.Series("text", texts, dtype=pl.String)
    text = pl.col("text")
    if series.str.contains(_CUT, literal=True).any():
        cut = text.str.extract_all(_PIECE)
    else:
        cut = text.str.replace_all(_PIECE_END, f"$0{_CUT}").str.split(_CUT)
    pieces = (
        pl.DataFrame({"text": series}).with_row_index("turn")
        .select("turn", cut.alias("piece"))
        .explode("piece")
        .filter(pl.col("piece").str.len_bytes() > 0)  # (and no null of an empty list)
    )
    piece = pieces["piece"]
    # Pieces are in turn order, so neighbours and running sums are global array
    # operations masked at turn boundaries (much faster than windows per turn).
    turn = pieces["turn"].to_numpy().astype(np.int64)
    n = len(turn)
    first = np.ones(n, dtype=bool)
    first[1:] = turn[1:] != turn[:-1]
    last = np.ones(n, dtype=bool)
    last[:-1] = first[1:]
    length = piece.str.len_chars().to_numpy().astype(np.int64)
    before = np.cumsum(length) - length  # chars of all earlier pieces
    start = before - np.maximum.accumulate(np.where(first, before, 0)) if n else before
    # Whitespace after a piece's end is that piece's: only a turn's first piece can start
    # with some.
    leading = np.zeros(n, dtype=np.int64)
    rows = np.flatnonzero(first)
    leading[rows] = length[rows] - piece.gather(rows).str.strip_chars_start().str.len_chars() \
        .to_numpy()
    trailing = length - piece.str.strip_chars_end().str.len_chars().to_numpy()

    def after(flags: np.ndarray) -> np.ndarray:  # the next piece's flag, False at a turn's end
        out = np.zeros(n, dtype=bool)
        out[:-1] = flags[1:]
        return out & ~last

    # Each test runs where it decides the outcome, cheap ones first (the rules as a chain:
    # paragraph break; not terminated; one period or not; dotted abbreviation; never-end word).
    paragraph = piece.str.contains(_PARAGRAPH).to_numpy()
    terminated = piece.str.contains(_TERMINATED).to_numpy()
    opener_next = after(piece.str.contains(_OPENER).to_numpy())
    ends = paragraph.copy()
    # only where a turn holds such a stop: one scan of the turns costs less than a test of
    # every piece
    if series.str.contains(f"[{_CJK_STOPS}]").any():
        ends |= piece.str.contains(_CJK_END).to_numpy()
    open_case = ~paragraph & terminated
    single = np.zeros(n, dtype=bool)
    rows = np.flatnonzero(open_case)
    single[rows] = _on(piece, rows, lambda p: p.str.contains(_SINGLE_PERIOD))
    ends |= open_case & ~single & opener_next
    rows = np.flatnonzero(open_case & single)  # a word then one period: which word?
    words = piece.gather(rows).str.extract(_LAST_WORD, 1)
    prev_dot = np.zeros(n, dtype=bool)
    prev_dot[1:] = piece.str.contains(r"\p{L}\.$").to_numpy()[:-1]
    prev_dot &= ~first
    dotted = (prev_dot[rows] & words.str.contains(r"^\p{L}{1,2}$").fill_null(False).to_numpy()
              ) | words.str.contains(r"\p{L}\.\p{L}").fill_null(False).to_numpy()
    # a dotted abbreviation (U. + S., p. + m.) ends a sentence before a usual opener
    nxt = rows[dotted & ~last[rows]]
    starter = np.zeros(n, dtype=bool)
    starter[nxt] = _on(piece, nxt + 1, lambda p: p.str.slice(0, 16).str.extract(
        r"^['\"‘“(]?([\p{L}’']+)", 1).is_in(list(STARTERS)))
    never = (words.is_in(list(NEVER_END)).fill_null(False)
             | words.str.contains(r"^\p{Lu}$").fill_null(False)).to_numpy().astype(bool)
    ends[rows] = np.where(dotted, starter[rows], ~never & opener_next[rows])

    opens = first.copy()
    opens[1:] |= ends[:-1]
    closes = last | ends
    # A phrase runs from an opening piece to the next closing piece.
    phrase_turn = turn[opens]
    phrase_start = (start + leading)[opens]
    phrase_end = (start + length - trailing)[closes]
    keep = phrase_end > phrase_start
    phrase_turn, phrase_start, phrase_end = phrase_turn[keep], phrase_start[keep], \
        phrase_end[keep]
    index = np.arange(len(phrase_turn), dtype=np.int64)
    first_phrase = np.ones(len(phrase_turn), dtype=bool)
    first_phrase[1:] = phrase_turn[1:] != phrase_turn[:-1]
    phrase = index - np.maximum.accumulate(np.where(first_phrase, index, 0)) \
        if len(index) else index
    return pl.DataFrame({
        "turn": pl.Series(phrase_turn, dtype=pieces.schema["turn"]),
        "phrase": phrase, "start": phrase_start, "end": phrase_end})


def split_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Phrase spans ``(start, end)`` of one text, as offsets into ``text``."""
    end = len(text) if end is None else end
    found = split_phrases([text[start:end]])
    return [(start + int(a), start + int(b)) for a, b in
            zip(found["start"].to_numpy(), found["end"].to_numpy(), strict=True)]


__all__ = ["NEVER_END", "STARTERS", "split_phrases", "split_spans"]
