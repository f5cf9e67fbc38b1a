-- Drop the working rows of one validation (the scope rows stay as the record): the runner's last
-- call, also after a failed run. Last of the object files (suites.OBJECTS_SQL); {audit} as in
-- tables.sql.
create or replace function {audit}.finish_validation(p_validation_id text)
returns void
language sql
as $$
    delete from {audit}.validation_cell where validation_id = p_validation_id;
    delete from {audit}.validation_row where validation_id = p_validation_id;
    delete from {audit}.validation_identity where validation_id = p_validation_id;
    delete from {audit}.validation_figure where validation_id = p_validation_id;
$$;
