-- Every printed cell with its row and table, and the cell's fund (资金性质: where the money
-- comes from) and measure (how it is split by use) resolved from the table kind and the
-- canonical column (ingest/reading/vocabulary.py):
--   fund columns (income, fiscal_summary, three_public, summary): the column is the fund and
--     the measure is `total` (合计, not split by use); the 预算数 column (`budget`) of a 决算
--     三公 table is the measure `budgeted`;
--   use columns (expenditure, general_budget, basic_expenditure, government_fund,
--     state_capital): the column is the measure and the table kind fixes the fund; the 决算
--     fund tables' balance columns (年初结转和结余 carry_over, 本年收入 current_income,
--     年末结转和结余 year_end_carry, also Jiangsu's 结转下年资金) are measures of their own.
-- A column the vocabulary does not know resolves to null, and the not_null tests on this
-- model stop the build before the fact table is rebuilt: extend the mapping, never guess.
-- Extra tables (procurement, fixed_assets, operating_costs) are kept here with null fund and
-- measure; the fact table leaves them out.

{# canonical columns, as in ingest/reading/vocabulary.py #}
{% set income_sources = [
    'current_income', 'fiscal_appropriation', 'general_budget',
    'government_fund', 'state_capital', 'fiscal_special', 'business',
    'operating', 'superior_subsidy', 'subordinate_remit', 'other',
    'carry_over', 'unit_funds', 'non_fiscal_balance',
] %}
{% set appropriations = ['general_budget', 'government_fund', 'state_capital'] %}
{% set use_columns = [
    'total', 'basic', 'project', 'operating', 'remit_superior',
    'subsidy_subordinate', 'reserve', 'carry_over', 'current_income',
    'year_end_carry',
] %}
{% set basic_columns = ['total', 'personnel', 'public'] %}
{% set summary_uses = ['basic', 'personnel', 'public', 'project'] %}

with

table_rows as (

    select * from {{ ref('int_budget__rows') }}

),

table_kinds as (

    select * from {{ ref('table_kinds') }}

),

cells as (

    select * from {{ ref('stg_budget__cells') }}

),

joined as (

    select
        cells.document_id,
        cells.table_index,
        cells.row_index,
        cells.column_name,
        table_rows.table_kind,
        table_rows.table_title,
        table_rows.file_name,
        table_rows.page,
        table_rows.source_line,
        table_rows.source_text,
        table_rows.flow,
        table_rows.subject_type,
        table_rows.subject_value,
        table_rows.subject_id,
        table_rows.subject_code,
        table_rows.subject_level,
        table_rows.economic_system,
        table_rows.line_key,
        table_rows.row_name,
        table_rows.row_level,
        cells.amount_yuan,
        cells.half_unit_yuan,
        cells.is_blank,
        cells.published_text,
        cells.published_unit,
        coalesce(table_kinds.is_standard, false) as is_standard_table
    from cells
    inner join table_rows
        on
            cells.document_id = table_rows.document_id
            and cells.table_index = table_rows.table_index
            and cells.row_index = table_rows.row_index
    left join table_kinds
        on table_rows.table_kind = table_kinds.kind

),

resolved as (

    select
        joined.*,

        ----------  fund (资金性质)
        case
            -- one amount per line, all sources together
            when joined.table_kind = 'summary'
                and joined.column_name in ('amount', 'total')
                then 'all'
            -- a summary's expenditure side printed by use beside its amount
            when joined.table_kind = 'summary'
                and joined.column_name in ({{ in_list(summary_uses) }})
                then 'all'
            -- income by source: the column is the fund
            when joined.table_kind = 'income' and joined.column_name = 'total'
                then 'all'
            when joined.table_kind = 'income'
                and joined.column_name in ({{ in_list(income_sources) }})
                then joined.column_name
            -- 财政拨款 tables by fund
            when joined.table_kind in ('fiscal_summary', 'three_public')
                and joined.column_name in ('amount', 'total')
                then 'fiscal_appropriation'
            -- 决算 三公 tables print the budgeted amount (预算数) beside 决算数
            when joined.table_kind = 'three_public' and joined.column_name = 'budget'
                then 'fiscal_appropriation'
            when joined.table_kind in ('fiscal_summary', 'three_public')
                and joined.column_name in ({{ in_list(appropriations) }})
                then joined.column_name
            -- use columns: the table kind is the fund
            when joined.table_kind = 'expenditure'
                and joined.column_name in ({{ in_list(use_columns) }})
                then 'all'
            when joined.table_kind in ({{ in_list(appropriations) }})
                and joined.column_name in ({{ in_list(use_columns) }})
                then joined.table_kind
            when joined.table_kind = 'basic_expenditure'
                and joined.column_name in ({{ in_list(basic_columns) }})
                then 'general_budget'
        end as fund_code,

        ----------  measure (how the amount is split by use)
        case
            when joined.table_kind in ('summary', 'fiscal_summary', 'three_public')
                and joined.column_name in ('amount', 'total')
                then 'total'
            when joined.table_kind in ('fiscal_summary', 'three_public')
                and joined.column_name in ({{ in_list(appropriations) }})
                then 'total'
            when joined.table_kind = 'summary'
                and joined.column_name in ({{ in_list(summary_uses) }})
                then joined.column_name
            when joined.table_kind = 'three_public' and joined.column_name = 'budget'
                then 'budgeted'
            when joined.table_kind = 'income'
                and (
                    joined.column_name = 'total'
                    or joined.column_name in ({{ in_list(income_sources) }})
                )
                then 'total'
            when joined.table_kind = 'expenditure'
                and joined.column_name in ({{ in_list(use_columns) }})
                then joined.column_name
            when joined.table_kind in ({{ in_list(appropriations) }})
                and joined.column_name in ({{ in_list(use_columns) }})
                then joined.column_name
            when joined.table_kind = 'basic_expenditure'
                and joined.column_name in ({{ in_list(basic_columns) }})
                then joined.column_name
        end as measure_code

    from joined

)

select * from resolved
