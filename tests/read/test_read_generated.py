"""Property tests: generated transcripts are read back exactly, nothing lost."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tiling import assert_tiles

import kit
from kit import schema as s

WORDS = st.sampled_from(
    "the alliance will meet today and we support ukraine with more troops as the minister "
    "said in brussels U.S. 2.5 percent well-being don’t Russia’s nuclear power plant".split()
)
LABELS = st.sampled_from([
    "SECRETARY BLINKEN", "MR PRICE", "MR. PRICE", "MS. PSAKI", "QUESTION", "MODERATOR",
    "SECRETARY GENERAL STOLTENBERG", "AMBASSADOR THOMAS-GREENFIELD", "Q",
])
SEPARATORS = st.sampled_from(["  ", " ", "\u00a0 ", "\u00a0"])


@st.composite
def sentences(draw):
    words = draw(st.lists(WORDS, min_size=1, max_size=12))
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    if draw(st.booleans()):
        text += " " + draw(st.sampled_from(["(Laughter.)", "(Applause.)", "[inaudible]"]))
    return text + draw(st.sampled_from([".", "?", "!", "…"]))


@st.composite
def transcripts(draw):
    header = draw(st.sampled_from([
        "", "Remarks to the Press\nWashington, DC\nMay 5, 2023\n\n",
        "An official website of the United States government\n\nTitle: A Day\n\n",
    ]))
    turns = []
    for _ in range(draw(st.integers(1, 6))):
        label = draw(LABELS)
        paragraphs = [" ".join(draw(st.lists(sentences(), min_size=1, max_size=4)))
                      for _ in range(draw(st.integers(1, 3)))]
        sep = "\u00a0 \u00a0 " if label == "Q" else ":" + draw(SEPARATORS)
        turns.append((label, label + sep + "\n\n".join(paragraphs), paragraphs))
    trailer = draw(st.sampled_from(["", "\n\n# # #\n", "\n\n(The briefing was concluded at "
                                    "2:25 p.m.)\n", "\n"]))
    line_break = draw(st.sampled_from(["\n\n", "\n\n\n"]))
    text = header + line_break.join(t[1] for t in turns) + trailer
    return text, turns


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transcripts())
def test_generated_transcripts_round_trip(tmp_path_factory, generated):
    text, turns = generated
    path = tmp_path_factory.mktemp("gen") / "t.txt"
    path.write_text(text, encoding="utf-8", newline="")
    corpus = kit.read_transcript(path)
    assert list(corpus.turns[s.SPEAKER_LABEL]) == [t[0] for t in turns]
    assert list(corpus.turns[s.TEXT]) == ["\n\n".join(t[2]) for t in turns]
    assert_tiles(corpus, corpus.documents[s.DOC_ID].iloc[0], text)
    # phrases cover every word of every turn, in order
    for (_, turn), (_, group) in zip(corpus.turns.iterrows(),
                                     corpus.phrases.groupby(s.TURN_ID), strict=True):
        assert "".join(group[s.TEXT]).replace(" ", "") == \
            turn[s.TEXT].replace(" ", "").replace("\n", "").replace("\u00a0", "")
