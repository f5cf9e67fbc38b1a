-- N01 (warn): every amount the narrative states for a named figure (收入, 支出, 一般公共预算收入,
-- 基本支出, 人员经费, 公用经费, 项目支出, 三公 total and parts, 政府采购, 固定资产 …) equals the
-- table figure it names ({audit}.named_figure maps the fact kinds of ingest/narrative.py to cells).
-- A stated figure matches when it is the table value rounded OR truncated to the printed digits
-- (11万元 matches 11.00; 0.3万元 matches 0.34 by truncation), widened by the table cell's own
-- half-unit. Derived blank totals count with their derived value.
-- Shares (占 X%, fact kind share, subject = the part): X% = part / whole, where the whole is the
-- figure the part belongs to — an income source of 本年收入合计 (else 收入总计), 基本支出 / 项目支出
-- and the … 拨款支出 of 本年支出合计 (else 支出总计), 人员经费 / 公用经费 of their sum, a 三公 part of
-- 因公出国 + 公务用车 + 公务接待 (never 会议费 / 培训费), a function line (类 …) of the spending total
-- the narrative stated just before it (…拨款支出 9746.50万元，主要用于：…). Part and whole are the
-- table figures where the part names one, else the amounts the narrative states. A share is a
-- finding only when off by more than 0.1 percentage point beyond the rounding or truncation of its
-- printed digits; a whole of 0 is not judged.
-- Function lines (fact kind function_expenditure: “社会保障和就业支出(类)行政事业单位养老支出(款)机关
-- 事业单位职业年金缴费支出(项)”220.63万元, and the year's amount of such an item, 2023年预算安排…): the
-- amount equals the row of the general-budget table (else the expenditure table) whose 类, 款 and 项
-- names the sentence all prints — the deepest such row, only where exactly one row matches, and
-- only as deep as the sentence names (a …(项) whose name is not a 项 row's is not compared with its
-- 款).
-- Tables: narrative facts against summary, expenditure, general_budget, basic_expenditure,
-- three_public, procurement, fixed_assets. Year-over-year changes are N03, completion percentages
-- N05.
-- A row here means the text and the tables tell the reader different amounts or
-- shares; the document is accepted and the finding recorded.
with fact as (
    select
        scope.validation_id,
        f.*
    from {raw}.narrative_fact as f
    inner join {batch} as scope
        on f.document_id = scope.document_id
    where f.stated_amount is not null and f.kind not in ('change', 'share')
),

pair as (
    select
        fact.*,
        fig.title as figure_title,
        fig.row_label as figure_label,
        fig.value as figure_value,
        fig.half_unit as figure_half_unit,
        fig.unit_factor
    from fact
    inner join {audit}.named_figure as fig
        on fact.validation_id = fig.validation_id
            and fact.document_id = fig.document_id
            and fact.kind = fig.figure
)

select
    'N01' as rule,
    '{severity}' as severity,
    document_id,
    'narrative' as table_kind,
    left(sentence, 80) as row_label,
    kind as column_name,
    stated_amount as left_value,
    figure_value as right_value,
    stated_amount - figure_value as difference,
    file_name,
    page,
    '情况说明：“'
    || left(sentence, 80)
    || '”中 '
    || stated_text
    || ' ≠ '
    || figure_title
    || ' '
    || figure_label
    || ' ' || {audit}.fmt_amount(figure_value, unit_factor)
    || '，相差 ' || {audit}.fmt_amount(abs(stated_amount - figure_value), unit_factor) as message
from pair
where not (
        -- rounded to the printed digits
        abs(figure_value - stated_amount) <= coalesce(stated_half_unit, 0) + figure_half_unit
        -- truncated to the printed digits
        or (
            figure_value - stated_amount >= -figure_half_unit
            and figure_value - stated_amount <= 2 * coalesce(stated_half_unit, 0) + figure_half_unit
        )
    )

union all

-- shares: 占 X%
select
    'N01' as rule,
    '{severity}' as severity,
    document_id,
    'narrative' as table_kind,
    left(sentence, 80) as row_label,
    'share.' || subject as column_name,
    stated_percent as left_value,
    round(100 * part_value / whole_value, 4) as right_value,
    stated_percent - round(100 * part_value / whole_value, 4) as difference,
    file_name,
    page,
    '情况说明：“' || left(sentence, 80) || '”中 占 ' || stated_text || ' ≠ ' || part_label || ' '
    || {audit}.fmt_amount(part_value, part_unit) || ' ÷ ' || whole_label || ' '
    || {audit}.fmt_amount(whole_value, whole_unit) || ' = '
    || to_char(round(100 * part_value / whole_value, 2), 'FM999999990.00') || '%，相差 '
    || to_char(abs(stated_percent - round(100 * part_value / whole_value, 2)), 'FM999999990.00')
    || ' 个百分点' as message
from (
    select
        s.*,
        coalesce(part_fig.value, part_stated.stated_amount) as part_value,
        case
            when part_fig.value is not null then trim(part_fig.title || ' ' || part_fig.row_label)
            else '文中' || part_stated.stated_text
        end as part_label,
        coalesce(part_fig.unit_factor, case when part_stated.unit = '万元' then 10000 else 1 end)
            as part_unit,
        whole.value as whole_value,
        whole.label as whole_label,
        whole.unit_factor as whole_unit
    from {raw}.narrative_fact as s
    inner join {batch} as scope
        on s.document_id = scope.document_id
    -- the part: the table figure the share names, else the amount stated just before it
    left join {audit}.named_figure as part_fig
        on scope.validation_id = part_fig.validation_id
            and s.document_id = part_fig.document_id
            and s.subject = part_fig.figure
    left join lateral (
        select
            p.stated_amount,
            p.stated_text,
            p.unit
        from {raw}.narrative_fact as p
        where p.document_id = s.document_id
            and {audit}.same_sentence(p.sentence, s.sentence)
            and p.kind = s.subject
            and p.fact_index < s.fact_index
            and p.stated_amount is not null
        order by p.fact_index desc
        limit 1
    ) as part_stated on true
    -- the whole it is a share of
    inner join lateral (
        select
            w.value,
            w.label,
            w.unit_factor
        from (
            -- a table figure
            select
                fig.value,
                trim(fig.title || ' ' || fig.row_label) as label,
                fig.unit_factor,
                whole_of.preference
            from (
                values
                ('general_budget_income', 'current_year_income', 1),
                ('government_fund_income', 'current_year_income', 1),
                ('state_capital_income', 'current_year_income', 1),
                ('fiscal_special_income', 'current_year_income', 1),
                ('fiscal_appropriation_income', 'current_year_income', 1),
                ('unit_funds_income', 'current_year_income', 1),
                ('business_income', 'current_year_income', 1),
                ('operating_income', 'current_year_income', 1),
                ('other_income', 'current_year_income', 1),
                ('general_budget_income', 'income_total', 2),
                ('government_fund_income', 'income_total', 2),
                ('state_capital_income', 'income_total', 2),
                ('fiscal_special_income', 'income_total', 2),
                ('fiscal_appropriation_income', 'income_total', 2),
                ('unit_funds_income', 'income_total', 2),
                ('business_income', 'income_total', 2),
                ('operating_income', 'income_total', 2),
                ('other_income', 'income_total', 2),
                ('basic_expenditure', 'current_year_expenditure', 1),
                ('project_expenditure', 'current_year_expenditure', 1),
                ('general_budget_expenditure', 'current_year_expenditure', 1),
                ('government_fund_expenditure', 'current_year_expenditure', 1),
                ('state_capital_expenditure', 'current_year_expenditure', 1),
                ('fiscal_appropriation_expenditure', 'current_year_expenditure', 1),
                ('basic_expenditure', 'expenditure_total', 2),
                ('project_expenditure', 'expenditure_total', 2),
                ('general_budget_expenditure', 'expenditure_total', 2),
                ('government_fund_expenditure', 'expenditure_total', 2),
                ('state_capital_expenditure', 'expenditure_total', 2),
                ('fiscal_appropriation_expenditure', 'expenditure_total', 2)
            ) as whole_of (part, figure, preference)
            inner join {audit}.named_figure as fig
                on scope.validation_id = fig.validation_id
                    and s.document_id = fig.document_id
                    and whole_of.figure = fig.figure
            where whole_of.part = s.subject

            union all

            -- 人员经费 / 公用经费: of the basic-expenditure table's own 合计 (人员经费 + 公用经费)
            select
                sum(fig.value) as value,
                min(fig.title) || ' 人员经费 + 公用经费' as label,
                min(fig.unit_factor) as unit_factor,
                1 as preference
            from {audit}.named_figure as fig
            where s.subject in ('personnel_expenditure', 'public_expenditure')
                and fig.validation_id = scope.validation_id
                and fig.document_id = s.document_id
                and fig.figure in ('personnel_expenditure', 'public_expenditure')
            having count(*) = 2

            union all

            -- a 三公 part: of 因公出国 + 公务用车 (else its two sub-lines) + 公务接待
            select
                sum(fig.value) as value,
                min(fig.title) || ' 因公出国（境）费 + 公务用车购置及运行费 + 公务接待费' as label,
                min(fig.unit_factor) as unit_factor,
                1 as preference
            from {audit}.named_figure as fig
            where left(s.subject, 13) = 'three_public.'
                and fig.validation_id = scope.validation_id
                and fig.document_id = s.document_id
                and (
                    fig.figure in (
                        'three_public.abroad', 'three_public.car', 'three_public.reception'
                    )
                    or (
                        fig.figure in ('three_public.car.purchase', 'three_public.car.operation')
                        and not exists (
                            select car.figure
                            from {audit}.named_figure as car
                            where car.validation_id = fig.validation_id
                                and car.document_id = fig.document_id
                                and car.figure = 'three_public.car'
                        )
                    )
                )
            having count(*) > 0

            union all

            -- a function line: of the spending total stated before it (…拨款支出 X万元，主要用于：)
            select
                t.stated_amount as value,
                '文中' || t.stated_text as label,
                case when t.unit = '万元' then 10000 else 1 end as unit_factor,
                1 as preference
            from (
                select
                    w.stated_amount,
                    w.stated_text,
                    w.unit
                from {raw}.narrative_fact as w
                where s.subject = 'function_expenditure'
                    and w.document_id = s.document_id
                    and w.fact_index < s.fact_index
                    and w.kind in (
                        'general_budget_expenditure', 'fiscal_appropriation_expenditure',
                        'government_fund_expenditure', 'state_capital_expenditure',
                        'expenditure_total', 'current_year_expenditure'
                    )
                    and w.stated_amount is not null
                order by w.fact_index desc
                limit 1
            ) as t
        ) as w
        order by w.preference
        limit 1
    ) as whole on true
    where s.kind = 'share'
        and s.stated_percent is not null
        and s.subject is not null
) as share
where part_value is not null
    and whole_value <> 0
    and (
        stated_percent < 100 * part_value / whole_value - 2 * stated_half_unit - 0.1
        or stated_percent > 100 * part_value / whole_value + stated_half_unit + 0.1
    )

union all

-- function lines: the 类 / 款 / 项 the sentence names, in the general-budget table
select
    'N01' as rule,
    '{severity}' as severity,
    fm.document_id,
    'narrative' as table_kind,
    left(fm.sentence, 80) as row_label,
    'function_expenditure' as column_name,
    fm.stated_amount as left_value,
    fm.figure_value as right_value,
    fm.stated_amount - fm.figure_value as difference,
    fm.file_name,
    fm.page,
    '情况说明：“' || left(fm.sentence, 80) || '”中 ' || fm.stated_text || ' ≠ ' || fm.figure_title || ' '
    || fm.figure_label || ' ' || {audit}.fmt_amount(fm.figure_value, fm.unit_factor)
    || '，相差 '
    || {audit}.fmt_amount(abs(fm.stated_amount - fm.figure_value), fm.unit_factor) as message
from (
    select
        f.*,
        line.title as figure_title,
        line.row_label as figure_label,
        line.value as figure_value,
        line.half_unit as figure_half_unit,
        line.unit_factor
    from {raw}.narrative_fact as f
    inner join {batch} as scope
        on f.document_id = scope.document_id
    -- the sentence that names the item: the fact's own, or for the year's amount of an item printed
    -- in a sentence of its own (2025年当年预算执行数为…，2026年预算安排201.50万元…) the item heading before it
    cross join
        lateral (
            select coalesce(
                case when f.sentence ~ '[类款项]\)' then f.sentence end,
                (
                    select h.sentence
                    from {raw}.narrative_fact as h
                    where h.document_id = f.document_id
                        and h.fact_index < f.fact_index
                        and h.kind = 'function_expenditure'
                        and h.sentence ~ '[类款项]\)'
                        and exists (
                            select y.fact_index
                            from {raw}.narrative_fact as y
                            where y.document_id = f.document_id
                                and y.kind = 'previous_year_amount'
                                and y.sentence = f.sentence
                        )
                    order by h.fact_index desc
                    limit 1
                )
            ) as sentence
        ) as item
    inner join
        lateral (
            select
                p.*,
                count(*) over (partition by p.depth) as at_depth
            from (
                select
                    c.title,
                    c.row_label,
                    c.value,
                    c.half_unit,
                    c.unit_factor,
                    length(c.code) as depth,
                    array_remove(array[
                        replace(normalize(c.name, nfkc), ' ', ''),
                        replace(normalize(kuan.name, nfkc), ' ', ''),
                        replace(normalize(lei.name, nfkc), ' ', '')
                    ], null) as names
                from {audit}.effective_cell as c
                left join {audit}.validation_row as kuan
                    on length(c.code) = 7
                        and c.validation_id = kuan.validation_id
                        and c.document_id = kuan.document_id
                        and c.table_index = kuan.table_index
                        and kuan.code = left(c.code, 5)
                left join {audit}.validation_row as lei
                    on length(c.code) > 3
                        and c.validation_id = lei.validation_id
                        and c.document_id = lei.document_id
                        and c.table_index = lei.table_index
                        and lei.code = left(c.code, 3)
                where c.validation_id = scope.validation_id
                    and c.document_id = f.document_id
                    and c.is_primary
                    and c.column_name = 'total'
                    and c.code ~ '^[0-9]+$' and length(c.code) in (3, 5, 7)
                    and (
                        c.kind = 'general_budget'
                        or (
                            c.kind = 'expenditure'
                            and not exists (
                                select g.row_index
                                from {audit}.validation_row as g
                                where g.validation_id = c.validation_id
                                    and g.document_id = c.document_id
                                    and g.kind = 'general_budget'
                                    and g.code is not null
                            )
                        )
                    )
            ) as p
            where not exists (
                    select n.name
                    from unnest(p.names) as n (name)
                    where n.name = '' or strpos(replace(item.sentence, ' ', ''), n.name) = 0
                )
            order by p.depth desc
            limit 1
        ) as line
        on line.at_depth = 1
            -- as deep as the sentence names: a 项 named (…(项) / (01项)) must match a 项 row, not its 款
            and line.depth >= case
                when item.sentence ~ '项\)' then 7
                when item.sentence ~ '款\)' then 5
                else 3
            end
    where f.kind = 'function_expenditure' and f.stated_amount is not null
) as fm
where not (
        abs(fm.figure_value - fm.stated_amount)
        <= coalesce(fm.stated_half_unit, 0) + fm.figure_half_unit
        or (
            fm.figure_value - fm.stated_amount >= -fm.figure_half_unit
            and fm.figure_value - fm.stated_amount
            <= 2 * coalesce(fm.stated_half_unit, 0) + fm.figure_half_unit
        )
    )
