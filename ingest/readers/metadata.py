"""A file's own description of itself: the Title and Subject its format stores beside the content.

Why a module: identity (ingest/reading/identity.py, evidence.py) reads a document's department and
year from what is printed first, and from these properties last — they are often stale (a 2015
template's title on a 2017 budget) or unrelated (a PDF titled after the Word file it was printed
from) — but a tables half that prints no year may have nothing else. Portals write them in many
encodings: a PDF Info string may be UTF-16 with its FEFF mark, PDFDocEncoding, raw GBK bytes, or
GBK bytes spelled as a hex string inside a literal (``(<4D6963726F736F6674…>)``, Acrobat PDFMaker
on a Chinese Windows). :func:`decode_pdf_string` undoes all of these. Nothing here knows budgets.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

_HEX = re.compile(r"^\s*<?\s*((?:FEFF)?(?:[0-9A-Fa-f]{2})+)\s*>?\s*$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_CORE = "docProps/core.xml"
_DC = "{http://purl.org/dc/elements/1.1/}"


def _decode_bytes(data: bytes) -> str:
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    if data.startswith(b"\xff\xfe"):
        return data[2:].decode("utf-16-le", "replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if all(b < 0x80 for b in data):
        return data.decode("ascii")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" or _CJK.search(text):
            return text
    return data.decode("latin-1")  # PDFDocEncoding agrees with Latin-1 on every printable byte


def decode_pdf_string(value: object) -> str | None:
    """A PDF Info value (bytes as pdfminer hands them over, or str) as text; None when blank.

    A value that is nothing but hex digits in angle brackets (GBK or UTF-16 bytes a producer wrote
    as a hex string inside a literal string) is decoded as those bytes.
    """
    if hasattr(value, "resolve"):
        value = value.resolve()
    if isinstance(value, bytes):
        text = _decode_bytes(value)
    elif isinstance(value, str):
        text = value
    else:
        return None
    if (m := _HEX.match(text)) and text.strip().startswith("<"):
        text = _decode_bytes(bytes.fromhex(m.group(1)))
    text = text.replace("\x00", "").strip()
    return text or None


def pdf_info(info_dicts: object) -> tuple[str | None, str | None]:
    """(title, subject) from a PDF's Info dictionaries (pdfminer's ``PDFDocument.info``)."""
    title = subject = None
    for info in info_dicts if isinstance(info_dicts, list) else [info_dicts]:
        if hasattr(info, "resolve"):
            info = info.resolve()
        if not isinstance(info, dict):
            continue
        title = title or _safe(info, "Title")
        subject = subject or _safe(info, "Subject")
    return title, subject


def _safe(info: dict, key: str) -> str | None:
    """A value that cannot even be resolved (a broken reference) is no property: never a reason to
    refuse the file."""
    try:
        return decode_pdf_string(info.get(key))
    except Exception:  # pdfminer raises many kinds on a damaged Info dictionary
        return None


def ooxml_properties(path: Path) -> tuple[str | None, str | None]:
    """(title, subject) of a .docx / .xlsx package's core properties (docProps/core.xml); (None,
    None) when it has none or they cannot be read (never a reason to refuse the file)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if _CORE not in archive.namelist():
                return None, None
            root = ElementTree.fromstring(archive.read(_CORE))
    except (OSError, zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        return None, None

    def text(tag: str) -> str | None:
        element = root.find(f"{_DC}{tag}")
        value = (element.text or "").strip() if element is not None else ""
        return value or None

    return text("title"), text("subject")
