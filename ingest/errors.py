"""Errors budgetwh raises rather than returns: a file that cannot be read, a pipeline step that cannot run.

A file that cannot be read at all (undecodable bytes, missing, unreadable) is not a document and has
no findings to carry, so it raises; the CLI and the loader turn it into an ``unreadable`` audit line
or a rejected document. Everything that can be read, however broken, becomes a Document with findings.
"""

from __future__ import annotations

from pathlib import Path


class UnreadableFile(Exception):
    """The file could not be opened or decoded."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class PipelineError(RuntimeError):
    """A step of the nightly run that cannot do its job (no inbox, no load, a mart that disagrees with raw)."""
