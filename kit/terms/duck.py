"""Counts, term usage, keyword in context and keyness over a Parquet dataset, through DuckDB.

The dataset (:mod:`kit.read.dataset`, written with its tokens table) stays on disk: DuckDB
scans only the columns a query needs and spills to disk past ``memory_limit``, so a corpus
larger than memory is counted in one pass. Every result equals the in-memory function's on
the same corpus (``tests/terms/test_duck.py``): counts are made in SQL and then ordered and
typed as :func:`kit.count_terms` orders them; keyword search finds the turns that hold a
query's first word in SQL, loads only those turns and runs :func:`kit.kwic` on them; keyness
counts (group, term) pairs in SQL and scores them with :func:`kit.keyness`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import Corpus
from kit.errors import KitError
from kit.read.dataset import TABLES, dataset_info, read_speakers, table_files
from kit.terms.count import PER_1K, PER_1K_HIGH, PER_1K_LOW, N, add_interval, usage_table
from kit.terms.forms import CONTRACTIONS
from kit.terms.grouping import PERIODS
from kit.terms.keyness import keyness as keyness_in_memory
from kit.terms.kwic import KWIC_COLUMNS
from kit.terms.kwic import kwic as kwic_in_memory
from kit.terms.query import query_terms, vocabulary_masks

__all__ = ["DuckDataset"]

_TRUNC = {"D": "day", "M": "month", "Y": "year"}
# Columns a turn takes verbatim from its document (kit.read.build): joined from the smaller
# documents table when a query groups by them.
_FROM_DOCUMENT = {s.DATE, s.TITLE}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _files(paths: Sequence[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


class DuckDataset:
    """A Parquet dataset opened for queries through DuckDB (nothing is loaded up front).

    Parameters
    ----------
    folder
        A dataset written by :func:`kit.read.dataset.write_dataset` with ``tokens=True``.
    memory_limit
        DuckDB's memory limit (``"1GB"``); past it, grouping spills to ``temp_directory``.
    threads
        Threads DuckDB uses (default: all cores).
    temp_directory
        Where DuckDB spills (default: ``.duckdb_tmp`` inside ``folder``).
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        *,
        memory_limit: str = "1GB",
        threads: int | None = None,
        temp_directory: str | os.PathLike[str] | None = None,
    ) -> None:
        import duckdb

        self.folder = Path(folder)
        info = dataset_info(folder)
        if not info["tokens"]:
            raise KitError(
                f"{folder}: the dataset has no tokens table, which the DuckDB engine "
                "counts from. Fix: write it with `turnkit read SOURCE --out DIR "
                "--tokens` (or write_dataset(..., tokens=True))."
            )
        config: dict[str, str | bool | int | float | list[str]] = {
            "memory_limit": memory_limit,
            "temp_directory": str(temp_directory or self.folder / ".duckdb_tmp"),
        }
        if threads:
            config["threads"] = str(threads)
        self.con = duckdb.connect(config=config)
        self.columns: dict[str, list[str]] = {}
        for name in (*TABLES, "tokens"):
            files = table_files(folder, name)
            if not files:
                continue
            # filename + file_row_number: the corpus order (batches sort by name).
            self.con.execute(
                f"CREATE VIEW {name} AS SELECT * FROM read_parquet("
                f"{_files(files)}, filename=true, file_row_number=true)"
            )
            described = self.con.execute(f"DESCRIBE {name}").fetchall()
            self.columns[name] = [
                row[0] for row in described if row[0] not in ("filename", "file_row_number")
            ]
        self._speakers: pd.DataFrame | None = None
        self._vocabulary: pd.Index | None = None
        self._doc_ids: pd.CategoricalDtype | None = None

    def __repr__(self) -> str:
        return f"<DuckDataset {self.folder}>"

    def sql(self, query: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Run SQL over the views ``documents``, ``turns``, ``phrases``, ``tokens`` ..."""
        return self.con.execute(query, list(params)).df()

    # -- groups -------------------------------------------------------------------------------
    @property
    def speakers(self) -> pd.DataFrame:
        """The speakers table (small: loaded once), speakers in order of first appearance."""
        if self._speakers is None:
            self._speakers = read_speakers(self.folder)
        return self._speakers

    def _source(self, column: str) -> str:
        """The table a grouping column is taken from, in :func:`kit.count_terms`'s order."""
        if column in self.columns["tokens"]:
            return "tokens"
        if column in _FROM_DOCUMENT and column in self.columns["documents"]:
            return "documents"
        for table in ("turns", "documents", "speakers"):
            if column in self.columns.get(table, ()):
                return table
        known = sorted(set().union(*self.columns.values()))
        raise KitError(
            f"No column {column!r} in the tokens, turns, documents or speakers of "
            f"{self.folder}. Group by one of {known}."
        )

    def _grouped(
        self, by: str | Sequence[str] | None, freq: str | None, date: str
    ) -> tuple[list[str], str, str]:
        """Group columns, their SQL select list and the FROM clause with its joins."""
        columns = [] if by is None else [by] if isinstance(by, str) else list(by)
        if freq is not None:
            if freq not in PERIODS:
                raise KitError(
                    f"freq={freq!r} is not a period I know; use 'D' (day), 'M' "
                    "(month) or 'Y' (year), or freq=None for no time grouping."
                )
            if date not in columns:
                columns.append(date)
        joins, selects = [], []
        for column in columns:
            table = self._source(column)
            expr = f"{table}.{_quote(column)}"
            if column == date and freq is not None:
                expr = f"date_trunc('{_TRUNC[PERIODS[freq]]}', {expr})::TIMESTAMP"
            selects.append(f"{expr} AS {_quote(column)}")
            if table != "tokens" and table not in joins:
                joins.append(table)
        sql = "tokens"
        for table in joins:
            key = {"turns": "doc_id, turn_id", "documents": "doc_id", "speakers": "speaker"}[table]
            sql += f" JOIN {table} USING ({key})"
        return columns, ", ".join(selects), sql

    def arrange(self, frame: pd.DataFrame, columns: list[str], *, term: str | None) -> pd.DataFrame:
        """Order and type grouped rows as the in-memory functions do: groups in category or
        sorted order, then terms in code-point order (also for :mod:`kit.terms.parallel`)."""
        keys = []
        for column in columns:
            values = frame[column]
            dtype = self._dtype(column)
            if dtype is not None:
                frame[column] = pd.Categorical(values.astype(object), dtype=dtype)
                keys.append(frame[column].cat.codes.to_numpy())
            else:
                keys.append(pd.factorize(values, sort=True)[0])
        if term is not None:
            labels = sorted(frame[term].unique())
            frame[term] = pd.Categorical(frame[term], categories=labels)
            keys.append(frame[term].cat.codes.to_numpy())
        order = np.lexsort(keys[::-1]) if keys else np.arange(len(frame))
        return frame.take(order).reset_index(drop=True)

    def _dtype(self, column: str) -> pd.CategoricalDtype | None:
        if column == s.SPEAKER:
            dtype = self.speakers[s.SPEAKER].dtype
            return dtype if isinstance(dtype, pd.CategoricalDtype) else None
        if column == s.ROLE:
            return pd.CategoricalDtype(s.ROLES)
        if column == s.DOC_ID and self._source(column) == "tokens":
            return self.doc_id_dtype
        return None

    @property
    def doc_id_dtype(self) -> pd.CategoricalDtype:
        """The documents in corpus order: the categories of ``doc_id`` in phrases and tokens."""
        if self._doc_ids is None:
            ids = self.sql("SELECT doc_id FROM documents ORDER BY filename, file_row_number")
            self._doc_ids = pd.CategoricalDtype(ids[s.DOC_ID].tolist())
        return self._doc_ids

    # -- verbs --------------------------------------------------------------------------------
    def count_terms(
        self,
        *,
        by: str | Sequence[str] | None = s.SPEAKER,
        term: str = s.TERM,
        drop_stopwords: bool = True,
        freq: str | None = None,
        date: str = s.DATE,
        fold_possessives: bool = True,
        ci: float | None = 0.95,
    ) -> pd.DataFrame:
        """:func:`kit.count_terms` over the dataset (same arguments, same rows and order).

        Returns
        -------
        DataFrame
            One row per group per term that occurs in it: the ``by`` columns, ``term``
            (categorical of the terms that occur), ``n``, ``n_words``, ``per_1k`` and its
            interval ``per_1k_low``, ``per_1k_high`` (with ``ci``).
        """
        columns, selects, source = self._grouped(by, freq, date)
        if term not in self.columns["tokens"]:
            raise KitError(
                f"term={term!r} is not a column of the tokens table; use 'term' "
                f"(lower-cased) or 'token' (as written)."
            )
        group = [_quote(c) for c in columns]
        valid = " AND ".join(f"{g} IS NOT NULL" for g in group) or "true"
        keep = "NOT coalesce(is_stopword, false)" if drop_stopwords else "true"
        select = (selects + ", ") if selects else ""
        by_sql = ", ".join(group)
        term_sql = f"tokens.{_quote(term)}"
        if fold_possessives and term in (s.TERM, s.TOKEN):
            term_sql = _folded_sql(term_sql)
        sql = f"""
            WITH t AS (SELECT {select}{term_sql} AS term_, tokens.is_stopword
                       FROM {source}),
                 w AS (SELECT {by_sql + ", " if group else ""}count(*) AS n_words
                       FROM t WHERE {valid} {"GROUP BY " + by_sql if group else ""}),
                 c AS (SELECT {by_sql + ", " if group else ""}term_, count(*) AS n FROM t
                       WHERE {valid} AND term_ IS NOT NULL AND {keep}
                       GROUP BY {by_sql + ", " if group else ""}term_)
            SELECT c.*, w.n_words FROM c {"JOIN w USING (" + by_sql + ")" if group else ", w"}"""
        frame = self.sql(sql).rename(columns={"term_": term})
        frame = self.arrange(frame, columns, term=term)
        frame[N] = frame[N].astype(np.int64)
        frame[s.N_WORDS] = frame[s.N_WORDS].astype(np.int64)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame[PER_1K] = np.where(
                frame[s.N_WORDS] > 0, frame[N] * 1000.0 / frame[s.N_WORDS].clip(lower=1), 0.0
            )
        add_interval(frame, ci)
        return frame[
            [
                *columns,
                term,
                N,
                s.N_WORDS,
                PER_1K,
                *([PER_1K_LOW, PER_1K_HIGH] if ci is not None else []),
            ]
        ]

    def term_usage(
        self,
        terms: str | Iterable[str],
        *,
        by: str | Sequence[str] | None = s.SPEAKER,
        freq: str | None = None,
        date: str = s.DATE,
        fold_possessives: bool = True,
        lemma: bool = False,
        language: str = "en",
        ci: float | None = 0.95,
    ) -> pd.DataFrame:
        """:func:`kit.term_usage` over the dataset: every group x term, zeros included.

        A phrase counts where its words are consecutive tokens of one phrase (a self-join on
        ``position``), as in memory.
        """
        if isinstance(terms, str):
            terms = [terms]
        names = list(dict.fromkeys(" ".join(query_terms(q)) for q in terms))
        columns, selects, source = self._grouped(by, freq, date)
        group = [_quote(c) for c in columns]
        valid = " AND ".join(f"{g} IS NOT NULL" for g in group) or "true"
        select = (selects + ", ") if selects else ""
        by_sql = ", ".join(group)
        grouped = f"WHERE {valid} {'GROUP BY ' + by_sql if group else ''}"
        words = self.sql(
            f"SELECT {by_sql + ', ' if group else ''}count(*) AS n_words FROM "
            f"(SELECT {select}1 AS one_ FROM {source}) {grouped}"
        )
        words = self.arrange(words, columns, term=None)
        index = pd.MultiIndex.from_frame(words[columns].astype(object)) if columns else None
        counts = np.zeros((len(names), len(words)), dtype=np.int64)
        vocabulary = self.vocabulary()
        for i, name in enumerate(names):
            # The terms each word matches, as in memory (possessives, wildcards, lemmas).
            masks = vocabulary_masks(
                name, vocabulary, fold_possessives=fold_possessives, lemma=lemma, language=language
            )
            parts = [list(vocabulary[mask]) for mask in masks]
            joins = "".join(
                f" JOIN tokens t{k} ON t{k}.doc_id = tokens.doc_id AND t{k}.turn_id = "
                f"tokens.turn_id AND t{k}.phrase_id = tokens.phrase_id AND t{k}.position = "
                f"tokens.position + {k} AND t{k}.term IN (SELECT unnest(?))"
                for k in range(1, len(parts))
            )
            hits = self.sql(
                f"SELECT {by_sql + ', ' if group else ''}count(*) AS n FROM (SELECT {select}1 "
                f"AS one_ FROM {source}{joins} WHERE tokens.term IN (SELECT unnest(?))) "
                f"{grouped}",
                [*parts[1:], parts[0]],
            )
            if index is None:
                counts[i, :] = hits[N].sum() if len(hits) else 0
                continue
            at = index.get_indexer(pd.MultiIndex.from_frame(hits[columns].astype(object)))
            counts[i, at[at >= 0]] = hits[N].to_numpy()[at >= 0]
        groups = {
            c: (
                words[c].array
                if isinstance(words[c].dtype, pd.CategoricalDtype)
                else words[c].to_numpy()
            )
            for c in columns
        }
        return usage_table(groups, names, counts, words[s.N_WORDS].to_numpy(), ci=ci)

    def vocabulary(self) -> pd.Index:
        """The distinct terms of the dataset (one scan; kept for later queries)."""
        if self._vocabulary is None:
            terms = self.sql("SELECT DISTINCT term FROM tokens WHERE term IS NOT NULL")
            self._vocabulary = pd.Index(sorted(terms["term"]))
        return self._vocabulary

    def subcorpus(self, turns: pd.DataFrame) -> Corpus:
        """The documents, turns, phrases, stage directions and tokens of some turns.

        ``turns`` has ``doc_id`` and ``turn_id`` columns; rows come in corpus order, speakers
        keep the dataset's categories.
        """
        self.con.register("wanted_turns", turns[[s.DOC_ID, s.TURN_ID]])
        try:
            tables = {}
            for name in ("turns", "phrases", "stage_directions", "tokens"):
                tables[name] = self.sql(
                    f"SELECT {', '.join(map(_quote, self.columns[name]))} FROM {name} "
                    f"SEMI JOIN wanted_turns USING (doc_id, turn_id) "
                    f"ORDER BY filename, file_row_number"
                )
            tables["documents"] = self.sql(
                f"SELECT {', '.join(map(_quote, self.columns['documents']))} FROM documents "
                f"SEMI JOIN (SELECT DISTINCT doc_id FROM wanted_turns) USING (doc_id) "
                f"ORDER BY filename, file_row_number"
            )
        finally:
            self.con.unregister("wanted_turns")
        speaker = self.speakers[s.SPEAKER].dtype
        for name, table in tables.items():
            if s.SPEAKER in table.columns:
                table[s.SPEAKER] = table[s.SPEAKER].astype(object).astype(speaker)
            if name in ("phrases", "tokens"):  # as the reader makes them
                table[s.DOC_ID] = pd.Categorical(table[s.DOC_ID], dtype=self.doc_id_dtype)
        turn_table = tables["turns"]
        if s.ROLE in turn_table.columns:
            turn_table[s.ROLE] = pd.Categorical(
                turn_table[s.ROLE].astype(object), categories=s.ROLES
            )
        if s.STAGE_DIRECTIONS in turn_table.columns:
            turn_table[s.STAGE_DIRECTIONS] = turn_table[s.STAGE_DIRECTIONS].map(
                lambda v: tuple(v) if v is not None else ()
            )
        token_table = tables.pop("tokens")
        corpus = Corpus(
            tables["documents"],
            turn_table,
            tables["phrases"],
            tables["stage_directions"],
            speakers=self.speakers,
        )
        corpus.__dict__["tokens"] = token_table  # the cached property, filled
        return corpus

    def kwic(
        self,
        query: str | Sequence[str],
        *,
        speakers: Iterable[str] | str | None = None,
        doc_ids: Iterable[str] | None = None,
        regex: bool = False,
        whole_word: bool = True,
        case: bool = False,
        fold_possessives: bool = True,
        lemma: bool = False,
        language: str = "en",
        window: int = 60,
        limit_turns: int | None = None,
    ) -> pd.DataFrame:
        """:func:`kit.kwic` over the dataset: the same hits, in corpus order.

        Only the turns holding a match of the query's first word are loaded.
        ``limit_turns`` keeps the first that many such turns (a page of hits in a dashboard).
        """
        queries = [query] if isinstance(query, str) else list(query)
        candidates: set[str] = set()
        for q in queries:
            # The terms the first word matches (possessives, wildcards, lemmas; any case: a
            # superset), then the in-memory search on the loaded turns applies the options.
            mask = vocabulary_masks(
                q,
                self.vocabulary(),
                regex=regex,
                whole_word=whole_word,
                case=False,
                fold_possessives=fold_possessives,
                lemma=lemma,
                language=language,
            )[0]
            candidates.update(self.vocabulary()[mask])
        where, params = ["term IN (SELECT unnest(?))"], [sorted(candidates)]
        if speakers is not None:
            where.append("speaker IN (SELECT unnest(?))")
            params.append([speakers] if isinstance(speakers, str) else list(speakers))
        if doc_ids is not None:
            where.append("doc_id IN (SELECT unnest(?))")
            params.append(list(doc_ids))
        limit = f"LIMIT {int(limit_turns)}" if limit_turns is not None else ""
        turns = self.sql(
            f"SELECT doc_id, turn_id FROM (SELECT doc_id, turn_id, min(filename) AS f, "
            f"min(file_row_number) AS r FROM tokens WHERE {' AND '.join(where)} "
            f"GROUP BY doc_id, turn_id) ORDER BY f, r {limit}",
            params,
        )
        if turns.empty:
            return pd.DataFrame({c: [] for c in KWIC_COLUMNS})
        sub = self.subcorpus(turns)
        return kwic_in_memory(
            sub,
            query,
            speakers=speakers,
            doc_ids=doc_ids,
            regex=regex,
            whole_word=whole_word,
            case=case,
            fold_possessives=fold_possessives,
            lemma=lemma,
            language=language,
            window=window,
        )

    def keyness(self, *, by: str = s.SPEAKER, term: str = s.TERM, **options: Any) -> pd.DataFrame:
        """:func:`kit.keyness` over the dataset: (group, term) pairs counted in SQL, then
        scored in memory (one row per pair, not per token). Options as for keyness."""
        columns, selects, source = self._grouped(by, None, s.DATE)
        pairs = self.sql(
            f"SELECT {selects}, tokens.{_quote(term)} AS term_, "
            f"bool_or(coalesce(tokens.is_stopword, false)) AS is_stopword, count(*) AS n "
            f"FROM {source} WHERE {_quote(by)} IS NOT NULL AND tokens.{_quote(term)} IS NOT "
            f"NULL GROUP BY ALL"
        ).rename(columns={"term_": term})
        pairs = self.arrange(pairs, columns, term=term)
        return keyness_in_memory(pairs, by=by, term=term, count="n", **options)


def _folded_sql(column: str) -> str:
    """SQL of :func:`kit.terms.forms.fold_possessive`: a term without its possessive 's."""
    plain = f"lower(replace({column}, '\u2019', ''''))"
    kept = ", ".join("'" + c.replace("'", "''") + "'" for c in sorted(CONTRACTIONS))
    return (
        f"CASE WHEN length({column}) > 2 AND right({plain}, 2) = '''s' "
        f"AND {plain} NOT IN ({kept}) THEN left({column}, length({column}) - 2) "
        f"ELSE {column} END"
    )
