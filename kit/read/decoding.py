"""Bytes to normalised text: encodings, BOMs, binary detection, line endings."""

from __future__ import annotations

import codecs
import re
import unicodedata
import warnings

from kit.errors import TranscriptError, TranscriptWarning

__all__ = ["decode", "decode_utf8", "has_surrogates", "replace_surrogates"]

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Control characters that never occur in text files (NUL and friends).
_BINARY_BYTES = bytes(range(0, 9)) + bytes([11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25,
                                             26, 27, 28, 29, 30, 31])
_BINARY_TABLE = bytes.maketrans(b"", b"")
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
# What ``surrogateescape`` makes of a byte that is not UTF-8 (0x80-0xFF).
_ESCAPED = re.compile("[\udc80-\udcff]")
#: A lone surrogate: a code point no UTF-8 text can hold.
SURROGATE = re.compile("[\ud800-\udfff]")
_SAMPLE_BYTES = 8192
_SHOWN = 5  # lines named in a warning; the rest are counted


def _line_of(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def _lines(text: str, positions: list[int]) -> str:
    """``line 3`` or ``lines 3, 7, 9 and 4 more``: the lines of ``positions`` in ``text``."""
    lines: list[int] = []
    line, last = 1, 0
    for pos in positions:  # sorted: count the newlines once
        line += text.count("\n", last, pos)
        last = pos
        if not lines or lines[-1] != line:
            lines.append(line)
    shown = ", ".join(map(str, lines[:_SHOWN]))
    if len(lines) == 1:
        return f"line {shown}"
    more = len(lines) - _SHOWN
    return f"lines {shown}" + (f" and {more} more" if more > 0 else "")


def _utf16_without_bom(data: bytes, *, source: str) -> str | None:
    """The text of UTF-16 bytes that lack a byte-order mark, or None if they are not that.

    UTF-16 puts a NUL beside every ASCII character (after it in little-endian, before it in
    big-endian), so NULs gather on one side of the byte pairs; the bytes must then decode
    without error into text with no control characters and hardly any unassigned ones.
    """
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:_SAMPLE_BYTES]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    many = max(2, len(sample) // 100)
    if odd >= many and even <= odd // 4:
        name = "utf-16-le"
    elif even >= many and odd <= even // 4:
        name = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(name, "surrogatepass")
    except UnicodeDecodeError:
        return None
    head = text[:_SAMPLE_BYTES // 2]
    odd_chars = sum(unicodedata.category(c) in ("Cn", "Co", "Cs") for c in head)
    if _CONTROL.search(head) or odd_chars > len(head) // 100:
        return None
    return _without_lone_surrogates(text, source=source, encoding=name)


def _utf16(data: bytes, name: str, *, source: str) -> str:
    """Decode UTF-16 after its byte-order mark; a few unpaired surrogates become U+FFFD."""
    try:
        text = data.decode(name, "surrogatepass")
    except UnicodeDecodeError as exc:
        raise TranscriptError(
            source, f"The file starts with a {name} byte-order mark but is not valid {name} "
            f"({exc.reason}).", "Re-save the file as UTF-8.") from None
    return _without_lone_surrogates(text, source=source, encoding=name)


def _without_lone_surrogates(text: str, *, source: str, encoding: str) -> str:
    text, found = replace_surrogates(text)
    if found:
        n = len(found)
        warnings.warn(
            f"{source}: {n} unpaired surrogate{'s' if n > 1 else ''} (half a character) in "
            f"{encoding}, on {_lines(text, found)}; {'each was' if n > 1 else 'it was'} "
            "replaced by U+FFFD. Re-save the file as UTF-8.", TranscriptWarning, stacklevel=4)
    return text


def _utf8_or_cp1252(data: bytes, *, source: str) -> str:
    """Decode bytes that are not all UTF-8: by the encoding most of their characters fit.

    A file that is UTF-8 but for a few bytes (a Windows-1252 quote pasted in) stays UTF-8;
    each stray byte becomes its Windows-1252 character (U+FFFD where it has none) and a
    TranscriptWarning names their lines. A file whose non-ASCII bytes are not UTF-8 at all
    is Windows-1252.
    """
    escaped = data.decode("utf-8", "surrogateescape")
    bad = [m.start() for m in _ESCAPED.finditer(escaped)]
    good = len(escaped) - len(escaped.encode("ascii", "ignore")) - len(bad)
    if good < len(bad):
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as exc:
            if not good:
                raise TranscriptError(
                    source, "The bytes are neither UTF-8 nor Windows-1252 text.",
                    "Pass encoding= with the file's encoding, or re-save it as UTF-8.",
                    line=_line_of(data, exc.start)) from None
    return _repair_utf8(escaped, bad, source=source)


def _repair_utf8(escaped: str, bad: list[int], *, source: str) -> str:
    """UTF-8 text (decoded with ``surrogateescape``) whose stray bytes, at ``bad``, are read
    as Windows-1252 (U+FFFD where that has no character), with a warning naming their lines."""
    def repair(m: re.Match[str]) -> str:
        byte = bytes([ord(m.group()) - 0xDC00])
        return byte.decode("cp1252", "replace")

    warnings.warn(
        f"{source}: {len(bad)} byte{'s are' if len(bad) > 1 else ' is'} not valid UTF-8, on "
        f"{_lines(escaped, bad)}, in a file that is otherwise UTF-8; "
        f"{'each was' if len(bad) > 1 else 'it was'} read as Windows-1252 (U+FFFD where that "
        "has no character). Re-save the file as UTF-8, or pass encoding=.",
        TranscriptWarning, stacklevel=3)
    return _ESCAPED.sub(repair, escaped)


_CHECK_CHARS = 1 << 20


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (U+D800-U+DFFF).

    Encoding to UTF-16 fails on exactly those (as UTF-8 does) and runs in C at memory
    speed: a copy for text of two-byte characters, ten times faster than encoding it to
    UTF-8 and ~40x faster than a regex scan; slices bound the bytes made at once.
    """
    if text.isascii():  # constant time in CPython
        return False
    try:
        for i in range(0, len(text), _CHECK_CHARS):
            text[i: i + _CHECK_CHARS].encode("utf-16-le")
    except UnicodeEncodeError:
        return True
    return False


def replace_surrogates(text: str) -> tuple[str, list[int]]:
    """Replace lone surrogates (U+D800-U+DFFF, which no file can hold) by U+FFFD.

    Returns the text, of the same length, and the positions replaced. Such characters come
    from JSON ``\\ud800`` escapes, YAML, DataFrame cells or file names; left in, they break
    every later step that writes UTF-8 (pandas, Arrow, polars).
    """
    if not has_surrogates(text):
        return text, []
    positions = [m.start() for m in SURROGATE.finditer(text)]
    if positions:
        text = SURROGATE.sub("\ufffd", text)
    return text, positions


def decode(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Decode a file's bytes to text with ``\\n`` line endings.

    UTF-8 (with or without BOM), UTF-16/32 with BOM, UTF-16 without BOM and cp1252 are
    recognised; ``encoding=`` forces one. A file that is UTF-8 but for a few bytes (or has
    the UTF-8 mark) is read as UTF-8, and UTF-16 with unpaired surrogates as UTF-16, each
    stray byte or surrogate replaced, with a TranscriptWarning naming their lines.

    Raises
    ------
    TranscriptError
        For empty or binary input, or bytes that fit no supported encoding.
    """
    return decode_utf8(data, source=source, encoding=encoding)[0]


# Documents that hold a transcript but are not text: what each is, and how to get its text.
_DOCUMENTS = (
    (b"\xd0\xcf\x11\xe0", "an old Word (.doc) document",
     "Save it as plain text (.txt) or HTML (.html) from the word processor, and read that."),
    (b"{\\rtf", "an RTF document",
     "Save it as plain text (.txt) from the word processor, and read that."),
)


def _refuse_documents(data: bytes, *, source: str) -> None:
    """Raise, saying what to do, for an old Word or RTF document (by its first bytes)."""
    head = data[:8].lstrip(b"\xef\xbb\xbf")
    for magic, what, fix in _DOCUMENTS:
        if head.startswith(magic):
            raise TranscriptError(source, f"This is {what}, not a text transcript.", fix, line=1)


def _decoded(data: bytes, *, source: str, encoding: str | None) -> tuple[str, bool]:
    """The text of ``data`` in ``encoding`` or the one detected, and whether it is ``data``
    read as strict UTF-8 exactly (line breaks not yet normalised)."""
    text: str | None = None
    as_is = False
    if encoding is not None:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise TranscriptError(
                source, f"The bytes are not valid {encoding} (byte {exc.start}).",
                "Pass the file's real encoding=, or leave encoding= out to detect it.",
                line=_line_of(data, exc.start)) from None
    else:
        for bom, name in _BOMS:
            if data.startswith(bom):
                body = data[len(bom):]
                if name.startswith("utf-16"):
                    text = _utf16(body, name, source=source)
                    break
                try:
                    text = body.decode(name)
                except UnicodeDecodeError as exc:
                    if name != "utf-8":
                        raise TranscriptError(
                            source, f"The file starts with a {name} byte-order mark but is "
                            f"not valid {name}.", "Re-save the file as UTF-8.") from exc
                    # the mark says UTF-8: stray bytes are repaired, whatever their number
                    escaped = body.decode("utf-8", "surrogateescape")
                    text = _repair_utf8(escaped, [m.start() for m in
                                                  _ESCAPED.finditer(escaped)], source=source)
                break
    if text is None and b"\x00" in data[:_SAMPLE_BYTES]:
        text = _utf16_without_bom(data, source=source)
    if text is None:
        sample = data[:_SAMPLE_BYTES]
        if len(sample.translate(_BINARY_TABLE, _BINARY_BYTES)) < len(sample) * 0.98 or \
                b"\x00" in sample:
            pos = next(i for i, b in enumerate(sample) if b in _BINARY_BYTES)
            raise TranscriptError(
                source, "This looks like a binary file (control bytes such as NUL), not text.",
                "Export the transcript as text (.txt, .html, .md, .vtt, .srt, .json or .csv) "
                "or as a Word document (.docx), and read that.", line=_line_of(data, pos))
        try:
            text = data.decode("utf-8")
            as_is = True
        except UnicodeDecodeError:
            text = _utf8_or_cp1252(data, source=source)
    return text, as_is


def decode_utf8(data: bytes, *, source: str,
                encoding: str | None = None) -> tuple[str, bool]:
    """:func:`decode`, and whether its text is exactly ``data`` read as strict UTF-8.

    True means no mark, no other encoding, no repair and no normalised line break: a
    parser that takes UTF-8 bytes (lxml) may then read ``data`` in place of the text, and
    spare encoding it again.
    """
    if not data or data.isspace():  # not data.strip(): a copy of the whole file
        raise TranscriptError(source, "The file is empty (or holds only whitespace).",
                              "Check that the export finished, or leave the file out.", line=1)
    if data[:4] == b"PK\x03\x04":  # a .docx or .odt: the text of its paragraphs
        from kit.read.office import office_text

        text, as_is = office_text(data, source=source), False
    elif data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"%PDF-"):
        from kit.read.pdf import pdf_text

        text, as_is = pdf_text(data, source=source), False
    else:
        _refuse_documents(data, source=source)
        text, as_is = _decoded(data, source=source, encoding=encoding)
    utf8 = data if as_is else None

    def holds(char: str) -> bool:
        # An ASCII character, in the bytes where the text is them as UTF-8: memchr, where
        # "\x00" in a text of other than Latin-1 characters costs ~5x more (the replacements
        # below keep every other character).
        return ord(char) in utf8 if utf8 is not None and char.isascii() else char in text

    if holds("\r"):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        as_is = False
    # U+2028/2029 act as line breaks in some exports.
    if holds("\u2028") or holds("\u2029"):
        text = text.replace("\u2029", "\n\n").replace("\u2028", "\n")
        as_is = False
    if holds("\x00"):
        raise TranscriptError(source, "The text holds NUL characters.",
                              "Pass the file's real encoding= (e.g. encoding='utf-16-le').",
                              line=text.count("\n", 0, text.index("\x00")) + 1)
    return text, as_is
