"""普陀区万里街道办事处 部门预算 2024 (sh_putuo_wanli_street_dept_budget_2024.pdf): the 2023 layout;
the economic table prints item codes 301 | 2 and 301 | 7 (a spreadsheet dropped the leading
zero), the 三公 table prints amounts and an 空表 note, and pages 15 and 20 are empty table frames."""

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

NAME = "sh_putuo_wanli_street_dept_budget_2024.pdf"

TABLE_ROWS = {
    "summary": 9,  # p10: nine function lines
    "income": 66,  # p11 12 + p12 18 + p13 18 + p14 18 (p15 is an empty frame)
    "expenditure": 66,  # p16 12 + p17 18 + p18 18 + p19 18 (p20 is an empty frame)
    "fiscal_summary": 9,  # p21
    "general_budget": 66,  # p22 13 + p23 16 + p24 16 + p25 16 + p26 5
    "government_fund": 0,  # p27
    "state_capital": 0,  # p28
    "basic_expenditure": 31,  # p29 13 + p30 18
    "three_public": 1,  # p31
}


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 33


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []
    assert cross_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_one_digit_item_codes(doc):
    rows = {r.code: r for r in doc.table("basic_expenditure").rows if r.code}
    assert rows["30102"].source.text.startswith("301 | 2 | 津贴补贴")
    assert (rows["30102"].level, rows["30102"].values["total"]) == (2, "16623810.00")
    assert (rows["30107"].level, rows["30107"].values["total"]) == (2, "11447100.00")


def test_three_public_amounts_beside_an_empty_note(doc):
    table = doc.table("three_public")
    assert table.note == "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"
    values = {r.line: r.values["total"] for r in table.rows}
    assert (values["car.purchase"], values["car.operation"], values["total"]) == ("250000.00", "215600.00",
                                                                                   "479100.00")


def test_no_performance_forms(doc):
    assert doc.performance_targets == []
