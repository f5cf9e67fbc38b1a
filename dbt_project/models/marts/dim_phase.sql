with

phases as (

    select * from {{ ref('budget_phases') }}

),

final as (

    select
        {{ surrogate_key(["'phase'", 'phases.phase_code']) }} as phase_sk,
        phases.phase_code,
        phases.phase_name,
        phases.phase_name_en,
        phases.fiscal_data_package_phase,
        phases.sort_order
    from phases

)

select * from final
