-- One row per amount of a project's funding block (project × funding item), for the projects of
-- published documents whose 绩效目标 form prints one (Shanghai's 项目资金 block): 项目资金总额,
-- 年度资金申请总额 and its parts (当年财政拨款 / 财政资金, 上年结转资金, 其他资金). Amounts are 元
-- as the reader read them (ingest/reading/performance.py), exact; an item printed without an
-- amount is null.

with

targets as (

    select * from {{ ref('stg_budget__performance_targets') }}
    where funding_block is not null

),

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

items as (

    select
        targets.document_id,
        targets.project_index,
        targets.file_name,
        targets.page,
        funding.key as funding_item,
        funding.value as amount_text
    from targets
    cross join lateral jsonb_each_text(targets.funding_block) as funding

),

final as (

    select
        ----------  keys
        {{ surrogate_key([
            "'project_funding'",
            'items.document_id',
            'items.project_index',
            'items.funding_item',
        ]) }} as project_funding_sk,
        {{ surrogate_key([
            "'project'", 'items.document_id', 'items.project_index',
        ]) }} as project_sk,
        {{ surrogate_key(["'document'", 'items.document_id']) }} as document_sk,
        {{ surrogate_key(["'department'", 'documents.department_key']) }}
            as department_sk,
        {{ surrogate_key(["'fiscal_year'", 'documents.fiscal_year']) }}
            as fiscal_year_sk,

        ----------  what the amount is
        documents.fiscal_year,
        documents.phase,
        items.funding_item,
        case items.funding_item
            when 'project_total' then '项目资金总额'
            when 'total' then '年度资金申请总额'
            when 'current_appropriation' then '当年财政拨款'
            when 'fiscal' then '财政资金'
            when 'carry_over' then '上年结转资金'
            when 'other' then '其他资金'
            when 'project_other' then '其他资金（项目）'
            else items.funding_item
        end as funding_item_name,
        case
            when items.funding_item in ('project_total', 'project_other')
                then 'project'
            else 'year'
        end as funding_period,

        ----------  amount, 元
        {{ yuan('items.amount_text') }} as amount_yuan,

        ----------  provenance
        items.document_id,
        items.project_index,
        items.file_name,
        items.page
    from items
    inner join documents
        on items.document_id = documents.document_id

)

select * from final
