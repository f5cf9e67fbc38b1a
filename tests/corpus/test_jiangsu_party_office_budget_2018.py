"""中共江苏省委办公厅 部门预算 2018, two files read as one document (js_party_office_budget_2018_narrative.pdf
+ js_party_office_budget_2018_tables.pdf): the tables file opens with a cover (江苏省2018年度 / 省级部门
预算公开报表 / 部门:中共江苏省委办公厅) and its own contents page."""

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

NAME = "js_party_office_budget_2018"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
# (pages of js_party_office_budget_2018_tables.pdf)
TABLE_ROWS = {
    "summary": 22,  # p3
    "income": 14,  # p4: five source groups (小计) and their nine items
    "expenditure": 1,  # p5: the one row of amounts
    "fiscal_summary": 3,  # p6
    "fiscal_expenditure": 13,  # p7: 201, 20131, 2 项; 208, 20805, 3 项; 221, 22102, 2 项
    "fiscal_basic_expenditure": 30,  # p8
    "general_budget": 13,  # p9
    "basic_expenditure": 30,  # p10
    "three_public": 1,  # p11: one row of amounts
    "government_fund": 0,  # p12: an empty 合计 row, note 注：本部门无相关收支项目
    "operating_costs": 15,  # p13
    "procurement": 38,  # p14 23 + p15 15: rows that carry an amount, 合计 excluded
}


@pytest.fixture(scope="module")
def doc(corpus_dir):
    return parsed_document(corpus_dir, NAME)


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.department == "中共江苏省委办公厅"  # the cover of the tables file
    assert doc.document.department_key == "江苏省/中共江苏省委办公厅"  # 2017's key


def test_one_document_of_two_files(doc):
    names = [f.name for f in doc.document.source_files]
    assert names == ["js_party_office_budget_2018_narrative.pdf", "js_party_office_budget_2018_tables.pdf"]
    assert {t.file for t in doc.tables} == {names[1]}


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 7


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_project_item_equals_project_spending(doc):
    """expected.json's note: 2013102 一般行政管理事务 12,081.46 equals 项目支出 12,081.46."""
    item = next(r for r in doc.table("general_budget").rows if r.code == "2013102")
    assert item.values["total"] == doc.figures.project_expenditure == "120814600.00"
