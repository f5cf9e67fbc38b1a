"""Reader for web pages (.html, .htm, and .jsp page sources) → blocks.

Many portals publish the narrative as a web page and the tables as pictures. The page's text is read
as TextLines (one per paragraph or line break, in reading order); a real HTML data table becomes a
Grid (``colspan`` / ``rowspan`` leave blank cells, so no column shifts); every picture in the content
becomes an :class:`~ingest.readers.blocks.Image` block — reported, never read or guessed, so the
document can say that its tables are images (disclosure-formats.md).

Page furniture is not content: the ``<head>``, scripts and styles, JSP directives and expressions
(``<%@ … %>``, ``${…}``), navigation and breadcrumb bars, footers. A web page is one page: every
block is on page 1.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Block, Grid, GridRow, Image, SourceBlocks, TextLine
from ingest.readers.sniff import sniff

FORMAT = "html"
PAGE = 1
_JSP = re.compile(r"<%.*?%>", re.S)
_EL = re.compile(r"\$\{[^}]*\}")
_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)
_SKIP_TAGS = {"head", "script", "style", "noscript", "template", "nav", "footer", "iframe", "object", "select",
              "button", "form", "svg"}
_SKIP_CLASS = re.compile(r"(^|[^a-z])(nav|crumb|breadcrumb|menu|footer|foot|copyright|share|toolbar)|breadcut",
                         re.I)
_BLOCK_TAGS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table",
               "tr", "td", "th", "tbody", "thead", "tfoot", "section", "article", "blockquote", "pre", "center",
               "hr", "caption", "figure", "figcaption", "main", "address", "header"}
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_MIN_IMAGE_SIDE = 40  # smaller pictures are icons and bullets, not content


def decode_page(data: bytes, name: str) -> str:
    """Page bytes → text: the charset the page declares, else UTF-8, else GB18030."""
    declared = _CHARSET.search(data[:4096])
    encodings = [declared.group(1).decode("ascii").lower()] if declared else []
    encodings += ["utf-8-sig", "gb18030"]
    for encoding in encodings:
        if encoding in ("gb2312", "gbk"):
            encoding = "gb18030"
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise UnreadableFile(name, "cannot decode the page as its declared charset, UTF-8 or GB18030")


def _int(value: str | None) -> int | None:
    m = re.match(r"\s*(\d+)", value or "")
    return int(m.group(1)) if m else None


def _skipped(element) -> bool:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _SKIP_TAGS:
        return True
    marks = f"{element.get('class', '')} {element.get('id', '')}"
    if _SKIP_CLASS.search(marks):
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or element.get("hidden") is not None


def _image_size(element) -> tuple[int | None, int | None]:
    width, height = _int(element.get("width")), _int(element.get("height"))
    style = element.get("style") or ""
    if width is None and (m := re.search(r"width\s*:\s*(\d+)", style)):
        width = int(m.group(1))
    if height is None and (m := re.search(r"height\s*:\s*(\d+)", style)):
        height = int(m.group(1))
    return width, height


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.line: int | None = None

    def flush(self) -> None:
        text = _SPACE.sub(" ", "".join(self.parts)).replace("\u200d", "").strip(" \xa0\u3000")
        if text:
            self.blocks.append(TextLine(text, line=self.line, page=PAGE))
        self.parts, self.line = [], None

    def add(self, text: str | None, line: int | None) -> None:
        if text:
            if self.line is None and text.strip():
                self.line = line
            self.parts.append(text)

    def visit(self, element) -> None:
        if not isinstance(element.tag, str):  # comments, processing instructions
            self.add(element.tail, getattr(element, "sourceline", None))
            return
        tag = element.tag.lower()
        line = getattr(element, "sourceline", None)
        if _skipped(element):
            self.add(element.tail, line)
            return
        if tag == "img":
            self.image(element)
        elif tag == "table" and _is_data_table(element):
            self.flush()
            self.blocks.append(_grid(element))
        else:
            if tag in _BLOCK_TAGS:
                self.flush()
            self.add(element.text, line)
            for child in element:
                self.visit(child)
            if tag in _BLOCK_TAGS:
                self.flush()
        self.add(element.tail, line)

    def image(self, element) -> None:
        width, height = _image_size(element)
        if (width is not None and width < _MIN_IMAGE_SIDE) or (height is not None and height < _MIN_IMAGE_SIDE):
            return
        source = element.get("src") or element.get("data-src") or ""
        name = source.rsplit("/", 1)[-1].split("?")[0] or element.get("alt") or "image"
        self.flush()
        self.blocks.append(Image(name=name, width=width, height=height, line=getattr(element, "sourceline", None),
                                 page=PAGE))


def _rows(table):
    for child in table:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            yield from _rows(child)


def _cells(row):
    return [c for c in row if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]


def _is_data_table(table) -> bool:
    """A table of data, not a page-layout table: no nested tables, and two rows of two cells or more."""
    if any(isinstance(t.tag, str) and t.tag.lower() == "table" for t in table.iterdescendants()):
        return False
    return sum(len(_cells(r)) >= 2 for r in _rows(table)) >= 2


def _cell_text(cell) -> str:
    """A table cell's text: its lines (paragraphs, line breaks) joined by newlines."""
    walker = _Walker()
    walker.add(cell.text, None)
    for child in cell:
        walker.visit(child)
    walker.flush()
    return "\n".join(b.text for b in walker.blocks if isinstance(b, TextLine))


def _fill_spanned(cells: list[str], column: int, pending: dict[int, int]) -> int:
    """Blank cells where a rowspan from a row above still covers the columns; the next column."""
    while pending.get(column, 0) > 0:
        pending[column] -= 1
        cells.append("")
        column += 1
    return column


def _grid(table) -> Grid:
    """An HTML table → a Grid; colspan / rowspan leave blank cells where the merged cell extends."""
    rows: list[GridRow] = []
    pending: dict[int, int] = {}  # column → rows a rowspan still covers
    for tr in _rows(table):
        cells: list[str] = []
        column = 0
        for td in _cells(tr):
            column = _fill_spanned(cells, column, pending)
            colspan = max(1, _int(td.get("colspan")) or 1)
            rowspan = max(1, _int(td.get("rowspan")) or 1)
            cells.append(_cell_text(td))
            cells.extend([""] * (colspan - 1))
            for c in range(column, column + colspan):
                if rowspan > 1:
                    pending[c] = rowspan - 1
            column += colspan
        _fill_spanned(cells, column, pending)
        rows.append(GridRow(tuple(cells), line=getattr(tr, "sourceline", None), page=PAGE))
    return Grid(tuple(rows), line=rows[0].line if rows else None, page=PAGE)


def blocks_from_html(text: str) -> list[Block]:
    """A page's content → TextLines, Grids and Images, in reading order."""
    import lxml.html

    # keep line numbers: a multi-line JSP directive leaves its line breaks behind
    text = _EL.sub("", _JSP.sub(lambda m: "\n" * m.group(0).count("\n"), text))
    if not text.strip():
        return []
    root = lxml.html.document_fromstring(text)
    walker = _Walker()
    body = root.find("body")
    walker.visit(body if body is not None else root)
    walker.flush()
    return walker.blocks


def read_html(path: Path) -> SourceBlocks:
    """Read a web page from disk into blocks; raise UnreadableFile when it is not a readable page."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    found = sniff(data, path)
    if found not in ("html", "text"):
        from ingest.readers.sniff import DESCRIPTIONS

        raise UnreadableFile(path, f"not a web page: the content is {DESCRIPTIONS.get(found, found)}")
    blocks = blocks_from_html(decode_page(data, str(path)))
    return SourceBlocks(name=path.name, format=FORMAT, sha256=hashlib.sha256(data).hexdigest(), blocks=blocks,
                        pages=PAGE)
