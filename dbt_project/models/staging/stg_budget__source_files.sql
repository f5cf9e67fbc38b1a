with

source as (

    select * from {{ source('budget', 'source_file') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        file_name,
        sha256 as file_sha256,

        ----------  file
        format as file_format,
        pages as page_count

    from source

)

select * from renamed
