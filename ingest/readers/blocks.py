"""The format-neutral intermediate every reader emits: text lines and grids, with where they were printed.

Why a layer of its own: the budget logic (which table is which, what a column means, which figure is
which) must not care whether a grid came from a DOCX rendering, a PDF page or a spreadsheet. Each
reader turns its format into these blocks; everything after that reads only blocks. Nothing here
knows about budgets.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextLine:
    """A line of running text outside any grid: a title, a heading or a narrative paragraph."""

    text: str
    line: int | None = None  # 1-based source line (text renderings); None where the format has none
    page: int | None = None


@dataclass(frozen=True)
class GridRow:
    """One physical row of a grid: its cells as printed (wrapped cells already joined)."""

    cells: tuple[str, ...]
    line: int | None = None  # source line of the row's first cell
    page: int | None = None
    # where each cell was printed, for messages ("sheet 支出总表, row 12, cell D12"; "table 3, row 5,
    # cell 4"); None where the format has nothing finer than the row's line
    refs: tuple[str, ...] | None = None
    # positional rows (PDF): one cell per column, and how many columns each cell covers (a merged
    # header cell prints its text in its first column: span 3 there, 0 in the two it covers);
    # None where the format prints a merged cell once (the text rendering)
    spans: tuple[int, ...] | None = None

    def where(self, index: int) -> str | None:
        """Where cell ``index`` was printed, when the reader knows (spreadsheets, Word tables)."""
        if self.refs is None or not 0 <= index < len(self.refs):
            return None
        return self.refs[index] or None

    @property
    def text(self) -> str:
        """The row as printed, cells joined by `` | `` (kept beside every parsed row as provenance)."""
        return " | ".join(c.strip() for c in self.cells)

    def is_blank(self) -> bool:
        return all(not c.strip() for c in self.cells)


@dataclass(frozen=True)
class Grid:
    """A table as printed: rows of cell strings, in order. Rows may differ in width (merged headers)."""

    rows: tuple[GridRow, ...]
    line: int | None = None
    page: int | None = None

    @property
    def width(self) -> int:
        return max((len(r.cells) for r in self.rows), default=0)


@dataclass(frozen=True)
class Image:
    """A picture printed where the document has content (a table published as an image, a scan).

    Never read: readers only report that it is there, so that the document can say its tables are
    images instead of guessing them (disclosure-formats.md: "say so, don't guess").
    """

    name: str  # file name or source of the picture (e.g. 93721520404823043.gif)
    width: int | None = None
    height: int | None = None
    line: int | None = None
    page: int | None = None


Block = TextLine | Grid | Image


@dataclass
class SourceBlocks:
    """What one reader produced from one file: its blocks plus the facts about the file itself."""

    name: str
    format: str  # text | pdf | docx | xlsx | xls | html | doc | wps | et (the file as published)
    sha256: str
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    # the file's own Title and Subject (PDF Info, OOXML core properties), where the format has them:
    # the weakest evidence of identity (ingest/reading/evidence.py), often stale
    title: str | None = None
    subject: str | None = None
