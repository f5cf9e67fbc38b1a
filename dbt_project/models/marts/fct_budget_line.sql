-- One row per printed amount of a published document's standard tables: document × table ×
-- subject × fund × measure (a cell of a table row). The amount is the raw cell's exact 元,
-- untouched (null where the cell was printed blank), and the cell it came from travels with it.

with

lines as (

    select * from {{ ref('int_budget__lines') }}

),

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

published as (

    select
        lines.*,
        documents.fiscal_year,
        documents.phase,
        documents.scope,
        documents.department_key,
        documents.region_sk
    from lines
    inner join documents
        on lines.document_id = documents.document_id
    where lines.is_standard_table

),

final as (

    select
        ----------  keys
        {{ surrogate_key([
            "'budget_line'",
            'published.document_id',
            'published.table_index',
            'published.row_index',
            'published.column_name',
        ]) }} as budget_line_sk,
        {{ surrogate_key(["'document'", 'published.document_id']) }}
            as document_sk,
        {{ surrogate_key(["'department'", 'published.department_key']) }}
            as department_sk,
        published.region_sk,
        {{ surrogate_key(["'fiscal_year'", 'published.fiscal_year']) }}
            as fiscal_year_sk,
        {{ surrogate_key(["'phase'", 'published.phase']) }} as phase_sk,
        {{ surrogate_key(["'scope'", 'published.scope']) }} as scope_sk,
        case
            when published.subject_type = 'function'
                then {{ surrogate_key([
                    "'function_subject'",
                    'published.subject_code',
                    'published.fiscal_year',
                ]) }}
        end as function_subject_sk,
        case
            when published.subject_type = 'economic'
                then {{ surrogate_key([
                    "'economic_subject'",
                    'published.subject_code',
                    'published.fiscal_year',
                ]) }}
        end as economic_subject_sk,
        {{ surrogate_key(["'fund'", 'published.fund_code']) }} as fund_sk,
        {{ surrogate_key(["'measure'", 'published.measure_code']) }}
            as measure_sk,

        ----------  what the amount is
        published.fiscal_year,
        published.phase,
        published.scope,
        published.table_kind,
        published.flow,
        published.subject_type,
        published.subject_id,
        published.subject_code,
        published.line_key,
        published.row_name as subject_name,
        published.subject_level,
        published.fund_code,
        published.measure_code,

        ----------  amount, 元
        published.amount_yuan,
        published.half_unit_yuan,
        published.is_blank,

        ----------  provenance
        published.document_id
        || ':' || published.table_index
        || ':' || published.row_index
        || ':' || published.column_name as source_cell_id,
        published.document_id,
        published.table_index,
        published.row_index,
        published.column_name,
        published.published_text,
        published.published_unit,
        published.table_title,
        published.file_name,
        published.page,
        published.source_line,
        published.source_text
    from published

)

select * from final
