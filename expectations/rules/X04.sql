-- X04 (error): each fund's expenditure table = that fund's column of the fiscal-appropriation
-- summary: the general-budget table (一般公共预算财政拨款支出表) against column 一般公共预算, the
-- government-fund table against 政府性基金预算, the state-capital table against 国有资本经营预算;
-- the table's 合计 row against 本年支出合计, and each 类 row against the function line with the
-- same code. A present but empty table (空表列示) compares as 0; a line on one side only with 0.
-- Tables: fiscal_summary (expenditure side) and general_budget / government_fund / state_capital,
-- budget documents; checked for each fund table the document has.
-- A row here means a fund table contradicts the fiscal-appropriation summary:
-- the document is quarantined. Tolerance: the half-units of the two cells.
with scope_table as (
    select distinct
        scope.validation_id,
        t.document_id,
        t.kind
    from {raw}.disclosure_table as t
    inner join {batch} as scope
        on t.document_id = scope.document_id
    inner join {raw}.document as d
        on t.document_id = d.document_id
    where coalesce(d.phase, 'budget') <> 'final'
),

-- Only where the fiscal summary prints that fund's column: Jiangsu's 财政拨款收支预算总表 lists
-- expenditure by use (基本 / 项目 / 机动), with no fund columns to compare with.
fund_pair as (
    select
        f.validation_id,
        f.document_id,
        f.kind as fund
    from scope_table as f
    inner join scope_table as s
        on f.validation_id = s.validation_id
            and f.document_id = s.document_id
            and s.kind = 'fiscal_summary'
    where f.kind in ('general_budget', 'government_fund', 'state_capital')
        and exists (
            select fs.table_index
            from {raw}.disclosure_table as fs
            where fs.document_id = f.document_id
                and fs.kind = 'fiscal_summary'
                and f.kind = any(fs.columns)
        )
),

cell as (
    select c.*
    from {audit}.effective_cell as c
    inner join fund_pair
        on c.validation_id = fund_pair.validation_id and c.document_id = fund_pair.document_id
    where c.is_primary
),

-- The total to compare with is 本年支出合计; a summary with no carry-over prints only 支出总计
-- (Shanghai), which then is the same figure.
fiscal_candidate as (
    select
        c.*,
        c.column_name as fund,
        case when c.line = 'function' then c.code else 'total' end as match_key,
        case when c.line = 'grand_total' then 2 else 1 end as preference
    from cell as c
    where c.kind = 'fiscal_summary'
        and c.side = 'expenditure'
        and c.line in ('function', 'current_year_total', 'grand_total')
        and c.column_name in ('general_budget', 'government_fund', 'state_capital')
),

fiscal_line as (
    select ranked.*
    from (
        select
            fc.*,
            rank() over (
                partition by fc.validation_id, fc.document_id, fc.fund, fc.match_key
                order by fc.preference
            ) as pick
        from fiscal_candidate as fc
    ) as ranked
    where ranked.pick = 1
),

fund_row as (
    select
        c.*,
        c.kind as fund,
        case when c.level = 0 then 'total' else c.code end as match_key
    from cell as c
    where c.kind in ('general_budget', 'government_fund', 'state_capital')
        and c.level in (0, 1)
        and c.column_name = 'total'
),

pair as (
    select
        coalesce(t.validation_id, s.validation_id) as validation_id,
        coalesce(t.document_id, s.document_id) as document_id,
        coalesce(t.fund, s.fund) as fund,
        coalesce(t.kind, s.kind) as table_kind,
        coalesce(t.row_label, s.row_label) as row_label,
        coalesce(t.column_name, s.column_name) as column_name,
        coalesce(t.value, 0) as left_value,
        coalesce(s.value, 0) as right_value,
        coalesce(t.half_unit, 0) + coalesce(s.half_unit, 0) as tolerance,
        coalesce(t.file_name, s.file_name) as file_name,
        coalesce(t.page, s.page) as page,
        coalesce(t.unit_factor, s.unit_factor) as unit_factor,
        coalesce(t.title || ' ' || t.row_label || ' 合计', '支出表（未列）') as left_place,
        coalesce(
            s.title || ' ' || s.row_label || ' ' || s.column_label, '财政拨款收支总表（未列）'
        ) as right_place
    from fund_row as t
    full join fiscal_line as s
        on t.validation_id = s.validation_id
            and t.document_id = s.document_id
            and t.fund = s.fund
            and t.match_key = s.match_key
)

select
    'X04' as rule,
    '{severity}' as severity,
    pair.document_id,
    pair.table_kind,
    pair.row_label,
    pair.column_name,
    pair.left_value,
    pair.right_value,
    pair.left_value - pair.right_value as difference,
    pair.file_name,
    pair.page,
    {audit}.mismatch_message(
        pair.left_place, pair.left_value, pair.right_place, pair.right_value, pair.unit_factor
    ) as message
from pair
inner join fund_pair
    on pair.validation_id = fund_pair.validation_id
        and pair.document_id = fund_pair.document_id
        and pair.fund = fund_pair.fund
where abs(pair.left_value - pair.right_value) > pair.tolerance
