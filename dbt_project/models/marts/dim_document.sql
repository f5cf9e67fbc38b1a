-- One row per published document (the current version of each document key, see the
-- publication rule), with its keys to the other dimensions, its provenance and the ten
-- contract figures as printed.

with

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

source_files as (

    select * from {{ ref('stg_budget__source_files') }}

),

files as (

    select
        source_files.document_id,
        count(*) as source_file_count,
        string_agg(
            source_files.file_name, ' | ' order by source_files.file_name
        ) as source_file_names
    from source_files
    group by source_files.document_id

),

final as (

    select
        ----------  keys
        {{ surrogate_key(["'document'", 'documents.document_id']) }}
            as document_sk,
        documents.document_id,
        documents.document_key,
        {{ surrogate_key(["'department'", 'documents.department_key']) }}
            as department_sk,
        {{ surrogate_key([
            "'region'",
            'documents.region_province',
            'documents.region_city',
            'documents.region_county',
        ]) }} as region_sk,
        {{ surrogate_key(["'fiscal_year'", 'documents.fiscal_year']) }}
            as fiscal_year_sk,
        {{ surrogate_key(["'phase'", 'documents.phase']) }} as phase_sk,
        {{ surrogate_key(["'scope'", 'documents.scope']) }} as scope_sk,

        ----------  what it is
        documents.department_key,
        documents.department_name,
        documents.department_code,
        documents.fiscal_year,
        documents.phase,
        documents.scope,

        ----------  version and decision
        documents.content_hash,
        documents.reader_version,
        documents.load_id,
        documents.loaded_at,
        documents.decision_load_id,
        documents.decided_at,
        documents.warning_count,
        documents.versions_loaded,
        documents.accepted_versions,
        coalesce(files.source_file_count, 0) as source_file_count,
        files.source_file_names,

        ----------  the ten contract figures as printed, 元
        documents.income_total,
        documents.expenditure_total,
        documents.current_year_income,
        documents.fiscal_appropriation_income,
        documents.basic_expenditure,
        documents.project_expenditure,
        documents.personnel_expenditure,
        documents.public_expenditure,
        documents.three_public_total,
        documents.operating_costs
    from documents
    left join files
        on documents.document_id = files.document_id

)

select * from final
