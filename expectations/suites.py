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

Each fact is written once. A rule's severity is the first line of its file (``-- B02 (error): …``):
:func:`file_severity` reads it for the expectation's meta, and :func:`rule_sql` puts it into the
file's ``'{severity}' as severity``. The terms of the "total = sum of parts" identities are data,
``expectations/identities/<rule>.csv`` (:func:`identity_terms`), written into
``{audit}.identity_definition`` with the objects the rules read (:func:`objects_sql`, in the order of
:data:`OBJECTS_SQL`); a rule with such a file derives its blank totals and gets a warning twin.

Great Expectations is imported inside functions only: importing it costs seconds, and the CLI and
DAG parsing import this module without running a suite.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # pragma: no cover - typing only
    from great_expectations.data_context import AbstractDataContext

RULES_DIR = Path(__file__).with_name("rules")
SQL_DIR = Path(__file__).with_name("sql")
IDENTITIES_DIR = Path(__file__).with_name("identities")
# The objects the rules read, in the order they are created (each file may use the ones before it):
# tables, the message helpers, the views, the steps of prepare_validation, prepare_validation itself,
# finish_validation. Whoever creates the objects runs them all, in this order (objects_sql).
OBJECTS_SQL = (
    SQL_DIR / "tables.sql",
    SQL_DIR / "functions" / "messages.sql",
    SQL_DIR / "views.sql",
    SQL_DIR / "functions" / "prepare_documents.sql",
    SQL_DIR / "functions" / "prepare_identities.sql",
    SQL_DIR / "functions" / "prepare_derivation.sql",
    SQL_DIR / "functions" / "prepare_validation.sql",
    SQL_DIR / "functions" / "finish_validation.sql",
)
DERIVED_SQL = RULES_DIR / "derived.sql"

Severity = Literal["error", "warn"]
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_HEADER = re.compile(r"-- (?P<rule_id>[A-Z][0-9]{2}|\{rule_id\}) \((?P<severity>error|warn)\): ")


@functools.cache
def file_severity(path: Path) -> Severity:
    """The severity a rule file's rows carry, from its first line: ``-- <ID> (error|warn): …``."""
    first_line = path.read_text(encoding="utf-8").partition("\n")[0]
    header = _HEADER.match(first_line)
    if header is None or header["rule_id"] not in (path.stem, "{rule_id}"):
        raise ValueError(f"{path}: the first line must be '-- {path.stem} (error|warn): what it checks'")
    return header["severity"]  # type: ignore[return-value]


@dataclass(frozen=True)
class Rule:
    """One expectation: a rule id, its suite, its title and its SQL file (whose first line says the
    severity its rows carry)."""

    rule_id: str
    suite: str
    title: str
    derived: bool = False  # the warn twin: a blank total derived from its parts (derived.sql)

    @property
    def path(self) -> Path:
        return DERIVED_SQL if self.derived else RULES_DIR / f"{self.rule_id}.sql"

    @property
    def severity(self) -> Severity:
        return file_severity(self.path)

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
    Rule("B01", SUMMARY, "summary: 收入总计 = 支出总计"),
    Rule("B02", SUMMARY, "summary: 收入总计 = 本年收入合计 + 上年结转结余"),
    Rule("B03", SUMMARY, "summary: 支出总计 = 本年支出合计 + 年终结转结余"),
    Rule("B04", SUMMARY, "summary: 本年收入合计 = Σ income sources"),
    Rule("B05", SUMMARY, "summary: 本年支出合计 = Σ function lines"),
    Rule("B10", SUMMARY, "fiscal-appropriation summary balances"),
    Rule("F01", SUMMARY, "决算 summary: 总计 = 本年 + 非财政拨款结余 + 年初结转 (both sides); 收 = 支"),
    Rule("F02", SUMMARY, "决算 fiscal summary: 本年财政拨款收入 + 年初结转 = 本年支出 + 年末结转"),
    Rule("B06", TABLE_ROWS, "income rows: 合计 = 小计 + 上年结转; 小计 = Σ sources"),
    Rule("B07", TABLE_ROWS, "expenditure rows: 合计 = 基本 + 项目 (+ …)"),
    Rule("B11", TABLE_ROWS, "basic-expenditure table: rows, classes, 合计"),
    Rule("B12", TABLE_ROWS, "三公 table: 小计, car line, abroad, fund columns"),
    Rule("F03", TABLE_ROWS, "决算 income / expenditure rows: 本年合计 = Σ sources / Σ uses"),
    Rule("B08", HIERARCHY, "function hierarchy: 类 = Σ 款, 款 = Σ 项"),
    Rule("B09", HIERARCHY, "合计 row = Σ 类 rows"),
    Rule("X01", CROSS_TABLE, "summary income = income table 合计"),
    Rule("X02", CROSS_TABLE, "summary function lines = expenditure 类 rows"),
    Rule("X03", CROSS_TABLE, "expenditure 合计 = summary 本年支出合计"),
    Rule("X04", CROSS_TABLE, "fund tables = fiscal-appropriation summary fund columns"),
    Rule("X05", CROSS_TABLE, "general-budget 基本支出 = basic-expenditure 合计"),
    Rule("X06", CROSS_TABLE, "fiscal summary 一般公共预算 = summary 一般公共预算拨款收入"),
    Rule("X07", CROSS_TABLE, "三公 car operation ≥ 30231, reception ≥ 30217"),
    Rule("X08", CROSS_TABLE, "资产总额 = Σ asset categories"),
    Rule("N01", NARRATIVE, "narrative amounts = the table figures they name"),
    Rule("N02", NARRATIVE, "机关运行经费 = basic-expenditure 公用经费 (from 2018)"),
    Rule("N03", NARRATIVE, "year-over-year statements: year, direction, amounts, percentages, last year's document"),
    Rule("N04", NARRATIVE, "function-class names valid for the year (2019 renames, 224)"),
    Rule("N05", NARRATIVE, "决算: 完成年初预算的 Z% = 决算 / 年初预算; 大于 / 小于 / 持平 match the sign"),
    Rule("P01", PERFORMANCE, "indicator levels: 一级 ∈ 产出 / 成本 / 效益 / 满意度; 二级 under its 一级"),
    Rule("P03", PERFORMANCE, "funding block: 总额 = 财政资金 + 上年结转 + 其他资金; no sub-line above its 总额"),
)
# rules whose identities follow from the printed codes (sql/functions/prepare_identities.sql:
# hierarchy_terms, total_row_terms) rather than from a file in identities/
HIERARCHY_RULE_IDS = ("B08", "B09", "B11")
# rules whose totals prepare_validation may derive: each gets a warn twin (derived.sql)
DERIVING_RULE_IDS = tuple(sorted({p.stem for p in IDENTITIES_DIR.glob("*.csv")} | set(HIERARCHY_RULE_IDS)))

RULES: tuple[Rule, ...] = _IDENTITY_RULES + tuple(
    Rule(r.rule_id, r.suite, f"{r.rule_id}: blank total derived from its parts", derived=True)
    for r in _IDENTITY_RULES
    if r.rule_id in DERIVING_RULE_IDS
)


def check_schema_name(name: str) -> str:
    if not _SCHEMA_NAME.fullmatch(name):
        raise ValueError(f"not a plain schema name: {name!r}")
    return name


def substitute(text: str, raw: str, audit: str, rule_id: str | None = None, severity: str | None = None) -> str:
    """Replace the schema placeholders (``{rule_id}`` in derived.sql, ``{severity}`` in a rule);
    ``{batch}`` stays."""
    text = text.replace("{raw}", check_schema_name(raw)).replace("{audit}", check_schema_name(audit))
    if rule_id is not None:
        text = text.replace("{rule_id}", rule_id)
    if severity is not None:
        text = text.replace("{severity}", severity)
    return text


def rule_sql(rule: Rule, raw: str = "raw", audit: str = "audit") -> str:
    """The rule's query as Great Expectations runs it: schemas and severity substituted, ``{batch}``
    kept."""
    text = rule.path.read_text(encoding="utf-8")
    rule_id = rule.rule_id if rule.derived else None
    return substitute(text, raw, audit, rule_id, rule.severity).strip().rstrip(";")


# expectations/identities/<rule>.csv: one "total = sum of parts" term a line (identities/README.md)
IDENTITY_COLUMNS = ("sums", "table_kind", "side", "total", "part", "depth", "required", "unless", "group_label",
                    "phases")
_NAME = re.compile(r"[a-z_][a-z0-9_.]*")
_CHOICES = {"sums": ("lines", "columns"), "required": ("yes", ""), "phases": ("budget", "final", "all")}


def identity_terms() -> list[tuple[Any, ...]]:
    """Every term of expectations/identities/*.csv as a row of ``{audit}.identity_definition``:
    (rule, term_index, sums, table_kind, side, total, part, depth, required, unless, group_label,
    phases); the rule is the file's name, term_index its line among the terms."""
    terms: list[tuple[Any, ...]] = []
    for path in sorted(IDENTITIES_DIR.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            if tuple(reader.fieldnames or ()) != IDENTITY_COLUMNS:
                raise ValueError(f"{path}: the columns must be {','.join(IDENTITY_COLUMNS)}")
            for index, term in enumerate(reader, start=1):
                names = [term["table_kind"], term["total"], term["part"], *term["unless"].split()]
                names += [term["side"]] if term["side"] else []
                bad = [n for n in names if not _NAME.fullmatch(n)]
                bad += [term[k] for k, allowed in _CHOICES.items() if term[k] not in allowed]
                bad += [term["depth"]] if not term["depth"].isdigit() else []
                bad += [term["group_label"]] if "'" in term["group_label"] else []
                if bad:
                    raise ValueError(f"{path}, term {index}: not a valid value: {bad}")
                terms.append((
                    path.stem, index, term["sums"], term["table_kind"], term["side"] or None, term["total"],
                    term["part"], int(term["depth"]), term["required"] == "yes", term["unless"].split(),
                    term["group_label"] or None, term["phases"],
                ))
    return terms


def _literal(value: Any) -> str:
    """A checked identity value (identity_terms) as an SQL literal."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "array[" + ", ".join(_literal(v) for v in value) + "]::text []"
    return "'" + str(value) + "'"


def identity_definition_sql(audit: str = "audit") -> str:
    """Replace ``{audit}.identity_definition`` by the terms of expectations/identities/*.csv."""
    values = ",\n".join("    (" + ", ".join(_literal(v) for v in term) + ")" for term in identity_terms())
    table = f"{check_schema_name(audit)}.identity_definition"
    columns = ", ".join(("rule", "term_index", *IDENTITY_COLUMNS))
    return f"delete from {table};\ninsert into {table} ({columns}) values\n{values};\n"


COLUMN_LABELS_CSV = Path(__file__).resolve().parent.parent / "ingest" / "reference" / "column_labels.csv"


def column_label_case() -> str:
    """The body of ``{audit}.column_label(kind, column_name)``: each canonical column's printed heading
    from ingest/reference/column_labels.csv (a row with a table kind overrides the default for that
    kind); a column the list does not name is printed as its name."""
    labels: dict[str, dict[str, str]] = {}
    with COLUMN_LABELS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            for value in row.values():
                if "'" in value or "\\" in value:
                    raise ValueError(f"{COLUMN_LABELS_CSV.name}: a quote or backslash in {value!r}")
            labels.setdefault(row["column_name"], {})[row["table_kind"]] = row["label"]
    lines = ["case column_name"]
    for column, by_kind in labels.items():
        default = f"'{by_kind['']}'" if "" in by_kind else "column_name"
        kinds = [(kind, label) for kind, label in by_kind.items() if kind]
        if kinds:
            cases = " ".join(f"when kind = '{kind}' then '{label}'" for kind, label in kinds)
            lines.append(f"        when '{column}' then case {cases} else {default} end")
        else:
            lines.append(f"        when '{column}' then {default}")
    lines += ["        else column_name", "    end"]
    return "\n".join(lines)


def objects_sql(raw: str = "raw", audit: str = "audit") -> str:
    """The objects the rules read (the files of OBJECTS_SQL, in order) for one schema pair, and the
    identity definitions."""
    files = "\n".join(substitute(path.read_text(encoding="utf-8"), raw, audit) for path in OBJECTS_SQL)
    return files.replace("{column_labels}", column_label_case()) + "\n" + identity_definition_sql(audit)


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
