{#-
    Fails with every row for which the boolean SQL expression is not true (false or null):
    a model-level promise such as "a 项 code has 7 digits".
-#}
{% test expression_is_true(model, expression) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)

{% endtest %}
