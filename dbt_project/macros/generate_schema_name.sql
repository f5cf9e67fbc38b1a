{#-
    Use a model's custom schema name as it is (`staging`, `intermediate`, `marts`, `reference`)
    instead of dbt's default `<target schema>_<custom schema>`: the expectation suites, the
    comparison report and Metabase query `marts.*` by that plain name. A model with no custom
    schema falls back to the target's schema.
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
