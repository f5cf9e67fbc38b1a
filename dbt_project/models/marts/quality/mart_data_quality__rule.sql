-- One row per rule id that has ever found something: how many document versions it holds back
-- now, how many it warns about, how many were waived, and its history over every load. "Now"
-- counts the findings behind each document version's current status (int_audit__findings_current),
-- so a document validated twice counts once; the history counts every finding of every load.
-- finding_kind tells a reading rule (the reader could not understand) from a document rule.

with

current_findings as (

    select * from {{ ref('int_audit__findings_current') }}

),

findings as (

    select * from {{ ref('stg_audit__findings') }}

),

waivers as (

    select * from {{ ref('stg_audit__waivers') }}

),

current_by_rule as (

    select
        rule_id,
        count(*) filter (where severity = 'error') as current_error_findings,
        count(*) filter (where severity = 'warn') as current_warning_findings,
        count(distinct document_id) filter (
            where severity = 'error'
        ) as documents_with_errors,
        count(distinct document_id) filter (
            where severity = 'warn'
        ) as documents_with_warnings,
        count(distinct document_id) filter (
            where severity = 'error' and not is_waived
            and document_status in ('unread', 'quarantined')
        ) as documents_held_back
    from current_findings
    group by rule_id

),

history_by_rule as (

    select
        rule_id,
        -- a rule's kind is its id's (ingest/reference/finding_kinds.csv): one per rule
        max(finding_kind) as finding_kind,
        count(*) as findings_all_loads,
        count(distinct load_id) as loads_with_findings,
        count(distinct document_id) as documents_all_loads,
        min(found_at) as first_found_at,
        max(found_at) as last_found_at
    from findings
    group by rule_id

),

latest_finding as (

    select distinct on (rule_id)
        rule_id,
        message as latest_message
    from findings
    order by rule_id asc, found_at desc, finding_id desc

),

waivers_by_rule as (

    select
        rule_id,
        count(*) as waivers
    from waivers
    group by rule_id

),

final as (

    select
        ----------  the rule
        {{ surrogate_key(["'rule'", 'history_by_rule.rule_id']) }} as rule_sk,
        history_by_rule.rule_id,
        left(history_by_rule.rule_id, 1) as rule_family,
        history_by_rule.finding_kind,

        ----------  now: the findings behind every document version's current status
        coalesce(current_by_rule.current_error_findings, 0) as current_error_findings,
        coalesce(current_by_rule.current_warning_findings, 0) as current_warning_findings,
        coalesce(current_by_rule.documents_with_errors, 0) as documents_with_errors,
        coalesce(current_by_rule.documents_with_warnings, 0) as documents_with_warnings,
        coalesce(current_by_rule.documents_held_back, 0) as documents_held_back,
        coalesce(waivers_by_rule.waivers, 0) as waivers,

        ----------  history: every finding of every load
        history_by_rule.findings_all_loads,
        history_by_rule.loads_with_findings,
        history_by_rule.documents_all_loads,
        history_by_rule.first_found_at,
        history_by_rule.last_found_at,
        latest_finding.latest_message
    from history_by_rule
    left join current_by_rule
        on history_by_rule.rule_id = current_by_rule.rule_id
    left join waivers_by_rule
        on history_by_rule.rule_id = waivers_by_rule.rule_id
    left join latest_finding
        on history_by_rule.rule_id = latest_finding.rule_id

)

select * from final
