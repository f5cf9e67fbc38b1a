"""Hostile files, written by code (no committed blobs), each in a second or two: a workbook of a million
rows, a DOCX whose XML expands a hundredfold, a PDF of 3,000 pages, a workbook with an absurd amount.

Each is written the cheap way — XML streamed into a ZIP member, a PDF object by object — never through
openpyxl or python-docx cell by cell, which would take minutes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

_CONTENT_TYPES_XLSX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _cell(ref: str, value: str) -> str:
    if value.replace(".", "", 1).isdigit():
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def write_xlsx(path: Path, rows, *, dimension: str | None = None, sheet: str = "Sheet1") -> Path:
    """A one-sheet workbook from ``rows`` (an iterable of lists of cell texts), its sheet XML streamed
    into the package: a million rows in a few seconds. ``dimension``: the sheet's declared ``<dimension>``."""
    from ingest.readers.spreadsheet import column_letter

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES_XLSX)
        package.writestr("_rels/.rels", _ROOT_RELS)
        package.writestr("xl/workbook.xml", _WORKBOOK.format(name=sheet))
        package.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with package.open("xl/worksheets/sheet1.xml", "w") as member:
            member.write(_SHEET_HEAD.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "").encode())
            chunk: list[str] = []
            for number, cells in enumerate(rows, start=1):
                chunk.append(f'<row r="{number}">' + "".join(
                    _cell(f"{column_letter(c)}{number}", text) for c, text in enumerate(cells, start=1) if text
                ) + "</row>")
                if len(chunk) == 20_000:
                    member.write("".join(chunk).encode())
                    chunk = []
            member.write(("".join(chunk) + _SHEET_TAIL).encode())
    return path


def million_row_xlsx(path: Path, *, declared: bool = True, rows: int = 1_000_000) -> Path:
    """A workbook of one column and a million rows; ``declared``: its sheet states its dimension."""
    return write_xlsx(path, ([str(n)] for n in range(1, rows + 1)), dimension=f"A1:A{rows}" if declared else None)


def docx_bomb(path: Path, megabytes: int = 120) -> Path:
    """A DOCX of well under a megabyte whose word/document.xml expands to ``megabytes`` MB of XML."""
    head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
            'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
    paragraph = "<w:p><w:r><w:t>预算</w:t></w:r></w:p>" * 4096
    block = paragraph.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as package:
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>'))
        package.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'))
        with package.open("word/document.xml", "w") as member:
            member.write(head.encode())
            for _ in range(megabytes * (1 << 20) // len(block) + 1):
                member.write(block)
            member.write(b"</w:body></w:document>")
    return path


def many_page_pdf(path: Path, pages: int = 3000) -> Path:
    """A PDF of ``pages`` empty pages, written object by object with a correct cross-reference table."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + b" ".join(f"{n} 0 R".encode() for n in range(3, pages + 3))
               + f"] /Count {pages} >>".encode()]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"] * pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path
