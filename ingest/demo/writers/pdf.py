"""Canonical Document → a PDF disclosure in the Hebei layout, with real ruled tables.

The layout is the text rendering's (ingest/demo/writers/layout.py). Text is set in ReportLab's built-in
CID font STSong-Light (no font file needed; pdfplumber reads the characters back exactly —
stack-facts.md), on A4 landscape pages. Every table is drawn with a full grid of ruling lines and
merged header cells drawn as one box, as published tables are, so that a reader locating cells by
their rulings (ingest/readers/pdf_ruled_tables.py) sees the same rows and columns as in the DOCX and XLSX
renderings. Each wide table starts on a new page under its title; a long cell wraps inside its
box; a table longer than a page continues on the next (``repeat_headers`` repeats its header rows
there, as many published PDFs do).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from ingest.demo.layouts import DEFAULT, LayoutOptions, vary_blocks
from ingest.demo.writers.layout import LayoutTable, layout
from ingest.demo.writers.pdf_tables import table_flowable
from ingest.model import Document
from ingest.readers.blocks import TextLine

FONT = "STSong-Light"
TEXT_SIZE = 10
CELL_SIZE = 7.5
MARGIN_MM = 15
PAGE_BREAK_WIDTH = 5  # tables at least this wide start on a new page (the standard tables)


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _styles(cell_size: float = CELL_SIZE):
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    text = ParagraphStyle("text", fontName=FONT, fontSize=TEXT_SIZE, leading=TEXT_SIZE * 1.45, wordWrap="CJK",
                          spaceAfter=2)
    title = ParagraphStyle("title", parent=text, fontSize=TEXT_SIZE + 3, leading=(TEXT_SIZE + 3) * 1.4,
                           alignment=TA_CENTER, spaceBefore=4, spaceAfter=6)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=cell_size, leading=cell_size * 1.25, wordWrap="CJK")
    number = ParagraphStyle("number", parent=cell, alignment=TA_RIGHT)
    above = ParagraphStyle("above", parent=number, spaceAfter=1)
    return {"text": text, "title": title, "cell": cell, "number": number, "above": above}


def _markup(text: str) -> str:
    return "<br/>".join(escape(part) for part in text.split("\n"))


def _fitting_table(table: LayoutTable, available: float, height: float, repeat_headers: bool, ruling: str = "lines"):
    """The table at the largest cell font (7.5 pt down to 5.5 pt) that fits one page under its
    title; a table too long even then is drawn at the largest size and continues on the next page."""
    first = None
    for size in (CELL_SIZE, 7.0, 6.5, 6.0, 5.5):
        flowable = table_flowable(table, _styles(size), available, repeat_headers, ruling)
        first = first or flowable
        if flowable.wrap(available, height)[1] <= height:
            return flowable
    return first


def render_pdf(doc: Document, *, notes: Sequence[str] = (), repeat_headers: bool = False,
               options: LayoutOptions = DEFAULT) -> bytes:
    """``doc`` as PDF bytes (see the module docstring), printed as the layout variant ``options``
    says (ingest/demo/layouts.py; the default is the Hebei layout above); the same Document always
    gives the same bytes (ReportLab's invariant mode: fixed dates and document id)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

    _register_font()
    styles = _styles()
    buffer = io.BytesIO()
    page = landscape(A4) if options.landscape else A4
    repeat_headers = repeat_headers or options.repeat_headers
    margin = MARGIN_MM * mm
    template = SimpleDocTemplate(buffer, pagesize=page, leftMargin=margin, rightMargin=margin, topMargin=margin,
                                 bottomMargin=margin, title=doc.document.department or "budget disclosure",
                                 author="budgetwh", creator="budgetwh", invariant=True)
    available = page[0] - 2 * margin
    height = page[1] - 2 * margin - 12 - (TEXT_SIZE + 3) * 1.4 - 10  # frame padding, title, spacing
    blocks = layout(doc, notes=notes)
    if options != DEFAULT:
        blocks = vary_blocks(blocks, options)
    story: list = []
    seen_table = narrative_started = False
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, LayoutTable):
            if options.title_at_foot and block.width >= PAGE_BREAK_WIDTH:
                story.append(PageBreak())  # the title stays at the foot of the page before
            for line in block.above:  # a unit on a line of its own, right above the table
                story.append(Paragraph(_markup(line), styles["above"]))
            if options.fit_page:
                story.append(_fitting_table(block, available, height, repeat_headers, options.ruling))
            else:
                story.append(table_flowable(block, _styles(), available, repeat_headers, options.ruling))
            story.append(Spacer(1, 6))
            seen_table = True
            continue
        assert isinstance(block, TextLine)
        is_title = isinstance(following, LayoutTable)
        if is_title and following.width >= PAGE_BREAK_WIDTH and story and not options.title_at_foot:
            story.append(PageBreak())
        elif not is_title and seen_table and not narrative_started and not block.text.startswith("注"):
            story.append(PageBreak())  # the narrative after the tables starts a page of its own
            narrative_started = True
        story.append(Paragraph(_markup(block.text), styles["title" if is_title else "text"]))
    template.build(story)
    return buffer.getvalue()


def write_pdf(doc: Document, path: str | Path, *, notes: Sequence[str] = (), repeat_headers: bool = False,
              options: LayoutOptions = DEFAULT) -> Path:
    """Write ``doc`` as a PDF at ``path``; returns the path."""
    path = Path(path)
    path.write_bytes(render_pdf(doc, notes=notes, repeat_headers=repeat_headers, options=options))
    return path
