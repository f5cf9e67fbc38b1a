-- {rule_id} (warn): a total printed blank while its parts are not (e.g. the seed's 三公 line
-- 二、公务用车购置及运维费 blank over 公务用车运行维护费 11.00). The catalogue: warn under the rule
-- whose total it is, derive it, and use the derived value in every later rule.
-- Tables: any table with a {rule_id} identity; one row per table row, naming every derived column.
-- The document is accepted; the finding records that the total was omitted and
-- which value the rules used instead. Derivation itself happens in {audit}.prepare_validation.
-- The runner instantiates this file once per rule that can derive a total ({rule_id}).
with derived as (
    select
        c.*,
        row_number() over (
            partition by c.validation_id, c.document_id, c.table_index, c.row_index
            order by array_position(c.columns, c.column_name), c.column_name
        ) as column_order
    from {audit}.effective_cell as c
    inner join {batch} as scope
        on c.validation_id = scope.validation_id and c.document_id = scope.document_id
    where c.derived_by = '{rule_id}'
)

select
    '{rule_id}' as rule,
    '{severity}' as severity,
    main.document_id,
    main.kind as table_kind,
    main.row_label,
    main.column_name,
    null::numeric as left_value,
    main.value as right_value,
    null::numeric as difference,
    main.file_name,
    main.page,
    main.title || '：' || main.row_label || ' 未填列（空白），按其明细推算 '
    || string_agg(
        trim(d.column_label || ' ' || {audit}.fmt_amount(d.value, d.unit_factor)), '，'
        order by d.column_order
    )
    || '，后续核对使用推算值' as message
from derived as main
inner join derived as d
    on main.validation_id = d.validation_id
        and main.document_id = d.document_id
        and main.table_index = d.table_index
        and main.row_index = d.row_index
where main.column_order = 1
group by
    main.document_id, main.kind, main.row_label, main.column_name, main.value, main.file_name,
    main.page, main.title, main.validation_id, main.table_index, main.row_index
