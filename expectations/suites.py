"""The balance rules as Great Expectations suites, built in code from expectations/rules/*.sql.

Why this shape: each rule of ../shared/spec/balance-rules.md exists once, as one SQL file that
returns its violating rows. A suite per raw table family groups them; every expectation is an
``UnexpectedRowsExpectation`` whose query is the rule's SQL, with ``meta = {rule_id, severity}`` so
results, audit rows and reports name the rule. A rule that can both fail and warn (a broken
identity is an error, a blank total derived from its parts is a warning) is two expectations: the
rule's own file and the shared ``derived.sql`` instantiated for that rule id.

Schemas are parameters: the rule files say ``{raw}`` and ``{audit}``; :func:`rule_sql` replaces them
with plain schema names (production ``raw``/``audit`` or a scratch pair). ``{batch}`` is left for
Great Expectations, which replaces it with the batch: the scope rows of one validation
(``select validation_id, document_id from {audit}.validation_scope where validation_id = …``).

Great Expectations is imported inside functions only: importing it costs seconds, and the CLI and
DAG parsing import this module without running a suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover - typing only
    from great_expectations.data_context import AbstractDataContext

RULES_DIR = Path(__file__).with_name("rules")
SQL_DIR = Path(__file__).with_name("sql")
OBJECTS_SQL = SQL_DIR / "objects.sql"
DERIVED_SQL = RULES_DIR / "derived.sql"

Severity = Literal["error", "warn"]
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]*")


@dataclass(frozen=True)
class Rule:
    """One expectation: a rule id, the severity its rows carry, its suite and its SQL file."""

    rule_id: str
    severity: Severity
    suite: str
    title: str
    derived: bool = False  # the warn twin: a blank total derived from its parts (derived.sql)

    @property
    def path(self) -> Path:
        return DERIVED_SQL if self.derived else RULES_DIR / f"{self.rule_id}.sql"

    @property
    def expectation_id(self) -> str:
        return f"{self.rule_id}.derived" if self.derived else self.rule_id


# suite names: one per raw table family
SUMMARY = "summary_identities"
TABLE_ROWS = "table_rows"
HIERARCHY = "hierarchy"
CROSS_TABLE = "cross_table"
NARRATIVE = "narrative"
PERFORMANCE = "performance"
SUITES = (SUMMARY, TABLE_ROWS, HIERARCHY, CROSS_TABLE, NARRATIVE, PERFORMANCE)

_IDENTITY_RULES = (
    Rule("B01", "error", SUMMARY, "summary: 收入总计 = 支出总计"),
    Rule("B02", "error", SUMMARY, "summary: 收入总计 = 本年收入合计 + 上年结转结余"),
    Rule("B03", "error", SUMMARY, "summary: 支出总计 = 本年支出合计 + 年终结转结余"),
    Rule("B04", "error", SUMMARY, "summary: 本年收入合计 = Σ income sources"),
    Rule("B05", "error", SUMMARY, "summary: 本年支出合计 = Σ function lines"),
    Rule("B10", "error", SUMMARY, "fiscal-appropriation summary balances"),
    Rule("F01", "error", SUMMARY, "决算 summary: 总计 = 本年 + 非财政拨款结余 + 年初结转 (both sides); 收 = 支"),
    Rule("F02", "error", SUMMARY, "决算 fiscal summary: 本年财政拨款收入 + 年初结转 = 本年支出 + 年末结转"),
    Rule("B06", "error", TABLE_ROWS, "income rows: 合计 = 小计 + 上年结转; 小计 = Σ sources"),
    Rule("B07", "error", TABLE_ROWS, "expenditure rows: 合计 = 基本 + 项目 (+ …)"),
    Rule("B11", "error", TABLE_ROWS, "basic-expenditure table: rows, classes, 合计"),
    Rule("B12", "error", TABLE_ROWS, "三公 table: 小计, car line, abroad, fund columns"),
    Rule("F03", "error", TABLE_ROWS, "决算 income / expenditure rows: 本年合计 = Σ sources / Σ uses"),
    Rule("B08", "error", HIERARCHY, "function hierarchy: 类 = Σ 款, 款 = Σ 项"),
    Rule("B09", "error", HIERARCHY, "合计 row = Σ 类 rows"),
    Rule("X01", "error", CROSS_TABLE, "summary income = income table 合计"),
    Rule("X02", "error", CROSS_TABLE, "summary function lines = expenditure 类 rows"),
    Rule("X03", "error", CROSS_TABLE, "expenditure 合计 = summary 本年支出合计"),
    Rule("X04", "error", CROSS_TABLE, "fund tables = fiscal-appropriation summary fund columns"),
    Rule("X05", "error", CROSS_TABLE, "general-budget 基本支出 = basic-expenditure 合计"),
    Rule("X06", "error", CROSS_TABLE, "fiscal summary 一般公共预算 = summary 一般公共预算拨款收入"),
    Rule("X07", "warn", CROSS_TABLE, "三公 car operation ≥ 30231, reception ≥ 30217"),
    Rule("X08", "error", CROSS_TABLE, "资产总额 = Σ asset categories"),
    Rule("N01", "warn", NARRATIVE, "narrative amounts = the table figures they name"),
    Rule("N02", "warn", NARRATIVE, "机关运行经费 = basic-expenditure 公用经费 (from 2018)"),
    Rule("N03", "warn", NARRATIVE, "year-over-year statements: year, direction, amounts, percentages, last year's document"),
    Rule("N04", "warn", NARRATIVE, "function-class names valid for the year (2019 renames, 224)"),
    Rule("N05", "warn", NARRATIVE, "决算: 完成年初预算的 Z% = 决算 / 年初预算; 大于 / 小于 / 持平 match the sign"),
    Rule("P01", "warn", PERFORMANCE, "indicator levels: 一级 ∈ 产出 / 成本 / 效益 / 满意度; 二级 under its 一级"),
    Rule("P03", "warn", PERFORMANCE, "funding block: 总额 = 财政资金 + 上年结转 + 其他资金; no sub-line above its 总额"),
)
# rules whose totals prepare_validation may derive (objects.sql): each gets a warn twin
DERIVING_RULE_IDS = (
    "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09", "B10", "B11", "B12", "F01", "F03", "X08",
)

RULES: tuple[Rule, ...] = _IDENTITY_RULES + tuple(
    Rule(r.rule_id, "warn", r.suite, f"{r.rule_id}: blank total derived from its parts", derived=True)
    for r in _IDENTITY_RULES
    if r.rule_id in DERIVING_RULE_IDS
)


def check_schema_name(name: str) -> str:
    if not _SCHEMA_NAME.fullmatch(name):
        raise ValueError(f"not a plain schema name: {name!r}")
    return name


def substitute(text: str, raw: str, audit: str, rule_id: str | None = None) -> str:
    """Replace the schema placeholders (and ``{rule_id}`` in derived.sql); ``{batch}`` stays."""
    text = text.replace("{raw}", check_schema_name(raw)).replace("{audit}", check_schema_name(audit))
    if rule_id is not None:
        text = text.replace("{rule_id}", rule_id)
    return text


def rule_sql(rule: Rule, raw: str = "raw", audit: str = "audit") -> str:
    """The rule's query as Great Expectations runs it: schemas substituted, ``{batch}`` kept."""
    text = rule.path.read_text(encoding="utf-8")
    return substitute(text, raw, audit, rule.rule_id if rule.derived else None).strip().rstrip(";")


def objects_sql(raw: str = "raw", audit: str = "audit") -> str:
    """DDL of the objects the rules read (expectations/sql/objects.sql) for one schema pair."""
    return substitute(OBJECTS_SQL.read_text(encoding="utf-8"), raw, audit)


def scope_query(validation_id: str, audit: str = "audit") -> str:
    """The batch: the documents of one validation."""
    if not re.fullmatch(r"[0-9a-f]{32}", validation_id):
        raise ValueError(f"not a validation id: {validation_id!r}")
    return (
        f"select validation_id, document_id from {check_schema_name(audit)}.validation_scope "
        f"where validation_id = '{validation_id}'"
    )


def build_suites(context: AbstractDataContext, raw: str = "raw", audit: str = "audit") -> list[Any]:
    """Add one suite per family to ``context``, each expectation a rule; returns the suites."""
    import great_expectations as gx

    suites = []
    for name in SUITES:
        suite = context.suites.add(gx.ExpectationSuite(name=name, meta={"catalogue": "balance-rules.md"}))
        for rule in RULES:
            if rule.suite != name:
                continue
            suite.add_expectation(
                gx.expectations.UnexpectedRowsExpectation(
                    unexpected_rows_query=rule_sql(rule, raw, audit),
                    description=f"{rule.rule_id} ({rule.severity}): {rule.title}",
                    meta={
                        "rule_id": rule.rule_id,
                        "severity": rule.severity,
                        "expectation_id": rule.expectation_id,
                        "file": str(rule.path.relative_to(RULES_DIR.parent.parent)),
                    },
                )
            )
        suites.append(suite)
    return suites
