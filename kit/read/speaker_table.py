"""The speakers of a corpus: people the files tell apart, and one row per canonical speaker."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import numpy as np
import pandas as pd

from kit import schema as s
from kit.corpus import speakers_of

__all__ = ["separate_namesakes", "speaker_table"]


def separate_namesakes(speaker: pd.Series, ids: pd.Series, doc_id: pd.Series) -> pd.Series:
    """People the files tell apart by ``person_id`` stay apart, whatever their names.

    A name is ambiguous when it comes with two ids, or with an id in some documents and with
    none in others (a ParlaMint id and a Hansard label of the same name are not known to be
    one person: an alias says so). The speakers with an id are then called
    ``Name (person_id)``; other names keep their form. One row per turn in and out (``ids``:
    the ``person_id`` the file gives the turn, or None).
    """
    has_id = ids.notna()
    if not has_id.any():
        return speaker
    frame = pd.DataFrame({"speaker": speaker, "id": ids, "doc": doc_id})
    per_name = frame[has_id].drop_duplicates(["speaker", "id"])
    shared = set(per_name["speaker"][per_name["speaker"].duplicated(keep=False)])
    # names whose documents give them an id in none of their turns
    with_id_docs = frame.groupby(["speaker", "doc"], sort=False)["id"].count()
    unnamed = set(with_id_docs[with_id_docs == 0].index.get_level_values("speaker"))
    shared |= unnamed & set(per_name["speaker"])
    if not shared:
        return speaker
    rename = has_id & speaker.isin(shared)
    out = speaker.copy()
    out[rename] = speaker[rename] + " (" + ids[rename].astype(str) + ")"
    return out


def speaker_table(turns: pd.DataFrame, attributes: Iterable[dict | None]) -> pd.DataFrame:
    """One row per canonical speaker: ``speaker``, ``person_id``, ``party``, ``role``, ...

    ``turns`` has one row per turn, its ``speaker`` categorical; ``attributes`` one per turn.

    ``role`` is the speaker's most frequent known turn role; the other columns are what the
    files say of the speaker (``attributes``, one per turn), the most frequent value of each.
    """
    table = speakers_of(turns)
    # Readers share one dict among a speaker's turns (of a document): each distinct
    # (speaker, dict) pair is counted once, with numpy, in the order pairs first occur; pairs
    # of equal dicts are merged before their values are counted (the counts stay the same).
    attributes = list(attributes)
    rows = np.flatnonzero(np.fromiter(map(bool, attributes), dtype=bool, count=len(attributes)))
    ids = np.fromiter(map(id, attributes), dtype=np.int64, count=len(attributes))[rows]
    dict_codes = np.unique(ids, return_inverse=True)[1].astype(np.int64)
    who_codes = turns[s.SPEAKER].cat.codes.to_numpy()[rows].astype(np.int64)
    _, first, per_pair = np.unique(who_codes * max(1, len(rows)) + dict_codes,
                                   return_index=True, return_counts=True)
    order = np.argsort(first, kind="stable")
    pairs: dict[tuple, int] = {}
    for at, n in zip(first[order].tolist(), per_pair[order].tolist(), strict=True):
        attrs = attributes[rows[at]]
        try:
            pair = (who_codes[at], tuple(attrs.items()))
            pairs[pair] = pairs.get(pair, 0) + n
        except TypeError:  # a value that cannot be hashed: the pair stays on its own
            pairs[who_codes[at], at] = n
    names_in = list(turns[s.SPEAKER].cat.categories)
    values: dict[str, dict[str, Counter]] = {}
    for (code, items), n in pairs.items():
        who = names_in[code]
        per = values.get(who)
        if per is None:
            per = values[who] = {}
        for name, value in (items if isinstance(items, tuple) else
                            attributes[rows[items]].items()):
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
