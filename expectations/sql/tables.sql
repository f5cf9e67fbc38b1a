-- The tables the balance rules read, created in the audit schema of a (raw, audit) pair: first of
-- the object files (the order is suites.OBJECTS_SQL: tables.sql, functions/messages.sql, views.sql,
-- functions/prepare_*.sql, functions/prepare_validation.sql, functions/finish_validation.sql).
--
-- Placeholders: {raw} and {audit} are replaced by expectations/suites.py (plain schema names,
-- checked against [a-z_][a-z0-9_]*), so the same text serves raw/audit and a scratch pair of
-- `budgetwh validate`. Safe to run again: every statement is create-if-missing.
--
-- How one validation works (expectations/run.py):
--   1. the identity terms of expectations/identities/*.csv are written to
--      {audit}.identity_definition (run.ensure_objects, with these objects);
--   2. the documents to validate go into {audit}.validation_scope under a fresh validation_id;
--   3. {audit}.prepare_validation(validation_id) copies their cells into {audit}.validation_cell,
--      lists every "total = sum of parts" term of their tables into {audit}.validation_identity
--      (the identity definitions, the code hierarchy of B08, B09 and B11), and derives blank totals
--      whose parts are not blank (the catalogue: "derive it, and use the derived value in every
--      later rule");
--   4. Great Expectations runs expectations/rules/*.sql: each joins {batch} (the scope rows of this
--      validation) and reads {audit}.effective_cell / {audit}.identity_check;
--   5. the runner deletes this validation's working rows (finish_validation; the scope rows stay:
--      they record what was validated when).
-- Materialising per validation keeps every rule query proportional to the documents validated,
-- not to the whole raw schema.

create table if not exists {audit}.validation_scope (
    validation_id text not null,
    load_id text not null,
    document_id text not null,
    scoped_at timestamptz not null default now(),
    primary key (validation_id, document_id)
);

-- Documents a validated document is compared with but that are not validated themselves (N03):
-- last year's document of the same department key, phase and scope (relation prior_year), the
-- newest one whose latest decision is accepted or that is validated in the same validation (where
-- it is also a validated document). prepare_validation materialises their rows and
-- cells beside the validated ones, so {audit}.named_figure holds their figures too; no rule
-- reports on them (every rule joins {batch}, the scope). Kept after the validation, like the
-- scope rows: they record what was compared with what.
create table if not exists {audit}.validation_reference (
    validation_id text not null,
    document_id text not null,
    relation text not null,
    reference_document_id text not null,
    reference_year integer,
    primary key (validation_id, document_id, relation)
);

-- One row per cell of a validated document: as printed, or derived (derived_by = the rule whose
-- total it is). value is the amount in 元 with blank = 0; half_unit its tolerance in 元.
create table if not exists {audit}.validation_cell (
    validation_id text not null,
    document_id text not null,
    table_index integer not null,
    row_index integer not null,
    column_name text not null,
    printed_amount numeric(20, 2),
    is_blank boolean not null,
    value numeric not null,
    half_unit numeric not null,
    derived_by text,
    primary key (validation_id, document_id, table_index, row_index, column_name)
);

-- One row per table row of a validated document, with its table's attributes.
-- is_primary: the first table of its kind in the document (cross-table rules compare those).
create table if not exists {audit}.validation_row (
    validation_id text not null,
    document_id text not null,
    year integer,
    phase text,
    table_index integer not null,
    kind text not null,
    title text not null,
    unit_factor integer not null,
    columns text[] not null,
    file_name text,
    page integer,
    row_index integer not null,
    code text,
    parent_code text,
    level integer,
    line text,
    side text,
    name text not null,
    row_label text not null,
    is_primary boolean not null,
    primary key (validation_id, document_id, table_index, row_index)
);
create index if not exists validation_row_line
on {audit}.validation_row (validation_id, document_id, table_index, line);
create index if not exists validation_row_parent
on {audit}.validation_row (validation_id, document_id, table_index, parent_code);

-- One row per part of an identity "total cell = sum of part cells" (rules B02-B12, F01, F03,
-- X08) in one validation's tables. An identity is (rule, total cell, priority): priority 1 sums
-- down a column (lines, code hierarchy), 2 across a row (columns), 3 a second panel of lines
-- (Jiangsu's expenditure by use); a cell may be the total of more than one. depth orders
-- derivation (parts of depth n are totals of depth < n); a blank cell that is the total of two
-- identities is derived by the one of smaller priority number (down the column first).
create table if not exists {audit}.validation_identity (
    validation_id text not null,
    rule text not null,
    document_id text not null,
    table_index integer not null,
    total_row_index integer not null,
    total_column text not null,
    part_row_index integer not null,
    part_column text not null,
    depth integer not null,
    priority integer not null,
    part_label text,
    group_label text,
    part_order integer
);
create index if not exists validation_identity_total
on {audit}.validation_identity (
    validation_id, document_id, table_index, total_row_index, total_column
);

-- The "total = sum of parts" identities of the rules, one row per term: the files
-- expectations/identities/<rule>.csv (their columns: expectations/identities/README.md), written
-- here with these objects at every validation (suites.objects_sql). sums 'lines': the total line =
-- the sum of the part lines, in every column the total line prints; 'columns': the total column =
-- the sum of the part columns, in every row that prints the total column. required: the identity
-- is checked only where that part line is printed. unless: the part counts only where none of
-- these lines (columns) is printed. phases: the documents it applies to (budget: 预算, final: 决算,
-- all).
create table if not exists {audit}.identity_definition (
    rule text not null,
    term_index integer not null,
    sums text not null check (sums in ('lines', 'columns')),
    table_kind text not null,
    side text,
    total text not null,
    part text not null,
    depth integer not null,
    required boolean not null,
    unless text[] not null,
    group_label text,
    phases text not null check (phases in ('budget', 'final', 'all')),
    primary key (rule, term_index)
);
