-- B06 (error): 合计 = 本年收入小计 + 上年结转; 小计 = sum of the source columns (财政拨款 or its split
--   一般公共预算 / 政府性基金 / 国有资本经营, 财政专户, 事业, 经营, 上级补助, 附属单位上缴, 其他);
--   财政拨款 = its split where both are printed. Without a 小计 column, 合计 = sources + 上年结转.
-- Tables: income table (收入总表), every row and column, budget documents.
-- A row here means a row's income total is not the sum of its sources: the
-- document is quarantined until the figure is corrected or the finding is waived against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which lines or columns add up to which: expectations/identities/B06.csv. A blank
-- total with non-blank parts is derived from them (its warning is derived.sql under B06).
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
where ic.rule = 'B06' and not ic.holds
