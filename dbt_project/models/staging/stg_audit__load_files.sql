with

source as (

    select * from {{ source('audit', 'load_file') }}

),

renamed as (

    select

        ----------  ids
        load_id,
        file_path,
        file_name,
        sha256 as file_sha256,
        document_id,

        ----------  outcome
        status as load_status,
        error as error_message,

        ----------  counts and timings
        tables_count,
        rows_count,
        cells_count,
        parse_seconds,
        load_seconds,

        ----------  timestamps
        recorded_at

    from source

)

select * from renamed
