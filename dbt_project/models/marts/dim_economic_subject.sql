-- One row per economic subject code (支出经济分类) and fiscal year it was seen in published
-- documents. Two systems, never mixed: `department` (部门预算支出经济分类, codes 301–399) and
-- `government` (政府预算支出经济分类, codes 501–599). Two levels: 类 (class, 3 digits) and 款
-- (item, 5 digits), whose parent is the class of its first three digits. A class that no
-- document printed that year is still listed (with a null name), so every parent link resolves.

with

table_rows as (

    select * from {{ ref('int_budget__rows') }}

),

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

printed as (

    select
        documents.fiscal_year,
        table_rows.subject_code as economic_code,
        table_rows.row_name as economic_name,
        count(*) as times_printed
    from table_rows
    inner join documents
        on table_rows.document_id = documents.document_id
    where table_rows.subject_type = 'economic'
    group by documents.fiscal_year, table_rows.subject_code, table_rows.row_name

),

named as (

    -- the name printed most often that year (ties: the first in code-point order)
    select
        printed.fiscal_year,
        printed.economic_code,
        printed.economic_name,
        row_number() over (
            partition by printed.fiscal_year, printed.economic_code
            order by printed.times_printed desc, printed.economic_name asc
        ) as name_rank,
        count(*) over (
            partition by printed.fiscal_year, printed.economic_code
        ) as names_printed
    from printed

),

codes as (

    select
        printed.fiscal_year,
        printed.economic_code
    from printed

    union

    select
        printed.fiscal_year,
        left(printed.economic_code, 3) as economic_code
    from printed
    where length(printed.economic_code) = 5

),

subjects as (

    select
        codes.fiscal_year,
        codes.economic_code,
        named.economic_name,
        coalesce(named.names_printed, 0) as names_printed,
        case left(codes.economic_code, 1)
            when '3' then 'department'
            when '5' then 'government'
        end as economic_system,
        case length(codes.economic_code)
            when 3 then 1
            when 5 then 2
        end as subject_level,
        case
            when length(codes.economic_code) = 5
                then left(codes.economic_code, 3)
        end as parent_code
    from codes
    left join named
        on
            codes.fiscal_year = named.fiscal_year
            and codes.economic_code = named.economic_code
            and named.name_rank = 1

),

final as (

    select
        {{ surrogate_key([
            "'economic_subject'",
            'subjects.economic_code',
            'subjects.fiscal_year',
        ]) }} as economic_subject_sk,
        subjects.economic_code,
        subjects.fiscal_year,
        subjects.economic_system,
        subjects.subject_level,
        case subjects.subject_level
            when 1 then '类'
            when 2 then '款'
        end as level_name,
        subjects.economic_name,
        subjects.names_printed > 0 as is_printed,
        subjects.parent_code,
        case
            when subjects.parent_code is not null
                then {{ surrogate_key([
                    "'economic_subject'",
                    'subjects.parent_code',
                    'subjects.fiscal_year',
                ]) }}
        end as parent_economic_subject_sk,
        parent_subject.economic_name as parent_name,
        concat_ws(
            ' > ',
            coalesce(parent_subject.economic_name, subjects.parent_code),
            coalesce(subjects.economic_name, subjects.economic_code)
        ) as name_path
    from subjects
    left join subjects as parent_subject
        on
            subjects.fiscal_year = parent_subject.fiscal_year
            and subjects.parent_code = parent_subject.economic_code

)

select * from final
