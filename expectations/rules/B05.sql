-- B05 (error): 本年支出合计 = sum of the function (类) lines.
-- Tables: summary (收支总表), expenditure side, budget documents.
-- A row here means the current-year spending total is not the sum of the function
-- lines: the document is quarantined until the figure is corrected or the finding is waived against
-- the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which lines or columns add up to which: expectations/identities/B05.csv. A blank
-- total with non-blank parts is derived from them (its warning is derived.sql under B05).
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
where ic.rule = 'B05' and not ic.holds
