-- One row per department key, stable across years: the reader's key (region + normalised name)
-- continued through the alias table, so a renamed department is one row with every name it
-- was published under. A unit (单位) has a key of its own, distinct from its department's.
-- Every loaded version counts, so every version in dim_document finds its department; name,
-- code and region come from the most recent published document (else the most recent loaded).

with

documents as (

    select * from {{ ref('int_budget__documents') }}
    where parse_status = 'parsed' and document_key is not null

),

current_documents as (

    select document_id from {{ ref('int_budget__documents_current') }}

),

flagged as (

    select
        documents.*,
        current_documents.document_id is not null as is_published
    from documents
    left join current_documents
        on documents.document_id = current_documents.document_id

),

ranked as (

    select
        flagged.department_key,
        flagged.department_name,
        flagged.department_code,
        flagged.region_sk,
        flagged.region_level,
        row_number() over (
            partition by flagged.department_key
            order by
                flagged.is_published desc,
                flagged.fiscal_year desc,
                flagged.loaded_at desc,
                flagged.document_id desc
        ) as recency_rank
    from flagged

),

spans as (

    select
        flagged.department_key,
        min(flagged.fiscal_year) as first_fiscal_year,
        max(flagged.fiscal_year) as last_fiscal_year,
        count(distinct flagged.fiscal_year) filter (
            where flagged.is_published
        ) as fiscal_years_published,
        count(*) filter (where flagged.is_published) as documents_published,
        count(*) as document_versions,
        bool_or(flagged.scope = 'department') as publishes_department_documents,
        string_agg(
            distinct flagged.department_name, ' / '
            order by flagged.department_name
        ) as names_published,
        count(
            distinct {{ normalised_name('flagged.department_name') }}
        ) as distinct_names,
        string_agg(
            distinct flagged.published_department_key, ' / '
            order by flagged.published_department_key
        ) filter (where flagged.is_alias) as alias_keys
    from flagged
    group by flagged.department_key

),

final as (

    select
        {{ surrogate_key(["'department'", 'ranked.department_key']) }}
            as department_sk,
        ranked.department_key,
        ranked.department_name,
        {{ normalised_name('ranked.department_name') }}
            as department_name_normalised,
        ranked.department_code,
        case
            when spans.publishes_department_documents then 'department'
            else 'unit'
        end as entity_kind,
        ranked.region_sk,
        ranked.region_level,
        spans.names_published,
        spans.distinct_names > 1 or spans.alias_keys is not null as is_renamed,
        spans.alias_keys,
        spans.first_fiscal_year,
        spans.last_fiscal_year,
        spans.fiscal_years_published,
        spans.documents_published,
        spans.document_versions
    from ranked
    inner join spans
        on ranked.department_key = spans.department_key
    where ranked.recency_rank = 1

)

select * from final
