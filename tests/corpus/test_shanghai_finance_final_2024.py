"""普陀区财政局 部门决算 2024 (sh_putuo_finance_final_2024.pdf): final accounts in 万元. Labels sit at
the top of tall rows and the amounts lower; 类 / 款 / 项 labels share the band of the 合计 row; the
economic table prints two panels side by side over two pages with a 人员经费合计 | 公用经费合计
footer; the 三公 table pairs 预算数 / 决算数 under each part; the narrative sets its numbers in
Times on a baseline 4.8 pt below the FangSong text."""

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

NAME = "sh_putuo_finance_final_2024.pdf"

TABLE_ROWS = {
    "summary": 28,  # p6 26 (八 income lines beside 二十六 function lines) + p7 2 (结余 / 结转和结余 rows)
    "income": 19,  # p8 14 + p9 5
    "expenditure": 19,  # p10 11 + p11 8
    "fiscal_summary": 30,  # p12 13 + p13 17 (26 function lines, 年初结转 and its 3 fund lines)
    "general_budget": 19,  # p15
    "basic_expenditure": 64,  # p16 19 rows x 2 panels + p17 7 left and 19 right entries
    "three_public": 1,  # p18
    "government_fund": 0,  # p19
    "state_capital": 0,  # p20
}


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 11


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    # the identities expected.json says hold only within rounding (301: 2,082.85 vs 2,082.86 …) hold
    assert all_breaks(doc) == []
    assert cross_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_final_summary_lines(doc):
    lines = {(r.side, r.line): r.values.get("amount") for r in doc.table("summary").rows if r.line != "function"}
    assert lines[("income", "current_year_total")] == "29462500.00"
    assert lines[("income", "non_fiscal_balance")] is None
    assert lines[("income", "carry_over")] == "491400.00"
    assert lines[("income", "grand_total")] == lines[("expenditure", "grand_total")] == "29953900.00"
    assert lines[("expenditure", "balance_distribution")] is None
    assert lines[("expenditure", "year_end_carry")] == "553400.00"
    fiscal = {(r.side, r.line): r for r in doc.table("fiscal_summary").rows}
    assert fiscal[("income", "carry_over.general_budget")].values["amount"] == "216300.00"


def test_two_panel_economic_table(doc):
    table = doc.table("basic_expenditure")
    rows = {r.code: r for r in table.rows if r.code}
    assert rows["301"].values == {"total": "20828500.00"} and rows["302"].values == {"total": "1710700.00"}
    assert rows["30103"].values == {"total": None}  # 奖金: blank
    assert rows["31002"].source.page == 17
    total = table.rows[-1]
    assert (total.line, total.values) == ("total", {"personnel": "21522600.00", "public": "1846500.00"})


def test_three_public_budget_and_final_columns(doc):
    table = doc.table("three_public")
    assert table.columns == ["budget", "total"]
    values = {r.line: (r.values["budget"], r.values["total"]) for r in table.rows}
    assert values["total"] == ("9500.00", None) and values["reception"] == ("9500.00", None)
    assert values["abroad"] == (None, None)


def test_shifted_numbers_stay_in_their_sentences(doc):
    facts = {f.stated_text: f for f in doc.narrative if f.page == 21}
    assert facts["2995.39万元"].text == "上海市普陀区财政局2024年度收入支出总计2995.39万元。"
    assert facts["0.3万元"].text.startswith("上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元")
    operating = next(f for f in doc.narrative if f.kind == "operating_costs")
    assert (operating.page, operating.stated) == (24, "1846500.00")
