-- each published document's summary 支出总计 in the marts equals its parsed expenditure_total
-- (a row: a document whose mart amount differs from the figure the reader computed)
select
    d.document_id,
    d.figures ->> 'expenditure_total' as figure,
    f.amount_yuan as mart_amount
from raw.document as d
inner join marts.fct_budget_line as f on d.document_id = f.document_id
where
    f.table_kind = 'summary'
    and f.flow = 'expenditure'
    and f.line_key = 'grand_total'
    and d.figures ->> 'expenditure_total' is not null
    and f.amount_yuan is distinct from (d.figures ->> 'expenditure_total')::numeric
