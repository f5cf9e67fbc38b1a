"""Stage 6: what the run did, read back from the audit tables; and the check that fails the run
when a step failed (the summary itself runs whatever happened upstream)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ingest.errors import PipelineError
from ingest.pipeline.load import FILE_STATUSES
from ingest.pipeline.validate import latest_decisions
from ingest.settings import gx_docs_dir


def _mart_tables(conn) -> list[str]:
    rows = conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema = 'marts' order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


# what a held-back document's status says, in the words of the report
HELD_BACK = {"unread": "could not be read", "quarantined": "does not add up"}


def _error_findings(conn, decisions: Sequence[dict[str, Any]], limit: int = 3) -> dict[str, list[str]]:
    """The first error findings of each unread or quarantined document, from the load that decided
    it: an unread document's reading errors first (why it could not be read), each labelled with its
    kind."""
    pairs = [(d["document_id"], d["decided_in_load"]) for d in decisions if d["status"] in HELD_BACK]
    out: dict[str, list[str]] = {}
    for document_id, load_id in pairs:
        rows = conn.execute(
            """select rule, kind, message from audit.finding
               where load_id = %s and document_id = %s and severity = 'error'
               order by kind = 'reading' desc, rule, finding_id limit %s""",
            (load_id, document_id, limit),
        ).fetchall()
        out[document_id] = [f"{rule} ({kind} finding): {message}" for rule, kind, message in rows]
    return out


def _redacted(uri: str) -> str:
    from urllib.parse import urlparse

    parts = urlparse(uri)
    if parts.password:
        return uri.replace(f":{parts.password}@", ":***@", 1)
    return uri


def unreachable(uri: str) -> str | None:
    """Why the warehouse at ``uri`` cannot be reached now (the server's error, one line), or None when
    it answers."""
    import psycopg

    try:
        with psycopg.connect(uri, connect_timeout=10) as conn:
            conn.execute("select 1")
    except psycopg.OperationalError as exc:
        return " ".join(str(exc).split()) or type(exc).__name__
    return None


def summarise(
    load_id: str | None,
    load: dict[str, Any] | None = None,
    validation: dict[str, Any] | None = None,
    marts: dict[str, Any] | None = None,
    mart_checks: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What this run did, read back from the audit tables: files by status, documents accepted,
    warned, unread (the reader could not read them) and quarantined (they do not add up), with the
    first error findings of the last two, the steps that failed, the DSN, the
    mart tables and where the GX data docs are. A step whose result is None did not succeed.

    When the warehouse cannot be reached (its server died mid-run), the summary says so
    (``warehouse_unreachable``: the error) with the steps that failed, and has no counts: nothing
    could be read back."""
    from ingest.warehouse import connection as warehouse

    steps = {"load_raw": load, "validate": validation, "build_marts": marts, "validate_marts": mart_checks}
    failed_steps = [name for name, result in steps.items() if result is None]
    from ingest.pipeline import data_docs

    uri = warehouse.dsn()
    docs_index = data_docs.load_index(load_id) if load_id else None  # None: no document validated now
    summary: dict[str, Any] = {"load_id": load_id, "dsn": _redacted(uri), "failed_steps": failed_steps,
                               "gx_data_docs": str(docs_index) if docs_index else None,
                               "gx_docs_index": str(gx_docs_dir() / "index.html"), "files": [], "documents": []}
    if not load_id:
        summary["state"] = "failed"
        return summary
    import psycopg

    try:
        _read_back(summary, load_id, uri)
    except psycopg.Error:  # a server gone (said so), or any other database error (raised)
        why = unreachable(uri)
        if why is None:
            raise
        summary.update(warehouse_unreachable=why, state="failed")
        return summary
    for status in FILE_STATUSES:
        summary[status] = sum(f["status"] == status for f in summary["files"])
    documents = summary["documents"]
    summary["accepted"] = sum(d["status"] == "accepted" for d in documents)
    summary["unread"] = sum(d["status"] == "unread" for d in documents)
    summary["quarantined"] = sum(d["status"] == "quarantined" for d in documents)
    summary["warned"] = sum(d["status"] == "accepted" and d["warnings"] > 0 for d in documents)
    if mart_checks:
        summary["published_documents"] = mart_checks.get("published_documents")
    if marts:
        summary["dbt_log"] = marts.get("dbt_log")  # where dbt logged, wherever the task ran
    summary["left_for_next_run"] = (load or {}).get("left_for_next_run") or []  # notes of discover.py
    summary["state"] = "failed" if failed_steps else "success"
    return summary


def _read_back(summary: dict[str, Any], load_id: str, uri: str) -> None:
    """The load's files, the latest decision of its documents, the mart tables and the loads this run
    closed, from the warehouse into ``summary``."""
    from ingest.warehouse import connection as warehouse

    with warehouse.connect(uri) as conn:
        files = conn.execute(
            """select file_name, status, document_id, error from audit.load_file
               where load_id = %s order by file_name""",
            (load_id,),
        ).fetchall()
        summary["files"] = [dict(zip(("file_name", "status", "document_id", "error"), f, strict=True)) for f in files]
        document_ids = sorted({f["document_id"] for f in summary["files"]
                               if f["document_id"] and f["status"] in ("loaded", "already_loaded")})
        documents = latest_decisions(conn, document_ids)
        reasons = _error_findings(conn, documents)
        for document in documents:
            document["reasons"] = reasons.get(document["document_id"], [])
            document["decided_now"] = document["decided_in_load"] == load_id
        summary["documents"] = documents
        summary["undecided"] = len(set(document_ids) - {d["document_id"] for d in documents})
        summary["mart_tables"] = _mart_tables(conn)
        from ingest.pipeline.run_lock import interrupted_loads

        summary["interrupted_loads"] = interrupted_loads(conn, load_id)  # dead runs this run closed


def finish_run(
    load_id: str | None,
    load: dict[str, Any] | None = None,
    validation: dict[str, Any] | None = None,
    marts: dict[str, Any] | None = None,
    mart_checks: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The DAG's ``summarise``: :func:`summarise`, then give the warehouse back (ingest/pipeline/run_lock.py),
    recording in audit.load how the run ended (finished, or failed when a step failed)."""
    from ingest.pipeline import run_lock

    summary = summarise(load_id, load, validation, marts, mart_checks)
    if not summary.get("warehouse_unreachable"):  # else the lease is stale with its holder: the next run recovers
        run_lock.release(load_id, summary.get("state", "failed"))
    return summary


def raise_for_failed_steps(summary: dict[str, Any]) -> dict[str, Any]:
    """Fail the run when a step failed (the summary itself runs whatever happened upstream).

    Without this the run would count as a success, because its last task — the summary, which runs
    on ALL_DONE so that one bad file never hides the report — succeeded.
    """
    if summary.get("failed_steps"):
        raise PipelineError(f"steps failed: {', '.join(summary['failed_steps'])} (see their task logs)")
    return {"state": summary.get("state"), "load_id": summary.get("load_id")}
