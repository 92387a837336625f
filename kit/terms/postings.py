"""A keyword index of a Parquet dataset: which turns use each term, for answers in well under a
second on a dataset larger than memory (a dashboard's keyword change).

Built once per batch beside the dataset's tables (``postings/`` and ``turn_index/``):

- ``postings``: one row per term per turn that uses it (``term``, ``turn_row``, ``n``,
  ``is_stopword``), sorted by term, so the Parquet statistics skip every row group but the
  term's own;
- ``turn_index``: one row per turn (``turn_row``, ``doc_id``, ``turn_id``, ``speaker``,
  ``date``) with the rows of its tokens and phrases in their files, loaded into memory
  (about 40 bytes a turn).

A keyword's counts by speaker or period are sums over its postings; a page of hits in context
reads only the row groups holding the page's turns and runs :func:`kit.kwic` on them, so it
equals the in-memory result for those turns.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from kit import schema as s
from kit.corpus import Corpus
from kit.read.dataset import dataset_info, read_speakers
from kit.terms.kwic import KWIC_COLUMNS
from kit.terms.kwic import kwic as kwic_in_memory
from kit.terms.query import vocabulary_masks

__all__ = ["KeywordIndex", "turn_filter"]

_POSTINGS_ROWS = 64_000  # smaller row groups: a term's postings are read, not a file's


def _sql_path(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def turn_filter(where: str, params: list[object], *,
                speakers: Iterable[str] | None = None,
                doc_ids: Iterable[str] | None = None) -> tuple[str, list[object]]:
    """A WHERE clause over postings ``p`` joined to ``turn_index i``: ``where`` (with its
    ``params``) and, when given, the turns' speakers and documents; and all its parameters."""
    clauses, params = [where], list(params)
    if speakers is not None:
        clauses.append("i.speaker IN (SELECT unnest(?))")
        params.append(list(speakers))
    if doc_ids is not None:
        clauses.append("i.doc_id IN (SELECT unnest(?))")
        params.append([str(d) for d in doc_ids])
    return " AND ".join(clauses), params


class KeywordIndex:
    """The keyword index of a dataset with tokens (built on first use, then reused).

    Parameters
    ----------
    folder
        The dataset.
    memory_limit
        DuckDB's memory limit while building and querying.
    """

    def __init__(self, folder: str | os.PathLike[str], *, memory_limit: str = "1GB") -> None:
        import duckdb

        self.folder = Path(folder)
        self.batches = dataset_info(folder)["batches"]
        self.con = duckdb.connect(
            config={
                "memory_limit": memory_limit,
                "temp_directory": str(self.folder / ".duckdb_tmp"),
            }
        )
        # In a dashboard's kernel DuckDB would draw its progress bar into the page.
        self.con.execute("SET enable_progress_bar = false")
        for batch in self.batches:
            path = self.folder / "postings" / f"{batch}.parquet"
            # Postings written before they had is_stopword are written again.
            if not path.is_file() or "is_stopword" not in pq.read_schema(path).names:
                self._build(batch)
        files = ", ".join(
            _sql_path(self.folder / "postings" / f"{b}.parquet") for b in self.batches
        )
        self.con.execute(
            f"CREATE VIEW postings AS SELECT *, parse_filename(filename, true) "
            f"AS batch FROM read_parquet([{files}], filename=true)"
        )
        parts = [
            pd.read_parquet(self.folder / "turn_index" / f"{b}.parquet").assign(batch=b)
            for b in self.batches
        ]
        self.turns = pd.concat(parts, ignore_index=True)
        self.speakers = read_speakers(folder)
        self.speaker_dtype = self.speakers[s.SPEAKER].dtype
        self._vocabulary: pd.Index | None = None
        self._files: dict[tuple[str, str], tuple[pq.ParquetFile, np.ndarray]] = {}
        self._term_ranges: dict[str, tuple[pq.ParquetFile, np.ndarray, np.ndarray]] = {}
        self._tables: dict[tuple[str, str], pd.DataFrame] = {}
        self.turns[s.SPEAKER] = self.turns[s.SPEAKER].astype(self.speaker_dtype)
        #: Where each batch's turns start in :attr:`turns` (a turn's row there: offset + turn_row).
        sizes = self.turns.groupby("batch", sort=False).size().reindex(self.batches).fillna(0)
        self.offsets = dict(
            zip(
                self.batches,
                np.concatenate([[0], np.cumsum(sizes)])[:-1].astype(np.int64),
                strict=True,
            )
        )
        # A table of DuckDB's own: a registered DataFrame is converted again on every query.
        self.con.register(
            "turn_frame", self.turns[["batch", "turn_row", s.DOC_ID, s.SPEAKER, s.DATE]]
        )
        self.con.execute("CREATE TABLE turn_index AS SELECT * FROM turn_frame")
        self.con.unregister("turn_frame")

    def _build(self, batch: str) -> None:
        """Write the postings and the turn index of one batch."""
        f = {
            name: _sql_path(self.folder / name / f"{batch}.parquet")
            for name in ("tokens", "turns", "phrases")
        }
        for name in ("postings", "turn_index"):
            (self.folder / name).mkdir(exist_ok=True)
        turn_rows = (
            f"(SELECT doc_id, turn_id, file_row_number::INT AS turn_row, speaker, date "
            f"FROM read_parquet({f['turns']}, file_row_number=true))"
        )
        # Each file whole or not at all, the turn index first: the postings' file says the
        # batch is indexed (a second process opening the dataset meanwhile builds its own).
        tmp = {
            name: self.folder / name / f"{batch}.parquet.tmp{os.getpid()}"
            for name in ("postings", "turn_index")
        }
        spans = """(SELECT doc_id, turn_id, min(file_row_number) AS {0}_start,
                    max(file_row_number) + 1 AS {0}_end FROM read_parquet({1},
                    file_row_number=true) GROUP BY ALL)"""
        self.con.execute(f"""
            COPY (SELECT r.turn_row, r.doc_id, r.turn_id, r.speaker::VARCHAR AS speaker, r.date,
                         coalesce(k.tokens_start, 0) AS tokens_start,
                         coalesce(k.tokens_end, 0) AS tokens_end,
                         coalesce(p.phrases_start, 0) AS phrases_start,
                         coalesce(p.phrases_end, 0) AS phrases_end
                  FROM {turn_rows} r
                  LEFT JOIN {spans.format("tokens", f["tokens"])} k USING (doc_id, turn_id)
                  LEFT JOIN {spans.format("phrases", f["phrases"])} p USING (doc_id, turn_id)
                  ORDER BY r.turn_row)
            TO {_sql_path(tmp["turn_index"])}
            (FORMAT parquet, COMPRESSION zstd)""")
        os.replace(tmp["turn_index"], self.folder / "turn_index" / f"{batch}.parquet")
        self.con.execute(f"""
            COPY (SELECT t.term, r.turn_row, count(*)::INT AS n,
                         bool_or(coalesce(t.is_stopword, false)) AS is_stopword
                  FROM read_parquet({f["tokens"]}) t JOIN {turn_rows} r USING (doc_id, turn_id)
                  WHERE t.term IS NOT NULL GROUP BY ALL ORDER BY t.term, r.turn_row)
            TO {_sql_path(tmp["postings"])}
            (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {_POSTINGS_ROWS})""")
        os.replace(tmp["postings"], self.folder / "postings" / f"{batch}.parquet")

    def size_bytes(self) -> int:
        """Bytes the index takes on disk."""
        return sum(
            p.stat().st_size
            for name in ("postings", "turn_index")
            for p in (self.folder / name).glob("*.parquet")
        )

    # -- queries ------------------------------------------------------------------------------
    def counts(self, term: str, *, by: str = s.SPEAKER, freq: str | None = None) -> pd.DataFrame:
        """Uses of a word by speaker (``by="speaker"``) or by period of ``date`` (``freq``).

        Returns
        -------
        DataFrame
            One row per group that uses the word: the group column and ``n``.
        """
        words = self._matching(term)
        if freq is not None:
            unit = {"D": "day", "M": "month", "Y": "year"}[freq]
            group = f"date_trunc('{unit}', i.date)::TIMESTAMP"
            by = s.DATE
        else:
            group = f"i.{by}"
        return self.con.execute(
            f"SELECT {group} AS {by}, sum(p.n)::BIGINT AS n FROM postings p JOIN turn_index i "
            f"USING (batch, turn_row) WHERE p.term IN (SELECT unnest(?)) GROUP BY 1 ORDER BY 1",
            [words],
        ).df()

    def pair_counts(
        self, *, speakers: list[str] | None = None, doc_ids: list[str] | None = None
    ) -> pd.DataFrame:
        """Tokens per speaker and term, by ``speakers`` in ``doc_ids`` (default: all), summed
        from the postings (one scan; tokens are not read).

        Returns
        -------
        DataFrame
            One row per speaker per term it uses: ``speaker`` (text), ``term``,
            ``is_stopword`` and ``n`` (int64), in no particular order.
        """
        where, params = turn_filter("true", [], speakers=speakers, doc_ids=doc_ids)
        return self.con.execute(
            f"SELECT i.speaker::VARCHAR AS speaker, p.term, bool_or(p.is_stopword) AS "
            f"is_stopword, sum(p.n)::BIGINT AS n FROM postings p JOIN turn_index i USING "
            f"(batch, turn_row) WHERE {where} GROUP BY ALL",
            params,
        ).df()

    def kwic_page(
        self,
        query: str,
        *,
        speakers: list[str] | None = None,
        page: int = 0,
        turns_per_page: int = 20,
        window: int = 60,
    ) -> pd.DataFrame:
        """The hits of ``query`` in one page of the turns that use its first word, in context
        (:func:`kit.kwic` on those turns: the same rows it gives on the corpus for them)."""
        first = self._matching(query)
        where, params = turn_filter("p.term IN (SELECT unnest(?))", [first],
                                    speakers=speakers or None)
        found = self.con.execute(
            f"SELECT DISTINCT p.batch, p.turn_row FROM postings p JOIN turn_index i "
            f"USING (batch, turn_row) WHERE {where} ORDER BY p.batch, p.turn_row "
            f"LIMIT {int(turns_per_page)} OFFSET {int(page) * int(turns_per_page)}",
            params,
        ).df()
        if found.empty:
            return pd.DataFrame({c: [] for c in KWIC_COLUMNS})
        return kwic_in_memory(self._subcorpus(found), query, speakers=speakers, window=window)

    def vocabulary(self) -> pd.Index:
        """The distinct terms (read once from the postings, where they come sorted)."""
        if self._vocabulary is None:
            terms = self.con.execute("SELECT DISTINCT term FROM postings").df()["term"]
            self._vocabulary = pd.Index(sorted(terms))
        return self._vocabulary

    def _matching(self, query: str) -> list[str]:
        """The terms the first word of ``query`` matches, as in memory (possessives folded,
        wildcards)."""
        mask = vocabulary_masks(query, self.vocabulary())[0]
        return list(self.vocabulary()[mask])

    def turn_counts(self, terms: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Uses of any of ``terms`` per turn: ``(rows, n)``, rows of :attr:`turns` (sorted)
        with the number of tokens of those terms in each.

        Reads only the postings row groups whose term range holds one of ``terms`` (the
        postings are sorted by term), without DuckDB: milliseconds for a rare word.
        """
        import pyarrow as pa
        import pyarrow.compute as pc

        wanted = sorted(set(terms))
        rows, counts = [], []
        for batch in self.batches if wanted else []:
            file, low, high = self._ranges(batch)
            # Row groups whose [min, max] term range holds a wanted term.
            first = np.searchsorted(wanted, low, side="left")
            last = np.searchsorted(wanted, high, side="right")
            groups = np.flatnonzero(last > first).tolist()
            if not groups:
                continue
            table = file.read_row_groups(groups, columns=["term", "turn_row", "n"])
            table = table.filter(pc.is_in(table.column("term"), pa.array(wanted)))
            rows.append(table.column("turn_row").to_numpy() + self.offsets[batch])
            counts.append(table.column("n").to_numpy())
        if not rows:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        row, n = np.concatenate(rows).astype(np.int64), np.concatenate(counts).astype(np.int64)
        order = np.argsort(row, kind="stable")
        row, n = row[order], n[order]
        # A turn using several of the terms has one posting per term: one row per turn.
        uniq, start = np.unique(row, return_index=True)
        return uniq, np.add.reduceat(n, start) if len(n) else n

    def _ranges(self, batch: str) -> tuple[pq.ParquetFile, np.ndarray, np.ndarray]:
        """A batch's postings file and each row group's lowest and highest term."""
        if batch not in self._term_ranges:
            file = pq.ParquetFile(self.folder / "postings" / f"{batch}.parquet")
            at = file.schema_arrow.get_field_index("term")
            stats = [
                file.metadata.row_group(i).column(at).statistics for i in range(file.num_row_groups)
            ]
            low = np.array([st.min for st in stats], dtype=object)
            high = np.array([st.max for st in stats], dtype=object)
            self._term_ranges[batch] = (file, low, high)
        return self._term_ranges[batch]

    def subcorpus(self, found: pd.DataFrame, *, phrases: bool = True) -> Corpus:
        """The documents, turns, phrases and tokens of some turns (``batch``, ``turn_row``;
        ``documents`` only those of the turns), read by row group, in corpus order.

        ``phrases=False`` leaves the phrases table empty (hits and their context come from
        the tokens and the turns' text: a third less to read).
        """
        return self._subcorpus(found, phrases=phrases)

    def _subcorpus(self, found: pd.DataFrame, *, phrases: bool = True) -> Corpus:
        """The tables of some turns (``batch``, ``turn_row``), read by row group."""
        meta = self.turns.merge(found, on=["batch", "turn_row"])
        names = ("turns", "tokens", "phrases") if phrases else ("turns", "tokens")
        tables: dict[str, list[pa.Table]] = {name: [] for name in names}
        documents = []
        for batch, rows in meta.groupby("batch", sort=True):
            spans = {
                "turns": (rows["turn_row"], rows["turn_row"] + 1),
                "tokens": (rows["tokens_start"], rows["tokens_end"]),
                "phrases": (rows["phrases_start"], rows["phrases_end"]),
            }
            for name in names:
                starts, ends = spans[name]
                tables[name].append(
                    self.read_row_table(name, str(batch), starts.to_numpy(), ends.to_numpy())
                )
            docs = self._documents(str(batch))
            documents.append(docs[docs[s.DOC_ID].isin(set(rows[s.DOC_ID]))])
        # One conversion per table (Arrow tables of the batches joined first).
        frames = {k: pa.concat_tables(v).to_pandas() for k, v in tables.items()}
        if not phrases:
            frames["phrases"] = frames["tokens"].iloc[:0][
                [c for c in (s.DOC_ID, s.TURN_ID, s.SPEAKER) if c in frames["tokens"]]
            ]
        frames["documents"] = pd.concat(documents, ignore_index=True)
        for name in ("turns", "tokens", "phrases"):
            frame = frames[name]
            frame[s.SPEAKER] = frame[s.SPEAKER].astype(object).astype(self.speaker_dtype)
        ids = pd.CategoricalDtype(frames["documents"][s.DOC_ID].astype(object).tolist())
        for name in ("tokens", "phrases"):  # as the reader makes them
            frames[name][s.DOC_ID] = pd.Categorical(
                frames[name][s.DOC_ID].astype(object), dtype=ids
            )
        turns = frames["turns"]
        turns[s.STAGE_DIRECTIONS] = turns[s.STAGE_DIRECTIONS].map(tuple)
        corpus = Corpus(frames["documents"], turns, frames["phrases"], speakers=self.speakers)
        corpus.__dict__["tokens"] = frames["tokens"]
        return corpus

    def _documents(self, batch: str) -> pd.DataFrame:
        """A batch's documents table (small: read once)."""
        key = ("documents", batch)
        if key not in self._tables:
            self._tables[key] = pd.read_parquet(self.folder / "documents" / f"{batch}.parquet")
        return self._tables[key]

    def read_rows(
        self,
        name: str,
        batch: str,
        starts: np.ndarray,
        ends: np.ndarray,
        columns: list[str] | None = None,
    ) -> pd.DataFrame:
        """Rows ``[start, end)`` of a batch's table (``turns``, ``tokens`` ...), reading only
        their row groups (and only ``columns``, default all)."""
        return self.read_row_table(name, batch, starts, ends, columns).to_pandas()

    def read_row_table(
        self,
        name: str,
        batch: str,
        starts: np.ndarray,
        ends: np.ndarray,
        columns: list[str] | None = None,
    ) -> pa.Table:
        """:meth:`read_rows` as an Arrow table (filter it before converting)."""
        key = (name, batch)
        if key not in self._files:
            file = pq.ParquetFile(self.folder / name / f"{batch}.parquet")
            sizes = [file.metadata.row_group(i).num_rows for i in range(file.num_row_groups)]
            self._files[key] = (file, np.concatenate([[0], np.cumsum(sizes)]))
        file, bounds = self._files[key]
        keep = ends > starts
        starts, ends = starts[keep], ends[keep]
        if not len(starts):
            empty = file.schema_arrow.empty_table()
            return empty if columns is None else empty.select(columns)
        first = np.searchsorted(bounds, starts, side="right") - 1
        last = np.searchsorted(bounds, ends - 1, side="right") - 1
        groups = sorted({g for a, b in zip(first, last, strict=True) for g in range(a, b + 1)})
        table = file.read_row_groups(groups, columns=columns)
        # Where each group's rows start in the table read.
        offset = dict(
            zip(groups, np.concatenate([[0], np.cumsum(np.diff(bounds)[groups])]), strict=False)
        )
        take = np.concatenate(
            [
                np.arange(a, b) - bounds[g] + offset[g]
                for a, b, g in zip(starts, ends, first, strict=True)
            ]
        )
        return table.take(take)
