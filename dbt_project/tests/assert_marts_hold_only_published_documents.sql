-- Quarantine must hold: no budget mart may carry a document version whose latest decision is
-- not `accepted`, or that a newer accepted version of its key superseded. A row here names the
-- mart and the offending document with its latest status; any row is a publication leak.
-- (dim_document lists every version on purpose; its published rows are checked here.)

with

latest_status as (

    select * from {{ ref('int_audit__document_status_latest') }}

),

current_documents as (

    select document_id from {{ ref('int_budget__documents_current') }}

),

in_marts as (

    select distinct
        'fct_budget_line' as mart,
        document_id
    from {{ ref('fct_budget_line') }}

    union all

    select
        'dim_document (is_published)' as mart,
        document_id
    from {{ ref('dim_document') }}
    where is_published

    union all

    select distinct
        'dim_project' as mart,
        document_id
    from {{ ref('dim_project') }}

    union all

    select distinct
        'fct_performance_target' as mart,
        document_id
    from {{ ref('fct_performance_target') }}

    union all

    select distinct
        'fct_project_funding' as mart,
        document_id
    from {{ ref('fct_project_funding') }}

    union all

    select
        'mart_comparison__department_year' as mart,
        document_id
    from {{ ref('mart_comparison__department_year') }}

    union all

    select distinct
        'mart_comparison__function_subject' as mart,
        document_id
    from {{ ref('mart_comparison__function_subject') }}

    union all

    select
        'mart_comparison__budget_vs_final (budget)' as mart,
        budget_document_id as document_id
    from {{ ref('mart_comparison__budget_vs_final') }}

    union all

    select
        'mart_comparison__budget_vs_final (final)' as mart,
        final_document_id as document_id
    from {{ ref('mart_comparison__budget_vs_final') }}

)

select
    in_marts.mart,
    in_marts.document_id,
    latest_status.decision_status,
    current_documents.document_id is not null as is_current
from in_marts
left join latest_status
    on in_marts.document_id = latest_status.document_id
left join current_documents
    on in_marts.document_id = current_documents.document_id
where
    latest_status.decision_status is distinct from 'accepted'
    or current_documents.document_id is null
