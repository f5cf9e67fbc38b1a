-- N01 (warn): every amount the narrative states for a named figure (收入, 支出, 一般公共预算收入,
-- 基本支出, 人员经费, 公用经费, 项目支出, 三公 total and parts, 政府采购, 固定资产 …) equals the
-- table figure it names ({audit}.named_figure maps the fact kinds of ingest/narrative.py to cells).
-- A stated figure matches when it is the table value rounded OR truncated to the printed digits
-- (11万元 matches 11.00; 0.3万元 matches 0.34 by truncation), widened by the table cell's own
-- half-unit. Derived blank totals count with their derived value.
-- Tables: narrative facts against summary, expenditure, basic_expenditure, three_public,
-- procurement, fixed_assets. Year-over-year changes and percentages are not N01 (N03, shares).
-- Severity: warn. A row here means the text and the tables tell the reader different amounts; the
-- document is accepted and the finding recorded.
with fact as (
    select
        scope.validation_id,
        f.*
    from {raw}.narrative_fact as f
    join {batch} as scope
        on scope.document_id = f.document_id
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
    join {audit}.named_figure as fig
        on fig.validation_id = fact.validation_id
        and fig.document_id = fact.document_id
        and fig.figure = fact.kind
)

select
    'N01' as rule,
    'warn' as severity,
    document_id,
    'narrative' as table_kind,
    left(sentence, 80) as row_label,
    kind as column_name,
    stated_amount as left_value,
    figure_value as right_value,
    stated_amount - figure_value as difference,
    file_name,
    page,
    '情况说明：“' || left(sentence, 80) || '”中 ' || stated_text || ' ≠ ' || figure_title || ' ' || figure_label
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
