"""HTML saved as a Python bytes literal, and full article pages (synthetic snippets)."""

from __future__ import annotations

import pandas as pd
import pytest
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import TranscriptError
from kit.read.formats.html import decode_bytes_literals, parse_html

# Line 1 a heading, line 2 the repr of the page's bytes: \n, \t, \xc2\xa0, \' escapes.
FRAGMENT = (
    "<h1>Press Gaggle by Press Secretary Jane Roe en route Boston, MA, 6/26/2015</h1>\n"
    "b'<div class=\"field-items\">\\n<p class=\"rtecenter\">\\n\\tAboard Air Force One</p>\\n"
    "<p>\\n\\t12:17 P.M. EDT</p>\\n"
    "<p>\\n\\tMS. ROE: \\xc2\\xa0Good afternoon. \\xc2\\xa0I don\\'t have announcements.</p>\\n"
    "<p>\\n\\tQ \\xc2\\xa0 \\xc2\\xa0What\\xe2\\x80\\x99s the plan?</p>\\n"
    "<p>\\n\\tMS. ROE: \\xc2\\xa0We go on.</p>\\n"
    "<p>\\n\\tQ \\xc2\\xa0 \\xc2\\xa0Thanks.</p>\\n"
    "<p>\\n\\tEND\\xc2\\xa0<br/>\\n\\t12:30 P.M. EDT</p>\\n</div>'"
)


def test_a_bytes_literal_is_decoded_before_reading(tmp_path):
    path = tmp_path / "gaggle.html"
    path.write_text(FRAGMENT, encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL].str.replace("\u00a0", " ").str.strip()) == [
        "MS. ROE", "Q", "MS. ROE", "Q"]
    assert list(turns[s.SPEAKER].astype(str)) == ["Jane Roe", s.QUESTIONER, "Jane Roe",
                                                  s.QUESTIONER]
    assert turns[s.TEXT].iloc[0] == "Good afternoon. \u00a0I don't have announcements."
    assert turns[s.TEXT].iloc[1] == "What\u2019s the plan?"
    doc = corpus.documents.iloc[0]
    assert doc[s.TITLE] == "Press Gaggle by Press Secretary Jane Roe en route Boston, MA, " \
                           "6/26/2015"
    assert doc[s.DATE] == pd.Timestamp("2015-06-26")
    assert doc[s.TRAILER].split() == ["END", "12:30", "P.M.", "EDT"]
    assert "b'" not in doc[s.HEADER] and "\\n" not in doc[s.HEADER]
    [text] = normalised_texts(path)
    assert_tiles(corpus, "gaggle", text)


def test_only_a_line_that_is_a_literal_is_decoded():
    page = "<p>MR. X: b'<tag>' is how Python shows bytes.</p>\n<p>b'<p>'</p>\n"
    assert decode_bytes_literals(page, source="p.html") == page
    assert decode_bytes_literals("b'<p>caf\\xc3\\xa9</p>'", source="p.html") == "<p>caf\u00e9</p>"
    # bytes that are not UTF-8 are Windows-1252
    assert decode_bytes_literals("b'<p>It\\x92s</p>'", source="p.html") == "<p>It\u2019s</p>"


@pytest.mark.parametrize("line, reason", [
    ("b'<div><p>cut short", r"it does not end with the quote it opens with \(cut short\?\)"),
    ("b'<p>\\xZZ</p>'", r"it is not a valid literal: .*invalid \\x escape at position 3"),
    ("b'<p>caf\u00e9</p>'",
     r"it is not a valid literal: bytes can only contain ASCII literal characters"),
])
def test_a_broken_literal_names_the_line(line, reason):
    with pytest.raises(TranscriptError, match=(
            r"^p\.html, line 2: This line is a Python bytes literal of HTML \(b'<\.\.\.'\) "
            rf"that cannot be decoded: {reason}\. Fix: Save the page's HTML itself")):
        parse_html(f"<h1>Title</h1>\n{line}", source="p.html")


def _page(dateline: str) -> str:
    opening = "THE PRESIDENT:  Thank you very much, everyone.  We continue to see progress."
    return f"""<!DOCTYPE html>
<html><head>
<title>Remarks by President Trump in Press Briefing | The White House</title>
<script type="application/ld+json">[{{"@type":"BreadcrumbList","name":"Remarks"}}]</script>
<meta content="Brady Press Briefing Room {opening}" name="description"/>
<meta content="Brady Press Briefing Room {opening}" property="og:description"/>
<meta content="Brady Press Briefing Room {opening}" name="twitter:description"/>
<meta content="Remarks by President Trump in Press Briefing | The White House"
      property="og:title"/>
<meta content="The White House" property="og:site_name"/>
<script>var x = "THE PRESIDENT:  not a turn";</script>
</head><body>
<nav><a href="/">Home</a></nav>
<main id="main-content">
 <div class="page-header"><p>Remarks</p>
  <h1>Remarks by President Trump in Press Briefing</h1>
  <p class="meta__date"><span>Issued on:</span> <time>April 27, 2020</time></p>
 </div>
 <div class="page-content"><div class="editor">
  <aside><ul><li>Share:</li><li><a href="#">Facebook</a></li></ul></aside>
  <p>James S. Brady Press Briefing Room</p>
  <p>{dateline}5:39 P.M. EDT</p>
  <p>{opening}</p>
  <p>We ask every American to maintain vigilance.</p>
  <p>Q    Dr. Hahn, a question about antibody tests, please?</p>
  <p>DR. HAHN:  Yes, of course.  The tests are being validated now, and we expect more.</p>
  <p>Q    Thank you.</p>
  <p>THE PRESIDENT:  Thank you very much.</p>
  <p>END</p>
  <p>6:01 P.M. EDT</p>
 </div></div>
</main>
<footer>Copyright</footer>
</body></html>
"""


def test_a_full_article_page_reads_only_the_article_body(tmp_path):
    path = tmp_path / "briefing.html"
    path.write_text(_page("April 24, 2020<br/>"), encoding="utf-8")
    corpus = kit.read_transcript(path)
    turns = corpus.turns
    assert list(turns[s.SPEAKER_LABEL]) == ["THE PRESIDENT", "Q", "DR. HAHN", "Q",
                                            "THE PRESIDENT"]
    assert list(turns[s.SPEAKER].astype(str)) == ["President Trump", s.QUESTIONER, "Dr. Hahn",
                                                  s.QUESTIONER, "President Trump"]
    [text] = normalised_texts(path)
    # the opening that <head> repeats is read once, in the first turn
    assert text.count("We continue to see progress") == 1
    assert turns[s.TEXT].iloc[0].startswith("Thank you very much, everyone.")
    for chrome in ("BreadcrumbList", "not a turn", "Share:", "Facebook", "Issued on",
                   "Copyright", "Home"):
        assert chrome not in text
    doc = corpus.documents.iloc[0]
    assert doc[s.TITLE] == "Remarks by President Trump in Press Briefing"
    assert doc[s.DATE] == pd.Timestamp("2020-04-24")  # the dateline, not "Issued on"
    assert doc[s.LOCATION] == "James S. Brady Press Briefing Room"
    assert doc[s.HEADER] == "James S. Brady Press Briefing Room\n\nApril 24, 2020\n" \
                            "5:39 P.M. EDT\n\n"
    assert doc[s.TRAILER].split() == ["END", "6:01", "P.M.", "EDT"]
    assert_tiles(corpus, "briefing", text)


def test_without_a_dateline_the_time_element_gives_the_date(tmp_path):
    path = tmp_path / "briefing.html"
    path.write_text(_page(""), encoding="utf-8")
    corpus = kit.read_transcript(path)
    assert corpus.documents[s.DATE].iloc[0] == pd.Timestamp("2020-04-27")


def test_a_heading_as_long_as_the_page_is_not_a_title_block():
    page = ("<html><body><main><h1>MR. X: Hello there, this is all of it. "
            "MR. Y: And more.</h1></main></body></html>")
    [doc] = parse_html(page, source="p.html")
    assert "MR. X: Hello there" in doc.text
