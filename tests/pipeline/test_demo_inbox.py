"""The demo inbox (ingest/demo.py) and its writer (ingest/writers/text_rendering.py).

The generator promises documents whose every identity holds, in the seed's text rendering, so
that the reader reads back exactly what it intended: these tests parse each generated file and
compare figures and every table cell with the intended document, run the production rules on all
of them (only the deliberately broken one may fail, on B07), and round-trip the seed itself
through the writer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import demo
from ingest.model import Document
from ingest.parse import parse_file
from ingest.writers.text_rendering import HEBEI_FUNCTION_LINES, chinese_number, render_text


@pytest.fixture(scope="module")
def generated() -> list[demo.DemoDocument]:
    return demo.generate_documents()


@pytest.fixture(scope="module")
def demo_inbox(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo-inbox")
    demo.write_demo_inbox(folder, include_seed=False)
    return folder


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
    assert {d.year for d in generated} == set(demo.DEFAULT_YEARS)
    broken = [d for d in generated if d.broken_rule]
    assert [(d.department, d.year, d.broken_rule) for d in broken] == [("公安分局", 2024, "B07")]
    classes = {r.code for d in generated for r in d.document.table("summary").rows if r.line == "function"}
    assert {"201", "204", "205", "208", "210", "212", "213", "221"} <= classes
    purchases = [r.values["total"] for d in generated for r in d.document.table("three_public").rows
                 if r.line == "car.purchase"]
    assert any(purchases), "no department buys a car"


def test_generation_is_deterministic(generated):
    again = demo.generate_documents()
    assert [d.text for d in again] == [d.text for d in generated]
    other = demo.generate_documents(seed=demo.DEFAULT_SEED + 1)
    assert [d.text for d in other] != [d.text for d in generated]


def test_every_demo_document_reads_back_as_intended(generated, demo_inbox: Path):
    for item in generated:
        parsed = parse_file(demo_inbox / item.filename)
        assert parsed.document.status == "parsed", item.filename
        assert parsed.figures == item.figures, item.filename
        assert parsed.document.department == item.department and parsed.document.year == item.year
        assert parsed.document.region == demo.REGION
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
    from ingest.load import ensure_schema, load_document, start_load

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


def test_write_demo_inbox_adds_the_seed_when_shared_exists(tmp_path: Path, seed_path: Path):
    written = demo.write_demo_inbox(tmp_path, departments=["finance"], years=[2024])
    assert [p.name for p in written] == sorted([seed_path.name, "demo_2024_106_finance.txt"])
    assert (tmp_path / seed_path.name).read_bytes() == seed_path.read_bytes()
    assert demo.write_demo_inbox(tmp_path, include_seed=False, departments=["finance"], years=[2024]) == [
        tmp_path / "demo_2024_106_finance.txt"
    ]


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
    assert demo.DEMO_NOTE in lines, "generated documents say they are generated"
    assert [chinese_number(n) for n in (1, 10, 13, 20, 31)] == ["一", "十", "十三", "二十", "三十一"]
