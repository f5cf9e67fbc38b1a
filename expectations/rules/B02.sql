-- B02 (error): 收入总计 = 本年收入合计 + 上年结转结余, where the carry-over line is printed.
-- Tables: summary (收支总表), income side, budget documents.
-- A row here means the summary's income total is not its current-year income plus
-- carry-over: the document is quarantined until the figure is corrected or the finding is waived
-- against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which lines or columns add up to which: expectations/identities/B02.csv. A blank
-- total with non-blank parts is derived from them (its warning is derived.sql under B02).
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
where ic.rule = 'B02' and not ic.holds
