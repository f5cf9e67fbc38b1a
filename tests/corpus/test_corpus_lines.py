"""Amounts on named lines of single corpus documents: the summary's income and expenditure lines
(决算 balances, 事业收入, 其他资金, 财政专户管理资金, the expenditure by use), as printed."""

from __future__ import annotations

from corpus_checks import parsed
from corpus_documents import for_document

# --- Shanghai -----------------------------------------------------------------------------------


@for_document("sh_putuo_govoffice_unit_budget_2025.pdf")
def test_same_figures_as_the_department_document(doc, corpus_dir):
    """The unit document of the same body: the same ten figures under another document key."""
    department = parsed(corpus_dir / "sh_putuo_govoffice_dept_budget_2025.pdf")
    assert doc.figures == department.figures
    assert doc.document.document_key != department.document.document_key  # …|unit vs …|department


@for_document("sh_putuo_welfarehome_unit_budget_2024.pdf")
def test_unit_income_lines(doc):
    summary = {(r.side, r.line): r for r in doc.table("summary").rows}
    assert summary[("income", "business")].values["amount"] == "2620000.00"
    assert summary[("income", "fiscal_appropriation")].values["amount"] == "9501164.00"
    old_name = next(r for r in doc.table("summary").rows if r.name == "三、医疗卫生与计划生育支出")
    assert old_name.code == "210"  # the pre-2019 name still names 类 210 (N04 is the SQL rule's)


@for_document("sh_putuo_finance_final_2024.pdf")
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


# --- Jiangsu ------------------------------------------------------------------------------------


@for_document("js_npc_office_budget_2017.pdf")
def test_expenditure_by_use(doc):
    uses = {r.line: r.values["amount"] for r in doc.table("summary").rows if r.line and r.line.startswith("use.")}
    assert uses == {"use.basic": "76666800.00", "use.project": "58539600.00", "use.reserve": "1284300.00"}


@for_document("js_procuratorate_budget_2017.pdf")
def test_other_funds_beside_the_fiscal_appropriation(doc):
    summary = {r.line: r.values["amount"] for r in doc.table("summary").rows if r.side == "income"}
    assert summary["other"] == "150000.00" and summary["general_budget"] == "179816800.00"
    income = {r.line: r.values["total"] for r in doc.table("income").rows}
    assert (income["other"], income["other.other"]) == ("150000.00", "150000.00")


@for_document("js_party_office_budget_2017")
def test_fiscal_special_income(doc):
    summary = {r.line: r.values["amount"] for r in doc.table("summary").rows if r.side == "income"}
    assert (summary["fiscal_special"], summary["current_year_total"]) == ("1472000.00", "208494500.00")
    income = {r.line: r.values["total"] for r in doc.table("income").rows}
    assert (income["fiscal_special"], income["fiscal_special.non_tax"]) == ("1472000.00", "1472000.00")


@for_document("js_party_office_budget_2018")
def test_project_item_equals_project_spending(doc):
    """expected.json's note: 2013102 一般行政管理事务 12,081.46 equals 项目支出 12,081.46."""
    item = next(r for r in doc.table("general_budget").rows if r.code == "2013102")
    assert item.values["total"] == doc.figures.project_expenditure == "120814600.00"


@for_document("js_cppcc_office_budget_2017")
def test_other_funds_and_misprinted_label(doc):
    summary = {r.line: r.values["amount"] for r in doc.table("summary").rows if r.side == "income"}
    assert summary["other"] == "800000.00"
    names = {r.line: r.name for r in doc.table("income").rows}
    assert names["fiscal_special"] == "财政转专户管理资金小计"  # as printed
