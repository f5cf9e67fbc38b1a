with

source as (

    select * from {{ source('budget', 'table_row') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        table_index,
        row_index,

        ----------  subject
        code as subject_code,
        name as row_name,
        level as row_level,
        line as line_key,
        side as panel_side,

        ----------  provenance
        page as row_page,
        source_line,
        source_text

    from source

)

select * from renamed
