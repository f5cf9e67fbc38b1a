"""Stage 4: the balance rules (expectations/) through Great Expectations on this load's documents
that have no decision yet; each document is decided once, like it is loaded once."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def latest_decisions(conn, document_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Each document's latest decision (from whichever load decided it), with its department and files."""
    if not document_ids:
        return []
    rows = conn.execute(
        """select s.document_id, s.status, s.errors, s.warnings, s.load_id, d.department, d.year,
                  (select string_agg(f.file_name, ', ' order by f.file_name)
                     from raw.source_file f where f.document_id = s.document_id)
           from (select distinct on (document_id) document_id, status, errors, warnings, load_id
                 from audit.document_status where document_id = any(%s)
                 order by document_id, decided_at desc, load_id desc) s
           left join raw.document d on d.document_id = s.document_id
           order by d.department nulls last, d.year, s.document_id""",
        (list(document_ids),),
    ).fetchall()
    keys = ("document_id", "status", "errors", "warnings", "decided_in_load", "department", "year", "files")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def undecided_documents(conn, document_ids: Sequence[str]) -> list[str]:
    decided = conn.execute(
        "select distinct document_id from audit.document_status where document_id = any(%s)", (list(document_ids),)
    ).fetchall()
    return sorted(set(document_ids) - {r[0] for r in decided})


def validate(load_summary: dict[str, Any]) -> dict[str, Any]:
    """Run the expectation suites on this load's documents that have no decision yet.

    A document is decided once, like it is loaded once: the same files again change neither raw,
    nor the audit's findings and decisions, nor the marts. A document loaded earlier whose
    validation never ran (a crash between the two steps) is decided now. The decisions are written
    by expectations.run (audit.finding, audit.document_status); this returns the latest decision of
    every document of the load, as read back from the audit, and where the GX data docs are: the
    load's own site (``<gx docs>/<load id>/index.html``, None when no document needed validating).
    """
    from ingest.pipeline import data_docs, run_lock
    from ingest.warehouse import connection as warehouse

    load_id = load_summary["load_id"]
    run_lock.heartbeat(load_id)
    document_ids = list(load_summary.get("document_ids") or [])
    with warehouse.connect() as conn:
        undecided = undecided_documents(conn, document_ids) if document_ids else []
    if undecided:
        from expectations.run import validate_documents

        result = validate_documents(warehouse.dsn(), undecided, load_id, docs_dir=data_docs.load_folder(load_id),
                                    once=True)
        data_docs.record(load_id, result.expectations, result.statuses)
    docs_index = data_docs.load_index(load_id)
    with warehouse.connect() as conn:
        decisions = latest_decisions(conn, document_ids)
    return {
        "load_id": load_id,
        "documents": len(document_ids),
        "validated_now": len(undecided),
        "accepted": sum(d["status"] == "accepted" for d in decisions),
        "unread": sum(d["status"] == "unread" for d in decisions),
        "quarantined": sum(d["status"] == "quarantined" for d in decisions),
        "warned": sum(d["status"] == "accepted" and d["warnings"] > 0 for d in decisions),
        "gx_data_docs": str(docs_index) if docs_index else None,
    }
