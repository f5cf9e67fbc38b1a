"""The comparison report in a real browser: the demo load's report (written by the DAG's last task)
opened from disk in headless Chromium, driven over the DevTools protocol (chromium_cdp.py).

One browser session for the module. It checks that the page loads with no console error and no
request other than the file itself, that every chart has drawn marks under every filter setting,
that a filter changes what is shown, and that every figure the page shows for a department equals
the comparison mart (read back from the page, formatted independently here), and that the
budget-against-final-accounts section shows the demo's 决算 beside its budgets, with the figures of
mart_comparison__budget_vs_final. A screenshot is written beside the report for people to look at.
"""

from __future__ import annotations

import os
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import psycopg
import pytest
from chromium_cdp import Chromium

pytestmark = pytest.mark.slow

CENT = Decimal("0.01")
AMOUNT_FIELDS = {
    "expenditure_total", "basic_expenditure", "project_expenditure", "personnel_expenditure", "public_expenditure",
    "three_public_total", "three_public_abroad", "three_public_car", "three_public_car_purchase", "three_public_car_operation",
    "three_public_reception", "operating_costs", "expenditure_change", "three_public_change",
}
RATIO_FIELDS = {"basic_share", "personnel_share", "expenditure_change_pct", "three_public_change_pct"}
RANK_FIELDS = {"rank_expenditure_total", "rank_three_public_total"}
SIGNED_FIELDS = {"expenditure_change", "three_public_change", "expenditure_change_pct", "three_public_change_pct"}

# Script run in the page: every visible figure cell of the department tables, by document.
READ_FIGURES = """
(() => {
  const shown = el => { for (let n = el; n && n !== document.body; n = n.parentElement) { if (n.hidden) return false; } return true; };
  const out = [];
  document.querySelectorAll('table[data-table="ranking-total"], table[data-table="ranking-three-public"], table[data-table="department-history"]').forEach(table => {
    if (!shown(table)) return;
    table.querySelectorAll('tbody tr[data-document]').forEach(row => {
      row.querySelectorAll('td[data-field]').forEach(cell => out.push({
        table: table.dataset.table, document: row.dataset.document, field: cell.dataset.field,
        text: cell.textContent.trim(), value: cell.dataset.value}));
    });
  });
  return out;
})()
"""

CHART_MARKS = """
(() => Array.from(document.querySelectorAll('.chart[data-chart]')).map(div => ({
  id: div.dataset.chart, drawn: div.dataset.drawn || '', shown: div.getClientRects().length > 0,
  title: (div.querySelector('.gtitle') || {}).textContent || '',
  xTitle: (div.querySelector('.xtitle') || {}).textContent || '',
  yTitle: (div.querySelector('.ytitle') || {}).textContent || '',
  marks: Array.from(div.querySelectorAll('.main-svg .trace .point path')).filter(p => {
    const box = p.getBBox(); return box.width > 0 && box.height > 0; }).length,
})))()
"""

VISIBLE = """
(() => {
  const shown = el => { for (let n = el; n && n !== document.body; n = n.parentElement) { if (n.hidden) return false; } return true; };
  return {
    panels: Array.from(document.querySelectorAll('[data-panel]')).filter(shown).map(p => p.dataset.panel),
    departments: Array.from(document.querySelectorAll('article.department')).filter(shown).map(d => d.dataset.department),
    ranking: Array.from(document.querySelectorAll('table[data-table="ranking-total"] tbody tr')).filter(shown)
      .map(r => r.dataset.document),
  };
})()
"""

# Script run in the page: every visible row of the budget-against-final-accounts tables.
READ_BUDGET_VS_FINAL = """
(() => {
  const shown = el => { for (let n = el; n && n !== document.body; n = n.parentElement) { if (n.hidden) return false; } return true; };
  const out = [];
  document.querySelectorAll('#budget-final table[data-table="budget-vs-final"] tbody tr[data-department]').forEach(row => {
    if (!shown(row)) return;
    const fields = {};
    row.querySelectorAll('td[data-field]').forEach(cell => {
      fields[cell.dataset.field] = {text: cell.textContent.trim(), value: cell.dataset.value}; });
    out.push({department: row.dataset.department, name: row.querySelector('td').textContent.trim(), fields});
  });
  return out;
})()
"""
BVF_AMOUNTS = ("budget_expenditure_total", "final_expenditure_total", "budget_three_public_total",
               "final_three_public_total")
BVF_DIFFERENCES = ("expenditure_difference", "three_public_difference")

DEMO_REGION = ("Array.from(document.querySelectorAll('article.department'))"
               ".find(d => d.dataset.department.includes('演示区')).dataset.fRegion")


def wan(value) -> str:
    number = (Decimal(value) / 10000).quantize(CENT, rounding=ROUND_HALF_UP)
    return f"{number:,.2f}"


def percent(value) -> str:
    return f"{(Decimal(value) * 100).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}%"


def expected_text(field: str, value) -> str:
    if value is None:
        return "—"
    if field in RANK_FIELDS:
        return str(value)
    text = wan(value) if field in AMOUNT_FIELDS else percent(value)
    if field in SIGNED_FIELDS and Decimal(value) > 0:
        text = "+" + text
    return text


@pytest.fixture(scope="module")
def report_html(demo_load: dict) -> Path:
    from ingest.settings import report_dir

    tasks = {t["task_id"]: t["state"] for t in demo_load["tasks"]}
    assert tasks.get("report") == "success", tasks
    path = report_dir() / "comparison_report.html"
    assert path.exists(), f"the DAG's report task wrote no {path}"
    return path


@pytest.fixture(scope="module")
def page(chromium: str, report_html: Path):
    with Chromium(chromium) as browser:
        tab = browser.new_page(width=1360, height=900)
        tab.goto(report_html.as_uri())
        tab.evaluate("window.budgetwhReport.ready()")
        yield tab


@pytest.fixture(scope="module")
def filter_values(page) -> dict[str, list[str]]:
    return page.evaluate("""(() => { const out = {};
        ['region', 'year', 'phase', 'scope'].forEach(k => {
          out[k] = Array.from(document.getElementById('f-' + k).options).map(o => o.value); });
        return out; })()""")


@pytest.fixture
def conn(warehouse_dsn: str):
    with psycopg.connect(warehouse_dsn) as connection:
        yield connection


def test_the_page_loads_offline_with_no_console_error(page, report_html: Path):
    assert page.console_errors() == []
    urls = page.requested_urls()
    assert urls and all(u.startswith(("file://", "data:", "about:")) for u in urls), urls
    assert page.evaluate("document.title") == "部门预算对比报告"
    assert page.evaluate("typeof window.Plotly") == "object"
    head = report_html.read_text(encoding="utf-8")
    assert "<script src=" not in head and "<link rel=\"stylesheet\"" not in head


def test_every_chart_has_marks_titles_and_axes_under_every_filter(page, filter_values):
    seen: dict[str, dict] = {}  # marks are measured while shown (a hidden chart has no box)
    for region in filter_values["region"]:
        for year in filter_values["year"]:
            for phase in filter_values["phase"]:
                for scope in filter_values["scope"]:
                    page.evaluate(f"(async () => {{ const r = window.budgetwhReport; r.set('region', '{region}');"
                                  f" r.set('year', '{year}'); r.set('phase', '{phase}');"
                                  f" return r.set('scope', '{scope}'); }})()")
                    for chart in page.evaluate(CHART_MARKS):
                        if chart["shown"] and chart["marks"] >= seen.get(chart["id"], {}).get("marks", 0):
                            seen[chart["id"]] = chart
    total = page.evaluate("window.budgetwhReport.charts")
    assert total >= 10 and len(page.evaluate(CHART_MARKS)) == total
    assert len(seen) == total, "some charts were never shown under any filter setting"
    for chart in seen.values():
        assert chart["drawn"] == "yes", f"chart {chart['id']} ({chart['title']}) was not drawn when shown"
        assert chart["marks"] > 0, f"chart {chart['id']} ({chart['title']}) has no marks"
        assert chart["title"] and ("万元" in chart["title"] or "%" in chart["title"]), chart
        assert chart["xTitle"] and chart["yTitle"], f"chart {chart['title']} lacks an axis title: {chart}"
    assert page.console_errors() == []


def test_a_filter_changes_what_is_shown(page, filter_values):
    assert len(filter_values["year"]) >= 2 and len(filter_values["region"]) >= 2
    demo_region = page.evaluate(DEMO_REGION)
    first, second = filter_values["year"][:2]
    page.evaluate(f"window.budgetwhReport.set('region', '{demo_region}')")
    page.evaluate("window.budgetwhReport.set('phase', 'budget')")
    page.evaluate("window.budgetwhReport.set('scope', 'department')")
    page.evaluate(f"window.budgetwhReport.set('year', '{first}')")
    before = page.evaluate(VISIBLE)
    page.evaluate(f"window.budgetwhReport.set('year', '{second}')")
    after = page.evaluate(VISIBLE)
    assert len(before["panels"]) == len(after["panels"]) == 1
    assert before["panels"] != after["panels"] and set(before["ranking"]).isdisjoint(after["ranking"])
    other_region = next(r for r in filter_values["region"] if r != demo_region)
    page.evaluate(f"window.budgetwhReport.set('region', '{other_region}')")
    elsewhere = page.evaluate(VISIBLE)
    assert set(elsewhere["departments"]).isdisjoint(after["departments"]) and after["departments"]


def test_every_figure_shown_for_a_department_equals_the_mart(page, conn, filter_values):
    from ingest.report.queries import missing_marts

    assert missing_marts(conn) == [], "the comparison marts are not in the warehouse"
    checked = 0
    for year in filter_values["year"]:
        page.evaluate(f"window.budgetwhReport.set('year', '{year}')")
        for region in filter_values["region"]:
            page.evaluate(f"window.budgetwhReport.set('region', '{region}')")
            cells = page.evaluate(READ_FIGURES)
            documents = sorted({c["document"] for c in cells})
            cursor = conn.execute("select * from marts.mart_comparison__department_year where document_id = any(%s)",
                                  (documents,))
            columns = [c.name for c in cursor.description]
            mart = {row[columns.index("document_id")]: dict(zip(columns, row, strict=True)) for row in cursor}
            assert set(mart) == set(documents)
            for cell in cells:
                value = mart[cell["document"]][cell["field"]]
                where = f"{cell['table']} {cell['document'][:12]} {cell['field']}"
                assert cell["text"] == expected_text(cell["field"], value), where
                assert (Decimal(cell["value"]) if cell["value"] else None) == (
                    None if value is None else Decimal(value)), where
                checked += 1
    assert checked > 100, f"only {checked} figures read back"


def test_budget_against_final_accounts_shows_the_demo_finals(page, conn):
    """The demo publishes each department's 2023 决算 beside its 2023 budget: the section lists all six
    with real, different amounts and an execution rate of 85–105 %, each equal to the mart."""
    from ingest.demo.catalogue import DEPARTMENTS

    demo_region = page.evaluate(DEMO_REGION)
    page.evaluate(f"window.budgetwhReport.set('region', '{demo_region}')")
    page.evaluate("window.budgetwhReport.set('scope', 'department')")
    page.evaluate("window.budgetwhReport.set('year', '2023')")
    rows = page.evaluate(READ_BUDGET_VS_FINAL)
    cursor = conn.execute("select * from marts.mart_comparison__budget_vs_final"
                          " where region_sk = %s and fiscal_year = 2023 and scope = 'department'", (demo_region,))
    columns = [c.name for c in cursor.description]
    mart = {row[columns.index("department_key")]: dict(zip(columns, row, strict=True)) for row in cursor}
    assert len(mart) == len(DEPARTMENTS), "the demo's 决算 are not all paired with their budgets in the mart"
    assert sorted(r["department"] for r in rows) == sorted(mart)
    assert {r["name"] for r in rows} == {d.name for d in DEPARTMENTS}
    for row in rows:
        want, fields = mart[row["department"]], row["fields"]
        for field in BVF_AMOUNTS + BVF_DIFFERENCES + ("expenditure_execution_rate",):
            value = want[field]
            assert value is not None, (row["name"], field)
            if field in BVF_AMOUNTS:
                text = wan(value)
            elif field in BVF_DIFFERENCES:
                text = wan(value) if Decimal(value) <= 0 else "+" + wan(value)
            else:
                text = percent(value)
            assert fields[field]["text"] == text, (row["name"], field)
            assert Decimal(fields[field]["value"]) == Decimal(value), (row["name"], field)
        assert want["final_expenditure_total"] != want["budget_expenditure_total"], row["name"]
        assert Decimal("0.85") <= want["expenditure_execution_rate"] <= Decimal("1.05"), row["name"]
        assert want["final_expenditure_total"] == want["budget_expenditure_total"] + want["expenditure_difference"]
    charts = page.evaluate(CHART_MARKS)
    drawn = [c for c in charts if c["shown"] and "预算与决算" in c["title"]]
    assert len(drawn) == 1 and drawn[0]["drawn"] == "yes" and drawn[0]["marks"] > 0, drawn


def test_a_screenshot_is_written_for_people_to_look_at(page, report_html: Path, filter_values):
    page.evaluate(f"window.budgetwhReport.set('year', '{filter_values['year'][0]}')")
    demo_region = page.evaluate(DEMO_REGION)
    page.evaluate(f"window.budgetwhReport.set('region', '{demo_region}')")
    page.evaluate("window.scrollTo(0, 0)")
    shot = page.screenshot(report_html.with_name("comparison_report.png"), full_page=True, max_height=6000)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    print(f"\nscreenshot: {shot}")
    if os.environ.get("BUDGETWH_REPORT_SCREENSHOT"):
        page.screenshot(Path(os.environ["BUDGETWH_REPORT_SCREENSHOT"]), full_page=True, max_height=2600)


def test_the_poisoned_department_is_shown_as_printed_with_its_charts(page):
    """Issue 12: the department poisoned in every text field (poison.py) is in the page, named as
    printed (markup as text, control characters visible), and its charts are drawn with its name."""
    from ingest.escape import visible_controls
    from tests.ingest.report.poison import DEPARTMENT, PROJECT

    demo_region = page.evaluate(DEMO_REGION)
    for key, value in (("region", demo_region), ("year", "2024"), ("phase", "budget"), ("scope", "department")):
        page.evaluate(f"window.budgetwhReport.set('{key}', '{value}')")
    shown = page.evaluate("""(() => Array.from(document.querySelectorAll('article.department'))
        .filter(d => d.querySelector('h3').textContent.includes('毒局'))
        .map(d => ({name: d.querySelector('h3').firstChild.textContent.trim(), hidden: d.hidden,
                    projects: Array.from(d.querySelectorAll('details.project summary')).map(s => s.textContent),
                    chart: (d.querySelector('.chart') || {dataset: {}}).dataset.drawn || ''})))()""")
    assert len(shown) == 1, shown
    assert shown[0]["name"] == visible_controls(DEPARTMENT) and not shown[0]["hidden"]
    assert shown[0]["chart"] == "yes"
    assert any(p.startswith(visible_controls(PROJECT)) for p in shown[0]["projects"]), shown[0]["projects"]
    ticks = page.evaluate("""(() => Array.from(document.querySelectorAll('.chart[data-drawn="yes"]'))
        .filter(div => div.getClientRects().length > 0)
        .flatMap(div => Array.from(div.querySelectorAll('.ytick text, .xtick text')).map(t => t.textContent))
        .filter(t => t.includes('毒局')))()""")
    assert ticks and all(t.startswith('=HYPERLINK("x")<!--<script>') for t in ticks), ticks
    assert page.console_errors() == []
