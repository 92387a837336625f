"""Apps: the widgets and the dashboards' apps (explorer, compare speakers, term trends).

>>> from kit.apps import Explorer, dashboard_corpus, query_string
>>> app = Explorer(dashboard_corpus())  # doctest: +SKIP
>>> app.apply_query_string(query_string())  # doctest: +SKIP
>>> app.container  # doctest: +SKIP

The names below load their module on first use, so ``import kit.apps.widgets`` (or any
other module of the folder) does not build the apps.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: Public name -> module that defines it.
_EXPORTS = {
    "App": "kit.apps.base",
    "CompareSpeakers": "kit.apps.compare",
    "Explorer": "kit.apps.explorer",
    "LinkState": "kit.apps.link",
    "TermTrends": "kit.apps.trends",
    "dashboard_corpus": "kit.apps.corpus_choice",
    "dashboard_source": "kit.apps.corpus_choice",
    "parse_query_string": "kit.apps.link",
    "query_string": "kit.apps.corpus_choice",
}

__all__ = [
    "App",
    "CompareSpeakers",
    "Explorer",
    "LinkState",
    "TermTrends",
    "dashboard_corpus",
    "dashboard_source",
    "parse_query_string",
    "query_string",
]


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'kit.apps' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return list(__all__)


if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors
    from kit.apps.base import App
    from kit.apps.compare import CompareSpeakers
    from kit.apps.corpus_choice import dashboard_corpus, dashboard_source, query_string
    from kit.apps.explorer import Explorer
    from kit.apps.link import LinkState, parse_query_string
    from kit.apps.trends import TermTrends
