-- X08 (error): 资产总额 = 房屋 + 车辆 + 单价在20万元以上的设备 + 其他固定资产 (其中：办公用房 is part
--   of 房屋, not added again).
-- Tables: fixed-asset table (固定资产占用情况表), value column.
-- A row here means the stated total assets are not the sum of the asset
-- categories: the document is quarantined until the figure is corrected or the finding is waived
-- against the paper.
-- Tolerance: |left - right| <= the half-units of the total and every part (identity_check).
-- The terms, which lines or columns add up to which: expectations/identities/X08.csv. A blank
-- total with non-blank parts is derived from them (its warning is derived.sql under X08).
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
where ic.rule = 'X08' and not ic.holds
