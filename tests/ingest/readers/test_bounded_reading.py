"""Files built to exhaust are refused within seconds, naming the limit (issue 12): a million-row XLSX
(its dimension declared, and not), a DOCX whose XML expands past the limit, a 3,000-page PDF; a file
over the time limit is stopped and the next one read. Each goes through ``parse_paths`` — what
``budgetwh parse`` and the nightly's parse stage both call — and the reading process's peak memory
stays under 1 GB. The files are written by tests/ingest/readers/hostile.py, never committed.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

import pytest

from ingest.pipeline import parse
from ingest.readers import bounded
from ingest.reading.parse import parse_paths
from tests.conftest import SEED, SHARED, require_shared
from tests.ingest.readers import hostile

GB_KB = 1 << 20  # ru_maxrss is in kB on Linux


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {
        "declared": hostile.million_row_xlsx(folder / "million_rows.xlsx"),
        "undeclared": hostile.million_row_xlsx(folder / "million_rows_no_dimension.xlsx", declared=False),
        "docx": hostile.docx_bomb(folder / "expands.docx"),
        "pdf": hostile.many_page_pdf(folder / "pages.pdf"),
    }


@pytest.mark.parametrize(("which", "named"), [
    ("declared", "sheet 1 ('Sheet1') has 1,000,000 rows (its dimension A1:A1000000), more than the limit of "
                 "200,000 rows (BUDGETWH_READ_MAX_ROWS)"),
    ("undeclared", "sheet 1 ('Sheet1') has more than the limit of 200,000 rows (BUDGETWH_READ_MAX_ROWS)"),
    ("docx", "over the limit of 80 MB (BUDGETWH_READ_MAX_UNZIPPED_MB)"),
    ("pdf", "it has 3,000 pages, more than the limit of 1,000 pages (BUDGETWH_READ_MAX_PAGES)"),
])
def test_a_file_built_to_exhaust_is_refused_within_seconds_naming_the_limit(hostile_files, which, named):
    bounded.stop()  # a fresh reading process: its peak is this file's
    started = time.monotonic()
    [doc] = parse_paths([hostile_files[which]])
    seconds = time.monotonic() - started
    assert doc.document.status == "rejected" and doc.document.reason.startswith("unreadable: ")
    assert named in doc.document.reason, doc.document.reason
    assert seconds < 30, seconds
    assert bounded.peak_kb is not None and bounded.peak_kb < GB_KB, bounded.peak_kb
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < GB_KB


def test_the_nightly_parse_stage_reports_it_unreadable_and_goes_on(hostile_files, tmp_path: Path):
    records = parse.parse_group([str(hostile_files["pdf"])], tmp_path / "staging")
    assert [(r["status"], r["error"]) for r in records] == [(
        "unreadable", "pages.pdf: cannot be read: it has 3,000 pages, more than the limit of 1,000 pages "
                      "(BUDGETWH_READ_MAX_PAGES)")]


def test_limits_are_settings(hostile_files, monkeypatch):
    monkeypatch.setenv("BUDGETWH_READ_MAX_PAGES", "5000")
    monkeypatch.setenv("BUDGETWH_READ_MAX_ROWS", "2000000")
    monkeypatch.setenv("BUDGETWH_READ_MAX_CELLS", "500000")
    [pdf] = parse_paths([hostile_files["pdf"]])  # now within the page limit: read, and found empty
    assert "BUDGETWH_READ_MAX_PAGES" not in pdf.document.reason, pdf.document.reason
    [xlsx] = parse_paths([hostile_files["undeclared"]])
    assert "more than the limit of 500,000 cells (BUDGETWH_READ_MAX_CELLS)" in xlsx.document.reason


def test_a_file_over_the_time_limit_is_stopped_and_the_next_is_read(monkeypatch):
    slow = require_shared(SHARED / "corpus" / "sh_putuo_finance_final_2024.pdf")
    quick = require_shared(SEED)
    monkeypatch.setenv("BUDGETWH_READ_TIMEOUT", "1")
    started = time.monotonic()
    [stopped, read] = sorted(parse_paths([slow, quick]), key=lambda d: d.document.source_files[0].name != slow.name)
    assert time.monotonic() - started < 30
    assert stopped.document.reason == ("unreadable: reading it took longer than the limit of 1 seconds "
                                       "(BUDGETWH_READ_TIMEOUT): stopped")
    assert read.document.status == "parsed", read.document.reason


def test_a_reading_over_the_memory_limit_is_named_and_the_next_file_read(monkeypatch):
    pdf = require_shared(SHARED / "corpus" / "sh_putuo_finance_final_2024.pdf")
    monkeypatch.setenv("BUDGETWH_READ_MEMORY_MB", "64")  # the reading process's address space
    [starved] = parse_paths([pdf])
    assert starved.document.reason == ("unreadable: reading it needs more memory than the limit of 64 MB "
                                       "(BUDGETWH_READ_MEMORY_MB)")
    monkeypatch.delenv("BUDGETWH_READ_MEMORY_MB")
    [read] = parse_paths([require_shared(SEED)])
    assert read.document.status == "parsed", read.document.reason
