-- Every document version with the identity the marts use:
--   department_key  the reader's key, continued through the alias table (seed
--                   department_aliases, the same CSV the reader reads), so a rename added after a
--                   document was loaded still merges its years;
--   document_key    rebuilt on that department key (what a newer version supersedes);
--   region          as stated, with a municipality (直辖市: province = city) held at province
--                   level, so its districts attach to it directly and its own departments sit
--                   at the province level, as a province's departments do.

with

documents as (

    select * from {{ ref('stg_budget__documents') }}

),

aliases as (

    select * from {{ ref('department_aliases') }}

),

keyed as (

    select
        documents.*,
        documents.department_key as published_department_key,
        documents.document_key as published_document_key,
        documents.region_city as region_city_published,
        coalesce(aliases.department_key, documents.department_key)
            as canonical_department_key,
        coalesce(aliases.alias_key is not null, false) as is_alias,
        case
            when documents.region_city = documents.region_province then null
            else documents.region_city
        end as region_city_level
    from documents
    left join aliases
        on documents.department_key = aliases.alias_key

),

derived as (

    select
        keyed.*,
        case
            when keyed.document_key is not null
                then concat_ws(
                        '|',
                        keyed.canonical_department_key,
                        keyed.fiscal_year,
                        keyed.phase,
                        keyed.scope
                    )
        end as canonical_document_key,
        case
            when keyed.region_county is not null then 'county'
            when keyed.region_city_level is not null then 'city'
            when keyed.region_province is not null then 'province'
            else 'unknown'
        end as region_level,
        {{ surrogate_key([
            "'region'",
            'keyed.region_province',
            'keyed.region_city_level',
            'keyed.region_county',
        ]) }} as region_sk
    from keyed

),

final as (

    select
        ----------  ids
        derived.document_id,
        derived.canonical_document_key as document_key,
        derived.published_document_key,
        derived.canonical_department_key as department_key,
        derived.published_department_key,
        derived.is_alias,
        derived.content_hash,
        derived.reader_version,
        derived.load_id,

        ----------  department and region
        derived.department_name,
        derived.department_code,
        derived.region_province,
        derived.region_city_level as region_city,
        derived.region_county,
        derived.region_city_published,
        derived.region_level,
        derived.region_sk,

        ----------  document
        derived.fiscal_year,
        derived.phase,
        derived.scope,
        derived.parse_status,
        derived.rejection_reason,

        ----------  the ten contract figures, 元
        derived.income_total,
        derived.expenditure_total,
        derived.current_year_income,
        derived.fiscal_appropriation_income,
        derived.basic_expenditure,
        derived.project_expenditure,
        derived.personnel_expenditure,
        derived.public_expenditure,
        derived.three_public_total,
        derived.operating_costs,

        ----------  timestamps
        derived.loaded_at

    from derived

)

select * from final
