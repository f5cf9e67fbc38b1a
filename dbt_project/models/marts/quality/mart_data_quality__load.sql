-- One row per load (audit.load): what the load did with its files, what its validation decided
-- and what it found. A load that validated nothing (the same inbox again) has files but no
-- decisions; quarantine_rate is then null, never 0. Documents held back are told apart: unread
-- (the reader could not read them: a reading error) and quarantined (they do not add up); so are
-- findings: reading findings and document findings. run_status says how the load's run ended: a run
-- that died is closed as interrupted by the next run (ingest/pipeline/run_lock.py); the load being
-- built shows running.

with

loads as (

    select * from {{ ref('stg_audit__loads') }}

),

load_files as (

    select * from {{ ref('stg_audit__load_files') }}

),

decisions as (

    select * from {{ ref('stg_audit__document_status') }}

),

findings as (

    select * from {{ ref('stg_audit__findings') }}

),

waivers as (

    select * from {{ ref('stg_audit__waivers') }}

),

files_by_load as (

    select
        load_id,
        count(*) as files_seen,
        count(*) filter (where load_status = 'loaded') as files_loaded,
        count(*) filter (where load_status = 'already_loaded') as files_already_loaded,
        count(*) filter (where load_status = 'rejected') as files_rejected,
        count(*) filter (where load_status = 'unreadable') as files_unreadable,
        count(*) filter (where load_status = 'failed') as files_failed
    from load_files
    group by load_id

),

decisions_by_load as (

    select
        load_id,
        count(*) as documents_decided,
        count(*) filter (where decision_status = 'accepted') as documents_accepted,
        count(*) filter (where decision_status = 'unread') as documents_unread,
        count(*) filter (where decision_status = 'quarantined') as documents_quarantined,
        count(*) filter (
            where decision_status = 'accepted' and warning_count > 0
        ) as documents_accepted_with_warnings
    from decisions
    group by load_id

),

findings_by_load as (

    select
        findings.load_id,
        count(*) as findings,
        count(*) filter (where findings.severity = 'error') as error_findings,
        count(*) filter (where findings.severity = 'warn') as warning_findings,
        count(*) filter (where findings.finding_kind = 'reading') as reading_findings,
        count(*) filter (where findings.finding_kind = 'document') as document_findings,
        count(*) filter (
            where findings.severity = 'error' and waivers.rule_id is not null
        ) as waived_error_findings,
        count(distinct findings.rule_id) filter (
            where findings.severity = 'error'
        ) as rules_with_errors,
        string_agg(distinct findings.rule_id, ', ' order by findings.rule_id) filter (
            where findings.severity = 'error'
        ) as error_rules
    from findings
    left join waivers
        on
            findings.document_id = waivers.document_id
            and findings.rule_id = waivers.rule_id
    group by findings.load_id

),

final as (

    select
        ----------  the load
        {{ surrogate_key(["'load'", 'loads.load_id']) }} as load_sk,
        loads.load_id,
        loads.inbox,
        loads.started_at,
        loads.finished_at,
        loads.run_status,
        loads.closed_at,
        loads.interrupted_by,

        ----------  files
        coalesce(files_by_load.files_seen, 0) as files_seen,
        coalesce(files_by_load.files_loaded, 0) as files_loaded,
        coalesce(files_by_load.files_already_loaded, 0) as files_already_loaded,
        coalesce(files_by_load.files_rejected, 0) as files_rejected,
        coalesce(files_by_load.files_unreadable, 0) as files_unreadable,
        coalesce(files_by_load.files_failed, 0) as files_failed,

        ----------  decisions
        coalesce(decisions_by_load.documents_decided, 0) as documents_decided,
        coalesce(decisions_by_load.documents_accepted, 0) as documents_accepted,
        coalesce(decisions_by_load.documents_unread, 0) as documents_unread,
        coalesce(decisions_by_load.documents_quarantined, 0) as documents_quarantined,
        coalesce(decisions_by_load.documents_accepted_with_warnings, 0)
            as documents_accepted_with_warnings,
        cast(
            decisions_by_load.documents_quarantined
            / cast(nullif(decisions_by_load.documents_decided, 0) as numeric)
            as numeric(7, 4)
        ) as quarantine_rate,

        ----------  findings
        coalesce(findings_by_load.findings, 0) as findings,
        coalesce(findings_by_load.error_findings, 0) as error_findings,
        coalesce(findings_by_load.warning_findings, 0) as warning_findings,
        coalesce(findings_by_load.reading_findings, 0) as reading_findings,
        coalesce(findings_by_load.document_findings, 0) as document_findings,
        coalesce(findings_by_load.waived_error_findings, 0) as waived_error_findings,
        coalesce(findings_by_load.rules_with_errors, 0) as rules_with_errors,
        findings_by_load.error_rules
    from loads
    left join files_by_load
        on loads.load_id = files_by_load.load_id
    left join decisions_by_load
        on loads.load_id = decisions_by_load.load_id
    left join findings_by_load
        on loads.load_id = findings_by_load.load_id

)

select * from final
