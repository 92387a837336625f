"""Header metadata: title, date, location, byline and caption."""

from __future__ import annotations

import pandas as pd
import pytest

from kit.read.header import find_date, parse_header, witnesses_in


@pytest.mark.parametrize("text, date", [
    ("March 4, 2022", "2022-03-04"), ("Sept. 3rd, 2021", "2021-09-03"),
    ("4 March 2022", "2022-03-04"), ("2022-03-04", "2022-03-04"), ("3/4/2022", "2022-03-04"),
    ("Feb. 30, 2022 then March 1, 2022", "2022-03-01"), ("1:33 P.M. EDT", None),
    # the day first, in the other languages of the transcripts read, or dotted
    ("Regierungspressekonferenz vom 5. Juni 2024", "2024-06-05"),
    ("Paris, le 12 mars 2023", "2023-03-12"), ("Madrid, 5 de junio de 2024", "2024-06-05"),
    ("Roma, 3 giugno 2022", "2022-06-03"), ("Den Haag, 14 februari 2020", "2020-02-14"),
    ("Lisboa, 1 de março de 2021", "2021-03-01"), ("Berlin, 05.06.2024", "2024-06-05"),
    ("31.02.2024 and 2024-01-01", "2024-01-01"), ("version 1.05.06.2024", None),
])
def test_find_date(text, date):
    assert find_date(text) == (None if date is None else pd.Timestamp(date))


@pytest.mark.parametrize("header, title", [
    ("Regierungspressekonferenz vom 5. Juni 2024\n\nSprecher: Hebestreit\n",
     "Regierungspressekonferenz vom 5. Juni 2024"),
    ("Conférence de presse du 12 mars 2023\n", "Conférence de presse du 12 mars 2023"),
    ("Press Briefing by Jen Psaki, March 4, 2022\nWashington, D.C.\n",
     "Press Briefing by Jen Psaki"),
])
def test_a_title_that_dates_itself_keeps_its_date(header, title):
    meta = parse_header(header)
    assert meta["title"] == title
    assert meta["date"] is not None


def test_state_department_style_header():
    meta = parse_header("Antony J. Blinken, Secretary of State\n\nBangkok, Thailand\n\n"
                        "Anantara Siam Hotel\n\n")
    assert meta["byline"] == "Antony J. Blinken, Secretary of State"
    assert meta["location"] == "Bangkok, Thailand, Anantara Siam Hotel"


def test_white_house_style_header_skips_times():
    meta = parse_header("---\ntitle: x\n---\n \nJames S. Brady Press Briefing Room\n\n"
                        "1:19 P.M. EST\n\n")
    assert meta == {"location": "James S. Brady Press Briefing Room"}


def test_seed_style_header():
    meta = parse_header(
        "An official website of the United States government\n\nNATO Foreign Ministerial: "
        "Remarks by Secretary Antony Blinken\nNATO HEADQUARTERS Brussels, Belgium March 4, "
        "2022\nMarch 4, 2022\n\n\nLeft to right: Antony J. Blinken with Jens Stoltenberg\n")
    assert meta["title"] == "NATO Foreign Ministerial: Remarks by Secretary Antony Blinken"
    assert meta["date"] == pd.Timestamp("2022-03-04")
    assert meta["location"] == "NATO HEADQUARTERS Brussels, Belgium"
    assert meta["caption"] == "Left to right: Antony J. Blinken with Jens Stoltenberg"


def test_witnesses_in_the_front_matter():
    header = ("Treasury Committee\nOral evidence\n\nWitnesses\nI: Andrew Bailey, Governor.\n"
              "II: Sarah Breeden, Deputy Governor.\n\nQuestions 1 - 45\n\n"
              "Witness: Jane Doe.\n")
    listed = witnesses_in(header)
    assert "andrew bailey" in listed and "sarah breeden" in listed and "jane doe" in listed
    assert "questions" not in listed and "treasury" not in listed
    assert witnesses_in("Hearing before the Committee\n\nMEMBERS PRESENT: Jane Doe\n") == ""
