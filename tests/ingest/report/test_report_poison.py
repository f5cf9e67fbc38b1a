"""Issue 12: a document poisoned in every text field (poison.py) through the whole pipeline, in the
demo load (conftest.py). The run succeeds and publishes it on its merits; raw keeps every poisoned
text byte for byte; the report's CSV and XLSX cells from data never start a formula and the XLSX has
no formula cell; the printed summary holds no raw control character. The browser test
(test_report_browser.py) opens its report: every chart drawn, the department present."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import psycopg
import pytest

from tests.ingest.report.poison import DEPARTMENT, FILE_NAME, INDICATOR, NARRATIVE, PROJECT, TABLE_TITLE

pytestmark = pytest.mark.slow

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
TERMINAL_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def conn(warehouse_dsn: str):
    with psycopg.connect(warehouse_dsn) as connection:
        yield connection


def _poisoned_id(conn) -> str:
    rows = conn.execute("select document_id from raw.document where department = %s", (DEPARTMENT,)).fetchall()
    assert len(rows) == 1, "the poisoned document is not in raw.document under its exact name"
    return rows[0][0]


def test_the_run_succeeds_and_publishes_the_poisoned_document(demo_load: dict, conn):
    assert demo_load["state"] == "success"
    assert {t["task_id"]: t["state"] for t in demo_load["tasks"]}.get("report") == "success"
    document_id = _poisoned_id(conn)
    status = conn.execute("select status from audit.document_status where document_id = %s"
                          " order by decided_at desc limit 1", (document_id,)).fetchone()
    assert status and status[0] == "accepted", status  # it adds up; its only finding is a warning (R03)
    names = {r[0] for r in conn.execute("select department_name from marts.mart_comparison__department_year")}
    assert DEPARTMENT in names


def test_raw_keeps_every_poisoned_text_byte_for_byte(demo_load: dict, conn):
    document_id = _poisoned_id(conn)
    files = {r[0] for r in conn.execute("select file_name from raw.source_file where document_id = %s",
                                        (document_id,))}
    assert files == {FILE_NAME}
    projects = {r[0] for r in conn.execute("select project from raw.performance_target where document_id = %s",
                                           (document_id,))}
    assert PROJECT in projects
    indicators = {r[0] for r in conn.execute("select level3 from raw.performance_indicator where document_id = %s",
                                             (document_id,))}
    assert INDICATOR in indicators
    narrative = [r[0] for r in conn.execute("select sentence from raw.narrative_fact where document_id = %s",
                                            (document_id,))]
    assert any(NARRATIVE in text for text in narrative), "the poisoned sentence is not kept as printed"
    messages = [r[0] for r in conn.execute("select message from raw.reading_finding where document_id = %s",
                                           (document_id,))]
    assert any(TABLE_TITLE in m or repr(TABLE_TITLE)[1:-1] in m for m in messages), messages


def test_no_csv_or_xlsx_cell_from_data_starts_a_formula(demo_load: dict):
    from openpyxl import load_workbook

    from ingest.settings import report_dir

    out = report_dir()
    seen_department = False
    for name in ("department_year.csv", "function_subject.csv", "budget_vs_final.csv"):
        with (out / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in list(csv.reader(handle))[1:]:
                for cell in row:
                    if cell.startswith(FORMULA_STARTS):  # a number may be negative, text may not
                        assert re.fullmatch(r"-\d+(\.\d+)?", cell), (name, cell)
                seen_department |= any("毒局" in cell for cell in row)
    assert seen_department
    path = out / "comparison_tables.xlsx"
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and not any("<f>" in s or "<f " in s for s in sheets), "a formula cell in the XLSX"
    book = load_workbook(path)
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    poisoned = [c for c in cells if isinstance(c.value, str) and "毒局" in c.value]
    assert poisoned and all(c.value.startswith("=HYPERLINK") and c.quotePrefix for c in poisoned)
    assert all("\x1b" not in c.value and "\x07" not in c.value for c in poisoned)  # shown as ␛ ␇


def test_the_printed_summary_has_no_raw_control_character(demo_load: dict):
    from ingest.pipeline.airflow_runner import format_summary

    text = format_summary(demo_load)
    assert "毒局" in text and "\\x1b" in text
    assert not TERMINAL_UNSAFE.search(text), repr(TERMINAL_UNSAFE.findall(text))


def test_the_report_page_keeps_its_scripts_whole(demo_load: dict):
    from ingest.settings import report_dir

    html = Path(report_dir() / "comparison_report.html").read_text(encoding="utf-8")
    assert html.count("</script>") == 6  # four JSON blocks, plotly.js and the page's script
    body = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)
    assert "<!--<script>" not in body and "\x1b" not in body and "\x07" not in body
    assert "&lt;!--&lt;script&gt;" in body
