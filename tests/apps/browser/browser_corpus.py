"""Transcript files the browser tests serve: the founding example and a hostile one.

The hostile transcript is JSON so that its markup survives reading as literal text (a plain
``.txt`` with tags in it is sniffed as HTML, whose parser drops the tags): the dashboards must
show ``<img src=x onerror=…>`` and ``<script>`` as text and run nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import kit

PWN_IMG = '<img src=x onerror="window.__pwned=1">'
PWN_SCRIPT = "<script>window.__pwned=2</script>"
#: A link in a title: plotly would draw it as a live link in chart labels unless escaped.
EVIL_LINK = '<a href="https://evil.example/">a link</a>'
HOSTILE_TITLE = f'{EVIL_LINK} Briefing <img src=y onerror="window.__pwned=3"> on markup'
HOSTILE_TURNS = [
    {"speaker": "Mr. Price",
     "text": f"Good afternoon. This line has {PWN_IMG} in it and also {PWN_SCRIPT} right "
             "here. NATO is united on Ukraine."},
    {"speaker": "Question",
     "text": "Will the nuclear power plant be safe? And what about <b>bold</b> claims?"},
    {"speaker": "Mr. Price",
     "text": "The attack on the nuclear power plant was reckless. NATO allies agree."},
]


def write_browser_corpus(folder: Path) -> Path:
    """Write the corpus files into ``folder`` and return it."""
    seed = Path(kit.__file__).parent / "data" / "nato-foreign-ministerial-2022-03-04.txt"
    shutil.copy(seed, folder / seed.name)
    hostile = {"title": HOSTILE_TITLE, "date": "2022-03-05", "turns": HOSTILE_TURNS}
    (folder / "hostile-markup.json").write_text(json.dumps(hostile), encoding="utf-8")
    return folder
