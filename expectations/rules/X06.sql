-- X06 (error): the fiscal-appropriation summary's 一般公共预算拨款 income line = the summary's
-- 一般公共预算拨款收入 line.
-- Tables: fiscal_summary and summary, income side, budget documents.
-- A row here means the two summaries disagree about the general-budget
-- appropriation: the document is quarantined. Tolerance: the half-units of the two cells.
with cell as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.is_primary
        and coalesce(c.phase, 'budget') <> 'final'
        and c.side = 'income'
        and c.line = 'general_budget'
        and c.column_name = 'amount'
),

pair as (
    select
        f.*,
        s.title as right_title,
        s.row_label as right_row_label,
        s.value as right_value,
        s.half_unit as right_half_unit
    from cell as f
    inner join cell as s
        on f.validation_id = s.validation_id
            and f.document_id = s.document_id
            and s.kind = 'summary'
    where f.kind = 'fiscal_summary'
)

select
    'X06' as rule,
    '{severity}' as severity,
    document_id,
    kind as table_kind,
    row_label,
    column_name,
    value as left_value,
    right_value,
    value - right_value as difference,
    file_name,
    page,
    {audit}.mismatch_message(
        title || ' ' || row_label,
        value,
        right_title || ' ' || right_row_label,
        right_value,
        unit_factor
    ) as message
from pair
where abs(value - right_value) > half_unit + right_half_unit
