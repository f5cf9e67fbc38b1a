"""Tables continued across PDF pages: a grid left open at the end of one page takes the table that
starts the next one (**Continuations** in ingest/readers/pdf.py's docstring).

A continuation page draws its own rulings, so its columns need not be the first page's: they are
mapped onto the open grid by x overlap, a cell drawn over several of its columns is widened, and
when the first page ended on a merged header fragment the rows read so far are re-gridded onto the
finer columns. A header repeated at the top of the continuation is dropped. Apart from the page
reader because it alone looks at two pages at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.readers.blocks import GridRow
from ingest.readers.pdf_glyphs import _split_cells
from ingest.readers.pdf_ruled_tables import _Table


def _grid_rows(table: _Table) -> list[GridRow]:
    page = table.rows[0].page if table.rows else None
    caption = [GridRow(tuple(_split_cells(line)), line=None, page=page) for line in table.caption]
    return caption + table.rows


def _column_map(previous: Sequence[float], current: Sequence[float]) -> list[int] | None:
    """Map each column of a continuation onto the column of the table it continues (by x overlap)."""
    mapping: list[int] = []
    for j in range(len(current) - 1):
        lo, hi = current[j], current[j + 1]
        best, best_share = None, 0.0
        for k in range(len(previous) - 1):
            overlap = min(hi, previous[k + 1]) - max(lo, previous[k])
            share = overlap / max(min(hi - lo, previous[k + 1] - previous[k]), 0.1)
            if share > best_share:
                best, best_share = k, share
        if best is None or best_share < 0.6 or (mapping and best <= mapping[-1]):
            return None
        mapping.append(best)
    return mapping


def _remap(row: GridRow, mapping: list[int], width: int) -> GridRow:
    cells = [""] * width
    spans = [1] * width
    for j, cell in enumerate(row.cells):
        k = mapping[j]
        cells[k] = f"{cells[k]}{cell}" if cells[k] else cell
        if row.spans:
            end = mapping[min(j + max(row.spans[j], 1), len(mapping)) - 1] if row.spans[j] else k
            spans[k] = (end - k + 1) if row.spans[j] else 0
    return GridRow(tuple(cells), line=row.line, page=row.page, spans=tuple(spans))


@dataclass
class _OpenGrid:
    rows: list[GridRow]
    xs: list[float]
    header: list[tuple[str, ...]]  # the first positional rows, to recognise a repeated header
    page: int
    title: str | None = None  # the text line printed right above the grid
    caption: list[tuple[str, ...]] = field(default_factory=list)  # its caption lines, split into cells


def _covers(previous: Sequence[float], current: Sequence[float], mapping: list[int]) -> list[int]:
    """How many columns of the grid continued each continuation column spans: a continuation page
    that drew one wide cell where the first page had three (支出合计 over both expenditure panels)."""
    counts = []
    for j, k in enumerate(mapping):
        lo, hi = current[j], current[j + 1]
        n = 1
        while (k + n < len(previous) - 1 and (j + 1 >= len(mapping) or k + n < mapping[j + 1])
               and min(hi, previous[k + n + 1]) - max(lo, previous[k + n]) >= 0.6 * (previous[k + n + 1] - previous[k + n])):
            n += 1
        counts.append(n)
    return counts


def _widen(row: GridRow, mapping: list[int], counts: list[int]) -> GridRow:
    if row.spans is None or all(n == 1 for n in counts):
        return row
    spans = list(row.spans)
    for k, n in zip(mapping, counts, strict=True):
        if n > 1 and spans[k] == 1:
            spans[k] = n
            for i in range(k + 1, k + n):
                spans[i] = 0
    return GridRow(row.cells, line=row.line, page=row.page, spans=tuple(spans), refs=row.refs)


def _refining_runs(previous: Sequence[float], current: Sequence[float]) -> list[tuple[int, int]] | None:
    """When the grid ends a page with a header fragment of merged cells (收入 | 支出) and the next
    page continues it with finer columns: each previous column → (first, count) of the continuation
    columns it covers, in order and covering them all; None when the columns do not nest."""
    runs: list[tuple[int, int]] = []
    start = 0
    for j in range(len(previous) - 1):
        lo, hi = previous[j], previous[j + 1]
        cols = [c for c in range(len(current) - 1)
                if min(hi, current[c + 1]) - max(lo, current[c]) >= 0.6 * (current[c + 1] - current[c])]
        if not cols or cols[0] != start or cols != list(range(cols[0], cols[-1] + 1)):
            return None
        runs.append((cols[0], len(cols)))
        start = cols[-1] + 1
    return runs if start == len(current) - 1 and len(runs) < start else None


def _refine(open_grid: _OpenGrid, runs: list[tuple[int, int]], xs: list[float]) -> None:
    """Re-grid the rows read so far onto the continuation's finer columns (a cell keeps its text in
    its first column and spans the columns it covers)."""
    width = len(xs) - 1

    def regrid(row: GridRow) -> GridRow:
        if row.spans is None:
            return row  # a caption line: its cells are not columns
        cells, spans = [""] * width, [0] * width
        for j, cell in enumerate(row.cells):
            first, count = runs[j]
            if row.spans[j] == 0:
                continue
            last_run = runs[min(j + max(row.spans[j], 1), len(runs)) - 1]
            cells[first] = cell
            spans[first] = last_run[0] + last_run[1] - first
        for k in range(width):
            if not any(spans[i] and i <= k < i + spans[i] for i in range(width)):
                spans[k] = 1
        return GridRow(tuple(cells), line=row.line, page=row.page, spans=tuple(spans))

    open_grid.rows = [regrid(r) for r in open_grid.rows]
    open_grid.header = [regrid(GridRow(h, spans=(1,) * len(h))).cells for h in open_grid.header]
    open_grid.xs = list(xs)


def _continue(open_grid: _OpenGrid, table: _Table, repeated_title: bool = False) -> bool:
    """Append a continuation table to the grid it continues; False when it is not one.

    ``repeated_title``: the page repeats the grid's title above the table; its caption must then
    repeat the grid's caption too (部门：… 单位：万元), and both are dropped with the repeated header.
    """
    if table.title is not None:
        return False
    if table.caption and (not repeated_title
                          or [tuple(_split_cells(line)) for line in table.caption] != open_grid.caption):
        return False
    mapping = _column_map(open_grid.xs, table.xs)
    if mapping is None:
        runs = _refining_runs(open_grid.xs, table.xs)
        if runs is None:
            return False
        _refine(open_grid, runs, table.xs)
        mapping = list(range(len(table.xs) - 1))
    width = len(open_grid.xs) - 1
    rows = [_widen(_remap(r, mapping, width), mapping, _covers(open_grid.xs, table.xs, mapping)) for r in table.rows]
    repeated = 0
    while (repeated < len(rows) and repeated < len(open_grid.header)
           and rows[repeated].cells == open_grid.header[repeated]):
        repeated += 1
    open_grid.rows.extend(rows[repeated:])
    return True
