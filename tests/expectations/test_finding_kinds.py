"""Reading findings and document defects apart (issue 11): who is at fault decides the status.

Three copies of the seed in one real validation (real PostgreSQL, real Great Expectations): the
seed itself (accepted), the seed with one cell printed so that the reader cannot read it (the seed's
text with 416.86 → 416.8O: an R01 reading error, the document held as **unread**), and the seed with
one broken identity (B07: a document error, **quarantined**). The kind comes from the rule id
(ingest/reference/finding_kinds.csv) everywhere: the contract's Finding, audit.finding.kind,
ValidationResult.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from gx_cases import copy_with_id, find_row, load_all, scratch_pair, set_cell

from expectations.run import validate_documents
from ingest.model import Finding, finding_kind, finding_kinds
from ingest.reading.parse import parse_file


def unreadable_copy(seed_path: Path, folder: Path) -> Path:
    """The seed with the 一般公共服务支出 row's 基本支出 cell misprinted for the reader (416.8O)."""
    lines = seed_path.read_text(encoding="utf-8").split("\n")
    cell = next(i for i, line in enumerate(lines) if line == "\t416.86" and "\t201" in lines[i - 4:i])
    lines[cell] = "\t416.8O"
    path = folder / seed_path.name.replace(".txt", "_unreadable.txt")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_every_rule_family_has_a_kind_and_r_rules_are_reading():
    kinds = finding_kinds()
    assert set(kinds.values()) == {"reading", "document"}
    for rule in ("R01", "R02", "R03", "R99"):  # every R rule, those still to come too
        assert finding_kind(rule) == "reading"
    for rule in ("S01", "S02", "S03", "S04", "S05", "S06", "B07", "F01", "X02", "N01", "P01", "P02", "P03"):
        assert finding_kind(rule) == "document", rule
    with pytest.raises(ValueError):
        finding_kind("Q01")
    assert Finding(rule="R01", severity="error", message="m").kind == "reading"
    with pytest.raises(ValueError):
        Finding(rule="B07", severity="error", kind="reading", message="m")


@pytest.fixture(scope="module")
def kinds_run(warehouse_dsn, seed_path, tmp_path_factory):
    seed = parse_file(seed_path)
    unreadable = parse_file(unreadable_copy(seed_path, tmp_path_factory.mktemp("unreadable")))
    broken = copy_with_id(seed, "b07")
    row = find_row(broken, "expenditure", code="201")
    set_cell(row, "total", "600.00")
    docs = {"seed": copy_with_id(seed, "seed"), "unreadable": unreadable, "broken": broken}
    raw, audit = scratch_pair(warehouse_dsn, "kinds")
    load_all(warehouse_dsn, list(docs.values()), raw, "kinds-load")
    result = validate_documents(warehouse_dsn, [d.document.id for d in docs.values()], "kinds-load",
                                raw=raw, audit=audit)
    return docs, result, raw, audit


def test_the_reader_names_what_it_could_not_read_as_a_reading_finding(kinds_run):
    docs, _, _, _ = kinds_run
    [r01] = [f for f in docs["unreadable"].findings if f.rule == "R01"]
    assert r01.kind == "reading" and r01.severity == "error"
    assert r01.table == "expenditure" and r01.column == "basic" and "416.8O" in r01.message
    assert all(f.kind == "document" for f in docs["seed"].findings)


def test_a_document_the_reader_could_not_read_is_unread_not_quarantined(kinds_run):
    docs, result, _, _ = kinds_run
    assert result.statuses[docs["seed"].document.id] == "accepted"
    assert result.statuses[docs["unreadable"].document.id] == "unread"
    assert result.statuses[docs["broken"].document.id] == "quarantined"
    reading = result.of_kind(docs["unreadable"].document.id, "reading")
    assert [f["rule"] for f in reading] == ["R01"]
    broken = result.findings[docs["broken"].document.id]
    assert {f["rule"] for f in broken if f["severity"] == "error"} >= {"B07"}
    assert all(f["kind"] == "document" for f in broken)
    for findings in result.findings.values():
        for finding in findings:
            Finding(**finding)  # the contract's shape, kind included


def test_audit_records_each_finding_kind(kinds_run, warehouse_dsn):
    import psycopg

    docs, _, _, audit = kinds_run
    with psycopg.connect(warehouse_dsn) as conn:
        rows = conn.execute(
            f"select document_id, rule, kind from {audit}.finding where load_id = 'kinds-load'"
        ).fetchall()
        statuses = dict(conn.execute(f"select document_id, status from {audit}.document_status").fetchall())
    assert rows and all(kind == finding_kind(rule) for _, rule, kind in rows)
    assert (docs["unreadable"].document.id, "R01", "reading") in rows
    assert (docs["broken"].document.id, "B07", "document") in rows
    assert statuses[docs["unreadable"].document.id] == "unread"
    assert statuses[docs["broken"].document.id] == "quarantined"


def test_an_old_warehouse_gets_the_kind_column_and_the_unread_status(warehouse_dsn):
    """ensure_schema on a warehouse made before kinds existed: the column, the check and the backfill."""
    import psycopg

    from ingest.warehouse.load import ensure_schema

    raw, audit = scratch_pair(warehouse_dsn, "oldwh")
    with psycopg.connect(warehouse_dsn, autocommit=True) as conn:
        conn.execute(f"alter table {audit}.finding drop column kind")
        conn.execute(f"alter table {audit}.document_status drop constraint document_status_status_check")
        conn.execute(f"alter table {audit}.document_status add constraint document_status_status_check "
                     "check (status in ('accepted', 'quarantined'))")
        conn.execute(f"insert into {audit}.finding (load_id, document_id, rule, severity, message) values "
                     "('old', 'd1', 'R01', 'error', 'm'), ('old', 'd1', 'B07', 'error', 'm')")
    ensure_schema(warehouse_dsn, raw=raw, audit=audit)
    with psycopg.connect(warehouse_dsn) as conn:
        kinds = dict(conn.execute(f"select rule, kind from {audit}.finding where load_id = 'old'").fetchall())
        conn.execute(f"insert into {audit}.document_status (load_id, document_id, status, errors, warnings) "
                     "values ('old', 'd1', 'unread', 1, 0)")
    assert kinds == {"R01": "reading", "B07": "document"}
