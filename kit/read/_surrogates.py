"""Lone surrogates out of a parsed document, before pandas, Arrow or polars meet them."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from kit.read.decoding import has_surrogates, replace_surrogates
from kit.read.formats._base import ParsedDocument


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return replace_surrogates(value)[0]
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    return value


def _non_ascii(value: Any, out: list[str]) -> None:
    """Append the strings in a value (itself, or a dict's keys and values, any depth) that are
    not ASCII: only those can hold a surrogate (``isascii`` is constant time)."""
    if isinstance(value, str):
        if not value.isascii():
            out.append(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _non_ascii(key, out)
            _non_ascii(item, out)


def _any_surrogate(doc: ParsedDocument) -> bool:
    """Whether the metadata or a turn's label, speaker or attributes hold a lone surrogate."""
    turns = doc.turns or ()
    # turns share their labels and attribute dicts: each distinct one is checked once
    names = {t.label for t in turns} | {t.speaker or "" for t in turns}
    attributes = {id(t.attributes): t.attributes for t in turns if t.attributes}
    found = [n for n in names if not n.isascii()]
    _non_ascii(doc.meta, found)
    for value in attributes.values():
        _non_ascii(value, found)
    return has_surrogates("\n".join(found))


def without_surrogates(doc: ParsedDocument, *, source: str) -> tuple[ParsedDocument, str | None]:
    """The document with each lone surrogate (which UTF-8 cannot hold) replaced by U+FFFD.

    Text keeps its length, so every offset stays. Readers of tables replace them where they
    can name the row; this catches the rest (YAML escapes, a reader's own slip).

    Returns
    -------
    tuple
        The document (the same object when it holds none) and a warning for the caller to
        give, or None.
    """
    if doc.surrogate_free:
        return doc, None
    text, found = replace_surrogates(doc.text)
    if not found and not _any_surrogate(doc):
        return doc, None
    where = "in its metadata or speaker labels"
    if found:
        line = doc.line_offset + text.count("\n", 0, found[0]) + 1
        where = f"on line {line} of its text"
    turns = None if doc.turns is None else [
        replace(t, label=_clean(t.label), speaker=_clean(t.speaker),
                attributes=_clean(t.attributes)) for t in doc.turns]
    return replace(doc, text=text, turns=turns, meta=_clean(doc.meta)), (
        f"{source}: the document holds lone surrogates (U+D800 to U+DFFF, e.g. from a "
        f"\\ud800 escape), first {where}; each was replaced by U+FFFD.")
