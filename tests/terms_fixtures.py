"""Build small Corpus objects by hand for the tokens, counts and KWIC tests.

Each document's text is ``LABEL: speech`` paragraphs joined by blank lines; turns, phrases
(split after ``.``, ``?``, ``!``) and stage directions carry offsets into that text, as the
reader's tables do, so ``text == document_text[start_char:end_char]`` holds everywhere.
"""

from __future__ import annotations

import re

import pandas as pd

from kit import schema as s
from kit.corpus import Corpus
from kit.read.stage import find_stage_directions

_PHRASE = re.compile(r"\S.*?(?:[.?!](?=\s|$)|$)", re.S)


def make_corpus(docs: dict[str, list[tuple[str, str]]],
                dates: dict[str, str] | None = None,
                roles: dict[str, str] | None = None) -> tuple[Corpus, dict[str, str]]:
    """Return ``(corpus, document_texts)`` for ``{doc_id: [(speaker, speech), ...]}``."""
    dates = dates or {}
    roles = roles or {}
    doc_rows, turn_rows, phrase_rows, stage_rows = [], [], [], []
    texts: dict[str, str] = {}
    speakers: list[str] = []
    for doc_id, turns in docs.items():
        parts: list[str] = []
        pos = 0
        for turn_id, (speaker, speech) in enumerate(turns):
            if speaker not in speakers:
                speakers.append(speaker)
            label = f"{speaker.upper()}:  "
            start = pos + len(label)
            end = start + len(speech)
            turn_rows.append({
                s.DOC_ID: doc_id, s.TURN_ID: turn_id, s.SPEAKER: speaker,
                s.SPEAKER_LABEL: speaker.upper(), s.ROLE: roles.get(speaker, s.ROLE_OFFICIAL),
                s.TEXT: speech, s.N_WORDS: len(speech.split()), s.START_CHAR: start,
                s.END_CHAR: end, s.DATE: pd.Timestamp(dates.get(doc_id, "2022-03-04")),
                s.TITLE: f"Title of {doc_id}", "text_start_char": start,
            })
            for phrase_id, m in enumerate(_PHRASE.finditer(speech)):
                phrase_rows.append({
                    s.DOC_ID: doc_id, s.TURN_ID: turn_id, s.PHRASE_ID: phrase_id,
                    s.SPEAKER: speaker, s.TEXT: m.group(), s.N_WORDS: len(m.group().split()),
                    s.START_CHAR: start + m.start(), s.END_CHAR: start + m.end(),
                })
            for a, b in find_stage_directions(speech):
                stage_rows.append({s.DOC_ID: doc_id, s.TURN_ID: turn_id, s.TEXT: speech[a:b],
                                   s.START_CHAR: start + a, s.END_CHAR: start + b})
            parts.append(label + speech)
            pos = end + 2
        texts[doc_id] = "\n\n".join(parts)
        doc_rows.append({s.DOC_ID: doc_id, s.TITLE: f"Title of {doc_id}",
                         s.DATE: pd.Timestamp(dates.get(doc_id, "2022-03-04")),
                         s.N_TURNS: len(turns)})
    documents = pd.DataFrame(doc_rows)
    turns_df = pd.DataFrame(turn_rows)
    phrases = pd.DataFrame(phrase_rows, columns=s.PHRASE_COLUMNS)
    for frame in (turns_df, phrases):
        frame[s.SPEAKER] = pd.Categorical(frame[s.SPEAKER], categories=speakers)
    turns_df[s.ROLE] = pd.Categorical(turns_df[s.ROLE], categories=s.ROLES)
    stage = pd.DataFrame(stage_rows, columns=s.STAGE_DIRECTION_COLUMNS)
    return Corpus(documents, turns_df, phrases, stage), texts


# Two small documents shared by the counting and keyword tests; tokens by hand
# (stop words marked *):
#   d1 Price:    sanctions work | sanctions and* more* sanctions          -> 6 words
#   d1 Question: the* war (Laughter.) is* over*                           -> 4 words
#   d2 Price:    the* war in* ukraine | nuclear power plant safety        -> 8 words
#   d2 Blinken:  nuclear power | plant a* tree                            -> 5 words
DOCS = {
    "d1": [("Price", "Sanctions work. Sanctions and more sanctions!"),
           ("Question", "The war (Laughter.) is over.")],
    "d2": [("Price", "The war in Ukraine. Nuclear power plant safety."),
           ("Blinken", "Nuclear power. Plant a tree.")],
}
DATES = {"d1": "2022-03-04", "d2": "2022-04-10"}
