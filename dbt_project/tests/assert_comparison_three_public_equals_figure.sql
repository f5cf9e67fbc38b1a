-- The 三公 total of mart_comparison__department_year must equal the document's contract figure
-- three_public_total (computed once by the reader from the same table: abroad + car +
-- reception, fiscal-appropriation column, a blank part over its sub-lines derived). A row here
-- is a document whose mart total differs from its figure (`gap` = mart − figure) or lacks it
-- where the figure exists. No tolerance: both add the same printed cells.

with

compared as (

    select
        document_id,
        department_name,
        fiscal_year,
        phase,
        three_public_total,
        three_public_total_figure,
        three_public_total - three_public_total_figure as gap
    from {{ ref('mart_comparison__department_year') }}

)

select * from compared
where
    three_public_total_figure is not null
    and three_public_total is distinct from three_public_total_figure
