with

source as (

    select * from {{ source('budget', 'disclosure_table') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        table_index,

        ----------  table
        kind as table_kind,
        title as table_title,
        columns as column_names,
        note as empty_table_note,

        ----------  unit
        unit as published_unit,
        unit_factor,

        ----------  provenance
        file_name,
        page as table_page

    from source

)

select * from renamed
