"""The demo inbox in every format (write_demo_inbox(formats=...)): DOCX, XLSX and PDF departments
read back exactly as intended, reproducibly, and the default inbox is unchanged (text only)."""

from __future__ import annotations

from click.testing import CliRunner

from ingest.cli import main
from ingest.demo import catalogue
from ingest.demo import documents as demo_documents
from ingest.demo import inbox as inbox_writer
from ingest.reading.parse import parse_file

DEPARTMENTS = ["education", "health", "agriculture", "public_security"]


def test_mixed_inbox_reads_back_as_intended(tmp_path):
    written = inbox_writer.write_demo_inbox(tmp_path, include_seed=False, departments=DEPARTMENTS, years=[2024],
                                    formats=inbox_writer.MIXED_FORMATS)
    assert sorted(p.suffix for p in written) == [".docx", ".pdf", ".txt", ".xlsx"]
    intended = {d.department: d for d in demo_documents.generate_documents(departments=DEPARTMENTS, years=[2024])}
    for path in written:
        doc = parse_file(path)
        item = intended[doc.document.department]
        assert doc.document.source_files[0].format == {".txt": "text"}.get(path.suffix, path.suffix[1:])
        assert doc.figures == item.figures, path.name
        assert doc.findings == [], path.name
        assert len(doc.performance_targets) == len(item.document.performance_targets)
        assert doc.document.region == catalogue.REGION and doc.document.year == 2024


def test_mixed_inbox_is_reproducible(tmp_path):
    first = inbox_writer.write_demo_inbox(tmp_path / "a", include_seed=False, departments=DEPARTMENTS[:3], years=[2023],
                                  formats=inbox_writer.MIXED_FORMATS)
    second = inbox_writer.write_demo_inbox(tmp_path / "b", include_seed=False, departments=DEPARTMENTS[:3], years=[2023],
                                   formats=inbox_writer.MIXED_FORMATS)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]


def test_the_broken_document_breaks_the_same_row_in_any_format(tmp_path):
    written = inbox_writer.write_demo_inbox(tmp_path, include_seed=False, departments=["public_security"], years=[2024],
                                    formats={"public_security": "xlsx"})
    [item] = demo_documents.generate_documents(departments=["public_security"], years=[2024])
    text = tmp_path / "broken.txt"
    text.write_text(item.text, encoding="utf-8")
    as_xlsx, as_text = parse_file(written[0]), parse_file(text)
    row = next(r for r in as_xlsx.table("expenditure").rows if r.code == item.broken_row)
    assert row.values["total"] == row.values["basic"]  # 合计 omits its 项目支出, as in the text rendering
    assert [(r.code, r.values, r.texts) for r in as_xlsx.table("expenditure").rows] == [
        (r.code, r.values, r.texts) for r in as_text.table("expenditure").rows]


def test_default_inbox_is_text_only_and_the_command_writes_every_format(tmp_path):
    default = inbox_writer.write_demo_inbox(tmp_path / "default", include_seed=False, departments=DEPARTMENTS, years=[2024])
    assert {p.suffix for p in default} == {".txt"}
    result = CliRunner().invoke(main, ["demo-inbox", str(tmp_path / "cli")])
    assert result.exit_code == 0, result.output
    assert {p.suffix for p in (tmp_path / "cli").iterdir()} >= {".txt", ".docx", ".xlsx", ".pdf"}
    text_only = CliRunner().invoke(main, ["demo-inbox", "--formats", "text", str(tmp_path / "text")])
    assert text_only.exit_code == 0
    assert {p.suffix for p in (tmp_path / "text").iterdir()} == {".txt"}
