-- One row per region a loaded document states, plus every ancestor of a stated region so that
-- parent links always resolve: province level (省, 自治区, and the 直辖市 municipalities) →
-- prefecture city (地级市) → county level (县, 区). A municipality has no city level: its
-- districts attach to it directly (int_budget__documents drops the repeated city), and a
-- provincial or municipal department sits at the province level, a city's at the city level.
-- A document that states no region points at the `unknown` row. Every document version counts
-- (not only the published ones), so every version in dim_document finds its region.

with

documents as (

    select * from {{ ref('int_budget__documents') }}
    where parse_status = 'parsed' and document_key is not null

),

stated as (

    select distinct
        documents.region_province as province,
        documents.region_city as city,
        documents.region_county as county
    from documents

),

with_ancestors as (

    select
        stated.province,
        stated.city,
        stated.county
    from stated

    union

    -- the city of a county
    select
        stated.province,
        stated.city,
        null as county
    from stated
    where stated.county is not null and stated.city is not null

    union

    -- the province of a city or county
    select
        stated.province,
        null as city,
        null as county
    from stated
    where
        stated.province is not null
        and (stated.city is not null or stated.county is not null)

),

levelled as (

    select
        with_ancestors.province,
        with_ancestors.city,
        with_ancestors.county,
        case
            when with_ancestors.county is not null then 'county'
            when with_ancestors.city is not null then 'city'
            when with_ancestors.province is not null then 'province'
            else 'unknown'
        end as region_level
    from with_ancestors

),

final as (

    select
        {{ surrogate_key([
            "'region'",
            'levelled.province',
            'levelled.city',
            'levelled.county',
        ]) }} as region_sk,
        levelled.region_level,
        coalesce(
            levelled.county, levelled.city, levelled.province, '(未注明)'
        ) as region_name,
        levelled.province,
        levelled.city,
        levelled.county,
        coalesce(levelled.province like '%市', false) as is_municipality,
        case
            when levelled.county is not null and levelled.city is not null
                then {{ surrogate_key([
                    "'region'",
                    'levelled.province',
                    'levelled.city',
                    'null',
                ]) }}
            when
                (levelled.county is not null or levelled.city is not null)
                and levelled.province is not null
                then {{ surrogate_key([
                    "'region'", 'levelled.province', 'null', 'null',
                ]) }}
        end as parent_region_sk,
        concat_ws(
            ' > ', levelled.province, levelled.city, levelled.county
        ) as region_path
    from levelled

)

select * from final
