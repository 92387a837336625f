"""Serving: the ``turnkit`` command, Voila and kernel entry points, the warm kernel."""
