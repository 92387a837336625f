"""The orders of a concordance: words left or right of the hit, date, speaker, document."""

from __future__ import annotations

from collections.abc import Sequence

from kit import schema as s
from kit.errors import KitError

__all__ = ["SORT_KEYS", "check_sort", "sort_columns"]

#: What ``kwic(sort=)`` accepts: words left/right of the hit, then columns of the rows.
SORT_KEYS = ("left1", "left2", "left3", "right1", "right2", "right3", s.DATE, s.SPEAKER,
             s.DOC_ID)


def sort_columns(keys: Sequence[str]) -> list[str]:
    """The columns ``kwic(sort=keys)`` sorts by: a speaker's hits are then in date order."""
    out: list[str] = []
    for key in keys:
        out += [key, s.DATE] if key == s.SPEAKER and s.DATE not in keys else [key]
    return out


def check_sort(sort: str | Sequence[str] | None) -> list[str]:
    """The KWIC sort keys of ``sort`` (one key or a list), refused with the accepted ones."""
    keys = [] if sort is None else [sort] if isinstance(sort, str) else list(sort)
    bad = [k for k in keys if k not in SORT_KEYS]
    if bad:
        raise KitError(f"sort={bad[0]!r} is not a KWIC order; use one or a list of "
                       f"{list(SORT_KEYS)} (left1: the word just before the hit).")
    return keys
