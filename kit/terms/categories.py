"""Dictionaries: categories of words (``{"economy": ["jobs", "wage*"]}``) counted per group.

- :func:`read_dictionary` reads a dictionary from YAML (``category: [words]``), CSV
  (``category,term`` rows) or a LIWC-style ``.dic`` file (a ``%``-fenced list of numbered
  categories, then one word per line with its category numbers);
- :func:`sentiment_lexicon` is the bundled example: positive and negative English adjectives
  of the Pattern sentiment lexicon (De Smedt & Daelemans, as shipped by TextBlob; PDDL,
  public domain, see ``kit/data/lexicon-sentiment-en.LICENSE``);
- :func:`count_categories` counts each category's words through the one matcher, so every
  entry may be a phrase, a wildcard or a possessive, as in :func:`kit.kwic`.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.errors import KitError
from kit.terms.count import usage_table
from kit.terms.forms import is_glob
from kit.terms.grouping import Grouping, as_tokens, codes_of
from kit.terms.query import (
    Vocabulary,
    match_rows,
    phrase_key_of,
    query_terms,
    vocabulary_masks,
    words_mask,
)

if TYPE_CHECKING:
    from kit.corpus import Corpus

__all__ = ["CATEGORY", "count_categories", "read_dictionary", "sentiment_lexicon"]

CATEGORY = "category"
_LEXICON = Path(__file__).resolve().parent.parent / "data" / "lexicon-sentiment-en.csv"

Dictionary = Mapping[str, Sequence[str]]


def read_dictionary(path: str | Path) -> dict[str, list[str]]:
    """Read a dictionary of categories from a ``.yaml``/``.yml``, ``.csv`` or ``.dic`` file.

    Returns
    -------
    dict
        Category name -> its words and phrases, in file order (wildcards kept).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KitError(f"{path}: cannot read the dictionary ({exc}). Fix: give a UTF-8 "
                       ".yaml, .csv or .dic file.") from None
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return _from_yaml(text, path)
    if suffix == ".csv":
        return _from_csv(text, path)
    if suffix == ".dic":
        return _from_dic(text, path)
    raise KitError(f"{path}: a dictionary is a .yaml, .csv or LIWC-style .dic file, not "
                   f"{suffix or 'a file without a suffix'}.")


def _from_yaml(text: str, path: Path) -> dict[str, list[str]]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        raise KitError(f"{path}{line}: not valid YAML. Fix: write 'category: [word, ...]' "
                       "lines.") from None
    if not isinstance(data, dict) or not all(
            isinstance(v, list) and all(isinstance(w, str) for w in v) for v in data.values()):
        raise KitError(f"{path}: a YAML dictionary maps each category to a list of words, "
                       "e.g. 'economy: [jobs, wage*]'.")
    return {str(k): list(v) for k, v in data.items()}


def _from_csv(text: str, path: Path) -> dict[str, list[str]]:
    rows = list(csv.reader(text.splitlines()))
    if not rows or [c.strip().lower() for c in rows[0][:2]] != [CATEGORY, s.TERM]:
        raise KitError(f"{path}, line 1: a CSV dictionary starts with the header "
                       "'category,term', then one row per word.")
    out: dict[str, list[str]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not row or not any(c.strip() for c in row):
            continue
        if len(row) < 2 or not row[0].strip() or not row[1].strip():
            raise KitError(f"{path}, line {number}: expected 'category,term', got {row!r}.")
        out.setdefault(row[0].strip(), []).append(row[1].strip())
    return out


def _from_dic(text: str, path: Path) -> dict[str, list[str]]:
    lines = text.splitlines()
    fences = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(fences) < 2:
        raise KitError(f"{path}: a .dic file lists its categories between two lines holding "
                       "only '%', then one word per line with its category numbers.")
    names: dict[str, str] = {}
    for i in range(fences[0] + 1, fences[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2:
            raise KitError(f"{path}, line {i + 1}: expected 'number name', got {lines[i]!r}.")
        names[parts[0]] = " ".join(parts[1:])
    out: dict[str, list[str]] = {name: [] for name in names.values()}
    for i in range(fences[1] + 1, len(lines)):
        parts = lines[i].split("\t") if "\t" in lines[i] else lines[i].split()
        parts = [p.strip() for p in parts if p.strip()]
        if not parts:
            continue
        unknown = [p for p in parts[1:] if p not in names]
        if len(parts) < 2 or unknown:
            raise KitError(f"{path}, line {i + 1}: expected a word and category numbers "
                           f"from {sorted(names)}, got {lines[i]!r}.")
        for number in parts[1:]:
            out[names[number]].append(parts[0])
    return out


def sentiment_lexicon() -> dict[str, list[str]]:
    """The bundled example: ``{"positive": [...], "negative": [...]}`` English adjectives.

    Words of the Pattern sentiment lexicon (as shipped by TextBlob 0.20) whose mean polarity
    over their senses is at least 0.3 (positive, 394 words) or at most -0.3 (negative, 402).
    """
    return _from_csv(_LEXICON.read_text(encoding="utf-8"), _LEXICON)


def as_dictionary(categories: Dictionary | str | Path) -> dict[str, list[str]]:
    if isinstance(categories, (str, Path)):
        return read_dictionary(categories)
    if not isinstance(categories, Mapping) or not categories:
        raise KitError("Categories are a dict of category -> words, e.g. "
                       "{'economy': ['jobs', 'wage*']}, or the path of a dictionary file.")
    out = {}
    for name, words in categories.items():
        words = [words] if isinstance(words, str) else list(words)
        if not words:
            raise KitError(f"The category {name!r} has no words; give it a list such as "
                           "['jobs', 'wage*'].")
        out[str(name)] = words
    return out


def count_categories(tokens: pd.DataFrame | Corpus,
                     categories: Dictionary | str | Path, *,
                     by: str | Sequence[str] | None = s.SPEAKER, freq: str | None = None,
                     date: str = s.DATE, fold_possessives: bool = True,
                     ci: float | None = 0.95, column: str = CATEGORY) -> pd.DataFrame:
    """Count the words of each category in each group, with rates per 1,000 words.

    A token counts once for a category however many of its entries match it (``"jobs"``
    and ``"job*"``); a phrase entry counts where its first word is. Entries match as
    :func:`kit.kwic` matches queries (wildcards, phrases, possessives folded).

    Parameters
    ----------
    tokens
        The tokens table or a Corpus (then ``by`` may name turn, document or speaker
        columns). Not modified.
    categories
        ``{"economy": ["jobs", "wage*"], ...}``, or the path of a dictionary file
        (:func:`read_dictionary`).
    by, freq, date
        As for :func:`kit.count_terms` (``freq="10YS"``: decades).
    fold_possessives, ci
        As for :func:`kit.term_usage`.
    column
        Name of the output column of categories (:func:`kit.term_usage` names it ``term``).

    Returns
    -------
    DataFrame
        One row per group per category, zeros included: the ``by`` columns, ``category``
        (categorical, in dictionary order), ``n``, ``n_words``, ``per_1k``, ``per_1k_low``,
        ``per_1k_high``.
    """
    dictionary = as_dictionary(categories)
    tokens, corpus = as_tokens(tokens)
    groups = Grouping(tokens, corpus, by, freq, date)
    group = groups.codes
    n_words = groups.tokens_per_group()
    codes, labels = codes_of(tokens[s.TERM], sort=True)
    vocabulary = Vocabulary(pd.Index(labels))
    entries = [w for words in dictionary.values() for w in words]
    need_phrase = any(len(str(w).split()) > 1 for w in entries)
    position = tokens[s.POSITION].to_numpy() if need_phrase else None
    phrase_key = phrase_key_of(tokens) if need_phrase else None
    counts = np.zeros((len(dictionary), groups.n_groups), dtype=np.int64)
    for i, words in enumerate(dictionary.values()):
        rows = category_rows(words, vocabulary,
                             lambda masks: match_rows(masks, codes, position, phrase_key),
                             fold_possessives=fold_possessives)
        g = group[rows]
        counts[i] = np.bincount(g[g >= 0], minlength=groups.n_groups)
    table = usage_table(groups.frame(), list(dictionary), counts, n_words, ci=ci)
    return table.rename(columns={s.TERM: column})


def category_rows(words: Iterable[str], vocabulary: Vocabulary,
                  rows_of: Callable[[list[np.ndarray]], np.ndarray], *,
                  fold_possessives: bool = True, lemma: bool = False,
                  language: str = "en") -> np.ndarray:
    """Token rows where any entry of a category matches (each row once, sorted).

    ``rows_of(masks)`` gives the rows where a query of per-word vocabulary ``masks`` starts
    (:func:`kit.terms.query.match_rows` over a tokens table, or a :class:`TermIndex`'s
    postings). One-word entries are joined into one mask, so the tokens are read once.
    """
    single, phrases = category_masks(words, vocabulary, fold_possessives=fold_possessives,
                                     lemma=lemma, language=language)
    parts = [rows_of(masks) for masks in phrases]
    if single.any():
        parts.append(rows_of([single]))
    if not parts:
        return np.zeros(0, dtype=np.int64)
    return np.unique(np.concatenate(parts)).astype(np.int64)


def category_masks(words: Iterable[str], vocabulary: Vocabulary, *,
                   fold_possessives: bool = True, lemma: bool = False,
                   language: str = "en") -> tuple[np.ndarray, list[list[np.ndarray]]]:
    """What a category's entries match: ``(single, phrases)``.

    ``single`` is one vocabulary mask of every term a one-word entry matches; ``phrases``
    holds the per-word masks of each entry of several words (as
    :func:`kit.terms.query.vocabulary_masks` gives them).
    """
    single = np.zeros(len(vocabulary), dtype=bool)
    phrases: list[list[np.ndarray]] = []
    plain_words: list[str] = []
    for word in words:
        terms = query_terms(str(word))
        if len(terms) == 1 and not lemma and not is_glob(terms[0]):
            plain_words.append(terms[0])  # looked up together below
            continue
        masks = vocabulary_masks(str(word), vocabulary, fold_possessives=fold_possessives,
                                 lemma=lemma, language=language)
        if len(masks) == 1:
            single |= masks[0]  # one pass over the tokens for all one-word entries
        else:
            phrases.append(masks)
    if plain_words:
        single |= words_mask(plain_words, vocabulary, fold_possessives=fold_possessives)
    return single, phrases


def as_usage(tokens: Any, categories: Dictionary, **options: Any) -> pd.DataFrame:
    """:func:`count_categories` with the categories in a ``term`` column (term_usage's)."""
    return count_categories(tokens, categories, column=s.TERM, **options)
