"""Label styles of radio logs, town halls and hard-wrapped briefings (segmenter and speakers)."""

from __future__ import annotations

import pytest

import kit
from kit import schema as s
from kit.read.segment import find_turns, segment
from kit.read.speakers import office_of_label, resolve_label


def labels(text: str) -> list[str]:
    return [t.label for t in find_turns(text)]


# --- Short upper-case codes (radio and mission logs) --------------------------------------

RADIO = "CC: Roger, stand by.\n\nP: Loud and clear.\n\nCC: Mark.\n\nP: Roger.\n\nCT: Cape here.\n"


def test_short_codes_are_labels_once_they_recur():
    assert labels(RADIO) == ["CC", "P", "CC", "P"]  # CT is used once: not a label
    assert labels(RADIO + "\nCT: Again.\n")[-2:] == ["CT", "CT"]


@pytest.mark.parametrize("text", [
    "P: 5 percent.\n\nMR PRICE: Hi.\n",  # a one-letter code used once
    "NB: embargoed.\n\nMR PRICE: Hi.\n",  # a two-letter note used once
    "MR PRICE: Hi.\n\nUS: a country.\n",
])
def test_a_short_code_used_once_is_not_a_label(text):
    assert labels(text) == ["MR PRICE"]


def test_whisperx_bracketed_speaker_ids_are_labels():
    text = ("[SPEAKER_00]: Hello and welcome to the show.\n[SPEAKER_01]: Thanks for having "
            "me.\n[SPEAKER_00]: Let us begin. [Music]\n")
    turns = find_turns(text)
    assert [t.label for t in turns] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_00"]
    assert [text[t.start:t.text_start] for t in turns][0] == "[SPEAKER_00]: "
    assert text[turns[-1].text_start:turns[-1].end] == "Let us begin. [Music]"
    assert labels("[Applause] Thank you.\n[Music\nMR A: Hi.\nMR A: Bye.\n") == ["MR A", "MR A"]


def test_a_bracketed_name_then_a_time_alone_on_its_line_is_a_label():
    # a meeting's saved transcript (Zoom): "[Jane Doe] 14:03:22", the speech below
    text = ("[Jane Doe] 14:03:22\nHello everyone, welcome.\n\n[John Roe] 14:03:30\nThanks Jane."
            "\n\n[Jane Doe] 14:03:41\nLet us start.\n")
    turns = find_turns(text)
    assert [(t.label, t.start_s) for t in turns] == [
        ("Jane Doe", 50602.0), ("John Roe", 50610.0), ("Jane Doe", 50621.0)]
    assert text[turns[0].start:turns[0].text_start] == "[Jane Doe] 14:03:22\n"
    assert labels("[Applause] 14:03:22 and more\nMR A: Hi.\nMR A: Bye.\n") == ["MR A", "MR A"]


def test_a_time_then_a_dash_and_the_speaker_alone_on_its_line_is_a_label():
    # Happy Scribe's text export: "[00:00:03.12] - Speaker 1", the speech below
    text = ("[00:00:03.12] - Speaker 1\nHello everyone.\n\n[00:00:07.40] - Jane Doe\n"
            "Thank you.\n\n[00:01:10.00] - Speaker 1\nGo ahead.\n")
    turns = find_turns(text)
    assert [(t.label, t.start_s) for t in turns] == [
        ("Speaker 1", 3.12), ("Jane Doe", 7.4), ("Speaker 1", 70.0)]
    assert text[turns[1].start:turns[1].text_start] == "[00:00:07.40] - Jane Doe\n"
    assert text[turns[1].text_start:turns[1].end] == "Thank you."


def test_a_time_after_the_label_is_the_turns_start_not_its_speech():
    # Sonix's text export: "Jane Doe: [00:00:03] Hello"
    text = ("Jane Doe: [00:00:03] Hello everyone.\n\nJohn Roe: [00:00:07] Thank you.\n\n"
            "Jane Doe: [00:01:10] Go ahead.\n")
    turns = find_turns(text)
    assert [(t.label, t.start_s) for t in turns] == [
        ("Jane Doe", 3.0), ("John Roe", 7.0), ("Jane Doe", 70.0)]
    assert [text[t.text_start:t.end] for t in turns] == [
        "Hello everyone.", "Thank you.", "Go ahead."]
    # alone on its line (Rev's "Name: (00:01)"), the time is still the label's
    assert [t.start_s for t in find_turns("Jane Doe: (00:01)\nHi.\n\nJohn Roe: (00:05)\n"
                                          "Bye.\n")] == [1.0, 5.0]


def test_a_transcription_services_credit_at_the_end_is_trailer(tmp_path):
    path = tmp_path / "otter.txt"
    path.write_text("Town hall\n\nSpeaker 1  0:03\nWelcome, everyone.\n\nJane Doe  0:15\n"
                    "Thanks for having me.\n\nTranscribed by https://otter.ai\n",
                    encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.TEXT].tolist() == ["Welcome, everyone.", "Thanks for having me."]
    assert corpus.documents[s.TRAILER].iloc[0].strip() == "Transcribed by https://otter.ai"


def test_a_short_label_with_an_honorific_is_a_name_not_a_code():
    assert labels("MR A: one.\n") == ["MR A"]


@pytest.mark.parametrize("label, speaker", [
    ("CC", "CC"), ("P", "P"), ("CDR", "CDR"), ("LMP", "LMP"), ("CC (Cape)", "CC"),
    ("SPEAKER_04", "SPEAKER_04"), ("SPEAKER 2", "Speaker 2"), ("MR PRICE", "Mr. Price"),
    ("JOE", "Joe"),
])
def test_codes_and_diarisation_ids_keep_their_written_form(label, speaker):
    assert resolve_label(label, context="")[0] == speaker


def test_a_code_never_takes_a_full_name_from_the_header():
    # "John P. Smith" must not make the pilot "P" into "John P"
    assert resolve_label("P", context="Remarks by John P. Smith")[0] == "P"


def test_radio_log_speakers_in_a_corpus(tmp_path):
    (tmp_path / "log.txt").write_text(RADIO, encoding="utf-8")
    corpus = kit.read_transcript(tmp_path / "log.txt")
    assert list(corpus.turns[s.SPEAKER].astype(str)) == ["CC", "P", "CC", "P"]
    assert corpus.turns[s.TEXT].iloc[-1] == "Roger.\n\nCT: Cape here."


# --- A personal name used once, among recurring labels ------------------------------------

TOWN_HALL = ("Town Hall Debate, October 2020\n\n"
             "MODERATOR: Our first question.\n\n"
             "Jane Doe: Thank you. What will you do about prices?\n\n"
             "TRUMP: We will bring them down.\n\n"
             "MODERATOR: Next.\n\n"
             "TRUMP: Thank you.\n")


def test_a_name_used_once_between_recurring_labels_is_a_turn():
    assert labels(TOWN_HALL) == ["MODERATOR", "Jane Doe", "TRUMP", "MODERATOR", "TRUMP"]
    turn = find_turns(TOWN_HALL)[1]
    assert TOWN_HALL[turn.text_start: turn.end] == "Thank you. What will you do about prices?"


def test_a_title_with_a_colon_is_never_a_label():
    text = ("NATO Foreign Ministerial: Remarks by Secretary Blinken\n\n" + TOWN_HALL
            + "\nNATO Summit: Remarks by the President\n\nMODERATOR: Bye.\n\nTRUMP: Bye.\n")
    assert "NATO Foreign Ministerial" not in labels(text)
    assert "NATO Summit" not in labels(text)  # an acronym: a title, even between labels


@pytest.mark.parametrize("text", [
    # in the header: no recurring label before it
    "Jane Doe: Remarks at the town hall\n\nMODERATOR: Hi.\n\nTRUMP: Yes.\n\n"
    "MODERATOR: Bye.\n\nTRUMP: Bye.\n",
    # in the trailer: none after it
    "MODERATOR: Hi.\n\nTRUMP: Yes.\n\nMODERATOR: Bye.\n\nTRUMP: Bye.\n\nJane Doe: Photo.\n",
    # next to a label used once only
    "MODERATOR: Hi.\n\nTRUMP: Yes.\n\nMODERATOR: Go.\n\nJane Doe: Hello.\n\nBIDEN: Yes.\n",
    # inside a sentence that runs on
    "MODERATOR: Hi, as said by\nJane Doe: the words.\n\nTRUMP: Yes.\n\n"
    "MODERATOR: Bye.\n\nTRUMP: Bye.\n",
    # one word
    "MODERATOR: Hi.\n\nLook: there.\n\nTRUMP: Yes.\n\nMODERATOR: Bye.\n\nTRUMP: Bye.\n",
])
def test_a_name_used_once_elsewhere_is_not_a_turn(text):
    assert "Jane Doe" not in labels(text) and "Look" not in labels(text)


# --- A hard-wrapped word and colon inside a question --------------------------------------

WRAPPED = ("MODERATOR: Go ahead.\n\n"
           "Q    Hey, thanks so much.  I wanted to ask, regarding\n"
           "SWIFT: At what point is it going to be used?\n\n"
           "OFFICIAL: Good question.\n\n"
           "MODERATOR: Next.\n\nOFFICIAL: Thanks.\n")


def test_a_wrapped_word_with_a_colon_is_not_a_speaker():
    assert labels(WRAPPED) == ["MODERATOR", "Q", "OFFICIAL", "MODERATOR", "OFFICIAL"]
    question = find_turns(WRAPPED)[1]
    assert WRAPPED[question.text_start: question.end].endswith(
        "regarding\nSWIFT: At what point is it going to be used?")


def test_the_same_word_after_a_full_stop_is_a_label():
    text = WRAPPED.replace("regarding\n", "regarding it.\n")
    assert "SWIFT" in labels(text)


def test_a_recurring_label_after_a_line_that_runs_on_is_still_a_label():
    text = "MR PRICE: We will see, and\nMS JONES: Sorry, go on.\n\nMR PRICE: Thanks.\n\n" \
           "MS JONES: Yes.\n"
    assert labels(text) == ["MR PRICE", "MS JONES", "MR PRICE", "MS JONES"]


# --- A surname alone joins the one full name ----------------------------------------------

def test_a_mixed_case_surname_alone_joins_the_full_name(tmp_path):
    (tmp_path / "t.csv").write_text(
        "speaker,text\nGordon Sondland,I am here.\nAdam Schiff,Thank you.\n"
        "Sondland,Yes.\nSchiff,Go on.\nJones,Hi.\n", encoding="utf-8")
    corpus = kit.read_transcript(tmp_path / "t.csv")
    assert list(corpus.turns[s.SPEAKER].astype(str)) == [
        "Gordon Sondland", "Adam Schiff", "Gordon Sondland", "Adam Schiff", "Jones"]


AUSTRALIA = """HOUSE OF REPRESENTATIVES
Wednesday, 8 February 2023

QUESTIONS WITHOUT NOTICE

Mr DUTTON (Dickson—Leader of the Opposition) (14:00): My question is to the Prime Minister.

Mr ALBANESE (Grayndler—Prime Minister) (14:01): I thank the Leader of the Opposition.

Ms PLIBERSEK (Sydney—Minister for the Environment and Water) (14:02): I add to that.

Mr DUTTON (Dickson—Leader of the Opposition) (14:03): Again, why are prices up?

Mr ALBANESE (Grayndler—Prime Minister) (14:04): Because of a decade of inaction.

Ms PLIBERSEK (Sydney—Minister for the Environment and Water) (14:05): Indeed.
"""


def test_australian_hansard_labels_with_seat_office_and_time(tmp_path):
    # the seat and office in brackets (with a dash), then the time: one label
    path = tmp_path / "reps.txt"
    path.write_text(AUSTRALIA, encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER]) == ["Mr. Dutton", "Mr. Albanese", "Ms. Plibersek"] * 2
    assert turns[s.TEXT].iloc[0] == "My question is to the Prime Minister."
    assert turns[s.SPEAKER_LABEL].iloc[2] == (
        "Ms PLIBERSEK (Sydney—Minister for the Environment and Water) (14:02)")
    assert "QUESTIONS WITHOUT NOTICE" in corpus.documents[s.HEADER].iloc[0]


@pytest.mark.parametrize("label", ["An Ceann Comhairle", "An Cathaoirleach", "Y Llywydd",
                                   "The Llywydd", "The Deputy Presiding Officer",
                                   "The Convener", "Y Dirprwy Lywydd"])
def test_the_chairs_of_the_irish_welsh_and_scottish_parliaments(label):
    assert resolve_label(label, context="")[1] == s.ROLE_CHAIR


UN_RECORD = """United Nations S/PV.9000
Security Council
9000th meeting
Friday, 14 April 2023, 10 a.m.

The President: I welcome the Secretary-General.

Mr. Nebenzia (Russian Federation) (spoke in Russian): We have listened carefully.

Mrs. Thomas-Greenfield (United States of America): Thank you, Madam President.

The President: I now give the floor to the representative of China.

Mr. Zhang Jun (China) (spoke in Chinese): China supports dialogue.

Ms. Jeanne Ébène (Côte d'Ivoire) (spoke in French): We agree.

The meeting rose at 1.05 p.m.
"""


def test_delegates_named_with_their_country_are_labels_though_each_speaks_once(tmp_path):
    path = tmp_path / "s-pv-9000.txt"
    path.write_text(UN_RECORD, encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER]) == ["The President", "Mr. Nebenzia",
                                      "Mrs. Thomas-Greenfield", "The President", "Zhang Jun",
                                      "Jeanne Ébène"]
    assert turns[s.TEXT].iloc[-1] == "We agree."
    # there, "The President" presides over the meeting
    assert list(turns[s.ROLE].iloc[[0, 3]]) == [s.ROLE_CHAIR] * 2
    # the record's closing line is the trailer, not the last delegate's speech
    assert corpus.documents[s.TRAILER].iloc[0].strip() == "The meeting rose at 1.05 p.m."


@pytest.mark.parametrize("text", [
    # names with brackets, but none recurs: an agenda or a list, not a record of speech
    "Agenda\n\nForeign Affairs (General): the situation in the east.\n\n"
    "Trade Policy (Council): the new tariffs.\n\nClimate Change (Summit): the targets.\n",
    # two delegates are not yet a style
    "The President: Welcome.\n\nThe President: Now the floor.\n\n"
    "Mr. Nebenzia (Russian Federation): Thanks.\n\nMr. Zhang Jun (China): Also thanks.\n",
])
def test_names_with_brackets_used_once_need_the_style(text):
    labels = [turn.label for turn in find_turns(text)]
    assert not any("(" in label for label in labels)


# --- Labels after the number of a speech or a question ----------------------------------

RIKSDAG = """Riksdagens protokoll 2023/24:45

Anf. 1  TALMANNEN:
Vi ska nu inleda partiledardebatten.

Anf. 2  MAGDALENA ANDERSSON (S):
Fru talman! Sverige behöver en ny riktning.

Anf. 3  Statsminister ULF KRISTERSSON (M):
Fru talman! Regeringen har tagit ansvar.

Anf. 4  MAGDALENA ANDERSSON (S) replik:
Fru talman! Det svarar inte på frågan.

Anf. 5  ULF KRISTERSSON (M) replik:
Fru talman! Jo, det gör det.
"""


def test_the_riksdags_numbered_speeches_replies_and_offices(tmp_path):
    path = tmp_path / "riksdag.txt"
    path.write_text(RIKSDAG, encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER]) == ["Talmannen", "Magdalena Andersson", "Ulf Kristersson",
                                      "Magdalena Andersson", "Ulf Kristersson"]
    assert turns[s.TEXT].iloc[3] == "Fru talman! Det svarar inte på frågan."
    speakers = corpus.speakers.set_index(s.SPEAKER)
    assert speakers.loc["Talmannen", s.ROLE] == s.ROLE_CHAIR
    assert speakers.loc["Ulf Kristersson", s.PARTY] == "M"
    assert speakers.loc["Ulf Kristersson", "office"] == "Statsminister"
    assert speakers.loc["Ulf Kristersson", s.ROLE] == s.ROLE_OFFICIAL


@pytest.mark.parametrize("label, speaker", [
    # an office in the parliament's language before a name in capitals: the person
    ("Bundeskanzler OLAF SCHOLZ", "Olaf Scholz"),
    ("Finansminister ELISABETH SVANTESSON", "Elisabeth Svantesson"),
    # who presides too (the role says so), as the Bundestag's XML names them
    ("Vizepräsidentin PETRA PAU", "Petra Pau"),
    ("Andrew RT Davies", "Andrew Rt Davies"),  # initials, not "Right Honourable"
])
def test_an_office_before_a_name_in_capitals(label, speaker):
    assert resolve_label(label, context="")[0] == speaker


def test_new_zealands_numbered_oral_questions_are_the_askers_turns():
    text = ("Oral Questions — Questions to Ministers\n\n"
            "1. CHRIS BISHOP (National—Hutt South) to the Minister of Finance: What is his "
            "assessment of the economy?\n\n"
            "Hon GRANT ROBERTSON (Minister of Finance): The economy has been resilient.\n\n"
            "CHRIS BISHOP: Does he stand by his statements?\n\n"
            "Hon GRANT ROBERTSON: Yes.\n\n"
            "2. Item 2. Budget: see the schedule.\n")  # (no name in capitals: no label)
    turns = find_turns(text)
    assert [t.label for t in turns] == [
        "CHRIS BISHOP (National—Hutt South)", "Hon GRANT ROBERTSON (Minister of Finance)",
        "CHRIS BISHOP", "Hon GRANT ROBERTSON"]
    assert text[turns[0].text_start:turns[0].end] == "What is his assessment of the economy?"


def test_an_office_in_capitals_after_the_is_a_label_on_sight():
    # South Africa's and Australia's Hansards: "The SPEAKER:", "The PRESIDENT OF THE
    # REPUBLIC:", even used once; initials without periods stay initials
    text = ("The SPEAKER: Hon members, questions to the President.\n\n"
            "Mr J S MALEMA: Mr President, when will the lights come back on?\n\n"
            "The PRESIDENT OF THE REPUBLIC: Soon.\n\n"
            "Mr J S MALEMA: That is not an answer.\n\n"
            "The US: a country, not an office.\n")
    turns = find_turns(text)
    assert [t.label for t in turns] == ["The SPEAKER", "Mr J S MALEMA",
                                        "The PRESIDENT OF THE REPUBLIC", "Mr J S MALEMA"]
    assert resolve_label("Mr J S MALEMA", context="")[0] == "J S Malema"
    assert resolve_label("The SPEAKER", context="")[1] == s.ROLE_CHAIR


def test_an_abbreviated_title_opens_a_label_in_capitals_with_a_period():
    # the Philippine Senate's record: "SEN. ZUBIRI. Mr. President, ..."
    text = ("THE PRESIDENT. The session is resumed.\n\n"
            "SEN. ZUBIRI. Mr. President, I move that we proceed.\n\n"
            "THE PRESIDENT. Is there any objection?\n\n"
            "SEN. HONTIVEROS. Mr. President, I object.\n")
    assert labels(text) == ["THE PRESIDENT", "SEN. ZUBIRI", "THE PRESIDENT", "SEN. HONTIVEROS"]


# --- Labels alone on their lines ----------------------------------------------------------

SCREENPLAY = ("Interview with the mayor\n\nJANE DOE\nHello there, and welcome to the show.\n\n"
              "MAYOR SMITH\nThanks for having me.\n\nJANE DOE\n\nLet us start with the budget."
              "\n\nMAYOR SMITH\nSure. It is a long story.\n")


def test_labels_in_capitals_alone_on_their_lines_are_turns(tmp_path):
    turns = segment(SCREENPLAY).turns
    assert [t.label for t in turns] == ["JANE DOE", "MAYOR SMITH", "JANE DOE", "MAYOR SMITH"]
    assert [SCREENPLAY[t.text_start:t.end] for t in turns] == [
        "Hello there, and welcome to the show.", "Thanks for having me.",
        "Let us start with the budget.", "Sure. It is a long story."]
    path = tmp_path / "interview.txt"
    path.write_text(SCREENPLAY, encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.SPEAKER].tolist() == ["Jane Doe", "Mayor Smith"] * 2
    assert corpus.documents[s.HEADER].iloc[0] == "Interview with the mayor\n\n"


def test_hansard_web_text_names_with_seat_and_party_alone_on_their_lines(tmp_path):
    text = ("Engagements\n\nJane Smith (Exampletown) (Lab)\nIf he will list his official "
            "engagements.\n\nThe Prime Minister (Rishi Sunak)\nThis morning, I had meetings."
            "\n\nJane Smith (Exampletown) (Lab)\nFamilies do not feel it.\n\n"
            "The Prime Minister (Rishi Sunak)\nI do not accept that.\n\n"
            "Tom Jones (Otherton) (Con)\nWill he visit Otherton?\n\n"
            "Mr Speaker (Sir Lindsay Hoyle)\nOrder.\n")
    path = tmp_path / "pmqs.txt"
    path.write_text(text, encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.SPEAKER].tolist() == [
        "Jane Smith", "Rishi Sunak", "Jane Smith", "Rishi Sunak", "Tom Jones", "Mr Speaker"]
    assert corpus.turns[s.TEXT].iloc[-2:].tolist() == ["Will he visit Otherton?", "Order."]
    assert corpus.turns[s.ROLE].iloc[-1] == "chair"  # as "Mr Speaker (Sir Lindsay Hoyle):"
    parties = corpus.speakers.set_index(s.SPEAKER)[s.PARTY]
    assert parties[["Jane Smith", "Tom Jones"]].tolist() == ["Lab", "Con"]
    assert corpus.documents[s.HEADER].iloc[0] == "Engagements\n\n"


@pytest.mark.parametrize("text", [
    # a speech of short paragraphs: nothing recurs as a line of its own before speech
    "My fellow citizens\n\nWe meet tonight.\n\nThank you\n\nGod bless America\n",
    # one label that recurs is no dialogue
    "JANE DOE\nHello.\n\nJANE DOE\nAgain.\n\nThe end of the letter\nRegards.\n",
    # lines that end like sentences are speech, however often they recur
    "Yes, we can.\nWe said it.\n\nNo, we cannot.\nWe said it.\n\nYes, we can.\nAgain.\n\n"
    "No, we cannot.\nAgain.\n",
])
def test_lines_alone_are_no_labels_without_a_dialogue(text):
    assert segment(text).turns == []


def test_labels_with_colons_win_over_lines_alone():
    text = "JANE DOE\nHi.\n\nJOHN ROE\nHo.\n\nJANE DOE: one.\n\nJOHN ROE: two.\n\nJANE DOE\nx\n"
    assert [t.label for t in segment(text).turns] == ["JANE DOE", "JOHN ROE"]


# --- German-language parliaments' text protocols -------------------------------------------

def test_landtag_labels_offices_degrees_and_the_party_after_the_name(tmp_path):
    path = tmp_path / "landtag.txt"
    path.write_text(
        "Landtag von Baden-Württemberg, 85. Sitzung\n\n"
        "Präsidentin Muhterem Aras: Meine Damen und Herren, ich eröffne die Sitzung.\n\n"
        "Abg. Andreas Stoch SPD: Frau Präsidentin, liebe Kolleginnen und Kollegen!\n\n"
        "Präsidentin Muhterem Aras: Das Wort erteile ich Herrn Abg. Hagel.\n\n"
        "Abg. Manuel Hagel CDU: Vielen Dank, Frau Präsidentin.\n\n"
        "Ministerpräsident Winfried Kretschmann: Frau Präsidentin, meine Damen und Herren!\n\n"
        "Präsidentin Muhterem Aras: Vielen Dank.\n", encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.SPEAKER].tolist() == [
        "Muhterem Aras", "Andreas Stoch", "Muhterem Aras", "Manuel Hagel",
        "Winfried Kretschmann", "Muhterem Aras"]
    speakers = corpus.speakers.set_index(s.SPEAKER)
    assert speakers.loc[["Andreas Stoch", "Manuel Hagel"], s.PARTY].tolist() == ["SPD", "CDU"]
    assert speakers.loc[["Muhterem Aras", "Winfried Kretschmann"], "office"].tolist() == [
        "Präsidentin", "Ministerpräsident"]
    assert speakers.loc[["Muhterem Aras", "Winfried Kretschmann"], s.ROLE].tolist() == [
        "chair", "official"]


@pytest.mark.parametrize("label, speaker, role", [
    ("Präsident Mag. Wolfgang Sobotka", "Wolfgang Sobotka", "chair"),
    ("Vizepräsidentin Petra Pau", "Petra Pau", "chair"),
    ("Bundeskanzler Karl Nehammer, MSc", "Karl Nehammer", "official"),
    ("Bundesministerin Leonore Gewessler, BA", "Leonore Gewessler", "official"),
    ("Mag. Jörg Leichtfried (SPÖ)", "Jörg Leichtfried", "unknown"),
    ("Abg. Andreas Stoch SPD", "Andreas Stoch", "unknown"),
    # one word after the office is no name; a name that is no office stays whole
    ("Präsident Obama", "Präsident Obama", "chair"),
    ("Anna Maria Schmidt", "Anna Maria Schmidt", "unknown"),
])
def test_german_offices_and_degrees_before_a_name(label, speaker, role):
    assert resolve_label(label, context="")[:2] == (speaker, role)


def test_a_member_addressed_as_such_is_a_label_though_used_once():
    text = ("Präsident Wolfgang Sobotka: Ich eröffne die Sitzung.\n\n"
            "Abgeordneter August Wöginger (ÖVP): Herr Präsident! Hohes Haus!\n\n"
            "Präsident Wolfgang Sobotka: Danke.\n\n"
            "Bundeskanzler Karl Nehammer: Sehr geehrter Herr Präsident!\n\n"
            "Präsident Wolfgang Sobotka: Danke.\n")
    # and a name used once still counts between the chair's turns, with a member's between
    assert labels(text) == [
        "Präsident Wolfgang Sobotka", "Abgeordneter August Wöginger (ÖVP)",
        "Präsident Wolfgang Sobotka", "Bundeskanzler Karl Nehammer",
        "Präsident Wolfgang Sobotka"]
    assert labels("Die Abg. Müller: sagte etwas.\n\nAbg. Hans Maier CSU sprach.\n") == []


# --- Japan's Diet and Korea's National Assembly ---------------------------------------------

def test_the_diets_circle_labels_offices_and_roles(tmp_path):
    path = tmp_path / "diet.txt"
    path.write_text(
        "第211回国会\u3000衆議院\u3000予算委員会\u3000第3号\n\n"
        "○根本委員長\u3000これより会議を開きます。\n\u3000予算を議題といたします。\n"
        "○岸田内閣総理大臣\u3000お答えいたします。（拍手）\n"
        "○泉委員\u3000総理、物価高への対策について伺います。\n"
        "○委員長（末松信介君）\u3000以上で質疑は終了しました。\n"
        "○参考人（山田花子君）\u3000参考人の山田でございます。\n", encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert turns[s.SPEAKER].tolist() == ["根本委員長", "岸田内閣総理大臣", "泉委員", "末松信介",
                                         "山田花子"]
    assert turns[s.ROLE].tolist() == ["chair", "official", "member", "chair", "guest"]
    assert turns[s.TEXT].iloc[0] == "これより会議を開きます。\n\u3000予算を議題といたします。"
    assert corpus.documents[s.HEADER].iloc[0].startswith("第211回国会")
    # a token per character, a phrase per sentence, the applause a stage direction
    assert turns[s.STAGE_DIRECTIONS].iloc[1] == ("（拍手）",)
    assert turns[s.N_WORDS].iloc[1] == len("お答えいたします")
    assert corpus.phrases[s.TEXT].tolist()[:2] == ["これより会議を開きます。",
                                                   "予算を議題といたします。"]


def test_the_national_assemblys_office_and_name_before_two_spaces():
    text = ("◯의장 김진표  의석을 정돈해 주시기 바랍니다.\n\n"
            "◯홍길동 의원  존경하는 국민 여러분.\n\n◯의장 김진표  수고하셨습니다.\n")
    turns = segment(text).turns
    assert [t.label for t in turns] == ["의장 김진표", "홍길동 의원", "의장 김진표"]
    assert [resolve_label(t.label, context="")[:2] for t in turns] == [
        ("김진표", "chair"), ("홍길동", "member"), ("김진표", "chair")]
    assert text[turns[1].text_start:turns[1].end] == "존경하는 국민 여러분."


def test_one_circle_line_is_a_bullet_not_a_label():
    assert segment("○経済対策について\u3000政府は対策をまとめた。\n\n以上です。\n").turns == []


def test_a_select_committees_question_numbers_open_the_askers_labels(tmp_path):
    text = ("Treasury Committee\nOral evidence: Work of the Bank of England\n\n"
            "Witness: Andrew Bailey.\n\n"
            "Q1 Chair: Good morning, Governor. Can you tell us about inflation?\n\n"
            "Andrew Bailey: Inflation has fallen, but it remains above target.\n\n"
            "Q2 Dame Angela Eagle: When will it be back at target?\n\n"
            "Andrew Bailey: In the spring.\n\nChair: Thank you.\n")
    turns = find_turns(text)
    assert [t.label for t in turns] == ["Chair", "Andrew Bailey", "Dame Angela Eagle",
                                        "Andrew Bailey", "Chair"]
    assert text[turns[0].start:turns[0].text_start] == "Q1 Chair: "
    path = tmp_path / "evidence.txt"
    path.write_text(text, encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.turns[s.SPEAKER].tolist()[2] == "Angela Eagle"
    assert corpus.turns[s.TEXT].iloc[2] == "When will it be back at target?"
    # the witness the front matter names is the committee's guest
    assert corpus.speakers.set_index(s.SPEAKER).loc["Andrew Bailey", s.ROLE] == "guest"
    assert labels("Q1 rates: what next?\n\nMR A: Hi.\n\nMR A: Bye.\n") == ["MR A", "MR A"]


def test_news_outlets_ask_and_initials_before_a_surname_name_a_person():
    # a foreign ministry's press conference prints the outlet that asks
    text = ("Mao Ning: Good afternoon.\n\nAFP: Can you confirm the visit?\n\nMao Ning: No.\n\n"
            "Reuters: A follow-up.\n\nMao Ning: In due course.\n\nGlobal Times: And trade?\n\n"
            "Mao Ning: Consistent.\n")
    assert labels(text)[1::2] == ["AFP", "Reuters", "Global Times"]
    assert {resolve_label(x, context="")[:2] for x in labels(text)[1::2]} == {
        ("Questioner", "question")}
    # the Kremlin's "V.Putin:", and ministers who speak once between his turns
    text = ("V.Putin: Good afternoon.\n\nM.Mishustin: Mr President, colleagues.\n\n"
            "V.Putin: Thank you.\n\nA.Siluanov: The budget is balanced.\n\nV.Putin: Good.\n")
    assert labels(text) == ["V.Putin", "M.Mishustin", "V.Putin", "A.Siluanov", "V.Putin"]


def test_an_office_in_the_bracket_after_a_name_is_the_office(tmp_path):
    # New Zealand's oral questions: the minister's office after the name
    path = tmp_path / "nz.txt"
    path.write_text(
        "Questions for Oral Answer\n\n"
        "Hon CHRIS HIPKINS (Leader of the Opposition): Does the Prime Minister stand by it?\n\n"
        "Rt Hon CHRISTOPHER LUXON (Prime Minister): Yes.\n\n"
        "Hon CHRIS HIPKINS: Then why did he say that?\n\n"
        "Rt Hon CHRISTOPHER LUXON: I stand by what I said.\n\n"
        "Hon NICOLA WILLIS (Minister of Finance): The books are balanced.\n\n"
        "Hon CHRIS HIPKINS: Are they?\n\nHon NICOLA WILLIS: Yes.\n", encoding="utf-8")
    corpus = kit.read_transcript(path)
    speakers = corpus.speakers.set_index(s.SPEAKER)
    names = ["Chris Hipkins", "Christopher Luxon", "Nicola Willis"]
    assert speakers.loc[names, "office"].tolist() == [
        "Leader of the Opposition", "Prime Minister", "Minister of Finance"]
    assert speakers.loc[names, s.ROLE].tolist() == ["official"] * 3
    # a seat or a party is no office
    assert office_of_label("Jane Smith (Exampletown) (Lab)") is None
