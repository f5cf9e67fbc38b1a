"""The seed's 15 绩效目标表, and 指标值 parsing (P02)."""

from __future__ import annotations

import pytest

from ingest.readers.blocks import Grid, GridRow
from ingest.reading.parse import parse_file
from ingest.reading.performance import parse_indicator_value, read_performance_target

PROJECTS = [
    ("车辆保险费", 5),
    ("非公党建工作经费", 5),
    ("基层党建工作经费", 5),
    ("2022年度干部考核经费", 5),
    ("党员远程教育站点服务费", 5),
    ("干部教育培训经费", 5),
    ("公务员工资系统运维服务费", 5),
    ("基层党员教育管理、制片经费", 5),
    ("老干部活动及关心下一代经费", 5),
    ("老年大学培训经费", 5),
    ("离休干部医药费", 5),
    ("人才工作经费", 5),
    ("人事档案室升级改造经费", 5),
    ("提前下达2022年度下派选调生到村工作中央财政补助资金", 6),
    ("综合事务经费", 5),
]


@pytest.fixture(scope="module")
def targets(seed_path):
    return parse_file(seed_path).performance_targets


def test_fifteen_projects_with_indicator_counts(targets):
    assert [(t.project, len(t.indicators)) for t in targets] == PROJECTS


def test_first_project_in_full(targets):
    target = targets[0]
    assert target.goal == "6.保障办公车辆正常运行"
    first, second = target.indicators[:2]
    assert (first.level1, first.level2, first.level3) == ("产出指标", "数量指标", "投保车辆数")
    assert (first.description, first.value_text, first.basis) == ("投保车辆数", "≥90投保车辆数", "投保车辆数")
    assert (first.comparator, first.value, first.unit, first.quantified) == ("≥", "90", "投保车辆数", True)
    # 一级 printed once per group: carried down
    assert (second.level1, second.level2, second.level3) == ("产出指标", "质量指标", "保障紧急处置到位率")
    last = target.indicators[-1]
    assert (last.level1, last.level2) == ("效益指标", "可持续影响指标")


def test_wrapped_goal_and_satisfaction_indicator(targets):
    target = targets[13]
    assert target.goal.startswith("1.解决到村任职选调生的后顾之忧")
    assert "\n2.加强对到村任职选调生的教育培训" in target.goal
    first, last = target.indicators[0], target.indicators[-1]
    assert (first.comparator, first.value, first.unit) == ("=", "100", "保障补贴对象人数占应保人数之比")
    assert (last.level1, last.level2) == ("满意度指标", "服务对象满意度指标")


def test_seed_has_no_p02(seed_path):
    assert not [f for f in parse_file(seed_path).findings if f.rule == "P02"]


@pytest.mark.parametrize(
    ("text", "comparator", "value", "unit", "quantified", "readable"),
    [
        ("≥90投保车辆数", "≥", "90", "投保车辆数", True, True),
        ("100保障补贴对象人数占应保人数之比", "=", "100", "保障补贴对象人数占应保人数之比", True, True),
        ("≤ 5%", "≤", "5", "%", True, True),
        ("大于等于98.5%", "≥", "98.5", "%", True, True),
        ("合规", None, None, "合规", False, True),
        ("有所提高", None, None, "有所提高", False, True),
        ("≥9O%", "≥", None, None, False, False),
        ("1O0人", None, None, None, False, False),
    ],
)
def test_parse_indicator_value(text, comparator, value, unit, quantified, readable):
    parsed = parse_indicator_value(text)
    assert (parsed.comparator, parsed.value, parsed.unit, parsed.quantified, parsed.readable) == (
        comparator, value, unit, quantified, readable)


def test_unreadable_value_is_a_p02_warning():
    grid = Grid((
        GridRow(("绩效目标", "目标")),
        GridRow(("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")),
        GridRow(("产出指标", "质量指标", "合格率", "合格率", "≥9O%", "依据")),
        GridRow(("", "", "达标", "达标", "合规", "依据")),
    ))
    target, findings = read_performance_target("1、测试项目绩效目标表", grid, "x.txt")
    assert target.project == "测试项目" and len(target.indicators) == 2
    assert target.indicators[1].level2 == "质量指标" and target.indicators[1].quantified is False
    [finding] = findings
    assert (finding.rule, finding.severity, finding.column, finding.left) == ("P02", "warn", "value_text", "≥9O%")
    assert "测试项目" in finding.message
