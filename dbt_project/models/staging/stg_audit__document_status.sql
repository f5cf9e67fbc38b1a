with

source as (

    select * from {{ source('audit', 'document_status') }}

),

renamed as (

    select

        ----------  ids
        load_id,
        document_id,

        ----------  decision
        status as decision_status,
        errors as error_count,
        warnings as warning_count,

        ----------  timestamps
        decided_at

    from source

)

select * from renamed
