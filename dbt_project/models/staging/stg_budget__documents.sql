with

source as (

    select * from {{ source('budget', 'document') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        document_key,
        department_key,
        content_hash,
        reader_version,
        load_id,

        ----------  department and region
        department as department_name,
        department_code,
        region_province,
        region_city,
        region_county,

        ----------  document
        year as fiscal_year,
        phase,
        scope,
        status as parse_status,
        reason as rejection_reason,

        ----------  the ten contract figures, 元
        {{ yuan("figures ->> 'income_total'") }} as income_total,
        {{ yuan("figures ->> 'expenditure_total'") }} as expenditure_total,
        {{ yuan("figures ->> 'current_year_income'") }} as current_year_income,
        {{ yuan("figures ->> 'fiscal_appropriation_income'") }}
            as fiscal_appropriation_income,
        {{ yuan("figures ->> 'basic_expenditure'") }} as basic_expenditure,
        {{ yuan("figures ->> 'project_expenditure'") }} as project_expenditure,
        {{ yuan("figures ->> 'personnel_expenditure'") }}
            as personnel_expenditure,
        {{ yuan("figures ->> 'public_expenditure'") }} as public_expenditure,
        {{ yuan("figures ->> 'three_public_total'") }} as three_public_total,
        {{ yuan("figures ->> 'operating_costs'") }} as operating_costs,

        ----------  timestamps
        loaded_at

    from source

)

select * from renamed
