"""`budgetwh parse` on a folder of mixed formats: one report per document (ok / warnings / errors /
unreadable / rejected, with the reason), JSON Lines in document-key order, progress on stderr only."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ingest.cli import main
from ingest.demo.writers.docx import write_docx
from ingest.demo.writers.xlsx import write_xlsx
from ingest.reading.parse import parse_file


@pytest.fixture(scope="module")
def inbox(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("inbox")
    seed = parse_file(seed_path)
    write_docx(seed, folder / "organisation.docx")
    (folder / "copy.txt").write_bytes(seed_path.read_bytes())
    broken = seed.model_copy(deep=True)
    broken.document.department = "宣传部门"
    write_xlsx(broken, folder / "propaganda.xlsx")
    (folder / "truncated.docx").write_bytes((folder / "organisation.docx").read_bytes()[:2000])
    (folder / "notes.txt").write_text("会议纪要\n\t单元格\n\t10.00\n", encoding="utf-8")
    (folder / "page.html").write_text("<html><body><p>某某局2023年部门预算情况说明</p></body></html>",
                                      encoding="utf-8")
    return folder


def test_report_per_document_with_states_and_reasons(inbox):
    result = CliRunner().invoke(main, ["parse", str(inbox)])
    assert result.exit_code == 0, result.output
    heads = [line for line in result.stdout.splitlines() if not line.startswith("  ")]
    assert "truncated.docx: unreadable — cannot be read as a Word .docx document: truncated or damaged " \
           "(its ZIP table of contents is missing)" in heads
    assert "notes.txt: rejected — not a disclosure: no standard table found" in heads
    assert any(h.startswith("organisation.docx: ok — 组织部门 2023") for h in heads)
    assert any(h.startswith("propaganda.xlsx: ok — 宣传部门 2023") for h in heads)
    assert any(h.startswith("page.html: warnings — 某某局 2023") for h in heads)
    assert heads[-1] == "6 documents: 3 ok, 1 warnings, 0 errors, 1 unreadable, 1 rejected"
    # progress went to standard error, as plain lines (the runner is no terminal)
    assert "parse: 6/6 files" in result.stderr and "parse:" not in result.stdout


def test_json_lines_one_object_per_document_in_key_order(inbox):
    result = CliRunner().invoke(main, ["parse", "--json", str(inbox)])
    assert result.exit_code == 0
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 6
    keys = [(o["document"]["document_key"] or "", o["document"]["id"]) for o in objects]
    assert keys == sorted(keys)
    formats = {o["document"]["source_files"][0]["name"]: o["document"]["source_files"][0]["format"] for o in objects}
    assert formats["organisation.docx"] == "docx" and formats["propaganda.xlsx"] == "xlsx"
    unreadable = next(o for o in objects if o["document"]["source_files"][0]["name"] == "truncated.docx")
    assert unreadable["document"]["status"] == "rejected"
    assert unreadable["document"]["reason"].startswith("unreadable: ")
    again = CliRunner().invoke(main, ["parse", "--json", "--no-progress", str(inbox)])
    assert again.stdout == result.stdout and again.stderr == ""
