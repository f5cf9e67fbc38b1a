"""中共江苏省委办公厅 部门预算 2017, two files read as one document (js_party_office_budget_2017_narrative.pdf
+ js_party_office_budget_2017_tables.pdf): the narrative's title says 江苏省委办公厅, the tables' 部门
line 中国共产党江苏省委员会办公厅; income includes 财政专户管理资金 147.20; the part heading over the
tables says 省委办公厅."""

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

NAME = "js_party_office_budget_2017"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
# (pages of js_party_office_budget_2017_tables.pdf)
TABLE_ROWS = {
    "summary": 22,  # p1
    "income": 14,  # p2: five source groups (小计) and their nine items
    "expenditure": 1,  # p3: the one row of amounts
    "fiscal_summary": 3,  # p4
    "fiscal_expenditure": 11,  # p5: 201, 20131, 2 项; 208, 20805, 2080504; 221, 22102, 2 项
    "fiscal_basic_expenditure": 30,  # p6: 301 + 6, 302 + 15, 303 + 6
    "government_fund": 0,  # p7: header and an empty 合计 row, no note (S02)
    "general_budget": 11,  # p8
    "basic_expenditure": 30,  # p9
    "operating_costs": 17,  # p10
    "three_public": 1,  # p11: one row of amounts
    "procurement": 46,  # p12 15 + p13 21 + p14 10: rows that carry an amount, 合计 excluded
}


@pytest.fixture(scope="module")
def doc(corpus_dir):
    return parsed_document(corpus_dir, NAME)


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.department == "中国共产党江苏省委员会办公厅"
    assert doc.document.department_key == "江苏省/中共江苏省委办公厅"  # the key 2018 has too


def test_one_document_of_two_files(doc):
    names = [f.name for f in doc.document.source_files]
    assert names == ["js_party_office_budget_2017_narrative.pdf", "js_party_office_budget_2017_tables.pdf"]
    assert {t.file for t in doc.tables} == {names[1]}
    assert {f.file for f in doc.narrative} == {names[0]}


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 5


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    # S02 only: 省委办公厅 in the part heading is a short form of the department's name, no S06
    assert reading_rules(doc) == expected_reading_rules(expected) == {"S02"}


def test_fiscal_special_income(doc):
    summary = {r.line: r.values["amount"] for r in doc.table("summary").rows if r.side == "income"}
    assert (summary["fiscal_special"], summary["current_year_total"]) == ("1472000.00", "208494500.00")
    income = {r.line: r.values["total"] for r in doc.table("income").rows}
    assert (income["fiscal_special"], income["fiscal_special.non_tax"]) == ("1472000.00", "1472000.00")
