"""The 三公 (and 机关运行经费 / 会议费 / 培训费) tables of single corpus documents: every amount in its
own column, blank cells blank, 预算数 beside 决算数. The sums of these tables are
test_corpus_documents::test_no_misread_cell's; these are the values as printed."""

from __future__ import annotations

from corpus_documents import for_document


@for_document("sh_putuo_wanli_street_dept_budget_2023.pdf")
def test_three_public_row_in_wan_yuan(doc):
    table = doc.table("three_public")
    assert table.unit == "万元"
    values = {r.line: r.values["total"] for r in table.rows}
    assert values == {"total": "229100.00", "abroad": "0.00", "reception": "13500.00", "car": "215600.00",
                      "car.purchase": "0.00", "car.operation": "215600.00", "operating_costs": "7860900.00"}


@for_document("sh_putuo_wanli_street_dept_budget_2024.pdf")
def test_three_public_amounts_beside_an_empty_note(doc):
    table = doc.table("three_public")
    assert table.note == "注:本部门2024年无“三公”经费和机关运行经费预算，故本表为空表。"
    values = {r.line: r.values["total"] for r in table.rows}
    assert (values["car.purchase"], values["car.operation"], values["total"]) == ("250000.00", "215600.00",
                                                                                   "479100.00")


@for_document("sh_putuo_govoffice_dept_budget_2025.pdf")
def test_three_public_blank_cells_stay_blank(doc):
    """867.50 | 839.00 | 28.50 | blank | blank | blank | 213.28: each amount in its column by position."""
    table = doc.table("three_public")
    values = {r.line: r.values["total"] for r in table.rows}
    assert values == {"total": "8675000.00", "abroad": "8390000.00", "reception": "285000.00", "car": None,
                      "car.purchase": None, "car.operation": None, "operating_costs": "2132800.00"}


@for_document("sh_putuo_finance_dept_budget_2025.pdf")
def test_three_public_sparse_row(doc):
    """Only 0.95 under 合计 and 公务接待费 and 229.43 under 机关运行经费, every other cell blank."""
    values = {r.line: r.values["total"] for r in doc.table("three_public").rows}
    assert values == {"total": "9500.00", "abroad": None, "reception": "9500.00", "car": None, "car.purchase": None,
                      "car.operation": None, "operating_costs": "2294300.00"}


@for_document("sh_putuo_finance_final_2024.pdf")
def test_three_public_budget_and_final_columns(doc):
    table = doc.table("three_public")
    assert table.columns == ["budget", "total"]
    values = {r.line: (r.values["budget"], r.values["total"]) for r in table.rows}
    assert values["total"] == ("9500.00", None) and values["reception"] == ("9500.00", None)
    assert values["abroad"] == (None, None)


@for_document("js_npc_office_budget_2017.pdf")
def test_three_public_beside_meeting_and_training(doc):
    values = {r.line: r.values["total"] for r in doc.table("three_public").rows}
    assert values == {"total": "25426000.00", "subtotal": "8336000.00", "abroad": "2225000.00", "car": "1836000.00",
                      "car.purchase": "0.00", "car.operation": "1836000.00", "reception": "4275000.00",
                      "meeting": "13052500.00", "training": "4037500.00"}


@for_document("js_npc_office_budget_2018.pdf")
def test_three_public_blank_car_purchase(doc):
    values = {r.line: r.values["total"] for r in doc.table("three_public").rows}
    assert values["car.purchase"] is None and values["car"] == values["car.operation"] == "1836000.00"
    assert doc.figures.three_public_total == "8336000.00"  # 222.50 + 183.60 + 427.50, never 会议费 / 培训费


@for_document("js_procuratorate_budget_2018.pdf")
def test_three_public_amounts_under_their_header(doc):
    """The ruling under the header is drawn as hairline pieces next to white boxes 1 pt above it;
    read as one ruling, 1,384.74 / 484.30 / 100.00 / 267.80 sit in the amounts row, not in the header."""
    values = {r.line: r.values["total"] for r in doc.table("three_public").rows}
    assert values == {"total": "13847400.00", "subtotal": "4843000.00", "abroad": "1000000.00", "car": "2678000.00",
                      "car.purchase": None, "car.operation": "2678000.00", "reception": "1165000.00",
                      "meeting": "2004400.00", "training": "7000000.00"}
