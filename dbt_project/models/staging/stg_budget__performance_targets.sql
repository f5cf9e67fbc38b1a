with

source as (

    select * from {{ source('budget', 'performance_target') }}

),

renamed as (

    select

        ----------  ids
        document_id,
        project_index,

        ----------  project
        project as project_name,
        goal as project_goal,
        funding as funding_block,

        ----------  provenance
        file_name,
        page,
        source_line

    from source

)

select * from renamed
