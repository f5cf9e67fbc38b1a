-- One row per finding of every validation run (audit.finding): reader S rules and SQL rule
-- results, per load, document and rule. The data-quality mart: unlike the budget marts it
-- covers every document version, quarantined and superseded ones included, and says whether
-- the finding was waived and whether its document is the published one. finding_kind says who is
-- at fault: reading (the reader could not understand what is printed) or document (the printed
-- figures break a rule).

with

findings as (

    select * from {{ ref('stg_audit__findings') }}

),

documents as (

    select * from {{ ref('stg_budget__documents') }}

),

latest_status as (

    select * from {{ ref('int_audit__document_status_latest') }}

),

current_documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

waivers as (

    select * from {{ ref('stg_audit__waivers') }}

),

final as (

    select
        ----------  keys
        {{ surrogate_key(["'finding'", 'findings.finding_id']) }} as finding_sk,
        findings.finding_id,
        findings.load_id,
        findings.document_id,
        {{ surrogate_key(["'document'", 'findings.document_id']) }}
            as document_sk,

        ----------  the document
        documents.document_key,
        documents.department_key,
        documents.department_name,
        documents.fiscal_year,
        documents.phase,
        documents.scope,
        latest_status.decision_status as document_status,
        current_documents.document_id is not null as is_published_document,

        ----------  the finding
        findings.rule_id,
        left(findings.rule_id, 1) as rule_family,
        findings.severity,
        findings.finding_kind,
        findings.message,
        findings.table_kind,
        findings.row_label,
        findings.column_name,
        findings.file_name,
        findings.page,
        cast(findings.left_value as numeric(24, 6)) as left_value,
        cast(findings.right_value as numeric(24, 6)) as right_value,
        cast(findings.difference as numeric(24, 6)) as difference,
        findings.left_text,
        findings.right_text,
        findings.found_at,

        ----------  waiver
        waivers.rule_id is not null as is_waived,
        waivers.waiver_reason,
        waivers.waived_by,
        waivers.waived_at
    from findings
    left join documents
        on findings.document_id = documents.document_id
    left join latest_status
        on findings.document_id = latest_status.document_id
    left join current_documents
        on findings.document_id = current_documents.document_id
    left join waivers
        on
            findings.document_id = waivers.document_id
            and findings.rule_id = waivers.rule_id

)

select * from final
