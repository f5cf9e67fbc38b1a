-- N05 (warn): final accounts (决算) against the year's initial budget (年初预算), as the narrative
-- states them (fact kinds of ingest/narrative.py):
--   completion (完成(年初)预算的 Z%): Z = 决算 / 年初预算 × 100, under the percentage rule (a finding
--     only when off by more than 0.1 percentage point beyond the rounding or truncation of the
--     printed digits); a percentage stated against a 年初预算 of 0 is itself a finding;
--   final_vs_budget (决算数大于 / 小于 / 等于 / 与预算数持平): the word matches the sign of 决算 − 年初预算.
-- Which 决算 and 年初预算: for the pair the text states (…年初预算为 X万元，支出决算为 Y万元，完成年初
-- 预算的 Z%) the 支出决算 amount stated last before the statement (after any earlier statement of
-- the same kind) and the 年初预算 amount of its sentence; for a 三公 figure (因公出国(境)费决算为
-- 0.00万元，完成预算的0.00%) that stated amount (completion) or the 三公 table's 决算数 (comparison)
-- against the 三公 table's 预算数 column of the same line.
-- Tables: narrative facts; three_public (columns budget = 预算数, total = 决算数).
-- A row here means the text misstates how far the final accounts met the initial
-- budget; the document is accepted and the finding recorded.
with doc as (
    select
        scope.validation_id,
        d.document_id
    from {raw}.document as d
    inner join {batch} as scope
        on d.document_id = scope.document_id
    where d.phase = 'final'
),

statement as (
    select
        doc.validation_id,
        f.*
    from {raw}.narrative_fact as f
    inner join doc
        on f.document_id = doc.document_id
    where f.kind in ('completion', 'final_vs_budget')
),

-- the 三公 table's 预算数 and 决算数 of each line a statement may name
three_public as (
    select
        c.validation_id,
        c.document_id,
        figure.name as figure,
        figure.preference,
        c.title || ' ' || c.row_label as label,
        c.unit_factor,
        max(c.value) filter (where c.column_name = 'budget') as budget_value,
        max(c.half_unit) filter (where c.column_name = 'budget') as budget_half,
        max(c.value) filter (where c.column_name = 'total') as final_value,
        max(c.half_unit) filter (where c.column_name = 'total') as final_half
    from {audit}.effective_cell as c
    inner join doc
        on c.validation_id = doc.validation_id and c.document_id = doc.document_id
    inner join (
        values
        ('three_public_total', 'subtotal', 1),
        ('three_public_total', 'total', 2),
        ('three_public.abroad', 'abroad', 1),
        ('three_public.car', 'car', 1),
        ('three_public.car.purchase', 'car.purchase', 1),
        ('three_public.car.operation', 'car.operation', 1),
        ('three_public.reception', 'reception', 1)
    ) as figure (name, line, preference)
        on c.line = figure.line
    where c.kind = 'three_public'
        and c.is_primary
        and 'budget' = any(c.columns)
    group by
        c.validation_id,
        c.document_id,
        figure.name,
        figure.preference,
        c.title,
        c.row_label,
        c.unit_factor
),

pair as (
    select
        s.*,
        case when s.subject = 'final_amount' then stated_final.stated_amount
            when s.kind = 'completion' then stated_final.stated_amount
            else tp.final_value
        end as final_value,
        case when
                s.subject = 'final_amount' or s.kind = 'completion'
                then coalesce(stated_final.stated_half_unit, 0)
            else tp.final_half
        end as final_half,
        case when s.subject = 'final_amount' or s.kind = 'completion' then '支出决算'
            else tp.label || ' 决算数'
        end as final_label,
        case
            when s.subject = 'final_amount' then stated_initial.stated_amount
            else tp.budget_value
        end as initial_value,
        case
            when s.subject = 'final_amount' then coalesce(stated_initial.stated_half_unit, 0)
            else tp.budget_half
        end as initial_half,
        case when s.subject = 'final_amount' then '年初预算'
            else tp.label || ' 预算数'
        end as initial_label,
        coalesce(stated_final.unit, stated_initial.unit) as stated_unit,
        tp.unit_factor as table_unit_factor
    from statement as s
    -- the 决算 amount the statement is about: the last one stated before it, after the previous
    -- statement of the same kind
    left join lateral (
        select
            f.fact_index,
            f.sentence,
            f.stated_amount,
            f.stated_half_unit,
            f.stated_text,
            f.unit
        from {raw}.narrative_fact as f
        where f.document_id = s.document_id
            and f.kind = s.subject
            and f.stated_amount is not null
            and f.fact_index < s.fact_index
            and f.fact_index > coalesce((
                select max(e.fact_index) as last_fact_index
                from {raw}.narrative_fact as e
                where e.document_id = s.document_id
                    and e.kind = s.kind
                    and e.fact_index < s.fact_index
            ), -1)
        order by f.fact_index desc
        limit 1
    ) as stated_final on true
    -- its 年初预算: stated before it in the same sentence
    left join lateral (
        select
            i.stated_amount,
            i.stated_half_unit,
            i.stated_text,
            i.unit
        from {raw}.narrative_fact as i
        where s.subject = 'final_amount'
            and i.document_id = s.document_id
            and {audit}.same_sentence(i.sentence, stated_final.sentence)
            and i.kind = 'initial_budget'
            and i.fact_index < stated_final.fact_index
            and i.stated_amount is not null
        order by i.fact_index desc
        limit 1
    ) as stated_initial on true
    left join lateral (
        select t.*
        from three_public as t
        where t.validation_id = s.validation_id
            and t.document_id = s.document_id
            and t.figure = s.subject
        order by t.preference
        limit 1
    ) as tp on true
),

judged as (
    select
        p.*,
        case when p.stated_unit = '万元' then 10000 when p.stated_unit is not null then 1
            else coalesce(p.table_unit_factor, 1)
        end as unit_factor,
        abs(p.initial_value) <= p.initial_half as zero_base
    from pair as p
    where p.final_value is not null and p.initial_value is not null
)

select
    'N05' as rule,
    '{severity}' as severity,
    j.document_id,
    'narrative' as table_kind,
    left(j.sentence, 80) as row_label,
    j.kind || '.' || j.subject as column_name,
    case when j.kind = 'completion' then j.stated_percent else j.final_value end as left_value,
    case
        when j.kind = 'completion' and not j.zero_base
            then round(100 * j.final_value / j.initial_value, 4)
        when j.kind = 'final_vs_budget' then j.initial_value
    end as right_value,
    case
        when j.kind = 'completion' and not j.zero_base
            then j.stated_percent - round(100 * j.final_value / j.initial_value, 4)
        when j.kind = 'final_vs_budget' then j.final_value - j.initial_value
    end as difference,
    j.file_name,
    j.page,
    '情况说明：“' || left(j.sentence, 80) || '”中 '
    || case
        when j.kind = 'completion' and j.zero_base
            then
                '完成预算的 ' || j.stated_text || '，但' || j.initial_label || ' 为 '
                || {audit}.fmt_amount(j.initial_value, j.unit_factor) || '：年初预算为 0 不能计算完成比例'
        when j.kind = 'completion'
            then
                '完成预算的 ' || j.stated_text || ' ≠ ' || j.final_label || ' '
                || {audit}.fmt_amount(j.final_value, j.unit_factor)
                || ' ÷ '
                || j.initial_label
                || ' '
                || {audit}.fmt_amount(j.initial_value, j.unit_factor) || ' = '
                || to_char(round(100 * j.final_value / j.initial_value, 2), 'FM999999990.00')
                || '%，相差 '
                || to_char(
                    abs(j.stated_percent - round(100 * j.final_value / j.initial_value, 2)),
                    'FM999999990.00'
                )
                || ' 个百分点'
        else
            '“' || j.stated_text || '”，但' || j.final_label || ' '
            || {audit}.fmt_amount(j.final_value, j.unit_factor)
            || case
                when j.final_value > j.initial_value + j.final_half + j.initial_half then ' 大于 '
                when j.final_value < j.initial_value - j.final_half - j.initial_half then ' 小于 '
                else ' 等于 '
            end
            || j.initial_label || ' ' || {audit}.fmt_amount(j.initial_value, j.unit_factor)
    end as message
from judged as j
where (
    j.kind = 'completion'
    and (
        j.zero_base
        or j.stated_percent
        < 100 * j.final_value / nullif(j.initial_value, 0) - 2 * j.stated_half_unit - 0.1
        or j.stated_percent
        > 100 * j.final_value / nullif(j.initial_value, 0) + j.stated_half_unit + 0.1
    )
)
or (
    j.kind = 'final_vs_budget'
    and not case j.direction
        when 'increase' then j.final_value - j.initial_value > j.final_half + j.initial_half
        when 'decrease' then j.final_value - j.initial_value < -(j.final_half + j.initial_half)
        else abs(j.final_value - j.initial_value) <= j.final_half + j.initial_half
    end
)
