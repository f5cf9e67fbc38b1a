"""One PDF page → its items in reading order: the text lines outside every table, and the ruled
tables with their captions and in-box titles.

This is where the page's two readings meet, glyph lines (pdf_glyphs.py) and ruled tables
(pdf_ruled_tables.py): a line right above a table in its type size is its caption (**Captions** in
ingest/readers/pdf.py's docstring), and page furniture (a bare page number in the footer band, text
set outside the page box) is dropped, so that what pdf.py joins across pages is the document only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.readers.pdf_aligned_tables import aligned_tables
from ingest.readers.pdf_glyphs import _glyphs, _Line, _split_cells, group_lines, line_text
from ingest.readers.pdf_ruled_tables import _build_table, _rulings, _Table, _table_components

_CAPTION_GAP = 2.6  # caption lines sit within this many line heights above the table
_PAGE_NUMBER = re.compile(r"^\s*(?:[-－—–]\s*\d{1,4}\s*[-－—–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?|\d{1,4})\s*$")
_FOOTER_BAND = 0.85  # a page number sits below this share of the page height


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
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # the page box (x0, top, x1, bottom), in points


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
    aligned = aligned_tables(lines, number)  # no ruled grid there: columns from whitespace alone
    if aligned:
        tables += aligned
        outside = [g for g in outside if not any(t.contains(g) for t in aligned)]
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
    return _PageBlocks(number, items, tuple(page.bbox))


def _claim_caption(table: _Table, lines: list[_Line], claimed: set[int]) -> None:
    """Lines right above a table in its own type size are its caption (see ingest/readers/pdf.py's docstring).

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
