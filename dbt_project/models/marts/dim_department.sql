-- One row per department key (region + normalised department or unit name; a renamed
-- department keeps its key through the alias table). Name, code and region come from its most
-- recent published document; every name it was published under is listed.

with

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

ranked as (

    select
        documents.department_key,
        documents.department_name,
        documents.department_code,
        documents.region_province,
        documents.region_city,
        documents.region_county,
        row_number() over (
            partition by documents.department_key
            order by
                documents.fiscal_year desc,
                documents.loaded_at desc,
                documents.document_id desc
        ) as recency_rank
    from documents

),

spans as (

    select
        documents.department_key,
        min(documents.fiscal_year) as first_fiscal_year,
        max(documents.fiscal_year) as last_fiscal_year,
        count(distinct documents.fiscal_year) as fiscal_years_published,
        count(*) as documents_published,
        string_agg(
            distinct documents.department_name, ' / '
            order by documents.department_name
        ) as names_published
    from documents
    group by documents.department_key

),

final as (

    select
        {{ surrogate_key(["'department'", 'ranked.department_key']) }}
            as department_sk,
        ranked.department_key,
        ranked.department_name,
        ranked.department_code,
        {{ surrogate_key([
            "'region'",
            'ranked.region_province',
            'ranked.region_city',
            'ranked.region_county',
        ]) }} as region_sk,
        spans.names_published,
        spans.first_fiscal_year,
        spans.last_fiscal_year,
        spans.fiscal_years_published,
        spans.documents_published
    from ranked
    inner join spans
        on ranked.department_key = spans.department_key
    where ranked.recency_rank = 1

)

select * from final
