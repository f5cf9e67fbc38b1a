-- N02 (warn): 机关运行经费 = the basic-expenditure table's 公用经费 total, for documents of 2018
-- and later (earlier documents used a wider definition). Where the document says the department
-- includes 事业单位 (a narrative sentence naming 所属/下属/二级事业单位: fact kind
-- includes_public_institution of ingest/narrative.py, which also reads 下属1家机关和1家参公事业单位,
-- 事业单位 4 家, 1家事业单位, and a unit's own 本院是…的事业单位), 机关运行经费 only has
-- to be <= 公用经费. The 机关运行经费 figure is the narrative's (rounded or truncated to its
-- printed digits, as N01) and the table's where one prints it (三公 table line 机关运行经费).
-- Tables: narrative facts / three_public line operating_costs against basic_expenditure.
-- A row here means the stated running costs are not the public-expenditure total
-- of the basic-expenditure table; the document is accepted and the finding recorded.
with scope_document as (
    select
        scope.validation_id,
        d.document_id,
        exists(
            select s.fact_index
            from {raw}.narrative_fact as s
            where s.document_id = d.document_id
                and (
                    s.kind = 'includes_public_institution'
                    or strpos(s.sentence, '所属事业单位') > 0
                    or strpos(s.sentence, '下属事业单位') > 0
                    or strpos(s.sentence, '二级事业单位') > 0
                )
        ) as includes_institutions
    from {raw}.document as d
    inner join {batch} as scope
        on d.document_id = scope.document_id
    where d.year >= 2018
),

operating_costs as (
    select
        doc.validation_id,
        f.document_id,
        left(f.sentence, 80) as place,
        '情况说明：“' || left(f.sentence, 80) || '”中 ' || f.stated_text as label,
        f.stated_amount as value,
        coalesce(f.stated_half_unit, 0) as half_unit,
        true as stated_in_text,
        f.file_name,
        f.page
    from {raw}.narrative_fact as f
    inner join scope_document as doc
        on f.document_id = doc.document_id
    where f.kind = 'operating_costs' and f.stated_amount is not null

    union all

    select
        fig.validation_id,
        fig.document_id,
        fig.row_label as place,
        fig.title
        || ' '
        || fig.row_label
        || ' '
        || {audit}.fmt_amount(fig.value, fig.unit_factor) as label,
        fig.value,
        fig.half_unit,
        false as stated_in_text,
        fig.file_name,
        fig.page
    from {audit}.named_figure as fig
    inner join scope_document as doc
        on fig.validation_id = doc.validation_id and fig.document_id = doc.document_id
    where fig.figure = 'operating_costs'
),

pair as (
    select
        o.*,
        doc.includes_institutions,
        pub.title || ' ' || pub.row_label as public_label,
        pub.value as public_value,
        pub.half_unit as public_half_unit,
        pub.unit_factor,
        pub.value - o.value as shortfall
    from operating_costs as o
    inner join scope_document as doc
        on o.validation_id = doc.validation_id and o.document_id = doc.document_id
    inner join {audit}.named_figure as pub
        on o.validation_id = pub.validation_id
            and o.document_id = pub.document_id
            and pub.figure = 'public_expenditure'
)

select
    'N02' as rule,
    '{severity}' as severity,
    document_id,
    case when stated_in_text then 'narrative' else 'three_public' end as table_kind,
    place as row_label,
    'operating_costs' as column_name,
    value as left_value,
    public_value as right_value,
    value - public_value as difference,
    file_name,
    page,
    '机关运行经费：' || label
    || case when includes_institutions then ' 超过 ' else ' ≠ ' end
    || public_label || ' ' || {audit}.fmt_amount(public_value, unit_factor)
    || '，相差 ' || {audit}.fmt_amount(abs(value - public_value), unit_factor) as message
from pair
where
    -- more than 公用经费, beyond what the printed digits allow
    shortfall < -(half_unit + public_half_unit)
    or (
        not includes_institutions
        and not (
            abs(shortfall) <= half_unit + public_half_unit
            or (
                stated_in_text
                and shortfall >= -public_half_unit
                and shortfall <= 2 * half_unit + public_half_unit
            )
        )
    )
