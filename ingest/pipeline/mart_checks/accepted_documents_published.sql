-- every document key whose newest accepted version exists is published with that version
-- (a row: a key whose accepted version is missing from marts.fct_budget_line)
with

latest as (
    select distinct on (document_id)
        document_id,
        status
    from audit.document_status
    order by document_id asc, decided_at desc, load_id desc
),

accepted as (
    select distinct on (d.document_key)
        d.document_key,
        d.document_id
    from raw.document as d
    inner join latest on d.document_id = latest.document_id
    where latest.status = 'accepted' and d.status = 'parsed' and d.document_key is not null
    order by d.document_key asc, d.loaded_at desc, d.reader_version desc, d.document_id desc
),

published as (
    select distinct document_id from marts.fct_budget_line
)

select
    accepted.document_key,
    accepted.document_id
from accepted
left join published on accepted.document_id = published.document_id
where published.document_id is null
