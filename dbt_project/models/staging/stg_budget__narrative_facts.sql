with

source as (

    select * from {{ source('budget', 'narrative_fact') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        fact_index,

        ----------  fact
        kind as fact_kind,
        subject as fact_subject,
        direction,
        sentence,

        ----------  stated value (元 amount or percentage)
        stated as stated_value,
        stated_amount as stated_amount_yuan,
        stated_percent,
        stated_half_unit,
        stated_text as published_text,
        unit as published_unit,

        ----------  provenance
        file_name,
        page,
        source_line

    from source

)

select * from renamed
