with

measures as (

    select * from {{ ref('budget_measures') }}

),

final as (

    select
        {{ surrogate_key(["'measure'", 'measures.measure_code']) }} as measure_sk,
        measures.measure_code,
        measures.measure_name,
        measures.measure_name_en,
        measures.parent_measure_code,
        case
            when measures.parent_measure_code is not null
                then {{ surrogate_key(["'measure'", 'measures.parent_measure_code']) }}
        end as parent_measure_sk,
        measures.measure_level,
        measures.sort_order
    from measures

)

select * from final
