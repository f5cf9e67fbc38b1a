-- A document's status is its latest decision by decided_at (the load id breaks a tie, so the
-- answer never depends on row order). Earlier decisions stay in audit.document_status.

with

document_status as (

    select * from {{ ref('stg_audit__document_status') }}

),

ranked as (

    select
        document_status.document_id,
        document_status.load_id,
        document_status.decision_status,
        document_status.error_count,
        document_status.warning_count,
        document_status.decided_at,
        count(*) over (
            partition by document_status.document_id
        ) as decisions_count,
        row_number() over (
            partition by document_status.document_id
            order by document_status.decided_at desc, document_status.load_id desc
        ) as decision_rank
    from document_status

),

latest as (

    select
        document_id,
        load_id as decision_load_id,
        decision_status,
        error_count,
        warning_count,
        decided_at,
        decisions_count
    from ranked
    where decision_rank = 1

)

select * from latest
