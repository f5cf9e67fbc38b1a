-- P03 (warn): a project's funding block (绩效目标表 项目资金, the funding of raw performance_target, 元):
--   总额 = 财政资金 + 上年结转 + 其他资金, and no sub-line exceeds the 总额 it belongs to.
-- Shanghai's 财政项目支出绩效目标填报表 prints two blocks (ingest/performance.py keys):
--   the project's: 项目资金总额 (project_total) = 其中：财政资金 (fiscal) + 其他资金 (project_other);
--   the year's: 年度资金申请总额 (total) = 其中：当年财政拨款 (current_appropriation) + 上年结转资金
--   (carry_over) + 其他资金 (other). A form with one block (no project_total) counts 财政资金 in the
--   year's when it prints no 当年财政拨款.
-- Per block: a sub-line above its 总额 is the finding (the 万里街道 2023 form: 当年财政拨款
-- 11,419,043.00 over 年度资金申请总额 10,903,043.00); where none is, a 总额 that is not the sum of
-- its lines. Tolerance: half a 元 per printed line (the blocks print whole 元 or fen).
-- A row here means the project's funding does not add up; the document is accepted
-- and the finding recorded.
with target as (
    select
        scope.validation_id,
        t.document_id,
        t.project_index,
        t.project,
        t.file_name,
        t.page,
        t.funding,
        (t.funding ->> 'project_total') is not null as has_project_total,
        (t.funding ->> 'current_appropriation') is not null as has_current_appropriation
    from {raw}.performance_target as t
    inner join {batch} as scope
        on t.document_id = scope.document_id
    where t.funding is not null
),

-- one row per printed line, with the block it belongs to and whether it is the block's 总额
line as (
    select
        t.*,
        kv.key,
        case when kv.value ~ '^-?[0-9]+(\.[0-9]+)?$' then kv.value::numeric end as value,
        l.label,
        l.line_order,
        case
            when kv.key in ('project_total', 'project_other') then 'project'
            when kv.key = 'fiscal' and t.has_project_total then 'project'
            else 'year'
        end as block,
        kv.key in ('project_total', 'total') as is_total,
        -- a term of the block's identity (财政资金 counts in the year's only where no 当年财政拨款 is
        -- printed)
        kv.key in ('project_other', 'current_appropriation', 'carry_over', 'other')
        or (kv.key = 'fiscal' and (t.has_project_total or not t.has_current_appropriation))
            as is_term
    from target as t
    cross join lateral jsonb_each_text(t.funding) as kv (key, value)
    inner join (
        values
        ('project_total', '项目资金总额', 1),
        ('fiscal', '其中：财政资金', 2),
        ('project_other', '其他资金（项目）', 3),
        ('total', '年度资金申请总额', 4),
        ('current_appropriation', '其中：当年财政拨款', 5),
        ('carry_over', '上年结转资金', 6),
        ('other', '其他资金', 7)
    ) as l (key, label, line_order)
        on kv.key = l.key
    where kv.value ~ '^-?[0-9]+(\.[0-9]+)?$'
),

block as (
    select
        tot.validation_id,
        tot.document_id,
        tot.project_index,
        tot.project,
        tot.file_name,
        tot.page,
        tot.block,
        tot.key as total_key,
        tot.label as total_label,
        tot.value as total_value,
        sum(part.value) filter (where part.is_term) as terms_value,
        count(part.key) filter (where part.is_term) as terms,
        string_agg(
            part.label || ' ' || to_char(part.value, 'FM999999999999990.00') || '元', ' + '
            order by part.line_order
        ) filter (where part.is_term
        ) as terms_label
    from line as tot
    left join line as part
        on tot.document_id = part.document_id
            and tot.project_index = part.project_index
            and tot.block = part.block
            and not part.is_total
    where tot.is_total
    group by
        tot.validation_id,
        tot.document_id,
        tot.project_index,
        tot.project,
        tot.file_name,
        tot.page,
        tot.block,
        tot.key, tot.label, tot.value
),

over_total as (
    select
        b.*,
        part.key as part_key,
        part.label as part_label,
        part.value as part_value
    from block as b
    inner join line as part
        on b.document_id = part.document_id
            and b.project_index = part.project_index
            and b.block = part.block
            and not part.is_total
    where part.value > b.total_value + 1.0
)

select
    'P03' as rule,
    '{severity}' as severity,
    o.document_id,
    'performance_target' as table_kind,
    o.project as row_label,
    o.part_key as column_name,
    o.part_value as left_value,
    o.total_value as right_value,
    o.part_value - o.total_value as difference,
    o.file_name,
    o.page,
    '绩效目标表 '
    || o.project
    || '：'
    || o.part_label
    || ' '
    || to_char(o.part_value, 'FM999999999999990.00')
    || '元 超过其所属的 ' || o.total_label || ' ' || to_char(o.total_value, 'FM999999999999990.00')
    || '元，超出 ' || to_char(o.part_value - o.total_value, 'FM999999999999990.00') || '元' as message
from over_total as o

union all

select
    'P03' as rule,
    '{severity}' as severity,
    b.document_id,
    'performance_target' as table_kind,
    b.project as row_label,
    b.total_key as column_name,
    b.total_value as left_value,
    b.terms_value as right_value,
    b.total_value - b.terms_value as difference,
    b.file_name,
    b.page,
    '绩效目标表 '
    || b.project
    || '：'
    || b.total_label
    || ' '
    || to_char(b.total_value, 'FM999999999999990.00')
    || '元 ≠ ' || b.terms_label || ' = ' || to_char(b.terms_value, 'FM999999999999990.00')
    || '元，相差 '
    || to_char(abs(b.total_value - b.terms_value), 'FM999999999999990.00')
    || '元' as message
from block as b
where b.terms > 0
    and abs(b.total_value - b.terms_value) > 0.5 * (b.terms + 1)
    and not exists (
        select o.block
        from over_total as o
        where o.document_id = b.document_id
            and o.project_index = b.project_index
            and o.block = b.block
    )
