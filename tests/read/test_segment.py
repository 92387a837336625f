"""The segmenter: labels by shape, recurrence and position; header and trailer."""

from __future__ import annotations

import pytest

from kit.read.segment import find_turns, segment


def labels(text):
    return [t.label for t in find_turns(text)]


def test_turns_tile_the_body():
    text = "Title\n\nMR PRICE:  One.\n\nTwo.\n\nQUESTION:\nThree?\n\n"
    seg = segment(text)
    assert seg.header_end == text.index("MR PRICE")
    spans = [(t.start, t.text_start, t.end) for t in seg.turns]
    assert [text[a:b] for _, a, b in spans] == ["One.\n\nTwo.", "Three?"]
    assert seg.trailer_start == seg.turns[-1].end == len(text.rstrip())


@pytest.mark.parametrize("text", [
    "MR PRICE: Hi.\n\nQ   Why?\n\nA   Because.\n",
    "MR PRICE: Hi.\n\nQ\u00a0Why?\n\nMR PRICE: Yes.\n",
])
def test_q_markers(text):
    assert "Q" in labels(text)


def test_a_without_q_is_not_a_label():
    assert labels("MR PRICE: Hi.\n\nA   lot of people came.\n") == ["MR PRICE"]


def test_mixed_case_label_needs_to_recur():
    assert labels("Washington: a city.\n\nMR PRICE: Hi.\n") == ["MR PRICE"]
    assert labels("Jane Doe: Hi.\n\nJane Doe: Again.\n") == ["Jane Doe", "Jane Doe"]


def test_field_words_need_to_recur():
    assert labels("NOTE: embargoed\n\nMR PRICE: Hi.\n") == ["MR PRICE"]


@pytest.mark.parametrize("residue", [
    "###", "# # #", "(The briefing was concluded at 2:25 p.m.)", "1:59 P.M. EST",
    "Ambassador Julianne Smith Previews NATO Foreign Ministe", "innovative ↑", "Back to Top",
])
def test_residue_after_the_last_turn_is_trailer(residue):
    text = f"MR PRICE: One.\n\nTwo.\n\n{residue}\n"
    seg = segment(text)
    assert text[seg.turns[-1].text_start: seg.turns[-1].end] == "One.\n\nTwo."
    assert text[seg.trailer_start:].strip() == residue


@pytest.mark.parametrize("speech", [
    "Thank you all.", "So that is where we are", "(Laughter.)", "And that — that is it —",
])
def test_speech_at_the_end_stays_speech(speech):
    text = f"MR PRICE: One.\n\n{speech}\n"
    seg = segment(text)
    assert text[seg.turns[-1].text_start: seg.turns[-1].end] == f"One.\n\n{speech}"


def test_no_labels():
    seg = segment("Just prose.\n")
    assert seg.turns == []


_CRE = """1. Opening of the sitting

President. – The sitting is open.

2. Situation in Ukraine

President. – The next item is the debate on Ukraine.

Manfred Weber, on behalf of the PPE Group. – Mr President, we stand with Ukraine. \
Long live a free Ukraine.

Clare Daly (The Left). – Mr President, I disagree.

President. – The debate is closed.
"""


def test_name_period_dash_labels_where_the_document_is_written_so():
    # the European Parliament's verbatim reports: a name (and what the speaker speaks as),
    # a period and a spaced dash, the speech on the same line
    turns = find_turns(_CRE)
    assert [t.label for t in turns] == [
        "President", "President", "Manfred Weber, on behalf of the PPE Group",
        "Clare Daly (The Left)", "President"]
    assert [_CRE[t.start:t.text_start] for t in turns][2] == \
        "Manfred Weber, on behalf of the PPE Group. – "
    assert _CRE[turns[3].text_start:turns[3].end] == "Mr President, I disagree."


@pytest.mark.parametrize("text", [
    # a sentence or two that happen to have that shape: not the document's style
    "MR PRICE: Hello.\n\nYes. – And no.\n\nMR PRICE: Again.\n",
    "Intro.\n\nPresident. – The sitting is open.\n\nJane Doe. – Thanks.\n\nEnd.\n",
    # the shape in the middle of a paragraph
    "MR PRICE: It was late\nPresident. – no.\n\nMR PRICE: Yes.\n\nMR PRICE: And. – so.\n",
])
def test_a_few_period_dash_lines_are_no_labels(text):
    assert all("–" not in label and label != "President" for label in labels(text))


# Parliaments' own label styles, in their languages (texts written by us in their shape)
_ASSEMBLEE = """Compte rendu intégral

M. le président. La séance est ouverte.

La parole est à Mme Mathilde Panot.

Mme Mathilde Panot. Monsieur le président, je vous remercie.

M. le président. La parole est à Mme la Première ministre.

Mme Élisabeth Borne, Première ministre. Mesdames et messieurs les députés.

M. Olivier Marleix. Très bien !

M. le président. La séance est levée.
"""
_CAMERA = """Resoconto stenografico

PRESIDENTE. La seduta è aperta.

GIORGIA MELONI, Presidente del Consiglio dei ministri. Grazie, Presidente.

PRESIDENTE. Ha chiesto di parlare l'onorevole Schlein.

ELLY SCHLEIN (PD-IDP). Grazie, Presidente.

PRESIDENTE. La seduta è tolta.
"""
_CONGRESO = """DIARIO DE SESIONES

La señora PRESIDENTA: Se abre la sesión.

El señor SÁNCHEZ PÉREZ-CASTEJÓN (presidente del Gobierno): Muchas gracias.

La señora PRESIDENTA: Muchas gracias.

El señor FEIJÓO ALBERTOS: Gracias, señora presidenta.
"""
_KAMER = """Tweede Kamer

De voorzitter:
Ik open de vergadering.

De heer Wilders (PVV):
Voorzitter. Dit is een belangrijk debat.

Minister Rutte:
Dank u wel, voorzitter.

De voorzitter:
Ik sluit de vergadering.
"""


@pytest.mark.parametrize("text, expected", [
    (_ASSEMBLEE, ["M. le président", "Mme Mathilde Panot", "M. le président",
                  "Mme Élisabeth Borne, Première ministre", "M. Olivier Marleix",
                  "M. le président"]),
    (_CAMERA, ["PRESIDENTE", "GIORGIA MELONI, Presidente del Consiglio dei ministri",
               "PRESIDENTE", "ELLY SCHLEIN (PD-IDP)", "PRESIDENTE"]),
    (_CONGRESO, ["La señora PRESIDENTA",
                 "El señor SÁNCHEZ PÉREZ-CASTEJÓN (presidente del Gobierno)",
                 "La señora PRESIDENTA", "El señor FEIJÓO ALBERTOS"]),
    (_KAMER, ["De voorzitter", "De heer Wilders (PVV)", "Minister Rutte", "De voorzitter"]),
])
def test_parliaments_label_styles(text, expected):
    turns = find_turns(text)
    assert [t.label for t in turns] == expected
    # the speech starts after the label's period (or colon), on the same line or the next
    first = text[turns[0].text_start:turns[0].end]
    assert first[0].isupper() and not first.startswith(("M.", "PRESIDENTE", "La señora"))


@pytest.mark.parametrize("text", [
    # a press briefing's paragraphs that open in capitals or with an initial: not labels
    "MR PRICE: Hello.\n\nUS officials met. They agreed.\n\nOK. Next question.\n\n"
    "MR PRICE: Yes.\n\nNATO. That is the answer.\n",
    "MR PRICE: Hello.\n\nM. Dupont. He said so.\n\nMR PRICE: Yes.\n",
])
def test_capitals_or_an_initial_before_a_period_are_no_labels_by_themselves(text):
    assert set(labels(text)) == {"MR PRICE"}
