-- One row per function subject code (支出功能分类) and fiscal year it was seen in published
-- documents: names change over the years, so each year keeps its own name. The hierarchy is
-- read from the code: 类 = 3 digits, 款 = 5, 项 = 7; a 项's parent is the 款 of its first five
-- digits, a 款's parent the 类 of its first three. A parent that no document printed that year
-- is still listed (with a null name), so every parent link resolves.
-- Renames (seed function_subject_renames: 2019 医疗卫生与计划生育支出 → 卫生健康支出 …) keep the
-- code, so a subject is followed across years by its lineage: lineage_sk is the same for every
-- year of a code, and lineage_name is its current name (the seed's new name, else the name
-- printed in the latest year).

with

table_rows as (

    select * from {{ ref('int_budget__rows') }}

),

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

renames as (

    select * from {{ ref('function_subject_renames') }}

),

printed as (

    select
        documents.fiscal_year,
        table_rows.subject_code as function_code,
        table_rows.row_name as function_name,
        count(*) as times_printed
    from table_rows
    inner join documents
        on table_rows.document_id = documents.document_id
    where table_rows.subject_type = 'function'
    group by documents.fiscal_year, table_rows.subject_code, table_rows.row_name

),

named as (

    -- the name printed most often that year (ties: the first in code-point order)
    select
        printed.fiscal_year,
        printed.function_code,
        printed.function_name,
        row_number() over (
            partition by printed.fiscal_year, printed.function_code
            order by printed.times_printed desc, printed.function_name asc
        ) as name_rank,
        count(*) over (
            partition by printed.fiscal_year, printed.function_code
        ) as names_printed
    from printed

),

codes as (

    select
        printed.fiscal_year,
        printed.function_code
    from printed

    union

    select
        printed.fiscal_year,
        left(printed.function_code, 3) as function_code
    from printed
    where length(printed.function_code) > 3

    union

    select
        printed.fiscal_year,
        left(printed.function_code, 5) as function_code
    from printed
    where length(printed.function_code) = 7

),

subjects as (

    select
        codes.fiscal_year,
        codes.function_code,
        named.function_name,
        coalesce(named.names_printed, 0) as names_printed,
        case length(codes.function_code)
            when 3 then 1
            when 5 then 2
            when 7 then 3
        end as subject_level,
        case length(codes.function_code)
            when 5 then left(codes.function_code, 3)
            when 7 then left(codes.function_code, 5)
        end as parent_code,
        left(codes.function_code, 3) as class_code,
        case
            when length(codes.function_code) >= 5
                then left(codes.function_code, 5)
        end as item_code,
        lead(codes.fiscal_year) over (
            partition by codes.function_code order by codes.fiscal_year
        ) as next_fiscal_year
    from codes
    left join named
        on
            codes.fiscal_year = named.fiscal_year
            and codes.function_code = named.function_code
            and named.name_rank = 1

),

latest_names as (

    -- the name of each code in the latest year it was printed
    select distinct on (named.function_code)
        named.function_code,
        named.function_name,
        named.fiscal_year
    from named
    where named.name_rank = 1
    order by named.function_code asc, named.fiscal_year desc

),

final as (

    select
        {{ surrogate_key([
            "'function_subject'",
            'subjects.function_code',
            'subjects.fiscal_year',
        ]) }} as function_subject_sk,
        subjects.function_code,
        subjects.fiscal_year,
        subjects.subject_level,
        case subjects.subject_level
            when 1 then '类'
            when 2 then '款'
            when 3 then '项'
        end as level_name,
        subjects.function_name,
        subjects.names_printed > 0 as is_printed,
        subjects.parent_code,
        case
            when subjects.parent_code is not null
                then {{ surrogate_key([
                    "'function_subject'",
                    'subjects.parent_code',
                    'subjects.fiscal_year',
                ]) }}
        end as parent_function_subject_sk,
        subjects.class_code,
        class_subject.function_name as class_name,
        subjects.item_code,
        item_subject.function_name as item_name,
        concat_ws(
            ' > ',
            subjects.class_code,
            subjects.item_code,
            case when subjects.subject_level = 3 then subjects.function_code end
        ) as code_path,
        concat_ws(
            ' > ',
            coalesce(class_subject.function_name, subjects.class_code),
            coalesce(item_subject.function_name, subjects.item_code),
            case
                when subjects.subject_level = 3
                    then coalesce(subjects.function_name, subjects.function_code)
            end
        ) as name_path,

        ----------  lineage across years (renames keep the code)
        subjects.function_code as lineage_code,
        {{ surrogate_key(["'function_lineage'", 'subjects.function_code']) }}
            as lineage_sk,
        coalesce(
            renames.new_name, latest_names.function_name, subjects.function_code
        ) as lineage_name,
        case
            when subjects.next_fiscal_year is not null
                then {{ surrogate_key([
                    "'function_subject'",
                    'subjects.function_code',
                    'subjects.next_fiscal_year',
                ]) }}
        end as successor_function_subject_sk,
        renames.renamed_in_year,
        case
            when subjects.fiscal_year < renames.renamed_in_year
                then renames.new_name
        end as name_after_rename,
        case
            when subjects.fiscal_year >= renames.renamed_in_year
                then renames.old_name
        end as name_before_rename
    from subjects
    left join renames
        on subjects.function_code = renames.function_code
    left join latest_names
        on subjects.function_code = latest_names.function_code
    left join subjects as class_subject
        on
            subjects.fiscal_year = class_subject.fiscal_year
            and subjects.class_code = class_subject.function_code
    left join subjects as item_subject
        on
            subjects.fiscal_year = item_subject.fiscal_year
            and subjects.item_code = item_subject.function_code

)

select * from final
