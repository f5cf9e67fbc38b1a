"""Build the comparison report: read the marts, draw the charts, render one self-contained HTML file,
export the comparison tables (CSV, XLSX).

The page opens from disk with no network: its CSS, its script and plotly.js (from the plotly
package) are inlined, and the chart data travel as JSON inside the page (``script_json``: no ``<`` in
it can open a comment or close the script). Text from documents is escaped for where it goes
(ingest/escape.py): jinja's autoescape and visible control characters in the HTML, plotly's markup
in the charts. Filters (region, year, phase, scope) show and hide blocks that carry ``data-f-*``
attributes; the charts of a block are drawn when it is first shown.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from ingest.escape import script_json, visible_controls
from ingest.report import charts
from ingest.report.formatting import (
    DASH,
    FINDING_KIND_NAMES,
    SEVERITY_NAMES,
    STATUS_NAMES,
    function_label,
    pct,
    phase_name,
    plain,
    scope_name,
    signed_wan,
    wan,
)
from ingest.report.queries import ReportData

REPORT_FILE = "comparison_report.html"
BEIJING = timezone(timedelta(hours=8), "北京时间")


@dataclass
class ReportResult:
    html: Path
    exports: dict[str, Path]
    charts: int
    departments: int

    def as_dict(self) -> dict[str, Any]:
        return {"html": str(self.html), "exports": {k: str(v) for k, v in self.exports.items()},
                "charts": self.charts, "departments": self.departments}


def anchor(prefix: str, key: str) -> str:
    return f"{prefix}-{hashlib.md5(key.encode('utf-8')).hexdigest()[:10]}"


class ChartBook:
    """Collects the figures of the page under stable ids."""

    def __init__(self) -> None:
        self.specs: dict[str, dict[str, Any]] = {}

    def add(self, key: str, spec: dict[str, Any] | None) -> str | None:
        if spec is None:
            return None
        chart_id = anchor("chart", key)
        self.specs[chart_id] = spec
        return chart_id


def _group(rows: Iterable[dict[str, Any]], *keys: str) -> dict[tuple, list[dict[str, Any]]]:
    out: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        out[tuple(row[k] for k in keys)].append(row)
    return out


def _relative_link(target: Path, out_dir: Path) -> str:
    try:
        return Path(os.path.relpath(target, out_dir)).as_posix()
    except ValueError:  # another drive
        return target.as_uri()


def _gx_links(gx_dir: Path | None, out_dir: Path) -> dict[str, Any] | None:
    if gx_dir is None or not (gx_dir / "index.html").exists():
        return None
    validations = sorted((gx_dir / "validations").glob("*/*/*/*.html")) if (gx_dir / "validations").exists() else []
    latest: dict[str, Path] = {}
    for page in validations:  # validations/<suite>/<batch>/<run time>/<file>.html: keep each suite's newest
        suite = page.relative_to(gx_dir / "validations").parts[0]
        if suite not in latest or page.parent.name > latest[suite].parent.name:
            latest[suite] = page
    return {"index": _relative_link(gx_dir / "index.html", out_dir), "path": str(gx_dir / "index.html"),
            "suites": [{"suite": s, "href": _relative_link(p, out_dir), "run": p.parent.name}
                       for s, p in sorted(latest.items())]}


def _overview(data: ReportData, out_dir: Path, gx_dir: Path | None) -> dict[str, Any]:
    docs = data.documents
    published = [d for d in docs if d["is_published"]]
    quarantined = [d for d in docs if d["status"] == "quarantined"]  # does not add up
    unread = [d for d in docs if d["status"] == "unread"]  # could not be read
    warned = [d for d in published if d["warn_count"]]
    shown = {r["department_key"] for r in data.department_years}  # departments with a section
    documents = []
    for d in docs:
        documents.append({
            **d,
            "status_name": STATUS_NAMES.get(d["status"], d["status"]) if d["is_published"] or d["status"] != "accepted"
            else "已接受（已被新版本取代）",
            "phase_name": phase_name(d["phase"]),
            "scope_name": scope_name(d["scope"]),
            "findings_anchor": anchor("doc", d["document_id"]) if d["finding_count"] else None,
            "department_anchor": anchor("dept", d["department_key"]) if d["department_key"] in shown else None,
        })
    load = data.load or {}
    files = load.get("files") or []
    return {
        "published": len(published),
        "quarantined": len(quarantined),
        "unread": len(unread),
        "held_back": {status: [doc for doc in documents if doc["status"] == status]
                      for status in ("unread", "quarantined")},
        "warned": len(warned),
        "departments": len({d["department_key"] for d in data.department_years}),
        "regions": len({d["region_sk"] for d in data.department_years}),
        "documents": documents,
        "gx": _gx_links(gx_dir, out_dir),
        "load": {
            "load_id": load.get("load_id"),
            "files": len(files),
            "by_status": {s: sum(f.get("status") == s for f in files)
                          for s in ("loaded", "already_loaded", "rejected", "unreadable", "failed")},
            "problem_files": [f for f in files if f.get("status") in ("rejected", "unreadable", "failed")],
            "failed_steps": load.get("failed_steps") or [],
        } if load else None,
    }


def _cells(row: dict[str, Any], fields: Iterable[str]) -> dict[str, dict[str, str]]:
    return {f: {"text": wan(row.get(f)), "value": plain(row.get(f))} for f in fields}


def _department_row(row: dict[str, Any]) -> dict[str, Any]:
    """A department-year row with everything the tables print, formatted."""
    amounts = ("expenditure_total", "basic_expenditure", "project_expenditure", "personnel_expenditure",
               "public_expenditure", "three_public_total", "three_public_abroad", "three_public_car",
               "three_public_car_purchase",
               "three_public_car_operation", "three_public_reception", "operating_costs",
               "prior_expenditure_total", "expenditure_change", "three_public_change")
    shares = ("basic_share", "project_share", "personnel_share", "public_share")
    view = {**row, "cells": _cells(row, amounts),
            "shares": {f: {"text": pct(row.get(f)), "value": plain(row.get(f))} for f in shares},
            "changes": {
                "expenditure_change": {"text": signed_wan(row.get("expenditure_change")),
                                       "value": plain(row.get("expenditure_change"))},
                "expenditure_change_pct": {"text": pct(row.get("expenditure_change_pct"), signed=True),
                                           "value": plain(row.get("expenditure_change_pct"))},
                "three_public_change": {"text": signed_wan(row.get("three_public_change")),
                                        "value": plain(row.get("three_public_change"))},
                "three_public_change_pct": {"text": pct(row.get("three_public_change_pct"), signed=True),
                                            "value": plain(row.get("three_public_change_pct"))},
            },
            "phase_name": phase_name(row["phase"]), "scope_name": scope_name(row["scope"]),
            "department_anchor": anchor("dept", row["department_key"])}
    return view


def _function_matrix(rows: list[dict[str, Any]], departments: list[str]) -> dict[str, Any]:
    """Function classes (类) × departments: amount and share of each department's total."""
    classes: dict[str, str] = {}
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        if r["subject_level"] != 1:
            continue
        classes.setdefault(r["function_code"], function_label(r["function_name"]) or r["function_code"])
        cells[(r["function_code"], r["department_name"])] = {
            "text": wan(r["amount_yuan"]), "value": plain(r["amount_yuan"]), "share": pct(r["share_of_total"])}
    empty = {"text": DASH, "value": "", "share": ""}
    return {"departments": departments,
            "rows": [{"code": code, "name": classes[code],
                      "cells": [cells.get((code, name), empty) for name in departments]}
                     for code in sorted(classes)]}


def _panels(data: ReportData, book: ChartBook) -> list[dict[str, Any]]:
    functions = _group(data.function_subjects, "region_sk", "fiscal_year", "phase", "scope")
    regions = {r["department_key"]: r["region_sk"] for r in data.department_years}
    held_back = _group([{**d, "region_sk": regions.get(d["department_key"])} for d in data.documents
                        if d["status"] == "quarantined"], "region_sk", "fiscal_year", "phase", "scope")
    panels = []
    for (region_sk, year, phase, scope), rows in _group(
            data.department_years, "region_sk", "fiscal_year", "phase", "scope").items():
        rows = sorted(rows, key=lambda r: (r["rank_expenditure_total"] or 10**9, r["department_name"]))
        region = rows[0]["region_name"] or DASH
        label = f"{region} {year}年{phase_name(phase)}（{scope_name(scope)}）"
        key = f"{region_sk}|{year}|{phase}|{scope}"
        names = [r["department_name"] for r in rows]
        has_prior = any(r["prior_expenditure_total"] is not None for r in rows)
        panels.append({
            "region_sk": region_sk, "year": year, "phase": phase, "scope": scope, "label": label,
            "region": region, "region_path": rows[0]["region_path"],
            "rows": [_department_row(r) for r in rows],
            "three_public_rows": [_department_row(r) for r in sorted(
                rows, key=lambda r: (r["rank_three_public_total"] or 10**9, r["department_name"]))],
            "totals": {"expenditure_total": wan(sum((r["expenditure_total"] or 0) for r in rows)),
                       "three_public_total": wan(sum((r["three_public_total"] or 0) for r in rows))},
            "functions": _function_matrix(functions.get((region_sk, year, phase, scope), []), names),
            "has_prior": has_prior,
            "held_back": [{**d, "findings_anchor": anchor("doc", d["document_id"])}
                          for d in held_back.get((region_sk, year, phase, scope), [])],
            "charts": {
                "total": book.add(key + "|total", charts.ranking_by_total(rows, f"{label}：部门支出合计排名（万元）")),
                "three_public": book.add(key + "|three", charts.ranking_by_three_public(
                    rows, f"{label}：“三公”经费排名（万元）")),
                "functions": book.add(key + "|functions", charts.function_mix(
                    functions.get((region_sk, year, phase, scope), []), names,
                    f"{label}：按支出功能分类（类）的支出构成（万元）")),
                "shares": book.add(key + "|shares", charts.shares(rows, f"{label}：支出结构占比（%）")),
                "yoy": book.add(key + "|yoy", charts.year_over_year(rows, f"{label}：比上年增减（%）")),
            },
        })
    panels.sort(key=lambda p: (p["region_path"] or "", -p["year"], p["phase"], p["scope"]))
    return panels


def _budget_vs_final(data: ReportData, book: ChartBook) -> list[dict[str, Any]]:
    blocks = []
    for (region_sk, year, scope), rows in _group(data.budget_vs_final, "region_sk", "fiscal_year", "scope").items():
        rows = sorted(rows, key=lambda r: r["department_name"])
        label = f"{rows[0]['region_name'] or DASH} {year}年（{scope_name(scope)}）"
        view = []
        for r in rows:
            amounts = ("budget_expenditure_total", "final_expenditure_total", "budget_three_public_total",
                       "final_three_public_total")
            view.append({**r, "cells": _cells(r, amounts),
                         "difference": {"text": signed_wan(r["expenditure_difference"]),
                                        "value": plain(r["expenditure_difference"])},
                         "three_public_difference": {"text": signed_wan(r["three_public_difference"]),
                                                     "value": plain(r["three_public_difference"])},
                         "rate": {"text": pct(r["expenditure_execution_rate"]),
                                  "value": plain(r["expenditure_execution_rate"])},
                         "department_anchor": anchor("dept", r["department_key"])})
        blocks.append({"region_sk": region_sk, "year": year, "scope": scope, "label": label, "rows": view,
                       "chart": book.add(f"bvf|{region_sk}|{year}|{scope}", charts.budget_vs_final(
                           rows, f"{label}：预算与决算支出合计对比（万元）"))})
    return blocks


def _finding_view(f: dict[str, Any]) -> dict[str, Any]:
    def number(value: Any) -> str:
        return DASH if value is None else wan(value)

    return {**f, "severity_name": SEVERITY_NAMES.get(f["severity"], f["severity"]),
            "kind_name": FINDING_KIND_NAMES.get(f.get("finding_kind") or "", f.get("finding_kind") or DASH),
            "left": number(f["left_value"]), "right": number(f["right_value"]),
            "difference_text": number(f["difference"]),
            "status_name": STATUS_NAMES.get(f["document_status"] or "", f["document_status"] or DASH)}


def _departments(data: ReportData, book: ChartBook) -> list[dict[str, Any]]:
    by_department = _group(data.department_years, "department_key")
    functions = _group(data.function_subjects, "document_id")
    targets = _group(data.targets, "project_sk")
    projects = _group(data.projects, "document_id")
    findings = _group(data.findings, "department_key")
    documents = _group(data.documents, "department_key")
    out = []
    for (key,), rows in by_department.items():
        rows = sorted(rows, key=lambda r: (-r["fiscal_year"], r["phase"], r["scope"]))
        latest = rows[0]
        blocks = []
        for r in rows:
            document_projects = [{**p, "targets": targets.get((p["project_sk"],), [])}
                                 for p in projects.get((r["document_id"],), [])]
            function_rows = [
                {**f, "function_name": function_label(f["function_name"]) or f["function_name"],
                 "text": wan(f["amount_yuan"]), "value": plain(f["amount_yuan"]),
                 "share": pct(f["share_of_total"])}
                for f in sorted(functions.get((r["document_id"],), []), key=lambda f: f["function_code"])
                if f["subject_level"] in (1, 2)
            ]
            blocks.append({"year": r["fiscal_year"], "phase": r["phase"], "scope": r["scope"],
                           "label": f"{r['fiscal_year']}年{phase_name(r['phase'])}（{scope_name(r['scope'])}）",
                           "row": _department_row(r), "functions": function_rows, "projects": document_projects,
                           "document_id": r["document_id"]})
        # documents of this department that are not published (unread, quarantined): their findings say why
        held_back = [{**d, "status_name": STATUS_NAMES.get(d["status"], d["status"]),
                      "phase_name": phase_name(d["phase"]), "scope_name": scope_name(d["scope"])}
                     for d in documents.get((key,), []) if not d["is_published"]]
        out.append({
            "key": key, "name": latest["department_name"], "anchor": anchor("dept", key),
            "region_sk": latest["region_sk"], "region": latest["region_path"] or latest["region_name"] or DASH,
            "history": [_department_row(r) for r in rows],
            "chart": book.add(f"dept|{key}", charts.department_history(
                rows, f"{latest['department_name']}：历年支出（万元）")),
            "blocks": blocks,
            "findings": [_finding_view(f) for f in findings.get((key,), [])],
            "held_back": held_back,
        })
    out.sort(key=lambda d: (d["region"], d["name"]))
    return out


def _filters(data: ReportData) -> dict[str, Any]:
    rows = data.department_years
    regions = {}
    for r in sorted(rows, key=lambda r: r["region_path"] or ""):
        regions.setdefault(r["region_sk"], {"value": r["region_sk"], "label": r["region_path"] or r["region_name"]})
    count = _group(rows, "region_sk")
    default_region = max(regions, key=lambda sk: (len({r["department_key"] for r in count[(sk,)]}), sk)) \
        if regions else ""
    years = sorted({r["fiscal_year"] for r in rows}, reverse=True)
    region_years = sorted({r["fiscal_year"] for r in count.get((default_region,), [])}, reverse=True)
    phases = [p for p in ("budget", "final") if any(r["phase"] == p for r in rows)] or ["budget"]
    scopes = [s for s in ("department", "unit") if any(r["scope"] == s for r in rows)] or ["department"]
    return {
        "regions": list(regions.values()),
        "years": [{"value": str(y), "label": f"{y}年"} for y in years],
        "phases": [{"value": p, "label": phase_name(p)} for p in phases],
        "scopes": [{"value": s, "label": scope_name(s)} for s in scopes],
        "default": {"region": default_region, "year": str(region_years[0] if region_years else (years or [""])[0]),
                    "phase": "budget" if "budget" in phases else phases[0],
                    "scope": "department" if "department" in scopes else scopes[0]},
    }


def _template_text(name: str) -> str:
    return resources.files("ingest.report").joinpath("templates", name).read_text(encoding="utf-8")


def _finalize(value: Any) -> Any:
    """Every ``{{ … }}`` of the page: text shows the control characters HTML forbids visibly (jinja's
    autoescape then escapes the markup); the page's own inlined CSS, script and JSON are left alone."""
    import markupsafe

    return visible_controls(value) if isinstance(value, str) and not isinstance(value, markupsafe.Markup) else value


def render_html(data: ReportData, out_dir: Path, *, gx_dir: Path | None = None,
                generated_at: datetime | None = None) -> tuple[str, int, int]:
    """The page's HTML, the number of charts and of departments."""
    import jinja2
    from plotly.offline import get_plotlyjs

    book = ChartBook()
    filters = _filters(data)
    panels = _panels(data, book)
    bvf = _budget_vs_final(data, book)
    departments = _departments(data, book)
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                                     lstrip_blocks=True, finalize=_finalize)
    environment.filters["wan_filter"] = lambda value: DASH if value is None else wan(value)
    template = environment.from_string(_template_text("report.html.j2"))
    when = (generated_at or datetime.now(BEIJING)).astimezone(BEIJING)
    html = template.render(
        title="部门预算对比报告",
        generated_at=when.strftime("%Y-%m-%d %H:%M") + "（北京时间）",
        overview=_overview(data, out_dir, gx_dir),
        filters=filters,
        panels=panels,
        budget_vs_final=bvf,
        bvf_years=sorted({b["year"] for b in bvf}),
        departments=departments,
        findings=[_finding_view(f) for f in data.findings],
        findings_by_document=[{"anchor": anchor("doc", document_id), "rows": [_finding_view(f) for f in items]}
                              for (document_id,), items in _group(data.findings, "document_id").items()],
        sources=data.sources,
        dash=DASH,
        anchor=anchor,
        css=_template_text("report.css"),
        script=_template_text("report.js"),
        plotly_js=get_plotlyjs(),
        charts_json=script_json(book.specs),
        template_json=script_json(charts.template_json()),
        config_json=script_json(charts.CONFIG),
        filters_json=script_json(filters["default"]),
    )
    return html, len(book.specs), len(departments)


def build_report(out_dir: Path | str, *, uri: str | None = None, load: dict[str, Any] | None = None,
                 gx_dir: Path | None = None) -> ReportResult:
    """Read the marts and write ``comparison_report.html`` with its CSV and XLSX tables into ``out_dir``.

    ``load`` is a run's summary (ingest/pipeline/summary.py) for the overview; the pipeline's report
    stage (ingest/pipeline/report.py) passes it, so this package never imports the pipeline.
    ``gx_dir`` is the Great Expectations data docs folder the overview links to (default: the settings').
    """
    from ingest.report.exports import export_tables
    from ingest.report.queries import read_report_data
    from ingest.settings import gx_docs_dir
    from ingest.warehouse import connection as warehouse

    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    uri = uri or warehouse.dsn()
    with warehouse.connect(uri) as conn:
        data = read_report_data(conn, load=load)
    html, chart_count, department_count = render_html(data, out_dir, gx_dir=gx_dir or gx_docs_dir())
    path = out_dir / REPORT_FILE
    path.write_text(html, encoding="utf-8")
    exports = export_tables(data, out_dir)
    return ReportResult(html=path, exports=exports, charts=chart_count, departments=department_count)
