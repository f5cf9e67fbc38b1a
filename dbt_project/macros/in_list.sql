{#-
    Render a list of strings as the inside of a SQL `in (...)`: ['a', 'b'] → 'a', 'b'.
    Single quotes in a value are doubled, so the list is always valid SQL.
-#}
{% macro in_list(values) -%}
    {%- for value in values -%}
        '{{ value | replace("'", "''") }}'{{ ", " if not loop.last }}
    {%- endfor -%}
{%- endmacro %}
