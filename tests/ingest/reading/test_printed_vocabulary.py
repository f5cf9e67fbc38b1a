"""A test per alias: every row of the vocabulary CSVs (ingest/reference/table_titles.csv,
column_headers.csv, summary_lines.csv) carries an example as printed, read back here through the
reader: it must land on the row's kind, column or line. Plus R02 / R03 and the unit in the header band.
"""

from __future__ import annotations

import re

import pytest

from ingest.readers.blocks import Grid, GridRow, SourceBlocks, TextLine
from ingest.reading import vocabulary as v
from ingest.reading.parse import document_from_blocks
from ingest.reading.printed_vocabulary import (
    COLUMN_HEADERS_CSV,
    SUMMARY_LINES_CSV,
    TABLE_TITLES_CSV,
    TEXT_COLUMN,
    TEXT_FAMILY,
    examples,
    header_patterns,
)
from ingest.reading.table_kinds import recognise, split_title
from ingest.reading.tables import lines
from ingest.reading.tables.headers import HEADERS_BY_KIND
from ingest.reading.tables.read import read_table
from ingest.reading.tables.text import clean, first_match

TITLES = examples(TABLE_TITLES_CSV)
HEADERS = examples(COLUMN_HEADERS_CSV)
LINES = examples(SUMMARY_LINES_CSV)
KINDS = {*v.STANDARD_KINDS, *v.EXTRA_KINDS, v.PERFORMANCE_KIND}


@pytest.mark.parametrize("row", TITLES, ids=[f"{r['order']}-{r['example']}" for r in TITLES])
def test_title_alias(row):
    text, qualifier = split_title(row["example"])
    assert re.search(row["pattern"], text), "the row's own pattern must match its example"
    if row["qualifier"]:
        assert re.search(row["qualifier"], qualifier)
    match = recognise(row["example"])
    assert match is not None and (match.kind, match.phase) == (row["kind"], row["phase"])
    assert row["kind"] in KINDS


def test_title_orders_are_unique():
    orders = [int(r["order"]) for r in TITLES]
    assert len(orders) == len(set(orders))


@pytest.mark.parametrize("row", HEADERS, ids=[f"{r['family']}-{r['example']}" for r in HEADERS])
def test_column_header_alias(row):
    family = row["family"]
    patterns = header_patterns()[family]
    assert re.search(row["pattern"], clean(row["example"]))
    assert first_match(clean(row["example"]), patterns) == row["column"]
    if row["column"] != TEXT_COLUMN:
        kinds = [k for k, p in HEADERS_BY_KIND.items() if p == patterns]
        assert kinds, f"no kind reads the header family {family}"
    else:
        assert family == TEXT_FAMILY or family in ("procurement",)


@pytest.mark.parametrize("row", LINES, ids=[f"{r['list']}-{r['example']}" for r in LINES])
def test_line_alias(row):
    reader = {
        "summary_income": lines.summary_income_line,
        "summary_expenditure": lambda label: lines.summary_expenditure_line(label)[0],
        "summary_use": lines.summary_use_line,
        "three_public": lines.three_public_line,
        "fixed_assets": lines.fixed_asset_line,
    }[row["list"]]
    assert reader(row["example"]) == row["line"]


def test_summary_line_keys_are_canonical():
    known = {*v.SUMMARY_INCOME_LINES, *v.SUMMARY_EXPENDITURE_LINES, *v.THREE_PUBLIC_LINES, *v.FIXED_ASSET_LINES}
    assert {r["line"] for r in LINES} <= known


def test_header_columns_are_canonical():
    known = {*v.INCOME_COLUMNS, *v.EXPENDITURE_COLUMNS, *v.BASIC_COLUMNS, *v.FUND_COLUMNS,
             *v.FIXED_ASSET_COLUMNS, *v.PROCUREMENT_COLUMNS, v.AMOUNT, TEXT_COLUMN}
    assert {r["column"] for r in HEADERS} <= known


@pytest.mark.parametrize(
    ("title", "kind"),
    [("项目支出表", "project_expenditure"), ("一般公共预算支出表（按经济科目）", "economic_expenditure"),
     ("一般公共预算财政拨款项目支出决算表", "project_expenditure"), ("政府性基金预算收支表", "government_fund"),
     ("部门综合预算政府性基金收支表", "government_fund"), ("财政拨款支出预算表（功能科目）", "fiscal_expenditure")],
)
def test_issue_titles_are_their_kind(title, kind):
    assert recognise(title).kind == kind


# --- R02 / R03 -----------------------------------------------------------------------------------

def _grid(*rows: tuple[str, ...], page: int | None = 3) -> Grid:
    return Grid(tuple(GridRow(r, line=i + 1, page=page) for i, r in enumerate(rows)), page=page)


def test_issue_headers_map_to_columns():
    grid = _grid(("科目编码", "科目名称", "合计", "纳入专户管理的非税收入", "上年结余", "单位资金", "用事业基金弥补收支差额"),
                 ("201", "一般公共服务支出", "10.00", "1.00", "2.00", "3.00", "4.00"))
    read = read_table("income", "部门收入总表", grid, "x.pdf", document_unit="万元")
    assert read.table.columns == ["total", "fiscal_special", "carry_over", "unit_funds", "non_fiscal_balance"]
    assert read.findings == []


def test_unmapped_header_is_r02_naming_title_page_and_header():
    grid = _grid(("科目编码", "科目名称", "合计", "基本支出", "项目支出", "待分配支出"),
                 ("201", "一般公共服务支出", "10.00", "4.00", "5.00", "1.00"))
    read = read_table("expenditure", "部门支出总表", grid, "x.pdf", document_unit="万元")
    (finding,) = read.findings
    assert (finding.rule, finding.kind, finding.page, finding.column) == ("R02", "reading", 3, "待分配支出")
    assert finding.severity == "error"  # its amounts are missing from 合计 = 基本 + 项目 + …
    assert "部门支出总表" in finding.message and "待分配支出" in finding.message


def test_unmapped_blank_header_of_an_extra_table_is_a_warning():
    grid = _grid(("项目名称", "合计", "一般公共预算", "备注", "绩效等级"), ("某项目", "1.00", "1.00", "说明", ""))
    read = read_table("project_expenditure", "项目支出表", grid, "x.pdf", document_unit="万元")
    assert read.table.columns == ["total", "general_budget"]
    assert [(f.rule, f.severity, f.column) for f in read.findings] == [("R02", "warn", "绩效等级")]


def test_summary_by_use_columns_are_read_and_an_unknown_one_is_r02():
    grid = _grid(("项目", "预算数", "项目", "合计", "人员经费", "对个人和家庭的补助"),
                 ("一、财政拨款收入", "10.00", "一般公共服务支出", "10.00", "6.00", "4.00"))
    read = read_table("summary", "部门财务收支预算总表", grid, "x.pdf", document_unit="元")
    assert read.table.columns == ["amount", "personnel"]
    assert [(f.rule, f.severity, f.column) for f in read.findings] == [("R02", "warn", "对个人和家庭的补助")]


def _source(*blocks) -> SourceBlocks:
    return SourceBlocks(name="x.pdf", format="pdf", sha256="0" * 64, blocks=list(blocks), pages=3)


def test_table_with_amounts_under_an_unknown_title_is_r03():
    doc = document_from_blocks([_source(
        TextLine("组织部门2023年部门预算", page=1),
        TextLine("部门预算收支总表", page=1),
        _grid(("项目", "预算数", "项目", "预算数"), ("收入总计", "1.00", "支出总计", "1.00"), page=1),
        TextLine("政府购买服务预算表", page=2),
        _grid(("项目名称", "金额"), ("物业服务", "12.00"), page=2),
    )])
    r03 = [f for f in doc.findings if f.rule == "R03"]
    assert [(f.severity, f.page, f.table) for f in r03] == [("warn", 2, "政府购买服务预算表")]
    assert "政府购买服务预算表" in r03[0].message


def test_text_grid_under_an_unknown_title_is_no_r03():
    doc = document_from_blocks([_source(
        TextLine("组织部门2023年部门预算", page=1),
        TextLine("部门预算收支总表", page=1),
        _grid(("项目", "预算数", "项目", "预算数"), ("收入总计", "1.00", "支出总计", "1.00"), page=1),
        TextLine("机构设置", page=2),
        _grid(("单位名称", "单位性质"), ("组织部", "行政单位"), page=2),
    )])
    assert not [f for f in doc.findings if f.rule == "R03"]


# --- the unit anywhere in the header band --------------------------------------------------------

@pytest.mark.parametrize(
    ("rows", "unit"),
    [
        ([("单位：万元", "", ""), ("项目", "合计", "基本支出")], "万元"),
        ([("部门：组织部", "", "金额单位：元"), ("项目", "合计", "基本支出")], "元"),
        ([("单位：万", "部门：组织部", ""), ("项目", "合计", "元")], "万元"),  # split around other text
        ([("", "", "单位："), ("项目", "合计", "万元")], "万元"),
        ([("项目", "合计（万元）", "基本支出（万元）")], "万元"),  # bracketed in a column header
        ([("项目", "合计", "(元)")], "元"),
    ],
)
def test_unit_in_the_header_band(rows, unit):
    grid = _grid(*rows, ("201", "10.00", "10.00"))
    read = read_table("expenditure", "部门支出总表", grid, "x.pdf")
    assert read.table.unit == unit
    assert read.table.rows[-1].values["total"] == ("100000.00" if unit == "万元" else "10.00")


def test_bracketed_unit_leaves_the_header_mapped():
    grid = _grid(("科目编码", "科目名称", "合计（万元）", "基本支出（万元）"), ("201", "一般公共服务支出", "1.00", "1.00"))
    read = read_table("expenditure", "部门支出总表", grid, "x.pdf")
    assert read.table.columns == ["total", "basic"] and read.findings == []


def test_document_unit_split_over_two_lines():
    from ingest.reading.sections import sections

    found = sections([_source(TextLine("单位：万", page=1), TextLine("组织部门", page=1), TextLine("元", page=1))])
    assert found.unit == "万元"
