"""What the comparison report reads from the marts, as plain rows (dicts) with the report's names.

The report compares published documents only, so everything comes from the ``marts`` schema:
the comparison marts (``mart_comparison__department_year``, ``mart_comparison__function_subject``,
``mart_comparison__budget_vs_final``) for the figures, ``dim_department`` / ``dim_region`` for names,
``dim_project`` + ``fct_performance_target`` + ``dim_indicator`` for the performance targets and
``fct_finding`` for what did not add up. The overview of a load reads the audit tables through
:func:`ingest.pipeline.summary.summarise`, as the nightly run's summary does.

Amounts stay exact: ``Decimal`` 元 as the marts hold them; formatting to 万元 happens in the template
layer (ingest/report/formatting.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

COMPARISON_MARTS = (
    "mart_comparison__department_year",
    "mart_comparison__function_subject",
    "mart_comparison__budget_vs_final",
)

# The amount columns of a department-year row (元), in the order the tables show them.
AMOUNT_FIELDS = (
    "expenditure_total",
    "basic_expenditure",
    "project_expenditure",
    "personnel_expenditure",
    "public_expenditure",
    "three_public_total",
    "three_public_abroad",
    "three_public_car",
    "three_public_car_purchase",
    "three_public_car_operation",
    "three_public_reception",
    "operating_costs",
)
SHARE_FIELDS = ("basic_share", "project_share", "personnel_share", "public_share")


@dataclass
class ReportData:
    """Everything the report shows, read in one transaction."""

    department_years: list[dict[str, Any]]
    function_subjects: list[dict[str, Any]]
    budget_vs_final: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    findings: list[dict[str, Any]]
    projects: list[dict[str, Any]]
    targets: list[dict[str, Any]]
    load: dict[str, Any] | None = None
    sources: list[str] = field(default_factory=list)


def _rows(conn, sql: str, params: Iterable[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, params)
    columns = [c.name for c in cursor.description or []]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def missing_marts(conn) -> list[str]:
    """The comparison marts that are not in the warehouse (empty when the report can be built)."""
    present = {r["table_name"] for r in _rows(
        conn, "select table_name from information_schema.tables where table_schema = 'marts'")}
    return [name for name in COMPARISON_MARTS if name not in present]


# --- department × year × phase × scope ---------------------------------------------------------

DEPARTMENT_YEAR_SQL = """
select
    m.document_id,
    m.department_key,
    m.department_sk,
    m.department_name,
    m.region_sk,
    r.region_name,
    r.region_path,
    m.fiscal_year,
    m.phase,
    m.scope,
    m.expenditure_total,
    m.basic_expenditure,
    m.project_expenditure,
    m.personnel_expenditure,
    m.public_expenditure,
    m.basic_share,
    m.project_share,
    m.personnel_share,
    m.public_share,
    m.three_public_total,
    m.three_public_abroad,
    m.three_public_car,
    m.three_public_car_purchase,
    m.three_public_car_operation,
    m.three_public_reception,
    m.operating_costs,
    m.prior_expenditure_total,
    m.expenditure_change,
    m.expenditure_change_pct,
    m.prior_three_public_total,
    m.three_public_change,
    m.three_public_change_pct,
    m.rank_expenditure_total,
    m.rank_three_public_total
from marts.mart_comparison__department_year as m
left join marts.dim_region as r on r.region_sk = m.region_sk
order by r.region_path, m.fiscal_year, m.phase, m.scope, m.rank_expenditure_total, m.department_name
"""

FUNCTION_SUBJECT_SQL = """
select
    m.document_id,
    m.department_key,
    m.department_name,
    m.region_sk,
    m.fiscal_year,
    m.phase,
    m.scope,
    m.function_code,
    m.function_name,
    m.subject_level,
    m.class_code,
    m.class_name,
    m.amount_yuan,
    m.share_of_total
from marts.mart_comparison__function_subject as m
order by m.fiscal_year, m.phase, m.department_name, m.function_code
"""

BUDGET_VS_FINAL_SQL = """
select
    m.department_key,
    m.department_name,
    m.region_sk,
    r.region_name,
    m.fiscal_year,
    m.scope,
    m.budget_expenditure_total,
    m.final_expenditure_total,
    m.expenditure_difference,
    m.expenditure_execution_rate,
    m.budget_three_public_total,
    m.final_three_public_total,
    m.three_public_difference
from marts.mart_comparison__budget_vs_final as m
left join marts.dim_region as r on r.region_sk = m.region_sk
order by r.region_path, m.fiscal_year, m.department_name
"""

# Every document version the warehouse decided on: the published ones (one row each in the
# department-year mart, with dim_document for their files and warnings) and the ones held back or
# superseded, which only fct_finding (the data-quality mart, all versions) knows.
DOCUMENTS_SQL = """
with published as (
    select
        m.document_id, m.department_key, m.department_name, m.fiscal_year, m.phase, m.scope,
        'accepted' as status, true as is_published, d.source_file_names
    from marts.mart_comparison__department_year as m
    left join marts.dim_document as d on d.document_id = m.document_id
),
finding_counts as (
    select
        f.document_id,
        count(*) filter (where f.severity = 'error' and not f.is_waived) as error_count,
        count(*) filter (where f.severity = 'warn') as warn_count,
        count(*) filter (
            where f.severity = 'error' and not f.is_waived and f.finding_kind = 'reading'
        ) as reading_error_count,
        count(*) as finding_count
    from marts.fct_finding as f
    group by f.document_id
),
unpublished as (
    select distinct on (f.document_id)
        f.document_id, f.department_key, f.department_name, f.fiscal_year, f.phase, f.scope,
        f.document_status as status, false as is_published, f.file_name as source_file_names
    from marts.fct_finding as f
    where not f.is_published_document
    order by f.document_id, f.found_at desc
)
select
    docs.document_id, docs.department_key, docs.department_name, docs.fiscal_year, docs.phase,
    docs.scope, coalesce(docs.status, 'undecided') as status, docs.is_published,
    coalesce(c.error_count, 0) as error_count,
    coalesce(c.warn_count, 0) as warn_count,
    coalesce(c.reading_error_count, 0) as reading_error_count,
    coalesce(c.finding_count, 0) as finding_count,
    docs.source_file_names
from (select * from published union all select * from unpublished) as docs
left join finding_counts as c on c.document_id = docs.document_id
order by docs.department_name, docs.fiscal_year, docs.phase, docs.scope, docs.is_published desc
"""

FINDINGS_SQL = """
select
    f.finding_id, f.document_id, f.department_key, f.department_name, f.fiscal_year, f.phase, f.scope,
    f.document_status, f.is_published_document, f.rule_id, f.severity, f.finding_kind, f.message, f.table_kind,
    f.row_label, f.column_name, f.file_name, f.page, f.left_value, f.right_value, f.difference,
    f.is_waived, f.waiver_reason, f.load_id
from marts.fct_finding as f
order by f.department_name, f.fiscal_year, f.document_id, f.severity, f.rule_id, f.finding_id
"""

PROJECTS_SQL = """
select
    p.project_sk, p.document_id, d.department_key, d.department_name, p.fiscal_year, p.phase, d.scope,
    p.project_index, p.project_name, p.project_goal, p.indicator_count, p.quantified_count,
    p.file_name, p.page
from marts.dim_project as p
join marts.dim_document as d on d.document_id = p.document_id
order by d.department_name, p.fiscal_year, p.phase, p.project_index
"""

TARGETS_SQL = """
select
    t.project_sk, t.indicator_index, i.level1_name, i.level2_name, i.indicator_name,
    t.comparator, t.target_value, t.target_unit, t.target_text, t.is_quantified
from marts.fct_performance_target as t
join marts.dim_indicator as i on i.indicator_sk = t.indicator_sk
order by t.project_sk, t.indicator_index
"""


def latest_load_id(conn) -> str | None:
    row = conn.execute("select load_id from audit.load order by started_at desc, load_id desc limit 1").fetchone()
    return row[0] if row else None


def read_report_data(conn, *, load: dict[str, Any] | None = None) -> ReportData:
    """Read everything the report shows from the marts on ``conn`` (psycopg 3)."""
    missing = missing_marts(conn)
    if missing:
        raise LookupError(
            "the comparison marts are not in the warehouse: " + ", ".join(f"marts.{m}" for m in missing)
            + " (run `budgetwh run --inbox DIR` or `dbt build` first)"
        )
    return ReportData(
        department_years=_rows(conn, DEPARTMENT_YEAR_SQL),
        function_subjects=_rows(conn, FUNCTION_SUBJECT_SQL),
        budget_vs_final=_rows(conn, BUDGET_VS_FINAL_SQL),
        documents=_rows(conn, DOCUMENTS_SQL),
        findings=_rows(conn, FINDINGS_SQL),
        projects=_rows(conn, PROJECTS_SQL),
        targets=_rows(conn, TARGETS_SQL),
        load=load,
        sources=[f"marts.{m}" for m in COMPARISON_MARTS] + [
            "marts.dim_region", "marts.dim_document", "marts.dim_project", "marts.fct_performance_target",
            "marts.dim_indicator", "marts.fct_finding"],
    )


def as_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))
