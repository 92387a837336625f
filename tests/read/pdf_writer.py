"""Write small PDFs for the tests: text drawn at positions in Courier, a page at a time.

Our own writer (no library): a PDF 1.4 file with a catalog, a page tree, one standard font
and a content stream per page, and a cross-reference table with the objects' offsets.
"""

from __future__ import annotations

from pathlib import Path

PAGE_WIDTH, PAGE_HEIGHT = 612, 792

#: A page: the strings on it, each drawn at ``(x, y)`` points from the bottom left.
Page = list[tuple[float, float, str]]


def lines_page(lines: list[str], *, x: float = 36, top: float = 756, step: float = 11,
               size: float = 9.5) -> Page:
    """A page of lines as a typewriter sets them: each line's leading spaces become its
    offset (Courier's characters are 0.6 of the font size wide)."""
    page = []
    for i, line in enumerate(lines):
        if line.strip():
            indent = len(line) - len(line.lstrip(" "))
            page.append((x + indent * 0.6 * size, top - i * step, line.strip()))
    return page


def _string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252") + b")"


def pdf_bytes(pages: list[Page], *, size: float = 9.5) -> bytes:
    """The bytes of a PDF of ``pages`` (a page without strings is blank, as a scan's is to
    a text extractor)."""
    objects: list[bytes] = []  # object n is objects[n - 1]
    n_pages = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Courier "
                   b"/Encoding /WinAnsiEncoding >>")
    for i, page in enumerate(pages):
        content = b"".join(
            b"BT /F1 %.1f Tf 1 0 0 1 %.2f %.2f Tm " % (size, x, y) + _string(text) + b" Tj ET\n"
            for x, y, text in page)
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} "
                       f"{PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R >> >> "
                       f"/Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"endstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def write_pdf(path: Path, pages: list[Page], **options) -> Path:
    path.write_bytes(pdf_bytes(pages, **options))
    return path
