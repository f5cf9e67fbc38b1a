"""普陀区财政局 部门预算 2025 (sh_putuo_finance_dept_budget_2025.pdf): 元 with fen; the 三公 row prints
only 0.95 under 合计 and 公务接待费 and 229.43 under 机关运行经费, every other cell blank."""

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

NAME = "sh_putuo_finance_dept_budget_2025.pdf"

TABLE_ROWS = {
    "summary": 7,  # p9
    "income": 19,  # p10 12 + p11 7
    "expenditure": 19,  # p12 12 + p13 7
    "fiscal_summary": 4,  # p14
    "general_budget": 19,  # p15 13 + p16 6
    "government_fund": 0,  # p17
    "state_capital": 0,  # p18
    "basic_expenditure": 29,  # p19 14 + p20 15
    "three_public": 1,  # p21
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
    assert all_breaks(doc) == []
    assert cross_breaks(doc) == []


def test_reading_findings(doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == set()


def test_three_public_sparse_row(doc):
    values = {r.line: r.values["total"] for r in doc.table("three_public").rows}
    assert values == {"total": "9500.00", "abroad": None, "reception": "9500.00", "car": None, "car.purchase": None,
                      "car.operation": None, "operating_costs": "2294300.00"}


def test_state_capital_note_as_printed(doc):
    # the state-capital table carries the government-fund note (expected.json notes; outside the rules)
    assert doc.table("state_capital").note == "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"


def test_narrative_amount_split_by_a_space_glyph(corpus_dir):
    """p22 prints 中介机构服务费418.80万 元 with a space glyph inside 万元, in a justified line: the
    paragraph reads 418.80万元, and its wrapped lines are one paragraph."""
    from shanghai_checks import blocks

    from ingest.readers.blocks import TextLine

    texts = [b.text for b in blocks(corpus_dir / NAME) if isinstance(b, TextLine) and b.page == 22]
    assert "涉及项目预算资金598.46万元。其中：中介机构服务费418.80万元，财政业务费10.00万元，信息化系统日常维护费166.66万元，援滇干部工作经费3.00万元。" in " ".join(texts)
