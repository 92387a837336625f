"""Check that a document's header, turns and trailer tile its normalised text exactly."""

from __future__ import annotations

import re
from pathlib import Path

from kit import schema as s
from kit.read.decoding import decode
from kit.read.formats import parse, sniff_format


def normalised_texts(path: Path, **options) -> list[str]:
    """The normalised text of each document in ``path``, as the reader makes it."""
    text = decode(path.read_bytes(), source=str(path))
    fmt = options.pop("format", None) or sniff_format(text, suffix=path.suffix)
    return [doc.text for doc in parse(text, fmt, source=str(path), options=options)]


def assert_tiles(corpus, doc_id: str, normalised: str) -> None:
    """Every character of ``normalised`` is in the header, one turn, or the trailer.

    Between turns only whitespace; before each turn's speech only its label as written
    (empty where the file marks the speaker in markup) and punctuation (a colon, a printed
    dash, a question number); every phrase is
    the text at its offsets.
    """
    doc = corpus.documents.set_index(s.DOC_ID).loc[doc_id]
    turns = corpus.turns[corpus.turns[s.DOC_ID] == doc_id]
    assert normalised.startswith(doc[s.HEADER])
    assert normalised.endswith(doc[s.TRAILER])
    pos = len(doc[s.HEADER])
    for turn in turns.itertuples():
        gap = normalised[pos: turn.start_char]
        assert not gap.strip(), f"text between turns: {gap!r}"
        span = normalised[turn.start_char: turn.end_char]
        assert span.endswith(turn.text)
        assert normalised[turn.text_start_char: turn.end_char] == turn.text
        label_part = span[: len(span) - len(turn.text)]
        assert turn.speaker_label in label_part
        rest = label_part.replace(turn.speaker_label, "", 1)
        # what may stand between a label and its speech: whitespace, a colon, a printed dash
        # (``Senator X.—``), a question number, brackets
        assert not re.sub(r"[\s:()\[\]0-9.,\-\u2013\u2014]", "", rest), f"lost text: {rest!r}"
        pos = turn.end_char
    assert pos + len(doc[s.TRAILER]) == len(normalised)
    phrases = corpus.phrases[corpus.phrases[s.DOC_ID] == doc_id]
    for ph in phrases.itertuples():
        assert normalised[ph.start_char: ph.end_char] == ph.text
