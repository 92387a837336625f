"""CSV downloads of the apps: text cells neutralised against formula injection.

A spreadsheet opens a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return as a formula (``=HYPERLINK(…)``, ``=cmd|…``), so a transcript could run code on the
reader's machine. As OWASP advises, such text cells get a leading ``'``; numbers are left
as they are (a negative z-score stays a number).
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "csv_bytes", "neutralise"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """``value`` with a ``'`` before it when it is text starting like a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV without its index; text cells neutralised (:func:`neutralise`).

    Categorical and text columns are written as text; numeric and date columns as they are.
    """
    out = frame.copy()
    for col in out.columns:
        column = out[col]
        if isinstance(column.dtype, pd.CategoricalDtype) or not (
                pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column)
                or pd.api.types.is_datetime64_any_dtype(column)):
            out[col] = column.astype(object).map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out.to_csv(index=False).encode("utf-8")
