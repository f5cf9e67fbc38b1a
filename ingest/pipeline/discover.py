"""Stage 1 of the nightly run: the inbox's disclosure files, in reading groups. Reads no disclosure.

Which files count is the readers' registry's word (ingest/readers/registry.py): every suffix
``budgetwh parse`` reads is discovered here, so the two can never drift apart.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest import settings
from ingest.errors import PipelineError
from ingest.readers.registry import format_of

log = logging.getLogger(__name__)


def inbox_or_setting(inbox: Path | str | None) -> str:
    """The DAG param ``inbox`` when given, else ``BUDGETWH_INBOX`` (ingest/settings.py), read where the
    task runs: the DAG file reads no setting when it is parsed."""
    return str(inbox or "").strip() or settings.inbox()


def discover(inbox: Path | str) -> list[str]:
    """The disclosure files in ``inbox`` (not recursive), as absolute paths, sorted by name.

    Only the files a reader takes are listed (every suffix of ingest/readers/registry.py, the same
    that ``budgetwh parse`` reads), and pairing manifests (``<stem>.manifest.json``, docs/pairing.md); hidden files and
    anything else are logged and left alone.
    """
    from ingest.reading.pairing import is_manifest

    inbox = inbox_or_setting(inbox)
    if not inbox:
        raise PipelineError("no inbox given: set the DAG param `inbox` or BUDGETWH_INBOX")
    folder = Path(inbox).expanduser()
    if not folder.is_dir():
        raise PipelineError(f"inbox {folder} is not a folder")
    found, ignored = [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file() or path.name.startswith("."):
            continue
        (found if format_of(path) is not None or is_manifest(path) else ignored).append(path)
    if ignored:
        log.info("inbox %s: ignoring %d file(s) of other types: %s", folder, len(ignored),
                 ", ".join(p.name for p in ignored))
    return [str(p.resolve()) for p in found]


def discover_groups(inbox: Path | str) -> list[dict[str, Any]]:
    """The inbox's files in reading groups, one parse task each (ingest/reading/pairing.py ``inbox_groups``):
    a manifest with its files, ``<stem>_narrative`` + ``<stem>_tables``, else one file.

    Each group is ``{"label": "a_narrative.pdf + a_tables.pdf", "how": "name", "paths": [...]}``,
    small enough for an XCom; grouping reads no disclosure, so this task stays cheap.
    """
    from ingest.reading.pairing import inbox_groups

    groups = inbox_groups([Path(p) for p in discover(inbox)])
    return [as_task_input(g) for g in groups]


def as_task_input(group) -> dict[str, Any]:
    """A pairing.Group as a mapped parse task's input (an XCom): its label names its files."""
    return {"label": " + ".join(f.name for f in group.files), "how": group.how,
            "paths": [str(f) for f in group.files]}


def group_files(groups: Sequence[dict[str, Any]]) -> list[str]:
    """Every disclosure file of the groups (manifests are instructions, not files to record)."""
    from ingest.reading.pairing import is_manifest

    return [path for g in groups for path in g["paths"] if not is_manifest(Path(path))]
