"""Stage 2: read each group of files into documents and stage their contract JSON for the loader;
then pair the halves of two-file documents that only their content pairs, and read those together.

See ingest/pipeline/__init__.py for why tasks pass small records, never documents.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest import READER_VERSION
from ingest.hashing import file_sha256
from ingest.pipeline.discover import as_task_input, refusal
from ingest.settings import staging_dir

log = logging.getLogger(__name__)


def staged_path(document_id: str, folder: Path | None = None) -> Path:
    """The staging file of a document's reading: <staging>/<reader version>/<document id>.json
    (the id is a hash of the files' contents and the reader version: the same files, the same file)."""
    return (folder or staging_dir()) / READER_VERSION / f"{document_id}.json"


def _record(paths: Sequence[Path], sha256s: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    """A parse record (see :func:`parse_group`) with every field present. ``sha256s``: the hashes
    the reader computed, by file name (a file read once is hashed once); else each file is hashed."""
    known = sha256s or {}
    record: dict[str, Any] = {
        "paths": [str(p) for p in paths],
        "files": [{"path": str(p), "file_name": p.name, "sha256": known.get(p.name) or file_sha256(p)} for p in paths],
        "status": None, "staged": None, "document_id": None, "department": None, "year": None,
        "phase": None, "scope": None, "has_tables": False, "has_narrative": False, "error": None,
        "parse_seconds": None,
    }
    record.update(fields)
    return record


def _stage(doc, staging: Path | None) -> str:
    target = staged_path(doc.document.id, staging)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(doc.model_dump_json(), encoding="utf-8")
    os.replace(temporary, target)  # atomic: a reader never sees half a file
    return str(target)


def parse_group(paths: Sequence[str], staging: Path | None = None) -> list[dict[str, Any]]:
    """Read one group of files (ingest/pipeline/discover.py ``discover_groups``) into its documents and stage each one's
    contract JSON; return one small record per document for the loader.

    Usually a group is one file and gives one document; two halves give one document over both
    files, or two when reading shows they are not halves of one (ingest/reading/parse.py ``parse_paths``).
    A record: ``paths`` and ``files`` (path, file_name, sha256 of each file of the document),
    ``status`` (parsed | rejected | unreadable | failed), ``staged`` (the JSON's path, when parsed or
    rejected), ``document_id``, ``department``, ``year``, ``phase``, ``scope``, ``has_tables`` and
    ``has_narrative`` (what :func:`pair_halves` needs), ``error`` (why a file is rejected,
    unreadable or failed, naming the file) and ``parse_seconds`` (the group's reading). Never
    raises for a bad file: the rest of the inbox goes on.
    """
    return _read_group(paths, staging)


def _read_group(paths: Sequence[str], staging: Path | None) -> list[dict[str, Any]]:
    from ingest.reading import vocabulary
    from ingest.reading.parse import parse_paths

    started = time.perf_counter()
    files = [Path(p) for p in paths]
    refused = [(f, why) for f in files if (why := refusal(f)) is not None]
    files = [f for f in files if f not in {r for r, _ in refused}]
    # an entry named like a document that is no file of the inbox: reported by its own name, never opened
    records = [{**_record([], status="unreadable", error=f"{f.name}: cannot be read: {why}", parse_seconds=0.0),
                "paths": [str(f)], "files": [{"path": str(f), "file_name": f.name, "sha256": None}]}
               for f, why in refused]
    if not files:
        return records
    by_name = {f.name: f for f in files}
    try:
        documents = parse_paths(files)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the inbox; it is recorded
        log.exception("reader failed on %s", ", ".join(map(str, files)))
        names = " + ".join(f.name for f in files)
        return records + [_record(files, status="failed", error=f"{names}: reader error: {type(exc).__name__}: {exc}",
                        parse_seconds=round(time.perf_counter() - started, 3))]
    seconds = round(time.perf_counter() - started, 3)
    for doc in documents:
        meta = doc.document
        doc_files = [by_name.get(s.name, files[0].parent / s.name) for s in meta.source_files]
        names = " + ".join(f.name for f in doc_files)
        reason = meta.reason or ""
        if meta.status == "rejected" and reason.startswith("unreadable: "):
            records.append(_record(doc_files, status="unreadable", parse_seconds=seconds,
                                   error=f"{names}: cannot be read: {reason.removeprefix('unreadable: ')}"))
            continue
        record = _record(
            doc_files, {f.name: f.sha256 for f in meta.source_files},
            status=meta.status, staged=_stage(doc, staging), document_id=meta.id,
            department=meta.department, year=meta.year, phase=meta.phase, scope=meta.scope,
            has_tables=meta.status == "parsed" and any(t.kind in vocabulary.STANDARD_KINDS for t in doc.tables),
            has_narrative=bool(doc.narrative), parse_seconds=seconds,
            error=f"{names}: rejected: {reason}" if meta.status == "rejected" else None,
        )
        records.append(record)
    return records


def pair_halves(parsed: Sequence[Sequence[dict[str, Any]] | None] | None) -> list[dict[str, Any]]:
    """Groups of files to read again together: halves of one document that only their content
    pairs (the same department, year, phase and scope; ingest/reading/pairing.py step 2), found among the
    documents of single files that :func:`parse_group` read. Empty when there are none (then the
    mapped ``parse_pair`` task has nothing to do and is skipped)."""
    from ingest.reading.pairing import FileFacts, pair

    facts = [
        FileFacts(path=Path(r["paths"][0]), has_tables=r["has_tables"], has_narrative=r["has_narrative"],
                  department=r["department"], year=r["year"], phase=r["phase"], scope=r["scope"])
        for r in flatten(parsed)
        if r["status"] == "parsed" and len(r["paths"]) == 1
    ]
    return [as_task_input(g) for g in pair(facts) if len(g.files) > 1]


def parse_pair(paths: Sequence[str], staging: Path | None = None) -> list[dict[str, Any]]:
    """Read again, together, two halves :func:`pair_halves` found: :func:`parse_group` under its
    own name, so a run's progress counts each file once (ingest/progress.py)."""
    return _read_group(paths, staging)


def flatten(records: Sequence[Any] | None) -> list[dict[str, Any]]:
    """Mapped parse tasks return a list of records each; a task that died returns nothing.

    Airflow hands over the mapped results as a lazy sequence: one slice fetches them all (iterating
    would fetch one by one, and log an error when it runs past the end)."""
    out: list[dict[str, Any]] = []
    for item in (records or [])[:]:
        if isinstance(item, dict):
            out.append(item)
        elif item:
            out.extend(r for r in item if r)
    return out
