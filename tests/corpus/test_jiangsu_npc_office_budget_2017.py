"""江苏省人大常委会办公厅 部门预算 2017 (js_npc_office_budget_2017.pdf): 万元 tables numbered by the
table of contents only (一 to 十二, no 公开NN表 labels), page numbers under every page, summary labels
cut by page breaks (八、社会保障和就 / 业支出, 当年收入 / 小计), a copy of two tables set below the
visible sheet of page 11, 三公 beside 会议费 and 培训费."""

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
from shanghai_checks import blocks

from ingest.readers.blocks import TextLine

NAME = "js_npc_office_budget_2017.pdf"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
TABLE_ROWS = {
    "summary": 22,  # p7 8 + p8 13 + p9 1: 20 function lines, 当年收入小计 (cut: 当年收入 p8 / 小计 p9), 上年结转资金
    "income": 14,  # p9 6 + p10 8: five source groups (小计) and their nine items, 收入总计 excluded
    "expenditure": 1,  # p10: the one row of amounts under 合计 | 基本支出 | 项目支出 | 单位预留机动经费 | 结转下年资金
    "fiscal_expenditure": 18,  # p11: 201, 20101, 9 项; 208, 20805, 2080504; 221, 22102, 2 项
    "fiscal_summary": 3,  # p12: 一般公共预算 / 基本支出, 政府性基金预算 / 项目支出, 单位预留机动经费
    "fiscal_basic_expenditure": 23,  # p13 11 + p14 11 + p15 1 (title on p12)
    "government_fund": 0,  # p15: an empty 合计 row, note （无政府性基金支出）
    "general_budget": 18,  # p16 13 + p17 5
    "basic_expenditure": 23,  # p17 7 + p18 16
    "operating_costs": 15,  # p19: 302, 12 items, 310, 31002 (title on p18)
    "three_public": 1,  # p20: one row of amounts
    "procurement": 25,  # p20 1 + p21 11 + p22 10 + p23 3: rows that carry an amount, 合计 excluded
}


@pytest.fixture(scope="module")
def doc(corpus_dir):
    return parsed_document(corpus_dir, NAME)


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.department == "江苏省人大常委会办公厅"


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 12


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    # the table of contents names the department 省人大办公厅: a short form of its own name, no S06
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_text_set_below_the_sheet_is_not_read(doc, corpus_dir):
    """Page 11 carries a copy of the 财政拨款基本支出预算表 and the start of the government-fund table
    below the visible sheet (top 841 to 2700 pt on an 842 pt page): only the visible tables count."""
    assert [t.kind for t in doc.tables if t.page == 11] == ["fiscal_expenditure"]
    basic = doc.table("fiscal_basic_expenditure")
    assert basic.page == 13 and len(basic.rows) == 24  # 合计 + 23, once
    page_11 = [b.text for b in blocks(corpus_dir / NAME) if isinstance(b, TextLine) and b.page == 11]
    assert page_11 == ["财政拨款支出预算表", "部门：江苏省人大常委会办公厅单位：万元"]  # title, caption


def test_labels_cut_by_a_page_break_are_one_row(doc):
    rows = {(r.side, r.line, r.code): r for r in doc.table("summary").rows}
    social = rows[("expenditure", "function", "208")]
    assert social.name == "八、社会保障和就业支出" and social.values["amount"] == "16085100.00"
    assert (social.source.page, social.source.line) == (7, 11)  # 八、社会保障和就 p7, 业支出 p8
    current = rows[("income", "current_year_total", None)]
    assert current.name == "当年收入小计" and current.values["amount"] == "136490700.00"
    assert rows[("expenditure", "grand_total", None)].values["amount"] == "136490700.00"  # p9, a wide cell


def test_expenditure_by_use(doc):
    uses = {r.line: r.values["amount"] for r in doc.table("summary").rows if r.line and r.line.startswith("use.")}
    assert uses == {"use.basic": "76666800.00", "use.project": "58539600.00", "use.reserve": "1284300.00"}


def test_three_public_beside_meeting_and_training(doc):
    values = {r.line: r.values["total"] for r in doc.table("three_public").rows}
    assert values == {"total": "25426000.00", "subtotal": "8336000.00", "abroad": "2225000.00", "car": "1836000.00",
                      "car.purchase": "0.00", "car.operation": "1836000.00", "reception": "4275000.00",
                      "meeting": "13052500.00", "training": "4037500.00"}


def test_empty_government_fund_note(doc):
    assert doc.table("government_fund").note == "(无政府性基金支出）"


def test_function_lines_of_the_narrative_are_not_the_total(doc):
    """1．一般公共服务支出10528.33万元 and 会议费预算支出1305.25万元 name a function line and 会议费, not
    the expenditure total: read as such, they raise no N01 against 13,649.07."""
    kinds = {f.stated_text: f.kind for f in doc.narrative if f.page in (23, 29) and f.kind != "change"}
    assert kinds["10528.33万元"] == "function_expenditure"
    assert kinds["1305.25万元"] == "three_public.meeting"
    totals = {f.stated for f in doc.narrative if f.kind == "expenditure_total"}
    assert totals == {"136490700.00"}
