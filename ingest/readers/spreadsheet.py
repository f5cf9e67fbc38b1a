"""What the spreadsheet readers (.xlsx, .xls) share: cells as printed, and a sheet's rows → blocks.

Why a module: both workbook formats store the same things — numbers with a display format, strings,
merged ranges — and a disclosure workbook lays out the same way whatever the file format: one sheet
per table, its title in the first rows (usually one cell merged across the table), then the grid,
sometimes a note below; narrative sheets hold one big merged cell of text. These rules turn that
layout into the format-neutral blocks of ingest/readers/blocks.py. Nothing here knows about budgets.

Numbers are printed as the workbook displays them (the cell's number format decides the decimals,
thousands separators and percent), never as the binary float: the warehouse keeps the published
text, and ``1018.24`` stored as 1018.2399999999999 must read as ``1018.24``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from ingest.readers.blocks import Block, Grid, GridRow, TextLine

# (min_row, min_col, max_row, max_col), 1-based and inclusive like Excel's A1:C3
MergedRange = tuple[int, int, int, int]


@dataclass
class Sheet:
    """One worksheet as read: its non-empty cells as printed, and its merged ranges."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) 1-based → text
    merges: list[MergedRange] = field(default_factory=list)


def column_letter(column: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while column > 0:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def parse_range(ref: str) -> MergedRange | None:
    """``B2:D3`` → (2, 2, 3, 4); ``A1`` → (1, 1, 1, 1)."""
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?", ref.strip().upper())
    if m is None:
        return None

    def col(letters: str) -> int:
        n = 0
        for ch in letters:
            n = n * 26 + ord(ch) - 64
        return n

    r1, c1 = int(m.group(2)), col(m.group(1))
    r2, c2 = (int(m.group(4)), col(m.group(3))) if m.group(3) else (r1, c1)
    return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)


# --- numbers as displayed ---------------------------------------------------------------------

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DATE_CODES = re.compile(r"[ymdhs]", re.IGNORECASE)


def _section(number_format: str, negative: bool) -> str:
    sections = number_format.split(";")
    if negative and len(sections) > 1:
        return sections[1]
    return sections[0]


def _general(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." in text or "E" not in text else format(value, "f")


def format_number(value: float | int | Decimal, number_format: str | None = "General") -> str:
    """A numeric cell as the workbook displays it (decimals, separators and percent of its format).

    ``General`` (and formats without digit placeholders) print the shortest exact decimal, at most
    15 significant digits, as Excel does: 1018.24 stays 1018.24, 205.0 prints 205.
    """
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    try:
        number = value if isinstance(value, Decimal) else Decimal(f"{value:.15g}")
    except (InvalidOperation, ValueError):
        return str(value)
    if not number.is_finite():
        return str(value)  # no workbook stores these; a damaged one may: print them rather than fail
    fmt = (number_format or "General").strip()
    negative = number < 0
    section = _QUOTED.sub("", _section(fmt, negative))
    if fmt.lower() in ("general", "@", "") or not re.search(r"[0#?]", section) or _DATE_CODES.search(section):
        text = _general(number)
        return "0" if text in ("-0", "0.0") else text
    percent = "%" in section
    if percent:
        number *= 100
    integer, _, fraction = section.partition(".")
    decimals = len(re.findall(r"[0#?]", fraction.split("E")[0].split("e")[0]))
    grouping = "," in integer
    quantum = Decimal(1).scaleb(-decimals)
    with localcontext() as exact:  # enough digits for any magnitude (the default 28 refuse 1E+28 at 0.00)
        exact.prec = max(exact.prec, number.adjusted() + decimals + 2)
        rounded = number.quantize(quantum, rounding=ROUND_HALF_UP)
    if negative and len(fmt.split(";")) > 1:
        rounded = abs(rounded)  # the negative section prints its own sign or parentheses
        prefix = "-" if "-" in section else ""
        wrap = ("(", ")") if "(" in section else ("", "")
    else:
        prefix, wrap = "", ("", "")
    body = f"{rounded:,.{decimals}f}" if grouping else f"{rounded:.{decimals}f}"
    if body.startswith("-") and rounded == 0:
        body = body[1:]
    return f"{wrap[0]}{prefix}{body}{'%' if percent else ''}{wrap[1]}"


def cell_text(value: object, number_format: str | None = "General") -> str:
    """Any cell value → its printed text (numbers through :func:`format_number`)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return format_number(value, number_format)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


# --- sheet layout → blocks --------------------------------------------------------------------


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]


def blocks_from_sheet(sheet: Sheet) -> list[Block]:
    """A sheet's rows → TextLines and Grids, in row order.

    * a row with two or more non-empty cells is a grid row;
    * a row with one non-empty cell is a text line when it lies before the first or after the last
      grid row (a title, a unit line, a note), or when its cell is merged across the whole width of
      the grid (a caption between two tables); otherwise it is a grid row (a label with blank
      amounts); a cell holding several lines gives one text line each;
    * blank rows are skipped; a grid that no text line introduces takes the sheet's name as its
      title (a workbook whose sheet tab is the only title).

    Grid rows keep every column from the sheet's first used one, so merged cells — printed once, at
    their top-left cell — never shift a column; each cell remembers where it was (``refs``).
    """
    cells = {k: v for k, v in sheet.cells.items() if v.strip()}
    if not cells:
        return []
    anchors = {(r1, c1): (r2, c2) for r1, c1, r2, c2 in sheet.merges}
    rows: dict[int, dict[int, str]] = {}
    for (r, c), text in cells.items():
        rows.setdefault(r, {})[c] = text
    multi = [r for r, row in rows.items() if len(row) >= 2]
    first_multi, last_multi = (min(multi), max(multi)) if multi else (None, None)
    grid_cols = sorted({c for r in multi for c in rows[r]})
    min_col = min(c for _, c in cells) if not grid_cols else min(grid_cols)
    max_col = max(grid_cols) if grid_cols else min_col

    def is_text(r: int) -> bool:
        row = rows[r]
        if len(row) >= 2:
            return False
        if first_multi is None or r < first_multi or r > last_multi:
            return True
        (c, _), = row.items()
        end = anchors.get((r, c))
        return end is not None and c <= min_col and end[1] >= max_col and end[1] > c

    blocks: list[Block] = []
    grid_rows: list[GridRow] = []
    firsts: list[int] = []  # the first column of each grid row

    def end_grid() -> None:
        if grid_rows:
            if not blocks or not isinstance(blocks[-1], TextLine):
                blocks.append(TextLine(sheet.name.strip(), line=None))
            width = max(len(row.cells) for row in grid_rows)
            padded = tuple(_padded(row, width, first, sheet.name) for row, first in zip(grid_rows, firsts, strict=True))
            blocks.append(Grid(padded, line=grid_rows[0].line))
        grid_rows.clear()
        firsts.clear()

    for r in sorted(rows):
        row = rows[r]
        if is_text(r):
            end_grid()
            blocks.extend(TextLine(text, line=r) for text in _lines(next(iter(row.values()))))
            continue
        last = max(row)
        columns = range(min(min_col, min(row)), last + 1)
        texts = tuple(row.get(c, "").strip() for c in columns)
        grid_rows.append(GridRow(texts, line=r, refs=tuple(_ref(sheet.name, r, c) for c in columns)))
        firsts.append(columns.start)
    end_grid()
    return blocks


def _ref(sheet: str, row: int, column: int) -> str:
    return f"sheet {sheet.strip()}, row {row}, cell {column_letter(column)}{row}"


def _padded(row: GridRow, width: int, first: int, sheet: str) -> GridRow:
    """Every row of a grid as wide as the grid: trailing blank cells are printed cells too."""
    extra = width - len(row.cells)
    if extra <= 0:
        return row
    start = first + len(row.cells)
    refs = (row.refs or ()) + tuple(_ref(sheet, row.line or 0, c) for c in range(start, start + extra))
    return GridRow(row.cells + ("",) * extra, line=row.line, refs=refs)


def blocks_from_sheets(sheets: Iterable[Sheet]) -> list[Block]:
    """Every sheet's blocks, sheet after sheet (the workbook's tab order)."""
    blocks: list[Block] = []
    for sheet in sheets:
        blocks.extend(blocks_from_sheet(sheet))
    return blocks

