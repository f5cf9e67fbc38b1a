with

source as (

    select * from {{ source('budget', 'reading_finding') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        finding_index,

        ----------  finding
        rule as rule_id,
        severity,
        message,

        ----------  where
        table_kind,
        row_label,
        column_name,
        file_name,
        page,

        ----------  both sides, as printed
        left_value as left_text,
        right_value as right_text,
        difference as difference_text

    from source

)

select * from renamed
