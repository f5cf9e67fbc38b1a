-- F03 (error): final accounts (决算) table rows. Income table (收入决算表) each row: 本年收入合计 =
--   财政拨款收入 + 上级补助收入 + 事业收入 + 经营收入 + 附属单位上缴收入 + 其他收入 (the budget
--   B06 terms: 合计 = 本年收入合计 + 年初结转 where a 合计 column is printed; 财政拨款 = its fund
--   columns where split). Expenditure table (支出决算表) and the general-budget, government-fund and
--   state-capital 决算 tables, each row: 本年支出合计 = 基本支出 + 项目支出 + 上缴上级支出 + 经营支出 +
--   对附属单位补助支出 (the columns each table prints).
-- Tables: income, expenditure, general_budget, government_fund, state_capital of 决算 documents.
-- (B08, B09, B11 and B12 apply to 决算 tables as they are; 三公 checks 预算数 and 决算数 each.)
-- A row here means a row's total is not the sum of its parts: the document is
-- quarantined until the figure is corrected or the finding is waived against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which columns add up to which: expectations/identities/F03.csv. A blank total with
-- non-blank parts is derived from them (its warning is derived.sql under F03).
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
where ic.rule = 'F03' and not ic.holds
