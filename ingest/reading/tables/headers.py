"""Printed header → canonical column, per kind; one label per column of a merged header; and what the
scaffolding says about the document (year, unit, department)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.readers.blocks import GridRow
from ingest.reading.printed_vocabulary import TEXT_COLUMN as TEXT_FAMILY_COLUMN
from ingest.reading.printed_vocabulary import TEXT_FAMILY, header_patterns
from ingest.reading.tables.grid import DEPT_CODE, META
from ingest.reading.tables.text import clean, first_match

# printed header → canonical column, per family: data, ingest/reference/column_headers.csv (first
# match wins, so specific names come first); which family each kind reads is here
_FAMILIES = header_patterns()
INCOME_HEADERS = _FAMILIES["income"]
FUND_HEADERS = _FAMILIES["fund"]
SUMMARY_EXPENDITURE_HEADERS = _FAMILIES["summary"]  # the expenditure side printed by use
TEXT_HEADERS = _FAMILIES[TEXT_FAMILY]  # printed text columns that hold no amount (序号, 数量 …)
HEADERS_BY_KIND = {
    "income": INCOME_HEADERS,
    "expenditure": _FAMILIES["expenditure"],
    "general_budget": _FAMILIES["expenditure"],
    "government_fund": _FAMILIES["expenditure"],
    "state_capital": _FAMILIES["expenditure"],
    "basic_expenditure": _FAMILIES["basic"],
    "three_public": FUND_HEADERS,
    "fixed_assets": _FAMILIES["fixed_assets"],
    "procurement": _FAMILIES["procurement"],
    "operating_costs": _FAMILIES["operating_costs"],
    "fiscal_expenditure": _FAMILIES["expenditure"],
    "fiscal_basic_expenditure": _FAMILIES["basic"],
    "project_expenditure": _FAMILIES["project"],
    "economic_expenditure": _FAMILIES["expenditure"],
    "summary": SUMMARY_EXPENDITURE_HEADERS,  # read by tables/summary.py, not tables/rows.py
}


@dataclass
class TableHeaderFacts:
    """What a table's scaffolding says about the document: checked by the S rules, used by identity."""

    year: int | None = None
    department: str | None = None
    department_code: str | None = None
    unit: str | None = None


_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
_UNIT_CUT = re.compile(r"(?:金额)?单位[:：](万?)$")  # 单位：万 | … | 元, or 单位： | 万元
_UNIT_REST = re.compile(r"^(万元|元)$")
_UNIT_ALONE = re.compile(r"^[(（]?(万元|元)[)）]?$")
_UNIT_BRACKETED = re.compile(r"[(（](万元|元)[)）]")
_YEAR = re.compile(r"(?:预算|决算)年度[:：]\s*(\d{4})")
_COMPILER = re.compile(r"编制(?:部门|单位)[:：]\s*(\S.*)$")


def band_unit(cells: Sequence[str]) -> str | None:
    """The unit printed anywhere in a table's header band (caption lines, meta rows, header rows,
    title), in any of its forms: 单位：万元 / 金额单位：元; split over two cells or lines around other
    text (单位：万 … 元, 单位： … 万元); a bare 万元 / （元） cell; bracketed in a column header
    (合计（万元）). A whole 单位：… statement wins over a split one, that over a bracketed one."""
    texts = [re.sub(r"\s+", "", unicodedata.normalize("NFKC", c)) for c in cells]
    for text in texts:
        if m := _UNIT.search(text):
            return m.group(1)
    for k, text in enumerate(texts):
        if m := _UNIT_CUT.search(text):
            rest = next((t for t in texts[k + 1 :] if _UNIT_REST.match(t)), None)
            if rest is not None:
                return "万元" if (m.group(1) + rest).startswith("万") else "元"
    for text in texts:
        if m := _UNIT_ALONE.match(text) or _UNIT_BRACKETED.search(text):
            return m.group(1)
    return None


def header_facts(meta: Sequence[GridRow], header: Sequence[GridRow], title: str) -> TableHeaderFacts:
    facts = TableHeaderFacts()
    band = [c for r in meta for c in r.cells] + [c for r in header for c in r.cells] + [title]
    facts.unit = band_unit(band)
    for cell in band:
        text = unicodedata.normalize("NFKC", cell).strip()
        if facts.year is None and (m := _YEAR.search(text)):
            facts.year = int(m.group(1))
        if cell is title:
            continue
        if facts.department is None and (m := _COMPILER.search(text)):
            facts.department = m.group(1).strip()
    for row in meta:
        for cell in row.cells:
            m = DEPT_CODE.match(clean(cell))
            if m and facts.department_code is None and not META.search(cell):
                facts.department_code, facts.department = m.group(1), facts.department or m.group(2)
    return facts


def column_labels(header: Sequence[GridRow], width: int) -> list[str]:
    """One label per data column from (up to two levels of) header rows with merged cells.

    A DOCX rendering prints a merged cell once. The bottom header row has one cell per column;
    where it is blank the column's label is the cell above it (a vertically merged cell), and a
    non-blank run in the bottom row sits under one horizontally merged group cell above. The leaf
    label wins; a blank leaf takes the label of the cell above.
    """
    if not header:
        return [""] * width
    bottom = [clean(c) for c in header[-1].cells] + [""] * width
    bottom = bottom[:width]
    if len(header) == 1:
        return bottom
    top = [clean(c) for c in header[-2].cells if clean(c)]
    above = [""] * width
    pos = 0
    for index, label in enumerate(top):
        if pos >= width:
            break
        if not bottom[pos]:
            above[pos] = label
            pos += 1
            continue
        start = pos
        if "科目" in label:
            while pos < width and bottom[pos] and re.search(r"编码|名称|科目|类|款|项", bottom[pos]):
                pos += 1
        elif index == len(top) - 1:
            pos = width
        else:
            while pos < width and bottom[pos]:
                pos += 1
        for i in range(start, max(pos, start + 1)):
            above[i] = label
        pos = max(pos, start + 1)
    return [b or a for b, a in zip(bottom, above, strict=True)]


def is_label_header(label: str) -> bool:
    return bool(re.search(r"^项目$|名称$|^科目$", label))


def is_code_header(label: str) -> bool:
    return "编码" in label or label.endswith("代码") or label in ("类", "款", "项")  # Jiangsu: 功能科目代码


def positional_column_paths(header: Sequence[GridRow], width: int) -> list[list[str]]:
    """For each column, the header texts that cover it, top to bottom (merged cells included).

    ``["项目", "功能分类科目编码", "类"]``, ``["“三公”经费预算数", "公务用车购置及运行费", "购置费"]``: the
    last one is the column's own label, the ones above say which group it belongs to.
    """
    paths: list[list[str]] = [[] for _ in range(width)]
    for row in header:
        if row.spans is None:
            continue
        cells = list(row.cells) + [""] * (width - len(row.cells))
        spans = list(row.spans) + [1] * (width - len(row.spans))
        for j in range(width):
            if spans[j] == 0 or not clean(cells[j]):
                continue
            for k in range(j, min(width, j + max(spans[j], 1))):
                text = clean(cells[j])
                if not paths[k] or paths[k][-1] != text:
                    paths[k].append(text)
    return paths


def merged_column_paths(header: Sequence[GridRow], width: int) -> list[list[str]] | None:
    """For each column, the header texts that cover it, top to bottom, in a grid that prints a merged
    cell once in its first column and blanks the rest (DOCX, XLSX): a header cell covers the columns
    from its own to the next printed cell of its row, within the cell above that covers it. None
    when a header row is shorter than the table (the text rendering's rows: ``column_labels``)."""
    if any(len(row.cells) < width for row in header):
        return None
    paths: list[list[str]] = [[] for _ in range(width)]
    parent_end = [width] * width
    for row in header:
        texts = [clean(c) for c in row.cells[:width]]
        starts = [j for j, text in enumerate(texts) if text]
        ends = list(parent_end)
        for index, j in enumerate(starts):
            end = min(starts[index + 1] if index + 1 < len(starts) else width, parent_end[j])
            for k in range(j, end):
                if not paths[k] or paths[k][-1] != texts[j]:
                    paths[k].append(texts[j])
                ends[k] = end
        parent_end = ends
    return paths


_GENERIC_LEAF = re.compile(r"^(小计|合计)$")


def path_labels(kind: str, paths: Sequence[Sequence[str]]) -> list[str]:
    """One label per column from its header path (top → leaf), mapped by the vocabulary on the path:
    the leaf, unless it maps to nothing or to a column an earlier column already holds and an
    ancestor joined with it names another (本年收入 › 小计 is current_income; 本年收入 › 单位资金 › 小计
    reads as 单位资金小计, unit_funds). Label, code and 序号 columns keep their leaf."""
    labels = [path[-1] if path else "" for path in paths]
    patterns = HEADERS_BY_KIND.get(kind)
    if not patterns or kind in ("summary", "fiscal_summary"):
        return labels
    taken: set[str] = set()
    for i, path in enumerate(paths):
        leaf = labels[i]
        if not leaf or is_code_header(leaf) or is_label_header(leaf) or leaf == "序号":
            continue
        column = first_match(leaf, patterns)
        if (column is None or column in taken) and _GENERIC_LEAF.match(leaf):
            for ancestor in reversed(path[:-1]):
                joined = f"{ancestor}{leaf}"
                other = first_match(joined, patterns)
                if other is not None and other not in taken and other != TEXT_FAMILY_COLUMN:
                    labels[i], column = joined, other
                    break
        if column is not None and column != TEXT_FAMILY_COLUMN:
            taken.add(column)
    return labels
