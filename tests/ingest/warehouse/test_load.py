"""The loader writes a document once, with its cells' text and tolerance, and never twice."""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest

from ingest.model import Document, DocumentMeta, NarrativeFact, Row, SourceFile, SourceRef, Table
from ingest.warehouse.load import finish_load, load_document, record_file, start_load, stated_precision

RAW_TABLES = (
    "document", "source_file", "disclosure_table", "table_row", "table_cell",
    "narrative_fact", "performance_target", "performance_indicator", "reading_finding",
)


def _document(doc_id: str, amount: str = "1018.24") -> Document:
    value = str(Decimal(amount) * 10000)
    return Document(
        document=DocumentMeta(
            id=doc_id, department="测试部门", year=2023, phase="budget", scope="department",
            department_key="测试区|测试部门", document_key="测试区|测试部门|2023|budget|department",
            source_files=[SourceFile(name="t.txt", sha256=doc_id, format="text")], reader_version="test",
        ),
        tables=[
            Table(
                kind="expenditure", title="部门预算支出总表", unit="万元", unit_factor=10000, file="t.txt",
                columns=["total", "basic", "project"],
                rows=[
                    Row(code="201", name="一般公共服务支出", level=1,
                        values={"total": value, "basic": value, "project": None},
                        texts={"total": amount, "basic": amount, "project": ""},
                        half_units={"total": "50", "basic": "50"},
                        source=SourceRef(line=7, text=f"201 | 一般公共服务支出 | {amount} | {amount} | ")),
                ],
            )
        ],
        narrative=[NarrativeFact(kind="expenditure_total", text="支出为1018.24万元", stated=value,
                                 stated_text="1018.24万元", file="t.txt")],
    )


def _counts(conn) -> dict[str, int]:
    return {t: conn.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in RAW_TABLES}


def test_load_is_idempotent_and_keeps_published_text(warehouse_dsn: str) -> None:
    doc = _document("a" * 64)
    with psycopg.connect(warehouse_dsn) as conn:
        load_id = start_load(conn, inbox="test")
        assert load_document(conn, doc, load_id) == "loaded"
        after_first = _counts(conn)
        assert load_document(conn, doc, load_id) == "already_loaded"
        assert _counts(conn) == after_first
        cells = conn.execute(
            "select column_name, amount, half_unit, is_blank, published_text from raw.table_cell "
            "where document_id = %s order by column_name", (doc.document.id,)
        ).fetchall()
    assert cells == [
        ("basic", Decimal("10182400.00"), Decimal("50"), False, "1018.24"),
        ("project", None, Decimal("0"), True, ""),
        ("total", Decimal("10182400.00"), Decimal("50"), False, "1018.24"),
    ]


def test_load_audit_counts_files(warehouse_dsn: str) -> None:
    with psycopg.connect(warehouse_dsn) as conn:
        load_id = start_load(conn, inbox="audit-test")
        doc = _document("b" * 64, "12.00")
        status = load_document(conn, doc, load_id)
        record_file(conn, load_id, "/inbox/t.txt", "b" * 64, doc.document.id, status, {"tables": 1})
        record_file(conn, load_id, "/inbox/bad.txt", None, None, "unreadable", error="bad.txt: not UTF-8")
        summary = finish_load(conn, load_id)
    assert summary == {"files_seen": 2, "documents_loaded": 1, "documents_skipped": 0, "files_failed": 1}


def test_a_failed_document_leaves_nothing_behind(warehouse_dsn: str) -> None:
    doc = _document("c" * 64)
    doc.tables[0].rows[0].values["total"] = "not a number"
    with psycopg.connect(warehouse_dsn) as conn:
        load_id = start_load(conn, inbox="broken")
        with pytest.raises(psycopg.Error):
            load_document(conn, doc, load_id)
        assert conn.execute("select count(*) from raw.document where document_id = %s",
                            (doc.document.id,)).fetchone()[0] == 0


@pytest.mark.parametrize(
    ("text", "half", "unit"),
    [("1029.59万元", Decimal("50"), "万元"), ("11万元", Decimal("5000"), "万元"), ("12.5%", Decimal("0.05"), "%")],
)
def test_stated_precision(text: str, half: Decimal, unit: str) -> None:
    assert stated_precision(text) == (half, unit)
