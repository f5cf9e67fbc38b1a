"""普陀区社会福利院 单位预算 2024 (sh_putuo_welfarehome_unit_budget_2024.pdf): a 事业单位 with 事业收入;
its expenditure and general-budget tables print the 项 row of 21011 with 类 code "7" (7 | 11 | 02),
a real defect of the document (B08 in expected.json) that the reading must keep as printed."""

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

NAME = "sh_putuo_welfarehome_unit_budget_2024.pdf"

TABLE_ROWS = {
    "summary": 7,  # p7 (一、一般公共服务支出 is printed with no amount)
    "income": 14,  # p8
    "expenditure": 14,  # p9, including the row printed 7 | 11 | 02
    "fiscal_summary": 4,  # p10
    "general_budget": 14,  # p11, likewise
    "government_fund": 0,  # p12
    "state_capital": 0,  # p13
    "basic_expenditure": 26,  # p14
    "three_public": 1,  # p15
}
# the document's own B08 break (expected.json defects): 21011 has no 项 child once its only child
# is printed under 类 "7", in both tables where it is
DEFECTS = [
    ("expenditure", "21011", "total", "503724.00", "0"),
    ("expenditure", "21011", "basic", "503724.00", "0"),
    ("general_budget", "21011", "total", "503724.00", "0"),
    ("general_budget", "21011", "basic", "503724.00", "0"),
]


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 6


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_only_the_documents_own_break(doc, expected):
    assert all_breaks(doc) == DEFECTS
    assert {d["rule"] for d in expected["defects"] if d["rule"] == "B08"} == {"B08"}
    assert {(d["table"], d["left"], d["right"]) for d in expected["defects"] if d["rule"] == "B08"} == {
        ("expenditure", "503724.00", "0.00"), ("general_budget", "503724.00", "0.00")}
    assert cross_breaks(doc) == []


def test_misprinted_code_kept_as_printed(doc):
    for kind in ("expenditure", "general_budget"):
        row = next(r for r in doc.table(kind).rows if r.name == "事业单位医疗")
        assert (row.code, row.level) == ("71102", 3)  # a 项 row by position; no 2101102 is invented
        assert row.source.text.startswith("7 | 11 | 02 | 事业单位医疗")
    income = {r.code: r for r in doc.table("income").rows if r.code}
    assert "2101102" in income  # the income table prints it correctly


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_unit_income_lines(doc):
    summary = {(r.side, r.line): r for r in doc.table("summary").rows}
    assert summary[("income", "business")].values["amount"] == "2620000.00"
    assert summary[("income", "fiscal_appropriation")].values["amount"] == "9501164.00"
    old_name = next(r for r in doc.table("summary").rows if r.name == "三、医疗卫生与计划生育支出")
    assert old_name.code == "210"  # the pre-2019 name still names 类 210 (N04 is the SQL rule's)
