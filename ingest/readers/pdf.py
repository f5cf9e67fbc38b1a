"""Reader for text-layer PDF disclosures → blocks (ingest/readers/blocks.py), with pdfplumber.

A PDF has no tables and no paragraphs, only glyphs at positions and ruling lines. This module and
its pdf_* siblings (Layout, below) rebuild both from geometry and know nothing about budgets:

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

Speed: each page's glyphs and graphics are read once, into the page's geometry (pdf_geometry.py:
characters with their boxes, lines, rectangles — the one place that knows pdfplumber's page);
nothing calls pdfplumber's table finder or text extraction.

Layout: this module reads the file and turns page items into blocks (continued tables joined,
paragraphs joined); pdf_glyphs.py groups glyphs into lines and reads their text,
pdf_ruled_tables.py turns rulings into table grids, pdf_page.py reads one page into text lines and
tables with their captions, pdf_continuation.py joins a table continued on the next page.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Block, Grid, SourceBlocks, TextLine
from ingest.readers.metadata import pdf_info
from ingest.readers.pdf_continuation import _continue, _grid_rows, _OpenGrid
from ingest.readers.pdf_geometry import from_pdfplumber
from ingest.readers.pdf_page import _PageBlocks, _PageText, _read_page
from ingest.readers.pdf_ruled_tables import _Table

FORMAT = "pdf"

_ITEM_START = re.compile(
    r"^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d)|第[一二三四五六七八九十\d]+[部条章]"
    r"|[①-⑳])"
)


# --- pages into blocks ------------------------------------------------------------------------


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


@dataclass
class PdfPages:
    """A PDF read page by page: what read_pdf turns into blocks, and what the page debugger
    (ingest/readers/pdf_debug.py) draws: each page's text lines and ruled tables with their cells."""

    name: str
    sha256: str
    pages: list[_PageBlocks]
    title: str | None = None  # the Info dictionary's Title and Subject, decoded (readers/metadata.py)
    subject: str | None = None


def read_pages(path: Path) -> PdfPages:
    """Read every page of a text-layer PDF; raise UnreadableFile when it cannot be opened or has no
    text layer."""
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
            pages = [_read_page(from_pdfplumber(page), number) for number, page in enumerate(pdf.pages, start=1)]
            title, subject = pdf_info(getattr(pdf.doc, "info", None) or [])
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise UnreadableFile(path, f"not a readable PDF: {exc}") from exc
    if pages and not any(page.items for page in pages):
        raise UnreadableFile(path, "no text layer (scanned images only)")
    return PdfPages(path.name, hashlib.sha256(data).hexdigest(), pages, title, subject)


def source_blocks(read: PdfPages) -> SourceBlocks:
    """The blocks of a PDF read page by page (continued tables joined, paragraphs joined)."""
    return SourceBlocks(
        name=read.name,
        format=FORMAT,
        sha256=read.sha256,
        blocks=blocks_from_pages(read.pages),
        pages=len(read.pages),
        title=read.title,
        subject=read.subject,
    )


def read_pdf(path: Path) -> SourceBlocks:
    """Read a text-layer PDF; raise UnreadableFile when it cannot be opened or has no text layer."""
    return source_blocks(read_pages(path))
