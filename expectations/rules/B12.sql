-- B12 (error): 小计 = 因公出国(境)费 + 公务用车购置及运行(维护)费 + 公务接待费; car line = 购置费 +
--   运行(维护)费; 因公出国 = its sub-lines; 合计 = 小计 (+ 会议费 + 培训费 where printed);
--   each row's 合计 column = 一般公共预算 + 政府性基金 + 国有资本经营.
--   机关运行经费 printed in the same table is outside all of these.
-- Tables: 三公 table (财政拨款“三公”经费支出表), all phases.
-- A row here means the 三公 figures do not add up: the document is quarantined
-- until the figure is corrected or the finding is waived against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which lines or columns add up to which: expectations/identities/B12.csv. A blank
-- total with non-blank parts is derived from them (its warning is derived.sql under B12).
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
where ic.rule = 'B12' and not ic.holds
