-- One row per published document, i.e. department × fiscal year × phase × scope: the figures a
-- comparison across departments, regions and years needs, each taken from one printed cell of
-- fct_budget_line (its source_cell_id beside it) and never derived silently:
--   total / basic / project    the expenditure table's 合计 row (all funds);
--   personnel / public         the basic-expenditure table's 合计 row (一般公共预算);
--   三公 parts                  the 三公 table, in the column the contract figure uses (一般公共预算
--                              where printed, else 合计 / 决算数); a part printed blank over
--                              printed sub-lines is their sum (three_public_is_derived), and a
--                              table present without amounts gives 0.00; 三公 total = the three;
--   机关运行经费                 the contract figure (its table or the narrative).
-- Shares are fractions (0.125 = 12.5 %). Year-over-year compares with the same department,
-- phase and scope in the previous fiscal year, when published. Ranks are within the
-- department's region, fiscal year, phase and scope (1 = largest). 预算 and 决算 are never
-- compared here: mart_comparison__budget_vs_final puts them side by side.
--
-- Each figure's SQL is written once, below, for every figure of its kind (the lists here).

{# 合计 rows: measure_code → the figure's column (its cell: <column>_cell_id) #}
{% set total_figures = {
    'total': 'expenditure_total',
    'basic': 'basic_expenditure',
    'project': 'project_expenditure',
    'personnel': 'personnel_expenditure',
    'public': 'public_expenditure',
} %}
{# 三公 parts (line_key), whose sub-lines are line_key <part>.<sub-line> #}
{% set three_public_parts = ['abroad', 'car', 'reception'] %}
{# the car line's two printed sub-lines, shown beside it (column prefix car_purchase, …) #}
{% set car_sub_lines = ['car.purchase', 'car.operation'] %}

with

documents as (

    select * from {{ ref('dim_document') }}
    where is_published

),

departments as (

    select * from {{ ref('dim_department') }}

),

regions as (

    select * from {{ ref('dim_region') }}

),

lines as (

    select * from {{ ref('fct_budget_line') }}

),

----------  the cells each figure comes from (the first such table of a document)

total_rows as (

    select
        lines.document_id,
        lines.table_kind,
        lines.measure_code,
        lines.amount_yuan,
        lines.source_cell_id,
        row_number() over (
            partition by lines.document_id, lines.table_kind, lines.measure_code
            order by lines.table_index, lines.row_index
        ) as pick
    from lines
    where
        lines.line_key = 'total'
        and (
            (
                lines.table_kind = 'expenditure'
                and lines.fund_code = 'all'
                and lines.measure_code in ('total', 'basic', 'project')
            )
            or (
                lines.table_kind = 'basic_expenditure'
                and lines.measure_code in ('personnel', 'public')
            )
        )

),

totals as (

    -- a measure comes from one table kind only (total_rows), so the measure names the figure
    select
        {% for measure_code, figure in total_figures.items() %}
            max(total_rows.amount_yuan) filter (
                where total_rows.measure_code = '{{ measure_code }}'
            ) as {{ figure }},
            max(total_rows.source_cell_id) filter (
                where total_rows.measure_code = '{{ measure_code }}'
            ) as {{ figure }}_cell_id,
        {% endfor %}
        total_rows.document_id
    from total_rows
    where total_rows.pick = 1
    group by total_rows.document_id

),

----------  三公: abroad, car, reception

three_public_cells as (

    select
        lines.document_id,
        lines.table_index,
        lines.column_name,
        lines.line_key,
        lines.amount_yuan,
        lines.source_cell_id,
        min(lines.table_index) over (
            partition by lines.document_id
        ) as first_table_index,
        bool_or(lines.column_name = 'general_budget') over (
            partition by lines.document_id
        ) as prints_general_budget
    from lines
    where lines.table_kind = 'three_public' and lines.measure_code = 'total'

),

three_public_chosen as (

    -- the column of the contract figure: 一般公共预算 where printed, else 合计 (决算数)
    select three_public_cells.*
    from three_public_cells
    where
        three_public_cells.table_index = three_public_cells.first_table_index
        and three_public_cells.column_name = case
            when three_public_cells.prints_general_budget then 'general_budget'
            else 'total'
        end

),

three_public_parts as (

    select
        {% for line_key in three_public_parts + car_sub_lines %}
            {% set line = line_key | replace('.', '_') %}
            -- a printed line (part or sub-line): whether printed, its amount, its cell if not blank
            bool_or(three_public_chosen.line_key = '{{ line_key }}') as prints_{{ line }},
            max(three_public_chosen.amount_yuan) filter (
                where three_public_chosen.line_key = '{{ line_key }}'
            ) as {{ line }}_printed,
            max(three_public_chosen.source_cell_id) filter (
                where three_public_chosen.line_key = '{{ line_key }}'
                and three_public_chosen.amount_yuan is not null
            ) as {{ line }}_cell_id,
        {% endfor %}
        {% for part in three_public_parts %}
            -- a part's sub-lines (abroad.teaching, car.purchase, car.operation …)
            sum(three_public_chosen.amount_yuan) filter (
                where three_public_chosen.line_key like '{{ part }}.%'
            ) as {{ part }}_children,
        {% endfor %}
        three_public_chosen.document_id
    from three_public_chosen
    group by three_public_chosen.document_id

),

----------  one row per published document

figures as (

    select
        documents.document_id,
        documents.document_sk,
        documents.department_sk,
        documents.fiscal_year,
        documents.fiscal_year_sk,
        documents.phase,
        documents.phase_sk,
        documents.scope,
        documents.scope_sk,
        documents.department_name as department_name_printed,
        documents.operating_costs,
        documents.three_public_total as three_public_total_figure,
        departments.department_key,
        departments.department_name,
        departments.region_sk,
        regions.region_name,
        regions.region_path,
        regions.region_level,
        {% for figure in total_figures.values() %}
            totals.{{ figure }},
            totals.{{ figure }}_cell_id,
        {% endfor %}
        {% for part in three_public_parts %}
            -- a part: its printed line, else the sum of its sub-lines
            three_public_parts.{{ part }}_cell_id,
            coalesce(
                three_public_parts.{{ part }}_printed,
                three_public_parts.{{ part }}_children
            ) as {{ part }}_amount,
        {% endfor %}
        {% for line in car_sub_lines | map('replace', '.', '_') %}
            -- a car sub-line: 0.00 when printed blank, null when not printed
            three_public_parts.{{ line }}_cell_id,
            case
                when three_public_parts.prints_{{ line }}
                    then coalesce(three_public_parts.{{ line }}_printed, 0.00)
            end as {{ line }}_amount,
        {% endfor %}
        -- derived: a part printed blank over printed sub-lines (false or …: the same truth value)
        false
        {% for part in three_public_parts %}
            or (
                three_public_parts.{{ part }}_printed is null
                and three_public_parts.{{ part }}_children is not null
            )
        {% endfor %}
            as three_public_derived,
        -- a 三公 table present (cells, or the contract figure 0.00 of an empty one) gives 0.00
        -- for a part it does not print; no table gives null
        three_public_parts.document_id is not null
        or documents.three_public_total is not null as has_three_public_table
    from documents
    inner join departments
        on documents.department_sk = departments.department_sk
    inner join regions
        on departments.region_sk = regions.region_sk
    left join totals
        on documents.document_id = totals.document_id
    left join three_public_parts
        on documents.document_id = three_public_parts.document_id

),

measured as (

    select
        figures.*,
        {% for part in three_public_parts %}
            case
                when figures.has_three_public_table
                    then coalesce(figures.{{ part }}_amount, 0.00)
            end as three_public_{{ part }},
        {% endfor %}
        case
            when figures.has_three_public_table
                then
                    0.00
                    {% for part in three_public_parts %}
                        + coalesce(figures.{{ part }}_amount, 0.00)
                    {% endfor %}
        end as three_public_total
    from figures

),

shared as (

    select
        measured.*,
        measured.basic_expenditure
        / nullif(measured.expenditure_total, 0) as basic_share,
        measured.project_expenditure
        / nullif(measured.expenditure_total, 0) as project_share,
        measured.personnel_expenditure
        / nullif(
            measured.personnel_expenditure + measured.public_expenditure, 0
        ) as personnel_share,
        measured.public_expenditure
        / nullif(
            measured.personnel_expenditure + measured.public_expenditure, 0
        ) as public_share,
        measured.three_public_total
        / nullif(measured.expenditure_total, 0) as three_public_share
    from measured

),

compared as (

    select
        shared.*,
        prior_year.expenditure_total as prior_expenditure_total,
        prior_year.three_public_total as prior_three_public_total,
        prior_year.three_public_share as prior_three_public_share
    from shared
    left join shared as prior_year
        on
            shared.department_key = prior_year.department_key
            and shared.phase = prior_year.phase
            and shared.scope = prior_year.scope
            and shared.fiscal_year = prior_year.fiscal_year + 1

),

final as (

    select
        ----------  keys: department × fiscal year × phase × scope
        {{ surrogate_key([
            "'comparison_department_year'",
            'compared.department_key',
            'compared.fiscal_year',
            'compared.phase',
            'compared.scope',
        ]) }} as comparison_sk,
        compared.department_sk,
        compared.region_sk,
        compared.fiscal_year_sk,
        compared.phase_sk,
        compared.scope_sk,
        compared.document_sk,

        ----------  who, where, when
        compared.department_key,
        compared.department_name,
        compared.department_name_printed,
        compared.region_name,
        compared.region_path,
        compared.region_level,
        compared.fiscal_year,
        compared.phase,
        compared.scope,

        ----------  expenditure, 元
        compared.expenditure_total,
        compared.basic_expenditure,
        compared.project_expenditure,
        cast(compared.basic_share as numeric(12, 6)) as basic_share,
        cast(compared.project_share as numeric(12, 6)) as project_share,
        compared.personnel_expenditure,
        compared.public_expenditure,
        cast(compared.personnel_share as numeric(12, 6)) as personnel_share,
        cast(compared.public_share as numeric(12, 6)) as public_share,

        ----------  三公 and 机关运行经费, 元
        compared.three_public_total,
        compared.three_public_abroad,
        compared.three_public_car,
        compared.car_purchase_amount as three_public_car_purchase,
        compared.car_operation_amount as three_public_car_operation,
        compared.three_public_reception,
        cast(compared.three_public_share as numeric(12, 6))
            as three_public_share,
        coalesce(compared.three_public_derived, false)
            as three_public_is_derived,
        compared.operating_costs,

        ----------  year over year (same department, phase and scope, previous year)
        compared.prior_expenditure_total,
        compared.expenditure_total - compared.prior_expenditure_total
            as expenditure_change,
        cast(
            (compared.expenditure_total - compared.prior_expenditure_total)
            / nullif(compared.prior_expenditure_total, 0)
            as numeric(12, 6)
        ) as expenditure_change_pct,
        compared.prior_three_public_total,
        compared.three_public_total - compared.prior_three_public_total
            as three_public_change,
        cast(
            (compared.three_public_total - compared.prior_three_public_total)
            / nullif(compared.prior_three_public_total, 0)
            as numeric(12, 6)
        ) as three_public_change_pct,
        cast(
            compared.three_public_share - compared.prior_three_public_share
            as numeric(12, 6)
        ) as three_public_share_change,
        cast(compared.prior_three_public_share as numeric(12, 6))
            as prior_three_public_share,

        ----------  ranks within region × fiscal year × phase × scope (1 = largest)
        rank() over (
            region_year order by compared.expenditure_total desc nulls last
        ) as rank_expenditure_total,
        rank() over (
            region_year order by compared.three_public_total desc nulls last
        ) as rank_three_public_total,
        rank() over (
            region_year order by compared.three_public_share desc nulls last
        ) as rank_three_public_share,
        count(*) over region_year as departments_in_region,

        ----------  provenance: the printed cell of each figure (fct_budget_line.source_cell_id)
        compared.document_id,
        compared.expenditure_total_cell_id,
        compared.basic_expenditure_cell_id,
        compared.project_expenditure_cell_id,
        compared.personnel_expenditure_cell_id,
        compared.public_expenditure_cell_id,
        compared.abroad_cell_id as three_public_abroad_cell_id,
        compared.car_cell_id as three_public_car_cell_id,
        compared.car_purchase_cell_id as three_public_car_purchase_cell_id,
        compared.car_operation_cell_id as three_public_car_operation_cell_id,
        compared.reception_cell_id as three_public_reception_cell_id,
        compared.three_public_total_figure
    from compared
    window region_year as (
        partition by
            compared.region_sk,
            compared.fiscal_year,
            compared.phase,
            compared.scope
    )

)

select * from final
