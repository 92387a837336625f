"""Sentence-like phrases: a careful rule set, vectorised with polars.

A phrase ends at ``.``, ``?``, ``!`` or an ellipsis (with any closing quotes or
brackets) followed by whitespace and a capital, digit or opening quote, or at a
paragraph break. Abbreviations that never end a sentence (``Mr.``, ``No. 2``,
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

_CLOSE = "'\"’”)\\]»"
# Every possible phrase end cuts the text: pieces tile it exactly.
_PIECE = (rf"[^.?!…\n]+(?:\.\.\.|[.?!…]+)?[{_CLOSE}]*\s*|(?:\.\.\.|[.?!…]+)[{_CLOSE}]*\s*"
          r"|\n\s*")
_OPENER = r"^['\"‘“(\[¿¡«]?[\p{Lu}\p{N}]"
# The piece ends a sentence candidate: terminator, closers, then whitespace.
_TERMINATED = rf"(?:\.\.\.|[.?!…])[{_CLOSE}]*\s+$"
_SINGLE_PERIOD = rf"(?:^|[^.])\.[{_CLOSE}]*\s+$"
_LAST_WORD = rf"(\S+?)\.[{_CLOSE}]*\s+$"
_PARAGRAPH = r"\n[ \t\u00a0]*\n\s*$"


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
    pieces = (
        pl.DataFrame({"text": series}).with_row_index("turn")
        .select("turn", pl.col("text").str.extract_all(_PIECE).alias("piece"))
        .explode("piece")
        .drop_nulls("piece")
    )
    # Pieces are in turn order, so neighbours and running sums are global column
    # operations masked at turn boundaries (much faster than windows per turn).
    turn = pl.col("turn")
    first = turn != turn.shift(1, fill_value=-1)
    last = turn != turn.shift(-1, fill_value=-1)
    words = pl.col("piece").str.extract(_LAST_WORD, 1)
    prev = pl.when(first).then(None).otherwise(pl.col("piece").shift(1))
    nxt = pl.when(last).then(None).otherwise(pl.col("piece").shift(-1))
    cum = pl.col("piece").str.len_chars().cast(pl.Int64).cum_sum()
    pieces = pieces.with_columns(
        first=first,
        last=last,
        length=pl.col("piece").str.len_chars().cast(pl.Int64),
        # offset of the piece in its turn: running sum less the turn's own start
        start=(cum - pl.col("piece").str.len_chars().cast(pl.Int64))
        - pl.when(first).then(cum - pl.col("piece").str.len_chars().cast(pl.Int64))
        .forward_fill(),
        leading=pl.col("piece").str.len_chars().cast(pl.Int64)
        - pl.col("piece").str.strip_chars_start().str.len_chars().cast(pl.Int64),
        trailing=pl.col("piece").str.len_chars().cast(pl.Int64)
        - pl.col("piece").str.strip_chars_end().str.len_chars().cast(pl.Int64),
        ends=pl.when(pl.col("piece").str.contains(_PARAGRAPH)).then(True)
        .when(~pl.col("piece").str.contains(_TERMINATED)).then(False)
        .when(~pl.col("piece").str.contains(_SINGLE_PERIOD))
        .then(nxt.str.contains(_OPENER).fill_null(False))
        # a dotted abbreviation (U. + S., p. + m.) ends a sentence before a usual opener
        .when((prev.str.contains(r"\p{L}\.$").fill_null(False)
               & words.str.contains(r"^\p{L}{1,2}$").fill_null(False))
              | words.str.contains(r"\p{L}\.\p{L}").fill_null(False))
        .then(nxt.str.slice(0, 16).str.extract(r"^['\"‘“(]?([\p{L}’']+)", 1)
              .is_in(list(STARTERS))
              .fill_null(False))
        .when(words.is_in(list(NEVER_END)).fill_null(False)
              | words.str.contains(r"^\p{Lu}$").fill_null(False)).then(False)
        .otherwise(nxt.str.contains(_OPENER).fill_null(False)),
    ).with_columns(
        opens=pl.col("first") | pl.col("ends").shift(1, fill_value=True),
        closes=pl.col("last") | pl.col("ends"),
    )
    # A phrase runs from an opening piece to the next closing piece.
    opening = pieces.filter("opens").select("turn", start=pl.col("start") + pl.col("leading"))
    closing = pieces.filter("closes").select(
        end=pl.col("start") + pl.col("length") - pl.col("trailing"))
    phrases = pl.concat([opening, closing], how="horizontal").filter(
        pl.col("end") > pl.col("start"))
    first_phrase = pl.col("turn") != pl.col("turn").shift(1, fill_value=-1)
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    return phrases.with_columns(
        phrase=index - pl.when(first_phrase).then(index).forward_fill()
    ).select("turn", "phrase", "start", "end")


def split_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Phrase spans ``(start, end)`` of one text, as offsets into ``text``."""
    end = len(text) if end is None else end
    found = split_phrases([text[start:end]])
    return [(start + int(a), start + int(b)) for a, b in
            zip(found["start"].to_numpy(), found["end"].to_numpy(), strict=True)]


__all__ = ["NEVER_END", "STARTERS", "split_phrases", "split_spans"]
