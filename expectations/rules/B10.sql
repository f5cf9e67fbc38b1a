-- B10 (error): fiscal-appropriation summary (财政拨款收支总表), budget documents:
--   收入总计 = 支出总计 (income amount against the expenditure 合计 column);
--   收入总计 = 本年收入合计 + 年初财政拨款结转和结余; 本年收入合计 = the three fund lines;
--   年初结转和结余 = its fund sub-lines; 支出总计 = 本年支出合计 + 年末结转和结余 and
--   本年支出合计 = the function lines, in every fund column; each expenditure row 合计 =
--   一般公共预算 + 政府性基金预算 + 国有资本经营预算.
-- Tables: fiscal_summary.
-- A row here means the fiscal-appropriation summary does not balance: the document
-- is quarantined. Tolerance: the half-units of every term. The sums, which lines or columns add up
-- to which: expectations/identities/B10.csv (a blank total with non-blank parts is derived from
-- them, its warning is derived.sql under B10); the balance of the two sides is checked here.
with grand_total as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.kind = 'fiscal_summary'
        and c.is_primary
        and coalesce(c.phase, 'budget') <> 'final'
        and c.line = 'grand_total'
        and c.column_name in ('amount', 'total')
)

select
    'B10' as rule,
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
        inc.row_label,
        inc.value,
        trim(exp.row_label || ' ' || exp.column_label),
        exp.value,
        inc.unit_factor
    ) as message
from grand_total as inc
inner join grand_total as exp
    on inc.validation_id = exp.validation_id
        and inc.document_id = exp.document_id
        and exp.side = 'expenditure'
        and exp.column_name = 'total'
where inc.side = 'income'
    and inc.column_name = 'amount'
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
where ic.rule = 'B10' and not ic.holds
