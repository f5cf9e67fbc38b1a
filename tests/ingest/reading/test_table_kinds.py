"""Titles under every regional alias map to one kind; narrative headings map to none."""

from __future__ import annotations

import pytest

from ingest.reading.table_kinds import project_of_performance_title, recognise

CASES = [
    # Hebei (seed)
    ("部门预算收支总表", "summary"),
    ("部门预算收入总表", "income"),
    ("部门预算支出总表", "expenditure"),
    ("部门预算财政拨款收支总表", "fiscal_summary"),
    ("部门预算一般公共预算财政拨款支出表", "general_budget"),
    ("部门预算一般公共预算财政拨款基本支出表", "basic_expenditure"),
    ("部门预算政府基金预算财政拨款支出表", "government_fund"),
    ("部门预算国有资本经营预算财政拨款支出表", "state_capital"),
    ("部门预算财政拨款“三公”经费支出表", "three_public"),
    # Shanghai
    ("部门财务收支预算总表", "summary"),
    ("部门收入预算总表", "income"),
    ("部门支出预算总表", "expenditure"),
    ("部门财政拨款收支预算总表", "fiscal_summary"),
    ("部门一般公共预算支出功能分类预算表", "general_budget"),
    ("部门一般公共预算基本支出部门预算经济分类预算表", "basic_expenditure"),
    ("部门政府性基金预算支出功能分类预算表", "government_fund"),
    ("部门国有资本经营预算支出功能分类预算表", "state_capital"),
    ("部门“三公”经费和机关运行经费预算表", "three_public"),
    # Jiangsu
    ("公开01表 收支预算总表", "summary"),
    ("收入预算总表", "income"),
    ("支出预算总表", "expenditure"),
    ("财政拨款收支预算总表", "fiscal_summary"),
    ("一般公共预算支出预算表", "general_budget"),
    ("一般公共预算基本支出预算表", "basic_expenditure"),
    ("政府性基金支出预算表", "government_fund"),
    ("一般公共预算“三公”经费、会议费、培训费支出预算表", "three_public"),
    ("机关运行经费表", "operating_costs"),
    # extras
    ("部门政府采购预算", "procurement"),
    ("部门固定资产占用情况表", "fixed_assets"),
    ("1、车辆保险费绩效目标表", "performance_target"),
]
FINAL_CASES = [
    ("收入支出决算总表", "summary"),
    ("收入决算表", "income"),
    ("支出决算表", "expenditure"),
    ("财政拨款收入支出决算总表", "fiscal_summary"),
    ("一般公共预算财政拨款支出决算表", "general_budget"),
    ("一般公共预算财政拨款基本支出决算表", "basic_expenditure"),
    ("政府性基金预算财政拨款收入支出决算表", "government_fund"),
    ("国有资本经营预算财政拨款支出决算表", "state_capital"),
    ("“三公”经费支出决算表", "three_public"),
]


@pytest.mark.parametrize(("title", "kind"), CASES)
def test_budget_titles(title, kind):
    match = recognise(title)
    assert match is not None and match.kind == kind and match.phase == "budget"


@pytest.mark.parametrize(("title", "kind"), FINAL_CASES)
def test_final_titles(title, kind):
    match = recognise(title)
    assert match is not None and match.kind == kind and match.phase == "final"


@pytest.mark.parametrize(
    "text",
    ["六、政府采购预算情况", "四、财政拨款“三公”经费预算情况及增减变化原因", "部门机构设置情况", "2、支出说明",
     "收支预算总表支出栏、基本支出表、项目支出表按经济分类和支出功能分类科目编制，反映组织部门年度预算中支出预算的总体情况。"],
)
def test_headings_and_sentences_are_no_table(text):
    assert recognise(text) is None


def test_full_width_and_spaces_do_not_matter():
    assert recognise("部门预算 收支总表").kind == "summary"
    assert recognise("部门预算财政拨款\"三公\"经费支出表").kind == "three_public"


def test_project_of_performance_title():
    assert project_of_performance_title("1、车辆保险费绩效目标表") == "车辆保险费"
    assert project_of_performance_title("14、提前下达2022年度下派选调生到村工作中央财政补助资金绩效目标表") == (
        "提前下达2022年度下派选调生到村工作中央财政补助资金"
    )
