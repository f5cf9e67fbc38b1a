"""The published layout of a canonical Document as format-neutral blocks, with merged header cells:
what the DOCX, XLSX and PDF writers share.

Why through the text rendering: :mod:`ingest.demo.writers.text_rendering` already lays a Document out in
the Hebei layout (titles, tables, notes, the narrative with its embedded forms), and the seed is
that layout as text. Reading that text back into blocks gives every table as rows of cells in the
order they are printed; this module adds what a real Word/Excel/PDF table has and text does not —
merged cells — so each writer only has to draw. All three formats therefore print the same layout
as the text rendering, which is what makes the round trip comparable: the same Document rendered
to DOCX, XLSX and PDF must read back as the same canonical JSON.

Merges come from the printed header convention the readers undo (ingest/reading/tables/headers.py
``column_labels``): a header row shorter than the table sits above a full-width row; its cells
print once over a blank column of the row below (a vertical merge: 序号, 合计) or over a run of
labelled columns (a horizontal merge: 本年收入 over 小计 … 其他收入). Any other short row (the
department / year / unit line, the 绩效目标 line) lets its last cell run to the right edge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.amounts import looks_like_amount
from ingest.demo.writers.text_rendering import render_text
from ingest.model import Document
from ingest.readers.blocks import Grid, TextLine
from ingest.readers.text_rendering import blocks_from_text


@dataclass(frozen=True)
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class LayoutTable:
    """A table on a regular grid: ``rows[r][c]`` is the cell anchored there, or None where a merged
    cell from the left or from above covers the position."""

    width: int
    rows: list[list[Cell | None]] = field(default_factory=list)
    header_rows: int = 0  # rows before the first data row (for repeating / styling)
    above: tuple[str, ...] = ()  # lines printed between the title and the table (a unit on its own line)

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, col, last row, last col) of every merged cell."""
        out = []
        for r, row in enumerate(self.rows):
            for c, cell in enumerate(row):
                if cell is not None and (cell.colspan > 1 or cell.rowspan > 1):
                    out.append((r, c, r + cell.rowspan - 1, c + cell.colspan - 1))
        return out


LayoutBlock = TextLine | LayoutTable

_SUBJECT_PART = re.compile(r"编码|名称|科目|类|款|项")


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _segments(bottom: Sequence[str]) -> list[tuple[bool, int, int]]:
    """(is_blank, first, last) columns of the row below: single blank columns and non-blank runs."""
    segments: list[tuple[bool, int, int]] = []
    c = 0
    while c < len(bottom):
        if not bottom[c].strip():
            segments.append((True, c, c))
            c += 1
            continue
        start = c
        while c < len(bottom) and bottom[c].strip():
            c += 1
        segments.append((False, start, c - 1))
    return segments


def _split_run(labels: Sequence[str], bottom: Sequence[str], first: int, last: int) -> list[tuple[int, int]]:
    """Share the columns first..last among ``labels`` (the group headers printed over them)."""
    k = len(labels)
    columns = list(range(first, last + 1))
    if k == 1:
        return [(first, last)]
    if k > len(columns):
        return [(c, c) for c in columns] + [(last, last)] * (k - len(columns))
    cuts: list[int] = []
    if "科目" in labels[0]:  # 功能分类科目 over 科目编码 | 科目名称 (ingest/reading/tables/headers.py)
        end = first
        while end <= last and _SUBJECT_PART.search(_clean(bottom[end])):
            end += 1
        if first < end <= last:
            cuts = [first, end]
    if not cuts:
        panels = [c for c in columns if _clean(bottom[c]) == "项目"]  # 收入 | 支出 panels
        if len(panels) == k and panels[0] == first:
            cuts = panels
    if cuts and len(cuts) < k:
        rest = [c for c in columns if c > cuts[-1]]
        share = max(1, len(rest) // (k - len(cuts) + 1))
        while len(cuts) < k:
            cuts.append(min(cuts[-1] + share, last))
    if len(cuts) != k:
        share, extra = divmod(len(columns), k)
        cuts, c = [], first
        for i in range(k):
            cuts.append(c)
            c += share + (1 if i < extra else 0)
    bounds = [*cuts[1:], last + 1]
    return [(start, max(start, end - 1)) for start, end in zip(cuts, bounds, strict=True)]


def _is_group_header(row: Sequence[str], below: Sequence[str] | None, width: int) -> bool:
    return (
        below is not None
        and len(below) == width
        and any(not c.strip() for c in below)
        and not any(looks_like_amount(c) for c in row[1:])
    )


def layout_grid(grid: Grid) -> LayoutTable:
    """A grid as printed (rows of different widths) → a regular table with merged cells."""
    rows = [list(r.cells) for r in grid.rows]
    width = max((len(r) for r in rows), default=0)
    table = LayoutTable(width=width, rows=[[None] * width for _ in rows])
    covered: set[tuple[int, int]] = set()
    for r, cells in enumerate(rows):
        if len(cells) >= width:
            for c, text in enumerate(cells):
                if (r, c) not in covered:
                    table.rows[r][c] = Cell(text)
            continue
        below = rows[r + 1] if r + 1 < len(rows) else None
        if not (below is not None and _is_group_header(cells, below, width)
                and _place_group_header(table, r, cells, below, covered)):
            for c, text in enumerate(cells):
                span = width - c if c == len(cells) - 1 else 1
                table.rows[r][c] = Cell(text, colspan=max(1, span))
            if not cells:
                table.rows[r][0] = Cell("", colspan=max(1, width))
    for r, row in enumerate(table.rows):  # positions no cell claims print as blank cells
        for c in range(width):
            if row[c] is None and not _is_covered(table, r, c):
                row[c] = Cell("")
    table.header_rows = next((r for r, cells in enumerate(rows)
                              if any(looks_like_amount(c) for c in cells[1:])), len(rows))
    return table


def _place_group_header(table: LayoutTable, r: int, top: Sequence[str], below: Sequence[str],
                        covered: set[tuple[int, int]]) -> bool:
    """Place a group-header row over the row below; False (nothing placed) when it does not fit."""
    segments = _segments(below)
    placed: dict[int, Cell] = {}
    merged_below: list[int] = []
    index = 0
    for number, (blank, first, last) in enumerate(segments):
        remaining_top = len(top) - index
        if remaining_top <= 0:
            break
        if blank:
            placed[first] = Cell(top[index], rowspan=2)
            merged_below.append(first)
            index += 1
            continue
        share = max(1, remaining_top - (len(segments) - number - 1))
        labels = top[index : index + share]
        for label, (start, end) in zip(labels, _split_run(labels, below, first, last), strict=True):
            if start in placed:
                return False
            placed[start] = Cell(label, colspan=end - start + 1)
        index += share
    if index < len(top):
        return False
    for c, cell in placed.items():
        table.rows[r][c] = cell
    covered.update((r + 1, c) for c in merged_below)
    return True


def _is_covered(table: LayoutTable, r: int, c: int) -> bool:
    for rr in range(r + 1):
        for cc in range(c + 1):
            cell = table.rows[rr][cc]
            if cell is None or (rr, cc) == (r, c):
                continue
            if rr + cell.rowspan - 1 >= r and cc + cell.colspan - 1 >= c:
                return True
    return False


def layout(doc: Document, *, notes: Sequence[str] = ()) -> list[LayoutBlock]:
    """The Document in the text rendering's layout, tables as regular grids with merged cells."""
    blocks = blocks_from_text(render_text(doc, notes=notes))
    return [layout_grid(b) if isinstance(b, Grid) else b for b in blocks]


def grid_rows(table: LayoutTable) -> list[list[str]]:
    """What a reader that prints a merged cell once and blanks the rest sees: the table as text."""
    return [[cell.text if cell is not None else "" for cell in row] for row in table.rows]


# --- reproducible files ------------------------------------------------------------------------

FIXED_TIMESTAMP = (2000, 1, 1, 0, 0, 0)  # in every ZIP entry and document property we write
_CORE_DATES = re.compile(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def reproducible_zip(data: bytes) -> bytes:
    """An Office package (.docx / .xlsx) with fixed entry timestamps and creation/modification dates,
    so the same Document always writes the same bytes (the demo inbox loads twice as a no-op)."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(r"\g<1>2000-01-01T00:00:00Z\g<2>", content.decode("utf-8")).encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()
