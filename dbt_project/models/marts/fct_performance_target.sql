-- One row per indicator target of a published document's project (document × project ×
-- indicator): the 指标值 as printed and parsed (comparator, exact number, unit, quantified).

with

indicators as (

    select * from {{ ref('stg_budget__performance_indicators') }}

),

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

final as (

    select
        ----------  keys
        {{ surrogate_key([
            "'performance_target'",
            'indicators.document_id',
            'indicators.project_index',
            'indicators.indicator_index',
        ]) }} as performance_target_sk,
        {{ surrogate_key([
            "'project'", 'indicators.document_id', 'indicators.project_index',
        ]) }} as project_sk,
        {{ surrogate_key([
            "'indicator'",
            'indicators.level1_name',
            'indicators.level2_name',
            'indicators.indicator_name',
        ]) }} as indicator_sk,
        {{ surrogate_key(["'document'", 'indicators.document_id']) }}
            as document_sk,
        {{ surrogate_key(["'department'", 'documents.department_key']) }}
            as department_sk,
        {{ surrogate_key(["'fiscal_year'", 'documents.fiscal_year']) }}
            as fiscal_year_sk,

        ----------  target (指标值)
        indicators.comparator,
        cast(indicators.target_value as numeric(24, 6)) as target_value,
        indicators.target_unit,
        indicators.is_quantified,
        indicators.target_text,
        indicators.indicator_description,
        indicators.target_basis,

        ----------  provenance
        indicators.document_id,
        indicators.project_index,
        indicators.indicator_index
    from indicators
    inner join documents
        on indicators.document_id = documents.document_id

)

select * from final
