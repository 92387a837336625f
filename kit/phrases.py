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
    frame = pl.DataFrame({"text": series}).with_row_index("turn")
    pieces = (
        frame.select("turn", pl.col("text").str.extract_all(_PIECE).alias("piece"))
        .explode("piece")
        .drop_nulls("piece")
    )
    words = pl.col("piece").str.extract(_LAST_WORD, 1)
    prev = pl.col("piece").shift(1).over("turn")
    nxt = pl.col("piece").shift(-1).over("turn")
    pieces = pieces.with_columns(
        length=pl.col("piece").str.len_chars(),
        trailing=pl.col("piece").str.len_chars() - pl.col("piece").str.strip_chars_end()
        .str.len_chars(),
    ).with_columns(
        start=(pl.col("length").cum_sum().over("turn") - pl.col("length")),
        # a dotted abbreviation: U. + S. or p. + m.
        dotted=(prev.str.contains(r"\p{L}\.$").fill_null(False)
                & words.str.contains(r"^\p{L}{1,2}$").fill_null(False))
        | words.str.contains(r"\p{L}\.\p{L}").fill_null(False),
        initial=words.str.contains(r"^\p{Lu}$").fill_null(False),
        abbreviation=words.is_in(list(NEVER_END)).fill_null(False),
        single=pl.col("piece").str.contains(_SINGLE_PERIOD),
        opener_next=nxt.str.contains(_OPENER).fill_null(False),
        starter_next=nxt.str.extract(r"^['\"‘“(]?([\p{L}’']+)", 1).is_in(list(STARTERS))
        .fill_null(False),
    ).with_columns(
        ends=pl.when(pl.col("piece").str.contains(_PARAGRAPH)).then(True)
        .when(~pl.col("piece").str.contains(_TERMINATED)).then(False)
        .when(~pl.col("single")).then(pl.col("opener_next"))
        .when(pl.col("dotted")).then(pl.col("starter_next"))
        .when(pl.col("abbreviation") | pl.col("initial")).then(False)
        .otherwise(pl.col("opener_next"))
    )
    phrases = (
        pieces.with_columns(
            phrase=(pl.col("ends").cast(pl.Int64).cum_sum().over("turn")
                    - pl.col("ends").cast(pl.Int64))
        )
        .group_by("turn", "phrase", maintain_order=True)
        .agg(pl.col("start").first(), (pl.col("start") + pl.col("length")).last().alias("stop"),
             pl.col("trailing").last(), pl.col("piece").first().alias("first"))
        .with_columns(
            start=pl.col("start") + pl.col("first").str.len_chars()
            - pl.col("first").str.strip_chars_start().str.len_chars(),
            end=pl.col("stop") - pl.col("trailing"),
        )
        .filter(pl.col("end") > pl.col("start"))
        .with_columns(phrase=pl.int_range(pl.len()).over("turn"))
        .select("turn", "phrase", "start", "end")
    )
    return phrases


def split_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Phrase spans ``(start, end)`` of one text, as offsets into ``text``."""
    end = len(text) if end is None else end
    found = split_phrases([text[start:end]])
    return [(start + int(a), start + int(b)) for a, b in
            zip(found["start"].to_numpy(), found["end"].to_numpy(), strict=True)]


__all__ = ["NEVER_END", "STARTERS", "split_phrases", "split_spans"]
