"""The nightly steps of ingest/pipeline/ one by one, without Airflow: each is a task body.

The end-to-end run through the DAG is tests/ingest/pipeline/test_nightly_e2e.py; here each step's own
promises are checked directly and quickly: what discover lists and how it groups the files, that
parse never raises for a bad file and stages a JSON that is the document, that halves are paired
by name or by content, that load_raw records every file (even one whose parse task died) and that
a second load of the same files is a no-op.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.demo.inbox import write_demo_inbox
from ingest.errors import PipelineError
from ingest.model import Document
from ingest.pipeline import discover, load, parse, summary


def test_discover_lists_supported_files_sorted(tmp_path: Path):
    for name in ("b.txt", "a.PDF", "c.docx", "d.xlsx", "e.xls", "f.html", "g.jsp", "notes.md", ".hidden.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "h.txt").write_text("x", encoding="utf-8")
    names = [Path(p).name for p in discover.discover(tmp_path)]
    assert names == ["a.PDF", "b.txt", "c.docx", "d.xlsx", "e.xls", "f.html", "g.jsp"]
    assert all(Path(p).is_absolute() for p in discover.discover(str(tmp_path)))


@pytest.mark.parametrize("inbox", ["", "  "])
def test_discover_without_inbox_says_how_to_set_it(inbox: str):
    with pytest.raises(PipelineError, match="BUDGETWH_INBOX"):
        discover.discover(inbox)


def test_discover_names_a_missing_inbox(tmp_path: Path):
    with pytest.raises(PipelineError, match="not a folder"):
        discover.discover(tmp_path / "nowhere")


def test_load_id_follows_the_run_id():
    assert load.load_id_for_run("manual__2024-01-01T00:00:00+00:00") == "airflow:manual__2024-01-01T00:00:00+00:00"
    assert load.load_id_for_run("a b/c") == "airflow:a_b_c"


def _one(paths, staging: Path) -> dict:
    [record] = parse.parse_group([str(p) for p in paths], staging)
    return record


def test_parse_stages_the_document_by_its_id(seed_path: Path, tmp_path: Path):
    from ingest.reading.parse import parse_file

    record = _one([seed_path], tmp_path)
    assert record["status"] == "parsed" and record["error"] is None
    assert record["department"] == "组织部门" and record["year"] == 2023
    assert record["has_tables"] and record["has_narrative"]
    staged = Path(record["staged"])
    assert staged == parse.staged_path(record["document_id"], tmp_path)
    assert Document.model_validate_json(staged.read_text(encoding="utf-8")) == parse_file(seed_path)
    assert record["files"] == [{"path": str(seed_path), "file_name": seed_path.name,
                                "sha256": parse_file(seed_path).document.source_files[0].sha256}]
    again = _one([seed_path], tmp_path)
    assert again["staged"] == record["staged"] and again["document_id"] == record["document_id"]
    assert not list(staged.parent.glob("*.tmp")), "a temporary file was left behind"


def test_parse_records_an_unreadable_file_with_its_reason(tmp_path: Path):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02 not text")
    record = _one([bad], tmp_path / "staging")
    assert record["status"] == "unreadable"
    assert record["staged"] is None and record["files"][0]["sha256"]
    assert record["error"].startswith("scan.txt: cannot be read:") and "NUL" in record["error"]


def test_parse_records_a_reader_crash_instead_of_raising(tmp_path: Path, monkeypatch):
    import ingest.reading.parse

    def crash(paths):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(ingest.reading.parse, "parse_paths", crash)
    file = tmp_path / "x.txt"
    file.write_text("部门预算收支总表", encoding="utf-8")
    record = _one([file], tmp_path / "staging")
    assert record["status"] == "failed"
    assert record["error"] == "x.txt: reader error: ZeroDivisionError: boom"


def test_parse_stages_a_rejected_non_disclosure(tmp_path: Path):
    file = tmp_path / "letter.txt"
    file.write_text("各位同事：\n明天下午开会。\n", encoding="utf-8")
    record = _one([file], tmp_path / "staging")
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
    groups = discover.discover_groups(inbox)
    assert [g["paths"] for g in groups] == [[str(p.resolve())] for p in sorted((demo, lost, bad))]
    records = [parse.parse_group([str(p)], staging) for p in (demo, bad)]  # lost's task died
    discovered = groups

    load_id = load.open_load(str(inbox), "test:load-raw-1")
    first = load.load_raw(records, load_id, discovered)
    assert (first["files_seen"], first["documents_loaded"], first["files_failed"]) == (3, 1, 2)
    assert first["document_ids"] == [records[0][0]["document_id"]]
    rows = _load_file_rows(warehouse_dsn, load_id)
    assert rows[demo.name][:2] == ("loaded", records[0][0]["document_id"])
    assert rows["scan.txt"][0] == "unreadable" and "scan.txt" in rows["scan.txt"][2]
    assert rows["lost.txt"][0] == "failed" and rows["lost.txt"][2].startswith("lost.txt: the parse task failed")

    # a retried task (same load id) rewrites its audit lines; a new load finds the document loaded
    assert load.load_raw(records, load_id, discovered)["files_seen"] == 3
    second = load.load_raw(records, load.open_load(str(inbox), "test:load-raw-2"), discovered)
    assert (second["documents_loaded"], second["documents_skipped"]) == (0, 1)
    assert second["document_ids"] == first["document_ids"]


def test_load_raw_needs_a_load_and_a_file_list():
    with pytest.raises(PipelineError, match="open_load"):
        load.load_raw([], None, [])
    with pytest.raises(PipelineError, match="discover"):
        load.load_raw([], "test:x", None)


# --- two-file documents -------------------------------------------------------------------------


def halves(department: str) -> tuple[str, str]:
    """A generated 2022 document, in a county of its own, as (tables, narrative) texts."""
    from ingest.demo.documents import generate_documents
    from ingest.demo.inbox import two_files

    [demo] = generate_documents(departments=[department], years=[2022])
    return two_files(demo, county="演示双文件区")


def test_discover_groups_halves_by_name_and_a_manifest_with_its_files(tmp_path: Path):
    for name in ("a_narrative.pdf", "a_tables.pdf", "b.txt", "n.txt", "t.txt", "c_tables.pdf"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / "doc.manifest.json").write_text('{"files": ["n.txt", "t.txt"]}', encoding="utf-8")
    groups = discover.discover_groups(tmp_path)
    assert [(g["label"], g["how"]) for g in groups] == [
        ("a_narrative.pdf + a_tables.pdf", "name"),
        ("b.txt", "single"),
        ("c_tables.pdf", "single"),  # a half whose other half has not arrived is read alone
        ("doc.manifest.json + n.txt + t.txt", "manifest"),
    ]
    assert all(Path(p).is_absolute() for g in groups for p in g["paths"])
    assert discover.group_files(groups) == [str((tmp_path / n).resolve()) for n in
                                            ("a_narrative.pdf", "a_tables.pdf", "b.txt", "c_tables.pdf", "n.txt",
                                             "t.txt")]


def test_halves_load_as_one_document_by_name_or_by_content(warehouse_dsn: str, tmp_path: Path):
    import psycopg

    from ingest.warehouse.load import document_counts

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (education_tables, education_narrative), (health_tables, health_narrative) = halves("education"), halves("health")
    files = {"x_narrative.txt": education_narrative, "x_tables.txt": education_tables,
             "说明甲.txt": health_narrative, "表乙.txt": health_tables}
    for name, text in files.items():
        (inbox / name).write_text(text, encoding="utf-8")
    staging = tmp_path / "staging"
    groups = discover.discover_groups(inbox)
    assert [g["how"] for g in groups] == ["name", "single", "single"]
    parsed = [parse.parse_group(g["paths"], staging) for g in groups]
    assert [len(r["paths"]) for task in parsed for r in task] == [2, 1, 1]
    pairs = parse.pair_halves(parsed)
    assert [[Path(p).name for p in g["paths"]] for g in pairs] == [["说明甲.txt", "表乙.txt"]]
    assert pairs[0]["how"] == "content"
    paired = [parse.parse_pair(g["paths"], staging) for g in pairs]

    load_id = load.open_load(str(inbox), "test:two-file-documents")
    loaded = load.load_raw(parsed, load_id, groups, paired)
    assert (loaded["files_seen"], loaded["documents_loaded"], loaded["files_failed"]) == (4, 2, 0)
    content_pair = paired[0][0]
    assert content_pair["document_id"] in loaded["document_ids"] and len(loaded["document_ids"]) == 2
    halves_alone = [r["document_id"] for r in parsed[1] + parsed[2]]
    with psycopg.connect(warehouse_dsn) as conn:
        rows = conn.execute(
            """select file_name, status, document_id, tables_count, rows_count, cells_count
               from audit.load_file where load_id = %s order by file_name""", (load_id,)).fetchall()
        in_raw = conn.execute("select document_id from raw.document where document_id = any(%s)",
                              (halves_alone,)).fetchall()
    by_file = {r[0]: r[1:] for r in rows}
    assert by_file["说明甲.txt"][:2] == by_file["表乙.txt"][:2] == ("loaded", content_pair["document_id"])
    assert by_file["x_narrative.txt"][1] == by_file["x_tables.txt"][1] != content_pair["document_id"]
    assert in_raw == [], "a half read alone was loaded beside the pair that replaces it"
    doc = Document.model_validate_json(Path(content_pair["staged"]).read_text(encoding="utf-8"))
    counts = document_counts(doc)
    assert [sum(by_file[f][i] for f in ("说明甲.txt", "表乙.txt")) for i in (2, 3, 4)] == [
        counts["tables"], counts["rows"], counts["cells"]]
    assert by_file["表乙.txt"][3] > by_file["说明甲.txt"][3], "the standard tables are counted on the tables file"


def test_failed_steps_fail_the_run():
    ok = {"failed_steps": [], "state": "success", "load_id": "x"}
    assert summary.raise_for_failed_steps(ok) == {"state": "success", "load_id": "x"}
    with pytest.raises(PipelineError, match="build_marts"):
        summary.raise_for_failed_steps({"failed_steps": ["build_marts"]})


def test_a_jiangsu_pair_in_an_inbox_is_one_document_with_the_figures_of_the_independent_reading(
        corpus_dir: Path, tmp_path: Path):
    """The real two-file publication (情况说明 + 公开表 PDFs), as the nightly run meets it."""
    import json

    key = "js_cppcc_office_budget_2018"
    expected = json.loads((corpus_dir / "expected.json").read_text(encoding="utf-8"))[key]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in expected["files"]:  # copied: a link leading out of the inbox is refused (issue 12)
        shutil.copyfile(corpus_dir / name, inbox / name)
    [group] = discover.discover_groups(inbox)
    assert group["how"] == "name" and group["label"] == " + ".join(expected["files"])
    [record] = parse.parse_group(group["paths"], tmp_path / "staging")
    assert [f["file_name"] for f in record["files"]] == expected["files"]
    assert (record["status"], record["department"], record["year"]) == ("parsed", expected["department"], 2018)
    doc = Document.model_validate_json(Path(record["staged"]).read_text(encoding="utf-8"))
    figures = doc.figures.model_dump()
    assert {k: figures[k] for k, v in expected["figures"].items() if v is not None} == {
        k: v for k, v in expected["figures"].items() if v is not None}
    assert parse.pair_halves([[record]]) == []
