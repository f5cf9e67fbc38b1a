with

source as (

    select * from {{ source('audit', 'waiver') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        rule as rule_id,

        ----------  waiver
        reason as waiver_reason,
        waived_by,

        ----------  timestamps
        waived_at

    from source

)

select * from renamed
