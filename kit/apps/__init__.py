"""Apps: the widgets and the dashboards' apps (explorer, compare speakers, term trends)."""
