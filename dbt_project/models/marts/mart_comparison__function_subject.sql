-- One row per function subject (支出功能分类 类 / 款 / 项) × published document, i.e. × department ×
-- fiscal year × phase × scope: the amount (合计, 基本支出, 项目支出) and its share of the department's
-- total. Read from the document's expenditure table (all funds), or from its general-budget
-- table where the expenditure table prints no function rows. A 类 or 款 the table does not print
-- but whose children it prints is listed with the sum of its printed children (is_printed
-- false, no source cell), so drilling 类 → 款 → 项 always adds up; printed rows keep their cell
-- (source_cell_id) and their rounding tolerance (half_unit_yuan).

with

documents as (

    select * from {{ ref('dim_document') }}
    where is_published

),

departments as (

    select * from {{ ref('dim_department') }}

),

subjects as (

    select * from {{ ref('dim_function_subject') }}

),

lines as (

    select * from {{ ref('fct_budget_line') }}
    where
        table_kind in ('expenditure', 'general_budget')
        and fund_code in ('all', 'general_budget')
        and measure_code in ('total', 'basic', 'project')

),

----------  the table each document is read from

candidate_tables as (

    select
        lines.document_id,
        lines.table_index,
        row_number() over (
            partition by lines.document_id
            order by
                case lines.table_kind when 'expenditure' then 1 else 2 end,
                lines.table_index
        ) as pick
    from lines
    where lines.subject_type = 'function'
    group by lines.document_id, lines.table_kind, lines.table_index

),

chosen as (

    select lines.*
    from lines
    inner join candidate_tables
        on
            lines.document_id = candidate_tables.document_id
            and lines.table_index = candidate_tables.table_index
            and candidate_tables.pick = 1

),

----------  printed rows, one per code

printed as (

    select
        chosen.document_id,
        chosen.table_kind,
        chosen.subject_code as function_code,
        length(chosen.subject_code) as code_length,
        max(chosen.amount_yuan) filter (
            where chosen.measure_code = 'total'
        ) as amount_yuan,
        max(chosen.amount_yuan) filter (
            where chosen.measure_code = 'basic'
        ) as basic_yuan,
        max(chosen.amount_yuan) filter (
            where chosen.measure_code = 'project'
        ) as project_yuan,
        max(chosen.half_unit_yuan) filter (
            where chosen.measure_code = 'total'
        ) as half_unit_yuan,
        max(chosen.source_cell_id) filter (
            where chosen.measure_code = 'total'
        ) as source_cell_id
    from chosen
    where chosen.subject_type = 'function'
    group by chosen.document_id, chosen.table_kind, chosen.subject_code

),

department_totals as (

    -- the table's 合计 row; where it prints none, the sum of its 类 rows
    select
        chosen.document_id,
        max(chosen.amount_yuan) filter (
            where chosen.line_key = 'total' and chosen.measure_code = 'total'
        ) as printed_total
    from chosen
    group by chosen.document_id

),

----------  implied 款 and 类: the sum of their printed children

implied_items as (

    select
        printed.document_id,
        printed.table_kind,
        5 as code_length,
        left(printed.function_code, 5) as function_code,
        sum(printed.amount_yuan) as amount_yuan,
        sum(printed.basic_yuan) as basic_yuan,
        sum(printed.project_yuan) as project_yuan
    from printed
    where
        printed.code_length = 7
        and not exists (
            select printed_item.function_code
            from printed as printed_item
            where
                printed_item.document_id = printed.document_id
                and printed_item.function_code = left(printed.function_code, 5)
        )
    group by printed.document_id, printed.table_kind, left(printed.function_code, 5)

),

items as (

    select
        printed.document_id,
        printed.table_kind,
        printed.function_code,
        printed.amount_yuan,
        printed.basic_yuan,
        printed.project_yuan
    from printed
    where printed.code_length = 5

    union all

    select
        implied_items.document_id,
        implied_items.table_kind,
        implied_items.function_code,
        implied_items.amount_yuan,
        implied_items.basic_yuan,
        implied_items.project_yuan
    from implied_items

),

implied_classes as (

    select
        items.document_id,
        items.table_kind,
        3 as code_length,
        left(items.function_code, 3) as function_code,
        sum(items.amount_yuan) as amount_yuan,
        sum(items.basic_yuan) as basic_yuan,
        sum(items.project_yuan) as project_yuan
    from items
    where
        not exists (
            select printed_class.function_code
            from printed as printed_class
            where
                printed_class.document_id = items.document_id
                and printed_class.function_code = left(items.function_code, 3)
        )
    group by items.document_id, items.table_kind, left(items.function_code, 3)

),

all_subjects as (

    select
        printed.document_id,
        printed.table_kind,
        printed.function_code,
        printed.amount_yuan,
        printed.basic_yuan,
        printed.project_yuan,
        printed.half_unit_yuan,
        printed.source_cell_id,
        true as is_printed
    from printed

    union all

    select
        implied_items.document_id,
        implied_items.table_kind,
        implied_items.function_code,
        implied_items.amount_yuan,
        implied_items.basic_yuan,
        implied_items.project_yuan,
        null as half_unit_yuan,
        null as source_cell_id,
        false as is_printed
    from implied_items

    union all

    select
        implied_classes.document_id,
        implied_classes.table_kind,
        implied_classes.function_code,
        implied_classes.amount_yuan,
        implied_classes.basic_yuan,
        implied_classes.project_yuan,
        null as half_unit_yuan,
        null as source_cell_id,
        false as is_printed
    from implied_classes

),

class_totals as (

    select
        all_subjects.document_id,
        sum(all_subjects.amount_yuan) as classes_total
    from all_subjects
    where length(all_subjects.function_code) = 3
    group by all_subjects.document_id

),

final as (

    select
        ----------  keys: function subject × department × fiscal year × phase × scope
        {{ surrogate_key([
            "'comparison_function_subject'",
            'all_subjects.document_id',
            'all_subjects.function_code',
        ]) }} as comparison_sk,
        subjects.function_subject_sk,
        subjects.lineage_sk,
        documents.department_sk,
        departments.region_sk,
        documents.fiscal_year_sk,
        documents.phase_sk,
        documents.scope_sk,
        documents.document_sk,

        ----------  the subject
        all_subjects.function_code,
        subjects.subject_level,
        subjects.level_name,
        subjects.function_name,
        subjects.name_path,
        subjects.parent_code,
        subjects.class_code,
        subjects.class_name,
        subjects.item_code,
        subjects.item_name,
        subjects.lineage_name,

        ----------  who and when
        departments.department_key,
        departments.department_name,
        documents.fiscal_year,
        documents.phase,
        documents.scope,

        ----------  amounts, 元, and share
        all_subjects.amount_yuan,
        all_subjects.basic_yuan,
        all_subjects.project_yuan,
        coalesce(department_totals.printed_total, class_totals.classes_total)
            as department_total_yuan,
        cast(
            all_subjects.amount_yuan
            / nullif(
                coalesce(
                    department_totals.printed_total, class_totals.classes_total
                ),
                0
            )
            as numeric(12, 6)
        ) as share_of_total,

        ----------  provenance
        all_subjects.is_printed,
        all_subjects.half_unit_yuan,
        all_subjects.source_cell_id,
        all_subjects.table_kind as source_table_kind,
        all_subjects.document_id
    from all_subjects
    inner join documents
        on all_subjects.document_id = documents.document_id
    inner join departments
        on documents.department_sk = departments.department_sk
    inner join subjects
        on
            all_subjects.function_code = subjects.function_code
            and documents.fiscal_year = subjects.fiscal_year
    left join department_totals
        on all_subjects.document_id = department_totals.document_id
    left join class_totals
        on all_subjects.document_id = class_totals.document_id

)

select * from final
