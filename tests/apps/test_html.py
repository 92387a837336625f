"""The apps' HTML: every value escaped, spans marked, long turns cut, tables built by hand."""

from __future__ import annotations

import datetime as dt
import html
import re

import numpy as np
import pandas as pd
import pytest

from kit.apps import html as h

EVIL = '<img src=x onerror="alert(1)">'
EVIL_ESCAPED = "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"


@pytest.mark.parametrize("value, expected", [
    (EVIL, EVIL_ESCAPED),
    ("Tom & Jerry's", "Tom &amp; Jerry&#x27;s"),
    (42, "42"),
    (None, ""),
    (float("nan"), ""),
    (np.float64("nan"), ""),
    ("", ""),
])
def test_esc(value, expected):
    assert h.esc(value) == expected


@pytest.mark.parametrize("value, expected", [
    (pd.Timestamp("2022-03-04 15:30"), "2022-03-04"),
    (dt.date(2022, 3, 4), "2022-03-04"),
    ("2022-03-04", "2022-03-04"),
    (pd.NaT, ""),
    (None, ""),
    ("not a date", ""),
])
def test_date_text(value, expected):
    assert h.date_text(value) == expected


@pytest.mark.parametrize("value, expected", [
    (("NATO is united.", [(0, 4)]), "<mark>NATO</mark> is united."),
    (("a <b> c", [(2, 5)]), "a <mark>&lt;b&gt;</mark> c"),
    (("war and war", [(8, 11), (0, 3)]), "<mark>war</mark> and <mark>war</mark>"),
    (("overlap", [(0, 4), (2, 7)]), "<mark>over</mark><mark>lap</mark>"),
    (("short", [(9, 12)]), "short"),  # a span past the end marks nothing
    (("no spans", []), "no spans"),
])
def test_marked(value, expected):
    text, spans = value
    assert h.marked(text, spans) == expected


LONG = " ".join(f"w{i:04d}" for i in range(1000))  # 5,999 characters, words 6 apart


@pytest.mark.parametrize("value, expected", [
    (("short turn", 0, 5, None), ("short turn", 0, 5, "")),
    # From the start: 1,500 characters after the hit, the rest cut.
    ((LONG, 0, 5, None), (LONG[:1505] + " …", 0, 5, "(passage of a 1,000-word turn)")),
    # In the middle: cut at a word start 1,500 characters before, 1,500 after.
    ((LONG, 2500, 2505, 1234), ("… " + LONG[996:4005] + " …", 1506, 1511,
                                "(passage of a 1,234-word turn)")),
    ((LONG, 5994, 5999, None), ("… " + LONG[4494:], 1502, 1507,
                                "(passage of a 1,000-word turn)")),
])
def test_passage(value, expected):
    text, a, b, n_words = value
    got = h.passage(text, a, b, n_words)
    assert got == expected
    cut, a2, b2, _ = got
    assert cut[a2:b2] == text[a:b]  # the span still points at the hit


def test_passage_length_is_a_parameter():
    assert h.passage("one two three", 4, 7, max_chars=5) == (
        "one two t …", 4, 7, "(passage of a 3-word turn)")
    assert h.passage("one two three", 4, 7, max_chars=13)[0] == "one two three"


@pytest.mark.parametrize("value, expected", [
    (["war", "peace"], "“war”, “peace”"),
    (["<b>"], "“&lt;b&gt;”"),
    ([], ""),
])
def test_quoted(value, expected):
    assert h.quoted(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("speaker=Price&q=NATO", "<a class='kit-share-link' href='?speaker=Price&amp;q=NATO' "
     "target='_top'>Link to this view</a> <small style='color:#777;overflow-wrap:anywhere'>"
     "(?speaker=Price&amp;q=NATO)</small>"),
    ("q='><script>", "<a class='kit-share-link' href='?q=&#x27;&gt;&lt;script&gt;' "
     "target='_top'>Link to this view</a> <small style='color:#777;overflow-wrap:anywhere'>"
     "(?q=&#x27;&gt;&lt;script&gt;)</small>"),
])
def test_share_link(value, expected):
    assert h.share_link(value) == expected


def test_a_long_share_link_shows_the_start_of_its_query_and_links_to_all_of_it():
    query = "&".join(f"speaker=President%20{i}" for i in range(45))
    link = h.share_link(query)
    assert f"href='?{query}'" in link.replace("&amp;", "&")
    shown = html.unescape(re.search(r"<small[^>]*>\((.*)\)</small>", link).group(1))
    assert shown == f"?{query}"[:h.SHOWN_QUERY_CHARS] + "…"
    assert f"title='?{query}'" in link.replace("&amp;", "&")


@pytest.mark.parametrize("value, expected", [
    ("Pick <two>", "<div class='kit-error-message'>Pick &lt;two&gt;</div>"),
])
def test_message(value, expected):
    assert h.message(value) == expected


@pytest.mark.parametrize("value, expected", [
    (("3 documents", None), h.CSS + "<div class='kit-corpus'>Corpus: 3 documents</div>"),
    (("<i>", "A & B"), h.CSS + "<h2 style='margin:4px 0'>A &amp; B</h2>"
                              "<div class='kit-corpus'>Corpus: &lt;i&gt;</div>"),
])
def test_page_header(value, expected):
    label, title = value
    assert h.page_header(label, title=title) == expected.replace(h.CSS, h.CSS + h.nav_row())


def test_page_header_of_an_upload_says_the_other_dashboards_show_another_corpus():
    header = h.page_header("3 <documents>", uploaded=True)
    assert "Corpus: your upload, 3 &lt;documents&gt; <span" in header
    assert "the other dashboards show the corpus the server started with" in header
    assert "your upload" not in h.page_header("3 documents")


def test_nav_row_links_every_dashboard_relative_and_marks_the_current_one():
    import re
    from pathlib import Path

    nav = h.nav_row("term_trends.ipynb")
    links = re.findall(r"href='([^']+)'", nav)
    assert links == ["explorer.ipynb", "compare_speakers.ipynb"]  # relative: same server
    assert "<b>Term trends</b>" in nav
    # Every link names a dashboard that exists.
    assert {name for name, _ in h.DASHBOARDS} <= {
        p.name for p in (Path(__file__).parents[2] / "dashboards").glob("*.ipynb")}


def test_css_is_one_style_sheet():
    assert h.CSS.strip().startswith("<style>") and h.CSS.strip().endswith("</style>")
    assert ".kit-kwic mark" in h.CSS and ".kit-error-message" in h.CSS


@pytest.mark.parametrize("value, expected", [
    ((pd.DataFrame({"speaker": ["A<b>"], "share": [0.25]}), {"share": "{:.0%}".format}),
     "<table class='t'><thead><tr><th>speaker</th><th class='kit-num'>share</th></tr></thead>"
     "<tbody><tr class='kit-row'><td>A&lt;b&gt;</td><td class='kit-num'>25%</td></tr></tbody>"
     "</table>"),
    ((pd.DataFrame({"n": [np.nan]}), {"n": "{:,}".format}),  # missing: not formatted, blank
     "<table class='t'><thead><tr><th class='kit-num'>n</th></tr></thead><tbody>"
     "<tr class='kit-row'><td class='kit-num'></td></tr></tbody></table>"),
    ((pd.DataFrame({"kept": [True], "term": ["war"]}), None),  # yes/no and text: left
     "<table class='t'><thead><tr><th>kept</th><th>term</th></tr></thead><tbody>"
     "<tr class='kit-row'><td>True</td><td>war</td></tr></tbody></table>"),
    ((pd.DataFrame(), None),
     "<table class='t'><thead><tr></tr></thead><tbody></tbody></table>"),
])
def test_frame_table(value, expected):
    frame, formats = value
    assert h.frame_table(frame, "t", formats) == expected


HITS = pd.DataFrame({"doc_id": ["d<1>"], "turn_id": [3], "speaker": ["Price"],
                     "date": [pd.Timestamp("2022-03-04")], "left": ["the "],
                     "hit": ["<war>"], "right": [" ends"]})
FIRST_CELLS = ("<tr class='kit-row' data-doc='d&lt;1&gt;' data-turn='3'><td>21</td>"
               "<td class='kit-meta'><div class='kit-speaker'>Price</div><div class='kit-when'>"
               "<span class='kit-date'>2022-03-04</span> <span class='kit-doc' "
               "title='Title &amp; more'>Title &amp; more</span></div></td>")


@pytest.mark.parametrize("value, expected", [
    ((HITS, [("So the <war> ends.", 7, 12, 4)]),  # the turn in a row across the table
     FIRST_CELLS.replace("'kit-row'", "'kit-row kit-has-detail'")
     + "<td class='kit-left'>…the </td><td class='kit-hit'><mark>&lt;war&gt;"
     "</mark></td><td class='kit-right'> ends…</td></tr><tr class='kit-detail'>"
     "<td colspan='5'><details><summary>read the turn </summary>"
     "<div class='kit-turn'>So the <mark>&lt;war&gt;</mark> ends.</div></details></td></tr>"),
    ((HITS, [None]),  # the turn is unknown: no "read the turn"
     FIRST_CELLS + "<td class='kit-left'>…the </td><td class='kit-hit'><mark>&lt;war&gt;"
     "</mark></td><td class='kit-right'> ends…</td></tr>"),
    ((HITS, [("the <war> ends", 4, 9, 3)]),  # the turn's whole text: nothing was cut
     FIRST_CELLS.replace("'kit-row'", "'kit-row kit-has-detail'")
     + "<td class='kit-left'>the </td><td class='kit-hit'><mark>&lt;war&gt;"
     "</mark></td><td class='kit-right'> ends</td></tr><tr class='kit-detail'>"
     "<td colspan='5'><details><summary>read the turn </summary>"
     "<div class='kit-turn'>the <mark>&lt;war&gt;</mark> ends</div></details></td></tr>"),
    ((HITS.iloc[:0], []),
     "<tr><td colspan='5'><i>Nothing matches these filters.</i></td></tr>"),
])
def test_hits_table(value, expected):
    rows, turns = value
    out = h.hits_table(rows, first_number=21, titles={"d<1>": "Title & more"}, turns=turns)
    assert out.startswith("<table><thead><tr><th style='width:2em'>#</th>")
    assert "<th class='kit-left'>Before</th>" in out
    assert out.endswith(f"<tbody>{expected}</tbody></table>")


TURNS = pd.DataFrame({"doc_id": ["d<1>", "d2"], "turn_id": [3, 0], "speaker": ["Price", "X"],
                      "date": [pd.Timestamp("2022-03-04"), pd.NaT],
                      "text": ["Hello <there>.", "w " * 150]})


@pytest.mark.parametrize("value, expected", [
    (TURNS.iloc[:1], FIRST_CELLS + "<td class='kit-text'>Hello &lt;there&gt;.</td></tr>"),
    (TURNS.iloc[1:],  # over 240 characters: a preview, and the whole turn (short enough)
     "<tr class='kit-row' data-doc='d2' data-turn='0'><td>21</td>"
     "<td class='kit-meta'><div class='kit-speaker'>X</div><div class='kit-when'>"
     "<span class='kit-date'></span> <span class='kit-doc' title='d2'>d2</span></div></td>"
     f"<td class='kit-text'>{'w ' * 120}…<details><summary>read the turn </summary>"
     f"<div class='kit-turn'>{'w ' * 150}</div></details></td></tr>"),
    (TURNS.iloc[:0], "<tr><td colspan='3'><i>Nothing matches these filters.</i></td></tr>"),
])
def test_turns_table(value, expected):
    out = h.turns_table(value, first_number=21, titles={"d<1>": "Title & more"})
    assert out.startswith("<table><thead><tr><th style='width:2em'>#</th>")
    assert "<th>Turn</th>" in out
    assert out.endswith(f"<tbody>{expected}</tbody></table>")


@pytest.mark.parametrize("n, word, words, expected", [
    (0, "document", None, "0 documents"),
    (1, "document", None, "1 document"),
    (2, "speaker", None, "2 speakers"),
    (1234, "hit", None, "1,234 hits"),
    (1, "address", "addresses", "1 address"),
    (3, "address", "addresses", "3 addresses"),
])
def test_plural(n, word, words, expected):
    assert h.plural(n, word, words) == expected


def test_tables_are_single_spaced_under_a_one_line_head():
    # 20 hits made a page 5,000 px tall: every line on an HTML widget's 28 px (a one-line
    # control's), under a "Speaker, date, document" heading of three lines.
    import re

    spaced = re.search(r"([^}]*)\{\s*line-height: 1\.4; \}", h.CSS)
    assert spaced is not None
    for widget in ("kit-kwic", "kit-speaker-table", "kit-usage", "kit-summary", "kit-share",
                   "kit-dates-note"):
        assert f".{widget} > .widget-html-content" in spaced.group(1), widget
    head = re.search(r"\.kit-kwic th \{([^}]*)\}", h.CSS)
    assert head is not None and "white-space: nowrap" in head.group(1)
    # Compare's and trends' tables: a name or a heading on one line.
    cells = re.search(r"\.kit-speaker-table td, [^{]*\{([^}]*)\}", h.CSS)
    assert cells is not None and "white-space: nowrap" in cells.group(1)
    table = h.hits_table(HITS, first_number=1, titles={}, turns=[None])
    assert "title='Speaker, date and document'>Speaker, date</th>" in table
