"""The canonical document model: what every reader produces and what `budgetwh parse --json` prints.

One model for every input format, so that the loader, the rules and the marts never need to know
whether a figure came from a PDF, a Word table or the text rendering. The shape follows
../shared/spec/contract.md; fields beyond the contract (``line``, ``side``, ``texts``, ``half_units``)
carry what the balance rules need: which canonical line a row is, and how exactly each cell was
printed (its tolerance is half a unit of its own last digit).

Amounts are strings in 元 with exactly two decimals (``"10295900.00"``) or ``None`` for a blank
cell: JSON has no exact decimal type, and a string round-trips without loss.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Severity = Literal["error", "warn"]
FindingKind = Literal["reading", "document"]
# Who is at fault for a finding, by rule id (an exact id, else its family letter): written once here
FINDING_KINDS_CSV = Path(__file__).resolve().parent / "reference" / "finding_kinds.csv"
Phase = Literal["budget", "final"]
Scope = Literal["department", "unit"]
Status = Literal["parsed", "rejected"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SourceRef(_Model):
    """Where a row was printed: page (null for formats without pages), the line of the source text
    where the row starts (text rendering) or its index on the page, and the row's text as printed."""

    page: int | None = None
    line: int | None = None
    row: int | None = None
    text: str = ""


class Row(_Model):
    """One logical row of a table.

    ``code`` is the joined subject code (function 201 / 20132 / 2013201, economic 301 / 30101) where
    the row has one. ``line`` is the canonical key of a row that has no subject code (summary lines
    such as ``current_year_total``, 三公 lines such as ``car.operation``; see ingest/reading/vocabulary.py).
    ``side`` splits the two panels of the summary tables (income | expenditure).
    ``level``: 0 for a 合计 row, 1 类 / class, 2 款 / item, 3 项; None where no hierarchy applies.
    ``values`` maps canonical column → amount in 元 ("1234.00") or None when printed blank;
    ``texts`` keeps the published text of every cell ("1018.24", "", "-");
    ``half_units`` is each non-blank cell's tolerance in 元 (half a unit of its last printed digit).
    """

    code: str | None = None
    name: str
    level: int | None = None
    line: str | None = None
    side: Literal["income", "expenditure"] | None = None
    values: dict[str, str | None] = Field(default_factory=dict)
    texts: dict[str, str] = Field(default_factory=dict)
    half_units: dict[str, str] = Field(default_factory=dict)
    source: SourceRef = Field(default_factory=SourceRef)


class Table(_Model):
    """One standard or extra table, in canonical columns, scaffolding rows dropped."""

    kind: str
    title: str
    unit: str | None = None  # "元" | "万元" as printed in the table header; None when none resolves
    unit_factor: int | None = None  # 1 or 10000
    file: str
    page: int | None = None
    columns: list[str] = Field(default_factory=list)
    column_labels: dict[str, str] = Field(default_factory=dict)  # canonical column → printed header
    note: str | None = None  # an empty-table note (空表列示 …) printed with the table
    rows: list[Row] = Field(default_factory=list)


class NarrativeFact(_Model):
    """A figure stated in the narrative: the sentence, what it names and the amount or percentage."""

    kind: str  # e.g. income_total, expenditure_total, basic_expenditure, operating_costs, share, change
    text: str
    stated: str  # 元 amount string ("10295900.00") or a percentage ("12.50%")
    stated_text: str  # as printed: "1029.59万元", "12.5%"
    unit: str | None = None  # 万元 / 元 / %
    subject: str | None = None  # for kind=change: which figure changes; for share: numerator figure
    direction: Literal["increase", "decrease", "flat"] | None = None
    file: str
    page: int | None = None
    line: int | None = None


class Indicator(_Model):
    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    description: str | None = None
    value_text: str | None = None
    comparator: str | None = None  # ≥ ≤ = > < or None
    value: str | None = None  # the number as a decimal string, None when not quantified
    unit: str | None = None
    quantified: bool = False
    basis: str | None = None


class PerformanceTarget(_Model):
    project: str
    goal: str | None = None
    funding: dict[str, str | None] | None = None
    indicators: list[Indicator] = Field(default_factory=list)
    file: str | None = None
    page: int | None = None
    line: int | None = None


@cache
def finding_kinds() -> dict[str, str]:
    """rule id or family letter → ``reading`` | ``document`` (ingest/reference/finding_kinds.csv)."""
    with FINDING_KINDS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["rule"]: row["kind"] for row in csv.DictReader(handle)}


def finding_kind(rule: str) -> FindingKind:
    """``reading`` when the reader could not understand what is printed, ``document`` when the
    printed document is at fault. An id listed in finding_kinds.csv wins over its family letter; a
    rule in neither raises (every rule must say who is at fault)."""
    kinds = finding_kinds()
    kind = kinds.get(rule) or kinds.get(rule[:1])
    if kind is None:
        raise ValueError(f"rule {rule!r} has no kind in {FINDING_KINDS_CSV.name}")
    return kind  # type: ignore[return-value]


class Finding(_Model):
    """One finding. ``kind`` says who is at fault: ``reading`` — the reader could not understand what
    is printed (the document is held as unread); ``document`` — the printed figures break a rule of
    the catalogue (the document is quarantined on an error). It follows from ``rule``
    (``finding_kind``) and is filled in when not given."""

    rule: str
    severity: Severity
    kind: FindingKind
    table: str | None = None
    row: str | None = None
    column: str | None = None
    left: str | None = None
    right: str | None = None
    difference: str | None = None
    file: str | None = None
    page: int | None = None
    message: str

    @model_validator(mode="before")
    @classmethod
    def _kind_from_rule(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("rule"), str):
            kind = finding_kind(data["rule"])
            if data.get("kind") is None:
                data = {**data, "kind": kind}
            elif data["kind"] != kind:
                raise ValueError(f"rule {data['rule']} is a {kind} finding, not {data['kind']}")
        return data


class Region(_Model):
    province: str | None = None
    city: str | None = None
    county: str | None = None


class SourceFile(_Model):
    name: str
    sha256: str
    pages: int | None = None
    format: str  # text | pdf | docx | xlsx | xls | html | doc | wps | et (the file as published)


class DocumentMeta(_Model):
    id: str
    status: Status = "parsed"
    reason: str | None = None
    department: str | None = None
    department_code: str | None = None
    department_key: str | None = None
    document_key: str | None = None
    region: Region = Field(default_factory=Region)
    year: int | None = None
    phase: Phase | None = None
    scope: Scope | None = None
    # where department and year were read: title | cover | table header | header line |
    # running header/footer | file name | metadata title | metadata subject (docs/canonical-model.md)
    identity_sources: dict[str, str] = Field(default_factory=dict)
    source_files: list[SourceFile] = Field(default_factory=list)
    reader_version: str


FIGURE_KEYS = (
    "income_total",
    "expenditure_total",
    "current_year_income",
    "fiscal_appropriation_income",
    "basic_expenditure",
    "project_expenditure",
    "personnel_expenditure",
    "public_expenditure",
    "three_public_total",
    "operating_costs",
)


class Figures(_Model):
    income_total: str | None = None
    expenditure_total: str | None = None
    current_year_income: str | None = None
    fiscal_appropriation_income: str | None = None
    basic_expenditure: str | None = None
    project_expenditure: str | None = None
    personnel_expenditure: str | None = None
    public_expenditure: str | None = None
    three_public_total: str | None = None
    operating_costs: str | None = None


class Document(_Model):
    """The object of ../shared/spec/contract.md."""

    document: DocumentMeta
    figures: Figures = Field(default_factory=Figures)
    tables: list[Table] = Field(default_factory=list)
    narrative: list[NarrativeFact] = Field(default_factory=list)
    performance_targets: list[PerformanceTarget] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)

    def table(self, kind: str) -> Table | None:
        """The first table of a kind, or None."""
        return next((t for t in self.tables if t.kind == kind), None)


def json_schema() -> dict:
    """The JSON Schema of the contract object, generated from this model (docs/contract.schema.json)."""
    return Document.model_json_schema()
