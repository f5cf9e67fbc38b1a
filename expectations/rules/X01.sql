-- X01 (error): the summary's 本年收入合计 = the income table's 合计 row 本年收入小计, and the
-- summary's 收入总计 = the income table's 合计 row 合计.
-- Tables: summary (income side) and income (收入总表), budget documents.
-- A row here means the two tables disagree about the department's income: the
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
        s.*,
        i.title as right_title,
        i.row_label as right_row_label,
        i.column_label as right_column_label,
        i.value as right_value,
        i.half_unit as right_half_unit
    from cell as s
    inner join cell as i
        on s.validation_id = i.validation_id
            and s.document_id = i.document_id
            and i.kind = 'income'
            and i.level = 0
            and i.column_name
            = case s.line when 'current_year_total' then 'current_income' else 'total' end
    where s.kind = 'summary'
        and s.side = 'income'
        and s.line in ('current_year_total', 'grand_total')
        and s.column_name = 'amount'
)

select
    'X01' as rule,
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
        title || ' ' || row_label, value,
        right_title || ' ' || right_row_label || '行 ' || right_column_label,
        right_value,
        unit_factor
    ) as message
from pair
where abs(value - right_value) > half_unit + right_half_unit
