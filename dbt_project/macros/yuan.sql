{#-
    Cast a 元 amount held as text (the contract prints "10295900.00") to exact numeric(20, 2).
    A plain cast on purpose: text that is not an amount must fail the build, never become null.
-#}
{% macro yuan(expression) -%}
    cast({{ expression }} as numeric(20, 2))
{%- endmacro %}
