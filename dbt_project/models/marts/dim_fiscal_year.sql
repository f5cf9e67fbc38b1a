-- One row per fiscal year of a loaded document (every version counts, so each version in
-- dim_document finds its year), with the published documents of each phase counted.

with

documents as (

    select * from {{ ref('int_budget__documents') }}
    where parse_status = 'parsed' and document_key is not null

),

current_documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

years as (

    select
        documents.fiscal_year,
        count(current_documents.document_id) filter (
            where documents.phase = 'budget'
        ) as budget_documents,
        count(current_documents.document_id) filter (
            where documents.phase = 'final'
        ) as final_documents
    from documents
    left join current_documents
        on documents.document_id = current_documents.document_id
    group by documents.fiscal_year

),

final as (

    select
        {{ surrogate_key(["'fiscal_year'", 'years.fiscal_year']) }}
            as fiscal_year_sk,
        years.fiscal_year,
        years.fiscal_year || '年' as fiscal_year_label,
        make_date(years.fiscal_year, 1, 1) as starts_on,
        make_date(years.fiscal_year, 12, 31) as ends_on,
        years.budget_documents,
        years.final_documents
    from years

)

select * from final
