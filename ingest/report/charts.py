"""The report's charts as Plotly figures (plotly.graph_objects), serialised to JSON for plotly.js.

Plotly's Python package ships plotly.js itself (``plotly.offline.get_plotlyjs``), so the page inlines
the library and draws every chart offline. Each function returns ``None`` when it has nothing to
draw (a chart with no marks is never put on the page; the template says why instead). Every chart
has a title, axis titles and its unit; amounts are 万元 rounded to 0.01, shares in percent. Text
from documents (department and subject names, in titles too) goes through ``plotly_text``
(ingest/escape.py): plotly.js reads tags in labels, so a name is drawn as printed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio
from plotly.subplots import make_subplots

from ingest.escape import plotly_text
from ingest.report.formatting import function_label, pct_value, phase_name, wan_value

FONT = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
COLOURS = {
    "basic": "#2f6db5",
    "project": "#f08c2e",
    "personnel": "#3a9e6f",
    "public": "#a6cf8e",
    "abroad": "#7b5ea7",
    "car_purchase": "#c0504d",
    "car_operation": "#e8918f",
    "reception": "#4bacc6",
    "budget": "#8aa6c8",
    "final": "#1f4e79",
    "total": "#2f6db5",
    "three_public": "#c0504d",
}
# A qualitative palette for function classes (类), stable by code.
CLASS_PALETTE = ("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
                 "#9c755f", "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
WAN_HOVER = "%{fullData.name}<br>%{y}：%{x:,.2f} 万元<extra></extra>"
CONFIG = {"displaylogo": False, "responsive": True,
          "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines"]}


def template_json() -> dict[str, Any]:
    """The shared look (plotly_white with Chinese fonts), sent once and applied by the page's script."""
    template = pio.templates["plotly_white"].to_plotly_json()
    template["layout"]["font"] = {"family": FONT, "size": 13, "color": "#222"}
    return json.loads(pio.json.to_json_plotly(template))


def _layout(fig: go.Figure, title: str, *, x_title: str | None = None, y_title: str | None = None,
            height: int = 360, left: int = 120) -> None:
    fig.update_layout(
        template="none",  # the shared template is applied in the page (template_json)
        title={"text": plotly_text(title), "x": 0.01, "xanchor": "left", "font": {"size": 16}},
        separators=".,",
        height=height,
        margin={"l": left, "r": 24, "t": 64, "b": 56},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "right", "x": 1.0,
                "traceorder": "normal"},
        barmode="stack",
        font={"family": FONT},
    )
    if x_title is not None:
        fig.update_xaxes(title_text=x_title, tickformat=",~r", automargin=True)
    if y_title is not None:
        fig.update_yaxes(title_text=y_title, automargin=True)


def _spec(fig: go.Figure) -> dict[str, Any]:
    return json.loads(pio.to_json(fig, validate=True))


def _has_marks(values: Sequence[float | None]) -> bool:
    return any(v for v in values)


def ranking_by_total(rows: Sequence[dict[str, Any]], title: str) -> dict[str, Any] | None:
    """Horizontal bars, largest on top: 基本支出 + 项目支出 stacked to the department's total."""
    ordered = sorted(rows, key=lambda r: (r["expenditure_total"] or 0))
    names = [plotly_text(r["department_name"]) for r in ordered]
    basic = [wan_value(r["basic_expenditure"]) for r in ordered]
    project = [wan_value(r["project_expenditure"]) for r in ordered]
    if not (_has_marks(basic) or _has_marks(project)):
        return None
    fig = go.Figure()
    fig.add_bar(name="基本支出", y=names, x=basic, orientation="h", marker_color=COLOURS["basic"],
                hovertemplate=WAN_HOVER)
    fig.add_bar(name="项目支出", y=names, x=project, orientation="h", marker_color=COLOURS["project"],
                hovertemplate=WAN_HOVER)
    _layout(fig, title, x_title="支出金额（万元）", y_title="部门", height=140 + 34 * len(names))
    return _spec(fig)


# The three parts that add up to the 三公 total (the car line's 购置 / 运行维护 split is in the table).
THREE_PUBLIC_PARTS = (
    ("three_public_abroad", "因公出国（境）费", "abroad"),
    ("three_public_car", "公务用车购置及运行维护费", "car_operation"),
    ("three_public_reception", "公务接待费", "reception"),
)


def ranking_by_three_public(rows: Sequence[dict[str, Any]], title: str) -> dict[str, Any] | None:
    """Horizontal bars of 三公经费 by its parts, largest total on top."""
    ordered = sorted(rows, key=lambda r: (r["three_public_total"] or 0))
    names = [plotly_text(r["department_name"]) for r in ordered]
    fig = go.Figure()
    drawn = False
    for field, label, colour in THREE_PUBLIC_PARTS:
        values = [wan_value(r[field]) for r in ordered]
        if _has_marks(values):
            drawn = True
            fig.add_bar(name=label, y=names, x=values, orientation="h", marker_color=COLOURS[colour],
                        hovertemplate=WAN_HOVER)
    if not drawn:  # parts not printed: the total alone
        totals = [wan_value(r["three_public_total"]) for r in ordered]
        if not _has_marks(totals):
            return None
        fig.add_bar(name="“三公”经费合计", y=names, x=totals, orientation="h",
                    marker_color=COLOURS["three_public"], hovertemplate=WAN_HOVER)
    _layout(fig, title, x_title="“三公”经费（万元）", y_title="部门", height=140 + 34 * len(names))
    return _spec(fig)


def function_mix(rows: Sequence[dict[str, Any]], departments: Sequence[str], title: str) -> dict[str, Any] | None:
    """Stacked columns: each department's spending by function class (类), one colour per class."""
    classes: dict[str, str] = {}
    amounts: dict[tuple[str, str], float | None] = {}
    for r in rows:
        if r["subject_level"] != 1:
            continue
        classes.setdefault(r["function_code"], function_label(r["function_name"]) or r["function_code"])
        amounts[(r["function_code"], r["department_name"])] = wan_value(r["amount_yuan"])
    if not any(amounts.values()):
        return None
    fig = go.Figure()
    for index, code in enumerate(sorted(classes)):
        values = [amounts.get((code, name)) for name in departments]
        if not _has_marks(values):
            continue
        fig.add_bar(name=plotly_text(f"{code} {classes[code]}"), x=[plotly_text(n) for n in departments],
                    y=values,
                    marker_color=CLASS_PALETTE[index % len(CLASS_PALETTE)],
                    hovertemplate="%{fullData.name}<br>%{x}：%{y:,.2f} 万元<extra></extra>")
    _layout(fig, title, height=460, left=80)
    fig.update_xaxes(title_text="部门", automargin=True)
    fig.update_yaxes(title_text="支出金额（万元）", tickformat=",~r", automargin=True)
    fig.update_layout(legend={"orientation": "v", "y": 1, "yanchor": "top", "x": 1.02, "xanchor": "left"},
                      margin={"r": 220})
    return _spec(fig)


def shares(rows: Sequence[dict[str, Any]], title: str) -> dict[str, Any] | None:
    """Two 100 % bars per department: 基本/项目 of the total, 人员/公用 of the basic spending."""
    ordered = sorted(rows, key=lambda r: (r["expenditure_total"] or 0))
    names = [plotly_text(r["department_name"]) for r in ordered]
    series = {key: [pct_value(r[key]) for r in ordered]
              for key in ("basic_share", "project_share", "personnel_share", "public_share")}
    if not any(_has_marks(v) for v in series.values()):
        return None
    fig = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.04)
    hover = "%{fullData.name}<br>%{y}：%{x:.2f}%<extra></extra>"
    for key, label, colour, col in (("basic_share", "基本支出", "basic", 1), ("project_share", "项目支出", "project", 1),
                                    ("personnel_share", "人员经费", "personnel", 2),
                                    ("public_share", "公用经费", "public", 2)):
        fig.add_bar(name=label, y=names, x=series[key], orientation="h", marker_color=COLOURS[colour],
                    hovertemplate=hover, row=1, col=col)
    _layout(fig, title, height=170 + 34 * len(names))
    fig.update_xaxes(range=[0, 100], ticksuffix="%")
    fig.update_xaxes(title_text="基本支出与项目支出占支出合计（%）", row=1, col=1)
    fig.update_xaxes(title_text="人员经费与公用经费占基本支出（%）", row=1, col=2)
    fig.update_yaxes(title_text="部门", automargin=True, row=1, col=1)
    return _spec(fig)


def year_over_year(rows: Sequence[dict[str, Any]], title: str) -> dict[str, Any] | None:
    """Grouped bars: change on the prior year of the total and of 三公经费, in percent."""
    with_prior = [r for r in rows if r["expenditure_change_pct"] is not None or r["three_public_change_pct"] is not None]
    if not with_prior:
        return None
    ordered = sorted(with_prior, key=lambda r: (r["expenditure_change_pct"] or 0))
    names = [plotly_text(r["department_name"]) for r in ordered]
    total = [pct_value(r["expenditure_change_pct"]) for r in ordered]
    three = [pct_value(r["three_public_change_pct"]) for r in ordered]
    if not (_has_marks(total) or _has_marks(three)):
        return None
    hover = "%{fullData.name}<br>%{y}：%{x:+.2f}%<extra></extra>"
    fig = go.Figure()
    fig.add_bar(name="支出合计同比", y=names, x=total, orientation="h", marker_color=COLOURS["total"],
                hovertemplate=hover)
    fig.add_bar(name="“三公”经费同比", y=names, x=three, orientation="h", marker_color=COLOURS["three_public"],
                hovertemplate=hover)
    _layout(fig, title, x_title="比上年增减（%）", y_title="部门", height=160 + 46 * len(names))
    fig.update_layout(barmode="group")
    fig.update_xaxes(ticksuffix="%", zeroline=True, zerolinecolor="#555", zerolinewidth=1)
    return _spec(fig)


def budget_vs_final(rows: Sequence[dict[str, Any]], title: str) -> dict[str, Any] | None:
    """Grouped bars: 预算数 beside 决算数 of each department's total spending."""
    ordered = sorted(rows, key=lambda r: (r["budget_expenditure_total"] or 0))
    names = [plotly_text(r["department_name"]) for r in ordered]
    budget = [wan_value(r["budget_expenditure_total"]) for r in ordered]
    final = [wan_value(r["final_expenditure_total"]) for r in ordered]
    if not (_has_marks(budget) or _has_marks(final)):
        return None
    fig = go.Figure()
    fig.add_bar(name="预算数", y=names, x=budget, orientation="h", marker_color=COLOURS["budget"],
                hovertemplate=WAN_HOVER)
    fig.add_bar(name="决算数", y=names, x=final, orientation="h", marker_color=COLOURS["final"],
                hovertemplate=WAN_HOVER)
    _layout(fig, title, x_title="支出金额（万元）", y_title="部门", height=160 + 46 * len(names))
    fig.update_layout(barmode="group")
    return _spec(fig)


def department_history(rows: Sequence[dict[str, Any]], title: str) -> dict[str, Any] | None:
    """One department over its documents: 基本支出 + 项目支出 per year and phase."""
    ordered = sorted(rows, key=lambda r: (r["fiscal_year"], r["phase"], r["scope"]))
    labels = [f"{r['fiscal_year']}年{phase_name(r['phase'])}" + ("（单位）" if r["scope"] == "unit" else "")
              for r in ordered]
    basic = [wan_value(r["basic_expenditure"]) for r in ordered]
    project = [wan_value(r["project_expenditure"]) for r in ordered]
    if not (_has_marks(basic) or _has_marks(project)):
        return None
    hover = "%{fullData.name}<br>%{x}：%{y:,.2f} 万元<extra></extra>"
    fig = go.Figure()
    fig.add_bar(name="基本支出", x=labels, y=basic, marker_color=COLOURS["basic"], hovertemplate=hover)
    fig.add_bar(name="项目支出", x=labels, y=project, marker_color=COLOURS["project"], hovertemplate=hover)
    _layout(fig, title, height=320, left=80)
    fig.update_xaxes(title_text="年度与阶段", type="category", automargin=True)
    fig.update_yaxes(title_text="支出金额（万元）", tickformat=",~r", automargin=True)
    return _spec(fig)
