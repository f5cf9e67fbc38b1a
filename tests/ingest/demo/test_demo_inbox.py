"""The demo inbox (ingest/demo/) and its text writer (ingest/demo/writers/text_rendering.py).

The generator promises documents whose every identity holds, in the seed's text rendering, so
that the reader reads back exactly what it intended: these tests parse each generated file and
compare figures and every table cell with the intended document, run the production rules on all
of them (only the deliberately broken one may fail, on B07), and round-trip the seed itself
through the writer. The demo inbox holds budgets (部门预算) and, for every year but the latest,
final accounts (部门决算): both go through the same checks.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest.demo import catalogue
from ingest.demo import documents as demo_documents
from ingest.demo import inbox as inbox_writer
from ingest.demo.documents import DemoDocument
from ingest.demo.writers.hebei_template import HEBEI_FUNCTION_LINES
from ingest.demo.writers.text_page import chinese_number
from ingest.demo.writers.text_rendering import render_text
from ingest.model import Document
from ingest.reading.parse import parse_file


@pytest.fixture(scope="module")
def generated() -> list[DemoDocument]:
    """What the demo inbox holds: budgets and final accounts (the default of write_demo_inbox)."""
    return demo_documents.generate_documents(phases=catalogue.DEMO_PHASES)


@pytest.fixture(scope="module")
def demo_inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-inbox")
    inbox_writer.write_demo_inbox(folder, include_seed=False)
    return folder


def _budgets(generated: list[DemoDocument]) -> list[DemoDocument]:
    return [d for d in generated if d.phase == "budget"]


def _finals(generated: list[DemoDocument]) -> list[DemoDocument]:
    return [d for d in generated if d.phase == "final"]


def _row_key(row) -> tuple:
    return (row.side, None if row.code else row.line, row.code)


def cell_differences(intended: Document, parsed: Document) -> list[tuple]:
    """(table kind, row key, intended values, parsed values) for every row that reads differently."""
    differences = []
    for table in intended.tables:
        read = parsed.table(table.kind)
        assert read is not None, f"{table.kind} was not read back"
        rows = {_row_key(r): r for r in read.rows}
        for row in table.rows:
            got = rows.get(_row_key(row))
            want = {c: v for c, v in row.values.items() if v is not None}
            have = {c: v for c, v in (got.values.items() if got else ()) if v is not None}
            if want != have:
                differences.append((table.kind, _row_key(row), want, have))
    return differences


def test_at_least_five_departments_two_years_and_one_broken(generated):
    assert len({d.department for d in generated}) >= 5
    assert len(_budgets(generated)) == len(catalogue.DEPARTMENTS) * len(catalogue.DEFAULT_YEARS)
    assert {d.year for d in generated} == set(catalogue.DEFAULT_YEARS)
    broken = [d for d in generated if d.broken_rule]
    assert [(d.department, d.year, d.broken_rule) for d in broken] == [("公安分局", 2024, "B07")]
    classes = {r.code for d in generated for r in d.document.table("summary").rows if r.line == "function"}
    assert {"201", "204", "205", "208", "210", "212", "213", "221"} <= classes
    purchases = [r.values["total"] for d in generated for r in d.document.table("three_public").rows
                 if r.line == "car.purchase"]
    assert any(purchases), "no department buys a car"


def test_generation_is_deterministic(generated):
    again = demo_documents.generate_documents(phases=catalogue.DEMO_PHASES)
    assert [d.text for d in again] == [d.text for d in generated]
    other = demo_documents.generate_documents(seed=catalogue.DEFAULT_SEED + 1, phases=catalogue.DEMO_PHASES)
    assert [d.text for d in other] != [d.text for d in generated]


def test_finals_do_not_change_the_budgets_and_are_off_by_default(generated):
    """Budgets are drawn as before (tests and benchmarks rely on their bytes); generate_documents
    still gives budgets only unless asked, write_demo_inbox (and so `make demo`) adds the finals."""
    budgets_only = demo_documents.generate_documents()
    assert [d.phase for d in budgets_only] == ["budget"] * len(budgets_only)
    assert [(d.filename, d.text) for d in budgets_only] == [(d.filename, d.text) for d in _budgets(generated)]


def test_each_department_publishes_the_final_accounts_of_every_year_but_the_latest(generated):
    finals = _finals(generated)
    assert catalogue.final_years(catalogue.DEFAULT_YEARS) == [2023] and catalogue.final_years([2024]) == []
    assert sorted((d.department, d.year) for d in finals) == sorted((s.name, 2023) for s in catalogue.DEPARTMENTS)
    assert all(d.filename.endswith("_final.txt") and d.broken_rule is None for d in finals)
    budgets = {(d.department, d.year): d for d in _budgets(generated)}
    for final in finals:
        budget = budgets[(final.department, final.year)]
        assert final.document.document.phase == "final"
        assert final.document.document.id != budget.document.document.id
        planned = Decimal(budget.figures.basic_expenditure) + Decimal(budget.figures.project_expenditure)
        spent = Decimal(final.figures.basic_expenditure) + Decimal(final.figures.project_expenditure)
        assert Decimal("0.85") <= spent / planned <= Decimal("1.05"), final.filename  # plausible execution
        assert spent != planned
        # every economic item and project executed at 85–105 % of its budget
        for kind in ("basic_expenditure", "general_budget"):
            want = {r.code: Decimal(r.values["total"]) for r in budget.document.table(kind).rows if r.code}
            got = {r.code: Decimal(r.values["total"]) for r in final.document.table(kind).rows if r.code}
            assert set(got) == set(want), (final.filename, kind)
            # (within 0.01 万元 = 100 元 of it: amounts are whole 0.01 万元, the fraction is dropped)
            outside = [c for c in want if not want[c] * Decimal("0.85") - 100 <= got[c] <= want[c] * Decimal("1.05")]
            assert outside == [], (final.filename, kind, outside)


def test_every_demo_document_reads_back_as_intended(generated, demo_inbox: Path):
    for item in generated:
        parsed = parse_file(demo_inbox / item.filename)
        assert parsed.document.status == "parsed", item.filename
        assert parsed.figures == item.figures, item.filename
        assert parsed.document.department == item.department and parsed.document.year == item.year
        assert parsed.document.phase == item.phase, item.filename
        assert parsed.document.region == catalogue.REGION
        assert parsed.document.id == item.document.document.id, "the generator predicts the document id"
        assert [f.rule for f in parsed.findings] == [], (item.filename, parsed.findings)
        differences = cell_differences(item.document, parsed)
        if item.broken_rule:
            [(kind, key, want, have)] = differences
            assert (kind, key[2]) == ("expenditure", item.broken_row)
            assert have["total"] == have["basic"] != want["total"]
        else:
            assert differences == [], item.filename
        assert len(parsed.performance_targets) == len(item.document.performance_targets)


def test_only_the_broken_document_breaks_a_rule(generated, demo_inbox: Path, warehouse_dsn: str):
    """The production rules (expectations/) on every generated document, in a scratch schema pair."""
    import psycopg

    from expectations.run import validate_documents
    from ingest.warehouse.load import ensure_schema, load_document, start_load

    raw, audit = "scratch_demo_raw", "scratch_demo_audit"
    ensure_schema(warehouse_dsn, raw=raw, audit=audit)
    try:
        docs = {d.filename: parse_file(demo_inbox / d.filename) for d in generated}
        with psycopg.connect(warehouse_dsn) as conn:
            load_id = start_load(conn, "demo", audit=audit)
            for doc in docs.values():
                load_document(conn, doc, load_id, raw=raw)
        result = validate_documents(warehouse_dsn, [d.document.id for d in docs.values()], load_id, raw=raw,
                                    audit=audit)
    finally:
        with psycopg.connect(warehouse_dsn, autocommit=True) as conn:
            conn.execute(f"drop schema if exists {raw} cascade")
            conn.execute(f"drop schema if exists {audit} cascade")
    for item in generated:
        doc_id = docs[item.filename].document.id
        errors = sorted({f["rule"] for f in result.errors(doc_id)})
        warnings = sorted({f["rule"] for f in result.warnings(doc_id)})
        if item.broken_rule:
            assert result.statuses[doc_id] == "quarantined"
            assert item.broken_rule in errors, (item.filename, errors)
        else:
            assert result.statuses[doc_id] == "accepted"
            assert (errors, warnings) == ([], []), (item.filename, result.findings[doc_id])


def test_final_accounts_state_their_execution_and_close_their_own_year(generated, demo_inbox: Path):
    """The 决算 narrative states 年初预算 against 决算 (N05 checks it) and its assets at its year end."""
    for item in _finals(generated):
        parsed = parse_file(demo_inbox / item.filename)
        kinds = {f.kind: f for f in parsed.narrative}
        assert {"initial_budget", "final_amount", "completion", "final_vs_budget"} <= set(kinds), item.filename
        spent = Decimal(item.figures.basic_expenditure) + Decimal(item.figures.project_expenditure)
        assert Decimal(kinds["final_amount"].stated) == spent, item.filename
        assert kinds["as_of_date"].stated == str(item.year)
        summary = parsed.table("summary")
        lines = {(r.side, r.line) for r in summary.rows}
        assert {("income", "non_fiscal_balance"), ("expenditure", "balance_distribution"),
                ("income", "carry_over"), ("expenditure", "year_end_carry")} <= lines


def test_the_writer_prints_the_final_accounts_layout(generated):
    final = _finals(generated)[0]
    lines = final.text.splitlines()
    assert lines[0] == "部门收入支出决算总表"
    assert lines[1:4] == ["\t106财政局", "\t决算年度：2023", "\t单位：万元"]
    for title in ("部门收入决算表", "部门支出决算表", "部门财政拨款收入支出决算总表", "部门一般公共预算财政拨款支出决算表",
                  "部门一般公共预算财政拨款基本支出决算表", "部门财政拨款“三公”经费支出决算表"):
        assert title in lines, title
    assert "\t使用非财政拨款结余" in lines and "\t年末结转和结余" in lines
    assert "财政局2023年部门决算信息公开情况说明" in lines
    assert catalogue.DEMO_NOTE in lines


def test_write_demo_inbox_adds_the_seed_when_shared_exists(tmp_path: Path, seed_path: Path):
    written = inbox_writer.write_demo_inbox(tmp_path, departments=["finance"], years=[2024])
    assert [p.name for p in written] == sorted([seed_path.name, "demo_2024_106_finance.txt"])
    assert (tmp_path / seed_path.name).read_bytes() == seed_path.read_bytes()
    assert inbox_writer.write_demo_inbox(tmp_path, include_seed=False, departments=["finance"], years=[2024]) == [
        tmp_path / "demo_2024_106_finance.txt"
    ]


def test_write_demo_inbox_writes_finals_as_text_renderings(tmp_path: Path):
    written = inbox_writer.write_demo_inbox(tmp_path, include_seed=False, departments=["education"],
                                    formats={"education": "docx"})
    assert [p.name for p in written] == ["demo_2023_130_education.docx", "demo_2023_130_education_final.txt",
                                         "demo_2024_130_education.docx"]
    budgets_only = inbox_writer.write_demo_inbox(tmp_path / "b", include_seed=False, departments=["education"],
                                         phases=("budget",))
    assert [p.name for p in budgets_only] == ["demo_2023_130_education.txt", "demo_2024_130_education.txt"]


def test_the_seed_round_trips_through_the_writer(seed_path: Path, tmp_path: Path):
    seed = parse_file(seed_path)
    copy = tmp_path / "seed_rendered.txt"
    copy.write_text(render_text(seed), encoding="utf-8")
    again = parse_file(copy)
    assert again.figures == seed.figures
    assert again.figures.expenditure_total == "10295900.00"
    assert cell_differences(seed, again) == []


def test_the_writer_prints_the_seed_layout(generated):
    text = generated[0].text
    lines = text.splitlines()
    assert lines[0] == "部门预算收支总表"
    assert lines[1:4] == ["\t106财政局", "\t预算年度：2023", "\t单位：万元"]
    assert "\t三十一、人行科目" in lines and len(HEBEI_FUNCTION_LINES) == 31
    assert "注：无国有资本经营预算财政拨款预算，空表列示。" in lines
    assert catalogue.DEMO_NOTE in lines, "generated documents say they are generated"
    assert [chinese_number(n) for n in (1, 10, 13, 20, 31)] == ["一", "十", "十三", "二十", "三十一"]
