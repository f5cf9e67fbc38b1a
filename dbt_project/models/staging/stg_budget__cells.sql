with

source as (

    select * from {{ source('budget', 'table_cell') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        table_index,
        row_index,
        column_name,

        ----------  amounts, 元 (exact numeric, never float)
        amount as amount_yuan,
        half_unit as half_unit_yuan,
        is_blank,

        ----------  as printed
        published_text,
        unit as published_unit

    from source

)

select * from renamed
