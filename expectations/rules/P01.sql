-- P01 (warn): performance-target indicators (绩效指标, raw performance_indicator rows): each 一级指标 is
-- one of 产出 / 成本 / 效益 / 满意度 (with or without 指标), and each 二级指标 belongs to its 一级:
--   产出: 数量, 质量, 时效, and 成本 (older forms put 成本指标 under 产出指标, as the seed does: accepted);
--   成本: …成本 (经济成本, 社会成本, 生态环境成本);
--   效益: …效益 (经济效益, 社会效益, 生态效益 …) and 可持续影响;
--   满意度: …满意度 (服务对象满意度 …).
-- Names are compared without spaces and without the trailing 指标. An indicator whose 一级 or 二级
-- was not printed (or not read) is not judged. One finding per project and distinct 一级 / 二级 pair.
-- A row here means an indicator sits under a heading it does not belong to; the
-- document is accepted and the finding recorded.
with indicator as (
    select
        scope.validation_id,
        i.document_id,
        i.project_index,
        i.indicator_index,
        t.project,
        t.file_name,
        t.page,
        i.level1,
        i.level2,
        regexp_replace(replace(replace(coalesce(i.level1, ''), ' ', ''), '　', ''), '指标$', '') as l1,
        regexp_replace(replace(replace(coalesce(i.level2, ''), ' ', ''), '　', ''), '指标$', '') as l2
    from {raw}.performance_indicator as i
    inner join {raw}.performance_target as t
        on i.document_id = t.document_id and i.project_index = t.project_index
    inner join {batch} as scope
        on i.document_id = scope.document_id
),

judged as (
    select
        i.*,
        i.l1 in ('产出', '成本', '效益', '满意度') as level1_valid,
        case i.l1
            when '产出' then i.l2 in ('数量', '质量', '时效', '成本')
            when '成本' then i.l2 like '%成本'
            when '效益' then i.l2 like '%效益' or i.l2 = '可持续影响'
            when '满意度' then i.l2 like '%满意度'
        end as level2_valid,
        -- an invalid 一级 is one finding whatever its 二级
        case when i.l1 in ('产出', '成本', '效益', '满意度') then i.level2 end as shown_level2
    from indicator as i
    where i.l1 <> ''
)

select
    'P01' as rule,
    '{severity}' as severity,
    j.document_id,
    'performance_target' as table_kind,
    j.project || ' / ' || j.level1 || coalesce(' / ' || j.shown_level2, '') as row_label,
    case when j.level1_valid then 'level2' else 'level1' end as column_name,
    null::numeric as left_value,
    null::numeric as right_value,
    null::numeric as difference,
    min(j.file_name) as file_name,
    min(j.page) as page,
    '绩效目标表 ' || j.project || '：'
    || case
        when not j.level1_valid
            then
                '一级指标“' || j.level1 || '”不是产出指标、成本指标、效益指标或满意度指标'
        else
            '二级指标“' || j.shown_level2 || '”不属于一级指标“' || j.level1 || '”（应为 '
            || case j.l1
                when '产出' then '数量指标、质量指标、时效指标或成本指标'
                when '成本' then '经济成本指标、社会成本指标或生态环境成本指标'
                when '效益' then '经济效益、社会效益、生态效益或可持续影响指标'
                else '服务对象满意度等满意度指标'
            end || '）'
    end
    || '，涉及 ' || count(*) || ' 个三级指标' as message
from judged as j
where not j.level1_valid or (j.l2 <> '' and not j.level2_valid)
group by j.document_id, j.project_index, j.project, j.level1, j.shown_level2, j.l1, j.level1_valid
