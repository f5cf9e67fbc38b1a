"""Canonical Document → a Word (.docx) disclosure in the Hebei layout, with real Word tables.

The layout is the text rendering's (ingest/demo/writers/layout.py): every title, note and narrative
paragraph becomes a paragraph, every table a ruled Word table whose header cells are merged the way
published documents merge them (``gridSpan`` across, ``vMerge`` down). A line break inside a cell
is a manual line break (``w:br``), so the cell reads back exactly. Used for fixtures and the demo
inbox; ingest/readers/docx.py reads it back.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from ingest.demo.layouts import DEFAULT, LayoutOptions, vary_blocks
from ingest.demo.writers.layout import LayoutTable, layout, reproducible_zip
from ingest.model import Document

FONT = "宋体"
FONT_SIZE_PT = 9


def _set_font(document) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(FONT_SIZE_PT)
    properties = style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)


def _write_cell_text(cell, text: str) -> None:
    paragraph = cell.paragraphs[0]
    for index, part in enumerate(text.split("\n")):
        run = paragraph.add_run(part)
        if index < len(text.split("\n")) - 1:
            run.add_break()


def _write_table(document, table: LayoutTable) -> None:
    word = document.add_table(rows=len(table.rows), cols=table.width)
    word.style = "Table Grid"
    rows = [row.cells for row in word.rows]
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row):
            if cell is not None and cell.text:
                _write_cell_text(rows[r][c], cell.text)
    for r, c, last_r, last_c in table.spans():
        rows[r][c].merge(rows[last_r][last_c])


def build_docx(doc: Document, *, notes: Sequence[str] = (), options: LayoutOptions = DEFAULT):
    """The python-docx Document of ``doc`` (see the module docstring), its tables printed as the
    layout variant ``options`` says (ingest/demo/layouts.py: what the cells say and the tables'
    shape; how a page is ruled is the PDF's)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = docx.Document()
    _set_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(15))
    blocks = layout(doc, notes=notes)
    if options != DEFAULT:
        blocks = vary_blocks(blocks, options)
    for block in blocks:
        if isinstance(block, LayoutTable):
            for line in block.above:  # a unit on a line of its own, right above the table
                document.add_paragraph(line)
            _write_table(document, block)
        else:
            document.add_paragraph(block.text)
    return document


def render_docx(doc: Document, *, notes: Sequence[str] = (), options: LayoutOptions = DEFAULT) -> bytes:
    """``doc`` as .docx bytes; the same Document always gives the same bytes."""
    buffer = io.BytesIO()
    build_docx(doc, notes=notes, options=options).save(buffer)
    return reproducible_zip(buffer.getvalue())


def write_docx(doc: Document, path: str | Path, *, notes: Sequence[str] = (),
               options: LayoutOptions = DEFAULT) -> Path:
    """Write ``doc`` as a .docx file at ``path``; returns the path."""
    path = Path(path)
    path.write_bytes(render_docx(doc, notes=notes, options=options))
    return path
