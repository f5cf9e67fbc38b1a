-- N04 (warn): function-class (支出功能分类 类) names valid for the document's year. The 2019
-- classification renamed three classes and added one: 210 卫生健康支出 (before: 医疗卫生与计划生育支出),
-- 207 文化旅游体育与传媒支出 (文化体育与传媒支出), 220 自然资源海洋气象等支出 (国土海洋气象等支出), and
-- the new 224 灾害防治及应急管理支出. From 2019 on the old names are findings, before 2019 the new ones.
-- Tables: every table row's printed name (summary and fiscal-summary function lines, 类 rows of the
-- function tables) and every narrative sentence that states a figure (one finding per sentence).
-- A row here means the document names a function class as another year's
-- classification does (usually text copied from an old template); the document is accepted and
-- the finding recorded.
-- pattern: what identifies the name where it is printed (支出 may be cut, or the name printed with
-- （类）); 卫生健康 alone would also match 卫生健康委员会, so its pattern keeps 支出
with rename (code, new_name, new_pattern, old_name, old_pattern) as (
    values
    ('210', '卫生健康支出', '卫生健康支出', '医疗卫生与计划生育支出', '医疗卫生与计划生育'),
    ('207', '文化旅游体育与传媒支出', '文化旅游体育与传媒', '文化体育与传媒支出', '文化体育与传媒'),
    ('220', '自然资源海洋气象等支出', '自然资源海洋气象等', '国土海洋气象等支出', '国土海洋气象等'),
    ('224', '灾害防治及应急管理支出', '灾害防治及应急管理', null, null)
),

-- the name a document of its year must not print, and the one it should
invalid (code, year_from, year_to, printed, pattern, valid_name) as (
    select
        code,
        2019,
        9999,
        old_name,
        old_pattern,
        new_name
    from rename
    where old_name is not null
    union all
    select
        code,
        0,
        2018,
        new_name,
        new_pattern,
        old_name
    from rename
),

doc as (
    select
        scope.validation_id,
        d.document_id,
        d.year
    from {raw}.document as d
    inner join {batch} as scope
        on d.document_id = scope.document_id
    where d.year is not null
),

in_tables as (
    select
        r.document_id,
        r.kind as table_kind,
        r.row_label,
        r.file_name,
        r.page,
        r.title || '：' || r.row_label as place,
        doc.year,
        i.*
    from {audit}.validation_row as r
    inner join doc
        on r.validation_id = doc.validation_id and r.document_id = doc.document_id
    inner join invalid as i
        on strpos(r.name, i.pattern) > 0
            and doc.year between i.year_from and i.year_to
),

in_narrative as (
    select
        f.document_id,
        'narrative' as table_kind,
        left(f.sentence, 80) as row_label,
        min(f.file_name) as file_name,
        min(f.page) as page,
        '情况说明：“' || left(f.sentence, 80) || '”' as place,
        doc.year,
        i.code,
        i.year_from,
        i.year_to,
        i.printed,
        i.valid_name
    from {raw}.narrative_fact as f
    inner join doc
        on f.document_id = doc.document_id
    inner join invalid as i
        on strpos(f.sentence, i.pattern) > 0
            and doc.year between i.year_from and i.year_to
    group by
        f.document_id,
        f.sentence,
        doc.year,
        i.code,
        i.year_from,
        i.year_to,
        i.printed,
        i.pattern,
        i.valid_name
)

select
    'N04' as rule,
    '{severity}' as severity,
    u.document_id,
    u.table_kind,
    u.row_label,
    'name' as column_name,
    null::numeric as left_value,
    null::numeric as right_value,
    null::numeric as difference,
    u.file_name,
    u.page,
    u.place || ' 使用了科目名称“' || u.printed || '”（' || u.code || '类），'
    || case
        when u.valid_name is null then u.code || '类 2019 年起才设立，' || u.year || ' 年的文件不应出现'
        when u.year_from = 2019 then '这是 2019 年以前的名称；' || u.year || ' 年应为“' || u.valid_name || '”'
        else '这是 2019 年起的名称；' || u.year || ' 年应为“' || u.valid_name || '”'
    end as message
from (
    select
        document_id,
        table_kind,
        row_label,
        file_name,
        page,
        place,
        year,
        code,
        year_from,
        printed,
        valid_name
    from in_tables
    union all
    select
        document_id,
        table_kind,
        row_label,
        file_name,
        page,
        place,
        year,
        code,
        year_from,
        printed,
        valid_name
    from in_narrative
) as u
