{#-
    A department or unit name normalised as ingest.identity.normalise_name does: full width →
    half width (NFKC), no whitespace, 中国共产党…委员会 → 中共…委 (the 本级 suffix is kept).
-#}
{% macro normalised_name(expression) -%}
    regexp_replace(
        regexp_replace(normalize({{ expression }}, nfkc), '\s+', '', 'g'),
        '中国共产党(.+?)委员会', '中共\1委', 'g'
    )
{%- endmacro %}
