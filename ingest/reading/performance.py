"""绩效目标表 → ``PerformanceTarget``s: project, goal, indicators with their 指标值 taken apart.

Why a module: the indicator forms are tables, but not amount tables. Their rows carry the 一级 /
二级 / 三级 hierarchy only on the first row of each group (merged cells), so the levels are carried
down; each 指标值 is messy free text (≥90投保车辆数) that the P rules need as comparator + number +
unit. Recording a value is not a finding; a value whose number cannot be read (≥9O%, a letter O)
is the one P rule judged here (P02, warn), because it is about reading, not arithmetic.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ingest.amounts import looks_like_amount, parse_amount
from ingest.model import Finding, Indicator, PerformanceTarget
from ingest.readers.blocks import Grid
from ingest.reading.table_kinds import project_of_performance_title
from ingest.reading.tables.text import clean

# longest spellings first, so 大于等于 is not read as 大于
_COMPARATORS = (
    ("大于等于", "≥"), ("不低于", "≥"), ("不少于", "≥"), ("小于等于", "≤"), ("不高于", "≤"), ("不超过", "≤"),
    ("≥", "≥"), (">=", "≥"), ("≧", "≥"), ("≤", "≤"), ("<=", "≤"), ("≦", "≤"),
    ("大于", ">"), ("小于", "<"), (">", ">"), ("<", "<"), ("=", "="),
)
_NUMBER = re.compile(r"^\d+(?:\.\d+)?")
_TOKEN = re.compile(r"^[\dOoIl.]+")
_HEADER_COLUMNS = (
    (r"一级", "level1"),
    (r"二级", "level2"),
    (r"三级", "level3"),
    (r"描述|内容|说明", "description"),
    (r"依据", "basis"),
    (r"指标值|目标值", "value_text"),
)
_GOAL = re.compile(r"^(年度)?绩效目标$|^(项目)?目标$")
# Shanghai's 绩效目标填报表: 项目名称 | …, a funding block in 元 (项目资金总额 | … | 年度资金申请总额 | …,
# 其中：财政资金 / 当年财政拨款, 上年结转资金, 其他资金 twice: project, then year), and the goals
# under a 项目总目标 | 年度总体目标 header row
_FUNDING_LABELS = (
    (re.compile(r"项目资金总额"), "project_total"),
    (re.compile(r"年度资金申请总额"), "total"),
    (re.compile(r"当年财政拨款"), "current_appropriation"),
    (re.compile(r"财政资金"), "fiscal"),
    (re.compile(r"上年结转"), "carry_over"),
    (re.compile(r"其他资金"), "other"),
)
_GOAL_HEADERS = {"年度总体目标": "annual", "年度目标": "annual", "项目总目标": "project"}


@dataclass(frozen=True)
class ParsedValue:
    comparator: str | None
    value: str | None
    unit: str | None
    quantified: bool
    readable: bool  # False: a number was meant but cannot be read (P02)


def parse_indicator_value(text: str | None) -> ParsedValue:
    """``≥90投保车辆数`` → (≥, 90, 投保车辆数); ``100保障…`` → (=, 100, 保障…); ``合规`` → not quantified."""
    raw = unicodedata.normalize("NFKC", text or "").strip()
    raw = raw.replace("％", "%")
    comparator = None
    for spelling, symbol in _COMPARATORS:
        if raw.startswith(spelling):
            comparator, raw = symbol, raw[len(spelling) :].strip()
            break
    token = _TOKEN.match(raw)
    if token and re.search(r"[OoIl]", token.group(0)):
        after = raw[token.end() : token.end() + 1]
        if token.group(0)[-1].isdigit() or after == "%" or (not after and comparator):
            return ParsedValue(comparator, None, None, quantified=False, readable=False)
    number = _NUMBER.match(raw)
    if not number:
        return ParsedValue(comparator, None, raw or None, quantified=False, readable=True)
    unit = raw[number.end() :].strip() or None
    return ParsedValue(comparator or "=", number.group(0), unit, quantified=True, readable=True)


def _column_map(cells: tuple[str, ...]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for i, cell in enumerate(cells):
        label = clean(cell)
        for pattern, field in _HEADER_COLUMNS:
            if re.search(pattern, label) and field not in mapping.values():
                mapping[i] = field
                break
    return mapping


def _read_form_row(target: PerformanceTarget, cells: tuple[str, ...], labels: list[str]) -> bool:
    """项目名称 and funding-block rows of a Shanghai form; True when the row was one of them."""
    used = False
    for i, label in enumerate(labels):
        if label == "项目名称":
            name = next((c.strip() for c in cells[i + 1:] if c.strip()), "")
            if name:
                target.project, used = name, True
            continue
        key = next((k for pattern, k in _FUNDING_LABELS if pattern.search(label)), None)
        if key is None or looks_like_amount(cells[i]):
            continue
        amount = next((c for c in cells[i + 1:] if c.strip()), "")
        if not looks_like_amount(amount):
            continue
        funding = target.funding if target.funding is not None else {}
        if key == "other" and "other" in funding:
            funding["project_other"] = funding["other"]  # the project's 其他资金 first, the year's second
        parsed = parse_amount(amount, 1)
        funding[key] = parsed.yuan() if parsed is not None else None
        target.funding, used = funding, True
    return used


def read_performance_target(title: str, grid: Grid, file: str) -> tuple[PerformanceTarget, list[Finding]]:
    """One 绩效目标表 (title + grid) → a PerformanceTarget and its P02 findings."""
    project = project_of_performance_title(title)
    target = PerformanceTarget(project=project, file=file, page=grid.page, line=grid.line)
    findings: list[Finding] = []
    columns: dict[int, str] = {}
    carried: dict[str, str | None] = {"level1": None, "level2": None, "level3": None}
    goal_columns: dict[str, int] = {}
    for row in grid.rows:
        cells = row.cells
        first = clean(cells[0]) if cells else ""
        if not columns:
            if goal_columns:
                texts = {k: cells[i].strip() for k, i in goal_columns.items() if i < len(cells) and cells[i].strip()}
                target.goal = texts.get("annual") or texts.get("project") or target.goal
                goal_columns = {}
                continue
            labels = [clean(c) for c in cells]
            if any(label in _GOAL_HEADERS for label in labels):
                goal_columns = {_GOAL_HEADERS[lab]: i for i, lab in enumerate(labels) if lab in _GOAL_HEADERS}
                continue
            if _read_form_row(target, cells, labels):
                continue
            if _GOAL.match(first) and len(cells) > 1:
                goal = "\n".join(c.strip() for c in cells[1:] if c.strip())
                target.goal = f"{target.goal}\n{goal}" if target.goal else goal
            elif "一级指标" in first or any("指标值" in clean(c) for c in cells):
                columns = _column_map(cells)
            continue
        if row.is_blank():
            continue
        values = {field: (cells[i].strip() if i < len(cells) else "") for i, field in columns.items()}
        # merged 一级 / 二级 cells print on the first row of their group only: carry them down
        if values.get("level1"):
            carried = {"level1": values["level1"], "level2": None, "level3": None}
        if values.get("level2"):
            carried["level2"], carried["level3"] = values["level2"], None
        if values.get("level3"):
            carried["level3"] = values["level3"]
        indicator = Indicator(
            level1=carried["level1"],
            level2=carried["level2"],
            level3=carried["level3"],
            description=values.get("description") or None,
            value_text=values.get("value_text") or None,
            basis=values.get("basis") or None,
        )
        parsed = parse_indicator_value(indicator.value_text)
        indicator.comparator = parsed.comparator
        indicator.value = parsed.value
        indicator.unit = parsed.unit
        indicator.quantified = parsed.quantified
        if not parsed.readable:
            findings.append(
                Finding(
                    rule="P02",
                    severity="warn",
                    table="performance_target",
                    row=f"{project} / {indicator.level3 or ''}",
                    column="value_text",
                    left=indicator.value_text,
                    file=file,
                    page=grid.page,
                    message=f"绩效目标表 {project}：三级指标“{indicator.level3 or ''}”的指标值“{indicator.value_text}”"
                    "中的数字无法识别（如数字 0 印成了字母 O），请核对原表",
                )
            )
        target.indicators.append(indicator)
    return target, findings
