"""Printed header → canonical column, per kind; one label per column of a merged header; and what the
scaffolding says about the document (year, unit, department)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.readers.blocks import GridRow
from ingest.reading.tables.grid import DEPT_CODE, META
from ingest.reading.tables.text import clean

# printed header → canonical column, per family; first match wins, so specific names come first
INCOME_HEADERS = (
    (r"上年结转", "carry_over"),
    (r"^(合计|总计)$", "total"),
    (r"^小计$|^本年收入(小计|合计)?$", "current_income"),
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "government_fund"),
    (r"国有资本", "state_capital"),
    (r"财政专户", "fiscal_special"),
    (r"财政拨款", "fiscal_appropriation"),
    (r"经营收入", "operating"),
    (r"事业收入", "business"),
    (r"上级补助", "superior_subsidy"),
    (r"附属单位上缴", "subordinate_remit"),
    (r"其他收入", "other"),
)
_EXPENDITURE_HEADERS = (
    (r"^(合计|总计|本年支出合计)$", "total"),
    (r"^小计$", "total"),  # 决算 fund tables: 本年支出 / 小计
    (r"基本支出", "basic"),
    (r"项目支出", "project"),
    (r"经营支出", "operating"),
    (r"上(缴|解)上级", "remit_superior"),
    (r"对附属单位补助", "subsidy_subordinate"),
    (r"机动经费", "reserve"),
    (r"^金额$", "total"),  # Jiangsu function tables print one amount column, 金额
)
_BASIC_HEADERS = (
    # 决算数: the two-panel 决算 layout's one amount column; 金额: Jiangsu's one amount column
    (r"^(合计|总计|决算数|预算数|金额)$", "total"),
    (r"人员经费", "personnel"),
    (r"公用经费", "public"),
)
FUND_HEADERS = (
    (r"^(合计|总计)$", "total"),
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "government_fund"),
    (r"国有资本", "state_capital"),
)
_FIXED_ASSET_HEADERS = ((r"价值|金额", "value"),)
_PROCUREMENT_HEADERS = (
    (r"^(合计|总计)$", "total"),
    (r"一般公共预算", "general_budget"),
    (r"基金预算", "government_fund"),
    (r"国有资本", "state_capital"),
    (r"财政专户", "fiscal_special"),
    (r"单位资金", "unit_funds"),
    (r"非财政拨款结转", "other_carry_over"),
    (r"财政拨款结转", "fiscal_carry_over"),
    (r"中小微企业", "sme_share"),
)
HEADERS_BY_KIND = {
    "income": INCOME_HEADERS,
    "expenditure": _EXPENDITURE_HEADERS,
    "general_budget": _EXPENDITURE_HEADERS,
    "government_fund": _EXPENDITURE_HEADERS,
    "state_capital": _EXPENDITURE_HEADERS,
    "basic_expenditure": _BASIC_HEADERS,
    "three_public": FUND_HEADERS,
    "fixed_assets": _FIXED_ASSET_HEADERS,
    "procurement": _PROCUREMENT_HEADERS,
    "operating_costs": ((r"^(合计|总计|金额)$|机关运行经费", "total"),),
    "fiscal_expenditure": _EXPENDITURE_HEADERS,
    "fiscal_basic_expenditure": _BASIC_HEADERS,
}


@dataclass
class TableHeaderFacts:
    """What a table's scaffolding says about the document: checked by the S rules, used by identity."""

    year: int | None = None
    department: str | None = None
    department_code: str | None = None
    unit: str | None = None


_UNIT = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")
_YEAR = re.compile(r"(?:预算|决算)年度[:：]\s*(\d{4})")
_COMPILER = re.compile(r"编制(?:部门|单位)[:：]\s*(\S.*)$")


def header_facts(meta: Sequence[GridRow], header: Sequence[GridRow], title: str) -> TableHeaderFacts:
    facts = TableHeaderFacts()
    for cell in [c for r in meta for c in r.cells] + [c for r in header for c in r.cells] + [title]:
        text = unicodedata.normalize("NFKC", cell).strip()
        if facts.unit is None and (m := _UNIT.search(text.replace(" ", ""))):
            facts.unit = m.group(1)
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
