"""Speakers: one person one name, roles, aliases and the speaker report."""

from __future__ import annotations

import pytest

import kit
from kit import schema as s
from kit.errors import KitError
from kit.read.speakers import (
    full_name_in,
    label_key,
    near_duplicates,
    party_of_label,
    resolve_label,
    role_of,
    state_of_label,
)


@pytest.mark.parametrize("label, key", [
    ("MR. PRICE", "MR PRICE"), ("MR PRICE", "MR PRICE"), ("Mr. Price", "MR PRICE"),
    ("MS.\u00a0 JEAN-PIERRE", "MS JEAN-PIERRE"), ("Q", "Q"),
])
def test_label_key(label, key):
    assert label_key(label) == key


@pytest.mark.parametrize("label, role", [
    ("QUESTION", "question"), ("Q", "question"), ("REPORTER", "question"),
    ("JOURNALIST 2", "question"), ("UNIDENTIFIED JOURNALIST", "question"),
    ("FEMALE REPORTER", "question"), ("SPEAKER 1", "unknown"),
    ("PARTICIPANT", "question"), ("AUDIENCE MEMBER", "question"), ("MODERATOR", "moderator"),
    ("OPERATOR", "operator"), ("INTERPRETER", "interpreter"), ("SECRETARY BLINKEN", "official"),
    ("MR PRICE", "official"), ("SENIOR STATE DEPARTMENT OFFICIAL", "official"),
    ("Speaker 1", "unknown"), ("Jane Doe", "unknown"),
    # who presides, titled in the protocol's language; an English "President" is not
    ("Präsident Dr. Norbert Lammert", "chair"), ("Vizepräsidentin Petra Pau", "chair"),
    ("Alterspräsident Dr. Heinz Riesenhuber", "chair"), ("Le Président", "chair"),
    ("Madame la Présidente", "chair"), ("Marszałek", "chair"),
    ("M. le président", "chair"), ("Mme la présidente", "chair"),
    ("La señora PRESIDENTA", "chair"), ("De voorzitter", "chair"), ("PRESIDENTE", "chair"),
    ("President Biden", "official"),
    # "Speaker" addressed or with its article is the chair; alone, a service's unnamed one
    ("Mr Speaker", "chair"), ("Mr. SPEAKER", "chair"), ("HON. SPEAKER", "chair"),
    ("Hon Speaker", "chair"), ("Madam Deputy Speaker", "chair"), ("The SPEAKER", "chair"),
    ("The Deputy Speaker (Dame Rosie Winterton)", "chair"), ("SPEAKER", "unknown"),
    ("Speaker", "unknown"), ("SPEAKER 2", "unknown"),
    # a question from the floor, in the press conferences' languages
    ("Frage", "question"), ("FRAGE MÜLLER", "question"), ("Pregunta", "question"),
])
def test_roles(label, role):
    assert role_of(label_key(label)) == role


def test_full_names_come_from_the_header():
    header = ("NATO Foreign Ministerial: Remarks by Secretary Antony Blinken and NATO Secretary "
              "General Jens Stoltenberg")
    assert full_name_in(header, "BLINKEN") == "Antony Blinken"
    assert full_name_in(header, "STOLTENBERG") == "Jens Stoltenberg"
    assert full_name_in("Antony J. Blinken, Secretary of State", "BLINKEN") == "Antony Blinken"
    assert full_name_in("Press Secretary Karine Jean-Pierre", "JEAN-PIERRE") == \
        "Karine Jean-Pierre"
    assert full_name_in("Remarks by President Biden", "BIDEN") is None


def test_title_only_label_takes_the_name_the_header_gives():
    speaker, role, surname = resolve_label("THE PRESIDENT",
                                           context="Remarks by President Biden in Madrid")
    assert (speaker, role, surname) == ("President Biden", "official", "BIDEN")
    assert resolve_label("PRESIDENT BIDEN", context="")[0] == "President Biden"


def test_surname_only_speakers_join_the_full_name_across_documents(tmp_path):
    (tmp_path / "a.txt").write_text("Ned Price, Department Spokesperson\n\nMR PRICE: Hi.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text("MR. PRICE: Hello.\n\nQUESTION: Yes?\n", encoding="utf-8")
    corpus = kit.read_transcripts(tmp_path, progress=False)
    assert list(corpus.turns[s.SPEAKER]) == ["Ned Price", "Ned Price", "Questioner"]


ALIASED = "MR PRICE: One.\n\nMR. PRICE: Two.\n\nQUESTION: Three?\n\nSPEAKER 2: Four.\n"


def test_aliases_from_a_dict_win(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(ALIASED, encoding="utf-8")
    corpus = kit.read_transcript(path, aliases={"mr. price": "Edward Price",
                                                "Speaker 2": "Jane Doe"})
    assert list(corpus.turns[s.SPEAKER]) == ["Edward Price", "Edward Price", "Questioner",
                                             "Jane Doe"]


def test_aliases_from_a_csv(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text(ALIASED, encoding="utf-8")
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("label,speaker\nMR PRICE,Edward Price\n", encoding="utf-8")
    corpus = kit.read_transcript(path, aliases=aliases)
    assert list(corpus.turns[s.SPEAKER])[:2] == ["Edward Price", "Edward Price"]


def test_alias_csv_errors(tmp_path):
    bad = tmp_path / "aliases.csv"
    bad.write_text("from,to\nA,B\n", encoding="utf-8")
    with pytest.raises(KitError, match="line 1: an alias CSV needs the columns 'label' and"):
        kit.read_transcripts(tmp_path, aliases=bad)
    with pytest.raises(KitError, match="the alias file does not exist"):
        kit.read_transcripts(tmp_path, aliases=tmp_path / "missing.csv")


def test_speaker_report_lists_labels_and_near_duplicates(tmp_path):
    (tmp_path / "t.txt").write_text(
        "MR PRICE: One.\n\nMr. Price: Two.\n\nMR. PRICE: Three.\n\nQ\u00a0 Four?\n\n"
        "QUESTION: Five?\n\nMR PRYCE: Six.\n", encoding="utf-8")
    report = kit.speaker_report(kit.read_transcripts(tmp_path, progress=False))
    rows = report.set_index("speaker")
    assert sorted(rows.loc["Mr. Price", "labels"]) == ["MR PRICE", "MR. PRICE", "Mr. Price"]
    assert rows.loc["Mr. Price", "n_turns"] == 3
    assert sorted(rows.loc["Questioner", "labels"]) == ["Q", "QUESTION"]
    assert rows.loc["Questioner", "role"] == "question"
    assert rows.loc["Mr. Pryce", "near_duplicates"] == ["Mr. Price"]
    assert list(report.columns) == ["speaker", "role", "labels", "n_labels", "n_turns",
                                    "n_words", "n_documents", "near_duplicates"]


def test_near_duplicates():
    found = near_duplicates(["Antony Blinken", "Mr. Blinken", "Jen Psaki", "Jen Psaky"])
    assert found["Antony Blinken"] == ["Mr. Blinken"]
    assert found["Jen Psaki"] == ["Jen Psaky"]


@pytest.mark.parametrize("label, speaker", [
    ("George H.W. Bush", "George H.W. Bush"),  # dotted initials are not capitals
    ("U.S. Attorney Smith", "U.S. Attorney Smith"),
    ("Mr. SMITH", "Mr. Smith"),  # a name in capitals is
    ("Senator GRASSLEY", "Senator Grassley"),
])
def test_mixed_case_labels_keep_dotted_initials(label, speaker):
    assert resolve_label(label, context="")[0] == speaker


@pytest.mark.parametrize("label, speaker", [
    # titles and forms of address go where a first name and a surname remain, in mixed
    # case as in capitals, so one person has one name across documents and styles
    ("MR. JOHN SMITH", "John Smith"),
    ("Mr. John Smith", "John Smith"),
    ("Secretary of State Antony Blinken", "Antony Blinken"),
    ("Hon. Chrystia Freeland", "Chrystia Freeland"),
    ("M. Olivier Marleix", "Olivier Marleix"),
    ("Mme Élisabeth Borne, Première ministre", "Élisabeth Borne"),
    ("El señor FEIJÓO ALBERTOS", "Feijóo Albertos"),
    ("Herr Dr. Olaf Scholz", "Olaf Scholz"),
    ("Frau Ursula von der Leyen", "Ursula von der Leyen"),
    ("SHRI RAHUL GANDHI (WAYANAD)", "Rahul Gandhi"),
    ("On. Giorgia Meloni", "Giorgia Meloni"),
    ("O Sr. André Ventura", "André Ventura"), ("A Sra. Mariana Mortágua", "Mariana Mortágua"),
    ("Poseł Jan Kowalski", "Jan Kowalski"), ("Poslanec Marek Benda", "Marek Benda"),
    ("Abgeordneter Herbert Kickl", "Herbert Kickl"),
    # the UK's forms before a name, and letters after it
    ("THE RT HON BORIS JOHNSON MP", "Boris Johnson"), ("Boris Johnson, MP", "Boris Johnson"),
    ("Jane Doe CBE", "Jane Doe"), ("MS CAREY KC", "Ms. Carey"),
    # an initial keeps its period
    ("JOHN Q. ADAMS", "John Q. Adams"),
    # a surname alone keeps its address; so do what is no name and a peer's title
    ("Mr. Smith", "Mr. Smith"),
    ("De heer Wilders (PVV)", "De heer Wilders"),
    ("Ms. MOORE of Wisconsin", "Ms. Moore of Wisconsin"),
    ("The Member for Brent Central", "The Member for Brent Central"),
    ("Lord Ahmad of Wimbledon", "Lord Ahmad of Wimbledon"),
    ("Baroness Hale", "Baroness Hale"),
    ("Mr. and Mrs. Smith", "Mr. and Mrs. Smith"),
    ("Mr. Speaker", "Mr. Speaker"),
    ("M. le président", "M. le président"),
])
def test_a_name_drops_the_address_before_it(label, speaker):
    assert resolve_label(label, context="")[0] == speaker


@pytest.mark.parametrize("label, speaker, role", [
    # the Westminster family prints an office, then who holds it: the person speaks
    ("The First Minister (John Swinney)", "John Swinney", "official"),
    ("The Cabinet Secretary for Health and Social Care (Neil Gray)", "Neil Gray", "official"),
    ("The Prime Minister (Mr Rishi Sunak)", "Rishi Sunak", "official"),
    # who presides is the chair, whoever it is (see test_segment_congress)
    ("The Presiding Officer (Alison Johnstone)", "The Presiding Officer", "chair"),
    ("The Llywydd (Elin Jones)", "The Llywydd", "chair"),
    ("Madam Deputy Speaker (Dame Rosie Winterton)", "Madam Deputy Speaker", "chair"),
    ("An Ceann Comhairle", "An Ceann Comhairle", "chair"),
    ("Y Llywydd", "Y Llywydd", "chair"),
    ("The Convener", "The Convener", "chair"),
    ("The Deputy Presiding Officer (Liam McArthur)", "The Deputy Presiding Officer", "chair"),
    # a member and a place or party in brackets, and notes, stay as they were
    ("Douglas Ross (Highlands and Islands) (Con)", "Douglas Ross", "unknown"),
    ("Alex Cole-Hamilton (Edinburgh Western)", "Alex Cole-Hamilton", "unknown"),
    ("THE PRESIDENT (via interpreter)", "The President", "official"),
    ("The Minister (Ms NSW)", "The Minister", "official"),
    ("The Taoiseach (Simon Harris)", "Simon Harris", "official"),
    ("The Taoiseach", "The Taoiseach", "official"),
])
def test_an_office_names_its_holder_and_a_chair_stays_the_chair(label, speaker, role):
    assert resolve_label(label, context="")[:2] == (speaker, role)


def test_an_office_named_once_is_its_holder_until_another_is_named(tmp_path):
    (tmp_path / "sitting.txt").write_text(
        "The First Minister:  Before any name.\n\n"
        "The First Minister (Humza Yousaf):  Good afternoon.\n\n"
        "Douglas Ross (Highlands and Islands) (Con):  A question.\n\n"
        "The First Minister:  An answer.\n\n"
        "The Deputy First Minister (Shona Robison):  Another office.\n\n"
        "The First Minister:  Again.\n\n"
        "The First Minister (John Swinney):  A new First Minister.\n\n"
        "The First Minister:  Closing.\n")
    turns = kit.read_transcript(tmp_path / "sitting.txt").turns
    assert list(turns[s.SPEAKER]) == [
        "The First Minister", "Humza Yousaf", "Douglas Ross", "Humza Yousaf", "Shona Robison",
        "Humza Yousaf", "John Swinney", "John Swinney"]
    assert set(turns[s.ROLE].iloc[[0, 1, 3, 4, 5, 6, 7]]) == {"official"}
    # the office each holder spoke in is an attribute of theirs
    offices = kit.read_transcript(tmp_path / "sitting.txt").speakers.set_index(s.SPEAKER)
    assert offices.loc[["Humza Yousaf", "Shona Robison", "John Swinney"], "office"].tolist() \
        == ["First Minister", "Deputy First Minister", "First Minister"]
    assert offices.loc["Douglas Ross", "office"] is None


def test_one_person_addressed_two_ways_is_one_speaker(tmp_path):
    (tmp_path / "a.txt").write_text("Mr. John Smith:  Good morning.\n\nMs. Jane Roe:  Hello.\n\n"
                                    "Mr. John Smith:  Shall we?\n\nMs. Jane Roe:  Yes.\n")
    (tmp_path / "b.txt").write_text("MR. JOHN SMITH:  Again.\n\nMS. JANE ROE:  Yes.\n")
    corpus = kit.read_transcripts(tmp_path, progress=False)
    assert list(corpus.turns[s.SPEAKER]) == ["John Smith", "Jane Roe"] * 3
    assert set(corpus.speakers[s.SPEAKER]) == {"John Smith", "Jane Roe"}


@pytest.mark.parametrize("label, party", [
    ("SHRI RAHUL GANDHI (WAYANAD)", None),  # Lok Sabha: a constituency
    ("SHRIMATI SUPRIYA SULE (BARAMATI)", None),
    ("Volker Kauder (CDU/CSU)", "CDU/CSU"), ("Dr. Gregor Gysi (DIE LINKE)", "DIE LINKE"),
    # Canada's House: the riding or office, then the party
    ("Hon. Mark Carney (Prime Minister, Lib.)", "Lib."), ("Mr. Blanchet (Beloeil—Chambly, BQ)",
                                                          "BQ"),
    ("Hon. Pierre Poilievre (Carleton, CPC)", "CPC"), ("Mr. Doe (Boston, MA)", None),
    ("Katrin Göring-Eckardt (BÜNDNIS 90/DIE GRÜNEN)", "BÜNDNIS 90/DIE GRÜNEN"),
    ("Alice Weidel (AfD)", "AfD"), ("Herbert Kickl (FPÖ)", "FPÖ"),
    ("Douglas Ross (Highlands and Islands) (Con)", "Con"), ("Jan Smith (Lab/Co-op)", "Lab/Co-op"),
    ("SEN. CHUCK GRASSLEY (R-IA)", "R"), ("Reimann (KPD):", "KPD"),
    # US news style: the party letter, then the state as the paper writes it
    ("SEN. ED MARKEY (D-Mass.):", "D"), ("REP. JIM JORDAN (R-Ohio)", "R"),
    ("SEN. CHUCK SCHUMER (D-N.Y.)", "D"), ("SEN. RICHARD DURBIN (D-ILL.)", "D"),
    ("Rep. Joe Wilson (R-South Carolina)", "R"), ("Sen. Bernie Sanders (I-Vt.)", "I"),
    ("Sen. Ted Cruz (R., Texas)", "R"), ("Peter (I, Claudius)", None),
    # Switzerland's Bulletin: the group, then the canton
    ("Glättli Balthasar (G, ZH)", "G"), ("Bregy Philipp Matthias (M-E, VS)", "M-E"),
    # notes, names and places are not parties
    ("FOREIGN MINISTER KULEBA (via interpreter)", None),
    ("PRESIDENT ZELENSKYY (In Ukrainian)", None),
    ("MR. SMITH (CONTINUING)", None), ("UNIDENTIFIED MALE (THROUGH TRANSLATOR)", None),
    ("LEON PANETTA (VOICE-OVER)", None), ("The Cabinet Secretary for Health (Neil Gray)", None),
    ("The PRESIDING OFFICER (Mr. Gorton)", None), ("Alex Cole-Hamilton (Edinburgh Western)", None),
    ("Jane Doe (00:07:53)", None), ("MR. NIDER (ph)", None), ("CC (Cape)", None),
    ("Jo Cox (Batley)", None), ("Volker Kauder", None),
    # a constituency then the party, as Kenya's Hansard prints members; not a state's code
    ("Hon. (Ms.) Millie Odhiambo-Mabona (Suba North, ODM)", "ODM"),
    ("Hon. Kimani Ichung'wah (Kikuyu, UDA)", "UDA"), ("Jane Doe (Boston, MA)", None),
    ("SMITH (Washington, D.C.)", None),
    # a minister's name after the office, as the Lok Sabha prints it
    ("THE MINISTER OF FINANCE (SHRIMATI NIRMALA SITHARAMAN)", None),
    # the European Parliament's political groups
    ("Manfred Weber, on behalf of the PPE Group", "PPE"),
    ("Iratxe García Pérez, on behalf of the S&D Group", "S&D"),
    ("Philippe Lamberts, on behalf of the Verts/ALE Group", "Verts/ALE"),
])
def test_party_of_label(label, party):
    assert party_of_label(label) == party


@pytest.mark.parametrize(("label", "state"), [
    ("SEN. ED MARKEY (D-Mass.):", "Mass."), ("SEN. CHUCK GRASSLEY (R-IA)", "IA"),
    ("SEN. CHUCK SCHUMER (D-N.Y.)", "N.Y."), ("Rep. Joe Wilson (R-South Carolina)",
                                              "South Carolina"),
    ("Sen. Joe Manchin (D-W.Va.)", "W.Va."), ("Sen. Ted Cruz (R., Texas)", "Texas"),
    ("Glättli Balthasar (G, ZH)", "ZH"), ("Mr. Doe (Boston, ZH)", None),
    ("Volker Kauder (CDU/CSU)", None), ("Mr. Doe (Boston, MA)", None), ("Mr X (D)", None),
])
def test_state_of_label(label, state):
    assert state_of_label(label) == state


def test_parties_in_labels_fill_the_speakers_table(tmp_path):
    path = tmp_path / "fmq.txt"
    path.write_text(
        "Meeting of the Parliament\n\n"
        "The Presiding Officer (Alison Johnstone): The first item is questions.\n\n"
        "Douglas Ross (Highlands and Islands) (Con): What engagements does he have?\n\n"
        "The First Minister (John Swinney): Engagements to take forward the programme.\n\n"
        "Douglas Ross (Highlands and Islands) (Con): That will not satisfy anyone.\n\n"
        "Anas Sarwar (Glasgow) (Lab): He has failed.\n\n"
        "The First Minister (John Swinney): I do not accept that.\n\n"
        "The Presiding Officer (Alison Johnstone): That concludes questions.\n",
        encoding="utf-8")
    corpus = kit.read_transcript(path)
    parties = corpus.speakers.set_index(s.SPEAKER)[s.PARTY]
    assert parties[["Douglas Ross", "Anas Sarwar"]].tolist() == ["Con", "Lab"]
    assert parties[["The Presiding Officer", "John Swinney"]].isna().all()
    assert corpus.turns[s.ROLE].iloc[0] == "chair"


def test_us_news_labels_give_party_and_state_and_the_bare_surname_joins_them(tmp_path):
    path = tmp_path / "hearing.txt"
    path.write_text(
        "SENATE JUDICIARY COMMITTEE HEARING\nDecember 3, 2026\n\n"
        "SEN. RICHARD DURBIN (D-ILL.): The committee will come to order.\n\n"
        "SEN. CHARLES GRASSLEY (R-Iowa): Thank you, Mr. Chairman.\n\n"
        "DURBIN: Senator Whitehouse?\n\n"
        "SEN. SHELDON WHITEHOUSE (D-RI): Thank you. A simple question.\n\n"
        "GRASSLEY: I yield back.\n", encoding="utf-8")
    corpus = kit.read_transcript(path)
    speakers = corpus.speakers.set_index(s.SPEAKER)
    names = ["Richard Durbin", "Charles Grassley", "Sheldon Whitehouse"]
    assert speakers.loc[names, s.PARTY].tolist() == ["D", "R", "D"]
    assert speakers.loc[names, "state"].tolist() == ["ILL.", "Iowa", "RI"]
    assert corpus.turns[s.SPEAKER].tolist() == [
        "Richard Durbin", "Charles Grassley", "Richard Durbin", "Sheldon Whitehouse",
        "Charles Grassley"]
