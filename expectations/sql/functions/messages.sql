-- Message helpers of the rules (second of the object files, suites.OBJECTS_SQL): amounts as a clerk
-- reads them, column headings, "left ≠ right" sentences. {audit} as in tables.sql.

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

-- The printed heading of a canonical column, for messages. The headings are one list,
-- ingest/reference/column_labels.csv (`budgetwh validate` prints the same), written into this body
-- as a case expression by expectations/suites.py (column_label_case) when the objects are made.
create or replace function {audit}.column_label(kind text, column_name text)
returns text
language sql
immutable
as $$
    select {column_labels}
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
