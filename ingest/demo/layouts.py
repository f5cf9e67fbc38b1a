"""Layout variations: one generated Document printed in many layouts, to prove the readers on layouts
no corpus file has.

Why: real portals publish hundreds of layouts; the readers were built on a few. A generated Document
balances by construction, so any difference between it and its reading — a figure, a cell, a
finding — is a reader bug (issue 11). :class:`LayoutOptions` says how to print; :data:`VARIANTS` names
the combinations the property test (tests/ingest/demo/test_layout_variants.py) and the benchmark
(bench/layout_variants.py) read back.

Two kinds of option:

- **What the cells say** (:func:`vary_blocks`, every format): thousands separators, how a zero
  prints (blank, 0, 0.00, -), the 合计 row first or last, where the unit is printed (in the caption
  row, on its own line above the table, split over two lines, inside the amount column headers).
- **What shape a table has** (ingest/demo/layout_shapes.py, every format): the subject code in one
  column or split over 类 | 款 | 项 (under a 科目编码 group cell or not); the 收支总表 in two panels or
  three (支出按用途); the 收入总表's header as a three-level tree (本年收入 › 单位资金 › 小计 …).
- **How the page draws it** (the PDF writer, ingest/demo/writers/pdf.py): ruling by lines, by thin
  filled rectangles, by filled cell backgrounds, by horizontal rules only or by nothing; landscape or
  portrait; tables shrunk to fit a page or split over pages with or without repeated headers; a
  title left at the foot of the previous page.

:data:`DEFAULT` prints exactly what the writers printed before options existed.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from ingest.amounts import looks_like_amount
from ingest.demo.layout_shapes import add_use_panel, group_unit_funds, is_summary, split_code_columns
from ingest.demo.writers.layout import Cell, LayoutBlock, LayoutTable
from ingest.readers.blocks import TextLine

RULINGS = ("lines", "rect_borders", "cell_fills", "horizontal", "none")
ZEROS = ("blank", "0", "0.00", "-")
UNITS = ("caption", "own_line", "split", "header")
CODES = ("one", "split", "grouped")  # 科目编码 | 类 款 项 in its place | 类 款 项 under a 科目编码 group cell


@dataclass(frozen=True)
class LayoutOptions:
    ruling: str = "lines"  # one of RULINGS
    landscape: bool = True
    fit_page: bool = True  # shrink a table's type to fit one page; False: a long table splits over pages
    repeat_headers: bool = False  # a split table repeats its header rows on the next page
    title_at_foot: bool = False  # a wide table's title ends the previous page, the table starts the next
    separators: bool = False  # 1,234.56
    zero: str = "blank"  # how a zero amount prints, one of ZEROS
    totals_last: bool = False  # the 合计 row of a coded table after its detail rows
    unit: str = "caption"  # where the unit prints, one of UNITS
    codes: str = "one"  # how a subject code prints, one of CODES (ingest/demo/layout_shapes.py)
    panels: int = 2  # the 收支总表's panels: 收入 | 支出, or 收入 | 支出按功能分类 | 支出按用途
    header_tree: bool = False  # the 收入总表 with a third header level: 本年收入 › 单位资金 › 小计 | 事业收入 …

    def __post_init__(self) -> None:
        assert self.ruling in RULINGS and self.zero in ZEROS and self.unit in UNITS
        assert self.codes in CODES and self.panels in (2, 3)

    @property
    def name(self) -> str:
        changed = [f"{f.name}={getattr(self, f.name)}" for f in dataclasses.fields(self)
                   if getattr(self, f.name) != f.default]
        return ",".join(changed) or "default"


DEFAULT = LayoutOptions()


def _v(**changes) -> LayoutOptions:
    return LayoutOptions(**changes)


VARIANTS: dict[str, LayoutOptions] = {
    "default": DEFAULT,
    "portrait": _v(landscape=False),
    "separators": _v(separators=True),
    "zero_0": _v(zero="0"),
    "zero_decimal": _v(zero="0.00"),
    "zero_dash": _v(zero="-"),
    "totals_last": _v(totals_last=True),
    "unit_own_line": _v(unit="own_line"),
    "unit_split": _v(unit="split"),
    "unit_in_header": _v(unit="header"),
    "title_at_foot": _v(title_at_foot=True),
    "split_repeated": _v(fit_page=False, repeat_headers=True),
    "split_plain": _v(fit_page=False),
    "portrait_split_repeated": _v(landscape=False, fit_page=False, repeat_headers=True, separators=True),
    "portrait_split_plain": _v(landscape=False, fit_page=False, zero="0"),
    "rect_borders": _v(ruling="rect_borders"),
    "rect_borders_portrait_split": _v(ruling="rect_borders", landscape=False, fit_page=False, repeat_headers=True),
    "cell_fills": _v(ruling="cell_fills"),
    "cell_fills_dash_totals_last": _v(ruling="cell_fills", zero="-", totals_last=True),
    "cell_fills_split_plain": _v(ruling="cell_fills", fit_page=False, separators=True),
    "foot_title_totals_last_separators": _v(title_at_foot=True, totals_last=True, separators=True, zero="0.00"),
    "horizontal_rules": _v(ruling="horizontal"),
    "unruled": _v(ruling="none"),
    "unruled_separators_dash": _v(ruling="none", separators=True, zero="-"),
    "summary_three_panels": _v(panels=3),
    "code_columns_split": _v(codes="split"),
    "code_columns_grouped": _v(codes="grouped"),
    "code_columns_grouped_totals_last": _v(codes="grouped", totals_last=True, zero="-"),
    "three_panels_rect_borders_split": _v(panels=3, ruling="rect_borders", codes="split", fit_page=False,
                                          repeat_headers=True),
    "three_panels_cell_fills_grouped": _v(panels=3, ruling="cell_fills", codes="grouped", separators=True),
    "header_tree": _v(header_tree=True),
    "header_tree_grouped_codes_portrait": _v(header_tree=True, codes="grouped", landscape=False, zero="0"),
    "unruled_three_panels_split_codes_tree": _v(ruling="none", panels=3, codes="split", header_tree=True),
    "unruled_grouped_codes": _v(ruling="none", codes="grouped"),
}

# the options DOCX and XLSX print too (what the cells say, the tables' shape); ruling and pages are the PDF's
OFFICE_FIELDS = ("separators", "zero", "totals_last", "unit", "codes", "panels", "header_tree")


def office_variants() -> list[str]:
    """The variants that change something a DOCX or XLSX prints, and nothing else."""
    return [name for name, options in VARIANTS.items() if options != DEFAULT and all(
        f.name in OFFICE_FIELDS for f in dataclasses.fields(options) if getattr(options, f.name) != f.default)]


# --- what the cells say --------------------------------------------------------------------------

_UNIT = re.compile(r"^(?:金额)?单位[:：]\s*(万元|元)$")


def vary_blocks(blocks: Sequence[LayoutBlock], options: LayoutOptions) -> list[LayoutBlock]:
    """The blocks with every table's cells printed as ``options`` say (new tables; inputs untouched)."""
    uses = use_lines(blocks) if options.panels == 3 else []
    return [vary_table(b, options, uses) if isinstance(b, LayoutTable) else b for b in blocks]


def use_lines(blocks: Sequence[LayoutBlock]) -> list[tuple[str, str]]:
    """The expenditure by use a third summary panel prints: 基本支出 and 项目支出 of the 支出总表's
    合计 row (as printed there)."""
    for index, block in enumerate(blocks[1:], start=1):
        title = blocks[index - 1]
        if not (isinstance(block, LayoutTable) and isinstance(title, TextLine)
                and title.text.endswith("支出总表") and "收支" not in title.text):
            continue
        rows = [[c.text if c else "" for c in row] for row in block.rows]
        heads = {re.sub(r"\s+", "", text): c for row in rows[: block.header_rows] for c, text in enumerate(row)}
        total = next((row for row in rows[block.header_rows :] if "合计" in (t.strip() for t in row[:4])), None)
        if total is not None and "基本支出" in heads and "项目支出" in heads:
            return [("一、基本支出", total[heads["基本支出"]]), ("二、项目支出", total[heads["项目支出"]])]
    return []


def vary_table(table: LayoutTable, options: LayoutOptions, uses: Sequence[tuple[str, str]] = ()) -> LayoutTable:
    if options.panels == 3 and uses and is_summary(table):
        table = add_use_panel(table, list(uses))
    if options.header_tree:
        table = group_unit_funds(table)
    rows = [list(r) for r in table.rows]
    out = LayoutTable(width=table.width, rows=rows, header_rows=table.header_rows, above=table.above)
    data = _data_rows(out)
    if options.totals_last:
        _totals_last(out, data)
    amount_cols = _amount_columns(out, data)
    for r in data:
        for c in range(out.width):
            cell = out.rows[r][c]
            if cell is None or c not in amount_cols:
                continue
            text = _amount_text(cell.text, options) if cell.text else _blank_text(out.rows[r], c, amount_cols, options)
            if text != cell.text:
                out.rows[r][c] = dataclasses.replace(cell, text=text)
    if options.unit != "caption":
        _move_unit(out, amount_cols, options.unit)
    if options.codes != "one":
        out = split_code_columns(out, group=options.codes == "grouped")
    return out


def _data_rows(table: LayoutTable) -> list[int]:
    """Rows after the header whose label cells print something (栏次 rows and empty tables excluded)."""
    out = []
    for r in range(table.header_rows, len(table.rows)):
        texts = [c.text.strip() if c else "" for c in table.rows[r]]
        if texts and texts[0] != "栏次" and any(texts):
            out.append(r)
    return out


def _amount_columns(table: LayoutTable, data: list[int]) -> set[int]:
    return {c for r in data for c, cell in enumerate(table.rows[r])
            if c > 0 and cell is not None and cell.text and looks_like_amount(cell.text)
            and "." in cell.text}


def _totals_last(table: LayoutTable, data: list[int]) -> None:
    """Move a 合计 row printed first among the data rows to after them; the 序号 column is renumbered."""
    if len(data) < 2 or data != list(range(data[0], data[-1] + 1)):
        return
    first = table.rows[data[0]]
    if not any(c is not None and c.text.strip() == "合计" for c in first[1:4]):
        return
    numbers = [table.rows[r][0].text if table.rows[r][0] else "" for r in data]
    moved = table.rows[data[0] + 1 : data[-1] + 1] + [first]
    for offset, row in enumerate(moved):
        if numbers[offset].isdigit() and row[0] is not None:
            row[0] = dataclasses.replace(row[0], text=numbers[offset])
        table.rows[data[0] + offset] = row


def _amount_text(text: str, options: LayoutOptions) -> str:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text
    if value == 0:
        return _zero(options)
    return f"{value:,.2f}" if options.separators else text


def _zero(options: LayoutOptions) -> str:
    return {"blank": "", "0": "0", "0.00": "0.00", "-": "-"}[options.zero]


def _blank_text(row: list[Cell | None], c: int, amount_cols: set[int], options: LayoutOptions) -> str:
    """A blank amount cell is a zero when its row has a label to its left (not the empty half of a
    two-panel summary row)."""
    k = c - 1
    while k >= 0 and k in amount_cols:
        k -= 1
    label = row[k] if k >= 0 else None
    return _zero(options) if label is not None and label.text.strip() else ""


def _move_unit(table: LayoutTable, amount_cols: set[int], where: str) -> None:
    """Take 单位：万元 out of the caption row and print it above the table, split, or in the headers."""
    caption = table.rows[0] if table.rows else []
    found = [(c, cell) for c, cell in enumerate(caption) if cell is not None and _UNIT.match(cell.text.strip())]
    if not found or not amount_cols:
        return
    c, cell = found[0]
    unit = _UNIT.match(cell.text.strip()).group(1)
    caption[c] = dataclasses.replace(cell, text="")
    if where == "own_line":
        table.above = (f"单位：{unit}",)
    elif where == "split":
        table.above = (f"单位：{unit[:-1]}", unit[-1])
    else:  # the lowest header cell over each amount column says （万元）
        for col in sorted(amount_cols):
            for r in range(table.header_rows - 1, 0, -1):
                head = table.rows[r][col]
                if head is not None and head.text.strip() and head.text.strip() != "栏次":
                    table.rows[r][col] = dataclasses.replace(head, text=f"{head.text}（{unit}）")
                    break
