-- One row per indicator path 一级 → 二级 → 三级 printed in published documents. The 一级
-- category drops the 指标 suffix (产出指标 → 产出), so 产出 and 产出指标 group together (P01).

with

indicators as (

    select * from {{ ref('stg_budget__performance_indicators') }}

),

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

paths as (

    select
        indicators.level1_name,
        indicators.level2_name,
        indicators.indicator_name,
        count(*) as times_used,
        count(distinct indicators.document_id) as documents_using
    from indicators
    inner join documents
        on indicators.document_id = documents.document_id
    group by
        indicators.level1_name,
        indicators.level2_name,
        indicators.indicator_name

),

final as (

    select
        {{ surrogate_key([
            "'indicator'",
            'paths.level1_name',
            'paths.level2_name',
            'paths.indicator_name',
        ]) }} as indicator_sk,
        paths.level1_name,
        regexp_replace(paths.level1_name, '指标$', '') as level1_category,
        paths.level2_name,
        regexp_replace(paths.level2_name, '指标$', '') as level2_category,
        paths.indicator_name,
        concat_ws(
            ' > ', paths.level1_name, paths.level2_name, paths.indicator_name
        ) as indicator_path,
        paths.times_used,
        paths.documents_using
    from paths

)

select * from final
