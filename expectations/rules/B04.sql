-- B04 (error): 本年收入合计 = sum of the income-source lines (一般公共预算拨款收入 … 其他收入); sub-lines keyed
--   parent.child (carry_over.general_budget) are not sources and are never added twice.
-- Tables: summary (收支总表), income side, budget documents.
-- A row here means the current-year income total is not the sum of its sources:
-- the document is quarantined until the figure is corrected or the finding is waived against the
-- paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which lines or columns add up to which: expectations/identities/B04.csv. A blank
-- total with non-blank parts is derived from them (its warning is derived.sql under B04).
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
where ic.rule = 'B04' and not ic.holds
