"""江苏省高级人民法院 部门预算 2017 (js_high_court_budget_2017.pdf): each title (一、2017年度江苏省高级
人民法院部门收支预算总表) printed in the table's own type size right above 单位：万元, so the reader takes
it as the grid's first caption line; cell borders drawn as hairline pieces beside white background
boxes (the ruling between 一般公共预算资金 and 政府性基金, between 204 and 20405, between 301 and 30101)."""

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

NAME = "js_high_court_budget_2017.pdf"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
TABLE_ROWS = {
    "summary": 22,  # p11 3 + p12 19
    "income": 14,  # p12 8 + p13 6: five source groups (小计) and their nine items
    "expenditure": 1,  # p13: the one row of amounts
    "fiscal_summary": 3,  # p13
    "fiscal_expenditure": 15,  # p13 13 + p14 2: 204, 20405, 6 项; 208, 20805, 2080504; 221, 22102, 2 项
    "fiscal_basic_expenditure": 32,  # p14
    "government_fund": 0,  # p15: header and an empty 合计 row, no note (S02)
    "general_budget": 15,  # p15
    "basic_expenditure": 32,  # p15 10 + p16 22
    "operating_costs": 17,  # p16 12 + p17 5
    "three_public": 1,  # p17: one row of amounts
    "procurement": 52,  # p17 19 + p18 33: rows that carry an amount, 合计 excluded
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
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 9


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == {"S02"}


def test_titles_in_the_caption_lines(doc):
    assert doc.tables[0].title == "一、2017年度江苏省高级人民法院部门收支预算总表"
    assert {t.unit for t in doc.tables} == {"万元"}
    summary = doc.table("summary")
    assert summary.rows[0].name == "一、财政拨款"  # the title is no row


def test_cells_apart_where_hairline_borders_meet_white_boxes(doc):
    income = [(r.line, r.values["total"]) for r in doc.table("income").rows[:5]]
    assert income == [("total", "288493800.00"), ("general_budget", "288493800.00"),
                      ("general_budget.appropriation", "288493800.00"), ("general_budget.earmarked", None),
                      ("government_fund", None)]
    general = [(r.code, r.name, r.values["total"]) for r in doc.table("general_budget").rows[1:3]]
    assert general == [("204", "公共安全支出", "235131100.00"), ("20405", "法院", "235131100.00")]
    basic = [(r.code, r.name) for r in doc.table("basic_expenditure").rows[1:3]]
    assert basic == [("301", "工资福利支出"), ("30101", "基本工资")]
