-- N03 (warn): year-over-year statements of the narrative (fact kinds of ingest/narrative.py:
-- change = 增加 / 减少 / 持平 an amount or a percentage of a subject; previous_year_amount = last
-- year's amount the sentence prints; compared_year = the year it compares with; as_of_date = 截至…).
--   1. the year compared with is the year before the document's (比2026年预算 in a 2026 budget is not);
--   2. a date the text is as of is not left over from last year's text: a 决算 narrative is as of its
--      own year (截至2023年12月31日 in a 2024 决算 is), a budget as of the year before or later
--      (the seed's 固定资产 截止时间 2022-12-31 in its 2023 budget is a table cell and correct);
--   3. a sentence is consistent in itself: with this year's and last year's amounts, 增加 / 减少 /
--      持平 agree with the sign and the stated change is their difference; with this year's amount
--      and the change, last year (this year ∓ change) is not negative; a percentage is change /
--      last year (a growth rate stated on a base of 0 is itself a finding);
--   4. where last year's document of the same department key, phase and scope is loaded (the newest
--      accepted or now validated one, {audit}.validation_reference), the change agrees with its
--      table figure: this year's amount (the sentence's, else this document's table figure) minus
--      last year's document's figure is the stated change; a percentage with no base in its
--      sentence is taken on that figure.
--      Only for subjects that name a table figure ({audit}.named_figure) and sentences that compare
--      with the same phase (预算 for a budget, 决算 for final accounts; not 预算执行数).
-- Amounts match when rounded or truncated to the printed digits, widened by the half-units of the
-- amounts compared; percentages are findings only when off by more than 0.1 percentage point beyond
-- the rounding or truncation of their printed digits, or when the direction word is wrong.
-- Tables: narrative facts; named figures of this document and of last year's.
-- A row here means the text's comparison with last year is wrong or contradicts
-- itself or last year's published figures; the document is accepted and the finding recorded.
with doc as (
    select
        scope.validation_id,
        d.document_id,
        d.year,
        d.phase,
        -- the latest year a 截至 date may name: the year itself in 决算, the year before in 预算
        case when d.phase = 'final' then d.year else d.year - 1 end as as_of_year
    from {raw}.document as d
    inner join {batch} as scope
        on d.document_id = scope.document_id
),

-- every change with what its own sentence states beside it
change as (
    select
        doc.validation_id,
        doc.year,
        doc.phase,
        c.document_id,
        c.fact_index,
        c.subject,
        c.direction,
        c.sentence,
        c.stated_text,
        c.stated_amount,
        c.stated_percent,
        coalesce(c.stated_half_unit, 0) as stated_half_unit,
        c.file_name,
        c.page,
        case c.direction when 'increase' then 1 when 'decrease' then -1 else 0 end as sign,
        case c.direction when 'increase' then '增加' when 'decrease' then '减少' else '持平' end as word,
        this_year.stated_amount as this_amount,
        coalesce(this_year.stated_half_unit, 0) as this_half,
        last_year.stated_amount as last_amount,
        coalesce(last_year.stated_half_unit, 0) as last_half,
        amount_change.stated_amount as change_amount,
        coalesce(amount_change.stated_half_unit, 0) as change_half,
        compared.subject as compared_with,
        case
            when coalesce(this_year.unit, last_year.unit, amount_change.unit, c.unit) = '万元'
                then 10000
            else 1
        end as unit_factor
    from {raw}.narrative_fact as c
    inner join doc
        on c.document_id = doc.document_id
    -- this year's amount: the subject's figure stated before the change in the same sentence
    left join lateral (
        select
            t.stated_amount,
            t.stated_half_unit,
            t.unit
        from {raw}.narrative_fact as t
        where t.document_id = c.document_id
            and {audit}.same_sentence(t.sentence, c.sentence)
            and t.kind = c.subject
            and t.fact_index < c.fact_index
            and t.stated_amount is not null
        order by t.fact_index desc
        limit 1
    ) as this_year on true
    -- last year's amount printed in the same sentence
    left join lateral (
        select
            p.stated_amount,
            p.stated_half_unit,
            p.unit
        from {raw}.narrative_fact as p
        where p.document_id = c.document_id
            and {audit}.same_sentence(p.sentence, c.sentence)
            and p.kind = 'previous_year_amount'
            and p.subject = c.subject
            and p.stated_amount is not null
        order by abs(p.fact_index - c.fact_index)
        limit 1
    ) as last_year on true
    -- for a percentage: the amount of the same change stated before it (增加 X万元，增长 Y%)
    left join lateral (
        select
            a.stated_amount,
            a.stated_half_unit,
            a.unit
        from {raw}.narrative_fact as a
        where c.stated_percent is not null
            and a.document_id = c.document_id
            and {audit}.same_sentence(a.sentence, c.sentence)
            and a.kind = 'change'
            and a.subject = c.subject
            and a.direction = c.direction
            and a.stated_amount is not null
            and a.fact_index < c.fact_index
        order by a.fact_index desc
        limit 1
    ) as amount_change on true
    -- what the sentence compares with (比2022年预算 / 预算执行数 / 决算 …)
    left join lateral (
        select y.subject
        from {raw}.narrative_fact as y
        where y.document_id = c.document_id
            and {audit}.same_sentence(y.sentence, c.sentence)
            and y.kind = 'compared_year'
            and y.fact_index < c.fact_index
        order by y.fact_index desc
        limit 1
    ) as compared on true
    where c.kind = 'change'
),

-- 1. the year compared with
wrong_year as (
    select
        f.document_id,
        left(f.sentence, 80) as row_label,
        'compared_year' as column_name,
        f.stated_amount as left_value,
        (doc.year - 1)::numeric as right_value,
        f.stated_amount - (doc.year - 1) as difference,
        f.file_name,
        f.page,
        '情况说明：“' || left(f.sentence, 80) || '”中 “' || f.stated_text || '” 与 '
        || trunc(f.stated_amount) || ' 年比较；' || doc.year || ' 年的文件应与上一年 ' || (doc.year - 1)
        || ' 年比较' as message
    from {raw}.narrative_fact as f
    inner join doc
        on f.document_id = doc.document_id
    where f.kind = 'compared_year'
        and f.stated_amount <> doc.year - 1
),

-- 2. a date left over from last year's text
old_date as (
    select
        f.document_id,
        left(f.sentence, 80) as row_label,
        'as_of_date' as column_name,
        f.stated_amount as left_value,
        doc.as_of_year::numeric as right_value,
        f.stated_amount - doc.as_of_year as difference,
        f.file_name,
        f.page,
        '情况说明：“' || left(f.sentence, 80) || '”中 “' || f.stated_text || '” 早于 ' || doc.as_of_year
        || ' 年（' || doc.year || ' 年' || case when doc.phase = 'final' then '决算' else '预算' end
        || '应截至的年份），疑为沿用上年文字' as message
    from {raw}.narrative_fact as f
    inner join doc
        on f.document_id = doc.document_id
    where f.kind = 'as_of_date'
        and f.stated_amount < doc.as_of_year
),

-- 3a. an amount (or 持平) against this and last year's amounts printed in the sentence
inconsistent_change as (
    select
        c.document_id,
        left(c.sentence, 80) as row_label,
        c.subject as column_name,
        c.sign * c.stated_amount as left_value,
        c.this_amount - c.last_amount as right_value,
        c.sign * c.stated_amount - (c.this_amount - c.last_amount) as difference,
        c.file_name,
        c.page,
        '情况说明：“'
        || left(c.sentence, 80)
        || '”中 本年 '
        || {audit}.fmt_amount(c.this_amount, c.unit_factor)
        || '，上年 ' || {audit}.fmt_amount(c.last_amount, c.unit_factor) || '，实际'
        || case
            when c.this_amount > c.last_amount then '增加 '
            when c.this_amount < c.last_amount then '减少 '
            else '持平 '
        end
        || {audit}.fmt_amount(abs(c.this_amount - c.last_amount), c.unit_factor) || '，文中说' || c.word
        || case when c.sign <> 0 then ' ' || c.stated_text else '' end
        || '，相差 ' || {audit}.fmt_amount(
            abs(c.sign * c.stated_amount - (c.this_amount - c.last_amount)), c.unit_factor
        ) as message
    from change as c
    where c.stated_amount is not null
        and c.this_amount is not null
        and c.last_amount is not null
        and not case c.sign
            when 1
                then c.this_amount - c.last_amount
                    between c.stated_amount - c.stated_half_unit - c.this_half - c.last_half
                    and c.stated_amount + 2 * c.stated_half_unit + c.this_half + c.last_half
            when -1
                then c.this_amount - c.last_amount
                    between -c.stated_amount - 2 * c.stated_half_unit - c.this_half - c.last_half
                    and -c.stated_amount + c.stated_half_unit + c.this_half + c.last_half
            else abs(c.this_amount - c.last_amount) <= c.this_half + c.last_half
        end
),

-- 3b. this year's amount and the change imply a negative amount last year
negative_last_year as (
    select
        c.document_id,
        left(c.sentence, 80) as row_label,
        c.subject as column_name,
        c.this_amount as left_value,
        c.sign * c.stated_amount as right_value,
        c.this_amount - c.sign * c.stated_amount as difference,
        c.file_name,
        c.page,
        '情况说明：“'
        || left(c.sentence, 80)
        || '”中 本年 '
        || {audit}.fmt_amount(c.this_amount, c.unit_factor)
        || '，比上年' || c.word || ' ' || c.stated_text || '，推算上年为 '
        || {audit}.fmt_amount(c.this_amount - c.sign * c.stated_amount, c.unit_factor)
        || '（上年金额不能为负）'
            as message
    from change as c
    where c.stated_amount is not null
        and c.sign <> 0
        and c.this_amount is not null
        and c.last_amount is null
        and c.this_amount - c.sign * c.stated_amount < -(c.this_half + c.stated_half_unit)
),

-- 3c. a percentage against the sentence's own amounts
percent_in_sentence as (
    select
        c.*,
        coalesce(c.last_amount, c.this_amount - c.sign * c.change_amount) as base,
        case when c.last_amount is not null then c.last_half else c.this_half + c.change_half end
            as base_half,
        case
            when c.this_amount is not null and c.last_amount is not null
                then c.this_amount - c.last_amount
            else c.sign * c.change_amount
        end as actual,
        case
            when c.this_amount is not null and c.last_amount is not null
                then c.this_half + c.last_half
            else c.change_half
        end as actual_half
    from change as c
    where c.stated_percent is not null
        and c.sign <> 0
        and coalesce(c.last_amount, c.this_amount - c.sign * c.change_amount) is not null
        and (c.last_amount is not null or c.change_amount is not null)
),

inconsistent_percent as (
    select
        p.document_id,
        left(p.sentence, 80) as row_label,
        p.subject as column_name,
        p.sign * p.stated_percent as left_value,
        case when abs(p.base) > p.base_half then round(100 * p.actual / nullif(p.base, 0), 4) end
            as right_value,
        case
            when abs(p.base) > p.base_half
                then p.sign * p.stated_percent - round(100 * p.actual / nullif(p.base, 0), 4)
        end as difference,
        p.file_name,
        p.page,
        '情况说明：“' || left(p.sentence, 80) || '”中 ' || p.word || ' ' || p.stated_text
        || case
            when abs(p.base) <= p.base_half
                then
                    '，但上年金额为 ' || {audit}.fmt_amount(p.base, p.unit_factor) || '：基数为 0 不能计算增减幅度'
            else
                '，按 ' || {audit}.fmt_amount(p.actual, p.unit_factor) || ' ÷ 上年 '
                || {audit}.fmt_amount(p.base, p.unit_factor) || ' 计算为 '
                || to_char(round(100 * p.actual / nullif(p.base, 0), 2), 'FM999999990.00') || '%'
                || case
                    when p.sign * p.actual < 0
                        then '（实际' || case when p.actual < 0 then '减少' else '增加' end || '）'
                    else ''
                end
                || '，相差 ' || to_char(
                    abs(p.sign * p.stated_percent - round(100 * p.actual / nullif(p.base, 0), 2)),
                    'FM999999990.00'
                ) || ' 个百分点'
        end as message
    from percent_in_sentence as p
    where abs(p.base) <= p.base_half
        or (p.sign * p.actual < 0 and abs(p.actual) > p.actual_half)
        or p.stated_percent < abs(100 * p.actual / nullif(p.base, 0)) - 2 * p.stated_half_unit - 0.1
        or p.stated_percent > abs(100 * p.actual / nullif(p.base, 0)) + p.stated_half_unit + 0.1
),

-- 4. against last year's loaded document
against_prior as (
    select
        c.*,
        ref.reference_year,
        coalesce(c.this_amount, cur.value) as current_value,
        case when c.this_amount is not null then c.this_half else cur.half_unit end as current_half,
        case
            when c.this_amount is not null then '本年（文中）'
            else '本年 ' || trim(cur.title || ' ' || cur.row_label)
        end as current_label,
        prior_figure.value as prior_value,
        prior_figure.half_unit as prior_half,
        trim(prior_figure.title || ' ' || prior_figure.row_label) as prior_label,
        prior_figure.unit_factor as prior_unit_factor
    from change as c
    inner join {audit}.validation_reference as ref
        on c.validation_id = ref.validation_id
            and c.document_id = ref.document_id
            and ref.relation = 'prior_year'
    inner join {audit}.named_figure as prior_figure
        on c.validation_id = prior_figure.validation_id
            and ref.reference_document_id = prior_figure.document_id
            and c.subject = prior_figure.figure
    left join {audit}.named_figure as cur
        on c.validation_id = cur.validation_id
            and c.document_id = cur.document_id
            and c.subject = cur.figure
    where coalesce(c.compared_with, case when c.phase = 'final' then 'final' else 'budget' end)
        = case when c.phase = 'final' then 'final' else 'budget' end
        and coalesce(c.this_amount, cur.value) is not null
),

prior_mismatch as (
    select
        a.document_id,
        left(a.sentence, 80) as row_label,
        a.subject as column_name,
        case
            when a.stated_percent is not null then a.sign * a.stated_percent
            else a.sign * a.stated_amount
        end as left_value,
        case
            when a.stated_percent is null then a.current_value - a.prior_value
            when a.prior_value <> 0
                then round(100 * (a.current_value - a.prior_value) / nullif(a.prior_value, 0), 4)
        end as right_value,
        case
            when a.stated_percent is null
                then a.sign * a.stated_amount - (a.current_value - a.prior_value)
            when a.prior_value <> 0
                then a.sign * a.stated_percent
                    - round(100 * (a.current_value - a.prior_value) / nullif(a.prior_value, 0), 4)
        end as difference,
        a.file_name,
        a.page,
        '情况说明：“' || left(a.sentence, 80) || '”中 ' || a.word
        || case when a.sign <> 0 then ' ' || a.stated_text else '' end
        || '；' || a.current_label || ' ' || {audit}.fmt_amount(a.current_value, a.prior_unit_factor)
        || '，上年（' || a.reference_year || '年已加载文件）' || a.prior_label || ' '
        || {audit}.fmt_amount(a.prior_value, a.prior_unit_factor)
        || case
            when a.stated_percent is not null and a.prior_value = 0 then '：基数为 0 不能计算增减幅度'
            when a.stated_percent is not null
                then
                    '，实际' || case when a.current_value < a.prior_value then '减少 ' else '增加 ' end
                    || to_char(
                        abs(
                            round(
                                100 * (a.current_value - a.prior_value) / nullif(a.prior_value, 0),
                                2
                            )
                        ),
                        'FM999999990.00'
                    )
                    || '%'
            else
                '，实际' || case
                    when a.current_value > a.prior_value then '增加 '
                    when a.current_value < a.prior_value then '减少 '
                    else '持平 '
                end
                || {audit}.fmt_amount(abs(a.current_value - a.prior_value), a.prior_unit_factor)
                || '，相差 ' || {audit}.fmt_amount(
                    abs(a.sign * a.stated_amount - (a.current_value - a.prior_value)),
                    a.prior_unit_factor
                )
        end as message
    from against_prior as a
    where (
        a.stated_percent is null
        and a.stated_amount is not null
        and not case a.sign
            when 1
                then a.current_value - a.prior_value
                    between a.stated_amount - a.stated_half_unit - a.current_half - a.prior_half
                    and a.stated_amount + 2 * a.stated_half_unit + a.current_half + a.prior_half
            when -1
                then a.current_value - a.prior_value
                    between -a.stated_amount
                    - 2 * a.stated_half_unit
                    - a.current_half
                    - a.prior_half
                    and -a.stated_amount + a.stated_half_unit + a.current_half + a.prior_half
            else abs(a.current_value - a.prior_value) <= a.current_half + a.prior_half
        end
    )
    or (
        -- a percentage whose sentence gives no base of its own
        a.stated_percent is not null
        and a.sign <> 0
        and a.last_amount is null
        and a.change_amount is null
        and (
            a.prior_value = 0
            or (
                a.sign * (a.current_value - a.prior_value) < 0
                and abs(a.current_value - a.prior_value) > a.current_half + a.prior_half
            )
            or a.stated_percent
            < abs(100 * (a.current_value - a.prior_value) / nullif(a.prior_value, 0))
            - 2 * a.stated_half_unit - 0.1
            or a.stated_percent
            > abs(100 * (a.current_value - a.prior_value) / nullif(a.prior_value, 0))
            + a.stated_half_unit + 0.1
        )
    )
),

finding as (
    select * from wrong_year
    union all
    select * from old_date
    union all
    select * from inconsistent_change
    union all
    select * from negative_last_year
    union all
    select * from inconsistent_percent
    union all
    select * from prior_mismatch
)

select
    'N03' as rule,
    '{severity}' as severity,
    document_id,
    'narrative' as table_kind,
    row_label,
    column_name,
    left_value,
    right_value,
    difference,
    file_name,
    page,
    message
from finding
