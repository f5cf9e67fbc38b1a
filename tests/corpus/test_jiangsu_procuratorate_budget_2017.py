"""江苏省人民检察院 部门预算 2017 (js_procuratorate_budget_2017.pdf): tables titled 一、 to 十二、 (no
公开NN表 labels), several continued over a page number, the 财政拨款基本支出预算表 continued on page 13
without the ruling between code and name, 其他资金 15.00 beside the fiscal appropriation, and the
政府采购支出预算表 (十二) that used to be read as an expenditure table."""

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

from ingest import vocabulary as v

NAME = "js_procuratorate_budget_2017.pdf"

# rows carrying a code, a line label or an amount; header rows and the grand-total row excluded
TABLE_ROWS = {
    "summary": 22,  # p10: 20 function lines, 当年收入小计 | 当年支出小计, 上年结转资金 | 结转下年资金
    "income": 14,  # p11: five source groups (小计) and their nine items
    "expenditure": 1,  # p11: the one row of amounts
    "fiscal_summary": 3,  # p11 1 + p12 2 (一般公共预算 / 基本支出 on p11; 政府性基金预算 / 项目支出, 机动经费 p12)
    "fiscal_expenditure": 15,  # p12: 204, 20404, 6 项; 208, 20805, 2080504; 221, 22102, 2 项
    "fiscal_basic_expenditure": 27,  # p12 4 + p13 23 (code and name printed in one cell on p13)
    "government_fund": 0,  # p13: header and an empty 合计 row, no note (S02)
    "general_budget": 15,  # p14
    "basic_expenditure": 27,  # p14 8 + p15 19
    "operating_costs": 15,  # p15 9 + p16 6
    "three_public": 1,  # p16: one row of amounts
    "procurement": 45,  # p16 9 + p17 25 + p18 11: rows that carry an amount, 合计 excluded
}


@pytest.fixture(scope="module")
def doc(corpus_dir):
    return parsed_document(corpus_dir, NAME)


def test_document_fields(doc, expected):
    assert_document_fields(doc, expected)
    assert doc.document.department == "江苏省人民检察院"


def test_figures(doc, expected):
    assert_figures(doc, expected)


def test_function_leaf_rows(doc, expected):
    assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    assert leaf_rows(doc) == expected["function_leaf_rows"] == 9


def test_table_kinds(doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)


def test_table_rows(doc):
    assert {t.kind: data_rows(t) for t in doc.tables} == TABLE_ROWS


def test_no_misread_cell(doc):
    assert all_breaks(doc) == []


def test_reading_findings(doc, expected):
    # S02: the government-fund table prints no rows and no note. The part heading over the tables
    # names the department 省检察院, a short form of its own name: no S06
    assert reading_rules(doc) == expected_reading_rules(expected) == {"S02"}


def test_procurement_table_is_procurement_with_labelled_rows(doc):
    """Known bug (issue 3): 十二、政府采购支出预算表 was read as kind expenditure with unlabelled rows,
    which put a non-standard table into the fact table with duplicate subjects."""
    assert [t.kind for t in doc.tables].count("expenditure") == 1
    table = doc.table("procurement")
    assert table.title == "十二、政府采购支出预算表" and table.kind not in v.STANDARD_KINDS
    assert table.columns == ["total"] and table.column_labels == {"total": "总计"}
    assert (table.rows[0].name, table.rows[0].level, table.rows[0].values["total"]) == ("合计", 0, "28898000.00")
    assert all(r.name for r in table.rows)
    assert [r.name for r in table.rows[1:4]] == [
        "一、货物A", "办公、办案设备更新购置费 / 办公设备购置", "台式计算机（20万以上） / 政府集中采购"]
    assert [r.source.page for r in table.rows][-1] == 18


def test_code_and_name_in_one_cell(doc):
    """Page 13 continues the 财政拨款基本支出预算表 without the ruling between 科目编码 and 科目名称
    (30104其他社会保障缴费 in one cell): code and name are still told apart."""
    rows = [(r.code, r.name, r.values["total"]) for r in doc.table("fiscal_basic_expenditure").rows
            if r.source.page == 13]
    assert rows[:3] == [("30104", "其他社会保障缴费", "756400.00"), ("302", "商品和服务支出", "25980600.00"),
                        ("30201", "办公费", "1380000.00")]
    assert all(r[0] and r[0].isdigit() for r in rows)


def test_other_funds_beside_the_fiscal_appropriation(doc):
    summary = {r.line: r.values["amount"] for r in doc.table("summary").rows if r.side == "income"}
    assert summary["other"] == "150000.00" and summary["general_budget"] == "179816800.00"
    income = {r.line: r.values["total"] for r in doc.table("income").rows}
    assert (income["other"], income["other.other"]) == ("150000.00", "150000.00")


def test_narrative_basic_expenditure_misprint_is_read_as_printed(doc):
    """The defect expected.json lists (N01): 基本支出预算数为12323.46万元 against the table's 12,323.48."""
    basic = [f.stated for f in doc.narrative if f.kind == "basic_expenditure" and f.page == 19]
    assert basic == ["123234600.00", "123234800.00"]  # 此外，基本支出… p19; 基本支出12323.48万元，占68.48%
