"""Stand-ins for the comparison marts while they are being written (dbt_project/models/marts/).

Each is a SELECT over fct_budget_line / dim_document with the columns the report reads from the
mart of the same name; :func:`ingest.report.queries.read_report_data` substitutes one only when
its mart is missing from the warehouse. Delete this module once the marts are in every warehouse.
"""

from __future__ import annotations

DEPARTMENT_YEAR = """
(with docs as (
    select d.*, dep.region_sk as department_region_sk
    from marts.dim_document as d
    join marts.dim_department as dep on dep.department_sk = d.department_sk
),
three_public as (
    select
        f.document_id, f.line_key, f.amount_yuan,
        row_number() over (
            partition by f.document_id, f.line_key
            order by case f.fund_code when 'all' then 1 when 'fiscal_appropriation' then 2
                                      when 'general_budget' then 3 else 4 end
        ) as fund_rank
    from marts.fct_budget_line as f
    where f.table_kind = 'three_public' and f.measure_code = 'total'
),
parts as (
    select
        t.document_id,
        max(t.amount_yuan) filter (where t.line_key = 'abroad') as three_public_abroad,
        max(t.amount_yuan) filter (where t.line_key = 'car.purchase') as three_public_car_purchase,
        max(t.amount_yuan) filter (where t.line_key = 'car.operation') as three_public_car_operation,
        max(t.amount_yuan) filter (where t.line_key = 'reception') as three_public_reception
    from three_public as t
    where t.fund_rank = 1
    group by t.document_id
),
base as (
    select
        docs.document_id, docs.department_key, docs.department_sk, docs.department_name,
        docs.region_sk, docs.fiscal_year, docs.phase, docs.scope,
        docs.expenditure_total, docs.basic_expenditure, docs.project_expenditure,
        docs.personnel_expenditure, docs.public_expenditure,
        docs.basic_expenditure / nullif(docs.expenditure_total, 0) as basic_share,
        docs.project_expenditure / nullif(docs.expenditure_total, 0) as project_share,
        docs.personnel_expenditure / nullif(docs.basic_expenditure, 0) as personnel_share,
        docs.public_expenditure / nullif(docs.basic_expenditure, 0) as public_share,
        docs.three_public_total,
        parts.three_public_abroad, parts.three_public_car_purchase, parts.three_public_car_operation,
        parts.three_public_reception,
        docs.operating_costs
    from docs
    left join parts on parts.document_id = docs.document_id
)
select
    base.*,
    prior.expenditure_total as prior_expenditure_total,
    base.expenditure_total - prior.expenditure_total as expenditure_change,
    (base.expenditure_total - prior.expenditure_total) / nullif(prior.expenditure_total, 0)
        as expenditure_change_pct,
    prior.three_public_total as prior_three_public_total,
    base.three_public_total - prior.three_public_total as three_public_change,
    (base.three_public_total - prior.three_public_total) / nullif(prior.three_public_total, 0)
        as three_public_change_pct,
    rank() over (partition by base.region_sk, base.fiscal_year, base.phase, base.scope
                 order by base.expenditure_total desc nulls last) as rank_expenditure_total,
    rank() over (partition by base.region_sk, base.fiscal_year, base.phase, base.scope
                 order by base.three_public_total desc nulls last) as rank_three_public_total
from base
left join base as prior
    on prior.department_key = base.department_key and prior.phase = base.phase
    and prior.scope = base.scope and prior.fiscal_year = base.fiscal_year - 1)
"""

FUNCTION_SUBJECT = """
(select
    f.document_id, d.department_key, d.department_name, d.region_sk, f.fiscal_year, f.phase, f.scope,
    f.subject_code as function_code, coalesce(s.function_name, f.subject_name) as function_name,
    s.subject_level, s.class_code, s.class_name, f.amount_yuan,
    f.amount_yuan / nullif(total.amount_yuan, 0) as share_of_total
from marts.fct_budget_line as f
join marts.dim_document as d on d.document_id = f.document_id
join marts.dim_function_subject as s on s.function_subject_sk = f.function_subject_sk
left join marts.fct_budget_line as total
    on total.document_id = f.document_id and total.table_index = f.table_index
    and total.line_key = 'total' and total.measure_code = 'total'
where f.table_kind = 'expenditure' and f.subject_type = 'function' and f.measure_code = 'total')
"""

BUDGET_VS_FINAL = """
(select
    b.department_key, b.department_name, b.region_sk, b.fiscal_year, b.scope,
    b.expenditure_total as budget_expenditure_total, f.expenditure_total as final_expenditure_total,
    f.expenditure_total - b.expenditure_total as expenditure_difference,
    f.expenditure_total / nullif(b.expenditure_total, 0) as expenditure_execution_rate,
    b.three_public_total as budget_three_public_total, f.three_public_total as final_three_public_total,
    f.three_public_total - b.three_public_total as three_public_difference
from marts.dim_document as b
join marts.dim_document as f
    on f.department_key = b.department_key and f.fiscal_year = b.fiscal_year and f.scope = b.scope
where b.phase = 'budget' and f.phase = 'final')
"""

STAND_INS = {
    "mart_comparison__department_year": DEPARTMENT_YEAR,
    "mart_comparison__function_subject": FUNCTION_SUBJECT,
    "mart_comparison__budget_vs_final": BUDGET_VS_FINAL,
}
