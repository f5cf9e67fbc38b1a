-- The documents the marts publish: one per document_key, the newest version (by load time)
-- whose latest decision is `accepted`. A quarantined version never qualifies; a document whose
-- errors were all waived is already written as accepted by the validation step. An older
-- accepted version stays current while its successor is quarantined, and leaves when a newer
-- version is accepted.

with

documents as (

    select * from {{ ref('int_budget__documents') }}

),

latest_status as (

    select * from {{ ref('int_audit__document_status_latest') }}

),

versions as (

    select
        document_key,
        count(*) as versions_loaded
    from documents
    where parse_status = 'parsed' and document_key is not null
    group by document_key

),

accepted as (

    select
        documents.*,
        latest_status.decision_load_id,
        latest_status.decided_at,
        latest_status.error_count,
        latest_status.warning_count,
        row_number() over (
            partition by documents.document_key
            order by
                documents.loaded_at desc,
                documents.reader_version desc,
                documents.document_id desc
        ) as accepted_version_rank,
        count(*) over (
            partition by documents.document_key
        ) as accepted_versions
    from documents
    inner join latest_status
        on documents.document_id = latest_status.document_id
    where
        documents.parse_status = 'parsed'
        and documents.document_key is not null
        and latest_status.decision_status = 'accepted'

),

current_documents as (

    select
        accepted.*,
        versions.versions_loaded
    from accepted
    inner join versions
        on accepted.document_key = versions.document_key
    where accepted.accepted_version_rank = 1

)

select * from current_documents
