-- B07 (error): 合计 = 基本支出 + 项目支出 (+ 经营支出 + 上缴上级支出 + 对附属单位补助支出 + 单位预留机动经费
--   where the table has those columns).
-- Tables: expenditure, general-budget, government-fund, state-capital tables, every row, budget
-- documents.
-- A row here means a row's total is not the sum of its basic and project spending:
-- the document is quarantined until the figure is corrected or the finding is waived against the
-- paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which lines or columns add up to which: expectations/identities/B07.csv. A blank
-- total with non-blank parts is derived from them (its warning is derived.sql under B07).
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
where ic.rule = 'B07' and not ic.holds
