"""Write a deterministic synthetic corpus of plain-text transcripts like the seed.

Each file has a header (boilerplate line, title, place and date, caption), labelled turns
(``SECRETARY BLINKEN:``, ``MR PRICE:``, ``QUESTION:`` ...) of one to four paragraphs with
the traps real transcripts have (curly apostrophes, ``U.S.``, ``p.m.``, numbers such as
``2.5`` and ``1,000``, hyphenated words, stage directions such as ``(Laughter.)``), and a
trailer. Files are about 30 KB; the same ``seed`` always writes the same bytes.

Fast enough for gigabytes (tens of MB/s on one core): each call draws a pool of sentences once
and assembles the documents from it by sampling indices with numpy, so a sentence recurs about
every ``_POOL`` sentences (~7 MB of text) while word frequencies stay Zipf-like.

Usage: ``python benchmarks/synth.py FOLDER MEGABYTES``.
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

import numpy as np

__all__ = ["synthetic_corpus", "write_synthetic_corpus"]

_LABELS = [
    ("SECRETARY BLINKEN", 6),
    ("MR PRICE", 6),
    ("QUESTION", 10),
    ("MS PORTER", 3),
    ("SECRETARY GENERAL STOLTENBERG", 2),
    ("MODERATOR", 1),
    ("OPERATOR", 1),
    ("FOREIGN MINISTER KULEBA", 1),
    ("SENIOR STATE DEPARTMENT OFFICIAL", 1),
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
    syllables = [
        "ba",
        "ko",
        "ri",
        "tan",
        "mel",
        "sor",
        "vi",
        "du",
        "lek",
        "pra",
        "nos",
        "ter",
        "gi",
        "fal",
        "mun",
        "zer",
        "qua",
        "hil",
        "op",
        "est",
    ]
    words: dict[str, None] = {}
    while len(words) < n:
        words["".join(rng.choices(syllables, k=rng.randint(2, 4)))] = None
    return list(words)


_VOCAB = _VOCAB + _tail_words(20_000)
# Zipf-like weights: the head words dominate, the tail gives a realistic vocabulary size.
_CUM_WEIGHTS = list(itertools.accumulate(1.0 / (rank + 1) ** 1.1 for rank in range(len(_VOCAB))))
_NUMBERS = ["2.5", "1,000", "40", "2022", "3.7", "10,000", "30", "1.2", "500", "24"]
_STAGE = [
    "(Laughter.)",
    "(Applause.)",
    "(Inaudible.)",
    "(inaudible)",
    "(Via interpreter)",
    "[crosstalk]",
]
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


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


_LABEL_NAMES = [label for label, _ in _LABELS]
_LABEL_P = np.array([w for _, w in _LABELS]) / sum(w for _, w in _LABELS)
_PARAGRAPHS = [1, 1, 2, 3, 4]  # paragraphs in a turn
_SEPS = ["  ", "  ", "\u00a0"]  # after the label: two spaces, sometimes a no-break space
_TRAILER = (
    "(The briefing was concluded at 2:25 p.m.)\n\n# # #\n\n"
    "Related: Secretary Blinken’s Travel to Brussels\n"
)
_POOL = 65_536  # distinct sentences per call


def _sentence_pool(pick: np.random.Generator, n: int) -> list[str]:
    """``n`` seed-like sentences as `_sentence` writes them, with the words of all drawn at
    once (`_sentence`'s draw of a word at a time was 20 us a sentence)."""
    lengths = pick.integers(6, 29, size=n)
    ends = np.cumsum(lengths).tolist()
    cum = np.asarray(_CUM_WEIGHTS)
    drawn = np.searchsorted(cum, pick.random(ends[-1]) * cum[-1], side="right")
    words = np.asarray(_VOCAB, dtype=object)[np.minimum(drawn, len(_VOCAB) - 1)].tolist()
    number, clock, comma = (pick.random((3, n)) < [[0.15], [0.05], [0.2]]).tolist()
    where = pick.random((3, n)).tolist()  # where in the sentence each goes
    numbers = pick.choice(_NUMBERS, size=n).tolist()
    stops = pick.choice([".", ".", ".", "?", "!"], size=n).tolist()
    pool, start = [], 0
    for i, end in enumerate(ends):
        sentence = words[start:end]
        start = end
        if number[i]:
            sentence.insert(int(where[0][i] * (len(sentence) + 1)), numbers[i])
        if clock[i]:
            sentence.insert(int(where[1][i] * (len(sentence) + 1)), "at 2:30 p.m.")
        if comma[i]:
            sentence[int(where[2][i] * len(sentence))] += ","
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        pool.append(" ".join(sentence) + stops[i])
    return pool


def _document(
    pick: np.random.Generator,
    pool: list[str],
    min_len: int,
    title_word: str,
    index: int,
    target_bytes: int,
) -> str:
    """One transcript of about ``target_bytes``: turns of paragraphs of sentences sampled from
    ``pool`` by index (numpy draws them in bulk: a Python call per sentence was the cost)."""
    year = 2021 + index % 3
    month = _MONTHS[index % 12]
    day = 1 + index % 28
    head = (
        "An official website of the United States government\n\n"
        f"Department Press Briefing {index}: Remarks on {title_word} and NATO\n"
        f"Washington, DC {month} {day}, {year}\n{month} {day}, {year}\n\n\n"
        "Left to right: the Secretary of State with the spokesperson\n\n\n"
    )
    # Every sentence has at least min_len bytes, so n draws cannot run out.
    n = target_bytes // min_len + 64
    sentences = pick.integers(len(pool), size=n).tolist()
    per_paragraph = pick.integers(2, 8, size=n).tolist()
    per_turn = pick.choice(_PARAGRAPHS, size=n).tolist()
    labels = pick.choice(len(_LABEL_NAMES), size=n, p=_LABEL_P).tolist()
    seps = pick.choice(_SEPS, size=n).tolist()
    stage = (pick.random(n) < 0.06).tolist()
    stage_at = pick.integers(0, 8, size=n).tolist()
    stage_word = pick.choice(len(_STAGE), size=n).tolist()
    blocks = []
    size = len(head)
    s = p = t = 0
    while size < target_bytes:
        paragraphs = []
        for _ in range(per_turn[t]):
            k = per_paragraph[p]
            parts = [pool[i] for i in sentences[s : s + k]]
            if stage[p]:
                parts.insert(stage_at[p] % (k + 1), _STAGE[stage_word[p]])
            paragraphs.append("  ".join(parts))
            s += k
            p += 1
        block = f"{_LABEL_NAMES[labels[t]]}:{seps[t]}" + "\n\n".join(paragraphs)
        blocks.append(block)
        size += len(block) + 2
        t += 1
    return head + "\n\n".join(blocks) + "\n\n" + _TRAILER


def write_synthetic_corpus(
    folder: str | Path, megabytes: float, *, seed: int = 0, file_kb: int = 30
) -> list[Path]:
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
    pick = np.random.default_rng(seed)
    pool = _sentence_pool(pick, _POOL)
    min_len = min(map(len, pool))
    titles = pick.integers(len(_VOCAB), size=n_files).tolist()
    paths = []
    for index in range(n_files):
        text = _document(pick, pool, min_len, _VOCAB[titles[index]], index, file_kb * 1000)
        path = folder / f"briefing-{index:05d}.txt"
        path.write_bytes(text.encode("utf-8"))
        paths.append(path)
    return paths


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


if __name__ == "__main__":
    out = write_synthetic_corpus(sys.argv[1], float(sys.argv[2]))
    print(f"wrote {len(out)} files to {sys.argv[1]}")
