"""The data-quality marts (models/marts/quality/) after the session's real `dbt build` (conftest.py).

The fixture's audit (fixture_documents.py: DECISIONS, FINDINGS, WAIVERS) and the demo documents
(demo_documents.py: 公安分局 2024 quarantined on B07) give known answers: per load, per rule and
per department × year. Each is checked against those constants or against raw and audit with plain
SQL, never against the models' own SQL.
"""

from __future__ import annotations

from decimal import Decimal

from demo_documents import DEMO_LOAD_ID
from fixture_documents import DECISIONS, FINDINGS, WAIVERS


def _one(conn, sql: str, *params) -> dict:
    cursor = conn.execute(sql, params)
    columns = [c.name for c in cursor.description]
    rows = cursor.fetchall()
    assert len(rows) == 1, (sql, params, rows)
    return dict(zip(columns, rows[0], strict=True))


def test_the_quality_marts_are_built_with_contracts(dbt_build):
    nodes = {r.node.name: r for r in dbt_build.result.result.results if r.node.resource_type == "model"}
    for name in ("mart_data_quality__load", "mart_data_quality__rule", "mart_data_quality__department_year"):
        assert name in nodes, f"{name} was not built"
        assert str(getattr(nodes[name].status, "value", nodes[name].status)) == "success"
        assert nodes[name].node.config.contract.enforced
        assert nodes[name].node.fqn[:3] == ["budgetwh", "marts", "quality"]


def test_one_row_per_load_with_its_decisions_and_findings(marts_conn):
    expected_loads = {d[0] for d in DECISIONS}
    rows = {r[0] for r in marts_conn.execute("select load_id from marts.mart_data_quality__load").fetchall()}
    assert expected_loads | {DEMO_LOAD_ID} <= rows
    load_1 = _one(marts_conn, "select * from marts.mart_data_quality__load where load_id = 'load-1'")
    decisions = [d for d in DECISIONS if d[0] == "load-1"]
    findings = [f for f in FINDINGS if f[0] == "load-1"]
    waived = {(name, rule) for name, rule, _, _ in WAIVERS}
    assert load_1["documents_decided"] == len(decisions)
    assert load_1["documents_quarantined"] == sum(d[2] == "quarantined" for d in decisions)
    assert load_1["documents_accepted_with_warnings"] == sum(d[2] == "accepted" and d[4] > 0 for d in decisions)
    assert load_1["quarantine_rate"] == Decimal(load_1["documents_quarantined"]) / len(decisions)
    assert load_1["error_findings"] == sum(f[3] == "error" for f in findings)
    assert load_1["warning_findings"] == sum(f[3] == "warn" for f in findings)
    assert load_1["waived_error_findings"] == sum(f[3] == "error" and (f[1], f[2]) in waived for f in findings)
    assert load_1["error_rules"] == ", ".join(sorted({f[2] for f in findings if f[3] == "error"}))


def test_a_load_that_decided_nothing_has_no_quarantine_rate(marts_conn):
    for row in marts_conn.execute(
        "select documents_decided, quarantine_rate from marts.mart_data_quality__load"
    ).fetchall():
        assert (row[0] == 0) == (row[1] is None)


def test_rules_count_what_they_hold_back_now_and_what_they_ever_found(marts_conn):
    cursor = marts_conn.execute("select * from marts.mart_data_quality__rule")
    columns = [c.name for c in cursor.description]
    by_rule = {row[1]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    # B07: the fixture's 财政局 2023 and the demo's 公安分局 2024, both quarantined on it now
    assert by_rule["B07"]["documents_held_back"] == 2
    assert by_rule["B07"]["findings_all_loads"] == 2 and by_rule["B07"]["rule_family"] == "B"
    # X02: 人社局 2023 was held back by load-1, then waived and accepted by load-2: nothing now
    assert by_rule["X02"]["documents_held_back"] == 0 and by_rule["X02"]["current_error_findings"] == 0
    assert by_rule["X02"]["waivers"] == 1 and by_rule["X02"]["findings_all_loads"] == 1
    # B12 warns on both readings of 组织部门 2023, each in the load that decided it
    assert by_rule["B12"]["documents_with_warnings"] == 2 and by_rule["B12"]["documents_held_back"] == 0
    assert by_rule["F01"]["documents_held_back"] == 1 and by_rule["S05"]["rule_family"] == "S"
    assert set(by_rule) == {f[2] for f in FINDINGS} | {"B07"}


def test_each_department_year_reports_its_newest_version_and_the_published_one(marts_conn, dbt_build):
    docs = dbt_build.documents

    def row(name: str) -> dict:
        return _one(marts_conn, "select * from marts.mart_data_quality__department_year where document_key = %s",
                    docs[name].document_key)

    education = row("edu23_v2")  # newer version quarantined on F01 and S05, older one still published
    assert (education["versions_loaded"], education["versions_quarantined"]) == (2, 1)
    assert education["latest_document_id"] == docs["edu23_v2"].document_id
    assert education["latest_status"] == "quarantined" and education["latest_open_errors"] == 2
    assert education["latest_error_rules"] == "F01, S05"
    assert education["published_document_id"] == docs["edu23_v1"].document_id and education["is_published"]
    assert education["latest_first_error_message"] == "收入总计 ≠ 支出总计"

    finance = row("fin23")
    assert finance["latest_status"] == "quarantined" and not finance["is_published"]
    assert finance["latest_error_rules"] == "B07" and finance["department_name"] == "财政局"

    organisation = row("org23_v2")
    assert organisation["versions_loaded"] == 2 and organisation["latest_status"] == "accepted"
    assert organisation["published_document_id"] == docs["org23_v2"].document_id
    assert (organisation["latest_warnings"], organisation["latest_warning_rules"]) == (1, "B12")

    hr = row("hr23")
    assert hr["latest_status"] == "accepted" and hr["is_published"] and hr["latest_open_errors"] == 0


def test_department_years_agree_with_raw_and_audit(marts_conn):
    """Every parsed document key is there once, with the newest version's latest decision."""
    expected = dict(marts_conn.execute(
        """with latest as (
               select distinct on (document_id) document_id, status
               from audit.document_status order by document_id, decided_at desc, load_id desc),
           newest as (
               select distinct on (document_key) document_key, document_id
               from raw.document where status = 'parsed' and document_key is not null
               order by document_key, loaded_at desc, reader_version desc, document_id desc)
           select newest.document_id, coalesce(latest.status, 'undecided')
           from newest left join latest using (document_id)"""
    ).fetchall())
    got = dict(marts_conn.execute(
        "select latest_document_id, latest_status from marts.mart_data_quality__department_year"
    ).fetchall())
    assert got == expected
    published = {r[0] for r in marts_conn.execute("select document_id from marts.dim_document where is_published")}
    marked = {r[0] for r in marts_conn.execute(
        "select published_document_id from marts.mart_data_quality__department_year where is_published"
    ).fetchall()}
    assert marked == published
