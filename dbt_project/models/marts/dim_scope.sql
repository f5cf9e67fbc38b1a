with

scopes as (

    select * from {{ ref('budget_scopes') }}

),

final as (

    select
        {{ surrogate_key(["'scope'", 'scopes.scope_code']) }} as scope_sk,
        scopes.scope_code,
        scopes.scope_name,
        scopes.scope_name_en,
        scopes.sort_order
    from scopes

)

select * from final
