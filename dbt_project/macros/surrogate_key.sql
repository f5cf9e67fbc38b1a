{#-
    An md5 surrogate key over natural-key expressions (no dbt_utils here). Each part is cast to
    text and a null becomes a sentinel, so ('a', null) and (null, 'a') never share a key; the
    parts are joined with a separator that does not occur in our natural keys.
-#}
{% macro surrogate_key(expressions) -%}
    md5(concat_ws(
        '|'
        {%- for expression in expressions %},
        coalesce(cast({{ expression }} as text), '<null>')
        {%- endfor %}
    ))
{%- endmacro %}
