-- F02 (error): final accounts (决算) fiscal-appropriation summary 财政拨款收入支出决算总表:
--   本年财政拨款收入 + 年初财政拨款结转和结余 = 本年财政拨款支出 + 年末财政拨款结转和结余.
-- Tables: fiscal_summary of 决算 documents. Income side: the 本年收入合计 line (else the sum of its
-- fund lines 一般公共预算 / 政府性基金 / 国有资本经营) plus the 年初结转和结余 line, column amount;
-- expenditure side: the 本年支出合计 and 年末结转和结余 lines, column 合计 (total; amount where the
-- table prints one column). Lines not printed count as 0; the document must print both 本年 lines.
-- A row here means the fiscal appropriations received and carried in do not equal
-- those spent and carried out: the document is quarantined until corrected or waived.
-- Tolerance: the half-units of every cell summed, both sides.
with cell as (
    select c.*
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.kind = 'fiscal_summary'
        and c.is_primary
        and c.phase = 'final'
        and c.column_name = case
            when c.side = 'expenditure' and 'total' = any(c.columns) then 'total' else 'amount'
        end
),

side as (
    select
        validation_id,
        document_id,
        side,
        min(kind) as kind,
        min(title) as title,
        min(unit_factor) as unit_factor,
        min(file_name) as file_name,
        min(page) as page,
        min(column_name) as column_name,
        bool_or(line = 'current_year_total') as has_current,
        -- this year's amount: the 本年 line, else (income) the fund lines it sums
        coalesce(
            sum(value) filter (where line = 'current_year_total'),
            sum(value) filter (
                where side = 'income'
                and line in ('general_budget', 'government_fund', 'state_capital')
            )
        ) as current_value,
        coalesce(
            sum(half_unit) filter (where line = 'current_year_total'),
            sum(half_unit) filter (
                where side = 'income'
                and line in ('general_budget', 'government_fund', 'state_capital')
            )
        ) as current_half_unit,
        coalesce(min(row_label) filter (where line = 'current_year_total'), '本年财政拨款收入')
            as current_label,
        coalesce(sum(value) filter (where line in ('carry_over', 'year_end_carry')), 0)
            as carry_value,
        coalesce(sum(half_unit) filter (where line in ('carry_over', 'year_end_carry')), 0)
            as carry_half_unit,
        coalesce(
            min(row_label) filter (where line in ('carry_over', 'year_end_carry')),
            case when side = 'income' then '年初结转和结余' else '年末结转和结余' end
        ) as carry_label
    from cell
    group by validation_id, document_id, side
),

pair as (
    select
        inc.*,
        inc.current_value + inc.carry_value as left_value,
        exp.current_value + exp.carry_value as right_value,
        inc.current_half_unit
        + inc.carry_half_unit
        + exp.current_half_unit
        + exp.carry_half_unit as tolerance,
        exp.current_label as exp_current_label,
        exp.current_value as exp_current_value,
        exp.carry_label as exp_carry_label,
        exp.carry_value as exp_carry_value,
        exp.column_name as exp_column_name
    from side as inc
    inner join side as exp
        on inc.validation_id = exp.validation_id
            and inc.document_id = exp.document_id
            and exp.side = 'expenditure'
    where inc.side = 'income'
        and inc.current_value is not null
        and exp.has_current
)

select
    'F02' as rule,
    '{severity}' as severity,
    document_id,
    kind as table_kind,
    current_label as row_label,
    column_name,
    left_value,
    right_value,
    left_value - right_value as difference,
    file_name,
    page,
    title || '：' || current_label || ' ' || {audit}.fmt_amount(current_value, unit_factor)
    || ' + ' || carry_label || ' ' || {audit}.fmt_amount(carry_value, unit_factor)
    || ' = ' || {audit}.fmt_amount(left_value, unit_factor)
    || ' ≠ ' || exp_current_label || ' ' || {audit}.fmt_amount(exp_current_value, unit_factor)
    || ' + ' || exp_carry_label || ' ' || {audit}.fmt_amount(exp_carry_value, unit_factor)
    || ' = ' || {audit}.fmt_amount(right_value, unit_factor)
    || '，相差 ' || {audit}.fmt_amount(abs(left_value - right_value), unit_factor)
    || '（允许舍入误差 ' || {audit}.fmt_amount(tolerance, 1) || '）' as message
from pair
where abs(left_value - right_value) > tolerance
