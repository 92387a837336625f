"""Shared fixtures: the real sample corpus (skipped where absent), the example, and two
small corpora built by hand as tables (no reader involved), for the tests of the layers above
the reader.

- ``make_corpus({doc_id: [(speaker, speech), ...]})`` builds ``(corpus, document_texts)``:
  each document's text is ``LABEL:  speech`` paragraphs joined by blank lines; turns, phrases
  (split after ``.``, ``?``, ``!``) and stage directions carry offsets into that text, as the
  reader's tables do. ``two_briefings`` is the one most counting and keyword tests use.
- ``tiny_corpus``: three documents, four speakers and one turn of hostile markup (a
  transcript is untrusted input), for the widget and app tests.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import settings

from kit import schema as s
from kit.corpus import Corpus
from kit.read.stage import find_stage_directions

# Property tests draw the same examples on every run (`make test` and CI must not go red by
# chance); HYPOTHESIS_PROFILE=explore draws new ones, to hunt for bugs.
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))

ROOT = Path(__file__).resolve().parent.parent
CORPUS_DIR = (ROOT.parent / "shared" / "corpus").resolve()


def _corpus_dir() -> Path:
    if not CORPUS_DIR.is_dir():
        pytest.skip(f"the sample corpus is not at {CORPUS_DIR} (it lives in ../shared/corpus "
                    "beside the repository and is never copied into it)")
    return CORPUS_DIR


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return _corpus_dir()


@pytest.fixture(scope="session")
def real_corpus(corpus_dir):
    import kit

    return kit.read_transcripts(corpus_dir, progress=False)


@pytest.fixture(scope="session")
def example():
    import kit

    return kit.load_example()


# ---------------------------------------------------------------------------------------------
# Corpora built by hand

_PHRASE = re.compile(r"\S.*?(?:[.?!](?=\s|$)|$)", re.S)


def build_hand_corpus(docs: dict[str, list[tuple[str, str]]],
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


@pytest.fixture(scope="session")
def make_corpus():
    """The factory: ``make_corpus(docs, dates=None, roles=None) -> (corpus, texts)``."""
    return build_hand_corpus


@pytest.fixture(scope="session")
def two_briefings():
    """``(corpus, texts)`` of :data:`DOCS`: two documents, three speakers, dated."""
    return build_hand_corpus(DOCS, dates=DATES, roles={"Question": s.ROLE_QUESTION})


HOSTILE = ('He wrote <img src=x onerror="window.__pwned=1"> and '
           "<script>window.__pwned=2</script> today.")

_DOCS = [
    ("doc-a", "Briefing on Ukraine", "2022-03-04", [
        ("Price", "Russia's war on Ukraine is a war of choice. NATO is united."),
        ("Questioner", "Will NATO send troops to Ukraine? What about the nuclear plant?"),
        ("Price", "NATO will not send troops. The nuclear power plant attack was reckless."),
    ]),
    ("doc-b", "Briefing on trade", "2022-06-10", [
        ("Psaki", "Trade with Europe is strong. Inflation is our focus."),
        ("Questioner", "Is inflation hurting trade? " + HOSTILE),
        ("Psaki", "Inflation is falling. Trade is up. Ukraine gets support."),
    ]),
    ("doc-c", "Remarks on NATO", "2023-01-20", [
        ("Blinken", "NATO is stronger than ever. Ukraine will prevail."),
        ("Price", "Thank you, Secretary. NATO allies agree on Ukraine."),
    ]),
]

TINY_SPEAKERS = ["Price", "Questioner", "Psaki", "Blinken"]


def build_tiny_corpus() -> Corpus:
    """Return a three-document corpus with four speakers and one hostile turn."""
    doc_rows, turn_rows, phrase_rows = [], [], []
    for doc_id, title, date, turns in _DOCS:
        stamp = pd.Timestamp(date)
        offset = 0
        n_doc_words = 0
        for turn_id, (speaker, text) in enumerate(turns):
            n_words = len(re.findall(r"\w+", text))
            n_doc_words += n_words
            turn_rows.append({
                s.DOC_ID: doc_id, s.TURN_ID: turn_id, s.SPEAKER: speaker,
                s.SPEAKER_LABEL: speaker.upper(),
                s.ROLE: s.ROLE_QUESTION if speaker == "Questioner" else s.ROLE_OFFICIAL,
                s.TEXT: text, s.N_WORDS: n_words, s.START_CHAR: offset,
                s.END_CHAR: offset + len(text), s.START_S: float("nan"),
                s.END_S: float("nan"), s.STAGE_DIRECTIONS: [], s.DATE: stamp, s.TITLE: title,
            })
            for phrase_id, m in enumerate(re.finditer(r"[^.?!]+[.?!]?", text)):
                phrase = m.group().strip()
                if not phrase:
                    continue
                start = offset + m.start() + (len(m.group()) - len(m.group().lstrip()))
                phrase_rows.append({
                    s.DOC_ID: doc_id, s.TURN_ID: turn_id, s.PHRASE_ID: phrase_id,
                    s.SPEAKER: speaker, s.TEXT: phrase,
                    s.N_WORDS: len(re.findall(r"\w+", phrase)),
                    s.START_CHAR: start, s.END_CHAR: start + len(phrase),
                })
            offset += len(text) + 2
        doc_rows.append({
            s.DOC_ID: doc_id, s.TITLE: title, s.DATE: stamp, s.LOCATION: None,
            s.BYLINE: None, s.CAPTION: None, s.URL: None, s.SOURCE: f"{doc_id}.txt",
            s.FORMAT: "text", s.HEADER: title, s.TRAILER: "", s.N_TURNS: len(turns),
            s.N_WORDS: n_doc_words,
        })
    documents = pd.DataFrame(doc_rows, columns=s.DOCUMENT_COLUMNS)
    turns = pd.DataFrame(turn_rows, columns=s.TURN_COLUMNS)
    turns[s.SPEAKER] = pd.Categorical(turns[s.SPEAKER], categories=TINY_SPEAKERS)
    phrases = pd.DataFrame(phrase_rows, columns=s.PHRASE_COLUMNS)
    phrases[s.SPEAKER] = pd.Categorical(phrases[s.SPEAKER], categories=TINY_SPEAKERS)
    return Corpus(documents, turns, phrases)


@pytest.fixture(scope="module")
def tiny_corpus() -> Corpus:
    """Three documents, four speakers (:data:`TINY_SPEAKERS`) and one hostile turn."""
    return build_tiny_corpus()


# ---------------------------------------------------------------------------------------------
# Files dated across centuries: before 1677 and after 2262 (where nanosecond dates stop)

#: The files of :func:`centuries_folder` and the date each gives.
CENTURIES = {
    "commons-1628.txt": ("House of Commons\n7 June 1628\n\n"
                         "MR SPEAKER: The petition of right is read.\n\n"
                         "SIR JOHN ELIOT: We stand upon the petition of right and our "
                         "liberties.\n", "1628-06-07"),
    "briefing-2300.md": ("---\ntitle: Stardate briefing\ndate: 2300-01-15\n---\n\n"
                         "KIRK: Set a course for the petition nebula.\n\n"
                         "SPOCK: Fascinating. A petition of stars.\n", "2300-01-15"),
    "briefing-2022.txt": ("Press Briefing\nMarch 4, 2022\n\n"
                          "MR. PRICE: Good afternoon, and the petition today.\n\n"
                          "QUESTION: Thank you, Ned.\n", "2022-03-04"),
}


@pytest.fixture(scope="session")
def centuries_folder(tmp_path_factory) -> Path:
    """A folder of three transcripts dated 1628, 2300 and 2022 (:data:`CENTURIES`)."""
    folder = tmp_path_factory.mktemp("centuries")
    for name, (text, _) in CENTURIES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def centuries_dates() -> dict[str, pd.Timestamp]:
    """Each document id of :func:`centuries_folder` and its date."""
    return {name.rsplit(".", 1)[0]: pd.Timestamp(date) for name, (_, date) in CENTURIES.items()}


@pytest.fixture(scope="session")
def write_two_batch_dataset(corpus_dir):
    """``write_two_batch_dataset(folder)``: the shared corpus as a Parquet dataset of two
    batches with tokens (its State Department folder written, then its White House folder
    appended); returns ``folder``. Each caller its own folder: a keyword index writes into it."""
    from kit.read.dataset import append_dataset, write_dataset
    from kit.read.read import read_transcripts

    def write(folder: Path) -> Path:
        write_dataset(read_transcripts(corpus_dir / "state-gov-rss", progress=False), folder,
                      tokens=True)
        append_dataset(read_transcripts(corpus_dir / "whitehouse-briefing-room-md",
                                        progress=False), folder, tokens=True)
        return folder

    return write
