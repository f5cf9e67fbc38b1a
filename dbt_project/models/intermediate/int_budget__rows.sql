-- Every table row of every document version, with what the row is about:
--   function  支出功能分类 code: 类 201 (3 digits), 款 20132 (5), 项 2013201 (7)
--   economic  支出经济分类 code: 301 / 30101 (部门预算, system `department`),
--             501 / 50101 (政府预算, system `government`)
--   other_code  a printed code that fits neither pattern (kept, never guessed)
--   line      a canonical line key without a code (current_year_total, car.operation, …);
--             an unlabelled 合计 row (level 0) gets the line key `total`
--   label     none of these (or a `function` line without a code): the printed name is
--             the subject
-- and which way the money flows (income or expenditure).

with

table_rows as (

    select * from {{ ref('stg_budget__rows') }}

),

disclosure_tables as (

    select * from {{ ref('stg_budget__tables') }}

),

joined as (

    select
        table_rows.document_id,
        table_rows.table_index,
        table_rows.row_index,
        disclosure_tables.table_kind,
        disclosure_tables.table_title,
        disclosure_tables.file_name,
        table_rows.panel_side,
        table_rows.subject_code,
        table_rows.row_name,
        table_rows.row_level,
        table_rows.source_line,
        table_rows.source_text,
        coalesce(table_rows.line_key, case
            when table_rows.row_level = 0 and table_rows.subject_code is null
                then 'total'
        end) as line_key,
        coalesce(table_rows.row_page, disclosure_tables.table_page) as page
    from table_rows
    inner join disclosure_tables
        on
            table_rows.document_id = disclosure_tables.document_id
            and table_rows.table_index = disclosure_tables.table_index

),

typed as (

    select
        joined.*,
        case
            when joined.subject_code ~ '^2[0-9]{2}([0-9]{2}([0-9]{2})?)?$'
                then 'function'
            when joined.subject_code ~ '^[35][0-9]{2}([0-9]{2})?$'
                then 'economic'
            when joined.subject_code is not null then 'other_code'
            -- a 类 line whose code could not be resolved is told apart by its name
            when joined.line_key is not null and joined.line_key != 'function'
                then 'line'
            else 'label'
        end as subject_type,
        coalesce(joined.panel_side, case
            when joined.table_kind = 'income' then 'income'
            else 'expenditure'
        end) as flow
    from joined

),

classified as (

    select
        typed.*,
        case typed.subject_type
            when 'function' then typed.subject_code
            when 'economic' then typed.subject_code
            when 'other_code' then typed.subject_code
            when 'line' then typed.line_key
            else typed.row_name
        end as subject_value,
        case
            when typed.subject_type in ('function', 'economic')
                then case length(typed.subject_code)
                        when 3 then 1
                        when 5 then 2
                        when 7 then 3
                    end
        end as subject_level,
        case
            when typed.subject_type = 'economic'
                then case left(typed.subject_code, 1)
                        when '3' then 'department'
                        when '5' then 'government'
                    end
        end as economic_system
    from typed

),

final as (

    select
        classified.*,
        classified.subject_type || ':' || classified.subject_value
            as subject_id
    from classified

)

select * from final
