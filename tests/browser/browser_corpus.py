"""Transcript files the browser tests serve: the founding example and a hostile one."""

from __future__ import annotations

import shutil
from pathlib import Path

import kit

HOSTILE_TEXT = """\
Press Briefing on Hostile Markup
Washington, DC
March 5, 2022


MR. PRICE:  Good afternoon. This line has <img src=x onerror="window.__pwned=1"> in it and \
also <script>window.__pwned=2</script> right here. NATO is united on Ukraine.

QUESTION:  Will the nuclear power plant be safe? And what about <b>bold</b> claims?

MR. PRICE:  The attack on the nuclear power plant was reckless. NATO allies agree.
"""


def write_browser_corpus(folder: Path) -> Path:
    """Write the corpus files into ``folder`` and return it."""
    seed = Path(kit.__file__).parent / "data" / "nato-foreign-ministerial-2022-03-04.txt"
    shutil.copy(seed, folder / seed.name)
    (folder / "hostile-markup-2022-03-05.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    return folder
