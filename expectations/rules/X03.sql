-- X03 (error): the expenditure table's 合计 row 合计 = the summary's 本年支出合计.
-- Tables: expenditure (支出总表) and summary (expenditure side), budget documents.
-- A row here means the two tables disagree about this year's spending: the
-- document is quarantined. Tolerance: the half-units of the two cells.
with cell as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.is_primary and coalesce(c.phase, 'budget') <> 'final'
),

pair as (
    select
        e.*,
        s.title as right_title,
        s.row_label as right_row_label,
        s.value as right_value,
        s.half_unit as right_half_unit
    from cell as e
    inner join cell as s
        on e.validation_id = s.validation_id
            and e.document_id = s.document_id
            and s.kind = 'summary'
            and s.side = 'expenditure'
            and s.line = 'current_year_total'
            and s.column_name = 'amount'
    where e.kind = 'expenditure' and e.level = 0 and e.column_name = 'total'
)

select
    'X03' as rule,
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
        title || ' ' || row_label || '行 ' || column_label, value,
        right_title || ' ' || right_row_label, right_value, unit_factor
    ) as message
from pair
where abs(value - right_value) > half_unit + right_half_unit
