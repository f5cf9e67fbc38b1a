-- X05 (error): the general-budget table's 合计 row 基本支出 = the basic-expenditure table's 合计
-- row 合计 (both tables show general-budget funded spending, so all of its basic spending).
-- Tables: general_budget (一般公共预算财政拨款支出表), basic_expenditure (基本支出表), budget documents.
-- A row here means the two tables disagree about basic spending: the document is
-- quarantined. Tolerance: the half-units of the two cells.
with cell as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.is_primary and coalesce(c.phase, 'budget') <> 'final' and c.level = 0
),

pair as (
    select
        g.*,
        b.title as right_title,
        b.row_label as right_row_label,
        b.column_label as right_column_label,
        b.value as right_value,
        b.half_unit as right_half_unit
    from cell as g
    inner join cell as b
        on g.validation_id = b.validation_id
            and g.document_id = b.document_id
            and b.kind = 'basic_expenditure'
            and b.column_name = 'total'
    where g.kind = 'general_budget' and g.column_name = 'basic'
)

select
    'X05' as rule,
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
        right_title || ' ' || right_row_label || '行 ' || right_column_label,
        right_value,
        unit_factor
    ) as message
from pair
where abs(value - right_value) > half_unit + right_half_unit
