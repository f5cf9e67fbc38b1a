-- Derivation of blank totals, a step of {audit}.prepare_validation
-- (functions/prepare_validation.sql), after the identity terms are listed. Object files run in the
-- order of suites.OBJECTS_SQL; {audit} as in tables.sql.

-- Derive blank totals whose parts are not blank, depth by depth, so a derived part feeds its own
-- total (三公: car from its two sub-lines, then 小计 from car). One derivation per cell: where a
-- blank cell is the total of two identities, the one down the column (priority 1) first, then by
-- rule. derived_by names the rule whose total it is (its warning: rules/derived.sql). Returns how
-- many cells were derived.
create or replace function {audit}.derive_blank_totals(p_validation_id text)
returns integer
language plpgsql
as $$
declare
    v_depth integer;
    v_derived integer := 0;
    v_count integer;
begin
    for v_depth in 1..3 loop
        update {audit}.validation_cell as vc
        set value = d.value, half_unit = d.half_unit, derived_by = d.rule
        from (
            select distinct on (s.document_id, s.table_index, s.total_row_index, s.total_column)
                s.document_id, s.table_index, s.total_row_index, s.total_column, s.rule, s.value, s.half_unit
            from (
                select
                    t.rule,
                    t.priority,
                    t.document_id,
                    t.table_index,
                    t.total_row_index,
                    t.total_column,
                    sum(p.value) as value,
                    sum(p.half_unit) as half_unit
                from {audit}.validation_identity as t
                join {audit}.validation_cell as tot
                    on tot.validation_id = t.validation_id
                    and tot.document_id = t.document_id
                    and tot.table_index = t.table_index
                    and tot.row_index = t.total_row_index
                    and tot.column_name = t.total_column
                join {audit}.validation_cell as p
                    on p.validation_id = t.validation_id
                    and p.document_id = t.document_id
                    and p.table_index = t.table_index
                    and p.row_index = t.part_row_index
                    and p.column_name = t.part_column
                where t.validation_id = p_validation_id
                    and t.depth = v_depth
                    and tot.is_blank
                    and tot.derived_by is null
                group by t.rule, t.priority, t.document_id, t.table_index, t.total_row_index, t.total_column
                having bool_or(p.value <> 0)
            ) as s
            order by s.document_id, s.table_index, s.total_row_index, s.total_column, s.priority, s.rule
        ) as d
        where vc.validation_id = p_validation_id
            and vc.document_id = d.document_id
            and vc.table_index = d.table_index
            and vc.row_index = d.total_row_index
            and vc.column_name = d.total_column;
        get diagnostics v_count = row_count;
        v_derived := v_derived + v_count;
    end loop;

    return v_derived;
end
$$;
