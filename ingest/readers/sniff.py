"""What a file really is, from its first bytes: so a reader can refuse a file its suffix lies about.

Portals publish ``.xls`` files that are HTML, ``.docx`` files that are PDFs, and downloads that
stopped half-way. Each reader checks the bytes before parsing and raises ``UnreadableFile`` naming
the file and what it actually holds, rather than failing deep inside a library with a message about
ZIP central directories.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ingest.errors import UnreadableFile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

DESCRIPTIONS = {
    "pdf": "a PDF document",
    "docx": "a Word .docx document",
    "xlsx": "an Excel .xlsx workbook",
    "zip": "a ZIP archive of something else",
    "broken_zip": "a truncated or damaged ZIP package (its table of contents is missing)",
    "ole": "an OLE compound file (.xls / .doc of Office 97-2003)",
    "html": "an HTML page",
    "text": "plain text",
    "binary": "binary data",
    "empty": "an empty file",
}


def sniff(data: bytes, path: Path | None = None) -> str:
    """pdf | docx | xlsx | zip | broken_zip | ole | html | text | binary | empty, from the content alone
    (``path`` lets a ZIP package be opened to tell a Word document from a workbook)."""
    head = data[:2048]
    if not data:
        return "empty"
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if head.startswith(OLE_MAGIC):
        return "ole"
    if head.startswith(ZIP_MAGIC):
        if path is not None:
            try:
                with zipfile.ZipFile(path) as archive:
                    names = set(archive.namelist())
            except (zipfile.BadZipFile, OSError):
                return "broken_zip"
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
        return "zip"
    lowered = head.lower()
    if b"\x00" in head:
        return "binary"
    if any(tag in lowered for tag in (b"<html", b"<!doctype html", b"<body", b"<p>", b"<div", b"<%@ page")):
        return "html"
    return "text"


def require(path: Path, data: bytes, expected: str, label: str) -> None:
    """Raise UnreadableFile unless ``data`` sniffs as ``expected`` (``label`` names the suffix's format)."""
    found = sniff(data, path)
    if found == expected:
        return
    if found == "empty":
        raise UnreadableFile(path, f"empty file, not {label}")
    if found == "broken_zip" and expected in ("docx", "xlsx"):
        raise UnreadableFile(path, f"cannot be read as {label}: truncated or damaged (its ZIP table of contents is "
                                   "missing)")
    raise UnreadableFile(path, f"not {label}: the content is {DESCRIPTIONS.get(found, found)}")
