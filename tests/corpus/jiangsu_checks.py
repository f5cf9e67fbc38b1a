"""Test helpers for the Jiangsu corpus (江苏省 省级部门预算 2017–2018, 万元): one parse per document
(two-file documents read as one), expected.json's entry, row counts and the arithmetic that catches a
misread cell. Built on tests/corpus/shanghai_checks.py: what the two regions share is taken from there.

FOR TESTS ONLY. The production balance rules live once, in SQL (expectations/rules/); these sums
exist so that a test fails when the reader puts an amount in the wrong column or row. Jiangsu's own
layout adds sums of its own: the expenditure printed a second time by use (基本 / 项目 / 单位预留
机动经费), 三公 小计 beside 会议费 and 培训费 under one 合计, and its 财政拨款 tables printed twice
(all fiscal appropriations, then the general budget: identical where there is no government fund).
Every break a correct reading finds must be a real defect of the document, listed in expected.json.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from pathlib import Path

from shanghai_checks import (
    _half,
    _line,
    _value,
    expected_reading_rules,
    expected_readings,
    hierarchy_breaks,
    reading_rules,
    row_breaks,
    summary_breaks,
)

from ingest.identity import normalise_name
from ingest.model import Document, Table
from ingest.parse import parse_paths

__all__ = ["expected_reading_rules", "reading_rules"]

# the tables whose rows are subject codes under a 合计 row
CODED_KINDS = ("general_budget", "government_fund", "basic_expenditure", "fiscal_expenditure",
               "fiscal_basic_expenditure", "operating_costs")
USE_LINES = ("use.basic", "use.project", "use.reserve")
Break = tuple[str, str, str, str, str]


@cache
def parsed_document(corpus: Path, key: str) -> Document:
    """The one document that expected.json's entry ``key`` describes, its files read together."""
    entry = expected_readings(corpus)[key]
    docs = parse_paths([corpus / name for name in entry["files"]])
    assert len(docs) == 1, [d.document.source_files for d in docs]
    return docs[0]


def assert_document_fields(doc: Document, expected: dict) -> None:
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


def leaf_rows(doc: Document) -> int:
    """7-digit 项 rows of the general-budget table (Jiangsu's 支出预算总表 has no function rows)."""
    return sum(1 for r in doc.table("general_budget").rows if r.code and re.fullmatch(r"2\d{6}", r.code))


def data_rows(table: Table) -> int:
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


# --- arithmetic, for tests only ---------------------------------------------------------------


def _sum_check(breaks: list, label: str, total, parts, column: str = "amount",
               part_column: str | None = None) -> None:
    """total[column] = Σ parts[part_column or column], within the half-units of every term."""
    part_column = part_column or column
    right = sum((_value(p, part_column) for p in parts), Decimal(0))
    tolerance = _half(total, column) + sum((_half(p, part_column) for p in parts), Decimal(0))
    if abs(_value(total, column) - right) > tolerance:
        breaks.append(("sum", label, column, str(_value(total, column)), str(right)))


def use_panel_breaks(doc: Document) -> list[Break]:
    """The expenditure by use: 基本 + 项目 + 单位预留机动经费 = 当年支出小计 (summary) / 支出合计
    (fiscal summary); each use line = the expenditure table's column (summary) and 基本 = the
    basic-expenditure table's 合计 (fiscal summary: the general budget's basic spending)."""
    breaks: list = []
    summary, fiscal = doc.table("summary"), doc.table("fiscal_summary")
    spend = next(r for r in doc.table("expenditure").rows if r.level == 0)
    uses = [r for r in summary.rows if r.line in USE_LINES]
    assert [r.line for r in uses] == list(USE_LINES)
    _sum_check(breaks, "summary uses", _line(summary, "current_year_total", "expenditure"), uses)
    for row, column in zip(uses, ("basic", "project", "reserve"), strict=True):
        _sum_check(breaks, f"summary {row.line} = 支出预算总表 {column}", row, [spend], "amount", column)
    fiscal_uses = [r for r in fiscal.rows if r.line in USE_LINES]
    assert [r.line for r in fiscal_uses] == list(USE_LINES)
    _sum_check(breaks, "fiscal uses", _line(fiscal, "grand_total", "expenditure"), fiscal_uses, "total")
    basic_total = next(r for r in doc.table("basic_expenditure").rows if r.level == 0)
    _sum_check(breaks, "fiscal 基本支出 = 基本支出表 合计", fiscal_uses[0], [basic_total], "total")
    return breaks


def fiscal_summary_breaks(table: Table) -> list[Break]:
    """Income: 收入合计 = the fund lines; 收入合计 = 支出合计."""
    breaks: list = []
    funds = [r for r in table.rows if r.side == "income" and r.line in ("general_budget", "government_fund",
                                                                         "state_capital")]
    income = _line(table, "grand_total", "income")
    _sum_check(breaks, "fiscal 收入合计", income, funds)
    _sum_check(breaks, "fiscal 收入合计 = 支出合计", income, [_line(table, "grand_total", "expenditure")],
               "amount", "total")
    return breaks


def income_breaks(table: Table) -> list[Break]:
    """Jiangsu's income table by source: 收入总计 = Σ groups; each group's 小计 = Σ its items."""
    breaks: list = []
    total = next(r for r in table.rows if r.level == 0)
    groups = [r for r in table.rows if r.level == 1]
    _sum_check(breaks, "收入总计", total, groups, "total")
    for group in groups:
        items = [r for r in table.rows if r.level == 2 and r.line and r.line.startswith(f"{group.line}.")
                 and r.line != "carry_over.used"]  # 其中：动用… is part of its 小计, not a term
        if items:
            _sum_check(breaks, group.name, group, items, "total")
    return breaks


def three_public_breaks(table: Table) -> list[Break]:
    """小计 = 因公出国(境) + 公务用车 + 公务接待; 公务用车 = 购置 + 运行维护; 合计 = 小计 + 会议费 + 培训费."""
    breaks: list = []
    rows = {r.line: r for r in table.rows}
    _sum_check(breaks, "小计", rows["subtotal"], [rows["abroad"], rows["car"], rows["reception"]], "total")
    _sum_check(breaks, "公务用车", rows["car"], [rows["car.purchase"], rows["car.operation"]], "total")
    _sum_check(breaks, "合计", rows["total"], [rows["subtotal"], rows["meeting"], rows["training"]], "total")
    return breaks


def same_rows(left: Table, right: Table) -> list[Break]:
    """Two tables that must print the same rows (code, name, amount) — Jiangsu's 财政拨款 tables and
    their general-budget twins where the department has no government fund."""
    def rows(table: Table) -> list[tuple]:
        return [(r.code, r.name if r.code else None, r.level, r.values.get("total")) for r in table.rows]

    a, b = rows(left), rows(right)
    return [("same", left.kind, f"{x} ≠ {y}", "", "") for x, y in zip(a, b, strict=False) if x != y] + (
        [("same", left.kind, f"{len(a)} rows ≠ {len(b)}", "", "")] if len(a) != len(b) else [])


def all_breaks(doc: Document) -> list[Break]:
    """Every sum a misread cell would break, table by table and across tables (X01, X03, X05, the
    use panel, the twin fiscal tables)."""
    breaks: list = []
    for table in doc.tables:
        if table.kind in CODED_KINDS:
            breaks += hierarchy_breaks(table)
        breaks += row_breaks(table)
    breaks += summary_breaks(doc.table("summary"))
    breaks += fiscal_summary_breaks(doc.table("fiscal_summary"))
    breaks += income_breaks(doc.table("income"))
    breaks += three_public_breaks(doc.table("three_public"))
    breaks += use_panel_breaks(doc)
    summary = doc.table("summary")
    income_total = next(r for r in doc.table("income").rows if r.level == 0)
    _sum_check(breaks, "X01 收入总计", _line(summary, "grand_total", "income"), [income_total], "amount", "total")
    spend = next(r for r in doc.table("expenditure").rows if r.level == 0)
    _sum_check(breaks, "X03 支出预算总表 合计", spend, [_line(summary, "current_year_total", "expenditure")],
               "total", "amount")
    # X04: the general-budget table's 合计 = the fiscal summary's 一般公共预算 income
    general = next(r for r in doc.table("general_budget").rows if r.level == 0)
    _sum_check(breaks, "X04 一般公共预算", general, [_line(doc.table("fiscal_summary"), "general_budget", "income")],
               "total", "amount")
    if doc.table("government_fund").rows and any(
            r.values.get("total") for r in doc.table("government_fund").rows):
        return breaks  # with a government fund the twin tables differ by it
    breaks += same_rows(doc.table("fiscal_expenditure"), doc.table("general_budget"))
    breaks += same_rows(doc.table("fiscal_basic_expenditure"), doc.table("basic_expenditure"))
    return breaks


def table_kinds(doc: Document) -> list[str]:
    return [t.kind for t in doc.tables]


def expected_kinds(expected: dict) -> list[str]:
    """expected.json's kinds in printed order; its ``other`` (no standard table) is one of the
    project's extra kinds, named here from the printed title."""
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
