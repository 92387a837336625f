"""Property tests: every reader, fed generated and hostile files, fails only with the kit's errors.

Each test draws transcripts in one format (labels, paragraphs of words in any script, emoji,
combining marks, NUL, lone surrogates, markup and the format's own syntax, sometimes pure
noise), writes them in some encoding and reads them as the reader does (decode, sniff or the
forced format, parse, rows). Whatever happens is either a :class:`~kit.errors.KitError` or a
document whose header, turns and trailer tile its normalised text exactly (``assert_tiles``),
with only TranscriptWarnings on the way. Building the tables costs 40 ms a corpus, so one
example in eight also builds them and checks the phrases; the others check the rows the
tables are built from. A reader added to ``READERS`` without a builder here is fed generic
XML speeches and noise until it gets one.
"""

from __future__ import annotations

import csv
import html
import io
import json
import warnings
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tiling import assert_tiles, normalised_texts

import kit
from kit import schema as s
from kit.errors import KitError, TranscriptWarning
from kit.read.build import Rows, add_document, build
from kit.read.decoding import replace_surrogates
from kit.read.formats import READERS
from kit.read.formats.table import documents_from_frame
from kit.read.read import _read_one

# --- What transcripts are made of ----------------------------------------------------------

PLAIN = [
    "the", "alliance", "will", "meet", "today", "U.S.", "2.5", "don’t", "well-being", "Mr.",
    "we", "support", "Ukraine", "and", "said", "in", "Brussels", "more", "troops", "Yes.",
    ",", ".", "?", ":", ";", "(Laughter.)", "[inaudible]", "--", "—", "…", "12:30", "Q:",
    "\n", "\n\n", "  ",
]
UNICODE = [
    "Café", "naïve", "Ça", "e\u0301", "n\u0303o", "a\u0308\u0301",  # combining marks
    "مرحبا", "السلام", "שלום", "\u202bRTL\u202c", "\u200f", "\u200b", "\u00a0", "\u2028",
    "🙂", "👍🏽", "👨‍👩‍👧", "🇺🇦", "中文", "Привет", "\ufeff", "\ufffd", "\x0c", "\t",
    "\ud800", "\udfff", "\ud83d",  # lone surrogates
]
MARKUP = [
    "<p>", "</p>", "<b>", "<br>", "<script>alert(1)</script>", "&amp;", "&#xD800;", "&bogus;",
    "<!--", "-->", "<![CDATA[", "]]>", "<v Jane>", "{\\an8}", "**", "__", "[x](y)", "#", "---",
    "\\", '"', "'", "|", "A:", "[00:00:00:01]", "00:00:01,000 --> 00:00:02,000", "*a", "&a",
    "{", "}", "[", "]", "END", "(UNKNOWN):", "[*]", "_note : x", "\\ud800", "\\u0000",
]
WORDS = st.sampled_from(PLAIN * 4 + UNICODE * 2 + MARKUP)  # one draw a word: cheap
CONTROLS = st.sampled_from(["\x00", "\x1b", "\x1a", "\x01", "\x7f", "\x00" * 40])
LABELS = st.one_of(
    st.sampled_from([
        "MR. PRICE", "Q", "SECRETARY BLINKEN", "Jane Doe", "SPEAKER_01", "P", "CC", "?",
        "THE CHAIRMAN", "Mr. THOMPSON", "Chairman Shelby", "SPECTER", "(UNKNOWN)", "الرئيس",
        "ПРЕДСЕДАТЕЛЬ", "🙂 BOT", "MS. PSAKI", "Speaker 1", "CHIEF JUSTICE ROBERTS", "",
        "SEN. ARLEN SPECTER (R-PA)", "The PRESIDING OFFICER (Mr. Gorton)",
    ]),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc"]), max_size=12),
)
NOISE = st.text(st.characters(exclude_categories=[]), max_size=60)  # anything, surrogates too


@st.composite
def paragraphs(draw) -> str:
    if draw(st.integers(0, 9)) == 0:
        return draw(NOISE)
    return " ".join(draw(st.lists(WORDS, min_size=1, max_size=10))).strip(" ")


@st.composite
def turns(draw, max_turns: int = 5) -> list[tuple[str, list[str]]]:
    return draw(st.lists(st.tuples(LABELS, st.lists(paragraphs(), min_size=1, max_size=3)),
                         min_size=1, max_size=max_turns))


def _rarely(draw, usual, rare):
    """One of ``usual``, or one in twenty times one of ``rare``."""
    return draw(st.sampled_from(rare if draw(st.integers(0, 19)) == 19 else usual))


def _times(draw, n: int) -> list[tuple[float, float]]:
    """Cue times: mostly in order, sometimes overlapping, out of order or backwards."""
    out, t = [], 0.0
    for _ in range(n):
        t = max(0.0, t + draw(st.sampled_from([0.0, 0.5, 1.0, 2.0, -1.0, 3600.0])))
        out.append((t, t + _rarely(draw, [0.0, 0.01, 1.0, 2.5, 4.0], [-0.5])))
    return out


def _clock(seconds: float, sep: str) -> str:
    seconds = abs(seconds)
    ms = round(seconds * 1000)
    return (f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}"
            f"{sep}{ms % 1000:03d}")


# --- One builder a format: turns to the text of a file --------------------------------------

def render_text(draw, ts):
    header = draw(st.sampled_from(["", "Remarks to the Press\nMay 5, 2023\n\n", "\ufeff"]))
    sep = draw(st.sampled_from([": ", ":  ", ":\u00a0", ":\n"]))
    body = "\n\n".join(f"{label}{sep if label else ''}{' '.join(ps)}" for label, ps in ts)
    return header + body + draw(st.sampled_from(["", "\n", "\n\n# # #\n"]))


def render_html(draw, ts):
    escape = draw(st.booleans())
    paras = "".join(
        f"<p><b>{html.escape(label) if escape else label}:</b> "
        + "</p><p>".join(html.escape(p) if escape else p for p in ps) + "</p>"
        for label, ps in ts)
    shell = draw(st.sampled_from(["{}", "<html><body><main><h1>Title</h1>{}</main></body></html>",
                                  "<!DOCTYPE html><html><head><title>T</title></head>"
                                  "<body><article>{}</article><footer>x</footer></body></html>",
                                  "<div>{}"]))
    return shell.format(paras)


def render_feed(draw, ts):
    items = []
    for k in range(draw(st.integers(1, 3))):
        body = "".join(f"<p>{label}: {' '.join(ps)}</p>" for label, ps in ts[k::2] or ts)
        title = draw(st.sampled_from(["Briefing", "Briefing", "", "A & B", "\ud800"]))
        date = draw(st.sampled_from(["", "Tue, 10 Jun 2003 04:00:00 GMT", "garbage",
                                     "2022-02-30", "Mon, 01 Jan 0001 00:00:00 +1400"]))
        inner = draw(st.sampled_from([html.escape(body), f"<![CDATA[{body}]]>", body]))
        link = draw(st.sampled_from([f"<link>https://x/{k}</link>", "<link>https://x/</link>",
                                     ""]))
        items.append(f"<item><title>{html.escape(title)}</title><pubDate>{date}</pubDate>"
                     f"{link}<description>{inner}</description></item>")
    return f"<?xml version='1.0'?><rss><channel><title>F</title>{''.join(items)}</channel></rss>"


def render_markdown(draw, ts):
    front = _rarely(draw, [
        'title: "Press Briefing"\ndate: 2023-05-05\n', "title: &t x\nog: *t\n", "",
        'title: "\\ud800"\n', "speakers: [A, B]\ndate: not a date\n", "date: 99999-01-01\n",
        "author: {name: Jane}\nlocation: 5\n", "title: [a, [b]]\n",
    ], [
        "title: A: B\n", "a: &a [x, x]\nb: [*a, *a]\n", "date: 2022-02-30\n",
        "t: " + "[" * 80 + "]" * 80 + "\n", "? [a]\n: b\n", "title: !!binary x\n",
    ])
    body = "\n\n".join(f"**{label}:** {' '.join(ps)}" if label else " ".join(ps)
                       for label, ps in ts)
    return f"---\n{front}---\n\n{body}\n"


def render_vtt(draw, ts):
    cues = []
    for (label, ps), (t0, t1) in zip(ts, _times(draw, len(ts)), strict=True):
        voice = draw(st.booleans())
        text = "\n".join(ps)
        cues.append(f"{_clock(t0, '.')} --> {_clock(t1, '.')}\n"
                    + (f"<v {label}>{text}" if voice else f"{label}: {text}" if label else text))
    return "WEBVTT" + draw(st.sampled_from(["", " - Title", "\nKind: captions"])) + "\n\n" + \
        "\n\n".join(cues) + "\n"


def render_srt(draw, ts):
    cues = []
    for i, ((label, ps), (t0, t1)) in enumerate(zip(ts, _times(draw, len(ts)), strict=True)):
        text = "\n".join(ps)
        cues.append(f"{i + 1}\n{_clock(t0, ',')} --> {_clock(t1, ',')}\n"
                    + (f"{label}: {text}" if label else text))
    return "\n\n".join(cues) + "\n"


def _cells(draw, label, ps):
    text = _rarely(draw, ["str", "str", "str", "list", "none", "number"], ["dict"])
    value = {"str": " ".join(ps), "list": ps, "none": None, "number": 1.5,
             "dict": {"p": ps}}[text]
    record = {"speaker": label if draw(st.integers(0, 5)) else None, "text": value}
    if draw(st.booleans()):
        record["start"] = _rarely(draw, [0, 1.5, "00:00:01.5", None, 2], ["soon", -1])
    return record


def render_json(draw, ts):
    records = [_cells(draw, label, ps) for label, ps in ts]
    shape = draw(st.sampled_from(["list", "segments", "nested", "deep"]))
    data = {"list": records, "segments": {"title": "T", "segments": records},
            "nested": {"results": {"items": records}}, "deep": [[[[records]]]]}[shape]
    return json.dumps(data, ensure_ascii=draw(st.booleans()))


def render_jsonl(draw, ts):
    return "\n".join(json.dumps(_cells(draw, label, ps), ensure_ascii=draw(st.booleans()))
                     for label, ps in ts) + "\n"


def render_csv(draw, ts):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", "\t", ";", "|"])))
    if draw(st.booleans()):
        writer.writerow(["Exported transcript"])
    writer.writerow(["speaker", "text", "start"])
    for label, ps in ts:
        writer.writerow([label, "\n".join(ps), _rarely(draw, ["", "1", "00:01"], ["x"])])
    return out.getvalue()


def render_spacelog(draw, ts):
    records = []
    for i, (label, ps) in enumerate(ts):
        code = label[:3].strip() or "CC"
        records.append(f"[00:00:{i // 60:02d}:{i % 60:02d}]\n{code}: {ps[0]}"
                       + "".join(f"\n    {p}" for p in ps[1:]))
        if draw(st.booleans()):
            records.append(f"_note : {ps[-1]}")
    return "\n\n".join(records) + "\n"


def render_numbered(draw, ts):
    lines = []
    for label, ps in ts:
        for i, line in enumerate("\n".join(ps).split("\n")):
            lines.append(f"{label}:  {line}" if i == 0 and label else line)
    lines = (lines * (41 // len(lines) + 1))[:max(41, len(lines))]
    pages = []
    for start in range(0, len(lines), 25):
        page = lines[start:start + 25]
        numbered = "\n\n".join(f"{n:2d}   {'   ' if n == 1 else ''}{line}"
                               for n, line in enumerate(page, start=1))
        pages.append(f"       Official - Subject to Final Review\n\n{numbered}\n\n"
                     f"            {start // 25 + 1}\n\n     Alderson Reporting Company\n")
    return "\f".join(pages)


def render_gpo(draw, ts):
    body = "\n\n".join(f"    {label}. {' '.join(ps)}" if label else "    " + " ".join(ps)
                       for label, ps in ts)
    text = ("[Senate Hearing 109-204]\n[From the U.S. Government Printing Office]\n\n"
            f"                 A HEARING\n\n{body}\n\n"
            + draw(st.sampled_from(["", "[Whereupon, at 12:10 p.m., the hearing was "
                                        "adjourned.]\n"])))
    if draw(st.booleans()):
        return f"<html><title>Hearing</title><body><pre>{text}</pre></body></html>"
    return text


def render_newswire(draw, ts):
    roster = "".join(f"SEN. {label.upper()} (R-PA)\nCHAIRMAN\n" for label, _ in ts[:2])
    body = "\n\n".join(f"{label.split()[-1].upper() if label.split() else 'X'}: "
                       f"{' '.join(ps)}" for label, ps in ts)
    return f"HEARING\nCQ Transcriptions\nMay 5, 2023\n\nSPEAKERS:\n{roster}\n{body}\n\nEND\n"


def render_xml(draw, ts):
    """Speeches in generic XML, for a reader this file has no builder of its own for yet."""
    root = draw(st.sampled_from(["TEI", "dbtplenarprotokoll", "hansard", "publicwhip", "doc"]))
    body = "".join(f'<sp who="{html.escape(label)}"><p>'
                   + "</p><p>".join(html.escape(p) for p in ps) + "</p></sp>"
                   for label, ps in ts)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<{root}><body>{body}</body></{root}>\n'


RENDER = {
    "text": (render_text, ".txt"), "html": (render_html, ".html"), "rss": (render_feed, ".rss"),
    "markdown": (render_markdown, ".md"), "vtt": (render_vtt, ".vtt"),
    "srt": (render_srt, ".srt"), "json": (render_json, ".json"),
    "jsonl": (render_jsonl, ".jsonl"), "csv": (render_csv, ".csv"),
    "spacelog": (render_spacelog, ".txt"), "numbered": (render_numbered, ".txt"),
    "gpo": (render_gpo, ".htm"), "newswire": (render_newswire, ".txt"),
}
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
             "cp1252"]


@st.composite
def files(draw, fmt: str) -> tuple[bytes, str]:
    """The bytes of a file in format ``fmt`` (or noise, or a hostile cut of one)."""
    render, suffix = RENDER.get(fmt, (render_xml, ".xml"))
    text = render(draw, draw(turns()))
    mangle = draw(st.integers(0, 9))
    if mangle == 1:
        text = draw(NOISE)
    elif mangle in (2, 3):  # cut short, anywhere / noise or control bytes spliced in
        at = draw(st.integers(0, len(text)))
        text = text[:at] if mangle == 2 else \
            text[:at] + draw(st.one_of(NOISE, CONTROLS)) + text[at:]
    encoding = draw(st.sampled_from(ENCODINGS))
    errors = "surrogatepass" if encoding.startswith("utf") else "replace"
    return text.encode(encoding, errors), suffix


# --- Reading, and what must hold -----------------------------------------------------------

def rows_as_tables(rows: Rows) -> SimpleNamespace:
    """The rows of a read in the shape ``assert_tiles`` looks at (no phrases yet)."""
    t = rows.turns
    return SimpleNamespace(
        documents=pd.DataFrame(rows.docs, columns=[s.DOC_ID, s.HEADER, s.TRAILER]),
        turns=pd.DataFrame({s.DOC_ID: t[s.DOC_ID], s.START_CHAR: t[s.START_CHAR],
                            s.END_CHAR: t[s.END_CHAR], s.TEXT: t[s.TEXT],
                            s.TEXT_START_CHAR: t["text_start"], s.SPEAKER_LABEL: t["label"]},
                           dtype=object),
        phrases=pd.DataFrame({s.DOC_ID: []}))


def check_read(path: Path, fmt: str | None, *, full: bool) -> None:
    """Read ``path`` as the reader does: a KitError, or tables that tile the text exactly."""
    options = {"format": fmt, "encoding": None, "aliases": {}, "errors": "raise",
               "format_options": {}}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            rows = _read_one(str(path), "doc", options)
        except KitError as exc:
            assert "failed unexpectedly" not in str(exc)
            event("error: " + getattr(exc, "problem", str(exc))[:45])
            return
        event("read")
        texts = normalised_texts(path, **({"format": fmt} if fmt else {}))
        tables = build([rows], {}) if full else rows_as_tables(rows)
    assert [w.category for w in caught if not issubclass(w.category, TranscriptWarning)] == []
    ids = list(tables.documents[s.DOC_ID])
    assert len(ids) == len(texts) == len(set(ids))
    for doc_id, text in zip(ids, texts, strict=True):
        assert_tiles(tables, doc_id, replace_surrogates(text)[0])


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("properties")


PROPERTY = settings(max_examples=130, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize("fmt", [f for f in READERS if f != "atom"])
@PROPERTY
@given(data=st.data())
def test_every_reader_fails_only_with_kit_errors_and_tiles_what_it_reads(folder, fmt, data):
    content, suffix = data.draw(files(fmt))
    path = folder / f"{fmt}{suffix}"
    path.write_bytes(content)
    forced = data.draw(st.sampled_from([fmt, fmt, None]))  # None: the sniffer chooses
    check_read(path, forced, full=data.draw(st.integers(0, 7)) == 7)


# --- DataFrames ----------------------------------------------------------------------------

ODD_CELLS = st.one_of(st.none(), st.just(float("nan")), st.integers(-5, 5),
                      st.floats(allow_nan=True), st.lists(paragraphs(), max_size=3),
                      st.dictionaries(LABELS, paragraphs(), max_size=2), st.binary(max_size=5),
                      st.just(pd.Timestamp("2022-01-01", tz="UTC")))
DOCS = ["a", "b", "a", "b", 1.0, "\ud800", "x/y"]


@st.composite
def frames(draw) -> pd.DataFrame:
    """Utterances, and one frame in four with odd cells (lists, objects, bytes, gaps)."""
    odd = draw(st.integers(0, 3)) == 0
    speaker = st.one_of(LABELS, st.none(), ODD_CELLS) if odd else LABELS
    text = st.one_of(paragraphs(), st.none(), st.just(""), ODD_CELLS) if odd else paragraphs()
    doc = st.sampled_from(DOCS + [None, float("nan"), ("a",)] if odd else DOCS)
    rows = draw(st.lists(st.tuples(speaker, text, doc), min_size=int(not odd), max_size=6))
    return pd.DataFrame(rows, columns=["speaker", "text", "doc"], dtype=object)


@settings(PROPERTY, max_examples=200)
@given(frame=frames(), with_doc=st.booleans(), full=st.integers(0, 7))
def test_from_pandas_fails_only_with_kit_errors_and_tiles(frame, with_doc, full):
    doc = "doc" if with_doc else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if full == 7:
                corpus = kit.from_pandas(frame, doc=doc)
                docs = documents_from_frame(frame, source="<DataFrame>", doc=doc)
            else:
                docs = documents_from_frame(frame, source="<DataFrame>", doc=doc)
                parts = Rows()
                for i, parsed in enumerate(docs):
                    add_document(parts, parsed, doc_id=f"d{i}", source="f", aliases={})
                corpus = rows_as_tables(parts)
        except KitError as exc:
            assert "failed unexpectedly" not in str(exc)
            event("error: " + getattr(exc, "problem", str(exc))[:45])
            return
    event("read")
    assert [w.category for w in caught if not issubclass(w.category, TranscriptWarning)] == []
    for doc_id, parsed in zip(corpus.documents[s.DOC_ID], docs, strict=True):
        assert_tiles(corpus, doc_id, replace_surrogates(parsed.text)[0])
