{#-
    Fails with every row whose column holds no standard table kind of the reference list
    (seed table_kinds, is_standard): the list lives once, in ingest/reference/table_kinds.csv.
-#}
{% test is_standard_table_kind(model, column_name) %}

select *
from {{ model }}
where
    {{ column_name }} is null
    or {{ column_name }} not in (
        select table_kinds.kind from {{ ref('table_kinds') }} as table_kinds
        where table_kinds.is_standard
    )

{% endtest %}
