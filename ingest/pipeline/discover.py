"""Stage 1 of the nightly run: the inbox's disclosure files, in reading groups. Reads no disclosure.

Which files count is the readers' registry's word (ingest/readers/registry.py): every suffix
``budgetwh parse`` reads is discovered here, so the two can never drift apart.
"""

from __future__ import annotations

import logging
import stat
import time
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


# names of files a browser, a download tool or an open office program is still writing
IN_PROGRESS_SUFFIXES = (".part", ".crdownload", ".partial", ".download", ".tmp")
LOCK_PREFIX = "~$"  # Word and Excel's owner file beside a document open for editing


def in_progress(name: str) -> str | None:
    """Why a file of this name is still being written (a download's ``.part``, an office lock file
    ``~$…``), or None."""
    lowered = name.lower()
    if name.startswith(LOCK_PREFIX):
        return "an office lock file (the document is open for editing)"
    suffix = next((s for s in IN_PROGRESS_SUFFIXES if lowered.endswith(s)), None)
    return f"a download still in progress ({suffix})" if suffix else None


def refusal(path: Path | str) -> str | None:
    """Why an inbox entry named like a document is not read (None when it is a regular file inside
    the inbox): a symbolic link leading out of the inbox, a folder, a FIFO, a device, a socket, a link
    to nothing. The parse stage reports it by its own name (ingest/pipeline/parse.py) and never opens it."""
    path = Path(path)
    folder = path.parent.resolve()
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return "a symbolic link to nothing (its target is missing or loops)"
        if not target.is_relative_to(folder):
            return "a symbolic link leading out of the inbox: refused"
        path = target
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be looked at: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    what = ("a folder" if stat.S_ISDIR(mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "not a regular file")
    return f"{what}, not a file, though named like a document"


def discover(inbox: Path | str) -> list[str]:
    """The disclosure files in ``inbox`` (not recursive), as absolute paths, sorted by name.

    Only the files a reader takes are listed (every suffix of ingest/readers/registry.py, the same
    that ``budgetwh parse`` reads), and pairing manifests (``<stem>.manifest.json``, docs/pairing.md); hidden files and
    anything else are logged and left alone. Links are resolved: one to a file of the inbox is that
    file (read once); an entry named like a document that is a link leading out of the inbox, a folder
    or another non-file is listed under its own name, for the parse stage to report (:func:`refusal`).
    Files still being written are left out: see :func:`discover_inbox`.
    """
    return discover_inbox(inbox)[0]


def discover_inbox(inbox: Path | str) -> tuple[list[str], list[str]]:
    """:func:`discover`'s paths, and notes on the files left for the next run because they are still
    being written: a download's ``.part`` / ``.crdownload``, an office lock file ``~$…``, or a file
    whose size or modification time changes within ``BUDGETWH_INBOX_SETTLE_SECONDS``."""
    from ingest.reading.pairing import is_manifest

    inbox = inbox_or_setting(inbox)
    if not inbox:
        raise PipelineError("no inbox given: set the DAG param `inbox` or BUDGETWH_INBOX")
    folder = Path(inbox).expanduser()
    if not folder.is_dir():
        raise PipelineError(f"inbox {folder} is not a folder")
    found: dict[str, Path] = {}
    ignored, notes = [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        if (why := in_progress(path.name)) is not None:
            notes.append(f"{path.name}: {why}; left for the next run")
            continue
        if format_of(path) is None and not is_manifest(path):
            ignored.append(path)
            continue
        if refusal(path) is not None:
            found[str(path.absolute())] = path  # reported under its own name by the parse stage
            continue
        target = path.resolve()
        if str(target) in found:
            log.info("inbox %s: %s is a link to %s, read once", folder, path.name, target.name)
            continue
        found[str(target)] = target
    if ignored:
        log.info("inbox %s: ignoring %d file(s) of other types: %s", folder, len(ignored),
                 ", ".join(p.name for p in ignored))
    changing = _still_changing([p for p in found.values() if refusal(p) is None])
    for path in changing:
        notes.append(f"{path.name}: still being written (its size or time changed while the inbox was read); "
                     "left for the next run")
        found = {k: v for k, v in found.items() if v != path}
    for note in notes:
        log.info("inbox %s: %s", folder, note)
    return sorted(found, key=lambda k: Path(k).name), notes


def _still_changing(paths: Sequence[Path]) -> list[Path]:
    """The files whose size or modification time differ between two looks ``BUDGETWH_INBOX_SETTLE_SECONDS``
    apart. Only a file modified within that time is looked at twice: a file left alone longer is
    not being written, so a settled inbox costs no wait."""
    settle = settings.read_limits()["BUDGETWH_INBOX_SETTLE_SECONDS"]
    if not settle:
        return []
    first = {p: _look(p) for p in paths}
    recent = [p for p, seen in first.items() if seen is not None and time.time() - seen[1] / 1e9 < settle]
    if not recent:
        return []
    newest = max(first[p][1] for p in recent) / 1e9
    time.sleep(min(settle, max(0.1, newest + settle - time.time())))
    return [p for p in recent if _look(p) != first[p]]


def _look(path: Path) -> tuple[int, int] | None:
    try:
        seen = path.stat()
    except OSError:
        return None
    return seen.st_size, seen.st_mtime_ns


def discover_groups(inbox: Path | str) -> list[dict[str, Any]]:
    """The inbox's files in reading groups, one parse task each (ingest/reading/pairing.py ``inbox_groups``):
    a manifest with its files, ``<stem>_narrative`` + ``<stem>_tables``, else one file.

    Each group is ``{"label": "a_narrative.pdf + a_tables.pdf", "how": "name", "paths": [...]}``,
    small enough for an XCom; grouping reads no disclosure, so this task stays cheap.
    """
    from ingest.reading.pairing import inbox_groups

    paths, notes = discover_inbox(inbox)
    groups = [as_task_input(g) for g in inbox_groups([Path(p) for p in paths])]
    # files still being written: no file to read, a note the summary carries (ingest/pipeline/load.py)
    return groups + [{"label": note.split(": ", 1)[0], "how": "left_for_next_run", "paths": [], "note": note}
                     for note in notes]


def as_task_input(group) -> dict[str, Any]:
    """A pairing.Group as a mapped parse task's input (an XCom): its label names its files."""
    return {"label": " + ".join(f.name for f in group.files), "how": group.how,
            "paths": [str(f) for f in group.files]}


def group_files(groups: Sequence[dict[str, Any]]) -> list[str]:
    """Every disclosure file of the groups (manifests are instructions, not files to record)."""
    from ingest.reading.pairing import is_manifest

    return [path for g in groups for path in g["paths"] if not is_manifest(Path(path))]
