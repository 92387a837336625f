"""The speakers of a corpus: people the files tell apart, and one row per canonical speaker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import main_role_codes, speakers_of
from kit.read.speakers import label_key, merge_surnames

__all__ = ["separate_namesakes", "speaker_table", "turn_roles",
           "turn_speakers"]


def _codes(values: list | pd.Categorical[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Codes (int64, -1 for None) and distinct values (object array) of a list (in order of
    first appearance) or a Categorical."""
    if isinstance(values, pd.Categorical):
        return values.codes.astype(np.int64), np.asarray(values.categories, dtype=object)
    # fromiter: a tuple stays one value (np.asarray would make it a row)
    codes, uniques = pd.factorize(np.fromiter(values, dtype=object, count=len(values)))
    return codes.astype(np.int64), np.asarray(uniques, dtype=object)


def separate_namesakes(speaker: np.ndarray, names: list[str], ids: np.ndarray,
                       id_values: np.ndarray, doc: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """People the files tell apart by ``person_id`` stay apart, whatever their names.

    A name is ambiguous when it comes with two ids, or with an id in some documents and with
    none in others (a ParlaMint id and a Hansard label of the same name are not known to be
    one person: an alias says so). The speakers with an id are then called
    ``Name (person_id)``; other names keep their form.

    Parameters
    ----------
    speaker, ids, doc
        One row per turn: the codes of its speaker's name (into ``names``), of the
        ``person_id`` the file gives it (into ``id_values``, -1 for none) and of its document.

    Returns
    -------
    tuple
        The speaker codes, and their names: ``names`` with the new ``Name (person_id)`` ones
        added at the end (such a name may equal another one).
    """
    has_id = ids >= 0
    if not has_id.any():
        return speaker, names
    n_names, n_ids, n_docs = len(names), len(id_values), int(doc.max()) + 1
    # names with two ids or more: count the distinct (name, id) pairs of each name
    pairs = np.unique(speaker[has_id] * n_ids + ids[has_id])
    shared = np.bincount(pairs // n_ids, minlength=n_names) > 1
    # names that a document gives an id in none of their turns
    groups, where = np.unique(speaker * n_docs + doc, return_inverse=True)
    with_id = np.bincount(where.ravel()[has_id], minlength=len(groups))
    unnamed = np.zeros(n_names, dtype=bool)
    unnamed[groups[with_id == 0] // n_docs] = True
    named = np.zeros(n_names, dtype=bool)
    named[speaker[has_id]] = True
    shared |= unnamed & named
    if not shared.any():
        return speaker, names
    rename = has_id & shared[speaker]
    keys, where = np.unique(speaker[rename] * n_ids + ids[rename], return_inverse=True)
    out = speaker.copy()
    out[rename] = n_names + where.ravel()
    return out, names + [f"{names[k // n_ids]} ({id_values[k % n_ids]})" for k in keys.tolist()]


def turn_speakers(*, speaker: pd.Categorical[Any], surname: pd.Categorical[Any],
                  resolved: np.ndarray, person_id: pd.Categorical[Any], doc: np.ndarray,
                  aliases: Mapping[str, str]) -> pd.Categorical[Any]:
    """Each turn's canonical speaker, categorical in order of first appearance.

    Surname-only labels join the one full name with that surname
    (:func:`~kit.read.speakers.merge_surnames`), people the files tell apart stay apart
    (:func:`separate_namesakes`), and ``aliases`` (by label key) win. One row per turn in
    and out: its speaker as resolved in its document, the surname key of its label (or
    missing), whether the speaker is a full name, its ``person_id`` (or missing), and the
    code of its document.
    """
    # all by codes: a string is looked at once per distinct value, not once per turn
    who, names = _codes(speaker)
    who = merge_surnames(who, _codes(surname)[0], resolved)
    ids, id_values = _codes(person_id)
    who, named = separate_namesakes(who, names.tolist(), ids, id_values, doc)
    if aliases:
        alias = [aliases.get(label_key(n)) for n in named]
        named = [n if a is None else a for n, a in zip(named, alias, strict=True)]
    # names as given may repeat (an alias, a namesake's new name): one code per name
    name_codes, unique_names = _codes(named)
    codes, first = pd.factorize(name_codes[who])  # order of first appearance
    return pd.Categorical.from_codes(
        codes, dtype=pd.CategoricalDtype(categories=unique_names[first].tolist()))


def turn_roles(role: pd.Categorical[Any], speaker: pd.Categorical[Any]) -> pd.Categorical[Any]:
    """Each turn's role, categorical over :data:`kit.schema.ROLES`.

    A speaker's turns of role ``unknown`` (under a bare surname) take the role their fuller
    labels gave: the speaker's most frequent known role. One row per turn in and out: its role
    as resolved in its document, and its canonical speaker (:func:`turn_speakers`).
    """
    what, names = _codes(role)
    unknown = np.isin(what, np.flatnonzero(names == s.ROLE_UNKNOWN))
    who = speaker.codes.astype(np.int64)
    best = main_role_codes(who, np.where(unknown, -1, what), n_speakers=len(speaker.categories),
                           roles=names)
    # the roles as codes of ROLES (-1: not one of them, or None)
    in_roles = np.array([s.ROLES.index(r) if r in s.ROLES else -1 for r in names] + [-1],
                        dtype=np.int64)
    codes = in_roles[what]
    main = np.where(best >= 0, in_roles[best], s.ROLES.index(s.ROLE_UNKNOWN))
    codes[unknown] = main[who[unknown]]
    return pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(categories=s.ROLES))


def speaker_table(turns: pd.DataFrame, attributes: Iterable[dict | None]) -> pd.DataFrame:
    """One row per canonical speaker: ``speaker``, ``person_id``, ``party``, ``role``, ...

    ``turns`` has one row per turn, its ``speaker`` categorical; ``attributes`` one per turn.

    ``role`` is the speaker's most frequent known turn role; the other columns are what the
    files say of the speaker (``attributes``, one per turn), the most frequent value of each.
    """
    table = speakers_of(turns)
    # Readers share one dict among a speaker's turns (of a document): each distinct
    # (speaker, dict) pair is counted once, by codes (hashes of ints, no sort), in the order
    # pairs first occur; pairs of equal dicts are merged before their values are counted
    # (the counts stay the same).
    attributes = list(attributes)
    ids = np.fromiter(map(id, attributes), dtype=np.int64, count=len(attributes))
    rows = np.flatnonzero(ids != id(None))  # an empty dict adds no value either
    dict_codes, distinct = pd.factorize(ids[rows])
    a_row = np.empty(len(distinct), dtype=np.int64)
    a_row[dict_codes] = rows  # a turn of each dict: any, it is the same object
    who_codes = turns[s.SPEAKER].cat.codes.to_numpy()[rows].astype(np.int64)
    pair_codes, keys = pd.factorize(who_codes * max(1, len(distinct)) + dict_codes)
    per_pair = np.bincount(pair_codes, minlength=len(keys))
    of_dict = a_row.tolist()
    pairs: dict[tuple, int] = {}
    for pair_key, n in zip(keys.tolist(), per_pair.tolist(), strict=True):
        who_code, d = divmod(pair_key, max(1, len(distinct)))
        attrs = attributes[of_dict[d]] or {}
        try:
            pair = (who_code, tuple(attrs.items()))
            pairs[pair] = pairs.get(pair, 0) + n
        except TypeError:  # a value that cannot be hashed: the pair stays on its own
            pairs[who_code, of_dict[d]] = n
    names_in = list(turns[s.SPEAKER].cat.categories)
    values: dict[str, dict[str, Counter]] = {}
    for (code, items), n in pairs.items():
        who = names_in[code]
        per = values.get(who)
        if per is None:
            per = values[who] = {}
        for name, value in (items if isinstance(items, tuple) else
                            attributes[items].items()):
            if value is not None and value != "" and name not in (s.SPEAKER, s.ROLE):
                counts = per.get(name)
                if counts is None:  # not setdefault(name, Counter()): a Counter per call
                    counts = per[name] = Counter()
                counts[value] += n
    names = table[s.SPEAKER].astype(object)
    for key in dict.fromkeys(k for per in values.values() for k in per):
        column = [values[n][key].most_common(1)[0][0] if key in values.get(n, {}) else None
                  for n in names]
        table[key] = pd.array(column, dtype="str") if key in (s.PERSON_ID, s.PARTY) else \
            pd.Series(column, dtype=object)
    return table
