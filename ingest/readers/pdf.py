"""Reader for text-layer PDF disclosures → blocks (ingest/readers/blocks.py), with pdfplumber.

A PDF has no tables and no paragraphs, only glyphs at positions and ruling lines. This module
rebuilds both from geometry and knows nothing about budgets:

- **Lines.** Glyphs are grouped into a line when their vertical extents overlap by at least half a
  glyph height, then sorted by x. Digits set in another font on a shifted baseline (a 2024 in Times
  inside a FangSong sentence, 4–5 pt lower) therefore stay in their sentence instead of becoming a
  line of their own.
- **Tables.** The ruling lines of a page (stroked lines and hairline rectangles) that touch each
  other form a table. Its row boundaries are the horizontal rulings, its column boundaries the
  vertical ones; an elementary cell whose border is missing is merged with its neighbour (merged
  header cells, a 合计 label over the code columns). Every glyph goes to the cell that contains its
  centre, so a column is assigned **by position**: a blank cell stays blank however many tokens the
  row has, a label wrapped over two lines inside its cell is one cell, and an amount printed on a
  different baseline from its label (final-account tables) still sits in its row. Each grid row has
  one cell per column; a horizontally merged cell's text sits in its first column and
  ``GridRow.spans`` says how many columns it covers.
- **Captions.** Lines printed directly above a table in the table's own type size (编制部门：…
  单位：元, 单位：万元, （2023年度）) are the table's caption: they become its first rows, split
  into cells at wide gaps. The title above them, set larger, stays a TextLine just before the grid.
- **Continuations.** A page that starts with a table right where the previous page ended with one
  continues that table when its columns line up: the grids are joined (each row keeps its own
  page) and a header repeated at the top of the continuation page is dropped.
- **Paragraphs.** Running text wraps at the right margin; a line that reaches the margin is joined
  with the next one unless the next is indented or starts a numbered item, so a sentence and the
  amounts in it are one TextLine.

Speed: each page's glyphs and graphics are read once (``page.chars``, ``page.lines``,
``page.rects``); nothing calls pdfplumber's table finder or text extraction.
"""

from __future__ import annotations

import bisect
import hashlib
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Block, Grid, GridRow, SourceBlocks, TextLine
from ingest.readers.text_rendering import join_wrapped

FORMAT = "pdf"

_SNAP = 1.5  # rulings closer than this (pt) are one ruling
_TOUCH = 2.5  # a ruling within this distance of another touches it
_MIN_BAND = 3.0  # a row or column narrower than this with no text is a double ruling, not a band
_COVER = 0.5  # a ruling covers a cell border when it runs along at least this share of it
_CAPTION_GAP = 2.6  # caption lines sit within this many line heights above the table
_CELL_GAP = 2.0  # a gap wider than this many glyph widths splits a caption line into cells
_PAGE_NUMBER = re.compile(r"^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|\d{1,4})\s*$")
_FOOTER_BAND = 0.85  # a page number sits below this share of the page height
_WORD_CHARS = re.compile(r"[0-9A-Za-z.,%\-+()（）]")
_ITEM_START = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十\d]+[部条章]"
    r"|[①-⑳])"
)


# --- glyphs and lines -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass
class _Line:
    glyphs: list[_Glyph]
    top: float  # reference band: the first (highest) glyph's
    bottom: float

    @property
    def x0(self) -> float:  # where the printed text starts (a leading space glyph is no indent)
        return min((g.x0 for g in self.glyphs if g.text != " "), default=self.glyphs[0].x0)

    @property
    def x1(self) -> float:
        return max((g.x1 for g in self.glyphs if g.text != " "), default=self.glyphs[-1].x1)

    @property
    def size(self) -> float:
        return statistics.median(g.size for g in self.glyphs)

    @property
    def span_top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def span_bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)


def _glyphs(chars: Iterable[dict]) -> list[_Glyph]:
    """pdfplumber chars → glyphs, overprints once; a space glyph is kept as " " (line_text decides)."""
    seen: set[tuple[str, int, int]] = set()
    out: list[_Glyph] = []
    for c in chars:
        text = c.get("text") or ""
        if not text or not c.get("upright", True):
            continue
        if not text.strip():
            text = " "
        key = (text, round(c["x0"]), round(c["top"]))
        if key in seen:
            continue  # the same glyph printed twice (faux bold)
        seen.add(key)
        out.append(_Glyph(text, c["x0"], c["x1"], c["top"], c["bottom"], c.get("size") or (c["bottom"] - c["top"])))
    return out


def _best_line(lines: Sequence[_Line], g: _Glyph) -> _Line | None:
    best, best_overlap = None, 0.0
    for line in lines:
        overlap = min(line.bottom, g.bottom) - max(line.top, g.top)
        share = overlap / min(g.height, line.bottom - line.top or 0.1)
        if share >= 0.5 and share > best_overlap:
            best, best_overlap = line, share
    return best


def group_lines(glyphs: Sequence[_Glyph]) -> list[_Line]:
    """Glyphs → lines, top to bottom, each sorted by x (see the module docstring). Printed glyphs
    make the lines; a space glyph joins the line it overlaps, or none."""
    lines: list[_Line] = []
    spaces: list[_Glyph] = []
    for g in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        if g.text == " ":
            spaces.append(g)
            continue
        best = _best_line(lines[-6:][::-1], g)
        if best is None:
            lines.append(_Line([g], g.top, g.bottom))
        else:
            best.glyphs.append(g)
    for g in spaces:
        if (best := _best_line(lines, g)) is not None:
            best.glyphs.append(g)
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return lines


def _is_word(ch: str) -> bool:
    return bool(_WORD_CHARS.match(ch))


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def line_text(glyphs: Sequence[_Glyph]) -> str:
    """Glyphs of one line → text.

    Gaps between glyphs are no spaces (justified Chinese text spreads its characters), except
    between two Latin/number tokens printed apart (``301 01``). A space the PDF prints as a glyph
    is kept (``上海市 XX 局``, ``万元， 国有资本``), once, unless it stands between two Chinese
    characters, where it is justification too (``418.80万 元`` reads 418.80万元).
    """
    parts: list[str] = []
    previous: _Glyph | None = None
    pending_space = False
    for g in glyphs:
        if g.text == " ":
            pending_space = previous is not None
            continue
        if previous is not None:
            gap = g.x0 - previous.x1
            printed = pending_space and not (_ideograph(previous.text[-1]) and _ideograph(g.text[0]))
            spread = gap > 0.25 * min(g.size, previous.size) and _is_word(previous.text[-1]) and _is_word(g.text[0])
            if printed or spread:
                parts.append(" ")
        parts.append(g.text)
        previous = g
        pending_space = False
    return "".join(parts)


def _split_cells(line: _Line) -> list[str]:
    """A caption line → cells, split where the gap is wider than a couple of glyphs."""
    cells: list[list[_Glyph]] = [[]]
    previous: _Glyph | None = None
    for g in line.glyphs:
        if g.text == " ":
            continue  # the gap is measured between printed glyphs
        if previous is not None and g.x0 - previous.x1 > _CELL_GAP * g.size:
            cells.append([])
        cells[-1].append(g)
        previous = g
    return [line_text(c) for c in cells if c]


def cell_text(glyphs: Sequence[_Glyph]) -> str:
    """All glyphs of one table cell → its text; lines wrapped inside the cell are joined."""
    text = ""
    for line in group_lines(glyphs):
        part = line_text(line.glyphs).strip()
        if part:
            text = join_wrapped(text, part) if text else part
    return text


# --- rulings and tables -----------------------------------------------------------------------


@dataclass
class _Segment:
    at: float  # y of a horizontal ruling, x of a vertical one
    lo: float  # extent along the ruling
    hi: float


def _rulings(page) -> tuple[list[_Segment], list[_Segment]]:
    """Horizontal and vertical rulings: stroked lines, hairline rectangles and stroked boxes' edges."""
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
        elif obj.get("stroke"):
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

    def contains(self, g: _Glyph) -> bool:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        return self.left <= cx <= self.right and self.top <= cy <= self.bottom


Cell = tuple[int, int]  # (row band, column band)


def _build_table(horizontal: list[_Segment], vertical: list[_Segment], glyphs: list[_Glyph], page: int):
    """Rulings of one table + the page's glyphs → a _Table (or None when nothing is inside)."""
    left = min(min(h.lo for h in horizontal), min(v.at for v in vertical))
    right = max(max(h.hi for h in horizontal), max(v.at for v in vertical))
    top = min(min(v.lo for v in vertical), min(h.at for h in horizontal))
    bottom = max(max(v.hi for v in vertical), max(h.at for h in horizontal))
    ys = _cluster([h.at for h in horizontal] + [top, bottom])
    xs = _cluster([v.at for v in vertical] + [left, right])
    table = _Table(top=top, bottom=bottom, left=left, right=right, xs=xs)
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
            table.title = row[0]
            continue
        if full_width and table.title is not None and not table.rows:
            table.rows.append(GridRow((row[0],), line=number, page=page))  # （2023年度）
            continue
        table.rows.append(GridRow(tuple(row), line=number, page=page, spans=tuple(spans[r])))


# --- pages ------------------------------------------------------------------------------------


@dataclass
class _PageText:
    """A text line outside every table, with what paragraph joining needs."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    page: int


@dataclass
class _PageBlocks:
    page: int
    items: list[tuple[float, object]]  # (top, _PageText | _Table) in reading order


def _visible(chars: Iterable[dict], box: tuple[float, float, float, float]) -> list[dict]:
    """Glyphs whose centre lies on the page: text set outside the page box (a second copy of a table
    placed below the sheet) is in the file but never printed, so it is no part of the document."""
    x0, top, x1, bottom = box
    return [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


def _drop_page_number(items: list[tuple[float, object]], height: float) -> None:
    """A bare page number (8, - 8 -, 第8页) printed last on the page, in its bottom band, is page
    furniture: it would split a table continued on the next page and a sentence running over."""
    if not items:
        return
    last = items[-1][1]
    if isinstance(last, _PageText) and _PAGE_NUMBER.match(last.text) and last.top >= _FOOTER_BAND * height:
        items.pop()


def _read_page(page, number: int) -> _PageBlocks:
    glyphs = _glyphs(_visible(page.chars, page.bbox))
    horizontal, vertical = _rulings(page)
    tables: list[_Table] = []
    for hs, vs in _table_components(horizontal, vertical):
        table = _build_table(hs, vs, glyphs, number)
        if table is not None:
            tables.append(table)
    outside = [g for g in glyphs if not any(t.contains(g) for t in tables)]
    lines = group_lines(outside)
    claimed: set[int] = set()
    for table in tables:
        _claim_caption(table, lines, claimed)
    items: list[tuple[float, object]] = []
    for index, line in enumerate(lines):
        if index in claimed or not line_text(line.glyphs):
            continue
        items.append((line.top, _PageText(line_text(line.glyphs), line.span_top, line.span_bottom, line.x0,
                                          line.x1, line.size, number)))
    for table in tables:
        top = min([table.top] + [ln.top for ln in table.caption])
        if table.title is not None:
            items.append((top - 0.5, _PageText(table.title, table.top, table.top, table.left, table.right,
                                               table.body_size + 2, number)))
        items.append((top, table))
    items.sort(key=lambda item: item[0])
    _drop_page_number(items, page.height)
    return _PageBlocks(number, items)


def _claim_caption(table: _Table, lines: list[_Line], claimed: set[int]) -> None:
    """Lines right above a table in its own type size are its caption (see the module docstring).

    A caption line is short or split by a wide gap (编制部门：… 单位：元); the lines are taken only
    when what sits above them is a larger title, nothing, or far away: the last line of a paragraph
    that runs into a table is no caption.
    """
    edge = table.top
    width = table.right - table.left
    candidates: list[int] = []
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        if (index in claimed or line.span_bottom > table.top + 1 or line.x1 < table.left - 5
                or line.x0 > table.right + 5 or not line_text(line.glyphs).strip()):
            continue
        if edge - line.span_bottom > _CAPTION_GAP * line.size or line.size > table.body_size + 2.5:
            break  # too far above, or set as large as a title
        single = len(_split_cells(line)) < 2
        if single and line.x1 - line.x0 > 0.6 * width:
            return  # a paragraph line: the text above the table is running text
        if single and abs((line.x0 + line.x1) / 2 - (table.left + table.right) / 2) < 0.1 * width:
            break  # centred over the table in the body size: the title itself (决算 tables)
        candidates.append(index)
        edge = line.span_top
    for index in candidates:
        table.caption.insert(0, lines[index])
        claimed.add(index)


# --- grids across pages -----------------------------------------------------------------------


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


def blocks_from_pages(pages: Sequence[_PageBlocks]) -> list[Block]:
    """Page items → blocks: continuation grids joined, wrapped paragraph lines joined."""
    blocks: list[Block] = []
    open_grid: _OpenGrid | None = None
    texts: list[_PageText] = []

    def flush_texts() -> None:
        blocks.extend(_paragraphs(texts))
        texts.clear()

    def flush_grid() -> None:
        nonlocal open_grid
        if open_grid is not None:
            blocks.append(Grid(tuple(open_grid.rows), line=None, page=open_grid.page))
            open_grid = None

    for page in pages:
        items = page.items
        if (open_grid is not None and open_grid.title is not None and not texts and len(items) > 1
                and isinstance(items[0][1], _PageText) and items[0][1].text == open_grid.title
                and isinstance(items[1][1], _Table) and _continue(open_grid, items[1][1], repeated_title=True)):
            items = items[2:]  # the table continued under its repeated title (2017年政府采购预算表)
        for position, (_, item) in enumerate(items):
            if isinstance(item, _Table):
                if open_grid is not None and position == 0 and not texts and _continue(open_grid, item):
                    continue
                title = texts[-1].text if texts else None
                flush_texts()
                flush_grid()
                rows = _grid_rows(item)
                header = [r.cells for r in item.rows[:6]]
                caption = [r.cells for r in rows[: len(item.caption)]]
                open_grid = _OpenGrid(rows, item.xs, header, page.page, title, caption)
            else:
                flush_grid()
                texts.append(item)
        # a table that ends a page stays open for a continuation on the next page
    flush_texts()
    flush_grid()
    return blocks


def _paragraphs(lines: Sequence[_PageText]) -> list[TextLine]:
    """Join lines wrapped at the right margin into paragraphs (one TextLine each)."""
    if not lines:
        return []
    margins: dict[tuple[int, int], tuple[float, float]] = {}
    for page in {ln.page for ln in lines}:
        for size in {round(ln.size) for ln in lines if ln.page == page}:
            same = [ln for ln in lines if ln.page == page and round(ln.size) == size]
            margins[(page, size)] = (min(ln.x0 for ln in same), max(ln.x1 for ln in same))
    out: list[TextLine] = []
    current: _PageText | None = None
    text = ""
    first_line, first_page = 0, 0
    number_on_page: dict[int, int] = {}
    for line in lines:
        number_on_page[line.page] = number_on_page.get(line.page, 0) + 1
        if current is not None and _continues(current, line, margins):
            text = f"{text}{line.text}"
            current = line
            continue
        if current is not None:
            out.append(TextLine(text, line=first_line, page=first_page))
        current, text = line, line.text
        first_line, first_page = number_on_page[line.page], line.page
    if current is not None:
        out.append(TextLine(text, line=first_line, page=first_page))
    return out


def _continues(previous: _PageText, line: _PageText, margins: dict[tuple[int, int], tuple[float, float]]) -> bool:
    size = max(previous.size, line.size)
    if abs(previous.size - line.size) > 0.6 or _ITEM_START.match(line.text):
        return False
    _, right = margins[(previous.page, round(previous.size))]
    left, _ = margins[(line.page, round(line.size))]
    if previous.x1 < right - 6 * size or line.x0 > left + 0.8 * size:
        return False
    if previous.text.endswith(("。", "！", "？")):
        return False  # a finished sentence at the margin: the next line starts a paragraph of its own
    if line.page == previous.page:
        return -0.5 * size <= line.top - previous.bottom < 1.5 * size  # double spacing too
    previous_left, _ = margins[(previous.page, round(previous.size))]
    return line.page == previous.page + 1 and abs(line.x0 - previous_left) < 0.8 * size


# --- the file ---------------------------------------------------------------------------------


def read_pdf(path: Path) -> SourceBlocks:
    """Read a text-layer PDF; raise UnreadableFile when it cannot be opened or has no text layer."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    import pdfplumber  # imported here: the text reader and the CLI's other paths do not need it
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            pages = [_read_page(page, number) for number, page in enumerate(pdf.pages, start=1)]
            count = len(pdf.pages)
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(path, f"not a readable PDF: {exc}") from exc
    if count and not any(page.items for page in pages):
        raise UnreadableFile(path, "no text layer (scanned images only)")
    return SourceBlocks(
        name=path.name,
        format=FORMAT,
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=blocks_from_pages(pages),
        pages=count,
    )
