"""Errors and warnings the kit raises, each naming the file, the line and the fix."""

from __future__ import annotations

import os


class KitError(Exception):
    """Base class of every error the kit raises on purpose."""


class TranscriptError(KitError, ValueError):
    """A transcript could not be read.

    Parameters
    ----------
    source
        The file (or other source name) at fault.
    problem
        What is wrong, in one sentence.
    fix
        What the user can do about it.
    line
        1-based line number in the source where the problem applies, if known.
    """

    def __init__(self, source: str | os.PathLike[str], problem: str, fix: str,
                 line: int | None = None) -> None:
        self.source = str(source)
        self.problem = problem
        self.fix = fix
        self.line = line
        where = self.source if line is None else f"{self.source}, line {line}"
        super().__init__(f"{where}: {problem} Fix: {fix}")

    def __reduce__(self) -> tuple:
        # Rebuilt from its parts, so that it crosses from a reader process to the parent.
        return type(self), (self.source, self.problem, self.fix, self.line)


class NotATranscript(TranscriptError):
    """A file that describes a corpus rather than holding a transcript.

    A ParlaMint corpus root (``teiCorpus``) or its person and organisation lists, for
    example: folder reads use them as metadata and pass over them without a warning;
    reading one on its own raises this error.
    """


class TranscriptWarning(UserWarning):
    """Something in a transcript looks doubtful but was read anyway."""
