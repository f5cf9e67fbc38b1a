-- One row per department × fiscal year × phase × scope (a document key) with a parsed version:
-- how many versions were loaded and held back, whether one is published, and the state of the
-- newest version — its current status, its open and waived errors, its warnings and the rules
-- behind them (the findings of the load that decided it). The clerk's view: which disclosures do
-- not add up, which could not be read, and why.

with

documents as (

    select * from {{ ref('int_budget__documents') }}
    where parse_status = 'parsed' and document_key is not null

),

latest_status as (

    select * from {{ ref('int_audit__document_status_latest') }}

),

current_documents as (

    select document_id from {{ ref('int_budget__documents_current') }}

),

current_findings as (

    select * from {{ ref('int_audit__findings_current') }}

),

findings as (

    select * from {{ ref('stg_audit__findings') }}

),

versions as (

    select
        documents.document_id,
        documents.document_key,
        documents.department_key,
        documents.department_name,
        documents.fiscal_year,
        documents.phase,
        documents.scope,
        documents.loaded_at,
        latest_status.decision_status,
        current_documents.document_id is not null as is_published,
        row_number() over (
            partition by documents.document_key
            order by
                documents.loaded_at desc,
                documents.reader_version desc,
                documents.document_id desc
        ) as version_rank
    from documents
    left join latest_status
        on documents.document_id = latest_status.document_id
    left join current_documents
        on documents.document_id = current_documents.document_id

),

findings_by_document as (

    select
        document_id,
        count(*) filter (where severity = 'error' and not is_waived) as open_errors,
        count(*) filter (
            where severity = 'error' and not is_waived and finding_kind = 'reading'
        ) as open_reading_errors,
        count(*) filter (where severity = 'error' and is_waived) as waived_errors,
        count(*) filter (where severity = 'warn') as warnings,
        string_agg(distinct rule_id, ', ' order by rule_id) filter (
            where severity = 'error' and not is_waived
        ) as error_rules,
        string_agg(distinct rule_id, ', ' order by rule_id) filter (
            where severity = 'warn'
        ) as warning_rules,
        (array_agg(message order by rule_id, finding_id) filter (
            where severity = 'error' and not is_waived
        ))[1] as first_error_message
    from current_findings
    group by document_id

),

history_by_document as (

    select
        document_id,
        count(*) as findings
    from findings
    group by document_id

),

by_key as (

    select
        versions.document_key,
        cast(coalesce(sum(history_by_document.findings), 0) as bigint) as findings_all_versions,
        count(*) as versions_loaded,
        count(*) filter (
            where versions.decision_status = 'quarantined'
        ) as versions_quarantined,
        count(*) filter (
            where versions.decision_status = 'unread'
        ) as versions_unread,
        count(*) filter (where versions.decision_status is null) as versions_undecided,
        max(versions.document_id) filter (where versions.is_published) as published_document_id
    from versions
    left join history_by_document
        on versions.document_id = history_by_document.document_id
    group by versions.document_key

),

final as (

    select
        ----------  the document key
        {{ surrogate_key(["'data_quality'", 'versions.document_key']) }} as data_quality_sk,
        {{ surrogate_key(["'department'", 'versions.department_key']) }} as department_sk,
        versions.document_key,
        versions.department_key,
        versions.department_name,
        versions.fiscal_year,
        versions.phase,
        versions.scope,

        ----------  its versions
        by_key.versions_loaded,
        by_key.versions_quarantined,
        by_key.versions_unread,
        by_key.versions_undecided,
        by_key.published_document_id,
        by_key.published_document_id is not null as is_published,
        by_key.findings_all_versions,

        ----------  the newest version
        versions.document_id as latest_document_id,
        versions.loaded_at as latest_loaded_at,
        coalesce(versions.decision_status, 'undecided') as latest_status,
        coalesce(findings_by_document.open_errors, 0) as latest_open_errors,
        coalesce(findings_by_document.open_reading_errors, 0)
            as latest_open_reading_errors,
        coalesce(findings_by_document.waived_errors, 0) as latest_waived_errors,
        coalesce(findings_by_document.warnings, 0) as latest_warnings,
        findings_by_document.error_rules as latest_error_rules,
        findings_by_document.warning_rules as latest_warning_rules,
        findings_by_document.first_error_message as latest_first_error_message
    from versions
    inner join by_key
        on versions.document_key = by_key.document_key
    left join findings_by_document
        on versions.document_id = findings_by_document.document_id
    where versions.version_rank = 1

)

select * from final
