"""A person's release of a finding they checked against the paper.

Why a re-validation and not a status flip: the decision "accepted, unread or quarantined" is made in one place
(expectations/run.py, in SQL, counting unwaived errors). Recording the waiver and validating the
document again under a load id of its own keeps that single definition, leaves the finding visible
(now matched by a waiver) and gives the audit a dated decision that the marts pick up on the next
dbt build.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import UTC, datetime

from ingest import settings


class WaiverError(ValueError):
    """The document or the finding to waive does not exist (or is ambiguous)."""


@dataclass(frozen=True)
class WaiverOutcome:
    document_id: str
    rule: str
    status: str  # the document's new decision: accepted | unread | quarantined
    remaining_errors: int


def _who() -> str:
    return settings.value("BUDGETWH_USER") or getpass.getuser()


def resolve_document(conn, prefix: str, raw: str = "raw") -> str:
    """A full document id from an unambiguous prefix (as printed by `budgetwh run`)."""
    rows = conn.execute(
        f"select document_id from {raw}.document where document_id like %s || '%%' limit 2", (prefix,)
    ).fetchall()
    if not rows:
        raise WaiverError(f"no loaded document has an id starting with {prefix!r}")
    if len(rows) > 1:
        raise WaiverError(f"{prefix!r} names more than one document: give more of its id")
    return rows[0][0]


def waive(document: str, rule: str, reason: str, who: str | None = None, uri: str | None = None,
          raw: str = "raw", audit: str = "audit") -> WaiverOutcome:
    """Record the waiver of ``rule`` on ``document`` and decide the document again."""
    from expectations.run import validate_documents
    from ingest.warehouse import connection as warehouse

    if not reason.strip():
        raise WaiverError("a waiver needs a reason a reader of the audit can follow")
    uri = uri or warehouse.dsn()
    with warehouse.connect(uri) as conn:
        document_id = resolve_document(conn, document, raw)
        found = conn.execute(
            f"select count(*) from {audit}.finding where document_id = %s and rule = %s", (document_id, rule)
        ).fetchone()[0]
        if not found:
            raise WaiverError(f"document {document_id[:12]} has no finding under rule {rule}")
        with conn.transaction():
            conn.execute(
                f"""insert into {audit}.waiver (document_id, rule, reason, waived_by) values (%s, %s, %s, %s)
                    on conflict (document_id, rule) do update
                    set reason = excluded.reason, waived_by = excluded.waived_by, waived_at = now()""",
                (document_id, rule, reason.strip(), who or _who()),
            )
            load_id = "waiver-" + datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            conn.execute(f"insert into {audit}.load (load_id, inbox, note) values (%s, null, %s)",
                         (load_id, f"waiver of {rule} on {document_id}"))
    result = validate_documents(uri, [document_id], load_id, raw=raw, audit=audit)
    status = result.statuses[document_id]
    unwaived = _unwaived_errors(uri, document_id, load_id, audit)
    return WaiverOutcome(document_id, rule, status, unwaived)


def _unwaived_errors(uri: str, document_id: str, load_id: str, audit: str) -> int:
    from ingest.warehouse import connection as warehouse

    with warehouse.connect(uri) as conn:
        return conn.execute(
            f"select errors from {audit}.document_status where load_id = %s and document_id = %s",
            (load_id, document_id),
        ).fetchone()[0]
