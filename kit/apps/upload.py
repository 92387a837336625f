"""Read transcripts a user uploads in the page: limits said aloud, files sent in chunks.

The page checks each chosen file against the limits before sending anything (a count per
upload, a size per file, a total), tells the kernel which files it refused and why, and
sends the others in chunks of :data:`CHUNK_BYTES`: the server's websocket refuses messages
over 10 MiB, which silently dropped larger selections whole. The kernel reads each file on
its own (:func:`read_uploads`), so one bad file fails alone with the reader's message.
"""

from __future__ import annotations

import html
import re
import tempfile
import urllib.parse
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import anywidget
import ipywidgets as w
import traitlets

from kit import schema as s
from kit.corpus import Corpus, concat
from kit.errors import KitError

__all__ = [
    "CHUNK_BYTES",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_FILES",
    "MAX_UPLOAD_TOTAL",
    "FilePicker",
    "UploadBox",
    "UploadResult",
    "read_uploads",
]

#: Largest file accepted, in bytes.
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: Most files read from one upload.
MAX_UPLOAD_FILES = 20
#: Most bytes read from one upload, all files together.
MAX_UPLOAD_TOTAL = 50 * 1024 * 1024
#: Bytes per message from the page to the kernel (well under the server's 10 MiB a message).
CHUNK_BYTES = 1024 * 1024
#: File suffixes the reader knows; the upload dialog offers these.
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".md", ".markdown", ".vtt", ".srt",
                   ".json", ".jsonl", ".csv", ".xml", ".rss", ".atom", ".docx",
                   ".odt", ".pdf")


def size_text(n_bytes: int) -> str:
    """``"1.4 KB"``, ``"12.0 MB"``: a size for a message."""
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / (1024 * 1024):.1f} MB"
    return f"{n_bytes / 1024:.1f} KB"


@dataclass
class UploadResult:
    """What came of reading uploaded files: the corpus (or None) and a message per file."""

    corpus: Corpus | None
    read: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def message_html(self) -> str:
        """An escaped HTML summary: files read, and each failing file with its reason."""
        parts = []
        if self.read:
            names = ", ".join(html.escape(n) for n in self.read)
            word = "file" if len(self.read) == 1 else "files"
            parts.append(f"<div class='kit-upload-ok'>Read {len(self.read)} {word}: "
                         f"{names}.</div>")
        for name, reason in self.failed:
            parts.append(f"<div class='kit-upload-failed'>✗ {html.escape(name)}: "
                         f"{html.escape(reason)}</div>")
        return "".join(parts)


def _safe_name(name: str) -> str:
    name = Path(urllib.parse.unquote(name or "upload.txt")).name
    return re.sub(r"[^\w.\- ]+", "_", name).strip() or "upload.txt"


def limit_reason(index: int, n_bytes: int, total_before: int, *,
                 max_bytes: int = MAX_UPLOAD_BYTES, max_files: int = MAX_UPLOAD_FILES,
                 max_total: int = MAX_UPLOAD_TOTAL) -> str | None:
    """Why the ``index``-th file of an upload (0-based, ``n_bytes`` long, after
    ``total_before`` bytes of accepted files) is refused unread; None if it is accepted.

    The page applies the same rules before sending (see :class:`FilePicker`).
    """
    if index >= max_files:
        return (f"not read: at most {max_files} files per upload. Upload the rest "
                "separately, or read a folder with `turnkit dashboard PATH`.")
    if n_bytes > max_bytes:
        return (f"the file is {size_text(n_bytes)}; the limit is {size_text(max_bytes)} per "
                "file. Read large sets with `turnkit dashboard PATH` instead.")
    if total_before + n_bytes > max_total:
        return (f"not read: the upload would pass {size_text(max_total)} in all. Upload it "
                "separately, or read a folder with `turnkit dashboard PATH`.")
    return None


def read_uploads(files: Sequence[tuple[str, bytes]], *, max_bytes: int = MAX_UPLOAD_BYTES,
                 max_files: int = MAX_UPLOAD_FILES, max_total: int = MAX_UPLOAD_TOTAL,
                 refused: Sequence[tuple[str, str]] = ()) -> UploadResult:
    """Read uploaded ``(file name, content)`` pairs into one corpus, one message per failure.

    Each file is read on its own, so a bad file fails alone with the reader's message (which
    names the problem and the fix); files past the limits (:func:`limit_reason`) are
    refused unread. ``refused``: ``(name, reason)`` of files the page did not send.
    """
    from kit.read.read import read_transcript

    result = UploadResult(corpus=None, failed=list(refused))
    corpora: list[Corpus] = []
    used: set[str] = set()
    total = 0
    with tempfile.TemporaryDirectory(prefix="turnkit-upload-") as tmp:
        for i, (name, content) in enumerate(files):
            safe = _safe_name(name)
            # The page applied the limits (``refused``); this is the net for what it sent.
            why = limit_reason(i, len(content), total, max_bytes=max_bytes,
                               max_files=max_files, max_total=max_total)
            if why is not None:
                result.failed.append((name, why))
                continue
            total += len(content)
            if not content.strip():
                result.failed.append((name, "the file is empty."))
                continue
            stem = Path(safe).stem
            doc_id, n = f"upload/{stem}", 1
            while doc_id in used:
                n += 1
                doc_id = f"upload/{stem}-{n}"
            path = Path(tmp) / f"{len(used)}-{safe}"
            path.write_bytes(bytes(content))
            try:
                with warnings.catch_warnings(record=True):
                    warnings.simplefilter("always")
                    corpus = read_transcript(path, doc_id=doc_id)
            except KitError as exc:
                result.failed.append((name, str(exc).replace(str(path), name)))
                continue
            except Exception as exc:  # noqa: BLE001 - a reader bug must not take the page down
                result.failed.append((name, f"could not be read ({type(exc).__name__}: {exc})."))
                continue
            used.add(doc_id)
            # Untitled files are shown by their own name, not by the internal "upload/" id.
            docs = corpus.documents
            docs[s.TITLE] = docs[s.TITLE].astype(object).where(docs[s.TITLE].notna(), name)
            corpora.append(corpus)
            result.read.append(name)
    if corpora:
        result.corpus = concat(corpora)
    return result


class FilePicker(anywidget.AnyWidget):
    """A button that opens the file dialog and sends the chosen files to the kernel.

    Files past the limits are not sent: the page says at once which and why, and tells the
    kernel (``refused``). The others go in chunks of :data:`CHUNK_BYTES`; when all have
    arrived, ``on_files(files, refused)`` is called with ``[(name, bytes)]`` and
    ``[(name, reason)]``.
    """

    _esm = """
    function sizeText(n) {
      return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : (n / 1024).toFixed(1) + " KB";
    }
    function reason(i, size, before, m) {
      if (i >= m.get("max_files"))
        return "not read: at most " + m.get("max_files") + " files per upload. Upload the rest "
          + "separately, or read a folder with `turnkit dashboard PATH`.";
      if (size > m.get("max_bytes"))
        return "the file is " + sizeText(size) + "; the limit is " + sizeText(m.get("max_bytes"))
          + " per file. " + m.get("too_big");
      if (before + size > m.get("max_total"))
        return "not read: the upload would pass " + sizeText(m.get("max_total")) + " in all. "
          + "Upload it separately, or read a folder with `turnkit dashboard PATH`.";
      return null;
    }
    function render({ model, el }) {
      const input = document.createElement("input");
      input.type = "file";
      input.multiple = model.get("multiple");
      input.accept = model.get("accept");
      input.style.display = "none";
      const button = document.createElement("button");
      button.className = "jupyter-widgets jupyter-button widget-button kit-upload-button";
      button.textContent = model.get("description");
      const status = document.createElement("div");
      status.className = "kit-upload-status";
      button.addEventListener("click", () => input.click());
      input.addEventListener("change", async () => {
        const files = Array.from(input.files);
        input.value = "";  // the same files chosen again are sent again
        if (!files.length) return;
        const refused = [], accepted = [];
        let total = 0;
        files.forEach((f, i) => {
          const why = reason(i, f.size, total, model);
          if (why) { refused.push([f.name, why]); } else { total += f.size; accepted.push(f); }
        });
        status.textContent = refused.length
          ? refused.map(([n, r]) => "✗ " + n + ": " + r).join("\\n") : "";
        button.disabled = true;
        model.send({ event: "start", n_files: accepted.length, refused });
        const chunk = model.get("chunk_bytes");
        for (let i = 0; i < accepted.length; i++) {
          const f = accepted[i];
          status.textContent = `Sending ${f.name} (${i + 1} of ${accepted.length})…`;
          const data = await f.arrayBuffer();
          for (let at = 0; at < Math.max(data.byteLength, 1); at += chunk) {
            model.send({ event: "chunk", index: i, name: f.name, size: data.byteLength },
                       undefined, [data.slice(at, at + chunk)]);
          }
        }
        model.send({ event: "done", refused });
        status.textContent = refused.length
          ? refused.map(([n, r]) => "✗ " + n + ": " + r).join("\\n") : "";
        button.disabled = false;
      });
      el.appendChild(button);
      el.appendChild(input);
      el.appendChild(status);
    }
    export default { render };
    """
    description = traitlets.Unicode("Upload transcripts").tag(sync=True)
    accept = traitlets.Unicode(",".join(UPLOAD_SUFFIXES)).tag(sync=True)
    #: Whether the file dialog lets several files be chosen at once.
    multiple = traitlets.Bool(True).tag(sync=True)
    #: What to do instead, said after "the file is N MB; the limit is M per file."
    too_big = traitlets.Unicode(
        "Read large sets with `turnkit dashboard PATH` instead.").tag(sync=True)
    max_bytes = traitlets.Int(MAX_UPLOAD_BYTES).tag(sync=True)
    max_files = traitlets.Int(MAX_UPLOAD_FILES).tag(sync=True)
    max_total = traitlets.Int(MAX_UPLOAD_TOTAL).tag(sync=True)
    chunk_bytes = traitlets.Int(CHUNK_BYTES).tag(sync=True)

    def __init__(self, on_files: Callable[[list[tuple[str, bytes]], list[tuple[str, str]]],
                                          None], **kwargs) -> None:
        super().__init__(**kwargs)
        self.on_files = on_files
        self._parts: dict[int, tuple[str, int, list[bytes]]] = {}
        self._refused: list[tuple[str, str]] = []
        self.on_msg(self._on_msg)

    def _on_msg(self, widget: object, content: dict, buffers: list) -> None:
        event = content.get("event") if isinstance(content, dict) else None
        if event == "start":
            self._parts = {}
            self._refused = [(str(n), str(r)) for n, r in content.get("refused", [])]
        elif event == "chunk":
            i = int(content["index"])
            if not 0 <= i < self.max_files:  # the page sends no more; a client might
                return
            name, size, parts = self._parts.setdefault(
                i, (str(content["name"]), int(content["size"]), []))
            received = sum(len(p) for p in parts)
            if received < max(size, 0) and received <= self.max_bytes:  # never past a limit
                parts.extend(bytes(b) for b in buffers)
        elif event == "done":
            files = [(name, b"".join(parts)) for _, (name, _, parts) in sorted(
                self._parts.items())]
            refused = ([(str(n), str(r)) for n, r in content["refused"]]
                       if "refused" in content else self._refused)
            self._parts, self._refused = {}, []
            self.on_files(files, refused)


class UploadBox(w.VBox):
    """A file-upload control that reads transcripts and hands the corpus to ``on_corpus``."""

    def __init__(self, on_corpus: Callable[[Corpus], None], *,
                 max_bytes: int = MAX_UPLOAD_BYTES, max_files: int = MAX_UPLOAD_FILES,
                 max_total: int = MAX_UPLOAD_TOTAL) -> None:
        self.on_corpus = on_corpus
        self.max_bytes, self.max_files, self.max_total = max_bytes, max_files, max_total
        self.upload = FilePicker(self._on_files, max_bytes=max_bytes, max_files=max_files,
                                 max_total=max_total)
        self.upload.add_class("kit-upload")
        self.message = w.HTML(
            f"<small>Your own files: up to {max_files} at a time, {size_text(max_bytes)} "
            f"each and {size_text(max_total)} in all (text, PDF, Word, HTML, Markdown, VTT/SRT, "
            "JSON, CSV, RSS, and parliaments' XML: ParlaMint, Bundestag, Hansard …).</small>")
        self.message.add_class("kit-upload-message")
        super().__init__([self.upload, self.message])

    def _on_files(self, files: list[tuple[str, bytes]], refused: list[tuple[str, str]]) -> None:
        if not files and not refused:
            return
        result = read_uploads(files, max_bytes=self.max_bytes, max_files=self.max_files,
                              max_total=self.max_total, refused=refused)
        self.message.value = result.message_html()
        if result.corpus is not None:
            self.on_corpus(result.corpus)

    def _on_upload(self, change: dict) -> None:
        """Read ``change["new"]``: file dicts (``name``, ``content``) as ipywidgets'
        FileUpload gives them (for code that drives the box without a page)."""
        self._on_files([(f["name"], bytes(f["content"])) for f in change["new"]], [])
