"""The marts after one real `dbt build` over the fixture documents and the seed (see conftest.py).

The build itself is the first test: models, seeds, unit tests, data tests and contracts all pass.
The others check the marts against raw and audit with plain SQL, independently of dbt's own tests.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

from ingest.reading.vocabulary import STANDARD_KINDS


def _rows(conn, sql: str, *params):
    return conn.execute(sql, params).fetchall()


def _published_ids(conn) -> set[str]:
    return {r[0] for r in _rows(conn, "select document_id from marts.dim_document where is_published")}


def _fact_ids(conn) -> set[str]:
    return {r[0] for r in _rows(conn, "select distinct document_id from marts.fct_budget_line")}


def test_build_runs_every_node_and_passes(dbt_build):
    results = [r for r in dbt_build.result.result.results if r.node.resource_type != "exposure"]
    statuses = Counter(str(getattr(r.status, "value", r.status)) for r in results)
    assert set(statuses) <= {"success", "pass"}, statuses
    kinds = Counter(r.node.resource_type for r in results)
    assert kinds["unit_test"] >= 6  # 类/款/项 parents, current document, fund/measure, economic system …
    assert kinds["test"] >= 100
    # every CSV of dbt_project/seeds and of ingest/reference (department_aliases, finding_kinds, table_kinds …)
    root = Path(__file__).resolve().parents[2]
    csvs = [*(root / "dbt_project" / "seeds").glob("*.csv"), *(root / "ingest" / "reference").glob("*.csv")]
    assert kinds["seed"] == len(csvs) >= 9
    marts = [r.node for r in results if r.node.resource_type == "model" and r.node.fqn[1] == "marts"]
    assert len(marts) >= 19
    assert all(node.config.contract.enforced for node in marts)


def test_fact_amounts_equal_raw_cells_to_the_fen(dbt_build, marts_conn):
    published = _published_ids(marts_conn)
    raw = {
        (d, t, r, c): (amount, text)
        for d, t, r, c, amount, text in _rows(
            marts_conn,
            """select c.document_id, c.table_index, c.row_index, c.column_name, c.amount, c.published_text
               from raw.table_cell c
               join raw.disclosure_table t using (document_id, table_index)
               where t.kind = any(%s) and c.document_id = any(%s)""",
            list(STANDARD_KINDS), sorted(published),
        )
    }
    fact = {
        (d, t, r, c): (amount, text)
        for d, t, r, c, amount, text in _rows(
            marts_conn,
            """select document_id, table_index, row_index, column_name, amount_yuan, published_text
               from marts.fct_budget_line""",
        )
    }
    assert len(raw) > 400
    assert fact == raw
    assert all(amount is None or isinstance(amount, Decimal) for amount, _ in fact.values())
    # the fact's numeric type keeps the fen: 10295900.00, not a float
    types = dict(_rows(marts_conn, """select column_name, data_type || coalesce('(' || numeric_precision || ','
                                         || numeric_scale || ')', '')
                                      from information_schema.columns
                                      where table_schema = 'marts' and table_name = 'fct_budget_line'"""))
    assert types["amount_yuan"] == "numeric(20,2)"


def test_seed_figures_reach_the_fact(seed_document_id, marts_conn):
    seed = seed_document_id
    lines = dict(_rows(
        marts_conn,
        """select table_kind || '/' || subject_id || '/' || fund_code || '/' || measure_code, amount_yuan
           from marts.fct_budget_line where document_id = %s""",
        seed,
    ))
    assert lines["expenditure/line:total/all/total"] == Decimal("10295900.00")
    assert lines["expenditure/line:total/all/basic"] == Decimal("5869400.00")
    assert lines["general_budget/function:2013201/general_budget/basic"] == Decimal("4168600.00")
    assert lines["basic_expenditure/economic:30101/general_budget/personnel"] == Decimal("1527500.00")
    assert lines["three_public/line:car.operation/general_budget/total"] == Decimal("110000.00")
    assert lines["summary/line:grand_total/all/total"] == Decimal("10295900.00")


def test_quarantined_documents_are_absent_from_the_budget_marts(dbt_build, marts_conn):
    quarantined = {dbt_build.documents[n].document_id for n in ("fin23", "edu23_v2")}
    for table in ("fct_budget_line", "dim_document", "dim_project", "fct_performance_target",
                  "mart_comparison__department_year", "mart_comparison__function_subject"):
        where = " where is_published" if table == "dim_document" else ""
        ids = {r[0] for r in _rows(marts_conn, f"select distinct document_id from marts.{table}{where}")}
        assert not ids & quarantined, table
    # … and present, with their errors, in the data-quality mart
    findings = _rows(
        marts_conn,
        "select document_id, rule_id, document_status, is_published_document from marts.fct_finding"
        " where document_id = any(%s) and severity = 'error'",
        sorted(quarantined),
    )
    assert {(d, rule) for d, rule, *_ in findings} == {
        (dbt_build.documents["fin23"].document_id, "B07"),
        (dbt_build.documents["edu23_v2"].document_id, "F01"),
        (dbt_build.documents["edu23_v2"].document_id, "S05"),
    }
    assert all(status == "quarantined" and not published for _, _, status, published in findings)


def test_a_superseded_version_leaves_the_facts(dbt_build, marts_conn):
    old, new = dbt_build.documents["org23_v1"].document_id, dbt_build.documents["org23_v2"].document_id
    assert old not in _fact_ids(marts_conn)
    assert new in _fact_ids(marts_conn)
    versions = _rows(marts_conn, "select versions_loaded, accepted_versions from marts.dim_document"
                     " where document_id = %s", new)
    assert versions == [(2, 2)]


def test_an_accepted_version_stays_while_its_successor_is_quarantined(dbt_build, marts_conn):
    assert dbt_build.documents["edu23_v1"].document_id in _fact_ids(marts_conn)


def test_a_document_whose_errors_were_waived_is_published(dbt_build, marts_conn):
    hr23 = dbt_build.documents["hr23"].document_id
    assert hr23 in _fact_ids(marts_conn)
    waived = _rows(marts_conn, "select is_waived, waived_by from marts.fct_finding where document_id = %s", hr23)
    assert waived == [(True, "reviewer")]


def test_rejected_files_and_extra_tables_stay_out(dbt_build, marts_conn):
    assert dbt_build.documents["blank"].document_id not in _published_ids(marts_conn)
    kinds = {r[0] for r in _rows(marts_conn, "select distinct table_kind from marts.fct_budget_line")}
    assert kinds <= set(STANDARD_KINDS)
    assert "operating_costs" not in kinds and "fixed_assets" not in kinds


def test_a_department_with_two_years_appears_once(dbt_build, marts_conn):
    key = dbt_build.documents["org22"].department_key
    rows = _rows(marts_conn, "select department_name, first_fiscal_year, last_fiscal_year, fiscal_years_published"
                 " from marts.dim_department where department_key = %s", key)
    assert rows == [("组织部门", 2022, 2023, 2)]
    years = _rows(marts_conn, "select count(distinct fiscal_year) from marts.fct_budget_line f"
                  " join marts.dim_department d using (department_sk) where d.department_key = %s", key)
    assert years == [(2,)]


def test_function_subjects_are_year_versioned_with_parents(dbt_build, marts_conn):
    rows = {
        (code, year): (level, name, parent, printed)
        for code, year, level, name, parent, printed in _rows(
            marts_conn,
            "select function_code, fiscal_year, level_name, function_name, parent_code, is_printed"
            " from marts.dim_function_subject",
        )
    }
    assert rows["2013201", 2023] == ("项", "行政运行", "20132", True)
    assert rows["20132", 2023] == ("款", "组织事务", "201", True)
    assert rows["201", 2022] == ("类", "一般公共服务支出", None, True)
    # the fixture's 2022 document prints 项 2080505 but not its 款: listed, unnamed, linked
    assert rows["2080505", 2022] == ("项", "机关事业单位基本养老保险缴费支出", "20805", True)
    assert rows["20805", 2022] == ("款", None, "208", False)


def test_economic_subjects_keep_the_two_systems_apart(dbt_build, marts_conn):
    systems = dict(_rows(marts_conn, "select economic_code, economic_system from marts.dim_economic_subject"
                         " where fiscal_year = 2023"))
    assert systems["301"] == systems["30101"] == "department"
    assert systems["50101"] == systems["501"] == "government"


def test_performance_targets_are_parsed_into_the_fact(seed_document_id, marts_conn):
    rows = _rows(
        marts_conn,
        """select p.project_name, i.level1_category, i.indicator_name, f.comparator, f.target_value,
                  f.target_unit, f.is_quantified
           from marts.fct_performance_target f
           join marts.dim_project p using (project_sk)
           join marts.dim_indicator i using (indicator_sk)
           where f.document_id = %s and p.project_name = '车辆保险费'
           order by f.indicator_index limit 1""",
        seed_document_id,
    )
    assert rows == [("车辆保险费", "产出", "投保车辆数", "≥", Decimal("90"), "投保车辆数", True)]


def test_descriptions_reach_postgres_as_comments(dbt_build, marts_conn):
    table_comment = _rows(marts_conn, "select obj_description('marts.fct_budget_line'::regclass, 'pg_class')")
    assert table_comment[0][0].startswith("One row per printed amount")
    column_comments = dict(_rows(
        marts_conn,
        """select a.attname, col_description(a.attrelid, a.attnum) from pg_attribute a
           where a.attrelid = 'marts.fct_budget_line'::regclass and a.attnum > 0 and not a.attisdropped""",
    ))
    assert all(column_comments.values()), [c for c, d in column_comments.items() if not d]
    assert "元" in column_comments["amount_yuan"]


def test_marts_live_in_plain_schemas(dbt_build, marts_conn):
    schemas = {r[0] for r in _rows(marts_conn, "select table_schema from information_schema.tables"
                                   " where table_name in ('fct_budget_line', 'stg_budget__cells',"
                                   " 'int_budget__lines', 'budget_funds')")}
    assert schemas == {"marts", "staging", "intermediate", "reference"}


def test_the_seed_keeps_raw_fresh(dbt_build, seed_document_id):
    """Source freshness (days; raw.document.loaded_at) passes right after a load: the seed was
    loaded by this session, so the newest document is minutes old."""
    from ingest.warehouse.dbt_runner import run_dbt

    result = run_dbt(["source", "freshness", "--target-path", str(dbt_build.target_path),
                      "--log-path", str(dbt_build.target_path.parent / "dbt-logs")], dbt_build.uri)
    assert [str(getattr(r.status, "value", r.status)) for r in result.result.results] == ["pass"]
