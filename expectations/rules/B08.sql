-- B08 (error): function hierarchy: 类 (3-digit code) = sum of its 款 (5-digit) rows; 款 = sum of its 项
--   (7-digit) rows. Checked where the children are printed.
-- Tables: income, expenditure, general-budget, government-fund, state-capital tables, every column.
-- A row here means a class or item of the function classification is not the sum
-- of its sub-items: the document is quarantined until the figure is corrected or the finding is
-- waived against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms follow from the printed codes: {audit}.hierarchy_terms
-- (expectations/sql/functions/prepare_identities.sql). A blank total with non-blank parts is
-- derived from them (its warning is derived.sql under B08).
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
where ic.rule = 'B08' and not ic.holds
