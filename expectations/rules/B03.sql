-- B03 (error): 支出总计 = 本年支出合计 + 年终结转结余 (the year-end line counts as 0 where it is not printed).
-- Tables: summary (收支总表), expenditure side, budget documents.
-- A row here means the summary's expenditure total is not its current-year
-- spending plus the year-end balance: the document is quarantined until the figure is corrected or
-- the finding is waived against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which lines or columns add up to which: expectations/identities/B03.csv. A blank
-- total with non-blank parts is derived from them (its warning is derived.sql under B03).
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
where ic.rule = 'B03' and not ic.holds
