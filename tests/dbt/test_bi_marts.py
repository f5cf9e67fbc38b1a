"""The BI star schemas and comparison marts after the session's one `dbt build` (conftest.py).

The marts are compared with the documents themselves — the generator's intended figures
(demo_documents.py), the seed's printed cells, raw — never with the marts' own SQL: figures equal
the documents to the fen, function tables add up within the catalogue's tolerance, a mart figure
leads back to its file, page and printed text, drilling 类 → 款 → 项 adds up, a department is one row
across years, a superseded document leaves the facts but stays in dim_document. The BI query of the
README runs as the read-only role, which is refused everywhere but the marts.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest

from ingest.demo.cells import wan

PROJECT_ROOT = Path(__file__).resolve().parents[2]
README = PROJECT_ROOT / "README.md"
READER_PASSWORD = "reader-test-password"
FUNCTION_TABLES = ("expenditure", "general_budget", "government_fund", "state_capital")
COMPARISON_MARTS = ("mart_comparison__department_year", "mart_comparison__function_subject",
                    "mart_comparison__budget_vs_final")


def _rows(conn, sql: str, *params):
    return conn.execute(sql, params).fetchall()


def _yuan(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


@pytest.fixture(scope="module")
def demo(dbt_build):
    return dbt_build.demo


@pytest.fixture(scope="module")
def published_demo(demo, marts_conn):
    """document id → the generator's document, for the demo documents the marts publish."""
    published = {r[0] for r in _rows(marts_conn, "select document_id from marts.dim_document where is_published")}
    return {doc_id: doc for doc_id, doc in demo.intended.items() if doc_id in published}


# --- the marts equal the documents --------------------------------------------------------------


def test_demo_documents_are_published_but_the_broken_one(demo, published_demo):
    assert len(demo.intended) == 14  # 6 departments × 2 years + 2 final accounts
    assert set(demo.intended) - set(published_demo) == demo.quarantined
    assert len(demo.quarantined) == 1


def test_department_year_figures_equal_the_documents(published_demo, marts_conn):
    rows = {r[0]: r[1:] for r in _rows(
        marts_conn,
        """select document_id, expenditure_total, basic_expenditure, project_expenditure, personnel_expenditure,
                  public_expenditure, three_public_total, operating_costs
           from marts.mart_comparison__department_year""",
    )}
    for doc_id, doc in published_demo.items():
        f = doc.figures
        expected = tuple(_yuan(v) for v in (
            f.expenditure_total, f.basic_expenditure, f.project_expenditure, f.personnel_expenditure,
            f.public_expenditure, f.three_public_total, f.operating_costs))
        assert rows[doc_id] == expected, doc.document.department


def test_three_public_parts_equal_the_documents_table(published_demo, marts_conn):
    for doc_id, doc in published_demo.items():
        table = doc.table("three_public")
        printed = {r.line: _yuan(r.values.get("general_budget")) or Decimal("0.00") for r in table.rows}
        row = _rows(marts_conn, """select three_public_abroad, three_public_car, three_public_car_purchase,
                                          three_public_car_operation, three_public_reception
                                   from marts.mart_comparison__department_year where document_id = %s""", doc_id)
        assert row == [(printed["abroad"], printed["car"], printed["car.purchase"], printed["car.operation"],
                        printed["reception"])]


def test_every_fact_of_a_demo_document_equals_its_cell_to_the_fen(published_demo, marts_conn):
    """The generator's tables, cell by cell, against fct_budget_line (amount and printed text)."""
    checked = 0
    for doc_id, doc in published_demo.items():
        facts = defaultdict(dict)
        for kind, line, code, side, column, amount, text in _rows(
            marts_conn,
            """select f.table_kind, t.line, t.code, t.side, f.column_name, f.amount_yuan, f.published_text
               from marts.fct_budget_line f
               join raw.table_row t using (document_id, table_index, row_index)
               where f.document_id = %s""", doc_id,
        ):
            facts[(kind, side, None if code else line, code)][column] = (amount, text)
        for table in doc.tables:
            if table.kind not in ("summary", "income", "expenditure", "fiscal_summary", "general_budget",
                                  "basic_expenditure", "government_fund", "state_capital", "three_public"):
                continue
            for row in table.rows:
                cells = facts[(table.kind, row.side, None if row.code else row.line, row.code)]
                for column, value in row.values.items():
                    amount, text = cells[column]
                    assert amount == _yuan(value), (table.kind, row.code or row.line, column)
                    if doc.document.phase == "budget":  # read back from the printed file
                        assert text == row.texts[column], (table.kind, row.code or row.line, column)
                    checked += 1
    assert checked > 2000


def test_function_tables_add_up_to_their_total_within_tolerance(marts_conn):
    """Leaf lines (codes with no printed child) of each function table and amount column add up to
    the table's 合计, within the catalogue's tolerance: the sum of the half-units of every term."""
    rows = _rows(
        marts_conn,
        """select document_id, table_index, column_name, subject_code, line_key, amount_yuan, half_unit_yuan
           from marts.fct_budget_line
           where table_kind = any(%s) and (subject_type = 'function' or line_key = 'total')""",
        list(FUNCTION_TABLES),
    )
    tables = defaultdict(lambda: {"total": None, "codes": {}})
    for doc_id, table_index, column, code, _line, amount, half in rows:
        entry = tables[(doc_id, table_index, column)]
        if code is None:
            entry["total"] = (amount or Decimal(0), half)
        else:
            entry["codes"][code] = (amount or Decimal(0), half)
    checked = 0
    for key, entry in tables.items():
        if entry["total"] is None or not entry["codes"]:
            continue
        codes = entry["codes"]
        leaves = [c for c in codes if not any(o != c and o.startswith(c) for o in codes)]
        total, total_half = entry["total"]
        leaf_sum = sum(codes[c][0] for c in leaves)
        tolerance = total_half + sum(codes[c][1] for c in leaves)
        assert abs(total - leaf_sum) <= tolerance, (key, total, leaf_sum, tolerance)
        checked += 1
    assert checked >= 50


def test_a_mart_value_leads_back_to_its_file_page_and_cell(published_demo, demo, marts_conn, seed_document_id):
    doc_id = next(d for d, doc in published_demo.items()
                  if doc.document.department == "财政局" and doc.document.year == 2024)
    row = _rows(marts_conn, """select expenditure_total, expenditure_total_cell_id, three_public_reception,
                                      three_public_reception_cell_id
                               from marts.mart_comparison__department_year where document_id = %s""", doc_id)[0]
    for amount, cell_id in ((row[0], row[1]), (row[2], row[3])):
        source = _rows(marts_conn, """select f.file_name, f.page, f.published_text, f.published_unit, f.source_text,
                                             c.published_text, c.amount
                                      from marts.fct_budget_line f
                                      join raw.table_cell c using (document_id, table_index, row_index, column_name)
                                      where f.source_cell_id = %s""", cell_id)
        file_name, page, text, unit, source_text, raw_text, raw_amount = source[0]
        assert file_name == demo.files[doc_id]
        assert unit == "万元" and text == raw_text == wan(int(amount / 100)) and raw_amount == amount
        assert text in source_text
        # the cell is in the file as printed
        assert text in (Path(demo_inbox_dir(marts_conn)) / file_name).read_text(encoding="utf-8")
        assert page is None  # text renderings have no pages; PDFs give one
    # the seed: 支出总表 合计 1029.59 万元 on its page, in the shared file
    seed = _rows(marts_conn, """select m.expenditure_total, f.file_name, f.page, f.published_text, f.table_title
                                from marts.mart_comparison__department_year m
                                join marts.fct_budget_line f on f.source_cell_id = m.expenditure_total_cell_id
                                where m.document_id = %s""", seed_document_id)
    assert seed == [(Decimal("10295900.00"), "000_6885cbf63360e79d.txt", seed[0][2], "1029.59", seed[0][4])]
    assert "支出" in seed[0][4]


def demo_inbox_dir(conn) -> str:
    return conn.execute("select inbox from audit.load where load_id = 'dbt-test-demo'").fetchone()[0]


def test_drilling_class_item_subitem_adds_up(marts_conn):
    rows = _rows(marts_conn, """select document_id, function_code, amount_yuan, half_unit_yuan, is_printed
                                from marts.mart_comparison__function_subject""")
    by_doc = defaultdict(dict)
    for doc_id, code, amount, half, printed in rows:
        by_doc[doc_id][code] = (amount or Decimal(0), half or Decimal(0), printed)
    checked = 0
    for codes in by_doc.values():
        for code, (amount, half, _) in codes.items():
            children = [c for c in codes if len(c) == len(code) + 2 and c.startswith(code)]
            if not children:
                continue
            total = sum(codes[c][0] for c in children)
            tolerance = half + sum(codes[c][1] for c in children)
            assert abs(amount - total) <= tolerance, (code, amount, total)
            checked += 1
        # every 项 has its 款 and every 款 its 类 (printed or implied), so a drill never loses a line
        assert all(c[:5] in codes for c in codes if len(c) == 7)
        assert all(c[:3] in codes for c in codes if len(c) == 5)
    assert checked >= 100
    implied = [r for r in rows if not r[4]]
    assert implied, "the fixture's 2080505 without its 款 20805 must be listed as implied"


def test_function_subject_shares_and_lineage(published_demo, marts_conn):
    doc_id, doc = next((d, doc) for d, doc in published_demo.items() if doc.document.department == "卫生健康局")
    total = _yuan(doc.figures.expenditure_total)
    rows = {code: (amount, share, lineage) for code, amount, share, lineage in _rows(
        marts_conn, """select function_code, amount_yuan, share_of_total, lineage_name
                       from marts.mart_comparison__function_subject where document_id = %s""", doc_id)}
    health = _yuan(next(r.values["total"] for r in doc.table("expenditure").rows if r.code == "210"))
    assert rows["210"][0] == health
    assert rows["210"][1] == (health / total).quantize(Decimal("0.000001"), ROUND_HALF_UP)
    assert rows["210"][2] == "卫生健康支出"  # the lineage carries the name after the 2019 rename
    lineage = _rows(marts_conn, """select count(distinct lineage_sk), count(*) from marts.dim_function_subject
                                   where function_code = '210'""")
    assert lineage == [(1, 2)]  # 2023 and 2024: two year-versions, one lineage


def test_budget_vs_final_equals_both_documents(published_demo, marts_conn):
    pairs = _rows(marts_conn, """select department_name, budget_document_id, final_document_id, budget_expenditure_total,
                                        final_expenditure_total, expenditure_difference, expenditure_execution_rate
                                 from marts.mart_comparison__budget_vs_final where region_name = '演示区'
                                 order by department_name""")
    assert sorted(p[0] for p in pairs) == ["教育局", "财政局"]
    for _, budget_id, final_id, budget, final, difference, rate in pairs:
        assert published_demo[budget_id].document.phase == "budget"
        assert published_demo[final_id].document.phase == "final"
        assert budget == _yuan(published_demo[budget_id].figures.expenditure_total)
        assert final == _yuan(published_demo[final_id].figures.expenditure_total)
        assert difference == final - budget
        assert rate == (final / budget).quantize(Decimal("0.000001"), ROUND_HALF_UP)


# --- history, identity --------------------------------------------------------------------------


def test_each_demo_department_is_one_row_across_its_years(demo, marts_conn):
    rows = _rows(marts_conn, """select department_name, count(*), min(first_fiscal_year), max(last_fiscal_year),
                                       sum(document_versions)
                                from marts.dim_department where department_key like '河北省秦皇岛市演示区/%%'
                                group by department_name order by department_name""")
    assert len(rows) == 6
    for name, count, first, last, versions in rows:
        assert (count, first, last) == (1, 2023, 2024), name
        assert versions == (3 if name in ("财政局", "教育局") else 2), name


def test_a_superseded_document_stays_queryable_but_leaves_every_mart(dbt_build, marts_conn):
    old, new = dbt_build.documents["org23_v1"].document_id, dbt_build.documents["org23_v2"].document_id
    history = _rows(marts_conn, """select document_id, version_number, document_status, superseded_by_document_id
                                   from marts.dim_document where document_key = (
                                       select document_key from marts.dim_document where document_id = %s)
                                   order by version_number""", new)
    assert history == [(old, 1, "superseded", new), (new, 2, "published", None)]
    for mart in ("fct_budget_line", "mart_comparison__department_year", "mart_comparison__function_subject"):
        ids = {r[0] for r in _rows(marts_conn, f"select distinct document_id from marts.{mart}")}
        assert old not in ids and new in ids, mart
    quarantined = _rows(marts_conn, "select document_status, superseded_by_document_id from marts.dim_document"
                        " where document_id = %s", dbt_build.documents["edu23_v2"].document_id)
    assert quarantined == [("quarantined", None)]


def test_region_dimension_puts_departments_at_their_own_level(marts_conn):
    rows = _rows(marts_conn, """select d.department_name, r.region_level, r.region_path
                                from marts.dim_department d join marts.dim_region r using (region_sk)
                                where d.department_key like '河北省秦皇岛市演示区/%%'""")
    assert {(level, path) for _, level, path in rows} == {("county", "河北省 > 秦皇岛市 > 演示区")}
    parents = _rows(marts_conn, """select c.region_name, p.region_name, g.region_name
                                   from marts.dim_region c
                                   join marts.dim_region p on p.region_sk = c.parent_region_sk
                                   join marts.dim_region g on g.region_sk = p.parent_region_sk
                                   where c.region_name = '演示区'""")
    assert parents == [("演示区", "秦皇岛市", "河北省")]


# --- dbt's own promises -------------------------------------------------------------------------


def _manifest(dbt_build) -> dict:
    import json

    return json.loads((dbt_build.target_path / "manifest.json").read_text(encoding="utf-8"))


TRIVIAL = {  # seed copies and pure renames: nothing to unit-test
    "dim_fund", "dim_measure", "dim_phase", "dim_scope",
}


def test_every_mart_has_a_contract_and_every_non_trivial_model_a_unit_test(dbt_build):
    manifest = _manifest(dbt_build)
    models = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    tested = {n["depends_on"]["nodes"][0].split(".")[-1] for n in manifest["unit_tests"].values()}
    marts = [name for name, n in models.items() if n["fqn"][1] == "marts"]
    assert set(COMPARISON_MARTS) | {"fct_project_funding", "dim_project", "fct_budget_line"} <= set(marts)
    assert all(models[m]["config"]["contract"]["enforced"] for m in marts)
    assert all(models[m]["config"]["materialized"] == "table" for m in marts)
    needing = [name for name, n in models.items()
               if n["fqn"][1] in ("intermediate", "marts") and name not in TRIVIAL]
    assert sorted(set(needing) - tested) == []


def test_every_model_and_column_is_described_and_reaches_postgres(dbt_build, marts_conn):
    manifest = _manifest(dbt_build)
    undescribed = [n["name"] for n in manifest["nodes"].values()
                   if n["resource_type"] in ("model", "seed") and not n["description"].strip()]
    assert undescribed == []
    # persist_docs: every column of every relation dbt built carries its description as a comment
    missing = _rows(marts_conn, """
        select c.table_schema || '.' || c.table_name || '.' || c.column_name
        from information_schema.columns c
        join pg_class k on k.relname = c.table_name
        join pg_namespace n on n.oid = k.relnamespace and n.nspname = c.table_schema
        where c.table_schema in ('staging', 'intermediate', 'marts', 'reference')
          and col_description(k.oid, c.ordinal_position) is null
        order by 1""")
    assert missing == []
    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    assert {"comparison_report", "metabase", "bi_department_comparison"} <= set(exposures)
    for name in COMPARISON_MARTS:
        assert f"model.budgetwh.{name}" in exposures["comparison_report"]["depends_on"]["nodes"]
        assert f"model.budgetwh.{name}" in exposures["bi_department_comparison"]["depends_on"]["nodes"]


# --- the read-only role and the README's BI query -------------------------------------------------


@pytest.fixture(scope="module")
def reader(dbt_build, warehouse_dsn):
    """budgetwh_reader on the dbt database, with password authentication on the session server."""
    from ingest.warehouse.reader_role import ensure_reader_role
    from ingest.warehouse.serve import require_password_auth

    with psycopg.connect(dbt_build.uri, autocommit=True) as conn:
        outcome = ensure_reader_role(conn, READER_PASSWORD)
    require_password_auth(warehouse_dsn)
    socket_dir = parse_qs(urlparse(dbt_build.uri).query)["host"][0]
    database = urlparse(dbt_build.uri).path.lstrip("/")

    def connect(password: str = READER_PASSWORD):
        return psycopg.connect(host=socket_dir, dbname=database, user="budgetwh_reader", password=password,
                               autocommit=True)

    return outcome, connect


def test_the_reader_needs_its_password(reader):
    outcome, connect = reader
    assert outcome["login"] and outcome["schemas"] == ["marts"] and outcome["tables"] >= 19
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        connect("wrong-password")
    with pytest.raises(psycopg.OperationalError):
        connect("")
    with connect() as conn:
        assert conn.execute("select current_user").fetchone() == ("budgetwh_reader",)


def test_the_reader_reads_the_marts_and_nothing_else(reader):
    _, connect = reader
    with connect() as conn:
        for mart in (*COMPARISON_MARTS, "fct_budget_line", "dim_document", "dim_department"):
            conn.execute(f"select count(*) from marts.{mart}").fetchone()
        for table in ("raw.document", "raw.table_cell", "audit.finding", "audit.document_status",
                      "staging.stg_budget__documents", "intermediate.int_budget__lines",
                      "reference.budget_funds"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"select 1 from {table} limit 1")
        for statement in (
            "delete from marts.fct_budget_line",
            "update marts.dim_department set department_name = 'x'",
            "insert into marts.dim_phase (phase_sk) values ('x')",
            "create table marts.nope (x int)",
            "create temporary table nope (x int)",
            "drop table marts.dim_phase",
        ):
            with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction)):
                conn.execute(statement)
        # even after leaving read-only mode, the privileges refuse every write
        conn.execute("set default_transaction_read_only = off")
        for statement in ("delete from marts.fct_budget_line", "create table marts.nope (x int)",
                          "create temporary table nope (x int)", "create table public.nope (x int)"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def readme_bi_query() -> str:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", text, flags=re.S)
    query = next(b for b in blocks if b.startswith("-- bi-query:"))
    return query.strip().rstrip(";")


def test_the_readme_bi_query_runs_as_the_reader(reader, published_demo):
    _, connect = reader
    with connect() as conn:
        rows = conn.execute(readme_bi_query()).fetchall()
    # expected from the generator's documents: 演示区, 2024 budgets, ranked by 三公 share
    docs = {doc.document.department: doc for doc in published_demo.values()
            if doc.document.year in (2023, 2024) and doc.document.phase == "budget"}
    by_year = defaultdict(dict)
    for doc in published_demo.values():
        if doc.document.phase == "budget":
            by_year[doc.document.year][doc.document.department] = doc
    expected = []
    for name, doc in by_year[2024].items():
        three, total = _yuan(doc.figures.three_public_total), _yuan(doc.figures.expenditure_total)
        before = _yuan(by_year[2023][name].figures.three_public_total)
        share = (three / total).quantize(Decimal("0.000001"), ROUND_HALF_UP)
        expected.append((share, name, (three / 10000).quantize(Decimal("0.01")), (three - before) / 10000))
    expected.sort(key=lambda e: (-e[0], e[1]))
    assert docs and len(rows) == 5 and len(expected) == 5  # 公安分局 2024 is quarantined: five remain
    assert [r[1] for r in rows] == [e[1] for e in expected[:5]]
    assert [r[0] for r in rows] == [1, 2, 3, 4, 5]
    for row, (share, _, three_wan, change_wan) in zip(rows, expected, strict=False):
        assert row[2] == three_wan
        assert row[4] == (100 * share).quantize(Decimal("0.01"), ROUND_HALF_UP)
        assert row[5] == change_wan.quantize(Decimal("0.01"))


def test_project_funding_blocks_reach_the_fact(published_demo, marts_conn):
    from demo_documents import FUNDING

    finals = [d for d, doc in published_demo.items() if doc.document.phase == "final"]
    rows = _rows(marts_conn, """select f.document_id, p.project_name, f.funding_item, f.amount_yuan, p.has_funding_block
                                from marts.fct_project_funding f join marts.dim_project p using (project_sk)
                                where f.document_id = any(%s) order by f.document_id, f.funding_item""", finals)
    assert len(rows) == len(finals) * len(FUNDING)
    for doc_id, project, item, amount, has_block in rows:
        assert project == published_demo[doc_id].performance_targets[0].project and has_block
        assert amount == _yuan(FUNDING[item])
