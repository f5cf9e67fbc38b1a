"""What the PDF reader saw on one page, as geometry, and a picture of it over the rendered page.

The geometry is not found again here: it is what ``read_pages`` (ingest/readers/pdf.py) built while
reading, kept on each ruled table (pdf_ruled_tables.py: its rulings, row and column boundaries and
merged cells) and on each page (its box, its text lines). This module only collects it for one page
(``page_geometry``) and draws shapes over the page rendered by pdfium (``render``): the reading
side (ingest/reading/debug_page.py) says which shapes mean what (header or data row, title, kind,
unit, columns).

Coordinates are PDF points from the top-left of the page box, as pdfplumber gives them; the picture
is the page at ``scale`` pixels per point.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ingest.readers.blocks import GridRow
from ingest.readers.pdf import PdfPages
from ingest.readers.pdf_page import _PageText
from ingest.readers.pdf_ruled_tables import CellBox, _Table

Box = tuple[float, float, float, float]  # x0, top, x1, bottom in points


@dataclass
class TableGeometry:
    """One ruled table of the page as the reader built it."""

    index: int  # its place among the page's items (0 = the first thing on the page)
    box: Box
    xs: list[float]  # column boundaries
    ys: list[float]  # row (band) boundaries
    rulings: list[Box]  # each ruling as a thin box
    cells: list[CellBox]
    rows: list[GridRow]  # the grid rows it gave, in order
    row_bands: list[int]  # the band each of ``rows`` was read from
    caption: list[Box]  # caption lines claimed above the table
    title: str | None  # a title printed inside the box
    title_band: int | None

    def band_of(self, row: GridRow) -> int | None:
        """The band a grid row of this table was read from (None for a caption row)."""
        for grid_row, band in zip(self.rows, self.row_bands, strict=True):
            if grid_row is row:
                return band
        return None

    def band_of_line(self, line: int | None) -> int | None:
        """The band of the grid row with this line number on the page (continuation rows are copies)."""
        for grid_row, band in zip(self.rows, self.row_bands, strict=True):
            if grid_row.line == line:
                return band
        return None


@dataclass
class PageGeometry:
    page: int
    box: Box  # the page box in points
    tables: list[TableGeometry] = field(default_factory=list)
    lines: list[tuple[Box, str]] = field(default_factory=list)  # text lines outside every table

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def page_geometry(read: PdfPages, page: int) -> PageGeometry:
    """The geometry the reader built for page ``page`` (1-based) of a PDF read by ``read_pages``."""
    if not 1 <= page <= len(read.pages):
        raise ValueError(f"{read.name} has {len(read.pages)} pages, not a page {page}")
    blocks = read.pages[page - 1]
    geometry = PageGeometry(page, blocks.box)
    for index, (_, item) in enumerate(blocks.items):
        if isinstance(item, _PageText):
            geometry.lines.append(((item.x0, item.top, item.x1, item.bottom), item.text))
        elif isinstance(item, _Table):
            geometry.tables.append(_table_geometry(index, item))
    return geometry


def _table_geometry(index: int, table: _Table) -> TableGeometry:
    horizontal, vertical = table.rulings
    rulings = [(s.lo, s.at, s.hi, s.at) for s in horizontal] + [(s.at, s.lo, s.at, s.hi) for s in vertical]
    caption = [(ln.x0, ln.span_top, ln.x1, ln.span_bottom) for ln in table.caption]
    return TableGeometry(index, (table.left, table.top, table.right, table.bottom), list(table.xs),
                         list(table.ys), rulings, list(table.cells), list(table.rows), list(table.row_bands),
                         caption, table.title, table.title_band)


# --- the picture ------------------------------------------------------------------------------

Color = tuple[int, int, int]


@dataclass
class Shape:
    """Something to draw, in page points: a rectangle (``fill`` with alpha 0–255, ``outline``), a
    line (``line=True``: from (x0, top) to (x1, bottom)), with an optional label at its top-left
    (``label_above``: just above the box instead of inside it)."""

    box: Box
    outline: Color | None = None
    fill: tuple[int, int, int, int] | None = None
    width: int = 1
    line: bool = False
    label: str | None = None
    label_color: Color = (0, 0, 0)
    label_above: bool = False


# fonts with Chinese glyphs, where a system has one; else labels fall back to Pillow's own font,
# which prints Latin only (the kinds, columns and units are written in Latin too)
_CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def _font(size: int):
    from PIL import ImageFont

    for path in _CJK_FONTS:
        if Path(path).is_file():
            return ImageFont.truetype(path, size), True
    return ImageFont.load_default(size), False


def has_cjk_font() -> bool:
    return any(Path(p).is_file() for p in _CJK_FONTS)


def render_size(path: Path, page: int, scale: float) -> tuple[int, int]:
    """The pixel size of page ``page`` rendered at ``scale`` (what ``render`` draws on)."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        width, height = pdf[page - 1].get_size()
    finally:
        pdf.close()
    return round(width * scale), round(height * scale)


def render(path: Path, geometry: PageGeometry, shapes: Sequence[Shape], scale: float = 2.0):
    """The page rendered by pdfium at ``scale`` with ``shapes`` drawn over it: a Pillow RGB image."""
    import pypdfium2
    from PIL import Image, ImageDraw

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        pdf_page = pdf[geometry.page - 1]
        image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        pdf_page.close()
    finally:
        pdf.close()
    sx = image.width / geometry.width if geometry.width else scale
    sy = image.height / geometry.height if geometry.height else scale
    x0, top = geometry.box[0], geometry.box[1]

    def px(box: Box) -> tuple[float, float, float, float]:
        return ((box[0] - x0) * sx, (box[1] - top) * sy, (box[2] - x0) * sx, (box[3] - top) * sy)

    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    font, _ = _font(max(12, round(7 * scale)))
    for shape in shapes:
        a, b, c, d = px(shape.box)
        if shape.line:
            draw.line((a, b, c, d), fill=shape.outline or (0, 0, 255), width=shape.width)
        else:
            draw.rectangle((a, b, max(a, c), max(b, d)), fill=shape.fill, outline=shape.outline, width=shape.width)
    for shape in shapes:  # labels last, over every box
        if not shape.label:
            continue
        a, b, _, _ = px(shape.box)
        left, upper, right, lower = draw.textbbox((0, 0), shape.label, font=font)
        height = lower - upper + 4
        at = (a, b - height - 1) if shape.label_above else (a + 2, b + 2)
        draw.rectangle((at[0], at[1], at[0] + right - left + 4, at[1] + height), fill=(255, 255, 255, 215))
        draw.text((at[0] + 2 - left, at[1] + 2 - upper), shape.label, font=font, fill=shape.label_color + (255,))
    return Image.alpha_composite(image, overlay).convert("RGB")
