"""Old import path of the dashboards' apps: use :mod:`kit.apps` instead."""

from kit.apps.explorer import CompareSpeakers, Explorer, ExplorerState, TermTrends

__all__ = ["CompareSpeakers", "Explorer", "ExplorerState", "TermTrends"]
