-- Fill the working tables of one validation and derive blank totals: the one call run.py makes
-- after writing the scope ({audit}.validation_scope). Each step is a function of its own
-- (functions/prepare_documents.sql, prepare_identities.sql, prepare_derivation.sql); this file runs
-- after them in the order of suites.OBJECTS_SQL. {audit} as in tables.sql.
--
-- 1. the working rows of an earlier try (and of dead validations) are dropped;
-- 2. last year's document of each validated one is found (validation_reference, N03);
-- 3. rows and cells of both are materialised (validation_row, validation_cell);
-- 4. the terms of every identity are listed (validation_identity): lines and columns as
--    expectations/identities/*.csv define them, the code hierarchies, the 合计 rows;
-- 5. blank totals are derived from their parts (the catalogue: warn, derive, use the derived
--    value);
-- 6. the figures the narrative rules read are materialised (validation_figure, named_figure).
-- Returns the number of derived totals.
create or replace function {audit}.prepare_validation(p_validation_id text)
returns integer
language plpgsql
as $$
declare
    v_derived integer;
begin
    perform {audit}.clear_working_rows(p_validation_id);
    perform {audit}.find_prior_year(p_validation_id);
    perform {audit}.materialise_rows(p_validation_id);

    insert into {audit}.validation_identity
    select * from {audit}.line_terms(p_validation_id)
    union all
    select * from {audit}.hierarchy_terms(p_validation_id)
    union all
    select * from {audit}.total_row_terms(p_validation_id)
    union all
    select * from {audit}.column_terms(p_validation_id);
    analyze {audit}.validation_identity;

    v_derived := {audit}.derive_blank_totals(p_validation_id);

    -- the figures the narrative rules read, derived totals included, with statistics (named_figure)
    insert into {audit}.validation_figure
    select * from {audit}.named_figure_live where validation_id = p_validation_id;
    analyze {audit}.validation_figure;

    return v_derived;
end
$$;
