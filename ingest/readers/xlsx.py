"""Reader for Excel workbooks (.xlsx) → blocks: one sheet after another, each laid out by
ingest/readers/spreadsheet.py (title rows → TextLines, the table → a Grid, merged cells unshifted).

openpyxl reads the cells in read-only mode (fast, little memory on 3,000-row template sheets); its
read-only worksheets do not expose merged ranges, so those come from each sheet's XML
(``<mergeCells>``), streamed. Cached formula results are read, never formulas. Hidden sheets are
skipped: they are not part of what was published.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

from ingest.errors import UnreadableFile
from ingest.readers.blocks import SourceBlocks
from ingest.readers.limits import count_rows
from ingest.readers.metadata import ooxml_properties
from ingest.readers.sniff import require
from ingest.readers.spreadsheet import MergedRange, Sheet, blocks_from_sheets, cell_text, parse_range
from ingest.settings import read_limits

FORMAT = "xlsx"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


def _merges(archive: zipfile.ZipFile, member: str) -> list[MergedRange]:
    from lxml import etree

    try:
        handle = archive.open(member)
    except KeyError:
        return []
    merges: list[MergedRange] = []
    with handle:
        for _, element in etree.iterparse(handle, events=("end",), tag=f"{_MAIN_NS}mergeCell"):
            if (found := parse_range(element.get("ref", ""))) is not None:
                merges.append(found)
            element.clear()
    return merges


def read_sheets(path: Path) -> list[Sheet]:
    """The visible worksheets of a workbook, cells as displayed; UnreadableFile when it is no workbook."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise UnreadableFile(path, f"not a readable XLSX workbook ({type(exc).__name__}: {exc})") from exc
    sheets: list[Sheet] = []
    limits, cells_seen = read_limits(), 0
    try:
        with zipfile.ZipFile(path) as archive:
            for worksheet in workbook.worksheets:
                if getattr(worksheet, "sheet_state", "visible") != "visible":
                    continue
                sheet = Sheet(name=worksheet.title)
                for number, row in enumerate(worksheet.iter_rows(), start=1):
                    cells_seen += len(row)
                    count_rows(path, worksheet.title, number, cells_seen, limits)
                    for cell in row:
                        value = getattr(cell, "value", None)
                        if value is None:
                            continue
                        text = cell_text(value, getattr(cell, "number_format", "General"))
                        if text.strip():
                            sheet.cells[(cell.row, cell.column)] = text
                member = getattr(worksheet, "_worksheet_path", None)
                if member:
                    sheet.merges = _merges(archive, member)
                sheets.append(sheet)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError) as exc:
        raise UnreadableFile(path, f"damaged XLSX workbook ({type(exc).__name__}: {exc})") from exc
    except Exception as exc:  # lxml / openpyxl parse errors inside a damaged package
        if type(exc).__module__.startswith(("lxml", "openpyxl", "xml")):
            raise UnreadableFile(path, f"damaged XLSX workbook ({type(exc).__name__}: {exc})") from exc
        raise
    finally:
        workbook.close()
    return sheets


def read_xlsx(path: Path) -> SourceBlocks:
    """Read a workbook from disk into blocks; raise UnreadableFile when it cannot be read."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    require(path, data, "xlsx", "an Excel .xlsx workbook")
    sheets = read_sheets(path)
    title, subject = ooxml_properties(path)
    return SourceBlocks(name=path.name, format=FORMAT, sha256=hashlib.sha256(data).hexdigest(),
                        blocks=blocks_from_sheets(sheets), title=title, subject=subject)
