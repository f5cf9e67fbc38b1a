"""Canonical Document → an Excel (.xlsx) disclosure workbook: one sheet per table.

The layout is the text rendering's (ingest/demo/writers/layout.py), cut into sheets the way fill-in
workbooks are organised: each table on a sheet of its own, named after its title, with the title in
the first row (merged across the table), the grid below (header cells merged as published) and its
note, if any, under it; narrative text between tables goes to sheets of its own (说明1, 说明2 …),
one paragraph per row. Amounts printed with decimals are stored as numbers with a number format
that displays exactly the printed text (``1018.24`` → 1018.24 formatted ``0.00``), as a finance
bureau's workbook would; codes, row numbers and everything else are text.
ingest/readers/xlsx.py reads it back.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.demo.layouts import DEFAULT, LayoutOptions, vary_blocks
from ingest.demo.writers.layout import LayoutBlock, LayoutTable, layout, reproducible_zip
from ingest.model import Document
from ingest.readers.blocks import TextLine

_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)\.(\d+)$")
_NOTE = re.compile(r"^注[:：]")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
TEXT_SHEET_WIDTH = 8


@dataclass
class _SheetPlan:
    name: str
    blocks: list[LayoutBlock] = field(default_factory=list)


def _sheet_plans(blocks: Sequence[LayoutBlock]) -> list[_SheetPlan]:
    """Cut the blocks into sheets: a table with its title (and notes), or a run of narrative text."""
    plans: list[_SheetPlan] = []
    texts = 0
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, TextLine) and isinstance(following, LayoutTable):
            plan = _SheetPlan(block.text, [block, following])
            index += 2
            while index < len(blocks) and isinstance(blocks[index], TextLine) and _NOTE.match(blocks[index].text):
                plan.blocks.append(blocks[index])
                index += 1
            plans.append(plan)
            continue
        if isinstance(block, LayoutTable):  # a table without a title line
            plans.append(_SheetPlan(f"表{len(plans) + 1}", [block]))
            index += 1
            continue
        if not plans or not plans[-1].name.startswith("说明") or any(
            isinstance(b, LayoutTable) for b in plans[-1].blocks
        ):
            texts += 1
            plans.append(_SheetPlan(f"说明{texts}"))
        plans[-1].blocks.append(block)
        index += 1
    return plans


def _sheet_name(title: str, used: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("", title).strip().strip("'") or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.lower() in used:
        suffix = f"({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name.lower())
    return name


def _number(text: str) -> tuple[float, str] | None:
    """A printed amount with decimals → (value, number format that prints it back identically)."""
    m = _AMOUNT.match(text.strip())
    if m is None:
        return None
    decimals = len(m.group(3))
    grouped = "," in text
    fmt = ("#,##0" if grouped else "0") + "." + "0" * decimals
    return float(text.replace(",", "")), fmt


def _write_cell(ws, row: int, column: int, text: str, wrap: bool = True) -> None:
    from openpyxl.styles import Alignment

    cell = ws.cell(row=row, column=column)
    number = _number(text)
    if number is not None:
        cell.value, cell.number_format = number
        cell.alignment = Alignment(horizontal="right", vertical="center")
        return
    _set_text(cell, text)
    cell.alignment = Alignment(wrap_text=wrap, vertical="center")


def _set_text(cell, text: str) -> None:
    """A text cell, even when the text starts with ``=`` (=100% is a 指标值, not a formula)."""
    cell.value = text
    cell.data_type = "s"
    cell.number_format = "@"


def _write_table(ws, start: int, table: LayoutTable) -> int:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for r, row in enumerate(table.rows):
        for c in range(table.width):
            cell = row[c]
            if cell is not None and cell.text:
                _write_cell(ws, start + r, c + 1, cell.text)
            ws.cell(row=start + r, column=c + 1).border = border
    for r, c, last_r, last_c in table.spans():
        ws.merge_cells(start_row=start + r, start_column=c + 1, end_row=start + last_r, end_column=last_c + 1)
    return start + len(table.rows)


def _write_text(ws, row: int, text: str, width: int) -> None:
    from openpyxl.styles import Alignment

    cell = ws.cell(row=row, column=1)
    _set_text(cell, text)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    if width > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def build_workbook(doc: Document, *, notes: Sequence[str] = (), options: LayoutOptions = DEFAULT):
    """The openpyxl Workbook of ``doc`` (see the module docstring), its tables printed as the layout
    variant ``options`` says (ingest/demo/layouts.py: cells and shape; ruling is the PDF's)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    blocks = layout(doc, notes=notes)
    if options != DEFAULT:
        blocks = vary_blocks(blocks, options)
    for plan in _sheet_plans(blocks):
        ws = workbook.create_sheet(_sheet_name(plan.name, used))
        width = max((b.width for b in plan.blocks if isinstance(b, LayoutTable)), default=TEXT_SHEET_WIDTH)
        row = 1
        for block in plan.blocks:
            if isinstance(block, LayoutTable):
                for line in block.above:  # a unit on a row of its own, right above the table
                    _write_text(ws, row, line, 1)
                    row += 1
                row = _write_table(ws, row, block)
            else:
                _write_text(ws, row, block.text, width)
                if row == 1:
                    ws.cell(row=1, column=1).font = Font(bold=True)
                row += 1
        for column in range(1, width + 1):
            ws.column_dimensions[_letter(column)].width = 14 if width > 1 else 100
    return workbook


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def render_xlsx(doc: Document, *, notes: Sequence[str] = (), options: LayoutOptions = DEFAULT) -> bytes:
    """``doc`` as .xlsx bytes; the same Document always gives the same bytes."""
    buffer = io.BytesIO()
    build_workbook(doc, notes=notes, options=options).save(buffer)
    return reproducible_zip(buffer.getvalue())


def write_xlsx(doc: Document, path: str | Path, *, notes: Sequence[str] = (),
               options: LayoutOptions = DEFAULT) -> Path:
    """Write ``doc`` as an .xlsx workbook at ``path``; returns the path."""
    path = Path(path)
    path.write_bytes(render_xlsx(doc, notes=notes, options=options))
    return path
