"""Word 97-2003 (.doc), WPS Writer (.wps) and WPS Spreadsheets (.et) files, read through LibreOffice.

One generated budget is written as .docx and .xlsx by the demo writers, and LibreOffice turns them
into a Word 97 .doc and an Excel 97 workbook (once per session: ``office_files``). Read back, they
must give the document the .docx / .xlsx give, to the cell, named as the file that was published.
LibreOffice cannot write WPS Office's own formats, so the .wps and .et files here are those Word 97
and Excel 97 binaries under WPS suffixes (what WPS Office writes is the same compound-file formats):
they prove the suffixes are routed and converted, not that every file WPS Office writes is read.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.demo.documents import generate_documents
from ingest.demo.writers.docx import write_docx
from ingest.demo.writers.xlsx import write_xlsx
from ingest.errors import UnreadableFile
from ingest.hashing import file_sha256
from ingest.model import Document
from ingest.readers import office_convert
from ingest.readers.registry import format_of
from ingest.readers.sniff import OLE_MAGIC
from ingest.reading.parse import parse_file

STEM = "教育局2024年部门预算"


@pytest.fixture(scope="session")
def office_files(soffice: str, tmp_path_factory) -> dict[str, Path]:
    """The same budget as .docx and .xlsx (demo writers) and, converted by LibreOffice, as .doc, .wps, .et."""
    folder = tmp_path_factory.mktemp("office")
    [item] = generate_documents(departments=["education"], years=[2024], broken=None)
    files = {"docx": write_docx(item.document, folder / f"{STEM}.docx"),
             "xlsx": write_xlsx(item.document, folder / f"{STEM}.xlsx")}
    doc = office_convert.convert(files["docx"], "doc:MS Word 97", folder / "made")
    xls = office_convert.convert(files["xlsx"], "xls:MS Excel 97", folder / "made")
    for suffix, made in (("doc", doc), ("wps", doc), ("et", xls)):
        files[suffix] = Path(shutil.copyfile(made, folder / f"{STEM}.{suffix}"))
        assert files[suffix].read_bytes()[:8] == OLE_MAGIC
    return files


def _canonical(doc: Document) -> dict:
    """The contract object without what names the file (its id, source files, ``file`` of each item)."""

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "file"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = doc.model_dump(mode="json")
    del data["document"]["id"], data["document"]["source_files"]
    return strip(data)


@pytest.mark.parametrize(("suffix", "made_from"), [("doc", "docx"), ("wps", "docx"), ("et", "xlsx")])
def test_converted_file_reads_as_the_file_it_was_made_from(office_files, suffix, made_from):
    path = office_files[suffix]
    doc = parse_file(path)
    assert doc.document.status == "parsed"
    [source] = doc.document.source_files
    assert (source.name, source.format, source.sha256) == (path.name, suffix, file_sha256(path))
    assert doc.tables and {t.file for t in doc.tables} == {path.name}
    assert _canonical(doc) == _canonical(parse_file(office_files[made_from]))


def test_registry_routes_the_binary_office_suffixes_and_keeps_xls_on_xlrd():
    assert {s: format_of(f"a{s}").name for s in (".doc", ".DOC", ".wps", ".et", ".xls", ".docx")} == {
        ".doc": "doc", ".DOC": "doc", ".wps": "wps", ".et": "et", ".xls": "xls", ".docx": "docx"}
    assert format_of("a.doc").reader() is office_convert.read_doc
    assert format_of("a.et").module == format_of("a.wps").module == "ingest.readers.office_convert"
    assert format_of("a.xls").module == "ingest.readers.xls"


def test_without_libreoffice_budgetwh_parse_names_the_file_and_the_package(tmp_path: Path):
    (tmp_path / "bin").mkdir()  # a PATH with no soffice and no libreoffice
    files = {"旧版预算.doc": "is a Word 97-2003 document; install LibreOffice (Debian: libreoffice-writer) to read "
                          "it, or convert it to .docx",
             "表格.et": "is a WPS Spreadsheets workbook; install LibreOffice (Debian: libreoffice-calc) to read it, "
                       "or convert it to .xlsx"}
    for name in files:
        (tmp_path / name).write_bytes(OLE_MAGIC + bytes(504))
    result = subprocess.run([sys.executable, "-c", "from ingest.cli import main; main()", "parse",
                             *(str(tmp_path / name) for name in files)],
                            capture_output=True, text=True, timeout=120, check=False,
                            env={**os.environ, "PATH": str(tmp_path / "bin")})
    assert result.returncode == 0, result.stderr
    for name, message in files.items():
        assert f"{name}: unreadable — {name} {message}" in result.stdout, result.stdout


def test_a_conversion_that_does_not_finish_is_stopped_with_its_children(tmp_path: Path, monkeypatch):
    (tmp_path / "bin").mkdir()
    fake = tmp_path / "bin" / "soffice"  # a LibreOffice that starts a child and hangs
    fake.write_text(f"#!/bin/sh\nsleep 300 &\necho $! > {tmp_path / 'child.pid'}\nwait\n", encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setenv("BUDGETWH_OFFICE_TIMEOUT", "1")
    path = tmp_path / "slow.doc"
    path.write_bytes(OLE_MAGIC + bytes(504))
    with pytest.raises(UnreadableFile) as caught:
        office_convert.read_doc(path)
    assert caught.value.path == path
    assert "LibreOffice did not convert slow.doc within 1 s" in caught.value.reason
    assert "BUDGETWH_OFFICE_TIMEOUT" in caught.value.reason
    child = Path("/proc") / (tmp_path / "child.pid").read_text().strip() / "stat"
    assert not child.exists() or child.read_text().split(") ")[1].startswith("Z")  # gone, or dead and unreaped
