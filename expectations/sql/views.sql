-- The views the rules read (third of the object files, suites.OBJECTS_SQL, after tables.sql and
-- functions/messages.sql): the cells with their places, every identity evaluated, the figures a
-- narrative sentence may name, and the documents a validation materialises. {audit} as in
-- tables.sql.

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
