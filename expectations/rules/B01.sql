-- B01 (error): summary 收入总计 = 支出总计.
-- Tables: summary (收支总表), both sides, column amount; budget documents (for 决算 it is part of F01).
-- A row here means the two sides of the summary do not balance: the document is
-- quarantined. Tolerance: |left - right| <= the half-units of the two printed totals.
with grand_total as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.kind = 'summary'
        and c.is_primary
        and coalesce(c.phase, 'budget') <> 'final'
        and c.line = 'grand_total'
        and c.column_name = 'amount'
)

select
    'B01' as rule,
    '{severity}' as severity,
    inc.document_id,
    inc.kind as table_kind,
    inc.row_label,
    inc.column_name,
    inc.value as left_value,
    exp.value as right_value,
    inc.value - exp.value as difference,
    inc.file_name,
    inc.page,
    inc.title || '：' || {audit}.mismatch_message(
        inc.row_label, inc.value, exp.row_label, exp.value, inc.unit_factor
    ) as message
from grand_total as inc
inner join grand_total as exp
    on inc.validation_id = exp.validation_id
        and inc.document_id = exp.document_id
        and exp.side = 'expenditure'
where inc.side = 'income'
    and abs(inc.value - exp.value) > inc.half_unit + exp.half_unit
