"""普陀区万里街道办事处 部门预算 2023 (sh_putuo_wanli_street_dept_budget_2023.pdf): 元 tables with
thousands separators and whole yuan, 类/款/项 code columns, tables continued over four pages (the
general-budget table repeats its header on each), 三公 in 万元 as one row, five 绩效目标填报表."""

from __future__ import annotations

from shanghai_checks import (
    all_breaks,
    assert_document_fields,
    assert_figures,
    cross_breaks,
    data_rows,
    expected_reading_rules,
    leaf_rows,
    reading_rules,
)

NAME = "sh_putuo_wanli_street_dept_budget_2023.pdf"

# rows carrying a code, a line label or an amount; header and 合计/总计 rows excluded
TABLE_ROWS = {
    "summary": 8,  # p10: 财政拨款收入 … 其他收入 beside 八 function lines; the last row has only 八、住房保障支出
    "income": 66,  # p11 14 + p12 20 + p13 20 + p14 12
    "expenditure": 66,  # p15 14 + p16 20 + p17 20 + p18 12
    "fiscal_summary": 8,  # p19: 8 function lines, the 3 fund lines beside the first three
    "general_budget": 66,  # p20 15 + p21 19 + p22 19 + p23 13 (header repeated on p21-p23)
    "government_fund": 0,  # p24: header, an empty 合计 row and the 空表 note
    "state_capital": 0,  # p25: likewise
    "basic_expenditure": 30,  # p26 14 + p27 16
    "three_public": 1,  # p28: one row of amounts
}


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 34


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []
    assert cross_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_continuation_rows_keep_their_page(doc):
    table = doc.table("general_budget")
    assert table.page == 20
    rows = {r.code: r for r in table.rows if r.code}
    assert rows["204"].source.page == 20 and rows["20406"].source.page == 21
    assert rows["2120199"].source.page == 23 and table.rows[-1].source.page == 23
    assert rows["2080505"].name == "机关事业单位基本养老保险缴费支出"  # wrapped over two lines on p12


def test_three_public_row_in_wan_yuan(doc):
    table = doc.table("three_public")
    assert table.unit == "万元"
    values = {r.line: r.values["total"] for r in table.rows}
    assert values == {"total": "229100.00", "abroad": "0.00", "reception": "13500.00", "car": "215600.00",
                      "car.purchase": "0.00", "car.operation": "215600.00", "operating_costs": "7860900.00"}


def test_performance_forms_with_funding(doc, expected):
    targets = doc.performance_targets
    assert len(targets) == expected["performance_projects"] == 5
    assert [t.page for t in targets] == [31, 32, 33, 34, 35]
    assert targets[0].project == "新建万里街道社区公共服务中心"
    assert targets[0].goal.startswith("建成后作为万里街道社区事务受理")
    funding = targets[4].funding
    assert targets[4].project == "公共服务设施运行经费"
    assert (funding["total"], funding["fiscal"], funding["carry_over"], funding["other"]) == (
        "10903043.00", "10903043.00", "0.00", "0.00")
    # p35: the sub-line 当年财政拨款 exceeds the 年度资金申请总额 it belongs to (P03, expected.json)
    assert funding["current_appropriation"] == "11419043.00"
    first = targets[0].indicators[0]
    assert (first.level1, first.level2, first.level3, first.comparator, first.value) == (
        "产出指标", "数量指标", "规划建筑面积", "≥", "13459.00")
