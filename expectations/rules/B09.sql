-- B09 (error): 合计 row = sum of the 类 (3-digit) rows.
-- Tables: income, expenditure, general-budget, government-fund, state-capital tables, every column.
-- A row here means a table's total row is not the sum of its function classes: the
-- document is quarantined until the figure is corrected or the finding is waived against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms follow from the printed codes: {audit}.total_row_terms
-- (expectations/sql/functions/prepare_identities.sql). A blank total with non-blank parts is
-- derived from them (its warning is derived.sql under B09).
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
where ic.rule = 'B09' and not ic.holds
