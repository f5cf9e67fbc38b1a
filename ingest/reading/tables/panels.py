"""Economic classes printed in two panels side by side (决算 基本支出): read as one table."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.amounts import looks_like_amount
from ingest.model import Row, Table
from ingest.readers.blocks import GridRow
from ingest.reading.tables.cells import CellReader, source_ref
from ingest.reading.tables.grid import pad
from ingest.reading.tables.headers import is_code_header, is_label_header
from ingest.reading.tables.rows import read_rows
from ingest.reading.tables.text import clean

_PERSONNEL_TOTAL = re.compile(r"^人员经费(合计|小计)$")
_PUBLIC_TOTAL = re.compile(r"^公用经费(合计|小计)$")


def find_panels(labels: Sequence[str]) -> tuple[int, int] | None:
    """(start of the right panel, width) when a table prints two code/name/amount panels."""
    names = [i for i, lab in enumerate(labels) if is_label_header(lab) and not is_code_header(lab)]
    if len(names) != 2:
        return None
    start = names[1]
    while start > 0 and is_code_header(labels[start - 1]):
        start -= 1
    if start <= names[0]:
        return None
    return start, len(labels)


def read_panels(
    kind: str, table: Table, labels: list[str], panels: tuple[int, int], data: list[GridRow], width: int,
    cells: CellReader,
) -> int:
    """Left panel rows, then right panel rows, read as one table; the footer 人员经费合计 |
    公用经费合计 becomes the 合计 row with its personnel and public columns."""
    start, end = panels
    left: list[GridRow] = []
    right: list[GridRow] = []
    footer: list[tuple[GridRow, str, str]] = []
    for grid_row in data:
        raw = pad(grid_row, width)
        texts = [clean(c) for c in raw]
        personnel = next((i for i, t in enumerate(texts) if _PERSONNEL_TOTAL.match(t)), None)
        public = next((i for i, t in enumerate(texts) if _PUBLIC_TOTAL.match(t)), None)
        if personnel is not None or public is not None:
            amounts = [c.strip() for c in raw if looks_like_amount(c)]
            left_amount = next((c.strip() for c in raw[:start] if looks_like_amount(c)), "")
            right_amount = next((c.strip() for c in raw[start:end] if looks_like_amount(c)), "")
            if not amounts:
                left_amount = right_amount = ""
            footer.append((grid_row, left_amount, right_amount))
            continue
        for part, lo, hi in ((left, 0, start), (right, start, end)):
            cells_of = tuple(raw[lo:hi])
            if any(clean(c) for c in cells_of):
                spans = grid_row.spans[lo:hi] if grid_row.spans else None
                part.append(GridRow(cells_of, line=grid_row.line, page=grid_row.page, spans=spans))
    count = read_rows(kind, table, labels[:start], left, start, cells)
    count += read_rows(kind, table, labels[start:end], right, end - start, cells)
    for grid_row, personnel, public in footer:
        row = Row(name="合计", level=0, line="total", source=source_ref(grid_row))
        cells.fill(row, "personnel", personnel, "人员经费合计")
        cells.fill(row, "public", public, "公用经费合计")
        table.rows.append(row)
        for column, label in (("personnel", "人员经费合计"), ("public", "公用经费合计")):
            if column not in table.columns:
                table.columns.append(column)
                table.column_labels[column] = label
    return count
