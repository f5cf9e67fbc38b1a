-- X02 (error): each function (类) line of the summary's expenditure side = the expenditure table's
-- 类 row with the same code, column 合计. A line printed on one side only compares with 0.
-- Tables: summary (expenditure side) and expenditure (支出总表), budget documents; checked where
-- both tables print function lines.
-- A row here means the summary and the expenditure table disagree on a function
-- class: the document is quarantined. Tolerance: the half-units of the two cells.
with cell as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.is_primary and coalesce(c.phase, 'budget') <> 'final'
),

summary_line as (
    select *
    from cell
    where kind = 'summary' and side = 'expenditure' and line = 'function' and column_name = 'amount'
),

class_row as (
    select *
    from cell
    where kind = 'expenditure' and level = 1 and column_name = 'total'
),

both_tables as (
    select distinct
        s.validation_id,
        s.document_id
    from summary_line as s
    inner join class_row as e
        on s.validation_id = e.validation_id and s.document_id = e.document_id
),

pair as (
    select
        coalesce(s.validation_id, e.validation_id) as validation_id,
        coalesce(s.document_id, e.document_id) as document_id,
        coalesce(s.kind, e.kind) as table_kind,
        coalesce(s.row_label, e.row_label) as row_label,
        coalesce(s.column_name, e.column_name) as column_name,
        coalesce(s.value, 0) as left_value,
        coalesce(e.value, 0) as right_value,
        coalesce(s.half_unit, 0) + coalesce(e.half_unit, 0) as tolerance,
        coalesce(s.file_name, e.file_name) as file_name,
        coalesce(s.page, e.page) as page,
        coalesce(s.unit_factor, e.unit_factor) as unit_factor,
        coalesce(s.title || ' ' || s.row_label, '收支总表（未列此类）') as left_place,
        coalesce(e.title || ' ' || e.row_label || ' 合计', '支出总表（未列此类）') as right_place
    from summary_line as s
    full join class_row as e
        on s.validation_id = e.validation_id
            and s.document_id = e.document_id
            and s.code = e.code
)

select
    'X02' as rule,
    '{severity}' as severity,
    pair.document_id,
    pair.table_kind,
    pair.row_label,
    pair.column_name,
    pair.left_value,
    pair.right_value,
    pair.left_value - pair.right_value as difference,
    pair.file_name,
    pair.page,
    {audit}.mismatch_message(
        pair.left_place, pair.left_value, pair.right_place, pair.right_value, pair.unit_factor
    ) as message
from pair
inner join both_tables
    on pair.validation_id = both_tables.validation_id and pair.document_id = both_tables.document_id
where abs(pair.left_value - pair.right_value) > pair.tolerance
