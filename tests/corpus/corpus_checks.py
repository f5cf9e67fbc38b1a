"""Test helpers for the corpus: expected.json, one parse per document, row counts and the arithmetic
that catches a misread cell, for the Shanghai PDFs (元 / 万元, one file each) and the Jiangsu documents
(江苏省 省级部门预算 2017–2018, 万元; two-file documents read as one).

FOR TESTS ONLY. The production balance rules live once, in SQL (expectations/rules/); these sums
exist so that a test fails when the reader puts an amount in the wrong column or row — a misread
cell breaks 类 = Σ款, 款 = Σ项 or a row identity, a correct reading of a sound table never does.
Jiangsu's own layout adds sums of its own: the expenditure printed a second time by use (基本 / 项目
/ 单位预留机动经费), 三公 小计 beside 会议费 and 培训费 under one 合计, and its 财政拨款 tables printed
twice (all fiscal appropriations, then the general budget: identical where there is no government
fund). Every break a correct reading finds must be a real defect of the document, listed in
expected.json.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from ingest.model import Document, Row, Table
from ingest.reading.identity import normalise_name
from ingest.reading.parse import parse_file, parse_paths

FUNCTION_KINDS = ("income", "expenditure", "general_budget", "government_fund", "state_capital")
SUMMARY_KINDS = ("summary", "fiscal_summary")
TOTAL_LINES = ("total", "grand_total", "current_year_total")
# Jiangsu: the tables whose rows are subject codes under a 合计 row
JIANGSU_CODED_KINDS = ("general_budget", "government_fund", "basic_expenditure", "fiscal_expenditure",
                       "fiscal_basic_expenditure", "operating_costs")
USE_LINES = ("use.basic", "use.project", "use.reserve")
Break = tuple[str, str, str, str, str]


# --- expected.json and one parse per document -------------------------------------------------


@cache
def expected_readings(corpus: Path) -> dict:
    return json.loads((corpus / "expected.json").read_text(encoding="utf-8"))


@cache
def blocks(path: Path) -> list:
    """The reader's blocks of one file (read once per session)."""
    from ingest.readers.pdf import read_pdf

    return read_pdf(path).blocks


@cache
def parsed(path: Path) -> Document:
    """One parse per file per test session (the corpus tests read each PDF once)."""
    return parse_file(path)


@cache
def parsed_document(corpus: Path, key: str) -> Document:
    """The one document that expected.json's entry ``key`` describes, its files read together."""
    entry = expected_readings(corpus)[key]
    docs = parse_paths([corpus / name for name in entry["files"]])
    assert len(docs) == 1, [d.document.source_files for d in docs]
    return docs[0]


def is_jiangsu(key: str) -> bool:
    return key.startswith("js_")


def corpus_document(corpus: Path, key: str) -> Document:
    """expected.json's entry ``key`` parsed once per session, as each region's tests have always read
    it: a Shanghai PDF by ``parse_file``, a Jiangsu document (one or two files) by ``parse_paths``."""
    return parsed_document(corpus, key) if is_jiangsu(key) else parsed(corpus / key)


# --- what every corpus document is checked for ------------------------------------------------


def assert_shanghai_document_fields(doc: Document, expected: dict) -> None:
    """department (compared normalised: the template prints 上海市 XX 局 with spaces), year, phase, scope."""
    meta = doc.document
    assert meta.status == expected["status"] == "parsed"
    assert normalise_name(meta.department or "") == normalise_name(expected["department"])
    assert (meta.year, meta.phase, meta.scope) == (expected["year"], expected["phase"], expected["scope"])
    assert meta.source_files[0].format == "pdf"
    assert {meta.source_files[0].name: meta.source_files[0].pages} == expected["pages"]


def assert_jiangsu_document_fields(doc: Document, expected: dict) -> None:
    """status, department (normalised: 中国共产党…委员会 = 中共…委), region, year, phase, scope, files."""
    meta = doc.document
    assert meta.status == expected["status"] == "parsed"
    assert normalise_name(meta.department or "") == normalise_name(expected["department"])
    assert (meta.region.province, meta.region.city, meta.region.county) == ("江苏省", None, None)
    assert (meta.year, meta.phase, meta.scope) == (expected["year"], expected["phase"], expected["scope"])
    assert {f.name: f.pages for f in meta.source_files} == expected["pages"]
    assert {f.format for f in meta.source_files} == {"pdf"}


def assert_figures(doc: Document, expected: dict) -> None:
    assert doc.figures.model_dump() == expected["figures"]


def leaf_rows(doc: Document, kind: str) -> int:
    """7-digit 项 rows of the table ``kind`` (expected.json's function_leaf_rows): the expenditure
    table in Shanghai, the general-budget table in Jiangsu (whose 支出预算总表 has no function rows)."""
    return sum(1 for r in doc.table(kind).rows if r.code and re.fullmatch(r"2\d{6}", r.code))


def shanghai_data_rows(table: Table) -> int:
    """Printed rows that carry a code, a label line or an amount; header and 合计/总计 rows excluded.

    A summary row prints an income and an expenditure line side by side: it counts once. The 三公
    table printed as one row counts its one row. A two-panel economic table counts each coded entry.
    """
    if table.kind in SUMMARY_KINDS:
        physical = {(r.source.page, r.source.line) for r in table.rows if r.line not in TOTAL_LINES}
        return len(physical)
    if table.kind == "three_public":
        return len({(r.source.page, r.source.line) for r in table.rows if any(v is not None for v in r.values.values())})
    return sum(1 for r in table.rows
               if r.level != 0 and (r.code or any(v is not None for v in r.values.values())))


def jiangsu_data_rows(table: Table) -> int:
    """Printed rows that carry a code, a line label or an amount; header rows and the grand-total
    row (合计 / 收入总计 / 收入合计·支出合计) excluded, subtotal rows (当年收入小计, 小计) counted.

    A summary row prints up to three panels side by side: it counts once. The 三公 table and the
    支出预算总表 print one row of amounts: it counts (it is all the table has).
    """
    if table.kind in ("summary", "fiscal_summary"):
        return len({(r.source.page, r.source.line) for r in table.rows if r.line != "grand_total"})
    if table.kind == "three_public" or (table.kind == "expenditure" and len(table.rows) == 1):
        return len({(r.source.page, r.source.line) for r in table.rows
                    if any(v is not None for v in r.values.values())})
    return sum(1 for r in table.rows
               if r.level != 0 and (r.code or r.line or any(v is not None for v in r.values.values())))


def reading_rules(doc: Document) -> set[str]:
    """The rule ids of the findings the reader itself reports (S rules, R01, P02)."""
    return {f.rule for f in doc.findings}


def expected_reading_rules(expected: dict) -> set[str]:
    """The S rules among the ids a correct checker reports (the rest are SQL rules)."""
    return {r for r in expected["expect_errors"] + expected["expect_warnings"] if r.startswith(("S", "R"))}


def table_kinds(doc: Document) -> list[str]:
    return [t.kind for t in doc.tables]


def expected_kinds(expected: dict) -> list[str]:
    """expected.json's kinds in printed order (Jiangsu entries, which number their tables); its
    ``other`` (no standard table) is one of the project's extra kinds, named here from the printed title."""
    kinds = []
    for entry in sorted(expected["table_rows"], key=lambda e: (e["file"], e["page"], e["number"])):
        kind = entry["kind"]
        if kind == "other":
            title = entry["title"]
            kind = ("fiscal_basic_expenditure" if "财政拨款基本支出" in title else
                    "fiscal_expenditure" if "财政拨款支出" in title else
                    "operating_costs" if "机关运行经费" in title else
                    "procurement" if "政府采购" in title else kind)
        kinds.append(kind)
    return kinds


# --- arithmetic, for tests only ---------------------------------------------------------------


def amount(row: Row, column: str) -> Decimal:
    value = row.values.get(column)
    return Decimal(value) if value is not None else Decimal(0)


def half_unit(row: Row, column: str) -> Decimal:
    return Decimal(row.half_units.get(column, "0"))


def line_row(table: Table, line: str, side: str | None = None) -> Row | None:
    return next((r for r in table.rows if r.line == line and (side is None or r.side == side)), None)


def check_sum(breaks: list, table: Table, label: str, column: str, total: Row, parts: list[Row],
              part_columns: list[str] | None = None) -> None:
    """total[column] = Σ parts[column] (or Σ total[part_columns] across the row), within rounding;
    a break is named by the table's kind."""
    if part_columns is not None:
        right = sum((amount(total, c) for c in part_columns), Decimal(0))
        tolerance = half_unit(total, column) + sum((half_unit(total, c) for c in part_columns), Decimal(0))
    else:
        right = sum((amount(p, column) for p in parts), Decimal(0))
        tolerance = half_unit(total, column) + sum((half_unit(p, column) for p in parts), Decimal(0))
    left = amount(total, column)
    if abs(left - right) > tolerance:
        breaks.append((table.kind, label, column, str(left), str(right)))


def check_labelled_sum(breaks: list, label: str, total, parts, column: str = "amount",
                       part_column: str | None = None) -> None:
    """total[column] = Σ parts[part_column or column], within the half-units of every term; a break
    is named "sum" and by ``label`` (the Jiangsu sums, which often span two tables)."""
    part_column = part_column or column
    right = sum((amount(p, part_column) for p in parts), Decimal(0))
    tolerance = half_unit(total, column) + sum((half_unit(p, part_column) for p in parts), Decimal(0))
    if abs(amount(total, column) - right) > tolerance:
        breaks.append(("sum", label, column, str(amount(total, column)), str(right)))


def hierarchy_breaks(table: Table) -> list[Break]:
    """(kind, row, column, left, right) for every 类 ≠ Σ款, 款 ≠ Σ项, 合计 ≠ Σ类 (function and
    economic tables), by the level each row was printed at. A parent whose level the table prints
    children for must equal the sum of its children, even when it has none (a child printed with
    a wrong code is no child of it)."""
    breaks: list = []
    coded = [r for r in table.rows if r.code and r.code.isdigit() and r.level]
    levels = {r.level for r in coded}
    for parent in [r for r in table.rows if r.level == 0] + coded:
        if parent.level + 1 not in levels:
            continue
        children = [r for r in coded if r.level == parent.level + 1
                    and (parent.level == 0 or r.code.startswith(parent.code))]
        for column in parent.values:
            if parent.level == 0 and not any(column in c.values for c in children):
                continue  # the two-panel 决算 footer: 人员经费合计 / 公用经费合计 have no class column
            check_sum(breaks, table, parent.code or parent.name, column, parent, children)
    return breaks


ROW_IDENTITIES = {
    "expenditure": ("total", ["basic", "project", "operating", "remit_superior", "subsidy_subordinate", "reserve"]),
    "general_budget": ("total", ["basic", "project"]),
    "government_fund": ("total", ["basic", "project"]),
    "state_capital": ("total", ["basic", "project"]),
    "basic_expenditure": ("total", ["personnel", "public"]),
    "income": ("total", ["current_income", "carry_over", "fiscal_appropriation", "fiscal_special", "business",
                         "operating", "superior_subsidy", "subordinate_remit", "other"]),
    "fiscal_summary": ("total", ["general_budget", "government_fund", "state_capital"]),
}


def row_breaks(table: Table) -> list[Break]:
    """合计 column = Σ its part columns, on every row that prints the 合计 column."""
    breaks: list = []
    if table.kind not in ROW_IDENTITIES:
        return breaks
    total, parts = ROW_IDENTITIES[table.kind]
    parts = [c for c in parts if c in table.columns]
    if table.kind == "income" and "current_income" in parts:
        parts = ["current_income", "carry_over"]
    if total not in table.columns or not parts:
        return breaks
    for row in table.rows:
        if total not in row.values or not any(c in row.values for c in parts):
            continue  # a two-panel 决算 row prints one amount; its footer prints the parts only
        if row.values.get(total) is None and not any(row.values.get(c) for c in parts):
            continue
        check_sum(breaks, table, row.code or row.name, total, row, [], parts)
    return breaks


def summary_breaks(table: Table) -> list[Break]:
    """The summary's own sums: income and expenditure lines add up to their totals (B01-B05, F01)."""
    breaks: list = []
    income = [r for r in table.rows if r.side == "income"]
    spend = [r for r in table.rows if r.side == "expenditure"]
    sources = ("general_budget", "government_fund", "state_capital", "fiscal_special", "business", "operating",
               "superior_subsidy", "subordinate_remit", "other")
    current = line_row(table, "current_year_total", "income")
    grand = line_row(table, "grand_total", "income")
    parent = line_row(table, "fiscal_appropriation", "income")
    if parent is not None:
        subs = [r for r in income if r.line in ("general_budget", "government_fund", "state_capital")]
        check_sum(breaks, table, parent.name, "amount", parent, subs)
        sources = ("fiscal_appropriation",) + sources[3:]
    lines = [r for r in income if r.line in sources]
    if current is not None:
        check_sum(breaks, table, current.name, "amount", current, lines)
        lines = [current] + [r for r in income if r.line in ("carry_over", "non_fiscal_balance")]
    if grand is not None and table.kind == "summary":
        check_sum(breaks, table, grand.name, "amount", grand, lines)
    functions = [r for r in spend if r.line == "function"]
    spend_current = line_row(table, "current_year_total", "expenditure")
    spend_grand = line_row(table, "grand_total", "expenditure")
    columns = [c for c in table.columns if c != "amount"] or ["amount"]
    for column in columns:
        if spend_current is not None:
            check_sum(breaks, table, spend_current.name, column, spend_current, functions)
            rest = [spend_current] + [r for r in spend if r.line in ("year_end_carry", "balance_distribution")]
        else:
            rest = functions
        if spend_grand is not None:
            check_sum(breaks, table, spend_grand.name, column, spend_grand, rest)
    if grand is not None and spend_grand is not None:
        column = "total" if table.kind == "fiscal_summary" else "amount"
        right = amount(spend_grand, column)
        if abs(amount(grand, "amount") - right) > half_unit(grand, "amount") + half_unit(spend_grand, column):
            breaks.append((table.kind, "收入总计 = 支出总计", "amount", grand.values["amount"], str(right)))
    return breaks


# --- Shanghai: the sums of its tables and across them ------------------------------------------


def shanghai_three_public_breaks(table: Table) -> list[Break]:
    """三公 total = 出国 + 车 + 接待; car = 购置 + 运行, per column (预算数 / 决算数 apart)."""
    breaks: list = []
    total = line_row(table, "total") or line_row(table, "subtotal")
    car = line_row(table, "car")
    for column in table.columns:
        if total is not None:
            parts = [r for r in table.rows if r.line in ("abroad", "car", "reception")]
            check_sum(breaks, table, total.name, column, total, parts)
        if car is not None:
            parts = [r for r in table.rows if r.line in ("car.purchase", "car.operation")]
            check_sum(breaks, table, car.name, column, car, parts)
    return breaks


def shanghai_breaks(doc: Document) -> list[Break]:
    """Every sum within a table that a misread cell would break."""
    breaks: list = []
    for table in doc.tables:
        if table.kind in FUNCTION_KINDS or table.kind == "basic_expenditure":
            breaks += hierarchy_breaks(table)
        if table.kind in SUMMARY_KINDS:
            breaks += summary_breaks(table)
        if table.kind == "three_public":
            breaks += shanghai_three_public_breaks(table)
        breaks += row_breaks(table)
    return breaks


def shanghai_cross_breaks(doc: Document) -> list[Break]:
    """Cross-table sums that a misread row would break: summary function lines = expenditure 类
    rows (X02), expenditure 合计 = summary 本年支出 (X03), income 合计 = summary income (X01)."""
    breaks: list = []
    summary, spend, income = doc.table("summary"), doc.table("expenditure"), doc.table("income")
    if summary is None or spend is None:
        return breaks
    classes = {r.code: r for r in spend.rows if r.code and len(r.code) == 3}
    for line in summary.rows:
        if line.side == "expenditure" and line.line == "function" and line.values.get("amount") is not None:
            other = classes.get(line.code)
            if other is None:
                breaks.append(("X02", line.name, "amount", line.values["amount"], "missing"))
                continue
            if abs(amount(line, "amount") - amount(other, "total")) > half_unit(line, "amount") + half_unit(other, "total"):
                breaks.append(("X02", line.name, "amount", line.values["amount"], other.values["total"]))
    spend_total = next((r for r in spend.rows if r.level == 0), None)
    current = (line_row(summary, "current_year_total", "expenditure")
               or line_row(summary, "grand_total", "expenditure"))
    if spend_total is not None and current is not None:
        if abs(amount(spend_total, "total") - amount(current, "amount")) > (half_unit(spend_total, "total")
                                                                            + half_unit(current, "amount")):
            breaks.append(("X03", "合计", "total", spend_total.values["total"], current.values["amount"]))
    income_total = next((r for r in income.rows if r.level == 0), None) if income else None
    current_income = line_row(summary, "current_year_total", "income") or line_row(summary, "grand_total", "income")
    column = "total" if income is not None and "total" in income.columns else "current_income"
    if income_total is not None and current_income is not None:
        if abs(amount(income_total, column) - amount(current_income, "amount")) > (
                half_unit(income_total, column) + half_unit(current_income, "amount")):
            breaks.append(("X01", "合计", column, income_total.values.get(column), current_income.values["amount"]))
    return breaks


# --- Jiangsu: the sums of its layout ------------------------------------------------------------


def jiangsu_use_panel_breaks(doc: Document) -> list[Break]:
    """The expenditure by use: 基本 + 项目 + 单位预留机动经费 = 当年支出小计 (summary) / 支出合计
    (fiscal summary); each use line = the expenditure table's column (summary) and 基本 = the
    basic-expenditure table's 合计 (fiscal summary: the general budget's basic spending)."""
    breaks: list = []
    summary, fiscal = doc.table("summary"), doc.table("fiscal_summary")
    spend = next(r for r in doc.table("expenditure").rows if r.level == 0)
    uses = [r for r in summary.rows if r.line in USE_LINES]
    assert [r.line for r in uses] == list(USE_LINES)
    check_labelled_sum(breaks, "summary uses", line_row(summary, "current_year_total", "expenditure"), uses)
    for row, column in zip(uses, ("basic", "project", "reserve"), strict=True):
        check_labelled_sum(breaks, f"summary {row.line} = 支出预算总表 {column}", row, [spend], "amount", column)
    fiscal_uses = [r for r in fiscal.rows if r.line in USE_LINES]
    assert [r.line for r in fiscal_uses] == list(USE_LINES)
    check_labelled_sum(breaks, "fiscal uses", line_row(fiscal, "grand_total", "expenditure"), fiscal_uses, "total")
    basic_total = next(r for r in doc.table("basic_expenditure").rows if r.level == 0)
    check_labelled_sum(breaks, "fiscal 基本支出 = 基本支出表 合计", fiscal_uses[0], [basic_total], "total")
    return breaks


def jiangsu_fiscal_summary_breaks(table: Table) -> list[Break]:
    """Income: 收入合计 = the fund lines; 收入合计 = 支出合计."""
    breaks: list = []
    funds = [r for r in table.rows if r.side == "income" and r.line in ("general_budget", "government_fund",
                                                                         "state_capital")]
    income = line_row(table, "grand_total", "income")
    check_labelled_sum(breaks, "fiscal 收入合计", income, funds)
    check_labelled_sum(breaks, "fiscal 收入合计 = 支出合计", income, [line_row(table, "grand_total", "expenditure")],
                       "amount", "total")
    return breaks


def jiangsu_income_breaks(table: Table) -> list[Break]:
    """Jiangsu's income table by source: 收入总计 = Σ groups; each group's 小计 = Σ its items."""
    breaks: list = []
    total = next(r for r in table.rows if r.level == 0)
    groups = [r for r in table.rows if r.level == 1]
    check_labelled_sum(breaks, "收入总计", total, groups, "total")
    for group in groups:
        items = [r for r in table.rows if r.level == 2 and r.line and r.line.startswith(f"{group.line}.")
                 and r.line != "carry_over.used"]  # 其中：动用… is part of its 小计, not a term
        if items:
            check_labelled_sum(breaks, group.name, group, items, "total")
    return breaks


def jiangsu_three_public_breaks(table: Table) -> list[Break]:
    """小计 = 因公出国(境) + 公务用车 + 公务接待; 公务用车 = 购置 + 运行维护; 合计 = 小计 + 会议费 + 培训费."""
    breaks: list = []
    rows = {r.line: r for r in table.rows}
    check_labelled_sum(breaks, "小计", rows["subtotal"], [rows["abroad"], rows["car"], rows["reception"]], "total")
    check_labelled_sum(breaks, "公务用车", rows["car"], [rows["car.purchase"], rows["car.operation"]], "total")
    check_labelled_sum(breaks, "合计", rows["total"], [rows["subtotal"], rows["meeting"], rows["training"]], "total")
    return breaks


def same_rows(left: Table, right: Table) -> list[Break]:
    """Two tables that must print the same rows (code, name, amount) — Jiangsu's 财政拨款 tables and
    their general-budget twins where the department has no government fund."""
    def rows(table: Table) -> list[tuple]:
        return [(r.code, r.name if r.code else None, r.level, r.values.get("total")) for r in table.rows]

    a, b = rows(left), rows(right)
    return [("same", left.kind, f"{x} ≠ {y}", "", "") for x, y in zip(a, b, strict=False) if x != y] + (
        [("same", left.kind, f"{len(a)} rows ≠ {len(b)}", "", "")] if len(a) != len(b) else [])


def jiangsu_breaks(doc: Document) -> list[Break]:
    """Every sum a misread cell would break, table by table and across tables (X01, X03, X05, the
    use panel, the twin fiscal tables)."""
    breaks: list = []
    for table in doc.tables:
        if table.kind in JIANGSU_CODED_KINDS:
            breaks += hierarchy_breaks(table)
        breaks += row_breaks(table)
    breaks += summary_breaks(doc.table("summary"))
    breaks += jiangsu_fiscal_summary_breaks(doc.table("fiscal_summary"))
    breaks += jiangsu_income_breaks(doc.table("income"))
    breaks += jiangsu_three_public_breaks(doc.table("three_public"))
    breaks += jiangsu_use_panel_breaks(doc)
    summary = doc.table("summary")
    income_total = next(r for r in doc.table("income").rows if r.level == 0)
    check_labelled_sum(breaks, "X01 收入总计", line_row(summary, "grand_total", "income"), [income_total],
                       "amount", "total")
    spend = next(r for r in doc.table("expenditure").rows if r.level == 0)
    check_labelled_sum(breaks, "X03 支出预算总表 合计", spend, [line_row(summary, "current_year_total", "expenditure")],
                       "total", "amount")
    # X04: the general-budget table's 合计 = the fiscal summary's 一般公共预算 income
    general = next(r for r in doc.table("general_budget").rows if r.level == 0)
    check_labelled_sum(breaks, "X04 一般公共预算", general,
                       [line_row(doc.table("fiscal_summary"), "general_budget", "income")], "total", "amount")
    if doc.table("government_fund").rows and any(
            r.values.get("total") for r in doc.table("government_fund").rows):
        return breaks  # with a government fund the twin tables differ by it
    breaks += same_rows(doc.table("fiscal_expenditure"), doc.table("general_budget"))
    breaks += same_rows(doc.table("fiscal_basic_expenditure"), doc.table("basic_expenditure"))
    return breaks
