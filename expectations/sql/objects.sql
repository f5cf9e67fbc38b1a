-- The objects the balance rules read, created in the audit schema of a (raw, audit) pair.
--
-- Placeholders: {raw} and {audit} are replaced by expectations/run.py (plain schema names, checked
-- against [a-z_][a-z0-9_]*), so the same text serves raw/audit and a scratch pair of
-- `budgetwh validate`. Safe to run again: every statement is create-if-missing or
-- create-or-replace.
--
-- How one validation works (expectations/run.py):
--   1. the documents to validate go into {audit}.validation_scope under a fresh validation_id;
--   2. {audit}.prepare_validation(validation_id) copies their cells into {audit}.validation_cell,
--      lists every "total = sum of parts" term of rules B02-B12 and X08 into
--      {audit}.validation_identity, and derives blank totals whose parts are not blank (the
--      catalogue: "derive it, and use the derived value in every later rule");
--   3. Great Expectations runs expectations/rules/*.sql: each joins {batch} (the scope rows of this
--      validation) and reads {audit}.effective_cell / {audit}.identity_check;
--   4. the runner deletes this validation's rows from validation_cell and validation_identity
--      (the scope rows stay: they record what was validated when).
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

-- One row per part of an identity "total cell = sum of part cells" (rules B02-B12, X08). An
-- identity is (rule, total cell, priority): priority 1 sums down a column (lines, code hierarchy),
-- 2 across a row (columns); a cell may be the total of one of each. depth orders derivation (parts
-- of depth n are totals of depth < n); a blank cell that is the total of both identities is
-- derived down the column.
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

-- An amount in 元 as a clerk reads it in the table's own unit: 1029.59万元, 0.005万元, 12.30元.
create or replace function {audit}.fmt_amount(amount numeric, unit_factor integer)
returns text
language sql
immutable
as $$
    select case
        when amount is null then '空白'
        else
            case
                when scale(trim_scale(amount / coalesce(nullif(unit_factor, 0), 1))) <= 2
                    then to_char(amount / coalesce(nullif(unit_factor, 0), 1), 'FM999999999999990.00')
                else trim_scale(amount / coalesce(nullif(unit_factor, 0), 1))::text
            end
            || case when unit_factor = 10000 then '万元' else '元' end
    end
$$;

-- The printed heading of a canonical column (ingest/vocabulary.py), for messages.
create or replace function {audit}.column_label(kind text, column_name text)
returns text
language sql
immutable
as $$
    select case column_name
        when 'amount' then ''
        when 'total' then '合计'
        when 'current_income' then '本年收入小计'
        when 'fiscal_appropriation' then '财政拨款收入'
        when 'general_budget' then case when kind = 'income' then '一般公共预算拨款' else '一般公共预算' end
        when 'government_fund' then '政府性基金预算'
        when 'state_capital' then '国有资本经营预算'
        when 'fiscal_special' then '财政专户管理资金收入'
        when 'business' then '事业收入'
        when 'operating' then case when kind = 'income' then '事业单位经营收入' else '经营支出' end
        when 'superior_subsidy' then '上级补助收入'
        when 'subordinate_remit' then '附属单位上缴收入'
        when 'other' then '其他收入'
        when 'carry_over' then '上年结转'
        when 'basic' then '基本支出'
        when 'project' then '项目支出'
        when 'remit_superior' then '上缴上级支出'
        when 'subsidy_subordinate' then '对附属单位补助支出'
        when 'reserve' then '单位预留机动经费'
        when 'personnel' then '人员经费'
        when 'public' then '公用经费'
        when 'value' then '价值'
        when 'budget' then '预算数'
        else column_name
    end
$$;

-- "left ≠ right" in one sentence a finance clerk reads.
create or replace function {audit}.mismatch_message(
    left_place text, left_value numeric, right_place text, right_value numeric, unit_factor integer
)
returns text
language sql
immutable
as $$
    select left_place || ' ' || {audit}.fmt_amount(left_value, unit_factor)
        || ' ≠ ' || right_place || ' ' || {audit}.fmt_amount(right_value, unit_factor)
        || '，相差 ' || {audit}.fmt_amount(abs(left_value - right_value), unit_factor)
$$;

-- Two narrative facts state their figures in one sentence (N01 shares, N03, N05).
-- ingest/narrative.py records each fact's sentence; a sentence that only continues the one before
-- it (与上年相比增加… after 基本支出预算数为…。) may be recorded joined to it for some of its facts,
-- so one sentence containing the other counts as the same.
create or replace function {audit}.same_sentence(a text, b text)
returns boolean
language sql
immutable
as $$
    select a = b or strpos(a, b) > 0 or strpos(b, a) > 0
$$;

-- The cells a rule compares: printed or derived value (blank = 0), tolerance, and where it sits.
create or replace view {audit}.effective_cell as
select
    r.validation_id,
    r.document_id,
    r.year,
    r.phase,
    r.table_index,
    r.kind,
    r.title,
    r.unit_factor,
    r.columns,
    r.file_name,
    r.page,
    r.row_index,
    r.code,
    r.level,
    r.line,
    r.side,
    r.name,
    r.row_label,
    r.is_primary,
    c.column_name,
    {audit}.column_label(r.kind, c.column_name) as column_label,
    c.printed_amount,
    c.is_blank,
    c.value,
    c.half_unit,
    c.derived_by
from {audit}.validation_cell as c
inner join {audit}.validation_row as r
    on c.validation_id = r.validation_id
        and c.document_id = r.document_id
        and c.table_index = r.table_index
        and c.row_index = r.row_index;

-- Every "total = sum of parts" identity of the validated documents, evaluated with the catalogue's
-- tolerance: it holds when |left - right| <= the half-units of the total and of every part.
create or replace view {audit}.identity_check as
with term as (
    select
        t.validation_id,
        t.rule,
        t.document_id,
        t.table_index,
        t.total_row_index,
        t.total_column,
        t.priority,
        coalesce(sum(p.value), 0) as right_value,
        coalesce(sum(p.half_unit), 0) as parts_half_unit,
        coalesce(
            max(t.group_label), string_agg(t.part_label, ' + ' order by t.part_order, t.part_label)
        ) as parts_label
    from {audit}.validation_identity as t
    left join {audit}.validation_cell as p
        on t.validation_id = p.validation_id
            and t.document_id = p.document_id
            and t.table_index = p.table_index
            and t.part_row_index = p.row_index
            and t.part_column = p.column_name
    -- part_column '' is the empty sum (a printed 款 with no 项 under it, B08): the total against 0
    where p.row_index is not null or t.part_column = ''
    group by
        t.validation_id,
        t.rule,
        t.document_id,
        t.table_index,
        t.total_row_index,
        t.total_column,
        t.priority
)

select
    term.validation_id,
    term.rule,
    term.document_id,
    tot.kind as table_kind,
    tot.title,
    tot.unit_factor,
    tot.file_name,
    tot.page,
    tot.row_label,
    term.total_column as column_name,
    tot.value as left_value,
    term.right_value,
    tot.value - term.right_value as difference,
    tot.half_unit + term.parts_half_unit as tolerance,
    abs(tot.value - term.right_value) <= tot.half_unit + term.parts_half_unit as holds,
    tot.derived_by,
    term.priority,
    term.parts_label,
    tot.title || '：' || {audit}.mismatch_message(
        trim(tot.row_label || ' ' || tot.column_label), tot.value,
        term.parts_label, term.right_value, tot.unit_factor
    ) || '（允许舍入误差 ' || {audit}.fmt_amount(tot.half_unit + term.parts_half_unit, 1) || '）' as message
from term
inner join {audit}.effective_cell as tot
    on term.validation_id = tot.validation_id
        and term.document_id = tot.document_id
        and term.table_index = tot.table_index
        and term.total_row_index = tot.row_index
        and term.total_column = tot.column_name;

-- The figures a narrative sentence may name (N01, N02), from the primary tables: one cell, or the
-- sum of a few lines (财政拨款收入 = the three fund lines; 单位资金 = the non-appropriation lines).
-- Keys are the fact kinds of ingest/narrative.py. preference orders alternatives (三公 小计, else 合计).
create or replace view {audit}.named_figure_live as
with figure_source (figure, kind, side, line, column_name, level, preference) as (
    values
    ('income_total', 'summary', 'income', 'grand_total', 'amount', null::integer, 1),
    ('current_year_income', 'summary', 'income', 'current_year_total', 'amount', null, 1),
    ('general_budget_income', 'summary', 'income', 'general_budget', 'amount', null, 1),
    ('government_fund_income', 'summary', 'income', 'government_fund', 'amount', null, 1),
    ('state_capital_income', 'summary', 'income', 'state_capital', 'amount', null, 1),
    ('fiscal_appropriation_income', 'summary', 'income', 'general_budget', 'amount', null, 1),
    ('fiscal_appropriation_income', 'summary', 'income', 'government_fund', 'amount', null, 1),
    ('fiscal_appropriation_income', 'summary', 'income', 'state_capital', 'amount', null, 1),
    ('fiscal_special_income', 'summary', 'income', 'fiscal_special', 'amount', null, 1),
    ('unit_funds_income', 'summary', 'income', 'business', 'amount', null, 1),
    ('unit_funds_income', 'summary', 'income', 'operating', 'amount', null, 1),
    ('unit_funds_income', 'summary', 'income', 'superior_subsidy', 'amount', null, 1),
    ('unit_funds_income', 'summary', 'income', 'subordinate_remit', 'amount', null, 1),
    ('unit_funds_income', 'summary', 'income', 'other', 'amount', null, 1),
    ('carry_over', 'summary', 'income', 'carry_over', 'amount', null, 1),
    ('expenditure_total', 'summary', 'expenditure', 'grand_total', 'amount', null, 1),
    ('current_year_expenditure', 'summary', 'expenditure', 'current_year_total', 'amount', null, 1),
    ('basic_expenditure', 'expenditure', null, 'total', 'basic', 0, 1),
    ('project_expenditure', 'expenditure', null, 'total', 'project', 0, 1),
    ('personnel_expenditure', 'basic_expenditure', null, 'total', 'personnel', 0, 1),
    ('public_expenditure', 'basic_expenditure', null, 'total', 'public', 0, 1),
    ('three_public_total', 'three_public', null, 'subtotal', 'total', null, 1),
    ('three_public_total', 'three_public', null, 'total', 'total', null, 2),
    ('three_public.abroad', 'three_public', null, 'abroad', 'total', null, 1),
    ('three_public.car', 'three_public', null, 'car', 'total', null, 1),
    ('three_public.car.purchase', 'three_public', null, 'car.purchase', 'total', null, 1),
    ('three_public.car.operation', 'three_public', null, 'car.operation', 'total', null, 1),
    ('three_public.reception', 'three_public', null, 'reception', 'total', null, 1),
    ('operating_costs', 'three_public', null, 'operating_costs', 'total', null, 1),
    ('procurement_total', 'procurement', null, 'total', 'total', 0, 1),
    ('fixed_assets_total', 'fixed_assets', null, 'total', 'value', null, 1)
),

candidate as (
    select
        c.validation_id,
        c.document_id,
        f.figure,
        f.preference,
        min(c.kind) as table_kind,
        min(c.title) as title,
        string_agg(trim(c.row_label || ' ' || c.column_label), ' + ' order by c.row_index)
            as row_label,
        min(c.column_name) as column_name,
        min(c.unit_factor) as unit_factor,
        min(c.file_name) as file_name,
        min(c.page) as page,
        sum(c.value) as value,
        sum(c.half_unit) as half_unit
    from {audit}.effective_cell as c
    inner join figure_source as f
        on c.kind = f.kind
            and c.side is not distinct from coalesce(f.side, c.side)
            and c.line = f.line
            and c.column_name = f.column_name
            and c.level is not distinct from coalesce(f.level, c.level)
    where c.is_primary
    group by c.validation_id, c.document_id, f.figure, f.preference
)

select distinct on (validation_id, document_id, figure)
    validation_id,
    document_id,
    figure,
    table_kind,
    title,
    row_label,
    column_name,
    unit_factor,
    file_name,
    page,
    value,
    half_unit
from candidate
order by validation_id, document_id, figure, preference;

-- named_figure, as the rules read it: named_figure_live materialised per validation at the end of
-- prepare_validation, and analysed. Over the views the planner has no statistics: it estimated one
-- row and joined N03's 8,000 changes with the figures of 1,000 documents on the validation id
-- alone (over an hour; 0.3 s from this table, bench/validate_scale.py). When named_figure_live's
-- columns change, the table (and this view) are made again.
do $$
begin
    if to_regclass('{audit}.validation_figure') is not null and (
        select string_agg(column_name || ' ' || data_type, ', ' order by ordinal_position)
        from information_schema.columns
        where table_schema = '{audit}' and table_name = 'validation_figure'
    ) is distinct from (
        select string_agg(column_name || ' ' || data_type, ', ' order by ordinal_position)
        from information_schema.columns
        where table_schema = '{audit}' and table_name = 'named_figure_live'
    ) then
        drop table {audit}.validation_figure cascade;
    end if;
end
$$;

create table if not exists {audit}.validation_figure as
select * from {audit}.named_figure_live with no data;
create index if not exists validation_figure_figure
on {audit}.validation_figure (validation_id, document_id, figure);

create or replace view {audit}.named_figure as
select * from {audit}.validation_figure;

-- The documents whose rows and cells a validation materialises: the validated ones (its scope) and
-- the ones they are compared with (validation_reference). A view, so prepare_validation names the
-- set once; the validation id given outside is pushed into both branches.
create or replace view {audit}.validation_document as
select
    validation_id,
    document_id
from {audit}.validation_scope
union
select
    validation_id,
    reference_document_id
from {audit}.validation_reference;

-- Fill validation_cell and validation_identity for one validation and derive blank totals.
create or replace function {audit}.prepare_validation(p_validation_id text)
returns integer
language plpgsql
as $$
declare
    v_depth integer;
    v_derived integer := 0;
    v_count integer;
    v_table text;
begin
    delete from {audit}.validation_reference where validation_id = p_validation_id;

    -- Working rows of this validation from an earlier try, and of a validation whose process died
    -- before finish_validation (they would be scanned — analyze, derivation — by every later
    -- validation): drop those of validations scoped over a day ago (a run times out after 3
    -- hours). Normally there are none and this costs nothing.
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

    -- last year's document of each validated one (N03): same department key, phase and scope,
    -- year - 1, latest decision accepted or validated now (a first load of several years is
    -- decided in one validation, and each document only once); the newest loaded when there are
    -- several
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

    insert into {audit}.validation_identity (
        validation_id, rule, document_id, table_index, total_row_index, total_column,
        part_row_index, part_column, depth, priority, part_label, group_label, part_order
    )
    with scoped_row as not materialized (
        select r.*
        from {audit}.validation_row as r
        where r.validation_id = p_validation_id
    ),

    row_column as not materialized (
        select c.document_id, c.table_index, c.row_index, c.column_name
        from {audit}.validation_cell as c
        where c.validation_id = p_validation_id
    ),

    -- total line = sum of part lines, in every column of the total line.
    -- required: the identity is checked only where that part line is printed;
    -- unless_line: the part counts only where that line is not printed.
    -- phases: the documents it applies to (budget: 预算, final: 决算, all).
    line_identity (rule, kind, side, total_line, part_line, depth, required, unless_line, group_label,
                   phases) as (
        values
            ('B02', 'summary', 'income', 'grand_total', 'current_year_total', 2, true, null, null, 'budget'),
            ('B02', 'summary', 'income', 'grand_total', 'carry_over', 2, true, null, null, 'budget'),
            ('B03', 'summary', 'expenditure', 'grand_total', 'current_year_total', 2, true, null, null, 'budget'),
            ('B03', 'summary', 'expenditure', 'grand_total', 'year_end_carry', 2, false, null, null, 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'general_budget', 1, false, null, '各项收入之和', 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'government_fund', 1, false, null, '各项收入之和', 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'state_capital', 1, false, null, '各项收入之和', 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'fiscal_special', 1, false, null, '各项收入之和', 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'business', 1, false, null, '各项收入之和', 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'operating', 1, false, null, '各项收入之和', 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'superior_subsidy', 1, false, null, '各项收入之和', 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'subordinate_remit', 1, false, null, '各项收入之和', 'budget'),
            ('B04', 'summary', 'income', 'current_year_total', 'other', 1, false, null, '各项收入之和', 'budget'),
            ('B05', 'summary', 'expenditure', 'current_year_total', 'function', 1, false, null, '各功能分类支出之和', 'budget'),
            -- Jiangsu's second panel, by use: its own identity on the same total (priority 3)
            ('B05', 'summary', 'expenditure', 'current_year_total', 'use.basic', 1, false, null, '各支出用途之和', 'budget'),
            ('B05', 'summary', 'expenditure', 'current_year_total', 'use.project', 1, false, null, '各支出用途之和', 'budget'),
            ('B05', 'summary', 'expenditure', 'current_year_total', 'use.reserve', 1, false, null, '各支出用途之和', 'budget'),
            ('B10', 'fiscal_summary', 'income', 'current_year_total', 'general_budget', 1, false, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'income', 'current_year_total', 'government_fund', 1, false, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'income', 'current_year_total', 'state_capital', 1, false, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'income', 'carry_over', 'carry_over.general_budget', 1, false, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'income', 'carry_over', 'carry_over.government_fund', 1, false, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'income', 'carry_over', 'carry_over.state_capital', 1, false, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'income', 'grand_total', 'current_year_total', 2, true, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'income', 'grand_total', 'carry_over', 2, false, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'expenditure', 'current_year_total', 'function', 1, false, null, '各功能分类支出之和', 'budget'),
            ('B10', 'fiscal_summary', 'expenditure', 'grand_total', 'current_year_total', 2, true, null, null, 'budget'),
            ('B10', 'fiscal_summary', 'expenditure', 'grand_total', 'year_end_carry', 2, false, null, null, 'budget'),
            ('F01', 'summary', 'income', 'grand_total', 'current_year_total', 2, true, null, null, 'final'),
            ('F01', 'summary', 'income', 'grand_total', 'non_fiscal_balance', 2, false, null, null, 'final'),
            ('F01', 'summary', 'income', 'grand_total', 'carry_over', 2, false, null, null, 'final'),
            ('F01', 'summary', 'expenditure', 'grand_total', 'current_year_total', 2, true, null, null, 'final'),
            ('F01', 'summary', 'expenditure', 'grand_total', 'balance_distribution', 2, false, null, null, 'final'),
            ('F01', 'summary', 'expenditure', 'grand_total', 'year_end_carry', 2, false, null, null, 'final'),
            ('B12', 'three_public', null, 'car', 'car.purchase', 1, false, null, null, 'all'),
            ('B12', 'three_public', null, 'car', 'car.operation', 1, false, null, null, 'all'),
            ('B12', 'three_public', null, 'abroad', 'abroad.teaching', 1, false, null, null, 'all'),
            ('B12', 'three_public', null, 'abroad', 'abroad.other', 1, false, null, null, 'all'),
            ('B12', 'three_public', null, 'subtotal', 'abroad', 2, false, null, null, 'all'),
            ('B12', 'three_public', null, 'subtotal', 'car', 2, false, null, null, 'all'),
            ('B12', 'three_public', null, 'subtotal', 'reception', 2, false, null, null, 'all'),
            ('B12', 'three_public', null, 'total', 'subtotal', 3, false, null, null, 'all'),
            ('B12', 'three_public', null, 'total', 'abroad', 3, false, 'subtotal', null, 'all'),
            ('B12', 'three_public', null, 'total', 'car', 3, false, 'subtotal', null, 'all'),
            ('B12', 'three_public', null, 'total', 'reception', 3, false, 'subtotal', null, 'all'),
            ('B12', 'three_public', null, 'total', 'meeting', 3, false, null, null, 'all'),
            ('B12', 'three_public', null, 'total', 'training', 3, false, null, null, 'all'),
            ('X08', 'fixed_assets', null, 'total', 'buildings', 1, false, null, null, 'all'),
            ('X08', 'fixed_assets', null, 'total', 'vehicles', 1, false, null, null, 'all'),
            ('X08', 'fixed_assets', null, 'total', 'equipment', 1, false, null, null, 'all'),
            ('X08', 'fixed_assets', null, 'total', 'other', 1, false, null, null, 'all')
    ),

    line_instance as (
        select distinct
            li.rule, li.kind, li.side, li.total_line, tot.document_id, tot.table_index, tot.row_index,
            tot.side as row_side
        from line_identity as li
        join scoped_row as tot
            on tot.kind = li.kind
            and tot.line = li.total_line
            and tot.side is not distinct from coalesce(li.side, tot.side)
            and li.phases in ('all', case when tot.phase = 'final' then 'final' else 'budget' end)
        where not exists (
            select 1
            from line_identity as req
            where req.rule = li.rule
                and req.kind = li.kind
                and req.side is not distinct from li.side
                and req.total_line = li.total_line
                and req.required
                and not exists (
                    select 1
                    from scoped_row as p
                    where p.document_id = tot.document_id
                        and p.table_index = tot.table_index
                        and p.line = req.part_line
                        and p.side is not distinct from tot.side
                )
        )
    ),

    line_term as (
        select
            li.rule,
            inst.document_id,
            inst.table_index,
            inst.row_index as total_row_index,
            rc.column_name as total_column,
            part.row_index as part_row_index,
            rc.column_name as part_column,
            li.depth,
            -- a second panel of the same total (Jiangsu's expenditure by use) is an identity of its own
            case when li.part_line like 'use.%' then 3 else 1 end as priority,
            part.name as part_label,
            li.group_label,
            part.row_index as part_order
        from line_instance as inst
        join line_identity as li
            on li.rule = inst.rule
            and li.kind = inst.kind
            and li.side is not distinct from inst.side
            and li.total_line = inst.total_line
        join scoped_row as part
            on part.document_id = inst.document_id
            and part.table_index = inst.table_index
            and part.line = li.part_line
            and part.side is not distinct from inst.row_side
        join row_column as rc
            on rc.document_id = inst.document_id
            and rc.table_index = inst.table_index
            and rc.row_index = inst.row_index
        where li.unless_line is null
            or not exists (
                select 1
                from scoped_row as u
                where u.document_id = inst.document_id
                    and u.table_index = inst.table_index
                    and u.line = li.unless_line
            )
    ),

    -- 类 = sum of its 款, 款 = sum of its 项 (B08), 合计 = sum of 类 (B09); economic classes (B11).
    hierarchy_term as (
        select
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
        from scoped_row as parent
        join scoped_row as child
            on child.document_id = parent.document_id
            and child.table_index = parent.table_index
            and child.parent_code = parent.code
        join row_column as rc
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
        from scoped_row as parent
        join row_column as rc
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
                from scoped_row as other
                where other.document_id = parent.document_id
                    and other.table_index = parent.table_index
                    and other.level = parent.level + 1
                    and length(other.code) = length(parent.code) + 2
                    and other.code ~ '^[0-9]+$'
            )
            and not exists (
                select 1
                from scoped_row as child
                where child.document_id = parent.document_id
                    and child.table_index = parent.table_index
                    and child.row_index <> parent.row_index
                    and child.code like parent.code || '%'
                    and length(child.code) > length(parent.code)
            )

        union all

        -- the 合计 row over the 类 (3-digit) rows
        select
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
        from scoped_row as parent
        join scoped_row as child
            on child.document_id = parent.document_id
            and child.table_index = parent.table_index
            and child.level = 1
            and child.code ~ '^[0-9]{3}$'
        join row_column as rc
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
        from scoped_row as parent
        join row_column as rc
            on rc.document_id = parent.document_id
            and rc.table_index = parent.table_index
            and rc.row_index = parent.row_index
            and rc.column_name in ('personnel', 'public')
        join scoped_row as child
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
                from row_column as t
                where t.document_id = parent.document_id
                    and t.table_index = parent.table_index
                    and t.row_index = parent.row_index
                    and t.column_name = 'total'
            )
    ),

    -- total column = sum of part columns, in every row that prints the total column.
    -- unless_columns: the part counts only where the table has none of these columns.
    -- phases: the documents it applies to (budget: 预算, final: 决算, all). The income and
    -- expenditure row identities of budgets (B06, B07) are F03 in final accounts (column_identity).
    column_identity_listed (rule, kind, total_column, part_column, depth, unless_columns, phases) as (
        values
            ('B06', 'income', 'fiscal_appropriation', 'general_budget', 1, array[]::text[], 'budget'),
            ('B06', 'income', 'fiscal_appropriation', 'government_fund', 1, array[]::text[], 'budget'),
            ('B06', 'income', 'fiscal_appropriation', 'state_capital', 1, array[]::text[], 'budget'),
            ('B06', 'income', 'current_income', 'fiscal_appropriation', 2, array[]::text[], 'budget'),
            ('B06', 'income', 'current_income', 'general_budget', 2, array['fiscal_appropriation'], 'budget'),
            ('B06', 'income', 'current_income', 'government_fund', 2, array['fiscal_appropriation'], 'budget'),
            ('B06', 'income', 'current_income', 'state_capital', 2, array['fiscal_appropriation'], 'budget'),
            ('B06', 'income', 'current_income', 'fiscal_special', 2, array[]::text[], 'budget'),
            ('B06', 'income', 'current_income', 'business', 2, array[]::text[], 'budget'),
            ('B06', 'income', 'current_income', 'operating', 2, array[]::text[], 'budget'),
            ('B06', 'income', 'current_income', 'superior_subsidy', 2, array[]::text[], 'budget'),
            ('B06', 'income', 'current_income', 'subordinate_remit', 2, array[]::text[], 'budget'),
            ('B06', 'income', 'current_income', 'other', 2, array[]::text[], 'budget'),
            ('B06', 'income', 'total', 'current_income', 3, array[]::text[], 'budget'),
            ('B06', 'income', 'total', 'carry_over', 3, array[]::text[], 'budget'),
            ('B06', 'income', 'total', 'fiscal_appropriation', 3, array['current_income'], 'budget'),
            ('B06', 'income', 'total', 'general_budget', 3, array['current_income', 'fiscal_appropriation'], 'budget'),
            ('B06', 'income', 'total', 'government_fund', 3, array['current_income', 'fiscal_appropriation'], 'budget'),
            ('B06', 'income', 'total', 'state_capital', 3, array['current_income', 'fiscal_appropriation'], 'budget'),
            ('B06', 'income', 'total', 'fiscal_special', 3, array['current_income'], 'budget'),
            ('B06', 'income', 'total', 'business', 3, array['current_income'], 'budget'),
            ('B06', 'income', 'total', 'operating', 3, array['current_income'], 'budget'),
            ('B06', 'income', 'total', 'superior_subsidy', 3, array['current_income'], 'budget'),
            ('B06', 'income', 'total', 'subordinate_remit', 3, array['current_income'], 'budget'),
            ('B06', 'income', 'total', 'other', 3, array['current_income'], 'budget'),
            ('B07', 'expenditure', 'total', 'basic', 1, array[]::text[], 'budget'),
            ('B07', 'expenditure', 'total', 'project', 1, array[]::text[], 'budget'),
            ('B07', 'expenditure', 'total', 'operating', 1, array[]::text[], 'budget'),
            ('B07', 'expenditure', 'total', 'remit_superior', 1, array[]::text[], 'budget'),
            ('B07', 'expenditure', 'total', 'subsidy_subordinate', 1, array[]::text[], 'budget'),
            ('B07', 'expenditure', 'total', 'reserve', 1, array[]::text[], 'budget'),
            ('B07', 'general_budget', 'total', 'basic', 1, array[]::text[], 'budget'),
            ('B07', 'general_budget', 'total', 'project', 1, array[]::text[], 'budget'),
            ('B07', 'government_fund', 'total', 'basic', 1, array[]::text[], 'budget'),
            ('B07', 'government_fund', 'total', 'project', 1, array[]::text[], 'budget'),
            ('B07', 'state_capital', 'total', 'basic', 1, array[]::text[], 'budget'),
            ('B07', 'state_capital', 'total', 'project', 1, array[]::text[], 'budget'),
            ('B10', 'fiscal_summary', 'total', 'general_budget', 1, array[]::text[], 'budget'),
            ('B10', 'fiscal_summary', 'total', 'government_fund', 1, array[]::text[], 'budget'),
            ('B10', 'fiscal_summary', 'total', 'state_capital', 1, array[]::text[], 'budget'),
            ('B11', 'basic_expenditure', 'total', 'personnel', 1, array[]::text[], 'all'),
            ('B11', 'basic_expenditure', 'total', 'public', 1, array[]::text[], 'all'),
            ('B12', 'three_public', 'total', 'general_budget', 1, array[]::text[], 'all'),
            ('B12', 'three_public', 'total', 'government_fund', 1, array[]::text[], 'all'),
            ('B12', 'three_public', 'total', 'state_capital', 1, array[]::text[], 'all')
    ),

    column_identity as (
        select * from column_identity_listed
        union all
        select 'F03', kind, total_column, part_column, depth, unless_columns, 'final'
        from column_identity_listed
        where rule in ('B06', 'B07')
    ),

    column_term as (
        select
            ci.rule,
            r.document_id,
            r.table_index,
            r.row_index as total_row_index,
            ci.total_column,
            r.row_index as part_row_index,
            ci.part_column,
            ci.depth,
            2 as priority,
            {audit}.column_label(r.kind, ci.part_column) as part_label,
            null::text as group_label,
            array_position(r.columns, ci.part_column) as part_order
        from column_identity as ci
        join scoped_row as r
            on r.kind = ci.kind
            and ci.part_column = any(r.columns)
            and not (r.columns && ci.unless_columns)
            and ci.phases in ('all', case when r.phase = 'final' then 'final' else 'budget' end)
        join row_column as rc
            on rc.document_id = r.document_id
            and rc.table_index = r.table_index
            and rc.row_index = r.row_index
            and rc.column_name = ci.total_column
    )

    select p_validation_id, t.*
    from (
        select * from line_term
        union all
        select * from hierarchy_term
        union all
        select * from column_term
    ) as t;

    analyze {audit}.validation_identity;

    -- Derive blank totals whose parts are not blank, depth by depth, so a derived part feeds its
    -- own total (三公: car from its two sub-lines, then 小计 from car). One derivation per cell.
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

    -- the figures the narrative rules read, derived totals included, with statistics (named_figure)
    insert into {audit}.validation_figure
    select * from {audit}.named_figure_live where validation_id = p_validation_id;
    analyze {audit}.validation_figure;

    return v_derived;
end
$$;

-- Drop the working rows of one validation (the scope rows stay as the record).
create or replace function {audit}.finish_validation(p_validation_id text)
returns void
language sql
as $$
    delete from {audit}.validation_cell where validation_id = p_validation_id;
    delete from {audit}.validation_row where validation_id = p_validation_id;
    delete from {audit}.validation_identity where validation_id = p_validation_id;
    delete from {audit}.validation_figure where validation_id = p_validation_id;
$$;
