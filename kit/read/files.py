"""Which files a source names: a folder, a glob, a file or a list (no heavy imports).

Used by the reader and by ``turnkit dashboard`` (which must list a folder quickly to know
whether its cached tables are current).
"""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence
from pathlib import Path

from kit.errors import KitError, TranscriptError

PathLike = str | os.PathLike[str]


def expand_sources(source: PathLike | Sequence[PathLike]) -> tuple[list[Path], Path | None]:
    """The transcript files a folder, glob, file or list names, and the folder they are under.

    Folders are read recursively, leaving out hidden files and folders and the usual
    non-transcripts (``README.md``, ``SOURCES.md``, ``LICENSE``).
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in
                                           p.relative_to(path).parts)
                and p.name not in ("SOURCES.md", "README.md", "LICENSE")
            )
            return files, path
        if path.is_file():
            return [path], path.parent
        matches = sorted(Path(p) for p in glob.glob(str(source), recursive=True))
        files = [p for p in matches if p.is_file() and not p.name.startswith(".")]
        if not files:
            raise KitError(f"{source}: no such file or folder, and no file matches it as a glob. "
                           "Fix: check the path.")
        fixed = []
        for part in Path(source).parts:
            if glob.has_magic(part):
                break
            fixed.append(part)
        root = Path(*fixed) if fixed else Path(".")
        return files, root
    files = [Path(p) for p in source]
    missing = [p for p in files if not p.is_file()]
    if missing:
        raise TranscriptError(missing[0], "The file does not exist.", "Check the path.")
    common = Path(os.path.commonpath([str(p.parent.resolve()) for p in files])) if files else None
    return [p.resolve() for p in files], common
