"""The official 决算 template (sh_template_dept_final_2024.pdf, 上海市 XX 局): no amounts anywhere, sample
subject rows and 。。。/… placeholder rows, XX in every name and figure. It names a department and a
year, so it is read as a document and its placeholders are an S05 error (quarantined), unlike the
fill-in workbooks, which name neither and are rejected as blank templates."""

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

NAME = "sh_template_dept_final_2024.pdf"

TABLE_ROWS = {
    "summary": 26,  # p5: 24 function lines + 2 结余 / 结转 rows, all without amounts
    "income": 5,  # p6: 205 / 20502 / 2050205 / 207 / 20799; the … rows are placeholders
    "expenditure": 5,  # p7: likewise
    "fiscal_summary": 28,  # p8 15 + p9 13
    "general_budget": 5,  # p10
    "basic_expenditure": 65,  # p11: two panels of sample codes
    "three_public": 0,  # p12: header rows only
    "government_fund": 0,  # p13
    "state_capital": 0,  # p14
}


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.department == "上海市XX局"  # printed 上海市 XX 局: the reader drops the spaces


def test_figures(doc, expected):
    assert_figures(doc, expected)
    assert doc.figures.three_public_total == "0.00"  # the table is there and empty


def test_function_leaf_rows(doc, expected):
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 1


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_amount_anywhere(doc):
    assert all(v is None for t in doc.tables for r in t.rows for v in r.values.values())
    assert all_breaks(doc) == [] and cross_breaks(doc) == []


def test_placeholders_are_an_s05_error(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == {"S05"}
    s05 = [f for f in doc.findings if f.rule == "S05"]
    assert all(f.severity == "error" for f in s05)
    assert any("department" in f.message and f.left == "上海市XX局" for f in s05)
    assert any("XXX万元" in (f.left or "") for f in s05)
