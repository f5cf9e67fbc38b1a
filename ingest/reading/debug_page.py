"""``budgetwh debug-page``: what the reader saw on one PDF page, drawn over the page.

The PDF is read once, the way ``parse`` reads it (ingest/readers/pdf.py ``read_pages``), and the
same pages give both the picture's geometry (ingest/readers/pdf_debug.py: rulings, merged cells,
captions) and the blocks that sections.py and tables/ turn into tables. Each ruled table of the
page is then drawn as the reading took it:

- its **cells** (a merged cell is one rectangle) over the **rulings** (thin blue lines);
- its rows by role, from ``split_grid``: caption and meta rows grey, **header** rows orange (deeper
  levels of the header tree lighter; a merged header cell spans its children), **data** rows green;
  a title printed inside the box purple, the 栏次 row (scaffolding no one reads) dark grey;
- above it, a label with the table's number, **kind**, **unit** and title; above the first data row,
  each column's canonical name (``total``, ``basic`` …; ``code`` / ``name`` for the label columns)
  as ``read_table`` mapped it;
- **panels** (收入 | 支出, the two halves of a 决算 基本支出 table) split by a thick magenta line.

A ruled grid the reading took for no table (no title names a kind) is drawn in grey, labelled so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ingest.model import Table
from ingest.readers.blocks import GridRow
from ingest.readers.pdf import read_pages, source_blocks
from ingest.readers.pdf_debug import PageGeometry, Shape, TableGeometry, has_cjk_font, page_geometry, render
from ingest.reading.sections import TitledGrid, sections
from ingest.reading.table_kinds import PERFORMANCE_KIND
from ingest.reading.tables.grid import lift_code_labels, split_grid
from ingest.reading.tables.headers import (
    column_labels,
    is_code_header,
    is_label_header,
    positional_column_paths,
)
from ingest.reading.tables.panels import find_panels
from ingest.reading.tables.read import SUMMARY_KINDS, read_table

_RULING = (40, 90, 230)
_CELL = (220, 30, 30)
_FILLS = {
    "meta": (128, 128, 128, 60),
    "dropped": (90, 90, 90, 90),
    "data": (40, 170, 70, 45),
    "title": (140, 60, 200, 70),
}
_HEADER_FILLS = [(255, 140, 0, 110), (255, 170, 40, 85), (255, 200, 90, 70), (255, 220, 140, 60)]
_PANEL = (210, 0, 160)
_UNTITLED = (150, 150, 150)


@dataclass
class DrawnCell:
    box: tuple[float, float, float, float]  # in page points
    band: int  # the table's row band it starts in
    col: int
    rows: int  # bands and columns it covers
    cols: int
    text: str
    role: str  # meta | header | data | title | blank


@dataclass
class DrawnTable:
    """One ruled table of the page and what the reading made of it."""

    geometry: TableGeometry
    title: str | None = None  # None: the reading took this grid for no table
    kind: str | None = None
    unit: str | None = None
    table: Table | None = None  # the parsed table (None for a performance form or an untitled grid)
    cells: list[DrawnCell] = field(default_factory=list)
    bands: dict[int, GridRow] = field(default_factory=dict)  # band → the grid row the reading read from it
    roles: dict[int, str] = field(default_factory=dict)  # band → meta | header | data | title
    columns: dict[int, str] = field(default_factory=dict)  # grid column → canonical name
    panels: list[int] = field(default_factory=list)  # grid columns where a panel starts


@dataclass
class PageDebug:
    file: str
    page: int
    geometry: PageGeometry
    tables: list[DrawnTable] = field(default_factory=list)


def debug_page(path: str | Path, page: int) -> PageDebug:
    """Read ``path`` as ``parse`` does and collect what the reader saw on page ``page`` (1-based)."""
    path = Path(path)
    read = read_pages(path)
    geometry = page_geometry(read, page)
    found = sections([source_blocks(read)])
    drawn = {id(t): DrawnTable(t) for t in geometry.tables}
    for titled in found.grids:
        on_page = [r for r in titled.grid.rows if r.page == page]
        if not on_page and titled.grid.page != page:
            continue
        bands = _bands(titled, on_page, geometry, page)
        for table_geometry in {id(t): t for _, t, _ in bands}.values():
            _describe(drawn[id(table_geometry)], titled, found.unit,
                      [(row, band) for row, t, band in bands if t is table_geometry])
    result = PageDebug(path.name, page, geometry, [drawn[id(t)] for t in geometry.tables])
    for table in result.tables:
        _cells(table)
    return result


def _bands(titled: TitledGrid, on_page: list[GridRow], geometry: PageGeometry,
           page: int) -> list[tuple[GridRow, TableGeometry, int]]:
    """Each grid row printed on the page → (the ruled table, the band) it was read from.

    A row read on this page is the reader's own object; a row of a table continued from the page
    before (or re-gridded by the next page) is a copy with the same page and line: it belongs to
    the page's first table (a continuation starts the page) or, when the grid starts here, to its
    last one (a table that ends the page is the one continued).
    """
    out: list[tuple[GridRow, TableGeometry, int]] = []
    if not geometry.tables:
        return out
    started_before = any(r.page is not None and r.page < page for r in titled.grid.rows)
    fallback = geometry.tables[0] if started_before else geometry.tables[-1]
    for row in on_page:
        for table in geometry.tables:
            if (band := table.band_of(row)) is not None:
                out.append((row, table, band))
                break
        else:
            if row.line is not None and (band := fallback.band_of_line(row.line)) is not None:
                out.append((row, fallback, band))
    return out


def _describe(drawn: DrawnTable, titled: TitledGrid, document_unit: str | None,
              bands: list[tuple[GridRow, int]]) -> None:
    """Kind, unit, row roles, column names and panels of one titled grid, as the reading took them."""
    drawn.title, drawn.kind = titled.title, titled.match.kind
    meta, header, data = split_grid(titled.grid)
    roles = {id(r): "meta" for r in meta} | {id(r): "header" for r in header} | {id(r): "data" for r in data}
    for row, band in bands:
        drawn.bands[band] = row
        drawn.roles[band] = roles.get(id(row), "dropped")  # the 栏次 row: scaffolding, read by no one
    if drawn.geometry.title_band is not None:
        drawn.roles[drawn.geometry.title_band] = "title"
    if titled.match.kind == PERFORMANCE_KIND:
        return
    read = read_table(titled.match.kind, titled.title, titled.grid, titled.file, document_unit=document_unit,
                      note=titled.note)
    drawn.table, drawn.unit = read.table, read.table.unit
    width = max([titled.grid.width] + [len(r.cells) for r in data])
    if any(r.spans for r in header):
        header, data = lift_code_labels(header, data)
        labels = [path[-1] if path else "" for path in positional_column_paths(header, width)]
    else:
        labels = column_labels(header, width)
    if len(drawn.geometry.xs) - 1 != width:
        return  # a continuation drawn with other columns: its columns are the first page's
    for column, label in read.table.column_labels.items():
        for j, printed in enumerate(labels):
            if printed == label and j not in drawn.columns:
                drawn.columns[j] = column
    for j, label in enumerate(labels):
        if j not in drawn.columns and label:
            if is_code_header(label):
                drawn.columns[j] = "code"
            elif is_label_header(label):
                drawn.columns[j] = "name"
    if titled.match.kind in SUMMARY_KINDS:
        names = [j for j, label in enumerate(labels) if is_label_header(label)]
        drawn.panels = names[1:]
    elif (panels := find_panels(labels)) is not None:
        drawn.panels = [panels[0]]


def _cells(drawn: DrawnTable) -> None:
    """Every cell of the table with the role of the band it starts in; a header cell's depth is its
    header row's place in the header band (drawn lighter the deeper it is)."""
    for cell in drawn.geometry.cells:
        role = drawn.roles.get(cell.band, "blank" if not cell.text else "meta")
        drawn.cells.append(DrawnCell((cell.x0, cell.top, cell.x1, cell.bottom), cell.band, cell.col, cell.rows,
                                     cell.cols, cell.text, role))


def shapes(debug: PageDebug) -> list[Shape]:
    """What to draw over the page for ``debug`` (see the module docstring)."""
    cjk = has_cjk_font()
    out: list[Shape] = []
    for box, _ in debug.geometry.lines:
        out.append(Shape(box, outline=(170, 170, 170)))
    for number, drawn in enumerate(debug.tables, start=1):
        geometry = drawn.geometry
        header_bands = sorted(b for b, role in drawn.roles.items() if role == "header")
        for cell in drawn.cells:
            if cell.role == "header":
                fill = _HEADER_FILLS[min(header_bands.index(cell.band), len(_HEADER_FILLS) - 1)]
            else:
                fill = _FILLS.get(cell.role)
            outline = _CELL if drawn.title is not None else _UNTITLED
            out.append(Shape(cell.box, outline=outline, fill=fill, width=2))
        for box in geometry.rulings:
            out.append(Shape(box, outline=_RULING, line=True, width=1))
        for box in geometry.caption:
            out.append(Shape(box, outline=(100, 100, 100), fill=_FILLS["meta"]))
        left, top, right, bottom = geometry.box
        for j in drawn.panels:
            out.append(Shape((geometry.xs[j], top, geometry.xs[j], bottom), outline=_PANEL, line=True, width=5))
        data_bands = [b for b, role in drawn.roles.items() if role == "data"]
        columns_at = geometry.ys[min(data_bands)] if data_bands else bottom
        for j, column in sorted(drawn.columns.items()):
            out.append(Shape((geometry.xs[j], columns_at, geometry.xs[j + 1], columns_at), label=column,
                             label_color=(0, 60, 200), label_above=True))
        label_top = min([top] + [box[1] for box in geometry.caption])
        out.append(Shape((left, label_top, right, label_top), label=_table_label(number, drawn, cjk),
                         label_color=(160, 0, 0) if drawn.title is not None else (90, 90, 90), label_above=True))
    return out


def _table_label(number: int, drawn: DrawnTable, cjk: bool) -> str:
    if drawn.title is None:
        return f"T{number}: no table (no title names a kind)"
    unit = {"万元": "x10000 yuan", "元": "yuan"}.get(drawn.unit or "", "none")
    parts = [f"T{number} {drawn.kind}", f"unit {drawn.unit} ({unit})" if cjk and drawn.unit else f"unit {unit}"]
    if cjk:
        parts.append(drawn.title)
    return " · ".join(parts)


def describe(debug: PageDebug) -> str:
    """The picture's legend as text: each table's kind, unit, title, columns, rows by role."""
    lines = [f"{debug.file} page {debug.page}: {len(debug.tables)} ruled tables, "
             f"{len(debug.geometry.lines)} text lines outside them"]
    for number, drawn in enumerate(debug.tables, start=1):
        roles = list(drawn.roles.values())
        counts = ", ".join(f"{roles.count(r)} {r}" for r in ("meta", "header", "dropped", "data", "title") if roles.count(r))
        size = f"{len(drawn.geometry.ys) - 1} bands × {len(drawn.geometry.xs) - 1} columns, {len(drawn.cells)} cells"
        if drawn.title is None:
            lines.append(f"  T{number}: no table ({size})")
            continue
        lines.append(f"  T{number}: {drawn.kind} · unit {drawn.unit or '-'} · {drawn.title} ({size}; rows: {counts})")
        if drawn.columns:
            lines.append("      columns: " + ", ".join(f"{j + 1}={c}" for j, c in sorted(drawn.columns.items())))
        if drawn.panels:
            lines.append("      panels start at columns " + ", ".join(str(j + 1) for j in drawn.panels))
    return "\n".join(lines)


def write_debug_page(path: str | Path, page: int, out: str | Path,
                     scale: float = 2.0) -> tuple[PageDebug, tuple[int, int]]:
    """Draw what the reader saw on page ``page`` of ``path`` into the PNG ``out``; return what was
    drawn and the picture's size in pixels."""
    debug = debug_page(path, page)
    image = render(Path(path), debug.geometry, shapes(debug), scale)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    image.save(out, format="PNG", optimize=True)
    return debug, image.size


def as_json(debug: PageDebug, image_size: tuple[int, int] | None = None) -> dict:
    """What was drawn, as data: every table's kind, unit, title, column names, panels, its rows (the
    band each was read from, its page and line as ``parse`` reports them) and its cells in points."""
    geometry = debug.geometry
    return {
        "file": debug.file,
        "page": debug.page,
        "page_size": [geometry.width, geometry.height],
        "image_size": list(image_size) if image_size else None,
        "tables": [
            {
                "kind": t.kind,
                "title": t.title,
                "unit": t.unit,
                "box": list(t.geometry.box),
                "columns": {str(j): name for j, name in sorted(t.columns.items())},
                "panels": t.panels,
                "rows": [{"band": band, "page": row.page, "line": row.line, "role": t.roles.get(band),
                          "cells": list(row.cells), "spans": list(row.spans) if row.spans else None}
                         for band, row in sorted(t.bands.items())],
                "cells": [{"box": list(c.box), "band": c.band, "col": c.col, "rows": c.rows, "cols": c.cols,
                           "text": c.text, "role": c.role} for c in t.cells],
            }
            for t in debug.tables
        ],
    }
