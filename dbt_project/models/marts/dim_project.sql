-- One row per project of a published document's 绩效目标 tables (document × project): its
-- department, year and goal text, and a project key (department + normalised project name)
-- that follows the same project across years. The reader gives no per-project 项目经费
-- explanation outside these tables; a funding block, where printed (Shanghai's form), is
-- split into fct_project_funding.

with

targets as (

    select * from {{ ref('stg_budget__performance_targets') }}

),

indicators as (

    select * from {{ ref('stg_budget__performance_indicators') }}

),

documents as (

    select * from {{ ref('int_budget__documents_current') }}

),

indicator_counts as (

    select
        indicators.document_id,
        indicators.project_index,
        count(*) as indicator_count,
        count(*) filter (where indicators.is_quantified) as quantified_count
    from indicators
    group by indicators.document_id, indicators.project_index

),

final as (

    select
        ----------  keys
        {{ surrogate_key([
            "'project'", 'targets.document_id', 'targets.project_index',
        ]) }} as project_sk,
        {{ surrogate_key(["'document'", 'targets.document_id']) }}
            as document_sk,
        {{ surrogate_key(["'department'", 'documents.department_key']) }}
            as department_sk,
        {{ surrogate_key(["'fiscal_year'", 'documents.fiscal_year']) }}
            as fiscal_year_sk,
        documents.department_key
        || '|' || {{ normalised_name('targets.project_name') }} as project_key,
        {{ surrogate_key([
            "'project_lineage'",
            'documents.department_key',
            normalised_name('targets.project_name'),
        ]) }} as project_lineage_sk,

        ----------  project
        targets.project_name,
        targets.project_goal,
        targets.funding_block,
        targets.funding_block is not null as has_funding_block,
        documents.department_key,
        documents.fiscal_year,
        documents.phase,
        documents.scope,
        coalesce(indicator_counts.indicator_count, 0) as indicator_count,
        coalesce(indicator_counts.quantified_count, 0) as quantified_count,

        ----------  provenance
        targets.document_id,
        targets.project_index,
        targets.file_name,
        targets.page,
        targets.source_line
    from targets
    inner join documents
        on targets.document_id = documents.document_id
    left join indicator_counts
        on
            targets.document_id = indicator_counts.document_id
            and targets.project_index = indicator_counts.project_index

)

select * from final
