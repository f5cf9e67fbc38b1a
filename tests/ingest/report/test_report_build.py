"""The report without a browser: number formatting, the page built from hand-made rows (budget
against final accounts, from rows chosen here; the demo load's own 决算 are checked in the browser
test), and `budgetwh report --out` on the demo load, whose CSV and XLSX tables must equal the
comparison marts."""

from __future__ import annotations

import csv
import json
import re
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

from ingest.cli import main
from ingest.report.build import render_html
from ingest.report.formatting import function_label, pct, signed_wan, wan
from ingest.report.queries import ReportData

REGION = "r1"


def test_amounts_print_in_wan_with_separators_rounded_half_up():
    assert wan(Decimal("16602900.00")) == "1,660.29"
    assert wan(Decimal("123456789.00")) == "12,345.68"
    assert wan(Decimal("50")) == "0.01" and wan(Decimal("49.99")) == "0.00"
    assert wan(None) == "—" and wan(Decimal("0")) == "0.00"
    assert signed_wan(Decimal("12300")) == "+1.23" and signed_wan(Decimal("-40000")) == "-4.00"
    assert pct(Decimal("0.443650")) == "44.37%" and pct(Decimal("0.1"), signed=True) == "+10.00%"
    assert function_label("十三、农林水支出") == "农林水支出" and function_label("教育支出") == "教育支出"


def _row(name: str, year: int, phase: str, total: int, three: int, **extra) -> dict:
    basic = total * 6 // 10
    row = {
        "document_id": f"doc-{name}-{year}-{phase}", "department_key": f"k/{name}", "department_sk": name,
        "department_name": name, "region_sk": REGION, "region_name": "样例区", "region_path": "样例省 > 样例区",
        "fiscal_year": year, "phase": phase, "scope": "department",
        "expenditure_total": Decimal(total), "basic_expenditure": Decimal(basic),
        "project_expenditure": Decimal(total - basic), "personnel_expenditure": Decimal(basic * 9 // 10),
        "public_expenditure": Decimal(basic - basic * 9 // 10), "basic_share": Decimal("0.6"),
        "project_share": Decimal("0.4"), "personnel_share": Decimal("0.9"), "public_share": Decimal("0.1"),
        "three_public_total": Decimal(three), "three_public_abroad": None, "three_public_car": Decimal(three - 1000),
        "three_public_car_purchase": None,
        "three_public_car_operation": Decimal(three - 1000), "three_public_reception": Decimal(1000),
        "operating_costs": Decimal(basic // 10), "prior_expenditure_total": None, "expenditure_change": None,
        "expenditure_change_pct": None, "prior_three_public_total": None, "three_public_change": None,
        "three_public_change_pct": None, "rank_expenditure_total": 1, "rank_three_public_total": 1,
    }
    row.update(extra)
    return row


def _bvf(name: str, budget: int, final: int) -> dict:
    return {"department_key": f"k/{name}", "department_name": name, "region_sk": REGION, "region_name": "样例区",
            "fiscal_year": 2024, "scope": "department", "budget_expenditure_total": Decimal(budget),
            "final_expenditure_total": Decimal(final), "expenditure_difference": Decimal(final - budget),
            "expenditure_execution_rate": Decimal(final) / Decimal(budget),
            "budget_three_public_total": Decimal(50000), "final_three_public_total": Decimal(42000),
            "three_public_difference": Decimal(-8000)}


@pytest.fixture
def sample() -> ReportData:
    rows = [_row("甲局", 2024, "budget", 12_345_600, 56_000), _row("乙局", 2024, "budget", 8_000_000, 30_000,
                                                                 rank_expenditure_total=2, rank_three_public_total=2),
            _row("甲局", 2024, "final", 11_000_000, 42_000), _row("乙局", 2024, "final", 8_100_000, 31_000,
                                                                rank_expenditure_total=2, rank_three_public_total=2)]
    return ReportData(department_years=rows, function_subjects=[], documents=[], findings=[],
                      projects=[], targets=[], budget_vs_final=[_bvf("甲局", 12_345_600, 11_000_000),
                                                                 _bvf("乙局", 8_000_000, 8_100_000)])


def test_budget_against_final_accounts_is_tabled_and_charted(sample: ReportData, tmp_path: Path):
    html, charts, departments = render_html(sample, tmp_path)
    assert departments == 2
    block = html[html.index('<section id="budget-final">'):html.index('<section id="departments">')]
    assert 'data-table="budget-vs-final"' in block and 'class="chart" data-chart=' in block
    assert 'data-field="budget_expenditure_total" data-value="12345600">1,234.56<' in block
    assert 'data-field="final_expenditure_total" data-value="11000000">1,100.00<' in block
    assert 'data-field="expenditure_difference" data-value="-1345600">-134.56<' in block
    assert ">101.25%<" in block  # 乙局: 810 / 800
    specs = json.loads(re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)[1])
    titles = [s["layout"]["title"]["text"] for s in specs.values()]
    assert any("预算与决算" in t for t in titles)
    for spec in specs.values():
        assert spec["layout"]["title"]["text"]
        assert spec["layout"]["xaxis"].get("title", {}).get("text") and spec["layout"]["yaxis"].get("title", {}).get("text")


def test_the_page_has_no_reference_outside_itself(sample: ReportData, tmp_path: Path):
    html, _, _ = render_html(sample, tmp_path)
    markup = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)  # plotly.js mentions its site
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", markup)
    assert '<script src=' not in html and 'rel="stylesheet"' not in html
    assert html.count("<script>") == 2  # plotly.js and the page's script, both inline


@pytest.fixture(scope="module")
def cli_report(demo_load: dict, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report-cli")
    result = CliRunner().invoke(main, ["report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "comparison_report.html" in result.output
    return out


def test_cli_writes_the_page_and_its_tables(cli_report: Path):
    names = {p.name for p in cli_report.iterdir()}
    assert {"comparison_report.html", "department_year.csv", "function_subject.csv", "budget_vs_final.csv",
            "comparison_tables.xlsx"} <= names
    assert (cli_report / "comparison_report.html").stat().st_size > 1_000_000  # plotly.js is inside


def test_csv_and_xlsx_tables_equal_the_mart(cli_report: Path, warehouse_dsn: str):
    from openpyxl import load_workbook

    with psycopg.connect(warehouse_dsn) as conn:
        mart = {r[0]: r[1:] for r in conn.execute(
            "select document_id, expenditure_total, three_public_total, rank_expenditure_total "
            "from marts.mart_comparison__department_year").fetchall()}
    with (cli_report / "department_year.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(mart)
    for row in rows:
        total, three, rank = mart[row["文件编号（document_id）"]]
        assert Decimal(row["支出合计（万元）"]) * 10000 == total
        assert (Decimal(row["“三公”经费合计（万元）"]) * 10000 if row["“三公”经费合计（万元）"] else None) == three
        assert int(row["支出合计排名"]) == rank
    book = load_workbook(cli_report / "comparison_tables.xlsx", read_only=True)
    assert book.sheetnames == ["部门年度对比", "功能分类构成", "预算与决算"]
    sheet = list(book["部门年度对比"].iter_rows(values_only=True))
    header, body = sheet[0], sheet[1:]
    total_col, id_col = header.index("支出合计（万元）"), header.index("文件编号（document_id）")
    assert len(body) == len(mart)
    for line in body:
        assert Decimal(str(line[total_col])) * 10000 == mart[line[id_col]][0]


def _held_back(name: str, status: str, errors: int, reading_errors: int) -> dict:
    return {"document_id": f"{name}-2024", "department_key": f"k/{name}", "department_name": name,
            "fiscal_year": 2024, "phase": "budget", "scope": "department", "status": status, "is_published": False,
            "error_count": errors, "warn_count": 0, "reading_error_count": reading_errors, "finding_count": errors,
            "source_file_names": f"{name}.pdf"}


def _finding(name: str, status: str, rule: str, kind: str, message: str) -> dict:
    return {"finding_id": hash(rule) % 1000, "document_id": f"{name}-2024", "department_key": f"k/{name}",
            "department_name": name, "fiscal_year": 2024, "phase": "budget", "scope": "department",
            "document_status": status, "is_published_document": False, "rule_id": rule, "severity": "error",
            "finding_kind": kind, "message": message, "table_kind": "expenditure", "row_label": "201",
            "column_name": "basic", "file_name": f"{name}.pdf", "page": 3, "left_value": None,
            "right_value": None, "difference": None, "is_waived": False, "waiver_reason": None, "load_id": "l"}


def test_the_load_overview_tells_could_not_be_read_from_does_not_add_up(sample: ReportData, tmp_path: Path):
    """Issue 11: a document the reader could not read (unread, an R01 reading error) and one that does
    not add up (quarantined, a B07 document error) are counted, listed and labelled apart."""
    sample.documents = [_held_back("丙局", "unread", 1, 1), _held_back("丁局", "quarantined", 1, 0)]
    sample.findings = [_finding("丙局", "unread", "R01", "reading", "单元格“416.8O”不是金额"),
                       _finding("丁局", "quarantined", "B07", "document", "合计 ≠ 基本支出 + 项目支出")]
    html, _, _ = render_html(sample, tmp_path)
    overview = html[html.index('<section id="overview">'):html.index('<section id="compare">')]
    assert re.search(r'id="count-unread">1<', overview) and re.search(r'id="count-quarantined">1<', overview)
    held = overview[overview.index('id="held-back"'):]
    unread = re.search(r'<li class="held-unread">(.*?)</li>', held, re.S)[1]
    quarantined = re.search(r'<li class="held-quarantined">(.*?)</li>', held, re.S)[1]
    assert "丙局" in unread and "未能读取" in unread and "不是文件本身的错误" in unread and "丁局" not in unread
    assert "丁局" in quarantined and "数字不符" in quarantined and "丙局" not in quarantined
    findings = html[html.index('<section id="findings">'):]
    r01 = findings[findings.index("R01"):findings.index("</tr>", findings.index("R01"))]
    b07 = findings[findings.index("B07"):findings.index("</tr>", findings.index("B07"))]
    assert "读取问题" in r01 and "未能读取" in r01
    assert "文件问题" in b07 and "已隔离：数字不符" in b07
