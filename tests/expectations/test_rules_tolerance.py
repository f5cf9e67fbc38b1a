"""The catalogue's tolerance, on hand-made one-row expenditure tables (only B07 applies to them):
an identity holds when |total - (basic + project)| <= the half-units of all three printed cells,
each cell's own precision (4335.3 beside 3990.45; a whole-元 合计 over rows with fen), with <=.

Also: the quarantine decision (errors quarantine, warnings and waived errors do not), the reader's
findings copied into the audit, re-running a load replacing its findings, Data Docs.
"""

from __future__ import annotations

from decimal import Decimal

import psycopg
import pytest
from gx_cases import load_all, scratch_pair, set_cell

from expectations.run import validate_documents
from ingest.model import Document, DocumentMeta, Finding, Row, Table

UNITS = {1: "元", 10000: "万元"}


def one_row_document(doc_id: str, unit_factor: int, total: str, basic: str, project: str) -> Document:
    row = Row(code="201", name="一般公共服务支出", level=1)
    for column, text in (("total", total), ("basic", basic), ("project", project)):
        set_cell(row, column, text, unit_factor)
    table = Table(
        kind="expenditure",
        title="部门预算支出总表",
        unit=UNITS[unit_factor],
        unit_factor=unit_factor,
        file="hand-made.txt",
        columns=["total", "basic", "project"],
        rows=[row],
    )
    meta = DocumentMeta(id=doc_id, reader_version="test", year=2023, phase="budget", scope="department")
    return Document(document=meta, tables=[table])


# (id, unit, 合计, 基本支出, 项目支出, holds, |difference| in 元)
TOLERANCE_CASES = [
    # 4335.3 is exact to ±500 元, 3990.45 and 344.80 to ±50 元: tolerance 600 元
    ("mixed-within", 10000, "4335.3", "3990.45", "344.80", True, "500"),
    ("mixed-at-tolerance", 10000, "4335.3", "3990.45", "344.79", True, "600"),
    ("mixed-over", 10000, "4335.3", "3990.45", "344.78", False, "700"),
    # a whole-元 合计 (±0.5) over fen rows (±0.005 each): tolerance 0.51 元
    ("yuan-at-tolerance", 1, "1235", "617.25", "617.24", True, "0.51"),
    ("yuan-one-fen-over", 1, "1235", "617.24", "617.24", False, "0.52"),
    ("yuan-exact", 1, "1,234.50", "617.25", "617.25", True, "0"),
]


@pytest.fixture(scope="module")
def tolerance_run(warehouse_dsn, tmp_path_factory):
    raw, audit = scratch_pair(warehouse_dsn, "t_tol")
    docs = [one_row_document(case[0], *case[1:5]) for case in TOLERANCE_CASES]
    load_all(warehouse_dsn, docs, raw, "load-tol")
    docs_dir = tmp_path_factory.mktemp("data-docs")
    result = validate_documents(
        warehouse_dsn, [d.document.id for d in docs], "load-tol", raw=raw, audit=audit, docs_dir=docs_dir
    )
    return result, raw, audit


@pytest.mark.parametrize("case", TOLERANCE_CASES, ids=[c[0] for c in TOLERANCE_CASES])
def test_tolerance_is_the_sum_of_each_cells_half_unit(tolerance_run, case):
    result, _, _ = tolerance_run
    doc_id, _, _, _, _, holds, difference = case
    findings = result.findings[doc_id]
    if holds:
        assert findings == []
        assert result.statuses[doc_id] == "accepted"
    else:
        assert [(f["rule"], f["table"], f["row"], f["column"]) for f in findings] == [
            ("B07", "expenditure", "201 一般公共服务支出", "total")
        ]
        assert abs(Decimal(findings[0]["difference"])) == Decimal(difference)
        assert result.statuses[doc_id] == "quarantined"


def test_data_docs_are_built(tolerance_run):
    result, _, _ = tolerance_run
    assert result.docs_index is not None and result.docs_index.exists()


def test_rerun_replaces_the_loads_findings(warehouse_dsn, tolerance_run):
    _, raw, audit = tolerance_run
    again = validate_documents(
        warehouse_dsn, ["mixed-over", "yuan-one-fen-over"], "load-tol", raw=raw, audit=audit
    )
    assert again.statuses == {"mixed-over": "quarantined", "yuan-one-fen-over": "quarantined"}
    with psycopg.connect(warehouse_dsn) as conn:
        count = conn.execute(
            f"select count(*) from {audit}.finding where load_id = 'load-tol' and document_id = 'mixed-over'"
        ).fetchone()[0]
        statuses = conn.execute(
            f"select count(*) from {audit}.document_status where load_id = 'load-tol'"
        ).fetchone()[0]
        leftovers = conn.execute(f"select count(*) from {audit}.validation_cell").fetchone()[0]
    assert count == 1
    assert statuses == len(TOLERANCE_CASES)
    assert leftovers == 0


def test_waiver_releases_and_reader_findings_are_copied(warehouse_dsn):
    raw, audit = scratch_pair(warehouse_dsn, "t_waive")
    broken = one_row_document("waived", 10000, "4335.3", "3990.45", "300.00")
    read = one_row_document("read-error", 10000, "1.00", "1.00", "")
    read.findings = [Finding(rule="S03", severity="error", table=None, message="两个预算年度：2023 与 2022")]
    warned = one_row_document("read-warn", 10000, "1.00", "1.00", "")
    warned.findings = [Finding(rule="S06", severity="warn", message="部门名称不一致")]
    load_all(warehouse_dsn, [broken, read, warned], raw, "load-w")
    with psycopg.connect(warehouse_dsn) as conn:
        conn.execute(
            f"insert into {audit}.waiver (document_id, rule, reason, waived_by) "
            "values ('waived', 'B07', '纸质文件核对无误', 'test')"
        )
    result = validate_documents(
        warehouse_dsn, ["waived", "read-error", "read-warn"], "load-w", raw=raw, audit=audit
    )
    assert result.statuses == {"waived": "accepted", "read-error": "quarantined", "read-warn": "accepted"}
    assert [f["rule"] for f in result.findings["waived"]] == ["B07"]
    assert [(f["rule"], f["message"]) for f in result.findings["read-error"]] == [
        ("S03", "两个预算年度：2023 与 2022")
    ]
    assert [f["rule"] for f in result.findings["read-warn"]] == ["S06"]
