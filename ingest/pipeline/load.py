"""Stage 3: open a load, then load every staged document into ``raw`` (COPY, one transaction per
document, ingest/warehouse/load.py) and write one audit line per file of the inbox."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest.errors import PipelineError
from ingest.hashing import file_sha256
from ingest.pipeline.discover import group_files, inbox_or_setting
from ingest.pipeline.parse import flatten

log = logging.getLogger(__name__)

FILE_STATUSES = ("loaded", "already_loaded", "rejected", "unreadable", "failed")


def load_id_for_run(run_id: str) -> str:
    """A load id derived from the Airflow run id, so a retried task writes to the same load."""
    safe = "".join(c if c.isalnum() or c in "-_.:+" else "_" for c in run_id)
    return f"airflow:{safe}"


def open_load(inbox: str, load_id: str | None = None) -> str:
    """Create the raw and audit schemas when missing and open a load in audit.load."""
    from ingest.warehouse import connection as warehouse
    from ingest.warehouse.load import ensure_schema, start_load

    uri = warehouse.dsn()
    ensure_schema(uri)
    with warehouse.connect(uri) as conn:
        return start_load(conn, inbox_or_setting(inbox) or None, load_id=load_id)


def open_run(inbox: str, load_id: str) -> str:
    """The DAG's ``open_load``: take the warehouse for this run (ingest/pipeline/run_lock.py: wait at
    most ``BUDGETWH_RUN_WAIT`` seconds for another run, recover a dead one's load), then open the load."""
    from ingest.pipeline import run_lock

    run_lock.acquire(load_id)
    return open_load(inbox, load_id)


def _file_counts(doc, file_name: str) -> dict[str, int]:
    """Tables, rows and cells of one file of a document (a narrative half has none)."""
    tables = [t for t in doc.tables if t.file == file_name]
    return {"tables": len(tables), "rows": sum(len(t.rows) for t in tables),
            "cells": sum(len(r.texts) or len(r.values) for t in tables for r in t.rows)}


def _load_one(conn, record: dict[str, Any], load_id: str) -> list[dict[str, Any]]:
    """Load one staged document and write the audit line of each of its files; returns the files'
    outcomes for the summary."""
    from ingest.model import Document
    from ingest.warehouse.load import load_document, record_file

    status = record.get("status")

    def outcomes(final: str, error: str | None, document_id: str | None) -> list[dict[str, Any]]:
        return [{"file_name": f["file_name"], "path": f["path"], "status": final, "document_id": document_id,
                 "error": error} for f in record["files"]]

    if status not in ("parsed", "rejected"):
        for f in record["files"]:
            record_file(conn, load_id, f["path"], f["sha256"], None, status or "failed",
                        parse_seconds=record.get("parse_seconds"), error=record.get("error"))
        return outcomes(status or "failed", record.get("error"), None)
    started = time.perf_counter()
    try:
        doc = Document.model_validate_json(Path(record["staged"]).read_text(encoding="utf-8"))
        loaded = load_document(conn, doc, load_id)
    except Exception as exc:  # noqa: BLE001 - one document's failure is recorded; the others load
        log.exception("loading %s failed", record["paths"])
        names = " + ".join(f["file_name"] for f in record["files"])
        error = f"{names}: load error: {type(exc).__name__}: {exc}"
        for f in record["files"]:
            record_file(conn, load_id, f["path"], f["sha256"], record.get("document_id"), "failed",
                        parse_seconds=record.get("parse_seconds"), error=error)
        return outcomes("failed", error, record.get("document_id"))
    final = "rejected" if doc.document.status == "rejected" else loaded
    seconds = round(time.perf_counter() - started, 3)
    for f in record["files"]:
        record_file(conn, load_id, f["path"], f["sha256"], doc.document.id, final, _file_counts(doc, f["file_name"]),
                    parse_seconds=record.get("parse_seconds"), load_seconds=seconds, error=record.get("error"))
    return outcomes(final, record.get("error"), doc.document.id)


def load_raw(parsed: Sequence[Any] | None, load_id: str | None,
             discovered: Sequence[dict[str, Any]] | None = (),
             paired: Sequence[Any] | None = ()) -> dict[str, Any]:
    """Load every staged document into ``raw`` and record every file in audit.load_file.

    ``parsed`` are the records of the mapped ``parse_group`` tasks (ingest/pipeline/parse.py) (a list per task; a task
    that failed leaves none: every file of ``discovered`` — the groups of ``discover_groups``,
    None only when the discover task failed, which fails this step too — without a record is
    written as ``failed``). ``paired`` are the records of reading content-paired halves together
    (ingest/pipeline/parse.py ``pair_halves``): each replaces the two single-file documents it was made of, which are
    not loaded. Returns the load's counts and, per file, its status; ``document_ids`` are the parsed
    documents of this load (loaded now or already before), which the validate stage decides on.
    """
    from ingest.warehouse import connection as warehouse
    from ingest.warehouse.load import ensure_schema, finish_load, record_file

    if not load_id:
        raise PipelineError("no load id: the open_load step failed")
    if discovered is None:
        raise PipelineError("no list of files: the discover step failed")
    from ingest.pipeline import run_lock

    run_lock.heartbeat(load_id)
    pairs = flatten(paired)
    superseded = {path for r in pairs if len(r["paths"]) > 1 for path in r["paths"]}
    records = [r for r in flatten(parsed) if not (len(r["paths"]) == 1 and r["paths"][0] in superseded)]
    records = sorted(records + pairs, key=lambda r: r["paths"])
    uri = warehouse.dsn()
    ensure_schema(uri)
    files = []
    with warehouse.connect(uri) as conn:
        for record in records:
            files.extend(_load_one(conn, record, load_id))
        reported = {path for r in records for path in r["paths"]}
        for path in group_files(discovered or []):
            if path not in reported:
                error = f"{Path(path).name}: the parse task failed before reporting (see its Airflow log)"
                record_file(conn, load_id, path, file_sha256(path), None, "failed", error=error)
                files.append({"file_name": Path(path).name, "path": path, "status": "failed",
                              "document_id": None, "error": error})
        totals = finish_load(conn, load_id)
    document_ids = sorted({f["document_id"] for f in files if f["status"] in ("loaded", "already_loaded")})
    left = [g["note"] for g in discovered or [] if g.get("note")]  # still being written (discover.py)
    return {"load_id": load_id, **totals, "files": files, "document_ids": document_ids, "left_for_next_run": left}
