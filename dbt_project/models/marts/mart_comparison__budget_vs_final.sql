-- One row per department × fiscal year × scope for which both a budget (预算) and a final
-- accounts (决算) document are published: the two side by side, never merged into one series,
-- with the difference (决算 − 预算) and the ratio (决算 / 预算, the execution rate) of the total
-- expenditure, basic and project expenditure and the 三公 total, as mart_comparison__department_year
-- reads them from each document.

with

department_years as (

    select * from {{ ref('mart_comparison__department_year') }}

),

budgets as (

    select * from department_years
    where phase = 'budget'

),

finals as (

    select * from department_years
    where phase = 'final'

),

paired as (

    select
        budgets.department_sk,
        budgets.region_sk,
        budgets.fiscal_year_sk,
        budgets.scope_sk,
        budgets.department_key,
        budgets.department_name,
        budgets.region_name,
        budgets.fiscal_year,
        budgets.scope,
        budgets.document_sk as budget_document_sk,
        finals.document_sk as final_document_sk,
        budgets.document_id as budget_document_id,
        finals.document_id as final_document_id,
        budgets.expenditure_total as budget_expenditure_total,
        finals.expenditure_total as final_expenditure_total,
        budgets.basic_expenditure as budget_basic_expenditure,
        finals.basic_expenditure as final_basic_expenditure,
        budgets.project_expenditure as budget_project_expenditure,
        finals.project_expenditure as final_project_expenditure,
        budgets.three_public_total as budget_three_public_total,
        finals.three_public_total as final_three_public_total
    from budgets
    inner join finals
        on
            budgets.department_key = finals.department_key
            and budgets.fiscal_year = finals.fiscal_year
            and budgets.scope = finals.scope

),

final as (

    select
        ----------  keys: department × fiscal year × scope
        {{ surrogate_key([
            "'budget_vs_final'",
            'paired.department_key',
            'paired.fiscal_year',
            'paired.scope',
        ]) }} as comparison_sk,
        paired.department_sk,
        paired.region_sk,
        paired.fiscal_year_sk,
        paired.scope_sk,
        paired.budget_document_sk,
        paired.final_document_sk,

        ----------  who and when
        paired.department_key,
        paired.department_name,
        paired.region_name,
        paired.fiscal_year,
        paired.scope,

        ----------  total expenditure, 元
        paired.budget_expenditure_total,
        paired.final_expenditure_total,
        paired.final_expenditure_total - paired.budget_expenditure_total
            as expenditure_difference,
        cast(
            paired.final_expenditure_total
            / nullif(paired.budget_expenditure_total, 0)
            as numeric(12, 6)
        ) as expenditure_execution_rate,

        ----------  basic and project expenditure, 元
        paired.budget_basic_expenditure,
        paired.final_basic_expenditure,
        paired.final_basic_expenditure - paired.budget_basic_expenditure
            as basic_expenditure_difference,
        paired.budget_project_expenditure,
        paired.final_project_expenditure,
        paired.final_project_expenditure - paired.budget_project_expenditure
            as project_expenditure_difference,

        ----------  三公, 元
        paired.budget_three_public_total,
        paired.final_three_public_total,
        paired.final_three_public_total - paired.budget_three_public_total
            as three_public_difference,
        cast(
            paired.final_three_public_total
            / nullif(paired.budget_three_public_total, 0)
            as numeric(12, 6)
        ) as three_public_execution_rate,

        ----------  provenance
        paired.budget_document_id,
        paired.final_document_id
    from paired

)

select * from final
