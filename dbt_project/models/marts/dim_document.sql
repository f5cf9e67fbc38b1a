-- One row per document version with a document key (every parsed reading, whatever its
-- decision), so the history stays queryable: the published version of each key (the marts'
-- facts hold only these, see the publication rule), the versions it superseded, quarantined
-- versions and versions not yet decided. A version loaded before its key's published version
-- is `superseded`, and superseded_by names the published one; the ten contract figures are as
-- printed in each version.

with

documents as (

    select * from {{ ref('int_budget__documents') }}
    where parse_status = 'parsed' and document_key is not null

),

latest_status as (

    select * from {{ ref('int_audit__document_status_latest') }}

),

current_documents as (

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

versions as (

    select
        documents.*,
        latest_status.decision_status,
        latest_status.decision_load_id,
        latest_status.decided_at,
        latest_status.error_count,
        latest_status.warning_count,
        published.document_id as published_document_id,
        published.loaded_at as published_loaded_at,
        published.reader_version as published_reader_version,
        current_documents.document_id is not null as is_published,
        row_number() over (
            partition by documents.document_key
            order by
                documents.loaded_at asc,
                documents.reader_version asc,
                documents.document_id asc
        ) as version_number,
        count(*) over (
            partition by documents.document_key
        ) as versions_loaded,
        count(*) filter (
            where latest_status.decision_status = 'accepted'
        ) over (
            partition by documents.document_key
        ) as accepted_versions
    from documents
    left join latest_status
        on documents.document_id = latest_status.document_id
    left join current_documents
        on documents.document_id = current_documents.document_id
    left join current_documents as published
        on documents.document_key = published.document_key

),

lifecycle as (

    select
        versions.*,
        -- loaded before the published version of its key: that version replaced it
        not versions.is_published
        and versions.published_document_id is not null
        and (
            versions.loaded_at,
            versions.reader_version,
            versions.document_id
        ) < (
            versions.published_loaded_at,
            versions.published_reader_version,
            versions.published_document_id
        ) as is_superseded
    from versions

),

final as (

    select
        ----------  keys
        {{ surrogate_key(["'document'", 'lifecycle.document_id']) }}
            as document_sk,
        lifecycle.document_id,
        lifecycle.document_key,
        {{ surrogate_key(["'department'", 'lifecycle.department_key']) }}
            as department_sk,
        lifecycle.region_sk,
        {{ surrogate_key(["'fiscal_year'", 'lifecycle.fiscal_year']) }}
            as fiscal_year_sk,
        {{ surrogate_key(["'phase'", 'lifecycle.phase']) }} as phase_sk,
        {{ surrogate_key(["'scope'", 'lifecycle.scope']) }} as scope_sk,

        ----------  what it is
        lifecycle.department_key,
        lifecycle.published_department_key,
        lifecycle.department_name,
        lifecycle.department_code,
        lifecycle.fiscal_year,
        lifecycle.phase,
        lifecycle.scope,

        ----------  version, decision and history
        lifecycle.version_number,
        lifecycle.versions_loaded,
        lifecycle.accepted_versions,
        lifecycle.is_published,
        case
            when lifecycle.is_published then 'published'
            when lifecycle.is_superseded then 'superseded'
            when lifecycle.decision_status = 'quarantined' then 'quarantined'
            when lifecycle.decision_status = 'unread' then 'unread'
            when lifecycle.decision_status is null then 'undecided'
            -- accepted and not published: only a version older than the published one is,
            -- and those are superseded above
            else 'superseded'
        end as document_status,
        lifecycle.decision_status,
        case
            when lifecycle.is_superseded
                then lifecycle.published_document_id
        end as superseded_by_document_id,
        case
            when lifecycle.is_superseded
                then {{ surrogate_key([
                    "'document'", 'lifecycle.published_document_id',
                ]) }}
        end as superseded_by_document_sk,
        lifecycle.content_hash,
        lifecycle.reader_version,
        lifecycle.load_id,
        lifecycle.loaded_at,
        lifecycle.decision_load_id,
        lifecycle.decided_at,
        lifecycle.error_count,
        lifecycle.warning_count,
        coalesce(files.source_file_count, 0) as source_file_count,
        files.source_file_names,

        ----------  the ten contract figures as printed, 元
        lifecycle.income_total,
        lifecycle.expenditure_total,
        lifecycle.current_year_income,
        lifecycle.fiscal_appropriation_income,
        lifecycle.basic_expenditure,
        lifecycle.project_expenditure,
        lifecycle.personnel_expenditure,
        lifecycle.public_expenditure,
        lifecycle.three_public_total,
        lifecycle.operating_costs
    from lifecycle
    left join files
        on lifecycle.document_id = files.document_id

)

select * from final
