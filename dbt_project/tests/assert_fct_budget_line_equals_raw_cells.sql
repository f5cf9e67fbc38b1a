-- The fact table must carry every cell of a published document's standard tables exactly as raw
-- holds it. A row here is a cell whose amount or text differs between raw.table_cell and
-- fct_budget_line (`gap` = fact − raw), or a cell present on one side only. No tolerance: the
-- amounts are copied, never recomputed, so they must agree to the fen.

with

published as (

    select document_id from {{ ref('dim_document') }}
    where is_published

),

standard_tables as (

    select
        disclosure_table.document_id,
        disclosure_table.table_index
    from {{ source('budget', 'disclosure_table') }} as disclosure_table
    inner join published
        on disclosure_table.document_id = published.document_id
    inner join {{ ref('table_kinds') }} as table_kinds
        on disclosure_table.kind = table_kinds.kind
    where table_kinds.is_standard

),

raw_cells as (

    select table_cell.*
    from {{ source('budget', 'table_cell') }} as table_cell
    inner join standard_tables
        on
            table_cell.document_id = standard_tables.document_id
            and table_cell.table_index = standard_tables.table_index

),

facts as (

    select * from {{ ref('fct_budget_line') }}

),

compared as (

    select
        raw_cells.amount as raw_amount,
        facts.amount_yuan as fact_amount,
        raw_cells.published_text as raw_text,
        facts.published_text as fact_text,
        coalesce(raw_cells.document_id, facts.document_id) as document_id,
        coalesce(raw_cells.table_index, facts.table_index) as table_index,
        coalesce(raw_cells.row_index, facts.row_index) as row_index,
        coalesce(raw_cells.column_name, facts.column_name) as column_name,
        facts.amount_yuan - raw_cells.amount as gap,
        raw_cells.document_id is null as missing_in_raw,
        facts.document_id is null as missing_in_fact
    from raw_cells
    full outer join facts
        on
            raw_cells.document_id = facts.document_id
            and raw_cells.table_index = facts.table_index
            and raw_cells.row_index = facts.row_index
            and raw_cells.column_name = facts.column_name

)

select * from compared
where
    missing_in_raw
    or missing_in_fact
    or raw_amount is distinct from fact_amount
    or raw_text is distinct from fact_text
