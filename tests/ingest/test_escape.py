"""Escaping for each medium (ingest/escape.py), one poisoned string through each: the page's inline
JSON, the HTML text, plotly's labels, CSV and XLSX cells, the terminal and the e-mail alert."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from ingest.escape import (
    csv_cell,
    plotly_text,
    script_json,
    starts_formula,
    terminal,
    terminal_json,
    visible_controls,
)

POISON = [
    "<!--<script>局",
    "</script><script>alert(1)</script>局",
    '=HYPERLINK("http://evil.example/","点我")',
    "+1",
    "-1",
    "@SUM(A1:A9)",
    "\tTAB局",
    "\rCR局",
    "ESC\x1b[31m红\x1b[0m BEL\x07 NUL\x00 VT\x0b FF\x0c DEL\x7f CSI\x9b局",
    "\u202eRLO局\u202c \u2066isolate\u2069 \u200f",
    "line\u2028sep\u2029局",
    "lone \ud800 surrogate",
    "a & b <b>粗</b> 局",
]
TERMINAL_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


@pytest.mark.parametrize("text", POISON)
def test_script_json_cannot_open_a_comment_or_close_the_script_and_keeps_the_value(text: str):
    out = script_json({"name": text, "list": [text]})
    assert "<" not in out and ">" not in out and "&" not in out
    assert "\u2028" not in out and "\u2029" not in out
    out.encode("utf-8")  # no lone surrogate left raw
    assert json.loads(out) == {"name": text, "list": [text]}
    if "<" in text:
        assert "\\u003c" in out


@pytest.mark.parametrize("text", POISON)
def test_visible_controls_leaves_nothing_xml_forbids(text: str):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    out = visible_controls(text)
    assert not ILLEGAL_CHARACTERS_RE.search(out)
    out.encode("utf-8")
    assert visible_controls("ESC\x1b BEL\x07 NUL\x00") == "ESC␛ BEL␇ NUL␀"
    assert visible_controls("tab\tline\ncr\r") == "tab\tline\ncr\r"  # XML allows these


def test_plotly_text_shows_markup_as_printed():
    assert plotly_text("<!--<script>局") == "&lt;!--&lt;script&gt;局"
    assert plotly_text("a & <b>b</b>") == "a &amp; &lt;b&gt;b&lt;/b&gt;"
    assert plotly_text("教育局") == "教育局"


def test_formula_starts():
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "＝1"):
        assert starts_formula(text), text
        assert csv_cell(text) == "'" + text
    for text in ("教育局", "1-2", "a=b", ""):
        assert not starts_formula(text) and csv_cell(text) == text
    assert csv_cell(Decimal("-1.5")) == Decimal("-1.5") and csv_cell(None) is None and csv_cell(-3) == -3
    assert csv_cell("=A\x1b") == "'=A␛"


@pytest.mark.parametrize("text", POISON)
def test_terminal_shows_control_and_bidi_characters_escaped(text: str):
    out = terminal(text)
    assert not TERMINAL_UNSAFE.search(out), repr(out)
    out.encode("utf-8")
    assert terminal("a\x1b[31mb\x07c\u202ed\ne") == "a\\x1b[31mb\\x07c\\u202ed\ne"
    as_json = json.dumps({"name": text}, ensure_ascii=False, indent=2)
    safe = terminal_json(as_json)
    assert not TERMINAL_UNSAFE.search(safe.replace("\n", "")), repr(safe)
    if "\ud800" not in text:
        assert json.loads(safe) == {"name": text}


def test_the_run_summary_prints_no_raw_control_character():
    from ingest.pipeline.airflow_runner import format_summary

    name = POISON[8] + POISON[9]
    summary = {"state": "success", "run_id": "r", "load_id": "l", "inbox": "/in\x1b]0;title\x07",
               "files": [{"status": "unreadable", "error": f"{name}.pdf: unreadable", "file_name": name}],
               "documents": [{"status": "accepted", "department": name, "year": 2024, "document_id": "d" * 64,
                              "files": f"{name}.txt", "reasons": [f"[B07] {name}"]}]}
    text = format_summary(summary)
    assert not TERMINAL_UNSAFE.search(text.replace("\n", "")), repr(text)
    assert "\\x1b[31m" in text and "\\u202e" in text


def test_the_email_alert_escapes_markup_and_controls():
    from ingest.pipeline.alerts import Alert

    alert = Alert("quarantined", "budgetwh: 1 document quarantined", "■ <!--<script>局\x1b\x07 </pre><img src=x>")
    body = alert.as_html()
    assert "<script>" not in body and "<img" not in body and "</pre><img" not in body
    assert "\x1b" not in body and "␛␇" in body and "&lt;!--&lt;script&gt;局" in body


def _row(name: str) -> dict:
    return {"department_name": name, "region_path": name, "fiscal_year": 2024, "phase": "budget",
            "scope": "department", "expenditure_total": Decimal("-12345"), "document_id": name}


def test_csv_and_xlsx_cells_from_data_are_never_formulas(tmp_path: Path):
    from openpyxl import load_workbook

    from ingest.report.exports import DEPARTMENT_YEAR_COLUMNS, write_csv, write_xlsx

    rows = [_row(name) for name in POISON if "\ud800" not in name]
    csv_path = write_csv(tmp_path / "t.csv", DEPARTMENT_YEAR_COLUMNS, rows)
    xlsx_path = write_xlsx(tmp_path / "t.xlsx", [("表", DEPARTMENT_YEAR_COLUMNS, rows)])  # no IllegalCharacterError
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        body = list(csv.reader(handle))[1:]
    assert len(body) == len(rows)
    for line in body:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in line if cell != "-1.2345"), line
        assert "-1.2345" in line  # amounts stay numbers
    book = load_workbook(xlsx_path)
    cells = [cell for sheet in book for row in sheet.iter_rows() for cell in row]
    assert cells and not [c.coordinate for c in cells if c.data_type == "f"]
    names = [c.value for c in book["表"]["B"][1:]]
    assert '=HYPERLINK("http://evil.example/","点我")' in names and "+1" in names and "-1" in names
    assert all(not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", n) for n in names)
    quoted = {c.value: c.quotePrefix for c in book["表"]["B"][1:]}
    assert quoted["=HYPERLINK(\"http://evil.example/\",\"点我\")"] and quoted["@SUM(A1:A9)"] and not quoted["a & b <b>粗</b> 局"]


def test_the_page_keeps_its_scripts_whole_and_shows_the_names(tmp_path: Path):
    """Poisoned department names in the report page: each <script> element ends where the page ends it,
    the chart data parse back to the names (as plotly text), and the HTML text shows them escaped."""
    from ingest.report.build import render_html
    from ingest.report.queries import ReportData

    names = ["<!--<script>局", "</script><b>乙局", "=HYPERLINK(\"x\")局", "ESC\x1b BEL\x07 RLO\u202e局"]
    rows = [{**_row(name), "department_key": f"k/{i}", "department_sk": str(i), "region_sk": "r",
             "region_name": "样例区", "region_path": "样例省 > 样例区", "expenditure_total": Decimal(1000 * (i + 1)),
             "basic_expenditure": Decimal(600 * (i + 1)), "project_expenditure": Decimal(400 * (i + 1)),
             **dict.fromkeys(("personnel_expenditure", "public_expenditure", "basic_share", "project_share",
                              "personnel_share", "public_share", "three_public_total", "three_public_abroad",
                              "three_public_car", "three_public_car_purchase", "three_public_car_operation",
                              "three_public_reception", "operating_costs", "prior_expenditure_total",
                              "expenditure_change", "expenditure_change_pct", "prior_three_public_total",
                              "three_public_change", "three_public_change_pct")),
             "rank_expenditure_total": i + 1, "rank_three_public_total": None}
            for i, name in enumerate(names)]
    data = ReportData(department_years=rows, function_subjects=[], documents=[], findings=[], projects=[],
                      targets=[], budget_vs_final=[])
    html, charts, departments = render_html(data, tmp_path)
    assert departments == len(names) and charts >= 1
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", html, re.S)
    assert len(scripts) == 6  # four JSON blocks, plotly.js, the page's script: none cut short
    specs = json.loads(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)[1])
    drawn = {y for spec in specs.values() for trace in spec["data"] for y in (trace.get("y") or [])
             if isinstance(y, str)}
    assert {plotly_text(n) for n in names} <= drawn
    body = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S)
    assert "<!--<script>" not in body and "</script><b>" not in body and "\x1b" not in body and "\x07" not in body
    assert "&lt;!--&lt;script&gt;局" in body and "ESC␛ BEL␇ RLO\u202e局" in body
