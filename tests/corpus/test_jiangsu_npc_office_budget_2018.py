"""江苏省人大常委会办公厅 部门预算 2018 (js_npc_office_budget_2018.pdf): tables labelled 公开01表 to
公开12表, the cover title broken after 部门 (江苏省人大常委会办公厅2018年度部门 / 预算公开), the
summary's department line wrapped (部门名称：江苏省人大 / 常委会办公厅), the procurement table continued
over a page number, 三公 with a blank 公务用车购置费."""

from __future__ import annotations

import pytest
from jiangsu_checks import (
    all_breaks,
    assert_document_fields,
    assert_figures,
    data_rows,
    expected_kinds,
    expected_reading_rules,
    leaf_rows,
    parsed_document,
    reading_rules,
    table_kinds,
)

NAME = "js_npc_office_budget_2018.pdf"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
TABLE_ROWS = {
    "summary": 22,  # p8: 20 function lines, 当年收入小计 | 当年支出小计, 上年结转资金 | 结转下年资金
    "income": 14,  # p9: five source groups (小计) and their nine items
    "expenditure": 1,  # p10: the one row of amounts
    "fiscal_summary": 3,  # p10: 一般公共预算 / 基本支出, 政府性基金预算 / 项目支出, 单位预留机动经费
    "fiscal_expenditure": 20,  # p11: 201, 20101, 9 项; 208, 20805, 3 项; 221, 22102, 2 项
    "fiscal_basic_expenditure": 23,  # p12: 301 + 8, 302 + 9, 303 + 3
    "general_budget": 20,  # p13
    "basic_expenditure": 23,  # p14
    "three_public": 1,  # p15: one row of amounts
    "government_fund": 0,  # p15: 合计 with nothing in it, note 注：本部门无相关收支项目
    "operating_costs": 10,  # p16: 302 and its 9 items
    "procurement": 23,  # p17 13 + p18 10 (the page number 17 between them is no break)
}


@pytest.fixture(scope="module")
def doc(corpus_dir):
    return parsed_document(corpus_dir, NAME)


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.department == "江苏省人大常委会办公厅"  # not the wrapped caption's 江苏省人大


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 14


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)
    assert doc.table("fiscal_expenditure").title == "财政拨款支出预算表（功能科目）"


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_three_public_blank_car_purchase(doc):
    values = {r.line: r.values["total"] for r in doc.table("three_public").rows}
    assert values["car.purchase"] is None and values["car"] == values["car.operation"] == "1836000.00"
    assert doc.figures.three_public_total == "8336000.00"  # 222.50 + 183.60 + 427.50, never 会议费 / 培训费


def test_procurement_continued_over_a_page_number(doc):
    table = doc.table("procurement")
    assert (table.page, table.rows[0].name, table.rows[0].values["total"]) == (17, "合计", "20642500.00")
    assert [r.source.page for r in table.rows].count(18) == 10
    assert table.rows[-1].name == "印刷服务 / 分散自行组织"


def test_narrative_class_lines(doc):
    facts = [(f.kind, f.stated_text) for f in doc.narrative if f.page == 20 and f.kind != "change"]
    assert ("function_expenditure", "12706.28万元") in facts  # 1．一般公共服务（类）支出12706.28万元
    # 单位预留机动经费预算数为1685.72万元。与上年相比增加1557.29万元，增长1312.56 %。
    reserve = [(f.kind, f.stated) for f in doc.narrative if f.page == 21
               and "reserve_expenditure" in (f.kind, f.subject)]
    assert reserve == [("reserve_expenditure", "16857200.00"), ("change", "15572900.00"), ("change", "1312.56%")]
