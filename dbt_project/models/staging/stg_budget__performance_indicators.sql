with

source as (

    select * from {{ source('budget', 'performance_indicator') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        project_index,
        indicator_index,

        ----------  indicator hierarchy (一级 → 二级 → 三级)
        level1 as level1_name,
        level2 as level2_name,
        level3 as indicator_name,
        description as indicator_description,

        ----------  target value (指标值)
        value_text as target_text,
        comparator,
        value as target_value,
        unit as target_unit,
        quantified as is_quantified,
        basis as target_basis

    from source

)

select * from renamed
