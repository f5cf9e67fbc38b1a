"""江苏省政协办公厅 部门预算 2017, two files read as one document (js_cppcc_office_budget_2017_narrative.pdf
+ js_cppcc_office_budget_2017_tables.pdf): tables labelled 表一 to 表十二, the 政府采购 table continued on
page 13 under its repeated title, department line and header, 其他资金 80.00, the 收入预算总表 label
财政转专户管理资金 (sic), the 三公 title qualified （一般公共预算）."""

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

NAME = "js_cppcc_office_budget_2017"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
# (pages of js_cppcc_office_budget_2017_tables.pdf)
TABLE_ROWS = {
    "summary": 22,  # p1
    "income": 14,  # p2: five source groups (小计) and their nine items
    "expenditure": 1,  # p3: the one row of amounts
    "fiscal_summary": 3,  # p4
    "fiscal_expenditure": 14,  # p5: 201, 20102, 5 项; 208, 20805, 2080504; 221, 22102, 2 项
    "fiscal_basic_expenditure": 26,  # p6
    "government_fund": 0,  # p7: an empty 合计 row, note 注：我单位无2017年政府性基金支出安排。
    "general_budget": 14,  # p8
    "basic_expenditure": 26,  # p9
    "operating_costs": 14,  # p10
    "three_public": 1,  # p11: one row of amounts
    "procurement": 39,  # p12 24 + p13 15 (title, 部门 line and header repeated on p13): amounts, 合计 excluded
}


@pytest.fixture(scope="module")
def doc(corpus_dir):
    return parsed_document(corpus_dir, NAME)


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.department == "江苏省政协办公厅"


def test_one_document_of_two_files(doc):
    names = [f.name for f in doc.document.source_files]
    assert names == ["js_cppcc_office_budget_2017_narrative.pdf", "js_cppcc_office_budget_2017_tables.pdf"]
    assert {t.file for t in doc.tables} == {names[1]}


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 8


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)
    assert doc.table("three_public").title == "“三公”经费、会议费、培训费支出预算表（一般公共预算）"


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_procurement_continued_under_its_repeated_title(doc):
    tables = [t for t in doc.tables if t.kind == "procurement"]
    assert len(tables) == 1 and tables[0].page == 12
    rows = tables[0].rows
    assert sorted({r.source.page for r in rows}) == [12, 13]
    assert not any("采购品目大类" in r.name or "部门" in r.name for r in rows)  # no repeated header row


def test_other_funds_and_misprinted_label(doc):
    summary = {r.line: r.values["amount"] for r in doc.table("summary").rows if r.side == "income"}
    assert summary["other"] == "800000.00"
    names = {r.line: r.name for r in doc.table("income").rows}
    assert names["fiscal_special"] == "财政转专户管理资金小计"  # as printed
