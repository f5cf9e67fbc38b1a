-- F01 (error): final accounts (决算) summary 收入支出决算总表:
--   收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余;
--   支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余;
--   收入总计 = 支出总计 (B01 for budgets).
-- Tables: summary, both sides (line keys grand_total, current_year_total, non_fiscal_balance,
-- carry_over | current_year_total, balance_distribution, year_end_carry), column amount.
-- A row here means the final-accounts summary does not balance: the document is
-- quarantined until the figure is corrected or the finding is waived against the paper.
-- Tolerance: the half-units of every term. The two sums, which lines add up to which:
-- expectations/identities/F01.csv (a blank 总计 with non-blank parts is derived from them, its
-- warning is derived.sql under F01); the balance of the two 总计 is checked here.
with grand_total as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.kind = 'summary'
        and c.is_primary
        and c.phase = 'final'
        and c.line = 'grand_total'
        and c.column_name = 'amount'
)

select
    'F01' as rule,
    '{severity}' as severity,
    inc.document_id,
    inc.kind as table_kind,
    case when inc.row_label like '收入%' then inc.row_label else '收入' || inc.row_label end
        as row_label,
    inc.column_name,
    inc.value as left_value,
    exp.value as right_value,
    inc.value - exp.value as difference,
    inc.file_name,
    inc.page,
    inc.title || '：' || {audit}.mismatch_message(
        case when inc.row_label like '收入%' then inc.row_label else '收入' || inc.row_label end,
        inc.value,
        case when exp.row_label like '支出%' then exp.row_label else '支出' || exp.row_label end,
        exp.value,
        inc.unit_factor
    ) || '（允许舍入误差 ' || {audit}.fmt_amount(inc.half_unit + exp.half_unit, 1) || '）' as message
from grand_total as inc
inner join grand_total as exp
    on inc.validation_id = exp.validation_id
        and inc.document_id = exp.document_id
        and exp.side = 'expenditure'
where inc.side = 'income'
    and abs(inc.value - exp.value) > inc.half_unit + exp.half_unit

union all

select
    ic.rule,
    '{severity}' as severity,
    ic.document_id,
    ic.table_kind,
    ic.row_label,
    ic.column_name,
    ic.left_value,
    ic.right_value,
    ic.difference,
    ic.file_name,
    ic.page,
    ic.message
from {audit}.identity_check as ic
inner join {batch} as scope
    on ic.validation_id = scope.validation_id and ic.document_id = scope.document_id
where ic.rule = 'F01' and not ic.holds
