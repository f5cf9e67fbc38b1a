"""普陀区人民政府办公室 单位预算 2025 (sh_putuo_govoffice_unit_budget_2025.pdf): the unit document of
the same body (预算单位：…, 2025年区级单位预算 → scope unit, 编制单位 in the table headers); its 财务收支
预算总表 adds a by-use panel (合计 | 基本支出: 人员经费, 公用经费 | 项目支出) beside the function lines."""

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

NAME = "sh_putuo_govoffice_unit_budget_2025.pdf"

TABLE_ROWS = {
    "summary": 7,  # p8: 7 income lines beside 4 function lines
    "income": 20,  # p9 12 + p10 8
    "expenditure": 20,  # p11 12 + p12 8
    "fiscal_summary": 4,  # p13
    "general_budget": 20,  # p14 13 + p15 7
    "government_fund": 0,  # p16
    "state_capital": 0,  # p17
    "basic_expenditure": 29,  # p18 13 + p19 16
    "three_public": 1,  # p20
}


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.scope == "unit"


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_same_figures_as_the_department_document(doc, corpus_dir):
    from shanghai_checks import parsed

    department = parsed(corpus_dir / "sh_putuo_govoffice_dept_budget_2025.pdf")
    assert doc.figures == department.figures
    assert doc.document.document_key != department.document.document_key  # …|unit vs …|department


def test_function_leaf_rows(doc, expected):
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 12


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []
    assert cross_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_summary_by_use_panel_stays_in_the_printed_row(doc):
    """The by-use columns have no canonical column yet (see the report): the 合计 is the amount, and
    the printed row keeps the rest."""
    summary = doc.table("summary")
    assert summary.columns == ["amount"]
    line = next(r for r in summary.rows if r.side == "expenditure" and r.code == "201")
    assert line.values["amount"] == "82096797.42"
    assert line.source.text.endswith("82,096,797.42 | 13,819,399.88 | 1,867,397.54 | 66,410,000.00")
