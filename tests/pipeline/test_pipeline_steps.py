"""The nightly steps of ingest/pipeline.py one by one, without Airflow: each is a task body.

The end-to-end run through the DAG is tests/pipeline/test_nightly_e2e.py; here each step's own
promises are checked directly and quickly: what discover lists, that parse never raises for a bad
file and stages a JSON that is the document, that load_raw records every file (even one whose parse
task died) and that a second load of the same files is a no-op.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import pipeline
from ingest.demo import write_demo_inbox
from ingest.model import Document


def test_discover_lists_supported_files_sorted(tmp_path: Path):
    for name in ("b.txt", "a.PDF", "c.docx", "d.xlsx", "e.xls", "f.html", "g.jsp", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "h.txt").write_text("x", encoding="utf-8")
    names = [Path(p).name for p in pipeline.discover(tmp_path)]
    assert names == ["a.PDF", "b.txt", "c.docx", "d.xlsx", "e.xls", "f.html", "g.jsp"]
    assert all(Path(p).is_absolute() for p in pipeline.discover(str(tmp_path)))


@pytest.mark.parametrize("inbox", ["", "  "])
def test_discover_without_inbox_says_how_to_set_it(inbox: str):
    with pytest.raises(pipeline.PipelineError, match="BUDGETWH_INBOX"):
        pipeline.discover(inbox)


def test_discover_names_a_missing_inbox(tmp_path: Path):
    with pytest.raises(pipeline.PipelineError, match="not a folder"):
        pipeline.discover(tmp_path / "nowhere")


def test_load_id_follows_the_run_id():
    assert pipeline.load_id_for_run("manual__2024-01-01T00:00:00+00:00") == "airflow:manual__2024-01-01T00:00:00+00:00"
    assert pipeline.load_id_for_run("a b/c") == "airflow:a_b_c"


def test_parse_stages_the_document_by_content_hash(seed_path: Path, tmp_path: Path):
    from ingest.parse import parse_file

    record = pipeline.parse_to_staging(str(seed_path), tmp_path)
    assert record["status"] == "parsed" and record["error"] is None
    assert record["department"] == "组织部门" and record["year"] == 2023
    staged = Path(record["staged"])
    assert staged == pipeline.staged_path(record["sha256"], tmp_path)
    assert Document.model_validate_json(staged.read_text(encoding="utf-8")) == parse_file(seed_path)
    again = pipeline.parse_to_staging(str(seed_path), tmp_path)
    assert again["staged"] == record["staged"] and again["document_id"] == record["document_id"]
    assert not list(staged.parent.glob("*.tmp")), "a temporary file was left behind"


def test_parse_records_an_unreadable_file_with_its_reason(tmp_path: Path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02 not text")
    record = pipeline.parse_to_staging(str(bad), tmp_path / "staging")
    assert record["status"] == "unreadable"
    assert record["staged"] is None and record["sha256"]
    assert record["error"].startswith("scan.txt: cannot be read:") and "NUL" in record["error"]


def test_parse_records_a_reader_crash_instead_of_raising(tmp_path: Path, monkeypatch):
    import ingest.parse

    def crash(path):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(ingest.parse, "parse_file", crash)
    file = tmp_path / "x.txt"
    file.write_text("部门预算收支总表", encoding="utf-8")
    record = pipeline.parse_to_staging(str(file), tmp_path / "staging")
    assert record["status"] == "failed"
    assert record["error"] == "x.txt: reader error: ZeroDivisionError: boom"


def test_parse_stages_a_rejected_non_disclosure(tmp_path: Path):
    file = tmp_path / "letter.txt"
    file.write_text("各位同事：\n明天下午开会。\n", encoding="utf-8")
    record = pipeline.parse_to_staging(str(file), tmp_path / "staging")
    assert record["status"] == "rejected"
    assert record["error"].startswith("letter.txt: rejected:")
    assert Path(record["staged"]).exists()


def _load_file_rows(uri: str, load_id: str) -> dict[str, tuple]:
    import psycopg

    with psycopg.connect(uri) as conn:
        rows = conn.execute(
            "select file_name, status, document_id, error from audit.load_file where load_id = %s", (load_id,)
        ).fetchall()
    return {r[0]: r[1:] for r in rows}


def test_load_raw_records_every_file_and_is_idempotent(warehouse_dsn: str, tmp_path: Path):
    # education 2023: a document no other test of the session loads
    inbox = tmp_path / "inbox"
    [demo] = write_demo_inbox(inbox, include_seed=False, departments=["education"], years=[2023])
    bad = inbox / "scan.txt"
    bad.write_bytes(b"\x00 scan")
    lost = inbox / "lost.txt"
    lost.write_text("a file whose parse task died", encoding="utf-8")
    staging = tmp_path / "staging"
    records = [pipeline.parse_to_staging(str(p), staging) for p in (demo, bad)]
    discovered = [str(demo), str(bad), str(lost)]

    load_id = pipeline.open_load(str(inbox), "test:load-raw-1")
    first = pipeline.load_raw(records, load_id, discovered)
    assert (first["files_seen"], first["documents_loaded"], first["files_failed"]) == (3, 1, 2)
    assert first["document_ids"] == [records[0]["document_id"]]
    rows = _load_file_rows(warehouse_dsn, load_id)
    assert rows[demo.name][:2] == ("loaded", records[0]["document_id"])
    assert rows["scan.txt"][0] == "unreadable" and "scan.txt" in rows["scan.txt"][2]
    assert rows["lost.txt"][0] == "failed" and rows["lost.txt"][2].startswith("lost.txt: the parse task failed")

    # a retried task (same load id) rewrites its audit lines; a new load finds the document loaded
    assert pipeline.load_raw(records, load_id, discovered)["files_seen"] == 3
    second = pipeline.load_raw(records, pipeline.open_load(str(inbox), "test:load-raw-2"), discovered)
    assert (second["documents_loaded"], second["documents_skipped"]) == (0, 1)
    assert second["document_ids"] == first["document_ids"]


def test_load_raw_needs_a_load_and_a_file_list():
    with pytest.raises(pipeline.PipelineError, match="open_load"):
        pipeline.load_raw([], None, [])
    with pytest.raises(pipeline.PipelineError, match="discover"):
        pipeline.load_raw([], "test:x", None)


def test_failed_steps_fail_the_run():
    ok = {"failed_steps": [], "state": "success", "load_id": "x"}
    assert pipeline.raise_for_failed_steps(ok) == {"state": "success", "load_id": "x"}
    with pytest.raises(pipeline.PipelineError, match="build_marts"):
        pipeline.raise_for_failed_steps({"failed_steps": ["build_marts"]})
