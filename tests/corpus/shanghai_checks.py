"""Test helpers for the Shanghai corpus: expected.json, one parse per file, row counts and the
arithmetic that catches a misread cell.

FOR TESTS ONLY. The production balance rules live once, in SQL (expectations/rules/); these sums
exist so that a test fails when the reader puts an amount in the wrong column or row — a misread
cell breaks 类 = Σ款, 款 = Σ项 or a row identity, a correct reading of a sound table never does.
Every break a correct reading finds must be a real defect of the document, listed in expected.json.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from ingest.model import Document, Row, Table
from ingest.parse import parse_file

FUNCTION_KINDS = ("income", "expenditure", "general_budget", "government_fund", "state_capital")
SUMMARY_KINDS = ("summary", "fiscal_summary")
TOTAL_LINES = ("total", "grand_total", "current_year_total")


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


def leaf_rows(doc: Document) -> int:
    """7-digit 项 rows of the expenditure table (expected.json's function_leaf_rows)."""
    table = doc.table("expenditure")
    return sum(1 for r in table.rows if r.code and re.fullmatch(r"2\d{6}", r.code))


def data_rows(table: Table) -> int:
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


# --- arithmetic, for tests only ---------------------------------------------------------------


def _value(row: Row, column: str) -> Decimal:
    value = row.values.get(column)
    return Decimal(value) if value is not None else Decimal(0)


def _half(row: Row, column: str) -> Decimal:
    return Decimal(row.half_units.get(column, "0"))


def _check(breaks: list, table: Table, label: str, column: str, total: Row, parts: list[Row],
           part_columns: list[str] | None = None) -> None:
    """total[column] = Σ parts[column] (or Σ total[part_columns] across the row), within rounding."""
    if part_columns is not None:
        right = sum((_value(total, c) for c in part_columns), Decimal(0))
        tolerance = _half(total, column) + sum((_half(total, c) for c in part_columns), Decimal(0))
    else:
        right = sum((_value(p, column) for p in parts), Decimal(0))
        tolerance = _half(total, column) + sum((_half(p, column) for p in parts), Decimal(0))
    left = _value(total, column)
    if abs(left - right) > tolerance:
        breaks.append((table.kind, label, column, str(left), str(right)))


def hierarchy_breaks(table: Table) -> list[tuple[str, str, str, str, str]]:
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
            _check(breaks, table, parent.code or parent.name, column, parent, children)
    return breaks


_ROW_IDENTITIES = {
    "expenditure": ("total", ["basic", "project", "operating", "remit_superior", "subsidy_subordinate", "reserve"]),
    "general_budget": ("total", ["basic", "project"]),
    "government_fund": ("total", ["basic", "project"]),
    "state_capital": ("total", ["basic", "project"]),
    "basic_expenditure": ("total", ["personnel", "public"]),
    "income": ("total", ["current_income", "carry_over", "fiscal_appropriation", "fiscal_special", "business",
                         "operating", "superior_subsidy", "subordinate_remit", "other"]),
    "fiscal_summary": ("total", ["general_budget", "government_fund", "state_capital"]),
}


def row_breaks(table: Table) -> list[tuple[str, str, str, str, str]]:
    """合计 column = Σ its part columns, on every row that prints the 合计 column."""
    breaks: list = []
    if table.kind not in _ROW_IDENTITIES:
        return breaks
    total, parts = _ROW_IDENTITIES[table.kind]
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
        _check(breaks, table, row.code or row.name, total, row, [], parts)
    return breaks


def _line(table: Table, line: str, side: str | None = None) -> Row | None:
    return next((r for r in table.rows if r.line == line and (side is None or r.side == side)), None)


def summary_breaks(table: Table) -> list[tuple[str, str, str, str, str]]:
    """The summary's own sums: income and expenditure lines add up to their totals (B01-B05, F01)."""
    breaks: list = []
    income = [r for r in table.rows if r.side == "income"]
    spend = [r for r in table.rows if r.side == "expenditure"]
    sources = ("general_budget", "government_fund", "state_capital", "fiscal_special", "business", "operating",
               "superior_subsidy", "subordinate_remit", "other")
    current = _line(table, "current_year_total", "income")
    grand = _line(table, "grand_total", "income")
    parent = _line(table, "fiscal_appropriation", "income")
    if parent is not None:
        subs = [r for r in income if r.line in ("general_budget", "government_fund", "state_capital")]
        _check(breaks, table, parent.name, "amount", parent, subs)
        sources = ("fiscal_appropriation",) + sources[3:]
    lines = [r for r in income if r.line in sources]
    if current is not None:
        _check(breaks, table, current.name, "amount", current, lines)
        lines = [current] + [r for r in income if r.line in ("carry_over", "non_fiscal_balance")]
    if grand is not None and table.kind == "summary":
        _check(breaks, table, grand.name, "amount", grand, lines)
    functions = [r for r in spend if r.line == "function"]
    spend_current = _line(table, "current_year_total", "expenditure")
    spend_grand = _line(table, "grand_total", "expenditure")
    columns = [c for c in table.columns if c != "amount"] or ["amount"]
    for column in columns:
        if spend_current is not None:
            _check(breaks, table, spend_current.name, column, spend_current, functions)
            rest = [spend_current] + [r for r in spend if r.line in ("year_end_carry", "balance_distribution")]
        else:
            rest = functions
        if spend_grand is not None:
            _check(breaks, table, spend_grand.name, column, spend_grand, rest)
    if grand is not None and spend_grand is not None:
        column = "total" if table.kind == "fiscal_summary" else "amount"
        right = _value(spend_grand, column)
        if abs(_value(grand, "amount") - right) > _half(grand, "amount") + _half(spend_grand, column):
            breaks.append((table.kind, "收入总计 = 支出总计", "amount", grand.values["amount"], str(right)))
    return breaks


def three_public_breaks(table: Table) -> list[tuple[str, str, str, str, str]]:
    """三公 total = 出国 + 车 + 接待; car = 购置 + 运行, per column (预算数 / 决算数 apart)."""
    breaks: list = []
    total = _line(table, "total") or _line(table, "subtotal")
    car = _line(table, "car")
    for column in table.columns:
        if total is not None:
            parts = [r for r in table.rows if r.line in ("abroad", "car", "reception")]
            _check(breaks, table, total.name, column, total, parts)
        if car is not None:
            parts = [r for r in table.rows if r.line in ("car.purchase", "car.operation")]
            _check(breaks, table, car.name, column, car, parts)
    return breaks


def all_breaks(doc: Document) -> list[tuple[str, str, str, str, str]]:
    breaks: list = []
    for table in doc.tables:
        if table.kind in FUNCTION_KINDS or table.kind == "basic_expenditure":
            breaks += hierarchy_breaks(table)
        if table.kind in SUMMARY_KINDS:
            breaks += summary_breaks(table)
        if table.kind == "three_public":
            breaks += three_public_breaks(table)
        breaks += row_breaks(table)
    return breaks


def cross_breaks(doc: Document) -> list[tuple[str, str, str, str, str]]:
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
            if abs(_value(line, "amount") - _value(other, "total")) > _half(line, "amount") + _half(other, "total"):
                breaks.append(("X02", line.name, "amount", line.values["amount"], other.values["total"]))
    spend_total = next((r for r in spend.rows if r.level == 0), None)
    current = _line(summary, "current_year_total", "expenditure") or _line(summary, "grand_total", "expenditure")
    if spend_total is not None and current is not None:
        if abs(_value(spend_total, "total") - _value(current, "amount")) > (_half(spend_total, "total")
                                                                              + _half(current, "amount")):
            breaks.append(("X03", "合计", "total", spend_total.values["total"], current.values["amount"]))
    income_total = next((r for r in income.rows if r.level == 0), None) if income else None
    current_income = _line(summary, "current_year_total", "income") or _line(summary, "grand_total", "income")
    column = "total" if income is not None and "total" in income.columns else "current_income"
    if income_total is not None and current_income is not None:
        if abs(_value(income_total, column) - _value(current_income, "amount")) > (
                _half(income_total, column) + _half(current_income, "amount")):
            breaks.append(("X01", "合计", column, income_total.values.get(column), current_income.values["amount"]))
    return breaks


# --- what every corpus test checks ------------------------------------------------------------


def assert_document_fields(doc: Document, expected: dict) -> None:
    """department (compared normalised: the template prints 上海市 XX 局 with spaces), year, phase, scope."""
    from ingest.identity import normalise_name

    meta = doc.document
    assert meta.status == expected["status"] == "parsed"
    assert normalise_name(meta.department or "") == normalise_name(expected["department"])
    assert (meta.year, meta.phase, meta.scope) == (expected["year"], expected["phase"], expected["scope"])
    assert meta.source_files[0].format == "pdf"
    assert {meta.source_files[0].name: meta.source_files[0].pages} == expected["pages"]


def assert_figures(doc: Document, expected: dict) -> None:
    assert doc.figures.model_dump() == expected["figures"]


def reading_rules(doc: Document) -> set[str]:
    """The rule ids of the findings the reader itself reports (S rules, R01, P02)."""
    return {f.rule for f in doc.findings}


def expected_reading_rules(expected: dict) -> set[str]:
    """The S rules among the ids a correct checker reports (the rest are SQL rules)."""
    return {r for r in expected["expect_errors"] + expected["expect_warnings"] if r.startswith(("S", "R"))}
