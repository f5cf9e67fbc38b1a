"""普陀区人民政府办公室 部门预算 2025 (sh_putuo_govoffice_dept_budget_2025.pdf): 元 with fen, empty
fund tables with notes, and a 三公 row whose car cells are blank: every amount must land in its
own column by position (867.50 | 839.00 | 28.50 | blank | blank | blank | 213.28)."""

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

NAME = "sh_putuo_govoffice_dept_budget_2025.pdf"

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


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 12


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []
    assert cross_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_three_public_blank_cells_stay_blank(doc):
    table = doc.table("three_public")
    values = {r.line: r.values["total"] for r in table.rows}
    assert values == {"total": "8675000.00", "abroad": "8390000.00", "reception": "285000.00", "car": None,
                      "car.purchase": None, "car.operation": None, "operating_costs": "2132800.00"}


def test_empty_fund_tables_carry_their_note(doc):
    for kind in ("government_fund", "state_capital"):
        table = doc.table(kind)
        assert "故本表为空表" in table.note
        assert [r.name for r in table.rows] == ["合计"] and all(v is None for v in table.rows[0].values.values())
