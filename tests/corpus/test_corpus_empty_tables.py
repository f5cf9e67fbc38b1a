"""Empty tables of single corpus documents: the fund tables a department has nothing for, printed
with a note (read as the table's note, so no S02) or without one, and the 决算 template that prints
no amount at all."""

from __future__ import annotations

from corpus_documents import for_document


@for_document("sh_putuo_govoffice_dept_budget_2025.pdf")
def test_empty_fund_tables_carry_their_note(doc):
    for kind in ("government_fund", "state_capital"):
        table = doc.table(kind)
        assert "故本表为空表" in table.note
        assert [r.name for r in table.rows] == ["合计"] and all(v is None for v in table.rows[0].values.values())


@for_document("sh_putuo_finance_dept_budget_2025.pdf")
def test_state_capital_note_as_printed(doc):
    # the state-capital table carries the government-fund note (expected.json notes; outside the rules)
    assert doc.table("state_capital").note == "注:本部门2025年无政府性基金预算财政拨款安排的预算，故本表为空表。"


@for_document("sh_putuo_planning_final_2024.pdf")
def test_empty_fund_tables_two_line_note(doc):
    for kind in ("government_fund", "state_capital"):
        note = doc.table(kind).note
        assert note.startswith("注：本表反映部门本年度") and note.endswith("故本表无数据。")


@for_document("sh_template_dept_final_2024.pdf")
def test_no_amount_anywhere(doc):
    """Sample subject rows and placeholders only (its sums: test_corpus_documents::test_no_misread_cell)."""
    assert all(v is None for t in doc.tables for r in t.rows for v in r.values.values())


@for_document("js_npc_office_budget_2017.pdf")
def test_empty_government_fund_note(doc):
    assert doc.table("government_fund").note == "(无政府性基金支出）"


@for_document("js_procuratorate_budget_2018.pdf")
def test_empty_government_fund_table(doc):
    table = doc.table("government_fund")
    assert table.note == "说明：本部门无相关收支项目。"
    assert [r for r in table.rows if any(v is not None for v in r.values.values())] == []


@for_document("js_cppcc_office_budget_2018")
def test_government_fund_note_is_the_empty_table_note(doc):
    """注：本部门无该项目 is the government-fund table's empty-table note: no S02
    (test_corpus_documents::test_reading_findings)."""
    assert doc.table("government_fund").note == "注：本部门无该项目"
