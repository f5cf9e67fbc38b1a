"""Word 97-2003 (.doc), WPS Writer (.wps) and WPS Spreadsheets (.et) files → blocks, through LibreOffice.

Many county portals still publish these binary formats. No maintained Python library reads them, so
LibreOffice converts each file (``soffice --headless --convert-to docx|xlsx``) and the .docx / .xlsx
reader reads the result; the blocks then name the original file (name, hash, and ``format`` doc / wps /
et), so the contract says what was published, not what budgetwh made of it.

Each conversion runs in a temporary folder of its own, with a private LibreOffice profile
(``-env:UserInstallation``): two conversions at once (parallel parse tasks) would otherwise share
one profile and one running office, and one of them fail. The input is copied there under an ASCII
name, so no locale or shell question arises from a Chinese file name. The conversion is bounded in
time (``BUDGETWH_OFFICE_TIMEOUT``); on expiry the whole process group (oosplash and soffice.bin) is
killed and the file named unreadable.

Where LibreOffice is not installed (no ``soffice`` or ``libreoffice`` on PATH), the file is unreadable
with a message that says which Debian package reads it. Before converting, the first bytes are checked
(ingest/readers/sniff.py): a ``.doc`` that is really a .docx is read directly; one that is a PDF or an
HTML page is refused, naming what it holds. Nothing here knows about budgets.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ingest import settings
from ingest.errors import UnreadableFile
from ingest.readers.blocks import SourceBlocks
from ingest.readers.sniff import require, sniff


@dataclass(frozen=True)
class OfficeFormat:
    """A binary office format: its contract name, what it is called, which LibreOffice reads it."""

    name: str  # SourceFile.format
    label: str  # "a Word 97-2003 document"
    package: str  # the Debian package whose LibreOffice module imports it
    target: str  # the format it is converted to and read as: docx | xlsx
    export_filter: str  # LibreOffice's export filter for the target


WORD = "MS Word 2007 XML"
EXCEL = "Calc MS Excel 2007 XML"
DOC = OfficeFormat("doc", "a Word 97-2003 document", "libreoffice-writer", "docx", WORD)
WPS = OfficeFormat("wps", "a WPS Writer document", "libreoffice-writer", "docx", WORD)
ET = OfficeFormat("et", "a WPS Spreadsheets workbook", "libreoffice-calc", "xlsx", EXCEL)


def soffice() -> str | None:
    """LibreOffice's command on PATH (``soffice``, else ``libreoffice``), or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, convert_to: str, outdir: Path, *, timeout: float | None = None, label: str = "") -> Path:
    """Convert ``source`` with LibreOffice into ``outdir``; the converted file's path.

    ``convert_to`` is soffice's argument: ``docx:MS Word 2007 XML``, ``doc:MS Word 97``, ``xlsx``…;
    ``label`` says what the file should be, for the message when LibreOffice cannot open it.
    Raises UnreadableFile (naming ``source``) when LibreOffice is missing, fails, or takes longer
    than ``timeout`` seconds (default: ``BUDGETWH_OFFICE_TIMEOUT``).
    """
    command = soffice()
    if command is None:
        raise UnreadableFile(source, f"{source.name} needs LibreOffice to be read, and neither soffice nor "
                                     "libreoffice is on PATH")
    timeout = settings.office_timeout() if timeout is None else timeout
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="budgetwh-soffice-") as profile:
        args = [command, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
                "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--convert-to", convert_to,
                "--outdir", str(outdir), str(source)]
        process = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)  # its own process group: killed whole on expiry
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            raise UnreadableFile(source, f"LibreOffice did not convert {source.name} within {timeout:g} s "
                                         f"(stopped; {settings.OFFICE_TIMEOUT_ENV} sets the limit)") from None
    converted = outdir / f"{source.stem}.{convert_to.split(':', 1)[0]}"
    if process.returncode == 0 and converted.is_file():
        return converted
    said = " ".join(line.strip() for line in (err + out).decode("utf-8", "replace").splitlines()
                    if line.strip() and "javaldx" not in line)
    exit_code = f"exit {process.returncode}: " if process.returncode else ""
    raise UnreadableFile(source, f"LibreOffice could not convert {source.name}{' as ' + label if label else ''} "
                                 f"({exit_code}{said[-500:] or 'no file written'}): damaged, or not what its "
                                 "suffix says")


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.communicate()


def _is_rtf(data: bytes) -> bool:
    return data.lstrip()[:5] == b"{\\rtf"


def read_office(path: Path, fmt: OfficeFormat) -> SourceBlocks:
    """Read a .doc / .wps / .et file: converted by LibreOffice, read as .docx / .xlsx, named as published."""
    from ingest.readers.docx import read_docx
    from ingest.readers.xlsx import read_xlsx

    path = Path(path)
    read_target = read_docx if fmt.target == "docx" else read_xlsx
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableFile(path, f"cannot read: {exc.strerror or exc}") from exc
    found = sniff(data, path)
    if found == fmt.target:  # a .docx / .xlsx published under the old suffix: read as what it is
        return read_target(path)
    if not (found == "ole" or (fmt.target == "docx" and _is_rtf(data))):
        require(path, data, "ole", fmt.label)  # raises, naming what the file holds instead
    if soffice() is None:
        raise UnreadableFile(path, f"{path.name} is {fmt.label}; install LibreOffice (Debian: {fmt.package}) "
                                   f"to read it, or convert it to .{fmt.target}")
    with tempfile.TemporaryDirectory(prefix="budgetwh-office-") as folder:
        source = Path(folder) / f"source.{fmt.name}"
        source.write_bytes(data)
        try:
            converted = convert(source, f"{fmt.target}:{fmt.export_filter}", Path(folder) / "out", label=fmt.label)
        except UnreadableFile as exc:
            raise UnreadableFile(path, exc.reason.replace(source.name, path.name)) from exc
        try:
            blocks = read_target(converted)
        except UnreadableFile as exc:
            raise UnreadableFile(path, f"LibreOffice converted {path.name} ({fmt.label}) to .{fmt.target}, which "
                                       f"cannot be read: {exc.reason}") from exc
    return replace(blocks, name=path.name, format=fmt.name, sha256=hashlib.sha256(data).hexdigest())


def read_doc(path: Path) -> SourceBlocks:
    """A Word 97-2003 document (.doc), read through LibreOffice as .docx."""
    return read_office(path, DOC)


def read_wps(path: Path) -> SourceBlocks:
    """A WPS Writer document (.wps), read through LibreOffice as .docx."""
    return read_office(path, WPS)


def read_et(path: Path) -> SourceBlocks:
    """A WPS Spreadsheets workbook (.et), read through LibreOffice as .xlsx."""
    return read_office(path, ET)
