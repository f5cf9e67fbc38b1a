with

source as (

    select * from {{ source('audit', 'finding') }}

),

renamed as (

    select

        ----------  ids
        finding_id,
        load_id,
        document_id,

        ----------  finding
        rule as rule_id,
        severity,
        kind as finding_kind,
        message,

        ----------  where
        table_kind,
        row_label,
        column_name,
        file_name,
        page,

        ----------  both sides and the gap (元, or percentage points)
        left_value,
        right_value,
        difference,
        left_text,
        right_text,

        ----------  timestamps
        found_at

    from source

)

select * from renamed
