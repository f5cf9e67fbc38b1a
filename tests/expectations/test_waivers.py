"""`budgetwh waive`: a checked finding releases its document; the finding stays on record."""

from __future__ import annotations

import psycopg
import pytest

from expectations.run import validate_documents
from expectations.waivers import WaiverError, waive
from ingest.reading.parse import parse_file
from tests.expectations.gx_cases import copy_with_id, find_row, load_all, scratch_pair, set_cell


def test_waiving_the_only_error_releases_the_document(warehouse_dsn: str, seed_path) -> None:
    raw, audit = scratch_pair(warehouse_dsn, "waive")
    doc = copy_with_id(parse_file(seed_path), "waive")
    row = find_row(doc, "expenditure", code="2013201")
    set_cell(row, "total", "416.96")  # 合计 no longer = 基本 416.86 + 项目 0 → B07 (and the sums above it)
    load_all(warehouse_dsn, [doc], raw, "load-1")
    first = validate_documents(warehouse_dsn, [doc.document.id], "load-1", raw=raw, audit=audit)
    assert first.statuses[doc.document.id] == "quarantined"
    broken = sorted({f["rule"] for f in first.errors(doc.document.id)})
    assert "B07" in broken

    outcome = None
    for rule in broken:
        outcome = waive(doc.document.id[:20], rule, "checked against the paper: printed so", who="tester",
                        uri=warehouse_dsn, raw=raw, audit=audit)
    assert outcome is not None and outcome.status == "accepted" and outcome.remaining_errors == 0

    with psycopg.connect(warehouse_dsn) as conn:
        waivers = conn.execute(f"select rule, waived_by, reason from {audit}.waiver order by rule").fetchall()
        statuses = conn.execute(
            f"select status from {audit}.document_status where document_id = %s order by decided_at",
            (doc.document.id,)).fetchall()
        still_there = conn.execute(
            f"select count(*) from {audit}.finding where document_id = %s and rule = 'B07'",
            (doc.document.id,)).fetchone()[0]
    assert [w[0] for w in waivers] == broken and {w[1] for w in waivers} == {"tester"}
    assert statuses[0] == ("quarantined",) and statuses[-1] == ("accepted",)
    assert still_there >= 2  # the first load's finding and the re-validation's, both kept


def test_waiving_needs_a_finding_and_a_reason(warehouse_dsn: str) -> None:
    raw, audit = scratch_pair(warehouse_dsn, "waive2")
    with pytest.raises(WaiverError, match="no loaded document"):
        waive("ffffffff", "B07", "a reason", uri=warehouse_dsn, raw=raw, audit=audit)
    with pytest.raises(WaiverError, match="reason"):
        waive("ffffffff", "B07", "  ", uri=warehouse_dsn, raw=raw, audit=audit)
