"""Bytes to normalised text: encodings, BOMs, binary detection, line endings."""

from __future__ import annotations

import codecs

from kit.errors import TranscriptError

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


def _line_of(data: bytes, index: int) -> int:
    return data.count(b"\n", 0, index) + 1


def decode(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Decode a file's bytes to text with ``\\n`` line endings.

    UTF-8 (with or without BOM), UTF-16/32 with BOM and cp1252 are recognised;
    ``encoding=`` forces one.

    Raises
    ------
    TranscriptError
        For empty or binary input, or bytes that fit no supported encoding.
    """
    if not data.strip():
        raise TranscriptError(source, "The file is empty (or holds only whitespace).",
                              "Check that the export finished, or leave the file out.", line=1)
    text: str | None = None
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
                try:
                    text = data[len(bom):].decode(name)
                except UnicodeDecodeError as exc:
                    raise TranscriptError(
                        source, f"The file starts with a {name} byte-order mark but is not "
                        f"valid {name}.", "Re-save the file as UTF-8.") from exc
                break
    if text is None:
        sample = data[:8192]
        if len(sample.translate(_BINARY_TABLE, _BINARY_BYTES)) < len(sample) * 0.98 or \
                b"\x00" in sample:
            pos = next(i for i, b in enumerate(sample) if b in _BINARY_BYTES)
            raise TranscriptError(
                source, "This looks like a binary file (control bytes such as NUL), not text.",
                "Export the transcript as text (.txt, .html, .md, .vtt, .srt, .json or .csv) "
                "and read that.", line=_line_of(data, pos))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise TranscriptError(
                    source, "The bytes are neither UTF-8 nor Windows-1252 text.",
                    "Pass encoding= with the file's encoding, or re-save it as UTF-8.",
                    line=_line_of(data, exc.start)) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # U+2028/2029 act as line breaks in some exports.
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2029", "\n\n").replace("\u2028", "\n")
    if "\x00" in text:
        raise TranscriptError(source, "The text holds NUL characters.",
                              "Pass the right encoding= (UTF-16 files need a byte-order mark).",
                              line=text.count("\n", 0, text.index("\x00")) + 1)
    return text
