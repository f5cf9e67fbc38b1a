"""Ruled tables of a PDF page: ruling lines → table boxes → a grid of cells with their text.

The geometry half of the PDF reader (**Tables** in ingest/readers/pdf.py's docstring): which rulings
a page draws, which of them touch to form one table, where its rows and columns run, which
elementary cells are merged, and which glyph falls in which cell. A page's tables are found here
without regard to the text around them; pdf_page.py places them among the page's lines and claims
their captions.
"""

from __future__ import annotations

import bisect
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.readers.blocks import GridRow
from ingest.readers.pdf_glyphs import _Glyph, _Line, cell_text

_SNAP = 1.5  # rulings closer than this (pt) are one ruling
_TOUCH = 2.5  # a ruling within this distance of another touches it
_MIN_BAND = 3.0  # a row or column narrower than this with no text is a double ruling, not a band
_COVER = 0.5  # a ruling covers a cell border when it runs along at least this share of it


@dataclass
class _Segment:
    at: float  # y of a horizontal ruling, x of a vertical one
    lo: float  # extent along the ruling
    hi: float


def _rulings(page) -> tuple[list[_Segment], list[_Segment]]:
    """Horizontal and vertical rulings: stroked lines, hairline rectangles, and the edges of stroked
    boxes and of visibly filled ones."""
    horizontal: list[_Segment] = []
    vertical: list[_Segment] = []

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        width, height = x1 - x0, bottom - top
        if height <= 2.0 and width > 2.0:
            horizontal.append(_Segment((top + bottom) / 2, x0, x1))
        elif width <= 2.0 and height > 2.0:
            vertical.append(_Segment((x0 + x1) / 2, top, bottom))

    for obj in page.lines:
        add(obj["x0"], obj["top"], obj["x1"], obj["bottom"])
    for obj in page.rects:
        x0, top, x1, bottom = obj["x0"], obj["top"], obj["x1"], obj["bottom"]
        if bottom - top <= 2.0 or x1 - x0 <= 2.0:
            if not obj.get("stroke") and _white(obj.get("non_stroking_color")):
                continue  # a white sliver (a cell's background box): invisible, no ruling
            add(x0, top, x1, bottom)
        elif obj.get("stroke") or (obj.get("fill") and not _white(obj.get("non_stroking_color"))):
            # a stroked box, or a filled cell background (a grid drawn as cell fills, no line at
            # all): its edges are cell borders; two backgrounds a thin white gap apart snap to one
            add(x0, top, x1, top)
            add(x0, bottom, x1, bottom)
            add(x0, top, x0, bottom)
            add(x1, top, x1, bottom)
    return _merge_collinear(horizontal), _merge_collinear(vertical)


def _white(color) -> bool:
    """A fill colour that prints nothing on paper: gray 1, RGB (1, 1, 1) or CMYK (0, 0, 0, 0)."""
    if isinstance(color, int | float):
        return color == 1
    if isinstance(color, tuple | list) and color:
        if len(color) == 4:
            return all(c == 0 for c in color)
        return all(c == 1 for c in color)
    return False


def _merge_collinear(segments: list[_Segment]) -> list[_Segment]:
    """Pieces of one ruling (cell by cell) → one segment per continuous run."""
    merged: list[_Segment] = []
    # by position, then extent: pieces of one ruling drawn 1 pt apart (a hairline cell border beside
    # a white background box) join whichever comes first, and the run keeps its lowest start
    for s in sorted(segments, key=lambda s: (s.at, s.lo)):
        for last in reversed(merged):
            if s.at - last.at > _SNAP:
                merged.append(_Segment(s.at, s.lo, s.hi))
                break
            if s.lo <= last.hi + _TOUCH and last.lo <= s.hi + _TOUCH:
                last.lo, last.hi = min(last.lo, s.lo), max(last.hi, s.hi)
                break
        else:
            merged.append(_Segment(s.at, s.lo, s.hi))
    return merged


def _touches(h: _Segment, v: _Segment) -> bool:
    return h.lo - _TOUCH <= v.at <= h.hi + _TOUCH and v.lo - _TOUCH <= h.at <= v.hi + _TOUCH


def _table_components(horizontal: list[_Segment], vertical: list[_Segment]) -> list[tuple[list, list]]:
    """Rulings that touch, transitively: one (horizontals, verticals) pair per table."""
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for hi, h in enumerate(horizontal):
        for vi, v in enumerate(vertical):
            if _touches(h, v):
                a, b = find(hi), find(len(horizontal) + vi)
                if a != b:
                    parent[a] = b
    groups: dict[int, tuple[list, list]] = {}
    for hi, h in enumerate(horizontal):
        groups.setdefault(find(hi), ([], []))[0].append(h)
    for vi, v in enumerate(vertical):
        groups.setdefault(find(len(horizontal) + vi), ([], []))[1].append(v)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _cluster(values: Iterable[float]) -> list[float]:
    out: list[float] = []
    for value in sorted(values):
        if out and value - out[-1] <= _SNAP:
            continue
        out.append(value)
    return out


def _covered(segments: Sequence[_Segment], at: float, lo: float, hi: float) -> bool:
    """Is there a ruling at ``at`` running along at least half of [lo, hi]?"""
    length = 0.0
    for s in segments:
        if abs(s.at - at) <= _SNAP:
            length += max(0.0, min(s.hi, hi) - max(s.lo, lo))
    return length >= _COVER * (hi - lo)


@dataclass
class _Table:
    """One ruled table of a page: its bands, its cells and their text."""

    top: float
    bottom: float
    left: float
    right: float
    xs: list[float]  # column boundaries
    rows: list[GridRow] = field(default_factory=list)
    body_size: float = 0.0
    caption: list[_Line] = field(default_factory=list)
    title: str | None = None  # a title printed inside the box, in its first row
    # what the page debugger draws: the rulings, the row boundaries (``xs`` are the columns'), every
    # cell, and the band each of ``rows`` was read from (the in-box title's band apart)
    rulings: tuple[list[_Segment], list[_Segment]] = field(default_factory=lambda: ([], []))
    ys: list[float] = field(default_factory=list)
    cells: list[CellBox] = field(default_factory=list)
    row_bands: list[int] = field(default_factory=list)
    title_band: int | None = None

    def contains(self, g: _Glyph) -> bool:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        return self.left <= cx <= self.right and self.top <= cy <= self.bottom


Cell = tuple[int, int]  # (row band, column band)


@dataclass(frozen=True)
class CellBox:
    """One (merged) cell as the reader built it, for the page debugger (ingest/readers/pdf_debug.py):
    its rectangle in page points, the band it starts in (an index into ``_Table.ys``), its first column
    (an index into ``_Table.xs``), how many bands and columns it covers, and its text."""

    x0: float
    top: float
    x1: float
    bottom: float
    band: int
    col: int
    rows: int
    cols: int
    text: str


def _build_table(horizontal: list[_Segment], vertical: list[_Segment], glyphs: list[_Glyph], page: int):
    """Rulings of one table + the page's glyphs → a _Table (or None when nothing is inside)."""
    left = min(min(h.lo for h in horizontal), min(v.at for v in vertical))
    right = max(max(h.hi for h in horizontal), max(v.at for v in vertical))
    top = min(min(v.lo for v in vertical), min(h.at for h in horizontal))
    bottom = max(max(v.hi for v in vertical), max(h.at for h in horizontal))
    ys = _cluster([h.at for h in horizontal] + [top, bottom])
    xs = _cluster([v.at for v in vertical] + [left, right])
    table = _Table(top=top, bottom=bottom, left=left, right=right, xs=xs, rulings=(horizontal, vertical))
    inside = [g for g in glyphs if table.contains(g)]
    if not inside:
        return None
    by_cell: dict[Cell, list[_Glyph]] = {}
    for g in inside:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        i = min(max(bisect.bisect_right(ys, cy) - 1, 0), len(ys) - 2)
        j = min(max(bisect.bisect_right(xs, cx) - 1, 0), len(xs) - 2)
        by_cell.setdefault((i, j), []).append(g)
    # hairline bands (double rulings) that hold no text are no rows or columns
    used_rows, used_cols = {i for i, _ in by_cell}, {j for _, j in by_cell}
    keep_rows = [i for i in range(len(ys) - 1) if ys[i + 1] - ys[i] >= _MIN_BAND or i in used_rows]
    keep_cols = [j for j in range(len(xs) - 1) if xs[j + 1] - xs[j] >= _MIN_BAND or j in used_cols]
    cells = _merged_cells(horizontal, vertical, ys, xs, keep_rows, keep_cols)
    texts, spans = _cell_grid(cells, by_cell, keep_rows, keep_cols)
    table.xs = [xs[j] for j in keep_cols] + [xs[keep_cols[-1] + 1]]
    table.ys = [ys[i] for i in keep_rows] + [ys[keep_rows[-1] + 1]]
    table.cells = _cell_boxes(cells, texts, ys, xs, keep_rows, keep_cols)
    table.body_size = statistics.median(g.size for g in inside)
    row_pos = {i: n for n, i in enumerate(keep_rows)}
    sizes = [0.0] * len(keep_rows)
    for (i, _), cell_glyphs in by_cell.items():
        sizes[row_pos[i]] = max([sizes[row_pos[i]]] + [g.size for g in cell_glyphs])
    _emit_rows(table, texts, spans, sizes, page)
    return table


def _merged_cells(horizontal: list[_Segment], vertical: list[_Segment], ys: list[float], xs: list[float],
                  keep_rows: list[int], keep_cols: list[int]) -> list[list[Cell]]:
    """Elementary cells with no ruling between them are one (merged) cell."""
    parent: dict[Cell, Cell] = {(i, j): (i, j) for i in keep_rows for j in keep_cols}

    def find(c: Cell) -> Cell:
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    def union(a: Cell, b: Cell) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for r_index, i in enumerate(keep_rows):
        below = keep_rows[r_index + 1] if r_index + 1 < len(keep_rows) else None
        for c_index, j in enumerate(keep_cols):
            if below is not None and not _covered(horizontal, ys[below], xs[j], xs[j + 1]):
                union((i, j), (below, j))
            right_col = keep_cols[c_index + 1] if c_index + 1 < len(keep_cols) else None
            if right_col is not None and not _covered(vertical, xs[right_col], ys[i], ys[i + 1]):
                union((i, j), (i, right_col))
    members: dict[Cell, list[Cell]] = {}
    for cell in parent:
        members.setdefault(find(cell), []).append(cell)
    return list(members.values())


def _cell_grid(cells: list[list[Cell]], by_cell: dict[Cell, list[_Glyph]], keep_rows: list[int],
               keep_cols: list[int]) -> tuple[list[list[str]], list[list[int]]]:
    """Merged cells → one text per (row, column), at the cell's top-left, and the column spans."""
    col_pos = {j: n for n, j in enumerate(keep_cols)}
    row_pos = {i: n for n, i in enumerate(keep_rows)}
    width = len(keep_cols)
    texts = [[""] * width for _ in keep_rows]
    spans = [[1] * width for _ in keep_rows]
    for members in cells:
        glyphs_of = [g for c in members for g in by_cell.get(c, ())]
        cols = sorted({col_pos[c[1]] for c in members})
        first_col, n = cols[0], cols[-1] - cols[0] + 1
        for r in {row_pos[c[0]] for c in members}:
            spans[r][first_col] = n
            for k in range(first_col + 1, first_col + n):
                spans[r][k] = 0
        if glyphs_of:
            texts[min(row_pos[c[0]] for c in members)][first_col] = cell_text(glyphs_of)
    return texts, spans


def _cell_boxes(cells: list[list[Cell]], texts: list[list[str]], ys: list[float], xs: list[float],
                keep_rows: list[int], keep_cols: list[int]) -> list[CellBox]:
    """The merged cells as rectangles, with the text _cell_grid gave each (at its top-left)."""
    row_pos = {i: n for n, i in enumerate(keep_rows)}
    col_pos = {j: n for n, j in enumerate(keep_cols)}
    boxes = []
    for members in cells:
        bands = sorted({row_pos[i] for i, _ in members})
        cols = sorted({col_pos[j] for _, j in members})
        first, last = keep_rows[bands[0]], keep_rows[bands[-1]]
        left, right = keep_cols[cols[0]], keep_cols[cols[-1]]
        boxes.append(CellBox(xs[left], ys[first], xs[right + 1], ys[last + 1], bands[0], cols[0],
                             bands[-1] - bands[0] + 1, cols[-1] - cols[0] + 1, texts[bands[0]][cols[0]]))
    return sorted(boxes, key=lambda b: (b.band, b.col))


def _emit_rows(table: _Table, texts: list[list[str]], spans: list[list[int]], sizes: list[float], page: int) -> None:
    """Rows with text → GridRows; a first full-width row set larger than the body is the title
    printed inside the box (绩效目标填报表), and full-width rows right under it are its caption."""
    width = len(texts[0]) if texts else 0
    number = 0
    for r, row in enumerate(texts):
        if not any(row):
            continue
        number += 1
        full_width = spans[r][0] == width and width > 1
        if full_width and number == 1 and sizes[r] > table.body_size + 1.0:
            table.title, table.title_band = row[0], r
            continue
        table.row_bands.append(r)
        if full_width and table.title is not None and not table.rows:
            table.rows.append(GridRow((row[0],), line=number, page=page))  # （2023年度）
            continue
        table.rows.append(GridRow(tuple(row), line=number, page=page, spans=tuple(spans[r])))
