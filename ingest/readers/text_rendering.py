"""Reader for the text rendering of a DOCX disclosure (the seed's format) → blocks.

The rendering prints every table cell on a line of its own, indented by one tab, with a blank line
between table rows; a long cell may wrap onto the next line *without* a tab; every untabbed line
outside a table is a title or a narrative paragraph. This module only undoes that layout: it knows
nothing about budgets (see ingest/readers/blocks.py for why).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.readers.blocks import Block, Grid, GridRow, SourceBlocks, TextLine

FORMAT = "text"
_ENCODINGS = ("utf-8-sig", "gb18030")
# a wrapped continuation that starts a new numbered item or follows a finished sentence is a new
# paragraph inside the cell, not the rest of a word: keep the break there
_SENTENCE_END = re.compile(r"[。；;：:！!？?]$")
_ITEM_START = re.compile(r"^(\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)")


def decode(data: bytes, name: str = "<bytes>") -> str:
    """Bytes → text. UTF-8 first, then GB18030 (older portals); anything else is not a text rendering."""
    if b"\x00" in data:
        raise UnreadableFile(name, "binary content (NUL bytes) in a text rendering")
    for encoding in _ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(name, "cannot decode as UTF-8 or GB18030")


def join_wrapped(first: str, rest: str) -> str:
    """Join a cell with the line it wrapped onto.

    A DOCX cell wraps mid-phrase (``对高校毕业生到基层任职补`` / ``助``), so the parts join without a
    space; where the continuation begins a new sentence or numbered item, keep a line break.
    """
    if _SENTENCE_END.search(first) or _ITEM_START.match(rest):
        return f"{first}\n{rest}"
    return f"{first}{rest}"


def blocks_from_text(text: str) -> list[Block]:
    """Split a text rendering into TextLine and Grid blocks, in document order, with line numbers."""
    blocks: list[Block] = []
    grid_rows: list[GridRow] = []
    cells: list[str] = []
    row_line: int | None = None
    previous = "blank"  # what the previous line was: cell | blank | text

    def end_row() -> None:
        nonlocal cells, row_line
        if cells:
            grid_rows.append(GridRow(tuple(cells), line=row_line))
        cells, row_line = [], None

    def end_grid() -> None:
        nonlocal grid_rows
        end_row()
        if grid_rows:
            blocks.append(Grid(tuple(grid_rows), line=grid_rows[0].line))
        grid_rows = []

    for number, raw in enumerate(text.splitlines(), start=1):
        if raw.startswith("\t"):
            if not cells:
                row_line = number
            cells.append(raw[1:].strip())
            previous = "cell"
        elif not raw.strip():
            end_row()
            previous = "blank"
        elif previous == "cell" and cells and cells[-1]:
            cells[-1] = join_wrapped(cells[-1], raw.strip())
        else:
            end_grid()
            blocks.append(TextLine(raw.strip(), line=number))
            previous = "text"
    end_grid()
    return blocks


def read_text_rendering(path: Path) -> SourceBlocks:
    """Read a text rendering from disk; raise UnreadableFile when it cannot be read or decoded."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    text = decode(data, str(path))
    return SourceBlocks(
        name=path.name,
        format=FORMAT,
        sha256=hashlib.sha256(data).hexdigest(),
        blocks=blocks_from_text(text),
    )
