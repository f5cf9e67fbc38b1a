-- X07 (warn): 三公 公务用车运行(维护)费 >= basic-expenditure item 30231 公务用车运行维护费, and
-- 三公 公务接待费 >= item 30217 公务接待费. 三公 also covers project spending, so >=, not =.
-- Tables: three_public (一般公共预算 column where printed, else 合计) and basic_expenditure
-- (合计 column); all phases.
-- A row here means the 三公 table shows less than the basic-expenditure table
-- alone spends on the same item; the document is accepted and the finding recorded.
-- Tolerance: the 三公 figure may fall short by at most the half-units of the two cells.
with cell as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.is_primary
),

three_public as (
    select
        c.*,
        case c.line when 'car.operation' then '30231' else '30217' end as item_code
    from cell as c
    where c.kind = 'three_public'
        and c.line in ('car.operation', 'reception')
        and c.column_name = case
            when 'general_budget' = any(c.columns) then 'general_budget' else 'total'
        end
),

pair as (
    select
        t.*,
        b.title as right_title,
        b.row_label as right_row_label,
        b.value as right_value,
        b.half_unit as right_half_unit
    from three_public as t
    inner join cell as b
        on t.validation_id = b.validation_id
            and t.document_id = b.document_id
            and b.kind = 'basic_expenditure'
            and t.item_code = b.code
            and b.column_name = 'total'
)

select
    'X07' as rule,
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
    title
    || '：'
    || trim(row_label || ' ' || column_label)
    || ' '
    || {audit}.fmt_amount(value, unit_factor)
    || ' 小于 '
    || right_title
    || ' '
    || right_row_label
    || ' '
    || {audit}.fmt_amount(right_value, unit_factor)
    || '，少 ' || {audit}.fmt_amount(right_value - value, unit_factor) as message
from pair
where value < right_value - (half_unit + right_half_unit)
