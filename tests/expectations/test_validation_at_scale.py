"""What keeps one set-based validation linear and repeatable (expectations/run.py, sql/).

* the rule queries run without nested-loop joins (``RULE_SESSION_SETTINGS``): GX's sessions get the
  setting, and every rule still finds what it finds (the demo's broken document: B07);
* GX's connection pools are closed after each validation, so validating again and again does not
  pile up connections;
* working rows left by a validation that died before ``finish_validation`` are dropped by the next
  one once they are a day old, so they are not scanned forever.

bench/validate_scale.py measures the scaling itself (BENCHMARKS.md).
"""

from __future__ import annotations

import psycopg
import pytest
from gx_cases import scratch_pair

from expectations import run
from ingest.demo.catalogue import BROKEN
from ingest.demo.documents import generate_documents
from ingest.reading.parse import parse_file
from ingest.warehouse.load import load_document, start_load


@pytest.fixture(scope="module")
def pair(warehouse_dsn: str, tmp_path_factory):
    """The demo's broken document and a balanced one, loaded into a scratch pair."""
    raw, audit = scratch_pair(warehouse_dsn, "scale")
    folder = tmp_path_factory.mktemp("scale")
    department, year = BROKEN
    ids = {}
    with psycopg.connect(warehouse_dsn) as conn:
        load_id = start_load(conn, "scale", audit=audit)
        for demo in generate_documents(departments=[department, "finance"], years=[year]):
            path = folder / demo.filename
            path.write_text(demo.text, encoding="utf-8")
            doc = parse_file(path)
            load_document(conn, doc, load_id, raw=raw)
            ids[demo.filename] = (doc.document.id, demo.broken_rule)
    yield raw, audit, ids
    with psycopg.connect(warehouse_dsn, autocommit=True) as conn:
        conn.execute(f"drop schema if exists {raw} cascade")
        conn.execute(f"drop schema if exists {audit} cascade")


def _client_connections(uri: str) -> int:
    with psycopg.connect(uri) as conn:
        return conn.execute(
            "select count(*) from pg_stat_activity where backend_type = 'client backend' and datname = current_database()"
        ).fetchone()[0]


def test_rules_run_without_nested_loops_and_still_find_the_break(warehouse_dsn: str, pair, monkeypatch):
    raw, audit, ids = pair
    seen: list[str] = []
    real = run._fetch_all

    def spy(conn, query, validation_id, audit_schema):
        rows = real(conn, query, validation_id, audit_schema)
        seen.append(conn.execute("show enable_nestloop").fetchone()[0])
        return rows

    monkeypatch.setattr(run, "_fetch_all", spy)
    assert run.RULE_SESSION_SETTINGS == {"enable_nestloop": "off"}
    result = run.validate_documents(warehouse_dsn, [i for i, _ in ids.values()], "scale-1", raw=raw, audit=audit)
    for doc_id, broken_rule in ids.values():
        if broken_rule:
            assert result.statuses[doc_id] == "quarantined"
            assert broken_rule in {f["rule"] for f in result.errors(doc_id)}
        else:
            assert result.statuses[doc_id] == "accepted", result.findings[doc_id]
    # _fetch_all runs only when GX truncated a rule's rows: call it once to see its setting
    rule = next(r for r in run.s.RULES if r.rule_id == "B07" and not r.derived)
    with psycopg.connect(warehouse_dsn) as conn:
        run.ensure_objects(conn, raw, audit)
        run._fetch_all(conn, run.s.rule_sql(rule, raw, audit), "0" * 32, audit)
    assert seen == ["off"]


def test_validating_again_and_again_does_not_pile_up_connections(warehouse_dsn: str, pair):
    raw, audit, ids = pair
    doc_id = next(i for i, broken in ids.values() if not broken)
    run.validate_documents(warehouse_dsn, [doc_id], "scale-warm", raw=raw, audit=audit)
    before = _client_connections(warehouse_dsn)
    for n in range(3):
        run.validate_documents(warehouse_dsn, [doc_id], f"scale-again-{n}", raw=raw, audit=audit)
    assert _client_connections(warehouse_dsn) <= before


def test_rows_of_a_validation_that_died_are_dropped_a_day_later(warehouse_dsn: str, pair):
    raw, audit, ids = pair
    doc_id = next(i for i, broken in ids.values() if not broken)
    dead, recent = "d" * 32, "e" * 32
    with psycopg.connect(warehouse_dsn) as conn:
        run.ensure_objects(conn, raw, audit)
        for validation_id, age in ((recent, "1 hour"), (dead, "2 days")):
            conn.execute(f"insert into {audit}.validation_scope (validation_id, load_id, document_id, scoped_at)"
                         f" values (%s, 'crashed', %s, now() - interval '{age}')", (validation_id, doc_id))
            conn.execute(f"select {audit}.prepare_validation(%s)", (validation_id,))  # ... and never finished
        conn.commit()
        counts = dict(conn.execute(f"select validation_id, count(*) from {audit}.validation_cell group by 1").fetchall())
        assert counts[dead] > 0 and counts[recent] > 0
    run.validate_documents(warehouse_dsn, [doc_id], "scale-after-crash", raw=raw, audit=audit)
    with psycopg.connect(warehouse_dsn) as conn:
        for table in ("validation_cell", "validation_row", "validation_identity", "validation_figure"):
            left = {r[0] for r in conn.execute(f"select distinct validation_id from {audit}.{table}").fetchall()}
            assert dead not in left, f"{table} still holds the dead validation's rows"
            assert recent in left, f"{table}: a validation of the last day may still be running"
        assert conn.execute(f"select count(*) from {audit}.validation_scope where validation_id = %s",
                            (dead,)).fetchone()[0] == 1, "the scope rows stay as the record"
