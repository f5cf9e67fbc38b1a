-- B11 (error): each row 合计 = 人员经费 + 公用经费; each class (301, 302, 303 …) = sum of its 5-digit
--   items; 合计 row = sum of the classes; in every column.
-- Tables: basic-expenditure table (基本支出表, economic classification), all phases.
-- A row here means the basic-expenditure table does not add up: the document is
-- quarantined until the figure is corrected or the finding is waived against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms: the columns in expectations/identities/B11.csv; the classes and the 合计 row follow
-- from the printed codes ({audit}.hierarchy_terms, total_row_terms in
-- expectations/sql/functions/prepare_identities.sql). A blank total with non-blank parts is derived
-- from them (its warning is derived.sql under B11).
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
where ic.rule = 'B11' and not ic.holds
