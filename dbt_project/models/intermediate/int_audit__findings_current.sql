-- The findings behind each document version's current status: those of the load that made its
-- latest decision (int_audit__document_status_latest), each marked waived or not. A document
-- validated again (a waiver re-decides it) counts once, with the findings of that decision;
-- earlier findings stay in fct_finding. A document never decided has no current findings.

with

findings as (

    select * from {{ ref('stg_audit__findings') }}

),

latest_status as (

    select * from {{ ref('int_audit__document_status_latest') }}

),

waivers as (

    select * from {{ ref('stg_audit__waivers') }}

),

current_findings as (

    select
        findings.finding_id,
        findings.load_id,
        findings.document_id,
        findings.rule_id,
        findings.severity,
        findings.finding_kind,
        findings.message,
        findings.table_kind,
        findings.row_label,
        findings.column_name,
        findings.file_name,
        findings.page,
        findings.found_at,
        latest_status.decision_status as document_status,
        left(findings.rule_id, 1) as rule_family,
        waivers.rule_id is not null as is_waived
    from findings
    inner join latest_status
        on
            findings.document_id = latest_status.document_id
            and findings.load_id = latest_status.decision_load_id
    left join waivers
        on
            findings.document_id = waivers.document_id
            and findings.rule_id = waivers.rule_id

)

select * from current_findings
