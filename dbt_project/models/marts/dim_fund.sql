with

funds as (

    select * from {{ ref('budget_funds') }}

),

final as (

    select
        {{ surrogate_key(["'fund'", 'funds.fund_code']) }} as fund_sk,
        funds.fund_code,
        funds.fund_name,
        funds.fund_name_en,
        funds.parent_fund_code,
        case
            when funds.parent_fund_code is not null
                then {{ surrogate_key(["'fund'", 'funds.parent_fund_code']) }}
        end as parent_fund_sk,
        funds.fund_level,
        funds.sort_order
    from funds

)

select * from final
