"""Inbox hygiene and absurd numbers through the nightly's stages (issue 12), on the real warehouse.

A link leading out of the inbox is refused and named by its own name (its target is never read); a
folder and a FIFO named like documents are reported, not skipped; an office lock file ``~$…``, a
download's ``.part`` / ``.crdownload`` and a file still growing are left for the next run with a note
in the summary; a document printing an amount beyond the warehouse's numeric(20, 2) loads, with an
R05 reading finding on that cell instead of a COPY failure.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from ingest.pipeline import discover, load, parse, summary
from ingest.pipeline.airflow_runner import format_summary
from tests.conftest import SEED, require_shared

ABSURD = "9" * 30


def _absurd_seed(path: Path) -> Path:
    """The seed with its 本年支出合计 printed as a 30-digit number, and its narrative's first 1029.59万元
    as a 40-digit one."""
    lines = require_shared(SEED).read_text(encoding="utf-8").split("\n")
    lines[211] = lines[211].replace("1029.59", ABSURD)
    assert ABSURD in lines[211]
    text = "\n".join(lines)
    assert "1029.59万元" in text
    path.write_text(text.replace("1029.59万元", "9" * 40 + "万元", 1), encoding="utf-8")
    return path


def _inbox(tmp_path: Path) -> Path:
    inbox, outside = tmp_path / "inbox", tmp_path / "outside"
    inbox.mkdir()
    outside.mkdir()
    _absurd_seed(inbox / "absurd.txt")
    (outside / "secret.txt").write_text("not for the warehouse", encoding="utf-8")
    (inbox / "link_out.pdf").symlink_to(outside / "secret.txt")
    (inbox / "link_in.txt").symlink_to(inbox / "absurd.txt")  # the same file: read once
    (inbox / "x.pdf").mkdir()
    os.mkfifo(inbox / "pipe.xlsx")
    (inbox / "~$draft.docx").write_bytes(b"lock")
    (inbox / "half.pdf.part").write_bytes(b"%PDF-1.4")
    (inbox / "download.xlsx.crdownload").write_bytes(b"PK")
    return inbox


def test_discover_resolves_links_and_names_what_it_refuses(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BUDGETWH_INBOX_SETTLE_SECONDS", "1")
    inbox = _inbox(tmp_path)
    growing = inbox / "growing.pdf"
    growing.write_bytes(b"%PDF-1.4\n")
    stop = threading.Event()

    def write_on() -> None:
        with growing.open("ab") as handle:
            while not stop.is_set():
                handle.write(b"% more\n")
                handle.flush()
                time.sleep(0.1)

    writer = threading.Thread(target=write_on)
    writer.start()
    try:
        paths, notes = discover.discover_inbox(inbox)
    finally:
        stop.set()
        writer.join()
    assert sorted(Path(p).name for p in paths) == ["absurd.txt", "link_out.pdf", "pipe.xlsx", "x.pdf"]
    assert str(inbox / "link_out.pdf") in paths  # by its own name, not its target's
    assert sorted(n.split(":")[0] for n in notes) == ["download.xlsx.crdownload", "growing.pdf", "half.pdf.part",
                                                      "~$draft.docx"]
    assert all(n.endswith("left for the next run") for n in notes)
    assert discover.refusal(inbox / "link_out.pdf") == "a symbolic link leading out of the inbox: refused"
    assert discover.refusal(inbox / "x.pdf") == "a folder, not a file, though named like a document"
    assert discover.refusal(inbox / "pipe.xlsx") == "a named pipe (FIFO), not a file, though named like a document"
    assert discover.refusal(inbox / "absurd.txt") is None


def test_refused_entries_and_an_absurd_amount_in_a_run_summary(warehouse_dsn: str, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("BUDGETWH_INBOX_SETTLE_SECONDS", "0")
    inbox = _inbox(tmp_path)
    groups = discover.discover_groups(inbox)
    load_id = load.open_load(str(inbox))
    parsed = [parse.parse_group(g["paths"], tmp_path / "staging") for g in groups]
    loaded = load.load_raw(parsed, load_id, groups, [])
    run = summary.summarise(load_id, loaded)
    by_name = {f["file_name"]: f for f in run["files"]}
    assert sorted(by_name) == ["absurd.txt", "link_out.pdf", "pipe.xlsx", "x.pdf"]
    assert by_name["link_out.pdf"] == {
        "file_name": "link_out.pdf", "status": "unreadable", "document_id": None,
        "error": "link_out.pdf: cannot be read: a symbolic link leading out of the inbox: refused"}
    assert by_name["x.pdf"]["error"] == "x.pdf: cannot be read: a folder, not a file, though named like a document"
    assert by_name["pipe.xlsx"]["status"] == "unreadable"
    assert "secret" not in str(run)  # the target outside is never named, nor read
    assert by_name["absurd.txt"]["status"] == "loaded"  # the COPY did not fail on the 30-digit amount
    assert sorted(n.split(":")[0] for n in run["left_for_next_run"]) == ["download.xlsx.crdownload",
                                                                         "half.pdf.part", "~$draft.docx"]
    printed = format_summary(run)
    assert "left           ~$draft.docx: an office lock file" in printed
    assert "unreadable     link_out.pdf: cannot be read" in printed

    from ingest.warehouse import connection as warehouse

    with warehouse.connect(warehouse_dsn) as conn:
        findings = conn.execute(
            """select rule, severity, table_kind, row_label, column_name, file_name, message
               from raw.reading_finding where document_id = %s and rule = 'R05' order by finding_index""",
            (by_name["absurd.txt"]["document_id"],)).fetchall()
        amount = conn.execute(
            """select c.amount, c.published_text from raw.table_cell c where c.document_id = %s
               and c.published_text = %s""", (by_name["absurd.txt"]["document_id"], ABSURD)).fetchall()
    [(rule, severity, table, row, column, file, message), narrative] = findings
    assert narrative[:3] == ("R05", "error", None) and "narrative: the figure '9999" in narrative[6]
    assert (rule, severity, table, row, column, file) == ("R05", "error", "summary", "本年支出合计", "amount",
                                                          "absurd.txt")
    assert "more than the warehouse holds" in message
    assert amount == [(None, ABSURD)]  # the printed text kept, no value
