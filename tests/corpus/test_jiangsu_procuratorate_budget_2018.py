"""江苏省人民检察院 部门预算 2018 (js_procuratorate_budget_2018.pdf): titles 公开01表：… on one line,
the 三公 table and the 机关运行经费 table drawn with hairline rulings beside white background boxes (the
ruling under the 三公 header and the one between 科目名称 and the amount), a summary label cut by the
page break (十七、国土海洋气象等支 / 出), the government-fund table marked 此表为空, and the
政府采购支出预算表 over four pages."""

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

NAME = "js_procuratorate_budget_2018.pdf"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
TABLE_ROWS = {
    "summary": 22,  # p13 17 + p14 5 (十七、国土海洋气象等支 p13 / 出 p14 is one row)
    "income": 14,  # p14: five source groups (小计) and their nine items
    "expenditure": 1,  # p15: the one row of amounts
    "fiscal_summary": 3,  # p15
    "fiscal_expenditure": 14,  # p15 3 + p16 11: 204, 20404, 3 项; 208, 20805, 3 项; 221, 22102, 2 项
    "fiscal_basic_expenditure": 29,  # p16 14 + p17 15
    "general_budget": 14,  # p17 10 + p18 4
    "basic_expenditure": 29,  # p18 23 + p19 6
    "three_public": 1,  # p19: one row of amounts
    "government_fund": 0,  # p19: 合计 empty, a 此表为空 row, note 说明：本部门无相关收支项目。
    "operating_costs": 15,  # p20: 302 and its 14 items
    "procurement": 51,  # p20 4 + p21 20 + p22 23 + p23 4: rows that carry an amount, 合计 excluded
}


@pytest.fixture(scope="module")
def doc(corpus_dir):
    return parsed_document(corpus_dir, NAME)


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 8


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)
    assert doc.table("procurement").title == "公开12表：政府采购支出预算表"


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_three_public_amounts_under_their_header(doc):
    """The ruling under the header is drawn as hairline pieces next to white boxes 1 pt above it;
    read as one ruling, 1,384.74 / 484.30 / 100.00 / 267.80 sit in the amounts row, not in the header."""
    values = {r.line: r.values["total"] for r in doc.table("three_public").rows}
    assert values == {"total": "13847400.00", "subtotal": "4843000.00", "abroad": "1000000.00", "car": "2678000.00",
                      "car.purchase": None, "car.operation": "2678000.00", "reception": "1165000.00",
                      "meeting": "2004400.00", "training": "7000000.00"}


def test_operating_costs_name_and_amount_apart(doc):
    rows = [(r.code, r.name, r.values["total"]) for r in doc.table("operating_costs").rows[:3]]
    assert rows == [(None, "合计", "27225700.00"), ("302", "商品和服务支出", "27225700.00"),
                    ("30201", "办公费", "1300000.00")]


def test_label_cut_by_the_page_break(doc):
    rows = [(r.name, r.values["amount"]) for r in doc.table("summary").rows if r.code == "220"]
    assert rows == [("十七、国土海洋气象等支出", None)]


def test_empty_government_fund_table(doc):
    table = doc.table("government_fund")
    assert table.note == "说明：本部门无相关收支项目。"
    assert [r for r in table.rows if any(v is not None for v in r.values.values())] == []
