"""普陀区司法局 部门预算 2026 (sh_putuo_justice_dept_budget_2026.pdf): function and economic tables
print amounts without thousands separators (87267272.44) and 0.00 for zero, the summaries with
separators; the empty fund tables print a 无 row besides their note; page 3 is an empty frame."""

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

NAME = "sh_putuo_justice_dept_budget_2026.pdf"

TABLE_ROWS = {
    "summary": 7,  # p10
    "income": 21,  # p11
    "expenditure": 21,  # p12 12 + p13 9
    "fiscal_summary": 4,  # p14
    "general_budget": 21,  # p15 14 + p16 7
    "government_fund": 0,  # p17: a 无 row, an empty 合计 row and the note
    "state_capital": 0,  # p18: likewise
    "basic_expenditure": 29,  # p19 13 + p20 16
    "three_public": 1,  # p21
}


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 13


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []
    assert cross_breaks(doc) == []


def test_reading_findings(doc, expected):
    # the 无 rows are no data: no S02 (rows and an empty note) on the fund tables
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_amounts_with_and_without_separators(doc):
    income = {r.code or r.name: r for r in doc.table("income").rows}
    assert income["204"].texts["total"] == "87267272.44" and income["204"].values["total"] == "87267272.44"
    assert income["204"].texts["business"] == "0.00" and income["204"].values["business"] == "0.00"
    summary = next(r for r in doc.table("summary").rows if r.line == "grand_total" and r.side == "income")
    assert summary.texts["amount"] == "96,282,213.44" and summary.values["amount"] == "96282213.44"
