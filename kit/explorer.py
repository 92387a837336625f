"""Old import path of the dashboards' apps: use :mod:`kit.apps` instead."""

from kit.apps.compare import CompareSpeakers
from kit.apps.explorer import Explorer
from kit.apps.link import LinkState
from kit.apps.trends import TermTrends

#: The old name of :class:`kit.apps.link.LinkState` (the explorer's state, now every app's).
ExplorerState = LinkState

__all__ = ["CompareSpeakers", "Explorer", "ExplorerState", "TermTrends"]
