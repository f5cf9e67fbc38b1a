"""Tables without vertical rulings: the grid from text alignment alone (issue 11).

Where a page prints a table with no ruling at all, or with horizontal rules only, the columns are
shown by whitespace: a gap between glyphs that no row of the table crosses. The reader here works
on the page's text lines outside every ruled table (pdf_page.py hands them over) and knows nothing
about budgets:

- **Regions.** Consecutive lines in one type size, no further apart than a row's spacing, form a
  candidate region; it ends at a line in another size (a title, a paragraph) or a wider gap.
- **Cells.** Each line splits into segments where printed glyphs stand apart by more than a third of
  an em; segments whose vertical extents overlap, transitively, form one row group (a label wrapped
  over two lines beside an amount centred between them is one row; a header band whose merged cells
  are centred vertically is one group).
- **Columns.** The x-intervals covered by the segments, merged, are the columns; the whitespace
  between them the boundaries. A segment lying over two or more columns of the other rows (a merged
  header cell centred over its children, a caption cell) is a spanning cell: it makes no column,
  and covers the columns it lies over. Neighbouring intervals that no row prints in both are one
  column (a header set at the left of its cell, the amounts under it at the right).
- **Header tree.** In a row group with segments on several levels, a segment with segments below it
  in its own column, extended to the right over columns empty at its level with something below
  (a merged cell set at its left edge; a cell centred on the whole band is merged over every level
  and stops it), is a parent: the group becomes two rows, the parents with
  their spans over the row of their children; a column without a parent prints its text once, in
  the upper row (a cell merged over both rows).

A region becomes a table only when it has three columns or more, at least two of its rows print a
decimal amount beside another cell or (a table printed empty, a table of words) two of its lines
print three cells,
and fewer than two lines (none in a table without amounts) print over most of its width as
running text does: paragraphs (with their
amounts set apart in another font), lists and tables of contents never become grids. The
result is the ruled tables' ``_Table`` (rows, column boundaries, bands and cells for the page
debugger), so the rest of the reader treats both alike.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from ingest.readers.blocks import GridRow
from ingest.readers.pdf_glyphs import _Glyph, _Line, cell_text
from ingest.readers.pdf_ruled_tables import CellBox, _Table

_GAP = 0.34  # em: printed glyphs further apart than this are in different cells
_ROW_GAP = 1.6  # line heights: a region's lines are no further apart than this
_SIZE = 0.6  # pt: the lines of one region are set in one size, to within this
_MIN_ROWS = 2  # rows with an amount and cells in two or more columns a region needs to be a table
_MIN_COLUMNS = 3
_PROSE = 0.8  # a row printing over this share of the region's width is a line of running text
_AMOUNT = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)\.\d+$")


@dataclass
class _Seg:
    glyphs: list[_Glyph]
    spanning: bool = False

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)


def _segments(line: _Line) -> list[_Seg]:
    segs: list[_Seg] = []
    previous: _Glyph | None = None
    for g in line.glyphs:
        if g.text == " ":
            continue
        if previous is None or g.x0 - previous.x1 > _GAP * max(g.size, previous.size):
            segs.append(_Seg([]))
        segs[-1].glyphs.append(g)
        previous = g
    return segs


def _regions(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of lines in one size, each close under the one before."""
    runs: list[list[_Line]] = []
    for line in lines:
        if not any(g.text != " " for g in line.glyphs):
            continue
        run = runs[-1] if runs else None
        if (run is not None and abs(line.size - run[0].size) <= _SIZE
                and line.span_top - max(ln.span_bottom for ln in run) <= _ROW_GAP * line.size):
            run.append(line)
        else:
            runs.append([line])
    return [run for run in runs if sum(len(_segments(ln)) >= 2 for ln in run) >= _MIN_ROWS]


def _groups(segs: list[_Seg]) -> list[list[_Seg]]:
    """Segments chained by vertical overlap → row groups, top to bottom."""
    groups: list[list[_Seg]] = []
    bottom = None
    for s in sorted(segs, key=lambda s: s.top):
        if bottom is not None and s.top < bottom - 0.3:
            groups[-1].append(s)
            bottom = max(bottom, s.bottom)
        else:
            groups.append([s])
            bottom = s.bottom
    return [sorted(g, key=lambda s: (s.x0, s.top)) for g in groups]


def _clusters(intervals: list[tuple[float, float]], gap: float) -> list[list[float]]:
    out: list[list[float]] = []
    for lo, hi in sorted(intervals):
        if out and lo - out[-1][1] < gap:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return out


def _overlaps(s: _Seg, lo: float, hi: float) -> bool:
    return min(s.x1, hi) - max(s.x0, lo) > 0


def _columns(segs: list[_Seg], gap: float) -> list[list[float]]:
    """Column intervals: the x-extents of the non-spanning segments, merged. Bottom up, a segment
    over two or more columns of the segments below it is marked spanning (a parent header cell is
    above its children, a caption above the header)."""
    for s in sorted(segs, key=lambda s: -s.top):
        below = [(o.x0, o.x1) for o in segs if not o.spanning and o.top >= s.bottom - 0.3]
        s.spanning = sum(_overlaps(s, lo, hi) for lo, hi in _clusters(below, gap)) >= 2
    return _clusters([(s.x0, s.x1) for s in segs if not s.spanning], gap)


def _join_aligned(clusters: list[list[float]], groups: list[list[_Seg]]) -> list[list[float]]:
    """Neighbouring clusters no row prints in both are one column: a header set at its cell's left
    edge over amounts set at its right edge."""
    rows = [{j for s in g if not s.spanning for j, (lo, hi) in enumerate(clusters) if _overlaps(s, lo, hi)}
            for g in groups]
    columns: list[list[float]] = []
    members: list[set[int]] = []
    for j, (lo, hi) in enumerate(clusters):
        if members and not any(j in row and row & members[-1] for row in rows):
            members[-1].add(j)
            columns[-1][1] = hi
        else:
            members.append({j})
            columns.append([lo, hi])
    return columns


def _cols_of(s: _Seg, columns: list[list[float]]) -> tuple[int, int]:
    hit = [j for j, (lo, hi) in enumerate(columns) if _overlaps(s, lo - 0.5, hi + 0.5)]
    if not hit:  # within a gap: the nearest column to its left
        hit = [max([j for j, (lo, _) in enumerate(columns) if lo <= s.x0] or [0])]
    return hit[0], hit[-1]


def _parents(group: list[_Seg], place: dict[int, tuple[int, int]], width: int) -> dict[int, int]:
    """Header parents in a row group: id(segment) → the last column it covers."""
    out: dict[int, int] = {}
    middle = min(s.top for s in group) + max(s.bottom for s in group)  # twice the band's centre
    for s in group:
        first, last = place[id(s)]

        def below(c: int, s=s) -> bool:
            return any(place[id(o)][0] <= c <= place[id(o)][1] and o.top >= s.bottom - 0.3 for o in group if o is not s)

        def level(c: int, s=s) -> bool:  # a cell at s's level, or one merged over every level (centred on the band)
            in_c = [o for o in group if o is not s and place[id(o)][0] <= c <= place[id(o)][1]]
            return bool(in_c) and (any(o.top < s.bottom - 0.3 and o.bottom > s.top + 0.3 for o in in_c)
                                   or abs(min(o.top for o in in_c) + max(o.bottom for o in in_c) - middle) < 2.0)

        if not below(first):
            continue
        while last + 1 < width and not level(last + 1) and below(last + 1):
            last += 1
        if last > first or place[id(s)][1] > first:
            out[id(s)] = last
    return out


def _row(segs: list[_Seg], place: dict[int, tuple[int, int]], width: int) -> tuple[list[str], list[int]]:
    glyphs: dict[int, list[_Glyph]] = {}
    spans = [1] * width
    for s in segs:
        first, last = place[id(s)]
        glyphs.setdefault(first, []).extend(s.glyphs)
        if last > first:
            spans[first] = max(spans[first], last - first + 1)
    for j in range(width):
        for k in range(j + 1, j + spans[j]):
            spans[k] = 0
    return [cell_text(glyphs[j]) if j in glyphs else "" for j in range(width)], spans


def _table(run: list[_Line], page: int) -> _Table | None:
    size = statistics.median(ln.size for ln in run)
    segs = [s for ln in run for s in _segments(ln)]
    gap = _GAP * size
    groups = _groups(segs)
    columns = _join_aligned(_columns(segs, gap), groups)
    width = len(columns)
    if width < _MIN_COLUMNS:
        return None
    place = {id(s): _cols_of(s, columns) for s in segs}
    segs_left, segs_right = min(s.x0 for s in segs), max(s.x1 for s in segs)
    amounts = sum(len({place[id(s)][0] for s in g}) >= 2 and any(_amount(s) for s in g) for g in groups)
    wide = sum(len(_segments(ln)) >= _MIN_COLUMNS for ln in run)
    prose = sum(_filled(_segments(ln)) > _PROSE * (segs_right - segs_left) for ln in run)
    if prose >= _MIN_ROWS or (amounts < _MIN_ROWS and (wide < _MIN_ROWS or prose)):
        return None
    left, right = min(s.x0 for s in segs) - 1, max(s.x1 for s in segs) + 1
    xs = [left] + [(columns[j][1] + columns[j + 1][0]) / 2 for j in range(width - 1)] + [right]
    table = _Table(top=groups[0][0].top - 1, bottom=max(s.bottom for s in groups[-1]) + 1, left=left, right=right,
                   xs=xs, body_size=size)
    table.ys = [table.top]
    bands: list[list[tuple[list[str], list[int], set[int]]]] = []  # per group: (texts, spans, merged-down cols)
    for n, group in enumerate(groups):
        parents = _parents(group, place, width)
        if parents:
            upper = [s for s in group if id(s) in parents]
            cut = max(s.bottom for s in upper)
            covered = {c for s in upper for c in range(place[id(s)][0], parents[id(s)] + 1)}
            lower = [s for s in group if id(s) not in parents and place[id(s)][0] in covered and s.top >= cut - 0.3]
            rest = [s for s in group if id(s) not in parents and s not in lower]
            top_place = dict(place) | {id(s): (place[id(s)][0], parents[id(s)]) for s in upper}
            texts, spans = _row(upper + rest, top_place, width)
            merged = {place[id(s)][0] for s in rest}
            bands.append([(texts, spans, merged), (*_row(lower, place, width), set())])
            table.ys.append((cut + min(s.top for s in lower)) / 2)
        else:
            bands.append([(*_row(group, place, width), set())])
        following = groups[n + 1][0].top if n + 1 < len(groups) else table.bottom
        table.ys.append(following if n + 1 == len(groups) else (max(s.bottom for s in group) + following) / 2)
    number = 0
    for texts, spans, merged in (b for group_bands in bands for b in group_bands):
        band = number
        number += 1
        table.row_bands.append(band)
        table.rows.append(GridRow(tuple(texts), line=number, page=page, spans=tuple(spans)))
        for j in range(width):
            if spans[j] == 0 or (band > 0 and j in _merged_above(bands, band)):
                continue
            rows = 2 if j in merged else 1
            table.cells.append(CellBox(xs[j], table.ys[band], xs[j + spans[j]], table.ys[band + rows], band, j, rows,
                                       spans[j], texts[j]))
    return table


def _filled(group: list[_Seg]) -> float:
    """How much of the width a line prints over (its segments' x-extents, merged)."""
    return sum(hi - lo for lo, hi in _clusters([(s.x0, s.x1) for s in group], 0.0))


def _amount(s: _Seg) -> bool:
    return bool(_AMOUNT.match("".join(g.text for g in s.glyphs)))


def _merged_above(bands, band: int) -> set[int]:
    flat = [b for group_bands in bands for b in group_bands]
    return flat[band - 1][2] if band > 0 else set()


def aligned_tables(lines: list[_Line], page: int) -> list[_Table]:
    """The tables shown by alignment among a page's text lines (see the module docstring)."""
    tables = []
    for run in _regions(lines):
        table = _table(run, page)
        if table is not None:
            tables.append(table)
    return tables
