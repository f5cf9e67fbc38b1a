-- The terms of every "total = sum of parts" identity of one validation's tables, listed into
-- {audit}.validation_identity by {audit}.prepare_validation (functions/prepare_validation.sql): the
-- identities of expectations/identities/*.csv ({audit}.identity_definition: sums down lines, sums
-- across columns) and the code hierarchies (B08, B09, B11), which follow from the printed codes.
-- Object files run in the order of suites.OBJECTS_SQL; {audit} as in tables.sql.

-- The rows of one validation (the rows of its tables, validation_row), as each list below reads
-- them. A stable SQL function of one select: the planner inlines it like a view.
create or replace function {audit}.scoped_row(p_validation_id text)
returns setof {audit}.validation_row
language sql
stable
as $$
    select r.*
    from {audit}.validation_row as r
    where r.validation_id = p_validation_id
$$;

-- The columns each row of one validation prints a cell in (blank or not).
create or replace function {audit}.row_column(p_validation_id text)
returns table (document_id text, table_index integer, row_index integer, column_name text)
language sql
stable
as $$
    select c.document_id, c.table_index, c.row_index, c.column_name
    from {audit}.validation_cell as c
    where c.validation_id = p_validation_id
$$;

-- total line = sum of part lines, in every column of the total line (identity_definition, sums
-- 'lines': B02-B05, B10, B12, F01, X08). An identity applies to a total line of its table kind,
-- side and phase, unless a required part line is not printed beside it; a part with unless lines
-- counts only where none of them is printed.
create or replace function {audit}.line_terms(p_validation_id text)
returns setof {audit}.validation_identity
language sql
stable
as $$
    with line_identity as not materialized (
        select d.*
        from {audit}.identity_definition as d
        where d.sums = 'lines'
    ),

    line_instance as (
        select distinct
            li.rule, li.table_kind, li.side, li.total, tot.document_id, tot.table_index, tot.row_index,
            tot.side as row_side
        from line_identity as li
        join {audit}.scoped_row(p_validation_id) as tot
            on tot.kind = li.table_kind
            and tot.line = li.total
            and tot.side is not distinct from coalesce(li.side, tot.side)
            and li.phases in ('all', case when tot.phase = 'final' then 'final' else 'budget' end)
        where not exists (
            select 1
            from line_identity as req
            where req.rule = li.rule
                and req.table_kind = li.table_kind
                and req.side is not distinct from li.side
                and req.total = li.total
                and req.required
                and not exists (
                    select 1
                    from {audit}.scoped_row(p_validation_id) as p
                    where p.document_id = tot.document_id
                        and p.table_index = tot.table_index
                        and p.line = req.part
                        and p.side is not distinct from tot.side
                )
        )
    )

    select
        p_validation_id,
        li.rule,
        inst.document_id,
        inst.table_index,
        inst.row_index as total_row_index,
        rc.column_name as total_column,
        part.row_index as part_row_index,
        rc.column_name as part_column,
        li.depth,
        -- a second panel of the same total (Jiangsu's expenditure by use) is an identity of its own
        case when li.part like 'use.%' then 3 else 1 end as priority,
        part.name as part_label,
        li.group_label,
        part.row_index as part_order
    from line_instance as inst
    join line_identity as li
        on li.rule = inst.rule
        and li.table_kind = inst.table_kind
        and li.side is not distinct from inst.side
        and li.total = inst.total
    join {audit}.scoped_row(p_validation_id) as part
        on part.document_id = inst.document_id
        and part.table_index = inst.table_index
        and part.line = li.part
        and part.side is not distinct from inst.row_side
    join {audit}.row_column(p_validation_id) as rc
        on rc.document_id = inst.document_id
        and rc.table_index = inst.table_index
        and rc.row_index = inst.row_index
    where not exists (
        select 1
        from {audit}.scoped_row(p_validation_id) as u
        where u.document_id = inst.document_id
            and u.table_index = inst.table_index
            and u.line = any(li.unless)
    )
$$;

-- total column = sum of part columns, in every row that prints the total column
-- (identity_definition, sums 'columns': B06, B07, B10, B11, B12, F03). A part counts where its
-- table prints it and none of its unless columns.
create or replace function {audit}.column_terms(p_validation_id text)
returns setof {audit}.validation_identity
language sql
stable
as $$
    select
        p_validation_id,
        ci.rule,
        r.document_id,
        r.table_index,
        r.row_index as total_row_index,
        ci.total as total_column,
        r.row_index as part_row_index,
        ci.part as part_column,
        ci.depth,
        2 as priority,
        {audit}.column_label(r.kind, ci.part) as part_label,
        null::text as group_label,
        array_position(r.columns, ci.part) as part_order
    from {audit}.identity_definition as ci
    join {audit}.scoped_row(p_validation_id) as r
        on r.kind = ci.table_kind
        and ci.part = any(r.columns)
        and not (r.columns && ci.unless)
        and ci.phases in ('all', case when r.phase = 'final' then 'final' else 'budget' end)
    join {audit}.row_column(p_validation_id) as rc
        on rc.document_id = r.document_id
        and rc.table_index = r.table_index
        and rc.row_index = r.row_index
        and rc.column_name = ci.total
    where ci.sums = 'columns'
$$;

-- The function hierarchy (B08) and the economic classes (B11), from the printed codes: 类 = sum of
-- its 款, 款 = sum of its 项 (a 5- or 7-digit code's parent is its code less two digits); a 款 with no
-- 项 printed under it is compared with 0.
create or replace function {audit}.hierarchy_terms(p_validation_id text)
returns setof {audit}.validation_identity
language sql
stable
as $$
    select
        p_validation_id,
        case when parent.kind = 'basic_expenditure' then 'B11' else 'B08' end as rule,
        parent.document_id,
        parent.table_index,
        parent.row_index as total_row_index,
        rc.column_name as total_column,
        child.row_index as part_row_index,
        rc.column_name as part_column,
        case when parent.kind <> 'basic_expenditure' and length(parent.code) = 3 then 2 else 1 end as depth,
        1 as priority,
        child.row_label as part_label,
        case
            when parent.kind = 'basic_expenditure' then '所属经济分类款级科目之和'
            when length(parent.code) = 3 then '所属款级科目之和'
            else '所属项级科目之和'
        end as group_label,
        child.row_index as part_order
    from {audit}.scoped_row(p_validation_id) as parent
    join {audit}.scoped_row(p_validation_id) as child
        on child.document_id = parent.document_id
        and child.table_index = parent.table_index
        and child.parent_code = parent.code
    join {audit}.row_column(p_validation_id) as rc
        on rc.document_id = parent.document_id
        and rc.table_index = parent.table_index
        and rc.row_index = parent.row_index
    where parent.kind in (
        'income', 'expenditure', 'general_budget', 'government_fund', 'state_capital', 'basic_expenditure'
    )

    union all

    -- a 款 with no 项 under it, in a table that prints 项 rows (or a 类 with no 款 under it, in a
    -- table that prints 款 rows), is the empty sum: compared with 0 (B08). One placeholder part
    -- per column (part_column '', no cell): never derives, identity_check sums it as 0. Only rows
    -- whose code fits their level (a 项 misprinted with a 5-digit code, "7 11 02" read as 71102
    -- at level 3, is neither a 款 nor anyone's child). Tables that stop at 款 level: no check.
    select
        p_validation_id,
        'B08' as rule,
        parent.document_id,
        parent.table_index,
        parent.row_index as total_row_index,
        rc.column_name as total_column,
        parent.row_index as part_row_index,
        '' as part_column,
        case when length(parent.code) = 3 then 2 else 1 end as depth,
        1 as priority,
        null::text as part_label,
        case
            when length(parent.code) = 3 then '所属款级科目之和（未列示款级科目）'
            else '所属项级科目之和（未列示项级科目）'
        end as group_label,
        0 as part_order
    from {audit}.scoped_row(p_validation_id) as parent
    join {audit}.row_column(p_validation_id) as rc
        on rc.document_id = parent.document_id
        and rc.table_index = parent.table_index
        and rc.row_index = parent.row_index
    where parent.kind in ('income', 'expenditure', 'general_budget', 'government_fund', 'state_capital')
        and (
            (parent.code ~ '^[0-9]{3}$' and parent.level is not distinct from 1)
            or (parent.code ~ '^[0-9]{5}$' and parent.level is not distinct from 2)
        )
        and exists (
            select 1
            from {audit}.scoped_row(p_validation_id) as other
            where other.document_id = parent.document_id
                and other.table_index = parent.table_index
                and other.level = parent.level + 1
                and length(other.code) = length(parent.code) + 2
                and other.code ~ '^[0-9]+$'
        )
        and not exists (
            select 1
            from {audit}.scoped_row(p_validation_id) as child
            where child.document_id = parent.document_id
                and child.table_index = parent.table_index
                and child.row_index <> parent.row_index
                and child.code like parent.code || '%'
                and length(child.code) > length(parent.code)
        )
$$;

-- The 合计 row = sum of the 类 (3-digit) rows (B09; B11 in the basic-expenditure table), and 决算's
-- two-panel basic-expenditure 合计 row (B11).
create or replace function {audit}.total_row_terms(p_validation_id text)
returns setof {audit}.validation_identity
language sql
stable
as $$
    -- the 合计 row over the 类 (3-digit) rows
    select
        p_validation_id,
        case when parent.kind = 'basic_expenditure' then 'B11' else 'B09' end as rule,
        parent.document_id,
        parent.table_index,
        parent.row_index as total_row_index,
        rc.column_name as total_column,
        child.row_index as part_row_index,
        rc.column_name as part_column,
        case when parent.kind = 'basic_expenditure' then 2 else 3 end as depth,
        1 as priority,
        child.row_label as part_label,
        case when parent.kind = 'basic_expenditure' then '各经济分类类级科目之和' else '各类级科目之和' end
            as group_label,
        child.row_index as part_order
    from {audit}.scoped_row(p_validation_id) as parent
    join {audit}.scoped_row(p_validation_id) as child
        on child.document_id = parent.document_id
        and child.table_index = parent.table_index
        and child.level = 1
        and child.code ~ '^[0-9]{3}$'
    join {audit}.row_column(p_validation_id) as rc
        on rc.document_id = parent.document_id
        and rc.table_index = parent.table_index
        and rc.row_index = parent.row_index
    where parent.level = 0
        and parent.code is null
        and parent.kind in (
            'income', 'expenditure', 'general_budget', 'government_fund', 'state_capital', 'basic_expenditure'
        )

    union all

    -- 决算's two-panel basic-expenditure table: each class prints one amount (total, 决算数) and
    -- the 合计 row only 人员经费合计 | 公用经费合计. 人员经费 = classes 301 and 303, 公用经费 = the
    -- other classes (302, 307, 310, 399 …), each summed from the classes' one amount.
    select
        p_validation_id,
        'B11' as rule,
        parent.document_id,
        parent.table_index,
        parent.row_index as total_row_index,
        rc.column_name as total_column,
        child.row_index as part_row_index,
        'total' as part_column,
        2 as depth,
        1 as priority,
        child.row_label as part_label,
        case when rc.column_name = 'personnel' then '人员经费类级科目（301、303）之和'
             else '公用经费类级科目（301、303 以外）之和' end as group_label,
        child.row_index as part_order
    from {audit}.scoped_row(p_validation_id) as parent
    join {audit}.row_column(p_validation_id) as rc
        on rc.document_id = parent.document_id
        and rc.table_index = parent.table_index
        and rc.row_index = parent.row_index
        and rc.column_name in ('personnel', 'public')
    join {audit}.scoped_row(p_validation_id) as child
        on child.document_id = parent.document_id
        and child.table_index = parent.table_index
        and child.level = 1
        and child.code ~ '^[0-9]{3}$'
        and (child.code in ('301', '303')) = (rc.column_name = 'personnel')
    where parent.kind = 'basic_expenditure'
        and parent.level = 0
        and parent.code is null
        and not exists (
            select 1
            from {audit}.row_column(p_validation_id) as t
            where t.document_id = parent.document_id
                and t.table_index = parent.table_index
                and t.row_index = parent.row_index
                and t.column_name = 'total'
        )
$$;
