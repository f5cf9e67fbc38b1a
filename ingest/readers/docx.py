"""Reader for Word documents (.docx) → blocks: paragraphs as TextLines and real Word tables as Grids,
interleaved in document order.

Merged cells follow the convention the rest of the pipeline reads (ingest/reading/tables/, the text
rendering): a merged cell's text is printed once, in its first grid column and first row; the
columns it spans horizontally (``gridSpan``) and the rows it continues vertically (``vMerge``)
read as blank cells, so no later cell ever shifts left. ``gridBefore`` (a row starting further
right) pads the row with blanks for the same reason.

Text inside a cell: a manual line break (``w:br``) is kept as a newline; separate paragraphs are
joined as the text rendering joins a wrapped cell (ingest.readers.text_rendering.join_wrapped), so
a document reads the same whether it arrives as .docx or as its text rendering. Nothing here knows
about budgets.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Block, Grid, GridRow, SourceBlocks, TextLine
from ingest.readers.metadata import ooxml_properties
from ingest.readers.sniff import require
from ingest.readers.text_rendering import join_wrapped

FORMAT = "docx"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _attr(element, name: str) -> str | None:
    return None if element is None else element.get(f"{W}{name}")


def paragraph_text(paragraph) -> str:
    """A w:p's text: runs in order, tabs as tabs, manual line breaks as newlines (no deleted text,
    no field codes, no fallback copies of text boxes)."""
    parts: list[str] = []

    def visit(element) -> None:
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag == _MC_FALLBACK or tag == f"{W}del":
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag in (f"{W}pPr", f"{W}rPr", f"{W}instrText"):
                continue
            else:
                visit(child)

    visit(paragraph)
    return "".join(parts)


def _cell_paragraphs(cell) -> list[str]:
    """The paragraphs of a cell in order (content controls included; nested tables row by row)."""
    texts: list[str] = []
    for child in cell:
        if child.tag == f"{W}p":
            texts.append(paragraph_text(child))
        elif child.tag == f"{W}tbl":
            for row in child.iter(f"{W}tr"):
                cells = [" ".join(_cell_paragraphs(tc)).strip() for tc in row.iter(f"{W}tc")]
                texts.append(" ".join(c for c in cells if c))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                texts.extend(_cell_paragraphs(content))
    return texts


def cell_text(cell) -> str:
    """A cell's text: paragraphs joined as a wrapped cell of the text rendering, ends stripped."""
    text = ""
    for paragraph in _cell_paragraphs(cell):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        text = join_wrapped(text, paragraph) if text else paragraph
    return text.strip()


def _row_cells(row):
    """A w:tr's cells, content controls unwrapped."""
    for child in row:
        if child.tag == f"{W}tc":
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _row_cells(content)


def _table_rows(table):
    for child in table:
        if child.tag == f"{W}tr":
            yield child
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                yield from _table_rows(content)


def read_table(table, number: int) -> Grid:
    """One w:tbl → a Grid with one cell per grid column (see the module docstring on merges)."""
    rows: list[GridRow] = []
    for row_number, row in enumerate(_table_rows(table), start=1):
        cells: list[str] = []
        properties = row.find(f"{W}trPr")
        before = properties.find(f"{W}gridBefore") if properties is not None else None
        if before is not None and (_attr(before, "val") or "0").isdigit():
            cells.extend([""] * int(_attr(before, "val") or 0))
        for cell in _row_cells(row):
            tc_pr = cell.find(f"{W}tcPr")
            span_el = tc_pr.find(f"{W}gridSpan") if tc_pr is not None else None
            span_val = _attr(span_el, "val") or "1"
            span = int(span_val) if span_val.isdigit() and int(span_val) > 0 else 1
            vmerge = tc_pr.find(f"{W}vMerge") if tc_pr is not None else None
            continued = vmerge is not None and _attr(vmerge, "val") in (None, "continue")
            cells.append("" if continued else cell_text(cell))
            cells.extend([""] * (span - 1))
        refs = tuple(f"table {number}, row {row_number}, cell {i}" for i in range(1, len(cells) + 1))
        rows.append(GridRow(tuple(cells), refs=refs))
    return Grid(tuple(rows))


def blocks_from_body(body) -> list[Block]:
    """Paragraphs and tables of a document body, in document order."""
    blocks: list[Block] = []
    tables = 0

    def visit(container) -> None:
        nonlocal tables
        for child in container:
            if child.tag == f"{W}p":
                for line in paragraph_text(child).split("\n"):
                    if line.strip():
                        blocks.append(TextLine(line.strip()))
            elif child.tag == f"{W}tbl":
                tables += 1
                grid = read_table(child, tables)
                if grid.rows:
                    blocks.append(grid)
            elif child.tag == f"{W}sdt":
                content = child.find(f"{W}sdtContent")
                if content is not None:
                    visit(content)
            elif child.tag in (f"{W}customXml", f"{W}smartTag"):
                visit(child)

    visit(body)
    return blocks


def read_docx(path: Path) -> SourceBlocks:
    """Read a .docx from disk into blocks; raise UnreadableFile when it is not a readable .docx."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(path, "a Word 97-2003 (.doc) file, not .docx: name it .doc to have LibreOffice convert it, "
                                   "or convert it to .docx")
    require(path, data, "docx", "a Word .docx document")
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableFile(path, f"damaged Word .docx document ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # lxml syntax errors inside a damaged package
        if type(exc).__module__.startswith(("lxml", "xml", "docx")):
            raise UnreadableFile(path, f"damaged Word .docx document ({type(exc).__name__}: {exc})") from exc
        raise
    title, subject = ooxml_properties(path)
    return SourceBlocks(name=path.name, format=FORMAT, sha256=hashlib.sha256(data).hexdigest(),
                        blocks=blocks_from_body(document.element.body), title=title, subject=subject)
