"""Layout variations that change a table's shape, not only what its cells say (ingest/demo/layouts.py).

- **Code columns** (:func:`split_code_columns`): the subject code printed in one column (科目编码:
  2010601, the default) or split over the columns of its parts — 类 | 款 | 项 (201 | 06 | 01) in a
  function table, 类 | 款 (301 | 01) in an economic one — either under the 科目编码 header itself or
  under a 科目编码 group cell spanning them (a third header level: 功能分类科目 › 科目编码 › 类).
- **Panels** (:func:`add_use_panel`): the 收支总表 printed with two panels (收入 | 支出, the default)
  or three, the expenditure by use (支出按用途: 基本支出, 项目支出) beside the one by function, as
  Jiangsu prints it.
- **Header tree** (:func:`group_unit_funds`): a third header level in the 收入总表, 本年收入 ›
  单位资金 › 小计 | 事业收入 | …, as the 财政部 2021 template prints it.

Each works on the merged-cell grid (:class:`~ingest.demo.writers.layout.LayoutTable`) through a
list of anchored cells, so a merged header cell keeps covering what it covered, and returns a new
table (the input is untouched).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ingest.demo.writers.layout import Cell, LayoutTable

_CODE_HEADER = re.compile(r"^科目编码$")
_FUNCTION_GROUP = re.compile(r"功能分类科目")
_ECONOMIC_GROUP = re.compile(r"经济分类科目")


@dataclass
class _Anchor:
    row: int
    col: int
    cell: Cell

    @property
    def last_row(self) -> int:
        return self.row + self.cell.rowspan - 1

    @property
    def last_col(self) -> int:
        return self.col + self.cell.colspan - 1


def _anchors(table: LayoutTable) -> list[_Anchor]:
    return [_Anchor(r, c, cell) for r, row in enumerate(table.rows) for c, cell in enumerate(row) if cell is not None]


def _table(width: int, rows: int, anchors: list[_Anchor], header_rows: int, above: tuple[str, ...]) -> LayoutTable:
    out = LayoutTable(width=width, rows=[[None] * width for _ in range(rows)], header_rows=header_rows, above=above)
    for a in anchors:
        out.rows[a.row][a.col] = a.cell
    return out


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _find(table: LayoutTable, pattern: re.Pattern[str], rows: range) -> tuple[int, int] | None:
    for r in rows:
        for c, cell in enumerate(table.rows[r]):
            if cell is not None and pattern.search(_clean(cell.text)):
                return r, c
    return None


def split_code_columns(table: LayoutTable, group: bool) -> LayoutTable:
    """The table with its 科目编码 column split into 类 | 款 | 项 (function) or 类 | 款 (economic);
    ``group``: under a 科目编码 cell spanning them (one header row more), else in its place."""
    header = range(table.header_rows)
    found = _find(table, _CODE_HEADER, header)
    if found is None:
        return table
    r, c = found
    over = _find(table, _FUNCTION_GROUP, range(r)) or _find(table, _ECONOMIC_GROUP, range(r))
    if over is None:
        return table
    parts = ("类", "款", "项") if _clean(table.rows[over[0]][over[1]].text).startswith("功能") else ("类", "款")
    extra = len(parts) - 1
    added = 1 if group else 0
    out: list[_Anchor] = []
    for a in _anchors(table):
        row = a.row + (added if a.row > r else 0)
        rowspan = a.cell.rowspan + (added if a.row <= r <= a.last_row and (a.row, a.col) != (r, c) else 0)
        if a.col > c:
            out.append(_Anchor(row, a.col + extra, dataclasses.replace(a.cell, rowspan=rowspan)))
        elif a.col == c and a.row >= table.header_rows and a.cell.colspan == 1 and not _numbering(table, a.row):
            for k, text in enumerate(_code_parts(a.cell.text, len(parts))):
                out.append(_Anchor(row, c + k, Cell(text)))
        elif (a.row, a.col) == (r, c) and not group:
            out += [_Anchor(r, c + k, Cell(label)) for k, label in enumerate(parts)]
        else:
            colspan = a.cell.colspan + (extra if a.col <= c <= a.last_col else 0)
            out.append(_Anchor(row, a.col, dataclasses.replace(a.cell, rowspan=rowspan, colspan=colspan)))
    if group:
        out += [_Anchor(r + 1, c + k, Cell(label)) for k, label in enumerate(parts)]
    return _table(table.width + extra, len(table.rows) + added, out, table.header_rows + added, table.above)


def _numbering(table: LayoutTable, r: int) -> bool:
    first = table.rows[r][0]
    return first is not None and _clean(first.text) == "栏次"


def _code_parts(code: str, parts: int) -> list[str]:
    """2010601 → 201 | 06 | 01; 20106 → 201 | 06 | (blank); a blank code stays blank."""
    text = code.strip()
    if not text.isdigit():
        return [code] + [""] * (parts - 1)
    pieces = [text[:3]] + [text[i : i + 2] for i in range(3, len(text), 2)]
    return (pieces + [""] * parts)[:parts]


def is_summary(table: LayoutTable) -> bool:
    """A 收支总表 (not the 财政拨款 one): 收入 and 支出 over two 项目 | amount panels."""
    head = table.rows[: table.header_rows]
    texts = [[_clean(c.text) if c else "" for c in row] for row in head]
    two_wide = any(c is not None and _clean(c.text) == "支出" and c.colspan == 2 for row in head for c in row)
    return two_wide and any("收入" in row for row in texts) and any(row.count("项目") == 2 for row in texts)


def add_use_panel(table: LayoutTable, uses: list[tuple[str, str]]) -> LayoutTable:
    """A third panel right of the expenditure one: 支出按用途 over 项目 | amount, its rows ``uses``
    ((label, amount) of 基本支出, 项目支出) from the first data row down; the 支出 group header
    becomes 支出按功能分类."""
    if not is_summary(table) or table.header_rows < 2:
        return table
    width = table.width
    group_row = next(r for r in range(table.header_rows)
                     if any(c is not None and _clean(c.text) == "支出" for c in table.rows[r]))
    out: list[_Anchor] = []
    for a in _anchors(table):
        cell = a.cell
        if a.last_col == width - 1 and a.row < group_row:
            cell = dataclasses.replace(cell, colspan=cell.colspan + 2)  # the caption row runs to the new edge
        elif a.row == group_row and _clean(cell.text) == "支出":
            cell = dataclasses.replace(cell, text="支出按功能分类")
        out.append(_Anchor(a.row, a.col, cell))
    leaf_row = group_row + 1
    amount_head = table.rows[leaf_row][width - 1]
    out += [_Anchor(group_row, width, Cell("支出按用途", colspan=2)),
            _Anchor(leaf_row, width, Cell("项  目")),
            _Anchor(leaf_row, width + 1, Cell(amount_head.text if amount_head else "预算数"))]
    data = list(range(table.header_rows, len(table.rows)))
    if data and table.rows[data[0]][0] is not None and _clean(table.rows[data[0]][0].text) == "栏次":
        out += [_Anchor(data[0], width + k, Cell(str(width + k))) for k in range(2)]
        data = data[1:]
    for index, r in enumerate(data):
        label, amount = uses[index] if index < len(uses) else ("", "")
        out += [_Anchor(r, width, Cell(label)), _Anchor(r, width + 1, Cell(amount))]
    return _table(width + 2, len(table.rows), out, table.header_rows, table.above)


_UNIT_SOURCES = ("事业收入", "经营收入", "上级补助收入", "附属单位上缴收入", "其他收入")


def group_unit_funds(table: LayoutTable) -> LayoutTable:
    """The 财政部 2021 template's header tree in a 收入总表: 本年收入 › 单位资金 › 小计 | 事业收入 | … |
    其他收入 — a third header level, and a 单位资金 小计 column (the sum of its sources) whose leaf
    says 小计 like 本年收入's own: only its path tells them apart."""
    leaves = _find(table, re.compile("^事业收入$"), range(table.header_rows))
    if leaves is None:
        return table
    r, first = leaves
    run = [c for c in range(first, table.width)
           if table.rows[r][c] is not None and _clean(table.rows[r][c].text) in _UNIT_SOURCES]
    if run != list(range(first, first + len(_UNIT_SOURCES))):
        return table
    last = run[-1]
    out: list[_Anchor] = []
    for a in _anchors(table):
        row = a.row + (1 if a.row > r else 0)
        cell = a.cell
        if a.row == r and first <= a.col <= last:
            out.append(_Anchor(r + 1, a.col + 1, cell))  # a source's leaf, one row down, one column right
            continue
        if a.row <= r <= a.last_row:
            cell = dataclasses.replace(cell, rowspan=cell.rowspan + 1)
        if a.col >= first:
            out.append(_Anchor(row, a.col + 1, cell))
        else:
            colspan = cell.colspan + (1 if a.last_col >= first else 0)
            out.append(_Anchor(row, a.col, dataclasses.replace(cell, colspan=colspan)))
    out += [_Anchor(r, first, Cell("单位资金", colspan=len(run) + 1)), _Anchor(r + 1, first, Cell("小计"))]
    for index in range(table.header_rows, len(table.rows)):
        row = table.rows[index]
        total = sum((_amount(row[c].text) for c in run if row[c] is not None), Decimal(0))
        text = "" if _numbering(table, index) or total == 0 else f"{total:.2f}"
        out.append(_Anchor(index + 1, first, Cell(text)))
    return _table(table.width + 1, len(table.rows) + 1, out, table.header_rows + 1, table.above)


def _amount(text: str) -> Decimal:
    try:
        return Decimal(text.strip().replace(",", "")) if text.strip() else Decimal(0)
    except InvalidOperation:
        return Decimal(0)
