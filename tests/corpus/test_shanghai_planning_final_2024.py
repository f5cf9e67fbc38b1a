"""普陀区规划和自然资源局 部门决算 2024 (sh_putuo_planning_final_2024.pdf): final accounts in 万元 with
codes in one column (2080501), table titles in the body size under a page heading that names the
city bureau (上海市规划和自然资源局: S06), the cover name wrapped over two lines, and two-line notes
under the empty fund tables (注：本表反映… / 说明：…故本表无数据。)."""

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

NAME = "sh_putuo_planning_final_2024.pdf"

TABLE_ROWS = {
    "summary": 26,  # p7: 24 function lines + 使用非财政拨款结余 / 年初结转和结余 rows
    "income": 24,  # p8 11 + p9 13
    "expenditure": 24,  # p10 11 + p11 13
    "fiscal_summary": 28,  # p12 15 + p13 13
    "general_budget": 24,  # p14 21 + p15 3
    "basic_expenditure": 65,  # p16: 38 physical rows, two panels
    "three_public": 1,  # p17
    "government_fund": 0,  # p18
    "state_capital": 0,  # p19
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
    # expected.json: several identities hold only within rounding (212: 3,832.36 vs 1,572.70 + 2,259.65)
    assert all_breaks(doc) == []
    assert cross_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == {"S06"}
    s06 = next(f for f in doc.findings if f.rule == "S06")
    assert (s06.left, s06.right) == ("上海市普陀区规划和自然资源局", "上海市规划和自然资源局")


def test_empty_fund_tables_two_line_note(doc):
    for kind in ("government_fund", "state_capital"):
        note = doc.table(kind).note
        assert note.startswith("注：本表反映部门本年度") and note.endswith("故本表无数据。")


def test_codes_in_one_column(doc):
    rows = {r.code: r for r in doc.table("general_budget").rows if r.code}
    assert rows["2080505"].name == "机关事业单位基本养老保险缴费支出"  # wrapped over three lines
    assert (rows["22102"].source.page, rows["22102"].values["total"]) == (15, "4610800.00")
    three = {r.line: r.values for r in doc.table("three_public").rows}
    assert three["reception"] == {"budget": "28500.00", "total": "3900.00"}
