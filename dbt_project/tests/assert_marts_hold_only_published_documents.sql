-- Quarantine must hold: no budget mart may carry a document version whose latest decision is
-- not `accepted`, or that a newer accepted version of its key superseded. A row here names the
-- mart and the offending document with its latest status; any row is a publication leak.

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
        'dim_document' as mart,
        document_id
    from {{ ref('dim_document') }}

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
