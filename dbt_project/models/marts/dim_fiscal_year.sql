-- One row per fiscal year of a published document.

with

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

years as (

    select
        documents.fiscal_year,
        count(*) filter (where documents.phase = 'budget') as budget_documents,
        count(*) filter (where documents.phase = 'final') as final_documents
    from documents
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
