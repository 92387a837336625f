"""Write a deterministic synthetic corpus of plain-text transcripts like the seed.

Each file has a header (boilerplate line, title, place and date, caption), labelled turns
(``SECRETARY BLINKEN:``, ``MR PRICE:``, ``QUESTION:`` ...) of one to four paragraphs with
the traps real transcripts have (curly apostrophes, ``U.S.``, ``p.m.``, numbers such as
``2.5`` and ``1,000``, hyphenated words, stage directions such as ``(Laughter.)``), and a
trailer. Files are about 30 KB; the same ``seed`` always writes the same bytes.

Usage: ``python benchmarks/synth.py FOLDER MEGABYTES``.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

__all__ = ["synthetic_corpus", "write_synthetic_corpus"]

_LABELS = [
    ("SECRETARY BLINKEN", 6), ("MR PRICE", 6), ("QUESTION", 10), ("MS PORTER", 3),
    ("SECRETARY GENERAL STOLTENBERG", 2), ("MODERATOR", 1), ("OPERATOR", 1),
    ("FOREIGN MINISTER KULEBA", 1), ("SENIOR STATE DEPARTMENT OFFICIAL", 1),
]

_VOCAB = (
    "the of and to a in that is we it for this on with are as be have our not at by "
    "but from they will what I you all so there about which do more an would their "
    "has been one can if think NATO Ukraine Russia Russia’s Ukraine’s don’t it’s we’re "
    "that’s can’t Allies Alliance security sanctions support troops war conflict "
    "president government people question secretary minister countries country today "
    "weapons nuclear power plant rapid response force invasion diplomacy diplomatic "
    "efforts defense defensive eastern Europe European United States U.S. China "
    "Iran Afghanistan humanitarian assistance economic well-being long-term "
    "commitment unity partners partnership meeting ministers summit strategic "
    "concept future important critical time year week talks negotiations ceasefire "
    "refugees border energy gas oil prices inflation market Congress Senate policy "
    "administration officials agreement deal climate vaccine pandemic COVID-19 "
    "human rights democracy freedom press journalists briefing statement report "
    "Kyiv Moscow Brussels Washington Beijing Tehran Kabul Geneva Vienna"
).split()



def _tail_words(n: int) -> list[str]:
    """A long tail of pseudo-words, so the vocabulary has the size of a real one (~20k)."""
    rng = random.Random(12345)
    syllables = ["ba", "ko", "ri", "tan", "mel", "sor", "vi", "du", "lek", "pra", "nos", "ter",
                 "gi", "fal", "mun", "zer", "qua", "hil", "op", "est"]
    words: dict[str, None] = {}
    while len(words) < n:
        words["".join(rng.choices(syllables, k=rng.randint(2, 4)))] = None
    return list(words)


_VOCAB = _VOCAB + _tail_words(20_000)
# Zipf-like weights: the head words dominate, the tail gives a realistic vocabulary size.
_CUM_WEIGHTS = list(itertools.accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(_VOCAB))))
_NUMBERS = ["2.5", "1,000", "40", "2022", "3.7", "10,000", "30", "1.2", "500", "24"]
_STAGE = ["(Laughter.)", "(Applause.)", "(Inaudible.)", "(inaudible)", "(Via interpreter)",
          "[crosstalk]"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _sentence(rng: random.Random) -> str:
    n = rng.randint(6, 28)
    words = rng.choices(_VOCAB, cum_weights=_CUM_WEIGHTS, k=n)
    if rng.random() < 0.15:
        words.insert(rng.randrange(len(words)), rng.choice(_NUMBERS))
    if rng.random() < 0.05:
        words.insert(rng.randrange(len(words)), "at 2:30 p.m.")
    if rng.random() < 0.2:
        words[rng.randrange(len(words))] += ","
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + rng.choice([".", ".", ".", "?", "!"])


def _paragraph(rng: random.Random) -> str:
    parts = [_sentence(rng) for _ in range(rng.randint(2, 7))]
    if rng.random() < 0.06:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(_STAGE))
    return "  ".join(parts)


def _document(rng: random.Random, index: int, target_bytes: int) -> str:
    year = 2021 + index % 3
    month = _MONTHS[index % 12]
    day = 1 + index % 28
    title = f"Department Press Briefing {index}: Remarks on {rng.choice(_VOCAB)} and NATO"
    lines = [
        "An official website of the United States government",
        "",
        title,
        f"Washington, DC {month} {day}, {year}",
        f"{month} {day}, {year}",
        "",
        "",
        "Left to right: the Secretary of State with the spokesperson",
        "",
        "",
    ]
    size = sum(len(line) + 1 for line in lines)
    labels = [label for label, _ in _LABELS]
    weights = [w for _, w in _LABELS]
    while size < target_bytes:
        label = rng.choices(labels, weights=weights)[0]
        paragraphs = [_paragraph(rng) for _ in range(rng.choice([1, 1, 2, 3, 4]))]
        sep = rng.choice(["  ", "  ", "\u00a0"])
        block = f"{label}:{sep}" + "\n\n".join(paragraphs)
        lines.extend([block, ""])
        size += len(block) + 2
    lines.extend(["(The briefing was concluded at 2:25 p.m.)", "", "# # #", "",
                  "Related: Secretary Blinken’s Travel to Brussels"])
    return "\n".join(lines) + "\n"


def write_synthetic_corpus(folder: str | Path, megabytes: float, *, seed: int = 0,
                           file_kb: int = 30) -> list[Path]:
    """Write about ``megabytes`` MB of seed-like transcripts into ``folder``.

    Parameters
    ----------
    folder
        Where to write; created if missing. Existing files of the same names are replaced.
    megabytes
        Total size to write (1 MB = 1,000,000 bytes of UTF-8).
    seed
        Random seed: the same seed writes the same files.
    file_kb
        Approximate size of each file in KB.

    Returns
    -------
    list of Path
        The files written, in order.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    n_files = max(1, round(megabytes * 1000 / file_kb))
    rng = random.Random(seed)
    paths = []
    for index in range(n_files):
        text = _document(rng, index, file_kb * 1000)
        path = folder / f"briefing-{index:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    out = write_synthetic_corpus(sys.argv[1], float(sys.argv[2]))
    print(f"wrote {len(out)} files to {sys.argv[1]}")


OUT = Path(__file__).resolve().parent / "out"


def synthetic_corpus(megabytes: int) -> Path:
    """The synthetic corpus of that size under benchmarks/out/, written on first use.

    Every benchmark reads the same folders, so they measure the same text.
    """
    folder = OUT / f"synthetic-{megabytes}mb"
    if not (folder / ".complete").exists():
        write_synthetic_corpus(folder, megabytes)
        (folder / ".complete").write_text("ok")
    return folder
