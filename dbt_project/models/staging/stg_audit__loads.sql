with

source as (

    select * from {{ source('audit', 'load') }}

),

renamed as (

    select

        ----------  ids
        load_id,

        ----------  load
        inbox,
        note as load_note,
        status as run_status,
        interrupted_by,

        ----------  counts
        files_seen,
        documents_loaded,
        documents_skipped,
        files_failed,

        ----------  timestamps
        started_at,
        finished_at,
        closed_at

    from source

)

select * from renamed
