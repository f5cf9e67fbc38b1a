"""Cheap checks before a file is read: its size, its ZIP directory, its sheets' dimensions, its page count.

Why before: a million-row sheet, a DOCX whose 500 KB expand to 95 MB of XML or a 3,000-page PDF cost
minutes and gigabytes to read and seconds to recognise. These checks read what the file declares —
the ZIP directory's uncompressed sizes, a sheet's ``<dimension>``, the PDF page tree's ``/Count`` —
and refuse the file naming the limit it exceeds and its variable (ingest/settings.py READ_LIMITS).
What a file declares can lie; the reading itself is bounded too (rows and cells while a workbook is
read, memory and time by the child process of ingest/readers/bounded.py).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

from ingest.errors import UnreadableFile
from ingest.settings import read_limits

MB = 1 << 20
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([^\"]+)\"")
_SHEET_HEAD = 1 << 16  # the <dimension> element comes before <sheetData>


def over(name: str, limits: dict[str, int]) -> str:
    """``the limit of 200000 rows (BUDGETWH_READ_MAX_ROWS)``: a limit as a message names it."""
    from ingest.settings import READ_LIMITS

    unit = next(limit.unit for limit in READ_LIMITS if limit.name == name)
    return f"the limit of {limits[name]:,} {unit} ({name})"


def check(path: Path, limits: dict[str, int] | None = None) -> None:
    """Raise UnreadableFile when what ``path`` declares exceeds a read limit; else return (the reader
    then finds what else is wrong with it)."""
    limits = limits or read_limits()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    if size > limits["BUDGETWH_READ_MAX_FILE_MB"] * MB:
        raise UnreadableFile(path, f"the file is {size / MB:,.0f} MB, over {over('BUDGETWH_READ_MAX_FILE_MB', limits)}")
    if head.startswith(b"PK\x03\x04"):
        _check_zip(path, limits)
    elif head.lstrip()[:5] == b"%PDF-":
        _check_pdf(path, limits)


def _check_zip(path: Path, limits: dict[str, int]) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if len(members) > limits["BUDGETWH_READ_MAX_ZIP_MEMBERS"]:
                raise UnreadableFile(path, f"its ZIP package holds {len(members):,} members, over "
                                           f"{over('BUDGETWH_READ_MAX_ZIP_MEMBERS', limits)}")
            total = sum(m.file_size for m in members)
            if total > limits["BUDGETWH_READ_MAX_UNZIPPED_MB"] * MB:
                largest = max(members, key=lambda m: m.file_size)
                raise UnreadableFile(path, f"its ZIP members expand to {total / MB:,.0f} MB ({largest.filename}: "
                                           f"{largest.file_size / MB:,.0f} MB), over "
                                           f"{over('BUDGETWH_READ_MAX_UNZIPPED_MB', limits)}")
            _check_sheets(path, archive, limits)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
        return  # damaged or encrypted: the reader names what is wrong


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet member → its name in the workbook (``xl/worksheets/sheet3.xml`` → ``Sheet3``)."""
    import xml.etree.ElementTree as ET

    try:
        book = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ET.ParseError):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    names = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet"):
            rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            names[member] = sheet.get("name", member)
    return names


def _check_sheets(path: Path, archive: zipfile.ZipFile, limits: dict[str, int]) -> None:
    from ingest.readers.spreadsheet import parse_range

    members = sorted((n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)),
                     key=lambda n: (len(n), n))
    if not members:
        return
    names = _sheet_names(archive)
    cells = 0
    for number, member in enumerate(members, start=1):
        with archive.open(member) as handle:
            found = _DIMENSION.search(handle.read(_SHEET_HEAD))
        span = parse_range(found.group(1).decode("ascii", "replace")) if found else None
        label = f"sheet {number} ({names.get(member, member)!r})"
        if span is not None and span[2] > limits["BUDGETWH_READ_MAX_ROWS"]:
            raise UnreadableFile(path, f"{label} has {span[2]:,} rows (its dimension {found.group(1).decode()}), "
                                       f"more than {over('BUDGETWH_READ_MAX_ROWS', limits)}")
        cells = _count_cells(path, archive, member, label, cells, limits)  # a dimension can be missing or lie


_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")


def _count_cells(path: Path, archive: zipfile.ZipFile, member: str, label: str, cells: int,
                 limits: dict[str, int]) -> int:
    """Count a sheet's ``<row>`` and ``<c>`` elements in its XML, streamed (a sheet with no or a lying
    ``<dimension>``): far faster than reading it. Returns the workbook's cells so far."""
    rows, tail = 0, b""
    with archive.open(member) as handle:
        while block := handle.read(1 << 20):
            text = tail + block
            cut = max(0, len(text) - 16)  # a tag cut by the block's end is counted with the next block
            rows += len(_ROW.findall(text, 0, cut))
            cells += len(_CELL.findall(text, 0, cut))
            tail = text[cut:]
            if rows > limits["BUDGETWH_READ_MAX_ROWS"]:
                raise UnreadableFile(path, f"{label} has more than {over('BUDGETWH_READ_MAX_ROWS', limits)}")
            if cells > limits["BUDGETWH_READ_MAX_CELLS"]:
                raise UnreadableFile(path, f"its sheets hold more than {over('BUDGETWH_READ_MAX_CELLS', limits)} "
                                           f"(counted up to {label})")
    return cells + len(_CELL.findall(tail))


def _check_pdf(path: Path, limits: dict[str, int]) -> None:
    """The page count from the page tree's /Count: no page is parsed."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1

        with path.open("rb") as handle:
            document = PDFDocument(PDFParser(handle))
            pages = int(resolve1(resolve1(document.catalog["Pages"])["Count"]))
    except Exception:  # noqa: BLE001 - no readable page tree: the reader names what is wrong
        return
    if pages > limits["BUDGETWH_READ_MAX_PAGES"]:
        raise UnreadableFile(path, f"it has {pages:,} pages, more than {over('BUDGETWH_READ_MAX_PAGES', limits)}")


def count_rows(path: Path, sheet: str, row: int, cells: int, limits: dict[str, int]) -> None:
    """While a workbook is read (its ``<dimension>`` may be missing or lie): refuse it once a sheet
    passes the row limit or the workbook the cell limit."""
    if row > limits["BUDGETWH_READ_MAX_ROWS"]:
        raise UnreadableFile(path, f"sheet {sheet!r} has more than {over('BUDGETWH_READ_MAX_ROWS', limits)}")
    if cells > limits["BUDGETWH_READ_MAX_CELLS"]:
        raise UnreadableFile(path, f"its sheets hold more than {over('BUDGETWH_READ_MAX_CELLS', limits)}")
