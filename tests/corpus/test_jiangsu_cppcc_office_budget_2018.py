"""江苏省政协办公厅 部门预算 2018, two files read as one document (js_cppcc_office_budget_2018_narrative.pdf
+ js_cppcc_office_budget_2018_tables.pdf): tables labelled 公开01表 to 公开12表, the narrative's title
broken after the year (江苏省政协办公厅2018年度 / 部门预算公开), 其他资金 80.00, the government-fund
note 注：本部门无该项目."""

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

NAME = "js_cppcc_office_budget_2018"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
# (pages of js_cppcc_office_budget_2018_tables.pdf)
TABLE_ROWS = {
    "summary": 22,  # p1
    "income": 14,  # p2: five source groups (小计) and their nine items
    "expenditure": 1,  # p3: the one row of amounts
    "fiscal_summary": 3,  # p4
    "fiscal_expenditure": 16,  # p5
    "fiscal_basic_expenditure": 27,  # p6
    "general_budget": 16,  # p7
    "basic_expenditure": 27,  # p8
    "three_public": 1,  # p9: one row of amounts
    "government_fund": 0,  # p10: an empty 合计 row, note 注：本部门无该项目
    "operating_costs": 14,  # p11
    "procurement": 28,  # p12: rows that carry an amount, 合计 excluded
}


@pytest.fixture(scope="module")
def doc(corpus_dir):
    return parsed_document(corpus_dir, NAME)


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.department == "江苏省政协办公厅"


def test_one_document_of_two_files(doc):
    names = [f.name for f in doc.document.source_files]
    assert names == ["js_cppcc_office_budget_2018_narrative.pdf", "js_cppcc_office_budget_2018_tables.pdf"]
    assert {t.file for t in doc.tables} == {names[1]}


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 10


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    # 注：本部门无该项目 is the government-fund table's empty-table note: no S02
    assert doc.table("government_fund").note == "注：本部门无该项目"
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_fiscal_basic_spending_of_the_narrative_is_its_own_figure(doc):
    """财政拨款基本支出预算5,598.17万元 is the fiscal appropriations' basic spending (the tables' 5,598.17),
    not the 支出预算总表's 基本支出 5,678.17 that includes 其他资金 80.00: no N01 between the two."""
    fiscal = next(r for r in doc.table("fiscal_summary").rows if r.line == "use.basic")
    stated = {f.stated for f in doc.narrative if f.kind == "fiscal_basic_expenditure"}
    assert stated == {fiscal.values["total"]} == {"55981700.00"}
    assert {f.stated for f in doc.narrative if f.kind == "basic_expenditure"} <= {doc.figures.basic_expenditure}
