"""The S rules of balance-rules.md, judged once by the reader (contract.md: "Who computes what").

Why here and not in SQL: they judge what could be *read* — which tables were recognised, whether a
unit resolved, which years and names the headers print, whether template placeholders remain —
and that evidence exists only while reading. Every arithmetic rule lives in SQL instead.

S01 mandatory tables present (warn per missing; pre-2020 sets lack state_capital without finding)
S02 government-fund / state-capital tables have rows or an empty note, never both (warn)
S03 one fiscal year across cover, titles and 预算年度 headers (error)
S04 every amount table has a resolvable unit (error)
S05 no template placeholders (XX, ××, 待填写) in names or figures (error)
S06 one department name across cover, titles and table headers, after normalisation (warn)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.model import Finding, Table
from ingest.reading import vocabulary as v
from ingest.reading.identity import normalise_name

AMOUNT_TABLE_KINDS = v.STANDARD_KINDS + v.EXTRA_KINDS
_PLACEHOLDER = re.compile(r"XX|ＸＸ|××|xx(?=[局委办厅部处])|待填写")
_EMPTY_NOTE = re.compile(r"空表|无相关|无.*(预算|收支|支出)|本表无数据|无(该|此)项|此表为空")


@dataclass
class TableEvidence:
    table: Table
    data_rows: int  # printed rows with a label or an amount


@dataclass
class StructureEvidence:
    """What the reader saw that the S rules judge."""

    file: str
    phase: str | None
    year: int | None
    tables: list[TableEvidence] = field(default_factory=list)
    years: list[tuple[str, int]] = field(default_factory=list)  # (where printed, year)
    departments: list[tuple[str, str]] = field(default_factory=list)  # (where printed, name)
    texts: list[tuple[str, str]] = field(default_factory=list)  # (where printed, text) for S05
    images: int = 0  # pictures where content should be (a web page's tables published as images)


def _finding(rule: str, severity: str, evidence: StructureEvidence, message: str, **kw) -> Finding:
    return Finding(rule=rule, severity=severity, file=evidence.file, message=message, **kw)


def _s01_why(evidence: StructureEvidence) -> str:
    """Why tables are missing, when the evidence says (images instead of tables, no table at all)."""
    if evidence.images:
        return f" (its tables are published as images: {evidence.images} image(s), not read)"
    if not any(t.table.kind in v.STANDARD_KINDS for t in evidence.tables):
        return " (no standard table in the file: a narrative without its tables)"
    return ""


def s01_mandatory_tables(evidence: StructureEvidence) -> list[Finding]:
    present = {t.table.kind for t in evidence.tables}
    why = _s01_why(evidence)
    findings = []
    for kind in v.MANDATORY_KINDS:
        if kind in present:
            continue
        if kind == "state_capital" and evidence.year is not None and evidence.year < v.STATE_CAPITAL_FROM_YEAR:
            continue
        findings.append(_finding("S01", "warn", evidence, f"mandatory table missing: {kind}{why}", table=kind))
    return findings


def s02_empty_fund_tables(evidence: StructureEvidence) -> list[Finding]:
    findings = []
    for item in evidence.tables:
        table = item.table
        if table.kind not in ("government_fund", "state_capital"):
            continue
        has_note = bool(table.note and _EMPTY_NOTE.search(table.note))
        if item.data_rows and has_note:
            message = f"{table.title}: has {item.data_rows} rows and an empty-table note"
        elif not item.data_rows and not has_note:
            message = f"{table.title}: no rows and no empty-table note"
        else:
            continue
        findings.append(_finding("S02", "warn", evidence, message, table=table.kind))
    return findings


def s03_one_year(evidence: StructureEvidence) -> list[Finding]:
    years = sorted({year for _, year in evidence.years})
    if len(years) <= 1:
        return []
    where = "; ".join(f"{place}: {year}" for place, year in evidence.years)
    return [_finding("S03", "error", evidence, f"more than one fiscal year printed ({where})",
                     left=str(years[0]), right=str(years[-1]))]


def s04_units(evidence: StructureEvidence) -> list[Finding]:
    return [
        _finding("S04", "error", evidence, f"{t.table.title}: no unit (单位) printed or inherited", table=t.table.kind)
        for t in evidence.tables
        if t.table.kind in AMOUNT_TABLE_KINDS and t.table.unit_factor is None
    ]


def s05_placeholders(evidence: StructureEvidence) -> list[Finding]:
    findings = []
    for place, text in evidence.texts:
        if m := _PLACEHOLDER.search(text):
            findings.append(_finding("S05", "error", evidence,
                                     f"template placeholder {m.group(0)!r} in {place}: {text[:60]!r}",
                                     left=text[:200]))
    return findings


_RELATIVE_NAME = re.compile(r"^[省市区县](?!级)")  # 省检察院: this province's 检察院


def _short_form(short: str, full: str) -> bool:
    """A name given relative to the document's own region (省检察院, 省人大办公厅) names the same
    department as a full name that keeps its characters in order (江苏省人民检察院, 江苏省人大常委会
    办公厅); a full name of another body (上海市规划和自然资源局 beside 上海市普陀区…) is no short form."""
    if short == full or not _RELATIVE_NAME.match(short) or _RELATIVE_NAME.match(full):
        return False
    rest = iter(full)
    return all(ch in rest for ch in short)


def s06_one_department(evidence: StructureEvidence) -> list[Finding]:
    names = {normalise_name(n) for _, n in evidence.departments if n}
    names -= {n for n in names if any(_short_form(n, full) for full in names)}
    if len(names) <= 1:
        return []
    where = "; ".join(f"{place}: {name}" for place, name in evidence.departments)
    ordered = sorted(names)
    return [_finding("S06", "warn", evidence, f"more than one department name printed ({where})",
                     left=ordered[0], right=ordered[-1])]


RULES = (s01_mandatory_tables, s02_empty_fund_tables, s03_one_year, s04_units, s05_placeholders,
         s06_one_department)


def structure_findings(evidence: StructureEvidence, rules: Sequence = RULES) -> list[Finding]:
    """Every S finding of a document, rule by rule."""
    return [finding for rule in rules for finding in rule(evidence)]
