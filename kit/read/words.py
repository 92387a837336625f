"""What a word is: the token pattern, a token's term, and characters written several ways.

The reader, the tokens, stop words, queries and speaker labels all use these, so a word and
its spellings (curly or straight apostrophes, odd hyphens) mean one thing everywhere.
"""

from __future__ import annotations

# Katakana, with the prolonged sound mark and the sound marks written after a kana.
_KATAKANA = r"\p{Katakana}\u30fc\uff70\uff9e\uff9f\u3099-\u309c"
#: Chinese and Japanese characters, which are written without spaces between words: each
#: Han character and each hiragana is a token of its own (with the sound marks written after
#: it), a run of katakana one token, as Unicode's default word boundaries (UAX #29) have them.
CJK_CHARACTERS = rf"\p{{Han}}\p{{Hiragana}}{_KATAKANA}"
_CJK_TOKEN = rf"[\p{{Han}}\p{{Hiragana}}][\u3099\u309a]?|[{_KATAKANA}]+"


def _spaced_token(letter: str, word: str) -> str:
    """The token pattern of scripts that space their words, from what a letter and a word
    character are."""
    return (rf"{letter}\.(?:{letter}\.)+{word}*(?:['\u2019]{word}+)?"
            rf"|{word}+(?:[-\u2010\u2011'\u2019]{word}+|[.,]\d{word}*)*")


# One token, in the Rust regex syntax polars uses (no look-around there):
# - a Chinese or Japanese character, or a run of katakana (above);
# - abbreviations of single letters with dots: U.S., p.m., e.g., U.K. (a trailing word part such as
#   the A of U.S.A, or a possessive as in U.S.'s, is kept in the same token);
# - words, with inner apostrophes (straight or curly) and hyphens: Russia's, don't, well-being;
#   numbers with inner decimal points or thousands separators: 2.5, 1,000, 10,000.50.
# A token always starts with a word character and ends before a non-word character or a Chinese
# or Japanese one, so every word character of a text belongs to exactly one token; gaps between
# tokens are never empty but between those characters.
TOKEN_PATTERN = (
    rf"{_CJK_TOKEN}|"
    + _spaced_token(rf"[\p{{L}}--[{CJK_CHARACTERS}]]", rf"[\w--[{CJK_CHARACTERS}]]")
)
#: TOKEN_PATTERN on ASCII text, in Python's ``re`` as well (which has no class subtraction):
#: there ``\p{L}`` is ``[A-Za-z]``, and ``\w``/``\d`` mean the same in both engines, which
#: both take the leftmost alternative.
ASCII_TOKEN_PATTERN = _spaced_token("[A-Za-z]", r"\w")

# A token and the gap of non-word characters after it: one match per token, and the matches tile
# the text from the first token on, so their lengths give every token's offset.
PIECE_PATTERN = rf"(?:{TOKEN_PATTERN})\W*"

#: A term that is only a number (a year, an amount, an ordinal, a decade): ``1990``, ``2.5``,
#: ``1,000``, ``21st``, ``1990s``. Top-term lists leave these out unless asked.
NUMBER_TERM = r"\d[\d.,]*(?:st|nd|rd|th|s)?"

#: Curly apostrophes and the Unicode hyphens that mean the plain ones.
PLAIN_CHARACTERS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-"})


def plain(text: str) -> str:
    """Return ``text`` with curly apostrophes and odd hyphens made plain (case kept)."""
    return text.translate(PLAIN_CHARACTERS)


def normalize_term(token: str) -> str:
    """Return the term of a token: lower-cased, curly apostrophes and odd hyphens made plain."""
    return token.translate(PLAIN_CHARACTERS).lower()
