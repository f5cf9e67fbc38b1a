"""Which reader reads which file: one registry, used by ``budgetwh parse`` and by the nightly's discovery.

Why one list: a second list of suffixes in the pipeline drifted from the reader's (``.htm`` and ``.doc``
were read by ``budgetwh parse`` but never discovered by the nightly run). Here a suffix names a format
and the format names its reader; every reader then checks that the file's first bytes agree with its
suffix (ingest/readers/sniff.py) and refuses, naming what the file really holds, when they do not.

Readers are imported when first used: discovery only needs the suffixes, and must not pay for
pdfplumber, python-docx and openpyxl.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.readers.blocks import SourceBlocks

Reader = Callable[[Path], SourceBlocks]


@dataclass(frozen=True)
class Format:
    """A format budgetwh reads: its name in the contract (SourceFile.format), its suffixes, its reader."""

    name: str
    suffixes: tuple[str, ...]
    module: str
    function: str

    def reader(self) -> Reader:
        return getattr(importlib.import_module(self.module), self.function)


FORMATS: tuple[Format, ...] = (
    Format("text", (".txt",), "ingest.readers.text_rendering", "read_text_rendering"),
    Format("pdf", (".pdf",), "ingest.readers.pdf", "read_pdf"),
    Format("docx", (".docx",), "ingest.readers.docx", "read_docx"),
    Format("xlsx", (".xlsx",), "ingest.readers.xlsx", "read_xlsx"),
    Format("xls", (".xls",), "ingest.readers.xls", "read_xls"),  # xlrd reads it: no LibreOffice needed
    # the binary office formats no Python library reads: LibreOffice converts them to .docx / .xlsx
    # (ingest/readers/office_convert.py), and a missing LibreOffice is named in the unreadable message
    Format("doc", (".doc",), "ingest.readers.office_convert", "read_doc"),
    Format("wps", (".wps",), "ingest.readers.office_convert", "read_wps"),
    Format("et", (".et",), "ingest.readers.office_convert", "read_et"),
    Format("html", (".html", ".htm", ".jsp"), "ingest.readers.html", "read_html"),
)
_BY_SUFFIX = {suffix: fmt for fmt in FORMATS for suffix in fmt.suffixes}
SUFFIXES: tuple[str, ...] = tuple(_BY_SUFFIX)


def format_of(path: Path | str) -> Format | None:
    """The format a file's suffix names (any case), or None when budgetwh has no reader for it."""
    return _BY_SUFFIX.get(Path(path).suffix.lower())


def format_name(path: Path | str) -> str:
    """The contract's name of the file's format, ``unknown`` when no reader takes it."""
    fmt = format_of(path)
    return fmt.name if fmt else "unknown"


def reader_for(path: Path | str) -> Reader | None:
    """The reader of a file, chosen by its suffix; None when budgetwh reads no such file."""
    fmt = format_of(path)
    return fmt.reader() if fmt else None
