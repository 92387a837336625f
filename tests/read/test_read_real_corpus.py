"""The reader on the 46 real transcripts of ../shared/corpus (skipped where absent).

Per-speaker turn counts below were checked by hand against the files (labels
counted in ``<content:encoded>`` only for the feed items, and in the Markdown
text for the briefings, ``Q`` lines included).
"""

from __future__ import annotations

import re

import pytest

from kit import schema as s
from kit.read.formats.feed import parse_feed
from kit.read.formats.markdown import parse_markdown

pytestmark = pytest.mark.corpus

HAND_COUNTS = {
    "state-gov-rss/2021-06-02_department-press-briefing-june-2-2021.rss-item":
        {"MS PORTER": 19, "OPERATOR": 4, "QUESTION": 14},
    "state-gov-rss/2021-06-23_secretary-antony-j-blinken-and-german-foreign-minister-heiko-maas-"
    "at-a-joint-press-availab.rss-item":
        {"FOREIGN MINISTER MAAS": 5, "SECRETARY BLINKEN": 5, "MODERATOR": 2, "QUESTION": 4,
         "MR PRICE": 2},
    "state-gov-rss/2022-02-12_a-senior-state-department-official-on-our-diplomatic-presence-in-"
    "ukraine.rss-item":
        {"MODERATOR": 9, "SENIOR STATE DEPARTMENT OFFICIAL": 11, "OPERATOR": 7, "QUESTION": 9},
    "state-gov-rss/2022-02-23_secretary-antony-j-blinken-and-ukrainian-foreign-minister-dmytro-"
    "kuleba-at-a-joint-press-a.rss-item":
        {"SECRETARY BLINKEN": 6, "FOREIGN MINISTER KULEBA": 4, "MR PRICE": 5, "QUESTION": 5},
    "state-gov-rss/2022-03-13_deputy-secretary-wendy-r-sherman-with-bret-baier-of-fox-news-"
    "sunday.rss-item":
        {"QUESTION": 18, "DEPUTY SECRETARY SHERMAN": 16, "SENATOR ROMNEY": 2,
         "SENATOR COTTON": 1, "SENATOR GRAHAM": 1},
    "state-gov-rss/2022-05-19_secretary-antony-j-blinken-with-stephen-colbert.rss-item":
        {"QUESTION": 40, "SECRETARY BLINKEN": 37},
    "state-gov-rss/2022-07-10_secretary-antony-j-blinken-at-a-press-availability-20.rss-item":
        {"SECRETARY BLINKEN": 8, "MODERATOR": 5, "QUESTION": 5},
    "whitehouse-briefing-room-md/2021-01-20-press-briefing-by-press-secretary-jen-psaki-january-"
    "20-2021": {"MS. PSAKI": 38, "Q": 35},
    "whitehouse-briefing-room-md/2022-03-03-press-briefing-by-press-secretary-jen-psaki-march-"
    "3rd-2022": {"MS. PSAKI": 80, "Q": 79},
    "whitehouse-briefing-room-md/2022-06-29-remarks-by-president-biden-and-nato-secretary-"
    "general-jens-stoltenberg-madrid-spain": {"PRESIDENT BIDEN": 3,
                                              "SECRETARY GENERAL STOLTENBERG": 2},
    "whitehouse-briefing-room-md/2023-02-01-press-gaggle-by-white-house-spokesperson-ian-sams":
        {"MR. SAMS": 22, "Q": 23},
    "whitehouse-briefing-room-md/2024-11-13-background-press-call-on-the-presidents-meeting-"
    "with-president-xi-jinping-in-peru":
        {"MODERATOR": 13, "SENIOR ADMINISTRATION OFFICIAL": 12, "Q": 12},
    "whitehouse-briefing-room-md/2025-01-03-press-briefing-by-press-secretary-karine-jean-"
    "pierre-77": {"MS. JEAN-PIERRE": 49, "Q": 48, "AIDE": 1},
}


@pytest.mark.parametrize("doc_id", sorted(HAND_COUNTS))
def test_hand_checked_turn_counts(real_corpus, doc_id):
    turns = real_corpus.turns[real_corpus.turns[s.DOC_ID] == doc_id]
    labels = turns[s.SPEAKER_LABEL].map(lambda x: re.sub(r"[\s\u00a0]+", " ", x))
    assert labels.value_counts().to_dict() == HAND_COUNTS[doc_id]


def test_all_documents_read(real_corpus, corpus_dir):
    files = [p for p in corpus_dir.rglob("*") if p.is_file() and p.name != "SOURCES.md"]
    assert len(real_corpus.documents) == len(files) == 46
    assert real_corpus.documents[s.N_TURNS].min() >= 5
    assert real_corpus.documents[s.DATE].notna().all()
    assert real_corpus.documents[s.TITLE].notna().all()


def normalised_texts(corpus_dir):
    texts = {}
    for path in sorted(p for p in corpus_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(corpus_dir).as_posix()
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".xml":
            texts[rel[:-4]] = parse_feed(raw, source=str(path))[0].text
        elif path.suffix == ".md" and path.name != "SOURCES.md":
            texts[rel[:-3]] = parse_markdown(raw, source=str(path))[0].text
    return texts


def test_round_trip_every_document(real_corpus, corpus_dir):
    from tiling import assert_tiles

    texts = normalised_texts(corpus_dir)
    assert len(texts) == 46
    for doc_id, text in texts.items():
        if doc_id not in set(real_corpus.documents[s.DOC_ID]):
            doc_id = doc_id.rstrip("-")  # ids are slugs of the file name
        assert_tiles(real_corpus, doc_id, text)


def test_no_doubled_turns(real_corpus):
    # The feed items carry each transcript twice; reading both would repeat every turn.
    # A reporter repeating a question word for word (once, in one briefing) is real.
    for _, doc in real_corpus.turns.groupby(s.DOC_ID):
        texts = doc.loc[doc[s.N_WORDS] >= 8, s.TEXT]
        assert texts.duplicated().sum() <= 1
        half = len(doc) // 2
        assert list(doc[s.TEXT][:half]) != list(doc[s.TEXT][half: 2 * half])


# A label-shaped line after a line that runs on (ends in a lower-case letter or a comma) is
# a word of a hard-wrapped sentence ("... regarding" / "SWIFT: At what point"), not a label.
LABEL_INSIDE = re.compile(
    r"(?:^|(?<![a-z,])\n)[ \u00a0]*(?:Q[\s\u00a0]|[A-Z][A-Z.\- \u00a0]{1,40}:\s)")


def test_no_label_left_inside_a_turn(real_corpus):
    bad = real_corpus.turns[real_corpus.turns[s.TEXT].str.contains(LABEL_INSIDE)]
    assert bad.empty, bad[s.TEXT].str[:120].tolist()


def test_boilerplate_scripts_and_residue_stay_out_of_speech(real_corpus):
    speech = " ".join(real_corpus.turns[s.TEXT])
    for residue in ("jQuery", "watermark", "# # #", "###\n", "was concluded at", "↑"):
        assert residue not in speech
    trailers = " ".join(real_corpus.documents[s.TRAILER])
    assert "innovative ↑" in trailers and "(The briefing was concluded at 2:29 p.m.)" in trailers


def test_speakers_are_merged_and_named(real_corpus):
    turns = real_corpus.turns
    by_label = turns.groupby(s.SPEAKER_LABEL)[s.SPEAKER].agg(lambda x: set(x.astype(str)))
    assert by_label["SECRETARY BLINKEN"] == {"Antony Blinken"}
    assert by_label["MR PRICE"] == {"Ned Price"}
    assert by_label["MS PORTER"] == {"Jalina Porter"}
    assert by_label["MS. PSAKI"] == {"Jen Psaki"}
    assert by_label["MS. JEAN-PIERRE"] == {"Karine Jean-Pierre"}
    # the typo MS. KIRBY is the same person as MR. KIRBY
    assert by_label["MS. KIRBY"] == by_label["MR. KIRBY"] == {"John Kirby"}
    assert by_label["Q"] == by_label["QUESTION"] == {"Questioner"}
    assert set(turns.loc[turns[s.SPEAKER] == "Questioner", s.ROLE]) == {"question"}
    assert set(turns.loc[turns[s.SPEAKER_LABEL] == "OPERATOR", s.ROLE]) == {"operator"}
