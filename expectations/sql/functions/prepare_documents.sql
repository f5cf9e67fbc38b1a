-- The first steps of {audit}.prepare_validation (functions/prepare_validation.sql): the
-- documents of one validation and their rows and cells, materialised in the working tables of
-- tables.sql. Object files run in the order of suites.OBJECTS_SQL; {raw} and {audit} as in
-- tables.sql.

-- Drop the working rows of this validation from an earlier try, and of a validation whose process
-- died before finish_validation (they would be scanned — analyze, derivation — by every later
-- validation): those of validations scoped over a day ago (a run times out after 3 hours).
-- Normally there are none and this costs nothing.
create or replace function {audit}.clear_working_rows(p_validation_id text)
returns void
language plpgsql
as $$
declare
    v_table text;
begin
    delete from {audit}.validation_reference where validation_id = p_validation_id;

    foreach v_table in array array[
        'validation_cell', 'validation_row', 'validation_identity', 'validation_figure'
    ] loop
        execute format('delete from {audit}.%I where validation_id = $1', v_table) using p_validation_id;
        execute format(
            'delete from {audit}.%I as w where not exists ('
            || 'select 1 from {audit}.validation_scope as s where s.validation_id = w.validation_id'
            || ' and s.scoped_at > now() - interval ''1 day'')',
            v_table
        );
    end loop;
end
$$;

-- Last year's document of each validated one (N03): same department key, phase and scope,
-- year - 1, latest decision accepted or validated now (a first load of several years is decided in
-- one validation, and each document only once); the newest loaded when there are several.
create or replace function {audit}.find_prior_year(p_validation_id text)
returns void
language plpgsql
as $$
begin
    insert into {audit}.validation_reference
    select s.validation_id, d.document_id, 'prior_year', prior.document_id, prior.year
    from {audit}.validation_scope as s
    join {raw}.document as d
        on d.document_id = s.document_id
    join lateral (
        select c.document_id, c.year
        from {raw}.document as c
        where c.department_key = d.department_key
            and c.phase is not distinct from d.phase
            and c.scope is not distinct from d.scope
            and c.year = d.year - 1
            and c.status = 'parsed'
            and (
                exists (
                    select 1
                    from {audit}.validation_scope as now_validated
                    where now_validated.validation_id = p_validation_id
                        and now_validated.document_id = c.document_id
                )
                or (
                    select st.status
                    from {audit}.document_status as st
                    where st.document_id = c.document_id
                    order by st.decided_at desc
                    limit 1
                ) = 'accepted'
            )
        order by c.loaded_at desc, c.document_id
        limit 1
    ) as prior on true
    where s.validation_id = p_validation_id and d.department_key is not null;
end
$$;

-- The rows (with their table's attributes) and cells of the validated documents and of the ones
-- they are compared with ({audit}.validation_document), with statistics.
create or replace function {audit}.materialise_rows(p_validation_id text)
returns void
language plpgsql
as $$
begin
    insert into {audit}.validation_row
    select
        s.validation_id,
        r.document_id,
        d.year,
        d.phase,
        r.table_index,
        t.kind,
        t.title,
        coalesce(t.unit_factor, 1),
        t.columns,
        t.file_name,
        coalesce(r.page, t.page),
        r.row_index,
        r.code,
        case when r.code ~ '^[0-9]+$' and length(r.code) in (5, 7) then left(r.code, length(r.code) - 2) end,
        r.level,
        r.line,
        r.side,
        r.name,
        case when r.code is null then r.name else r.code || ' ' || r.name end,
        t.table_index = min(t.table_index) over (partition by t.document_id, t.kind)
    from {raw}.table_row as r
    join {raw}.disclosure_table as t
        on t.document_id = r.document_id and t.table_index = r.table_index
    join {raw}.document as d
        on d.document_id = r.document_id
    join {audit}.validation_document as s
        on s.document_id = r.document_id
    where s.validation_id = p_validation_id;

    insert into {audit}.validation_cell (
        validation_id, document_id, table_index, row_index, column_name,
        printed_amount, is_blank, value, half_unit
    )
    select
        s.validation_id, c.document_id, c.table_index, c.row_index, c.column_name,
        c.amount, c.is_blank, coalesce(c.amount, 0), coalesce(c.half_unit, 0)
    from {raw}.table_cell as c
    join {audit}.validation_document as s
        on s.document_id = c.document_id
    where s.validation_id = p_validation_id;

    analyze {audit}.validation_row;
    analyze {audit}.validation_cell;
end
$$;
