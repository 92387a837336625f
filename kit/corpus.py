"""The Corpus: the kit's tables for a set of transcripts, side by side."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError

if TYPE_CHECKING:
    from kit.terms.term_codes import TermCodes


class Corpus:
    """Tables of one set of transcripts.

    Attributes
    ----------
    documents
        One row per transcript (key ``doc_id``).
    turns
        One row per speaker turn (key ``doc_id, turn_id``).
    phrases
        One row per sentence-like phrase (key ``doc_id, turn_id, phrase_id``).
    stage_directions
        One row per stage direction found in a turn, such as ``(Laughter.)``.
    tokens
        One row per token, built on first use from ``phrases``.
    term_codes
        Each token's phrase and term only, built on first use: counts of a Corpus whose
        ``tokens`` are not built use it (a sixth of the memory).
    speakers
        One row per canonical speaker (key ``speaker``): ``person_id``, ``party``, ``role``
        (their most frequent turn role) and any other attribute the files give. Counts,
        keyness and term usage accept its columns as groups (``by="party"``).
    skipped
        One row per file a folder read skipped (``source``, ``error``).
    """

    def __init__(self, documents: pd.DataFrame, turns: pd.DataFrame, phrases: pd.DataFrame,
                 stage_directions: pd.DataFrame | None = None,
                 skipped: pd.DataFrame | None = None, *,
                 speakers: pd.DataFrame | None = None) -> None:
        self.documents = documents
        self.turns = turns
        self.phrases = phrases
        if stage_directions is None:
            stage_directions = pd.DataFrame({c: [] for c in s.STAGE_DIRECTION_COLUMNS})
        self.stage_directions = stage_directions
        if skipped is None:
            skipped = pd.DataFrame({"source": [], "error": []}, dtype="str")
        self.skipped = skipped
        if speakers is None:
            speakers = speakers_of(turns)
        self.speakers = speakers

    def __repr__(self) -> str:
        n_speakers = self.turns[s.SPEAKER].nunique() if len(self.turns) else 0
        return (f"<Corpus: {len(self.documents)} documents, {len(self.turns)} turns, "
                f"{len(self.phrases)} phrases, {n_speakers} speakers>")

    def __len__(self) -> int:
        return len(self.documents)

    @cached_property
    def tokens(self) -> pd.DataFrame:
        """One row per token of ``phrases`` (see :func:`kit.tokenize`)."""
        from kit.terms.tokens import tokenize

        return tokenize(self.phrases, stage_directions=self.stage_directions)

    @cached_property
    def term_codes(self) -> TermCodes:
        """Each token's phrase and term code, without the tokens table: what
        :func:`kit.count_terms` and :func:`kit.term_usage` count when ``tokens`` is not built
        (see :mod:`kit.terms.term_codes`)."""
        from kit.terms.term_codes import term_codes

        return term_codes(self.phrases, stage_directions=self.stage_directions)

    @property
    def speaker_names(self) -> list[str]:
        """Canonical speakers in order of first appearance."""
        return list(self.turns[s.SPEAKER].cat.categories)

    def __add__(self, other: Corpus) -> Corpus:
        return concat([self, other])

    _TABLES = ("documents", "turns", "phrases", "stage_directions", "skipped", "speakers")

    def to_parquet(self, folder: str | os.PathLike[str], *, tokens: bool = False) -> Path:
        """Write the tables as Parquet files into ``folder`` (created if needed).

        Reading them back with :meth:`Corpus.from_parquet` is much faster than
        reading the transcripts again, and keeps dtypes (categorical speakers).
        With ``tokens`` the tokens table is written too (built first if need be).
        """
        return self._write_tables(folder, "parquet", tokens=tokens)

    def to_feather(self, folder: str | os.PathLike[str], *, tokens: bool = False) -> Path:
        """Write the tables as uncompressed Arrow IPC (Feather) files into ``folder``.

        Larger on disk than :meth:`to_parquet` (about 3x), but :meth:`Corpus.from_feather`
        maps them into memory instead of decoding them: opening takes a tenth of the time,
        and processes that open the same files share their memory.
        """
        return self._write_tables(folder, "feather", tokens=tokens)

    def _write_tables(self, folder: str | os.PathLike[str], fmt: str, *, tokens: bool) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        objects = {}
        for name in self._TABLES + (("tokens",) if tokens else ()):
            table = getattr(self, name)
            if s.STAGE_DIRECTIONS in table.columns:
                table = table.assign(**{s.STAGE_DIRECTIONS: table[s.STAGE_DIRECTIONS].map(list)})
            if fmt == "parquet":
                table.to_parquet(folder / f"{name}.parquet", index=False)
            else:
                _write_one_batch(table, folder / f"{name}.feather")
            objects[name] = [c for c in table.columns if table[c].dtype == object
                             and c != s.STAGE_DIRECTIONS]
        # Arrow has no "object" dtype: note the columns to restore (e.g. all-None ones)
        (folder / "object_columns.json").write_text(json.dumps(objects))
        return folder

    @classmethod
    def from_parquet(cls, folder: str | os.PathLike[str]) -> Corpus:
        """Read tables written by :meth:`Corpus.to_parquet` (tokens too, if written)."""
        return cls._read_tables(folder, "parquet")

    @classmethod
    def from_feather(cls, folder: str | os.PathLike[str]) -> Corpus:
        """Read tables written by :meth:`Corpus.to_feather` (tokens too, if written).

        The files are memory-mapped, so the tables' columns are read-only views of them:
        assign new columns rather than writing into these in place.
        """
        return cls._read_tables(folder, "feather")

    @classmethod
    def _read_tables(cls, folder: str | os.PathLike[str], fmt: str) -> Corpus:
        folder = Path(folder)
        missing = [n for n in cls._TABLES[:3] if not (folder / f"{n}.{fmt}").is_file()]
        if missing:
            writer = "to_parquet" if fmt == "parquet" else "to_feather"
            raise KitError(f"{folder}: no {missing[0]}.{fmt} here. Fix: pass a folder written "
                           f"by Corpus.{writer}().")
        names = [n for n in (*cls._TABLES, "tokens") if (folder / f"{n}.{fmt}").is_file()]
        if fmt == "parquet":
            tables = {n: pd.read_parquet(folder / f"{n}.parquet") for n in names}
        else:
            from pyarrow import feather

            # split_blocks: one block per column, so columns stay views of the mapped file.
            tables = {n: feather.read_table(folder / f"{n}.feather", memory_map=True)
                      .to_pandas(split_blocks=True) for n in names}
        marks = folder / "object_columns.json"
        for name, columns in (json.loads(marks.read_text()) if marks.is_file() else {}).items():
            for column in columns:
                values = tables[name][column].astype(object)
                tables[name][column] = values.where(values.notna(), None)
        turns = tables["turns"]
        if s.STAGE_DIRECTIONS in turns.columns:
            turns[s.STAGE_DIRECTIONS] = turns[s.STAGE_DIRECTIONS].map(tuple)
        token_table = tables.pop("tokens", None)
        speakers = tables.pop("speakers", None)
        if speakers is not None and s.SPEAKER in turns.columns:
            speakers[s.SPEAKER] = speakers[s.SPEAKER].astype(object).astype(
                turns[s.SPEAKER].dtype)
        corpus = cls(**tables, speakers=speakers)
        if token_table is not None:
            corpus.__dict__["tokens"] = token_table  # the cached property, filled
        return corpus


def _write_one_batch(table: pd.DataFrame, path: Path) -> None:
    """Write ``table`` as an uncompressed Feather file of one record batch where it can.

    Mapped back, each column is then one view of the file: not a copy, and not chunks that
    pyarrow's ``take`` would concatenate on every call (a table page of a 100 MB corpus read
    in 53 chunks took 65 ms per text column). String columns past 2 GB in 32-bit offsets
    cannot be one chunk; they stay in several.
    """
    import pyarrow as pa
    from pyarrow import feather

    arrow = pa.Table.from_pandas(table.reset_index(drop=True), preserve_index=False)
    try:
        arrow = arrow.combine_chunks()
    except pa.ArrowInvalid:  # offset overflow
        pass
    feather.write_feather(arrow, path, compression="uncompressed",
                          chunksize=max(1, arrow.num_rows))


def table_of(data: Corpus | pd.DataFrame, name: str) -> pd.DataFrame:
    """``data`` itself, or the table ``name`` of a :class:`Corpus`."""
    return getattr(data, name) if isinstance(data, Corpus) else data


def require_columns(frame: pd.DataFrame, columns: list[str], *, what: str, hint: str) -> None:
    """Raise a KitError naming the missing columns of ``frame`` and what to do."""
    if not isinstance(frame, pd.DataFrame):
        raise KitError(f"{what} must be a pandas DataFrame, not {type(frame).__name__}. {hint}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns[:12]))
        raise KitError(f"{what} has no column {missing[0]!r} (columns: {have}). {hint}")


def main_role_codes(who: np.ndarray, what: np.ndarray, *, n_speakers: int,
                    roles: np.ndarray) -> np.ndarray:
    """Each speaker's most frequent role, as codes (ties: the first role in name order).

    ``who`` and ``what`` hold one speaker and one role code per turn (-1: missing, not
    counted); ``roles`` names the role codes. Out, one code per speaker, -1 for a speaker
    without a counted turn. Leave out the turns that should not count (``unknown`` roles).
    """
    best = np.full(n_speakers, -1, dtype=np.int64)
    counted = (who >= 0) & (what >= 0)
    if not counted.any():
        return best
    # (speaker, role) counts by codes: no Python object per turn (a ParlaMint corpus has 1e5)
    by_name = np.argsort(roles, kind="stable")  # ties go to the first role in name order
    counts = np.bincount(who[counted] * len(roles) + what[counted],
                         minlength=n_speakers * len(roles)).reshape(n_speakers, len(roles))
    have = counts.any(axis=1)
    best[have] = by_name[counts[have][:, by_name].argmax(axis=1)]
    return best


def main_roles(speaker: pd.Series, role: pd.Series) -> pd.Series:
    """Each speaker's most frequent known role (ties: the first in name order).

    One row per turn in; out, a Series indexed by speaker. ``unknown`` roles do not count.
    """
    known = (role != s.ROLE_UNKNOWN).to_numpy()
    who, names = pd.factorize(speaker[known])
    what, found = pd.factorize(role[known])
    roles = np.asarray(found, dtype=object)
    best = main_role_codes(who, what, n_speakers=len(names), roles=roles)
    have = best >= 0
    if not have.any():
        return pd.Series(dtype=object)
    return pd.Series(roles[best[have]], index=np.asarray(names, dtype=object)[have])


def speakers_of(turns: pd.DataFrame) -> pd.DataFrame:
    """A speakers table from the turns alone: each speaker and their most frequent role."""
    if s.SPEAKER not in turns.columns:
        return pd.DataFrame({c: [] for c in s.SPEAKER_COLUMNS})
    speaker = turns[s.SPEAKER]
    names = list(speaker.cat.categories) if isinstance(speaker.dtype, pd.CategoricalDtype) \
        else list(dict.fromkeys(speaker))
    role = turns[s.ROLE] if s.ROLE in turns.columns else \
        pd.Series(s.ROLE_UNKNOWN, index=turns.index)
    if isinstance(speaker.dtype, pd.CategoricalDtype) and \
            isinstance(role.dtype, pd.CategoricalDtype):
        # both coded (as read): count the codes, no string per turn
        roles = np.asarray(role.cat.categories, dtype=object)
        what = role.cat.codes.to_numpy().astype(np.int64)
        what[np.isin(what, np.flatnonzero(roles == s.ROLE_UNKNOWN))] = -1  # not counted
        best = main_role_codes(speaker.cat.codes.to_numpy().astype(np.int64), what,
                               n_speakers=len(names), roles=roles)
        main = [roles[b] if b >= 0 else s.ROLE_UNKNOWN for b in best]
    else:
        by_name = main_roles(speaker.astype(object), role.astype(object))
        main = [by_name.get(n, s.ROLE_UNKNOWN) for n in names]
    return pd.DataFrame({
        s.SPEAKER: pd.Categorical(names, dtype=speaker.dtype)
        if isinstance(speaker.dtype, pd.CategoricalDtype) else names,
        s.PERSON_ID: pd.array([None] * len(names), dtype="str"),
        s.PARTY: pd.array([None] * len(names), dtype="str"),
        s.ROLE: pd.Categorical(main, categories=s.ROLES),
    })


def _union_categories(frames: list[pd.DataFrame], column: str) -> list:
    seen: dict = {}
    for frame in frames:
        col = frame[column]
        values = col.cat.categories if isinstance(col.dtype, pd.CategoricalDtype) else col.unique()
        for value in values:
            seen.setdefault(value, None)
    return list(seen)


def concat(corpora: Iterable[Corpus]) -> Corpus:
    """Combine corpora into one; ``doc_id`` values must not repeat.

    Speaker categories keep their order of first appearance across the inputs.
    """
    corpora = list(corpora)
    if not corpora:
        raise KitError("concat() needs at least one Corpus.")
    ids = pd.concat([c.documents[s.DOC_ID] for c in corpora], ignore_index=True)
    dup = ids[ids.duplicated()]
    if len(dup):
        raise KitError(
            f"The corpora share doc_id {dup.iloc[0]!r} (and {len(dup) - 1} more). "
            "Fix: read each set with a distinct id_prefix=, e.g. read_transcripts(path, "
            "id_prefix='set2/')."
        )

    def cat(name: str, categorical: tuple[str, ...] = ()) -> pd.DataFrame:
        frames = [getattr(c, name) for c in corpora]
        frames = [f for f in frames if len(f.columns)]
        out = pd.concat(frames, ignore_index=True)
        for column in categorical:
            if column in out.columns:
                out[column] = pd.Categorical(
                    out[column].astype(object), categories=_union_categories(frames, column)
                )
        return out

    turns = cat("turns", (s.SPEAKER, s.ROLE))
    speakers = cat("speakers", (s.ROLE,))
    # A speaker in several corpora keeps the first one's row.
    speakers = speakers.drop_duplicates(s.SPEAKER).reset_index(drop=True)
    if s.SPEAKER in turns.columns:
        speakers[s.SPEAKER] = speakers[s.SPEAKER].astype(object).astype(turns[s.SPEAKER].dtype)
    return Corpus(
        cat("documents"),
        turns,
        cat("phrases", (s.SPEAKER,)),
        cat("stage_directions"),
        cat("skipped"),
        speakers=speakers,
    )
