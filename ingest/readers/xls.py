"""Reader for Excel 97-2003 workbooks (.xls, BIFF8 inside an OLE compound file) → blocks.

The bytes are parsed by xlrd (2.x, the maintained .xls reader): the OLE container, the shared
strings, the cell records, formats and merged ranges. A binary format that strangers send us is no
place for a parser of our own. What this module adds is what a disclosure workbook needs from it:
the visible worksheets, every non-empty cell as the workbook prints it (the number format of the
cell's XF decides decimals, separators and percent, through ingest/readers/spreadsheet.py, as for
.xlsx), and the merged ranges. Formulas are read as their cached results; charts, macro sheets and
hidden sheets are skipped.

Not supported (raises UnreadableFile naming the file and why): workbooks older than Excel 97 (BIFF5
and earlier), encrypted workbooks, and damaged or truncated files.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import xlrd
from xlrd.compdoc import CompDoc, CompDocError

from ingest.errors import UnreadableFile
from ingest.readers.blocks import SourceBlocks
from ingest.readers.sniff import require
from ingest.readers.spreadsheet import Sheet, blocks_from_sheets, format_number

FORMAT = "xls"
_FREE_SECTOR = -1  # an unused entry of the OLE allocation table, as xlrd reads it (signed)

# The built-in number formats a cell may use without a FORMAT record. Only these print as numbers;
# any other built-in index (dates, times, fractions, accounting) prints as General, as it always has.
BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 5: "#,##0;-#,##0", 6: "#,##0;-#,##0",
    7: "#,##0.00;-#,##0.00", 8: "#,##0.00;-#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    37: "#,##0;(#,##0)", 38: "#,##0;(#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;(#,##0.00)",
    48: "##0.0E+0", 49: "@",
}


class XlsError(ValueError):
    """The bytes are not a BIFF8 workbook this reader can read (the message says why)."""


def _open(data: bytes) -> tuple[xlrd.book.Book, list[xlrd.sheet.Sheet]]:
    """The workbook and its worksheets, or XlsError with a reason a person can act on (never a raw
    library message)."""
    log = io.StringIO()  # xlrd writes its warnings to a file (stdout by default: the CLI prints JSON there)
    try:
        # formatting_info: the XF of each cell (its number format) and the merged ranges;
        # ragged_rows: a row is as long as its last cell, not padded to the sheet's widest row;
        # ignore_workbook_corruption: a sector listed twice (some exporters write such files, Excel
        # opens them) is read, not refused, as before; the stream's size still bounds the chain;
        # on_demand: the sheets are loaded below, after the stream's length is checked
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, ragged_rows=True, on_demand=True,
                                  logfile=log, verbosity=0, ignore_workbook_corruption=True)
    except Exception as exc:  # whatever fails inside the parser, the file is what is wrong
        raise XlsError(_reason(exc, data)) from exc
    try:
        # xlrd reads what is there: a Workbook stream shorter than its directory entry says is a
        # download cut short, refused rather than half read
        missing = book.base + book.stream_len - len(book.mem or b"")
        if missing > 0:
            raise XlsError(f"truncated: {_truncated(data) or f'{len(data)} bytes'}; its Workbook stream ends "
                           f"{missing} bytes early")
        if book.biff_version < 80:
            raise XlsError(f"BIFF version {book.biff_version / 10:.1f} (Excel 95 or older): only Excel 97-2003 "
                           "(BIFF8) workbooks are read")
        try:
            sheets = book.sheets()
        except Exception as exc:  # as above
            raise XlsError(_reason(exc, data)) from exc
    finally:
        book.release_resources()
    return book, sheets


def _reason(exc: Exception, data: bytes) -> str:
    """Why xlrd could not read ``data``, said about the file (the library's own words only as a detail)."""
    message = str(exc)
    if isinstance(exc, xlrd.XLRDError):
        if "encrypted" in message.lower():
            return "the workbook is encrypted (password-protected)"
        if message.startswith("Can't find workbook"):
            return "the OLE container holds no Workbook stream (a Word or other Office 97-2003 file, not Excel)"
        if message.startswith("BIFF version"):
            return f"{message} (only Excel 97-2003 workbooks are read)"
    if isinstance(exc, CompDocError) and message.startswith('Expected "little-endian" marker'):
        return "damaged OLE header (no byte-order mark after the signature): not an Office 97-2003 file"
    truncated = _truncated(data)
    if truncated:
        return f"truncated: {truncated}, and its records cannot be read"
    if isinstance(exc, IndexError) and _raised_in(exc, "xlrd.compdoc"):  # a sector id past the file's end
        return (f"truncated or damaged: {len(data)} bytes end before a sector its directory or allocation "
                "table points to")
    if isinstance(exc, CompDocError):
        return f"damaged OLE container: its sector tables point outside the file or loop (xlrd: {message})"
    if isinstance(exc, xlrd.XLRDError) and message.startswith("Unsupported format, or corrupt file"):
        return "damaged Workbook stream: it does not start with a BOF record"
    kind = type(exc).__name__ if type(exc).__module__ == "builtins" else f"{type(exc).__module__}.{type(exc).__name__}"
    return f"damaged workbook: a record ends early or holds impossible values (xlrd failed with {kind})"


def _raised_in(exc: Exception, module: str) -> bool:
    """Whether ``exc`` was raised by code of ``module`` (its innermost frame)."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_globals.get("__name__") == module


def _truncated(data: bytes) -> str:
    """What is missing when the file was cut short, else ``""``: a size that is not whole 512-byte
    sectors, or a file that ends before the last sector its allocation table (as xlrd reads it) uses
    (a download cut at a sector boundary)."""
    if len(data) < 1024 or len(data) % 512:
        return f"{len(data)} bytes is not a whole number of 512-byte sectors"
    try:
        container = CompDoc(data, logfile=io.StringIO(), ignore_workbook_corruption=True)
    except Exception:  # the container's own tables are damaged: nothing to tell from them
        return ""
    used = [index for index, next_sector in enumerate(container.SAT) if next_sector != _FREE_SECTOR]
    if used and used[-1] >= container.mem_data_secs:
        return (f"{len(data)} bytes end at sector {container.mem_data_secs}, but its allocation table uses "
                f"sectors up to {used[-1]}")
    return ""


def _sheet(book: xlrd.book.Book, sheet: xlrd.sheet.Sheet, formats: dict[int, str]) -> Sheet:
    out = Sheet(name=sheet.name)

    def number_format(xf: int) -> str:
        index = book.xf_list[xf].format_key if 0 <= xf < len(book.xf_list) else 0
        return formats.get(index) or BUILTIN_FORMATS.get(index, "General")

    for row in range(sheet.nrows):
        for col, cell in enumerate(sheet.row(row)):
            if cell.ctype in (xlrd.XL_CELL_NUMBER, xlrd.XL_CELL_DATE):
                text = format_number(cell.value, number_format(cell.xf_index))
            elif cell.ctype == xlrd.XL_CELL_TEXT:
                text = cell.value
            elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                text = "TRUE" if cell.value else "FALSE"
            else:
                continue  # empty, blank (formatting only) and error cells print nothing
            if text.strip():
                out.cells[(row + 1, col + 1)] = text
    # xlrd: (first row, row after the last, first column, column after the last), 0-based
    out.merges.extend((r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in sheet.merged_cells)
    return out


def read_workbook(data: bytes) -> list[Sheet]:
    """The visible worksheets of a BIFF8 workbook (cells as displayed, merged ranges)."""
    book, sheets = _open(data)
    formats = {f.format_key: f.format_str for f in book.format_list}  # the workbook's FORMAT records
    return [_sheet(book, sheet, formats) for sheet in sheets if sheet.visibility == 0]


def read_xls(path: Path) -> SourceBlocks:
    """Read an .xls workbook from disk into blocks; raise UnreadableFile when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    require(path, data, "ole", "an Excel 97-2003 .xls workbook")
    try:
        sheets = read_workbook(data)
    except XlsError as exc:
        raise UnreadableFile(path, f"not a readable .xls workbook: {exc}") from exc
    return SourceBlocks(name=path.name, format=FORMAT, sha256=hashlib.sha256(data).hexdigest(),
                        blocks=blocks_from_sheets(sheets))
