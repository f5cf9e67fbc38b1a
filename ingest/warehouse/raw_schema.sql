-- The raw layer: append-only, one set of rows per document, written once by ingest/warehouse/load.py with COPY.
-- Every value keeps the file, page, table, row and published text it came from.
-- Keys: document_id = sha256 over the sorted content hashes of the source files + reader version
-- (contract.md), so loading the same files with the same reader again finds the id and writes nothing.
-- Nothing here is ever updated or deleted; status changes live in audit.document_status.

create schema if not exists raw;
create schema if not exists audit;

create table if not exists raw.document (
    document_id text primary key,
    document_key text,                 -- department key + year + phase + scope: what a new version supersedes
    department_key text,
    department text,
    department_code text,
    region_province text,
    region_city text,
    region_county text,
    year integer,
    phase text check (phase in ('budget', 'final')),
    scope text check (scope in ('department', 'unit')),
    status text not null check (status in ('parsed', 'rejected')),
    reason text,
    reader_version text not null,
    content_hash text not null,        -- sha256 over the sorted file hashes (no reader version)
    figures jsonb not null,            -- the ten contract figures as printed (元 strings or null)
    contract jsonb not null,           -- the whole contract object as parsed, for `budgetwh validate --json`
    load_id text not null,
    loaded_at timestamptz not null default now()
);

create table if not exists raw.source_file (
    document_id text not null references raw.document (document_id),
    file_name text not null,
    sha256 text not null,
    pages integer,
    format text not null,
    primary key (document_id, file_name)
);

create table if not exists raw.disclosure_table (
    document_id text not null references raw.document (document_id),
    table_index integer not null,
    kind text not null,
    title text not null,
    unit text,
    unit_factor integer,
    file_name text not null,
    page integer,
    columns text[] not null,
    note text,
    primary key (document_id, table_index)
);

create table if not exists raw.table_row (
    document_id text not null,
    table_index integer not null,
    row_index integer not null,
    code text,
    name text not null,
    level integer,
    line text,
    side text,
    page integer,
    source_line integer,
    source_text text not null,
    primary key (document_id, table_index, row_index),
    foreign key (document_id, table_index) references raw.disclosure_table (document_id, table_index)
);

-- One row per printed cell (blank cells too: a blank is evidence, B12 derives omitted totals from it).
create table if not exists raw.table_cell (
    document_id text not null,
    table_index integer not null,
    row_index integer not null,
    column_name text not null,
    amount numeric(20, 2),             -- 元; null when printed blank
    half_unit numeric(20, 4) not null, -- tolerance in 元: half a unit of the last printed digit (0 when blank)
    is_blank boolean not null,
    published_text text not null,
    unit text,
    primary key (document_id, table_index, row_index, column_name),
    foreign key (document_id, table_index, row_index) references raw.table_row (document_id, table_index, row_index)
);

create table if not exists raw.narrative_fact (
    document_id text not null references raw.document (document_id),
    fact_index integer not null,
    kind text not null,
    subject text,
    direction text,
    sentence text not null,
    stated text not null,              -- 元 amount or percentage ("12.50%")
    stated_amount numeric(20, 2),      -- when an amount, in 元
    stated_percent numeric(9, 4),      -- when a percentage
    stated_half_unit numeric(20, 4),   -- tolerance of the printed digits, in 元 or in percentage points
    stated_text text not null,
    unit text,
    file_name text not null,
    page integer,
    source_line integer,
    primary key (document_id, fact_index)
);

create table if not exists raw.performance_target (
    document_id text not null references raw.document (document_id),
    project_index integer not null,
    project text not null,
    goal text,
    funding jsonb,
    file_name text,
    page integer,
    source_line integer,
    primary key (document_id, project_index)
);

create table if not exists raw.performance_indicator (
    document_id text not null,
    project_index integer not null,
    indicator_index integer not null,
    level1 text,
    level2 text,
    level3 text,
    description text,
    value_text text,
    comparator text,
    value numeric,
    unit text,
    quantified boolean not null,
    basis text,
    primary key (document_id, project_index, indicator_index),
    foreign key (document_id, project_index) references raw.performance_target (document_id, project_index)
);

-- The reader's findings (S rules, unreadable cells): judged once, at parse time.
create table if not exists raw.reading_finding (
    document_id text not null references raw.document (document_id),
    finding_index integer not null,
    rule text not null,
    severity text not null check (severity in ('error', 'warn')),
    table_kind text,
    row_label text,
    column_name text,
    left_value text,
    right_value text,
    difference text,
    file_name text,
    page integer,
    message text not null,
    primary key (document_id, finding_index)
);

-- ---------------------------------------------------------------------------------------------
-- audit: what every load saw and decided
create table if not exists audit.load (
    load_id text primary key,
    started_at timestamptz not null default now(),
    finished_at timestamptz,
    inbox text,
    files_seen integer,
    documents_loaded integer,
    documents_skipped integer,
    files_failed integer,
    note text
);

-- How the run of a load ended (added after the first warehouses, so added and backfilled here):
-- running (its run holds the warehouse, or died holding it), finished / failed (its run ended),
-- interrupted (its run died; closed by the next run, named in interrupted_by: ingest/pipeline/run_lock.py).
-- finished_at stays "its files were all recorded"; closed_at is when the run ended or was found dead.
alter table audit.load add column if not exists status text;
alter table audit.load add column if not exists closed_at timestamptz;
alter table audit.load add column if not exists interrupted_by text;
update audit.load set status = case when finished_at is null then 'running' else 'finished' end
where status is null;
alter table audit.load alter column status set default 'running';
alter table audit.load alter column status set not null;
alter table audit.load drop constraint if exists load_status_check;
alter table audit.load add constraint load_status_check
    check (status in ('running', 'finished', 'failed', 'interrupted'));

-- Who holds the warehouse: one row per lease (one, 'budget_nightly'), written under
-- pg_advisory_xact_lock by ingest/pipeline/run_lock.py. A run takes it before it opens its load and
-- gives it back at its summary; a holder that died is judged by its heartbeat, by the advisory lock
-- its process held (holder_backend) and, on its own host, by its pid.
create table if not exists audit.run_lease (
    lease text primary key,
    holder text,                 -- who: the load id, or process:<host>:<pid>:<backend> before it has one
    load_id text,
    host text,
    pid integer,
    holder_backend integer,      -- the server backend holding the process's advisory lock (budgetwh run)
    process_bound boolean not null default false,  -- the holder is one process for the whole run
    started_at timestamptz,
    heartbeat_at timestamptz
);

create table if not exists audit.load_file (
    load_id text not null references audit.load (load_id),
    file_name text not null,
    file_path text not null,
    sha256 text,
    document_id text,
    status text not null check (status in ('loaded', 'already_loaded', 'rejected', 'unreadable', 'failed')),
    tables_count integer,
    rows_count integer,
    cells_count integer,
    parse_seconds numeric(10, 3),
    load_seconds numeric(10, 3),
    error text,
    recorded_at timestamptz not null default now(),
    primary key (load_id, file_path)
);

-- Every finding of every validation (reader S rules copied in, GX rule results), per load.
create table if not exists audit.finding (
    finding_id bigint generated always as identity primary key,
    load_id text not null,
    document_id text not null,
    rule text not null,
    severity text not null check (severity in ('error', 'warn')),
    table_kind text,
    row_label text,
    column_name text,
    left_value numeric,
    right_value numeric,
    difference numeric,
    left_text text,
    right_text text,
    file_name text,
    page integer,
    message text not null,
    found_at timestamptz not null default now()
);
create index if not exists finding_document on audit.finding (document_id);
-- Who is at fault (ingest/reference/finding_kinds.csv, by rule id): reading = the reader could not
-- understand what is printed; document = the printed figures break a rule. Added after the first
-- warehouses: ensure_schema (ingest/warehouse/load.py) fills it for findings recorded before.
alter table audit.finding add column if not exists kind text check (kind in ('reading', 'document'));

-- The decision per document and load: accepted (no unwaived error), unread (an unwaived reading
-- error: the reader could not read it), quarantined (unwaived errors, all of them document defects).
create table if not exists audit.document_status (
    load_id text not null,
    document_id text not null,
    status text not null,
    errors integer not null,
    warnings integer not null,
    decided_at timestamptz not null default now(),
    primary key (load_id, document_id)
);
-- 'unread' came after the first warehouses: the status check is replaced, not only created
alter table audit.document_status drop constraint if exists document_status_status_check;
alter table audit.document_status add constraint document_status_status_check
    check (status in ('accepted', 'unread', 'quarantined'));

-- A person's release of a finding checked against the paper.
create table if not exists audit.waiver (
    document_id text not null,
    rule text not null,
    reason text not null,
    waived_by text not null,
    waived_at timestamptz not null default now(),
    primary key (document_id, rule)
);
