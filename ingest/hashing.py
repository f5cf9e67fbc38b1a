"""The sha256 of a file, read in blocks: document ids (ingest/reading/identity.py) and the audit's
file lines (ingest/pipeline/load.py) must hash a file the same way, so there is one function."""

from __future__ import annotations

import hashlib
from pathlib import Path


def file_sha256(path: Path | str) -> str | None:
    """The file's sha256 in hex, or None when it cannot be read."""
    try:
        digest = hashlib.sha256()
        with Path(path).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None
