"""江苏省高级人民法院 部门预算 2018 (js_high_court_budget_2018.pdf): titles in the caption lines as in
2017; the 财政拨款收支预算总表 starts at the foot of page 10 with its two-cell header row (收入 | 支出)
and continues on page 11 with four columns; the 一般公共预算基本支出预算表 title stands above a
separate 单位：万元 line."""

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

NAME = "js_high_court_budget_2018.pdf"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
TABLE_ROWS = {
    "summary": 22,  # p9 17 + p10 5
    "income": 14,  # p10: five source groups (小计) and their nine items
    "expenditure": 1,  # p10: the one row of amounts
    "fiscal_summary": 3,  # p11 (its header row 收入 | 支出 on p10)
    "fiscal_expenditure": 17,  # p11: 204, 20405, 6 项; 208, 20805, 3 项; 221, 22102, 2 项
    "fiscal_basic_expenditure": 33,  # p11 5 + p12 28
    "general_budget": 17,  # p12 5 + p13 12
    "basic_expenditure": 33,  # p13 24 + p14 9
    "three_public": 1,  # p14: one row of amounts
    "government_fund": 0,  # p14: header and an empty 合计 row, no note (S02)
    "operating_costs": 16,  # p14 13 + p15 3
    "procurement": 53,  # p15 27 + p16 26: rows that carry an amount, 合计 excluded
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
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 11


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == {"S02"}


def test_fiscal_summary_header_fragment_continued_with_finer_columns(doc):
    table = doc.table("fiscal_summary")
    assert (table.title, table.page) == ("四、2018年度江苏省高级人民法院财政拨款收支预算总表", 10)
    assert table.columns == ["amount", "total"]
    assert [(r.side, r.line, r.values.get("amount", r.values.get("total"))) for r in table.rows] == [
        ("income", "general_budget", "331721500.00"), ("expenditure", "use.basic", "185708200.00"),
        ("income", "government_fund", None), ("expenditure", "use.project", "113432700.00"),
        ("expenditure", "use.reserve", "32580600.00"),
        ("income", "grand_total", "331721500.00"), ("expenditure", "grand_total", "331721500.00")]


def test_title_above_a_unit_line(doc):
    table = doc.table("basic_expenditure")
    assert (table.title, table.unit) == ("八、2018年度江苏省高级人民法院一般公共预算基本支出预算表", "万元")
