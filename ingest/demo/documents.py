"""Generated budget disclosures: each department-year as a consistent Document and its text rendering.

Why generate rather than collect: the demo must run offline and show every path of the pipeline —
documents that balance, a warning, and a document that breaks a rule and is quarantined — with figures
we know in advance. Each department-year is built as a canonical ``model.Document`` in which every
identity of balance-rules.md holds by construction (ingest/demo/tables.py), and is then printed by
:func:`ingest.demo.writers.text_rendering.render_text` in the seed's text rendering, so the demo goes
through the same reader as real disclosures. One document is then broken on purpose (B07: an
expenditure-table row whose 合计 omits its 项目支出, a known real case) to show quarantine.

Final accounts (部门决算): for every year but the latest, each department also publishes the 决算 of
that year (:func:`build_final_document`, numbers from ingest/demo/final.py), printed in the same Hebei
text layout under 决算 titles with the 决算 summary lines (F01–F03 hold by construction). Its narrative
states 年初预算 against 决算 (N05). :func:`generate_documents` gives budgets only unless asked
(``phases``); :func:`ingest.demo.inbox.write_demo_inbox`, and so ``make demo``, writes both.

Everything is deterministic for a given seed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from ingest import READER_VERSION
from ingest.demo.budget import Budget, draw_budget
from ingest.demo.catalogue import (
    BROKEN,
    BROKEN_RULE,
    DEFAULT_SEED,
    DEFAULT_YEARS,
    DEMO_NOTE,
    DEPARTMENTS,
    REGION,
    DepartmentSpec,
    demo_filename,
    department,
    final_years,
)
from ingest.demo.cells import yuan
from ingest.demo.final import Final, draw_final_accounts
from ingest.demo.narrative import budget_narrative, final_narrative
from ingest.demo.performance import performance_targets
from ingest.demo.tables import document_tables
from ingest.demo.writers.text_rendering import render_text
from ingest.model import Document, DocumentMeta, Figures, SourceFile


@dataclass
class DemoDocument:
    """One generated disclosure: what the generator intended, the text written, and whether it was broken."""

    filename: str
    document: Document  # the intended document (for a broken one: the figures before breaking a row)
    text: str
    department: str
    year: int
    broken_rule: str | None = None
    broken_row: str | None = None  # the code of the broken row
    phase: str = "budget"  # budget (部门预算) | final (部门决算)

    @property
    def figures(self) -> Figures:
        return self.document.figures


def _spending_figures(b: Budget) -> dict[str, str]:
    """The figures a budget and a 决算 state alike, from what ``b`` plans or spends."""
    return {
        "basic_expenditure": yuan(b.basic),
        "project_expenditure": yuan(b.project_total),
        "personnel_expenditure": yuan(b.personnel),
        "public_expenditure": yuan(b.public),
        "three_public_total": yuan(b.three_public()["subtotal"]),
        "operating_costs": yuan(b.public),
    }


def _figures(b: Budget) -> Figures:
    current = b.general_budget + b.fund_total("government_fund") + b.fund_total("business")
    return Figures(
        income_total=yuan(b.total),
        expenditure_total=yuan(b.total),
        current_year_income=yuan(current),
        fiscal_appropriation_income=yuan(b.general_budget + b.fund_total("government_fund")),
        **_spending_figures(b),
    )


def _meta(spec: DepartmentSpec, year: int, phase: str) -> DocumentMeta:
    """A generated document's metadata; its id is set from the rendered text's hash by
    :func:`generate_documents`."""
    return DocumentMeta(id="", department=spec.name, department_code=spec.code, region=REGION, year=year,
                        phase=phase, scope="department", reader_version=READER_VERSION)


def build_document(spec: DepartmentSpec, year: int, seed: int = DEFAULT_SEED, filename: str | None = None) -> Document:
    """The consistent budget Document of one department and year (every balance identity holds)."""
    filename = filename or demo_filename(spec, year)
    budget, previous = draw_budget(spec, year, seed), draw_budget(spec, year - 1, seed)
    meta = _meta(spec, year, "budget")
    return Document(
        document=meta,
        figures=_figures(budget),
        tables=document_tables(budget, filename),
        narrative=budget_narrative(budget, previous, filename),
        performance_targets=performance_targets(budget, filename),
    )


def _final_figures(f: Final) -> Figures:
    b = f.spent
    return Figures(
        income_total=yuan(f.grand_total),
        expenditure_total=yuan(b.total + f.year_end_carry),
        current_year_income=yuan(f.current_income),
        fiscal_appropriation_income=yuan(f.general_budget_income + b.fund_total("government_fund")),
        **_spending_figures(b),
    )


def build_final_document(spec: DepartmentSpec, year: int, seed: int = DEFAULT_SEED,
                         filename: str | None = None) -> Document:
    """The consistent final-accounts (决算) Document of one department and year: the year's budget
    (:func:`build_document`) executed at 85–105 %, every balance identity (F01–F03, B08, B09, B11,
    B12, X01–X08) holding by construction."""
    filename = filename or demo_filename(spec, year, "final")
    final = draw_final_accounts(spec, year, seed)
    meta = _meta(spec, year, "final")
    return Document(
        document=meta,
        figures=_final_figures(final),
        tables=document_tables(final.spent, filename, final),
        narrative=final_narrative(final, filename),
        performance_targets=[],
    )


def break_rule_b07(doc: Document) -> str:
    """Break B07 in the expenditure table: the 项 row with both 基本 and 项目 spending prints 合计 =
    基本支出, omitting its 项目支出 (a known real case). Returns the broken row's code."""
    table = doc.table("expenditure")
    assert table is not None
    row = next(r for r in table.rows if r.level == 3 and r.values.get("basic") and r.values.get("project"))
    row.texts["total"] = row.texts["basic"]
    row.values["total"] = row.values["basic"]
    row.half_units["total"] = row.half_units["basic"]
    return row.code or ""


def generate_documents(
    seed: int = DEFAULT_SEED,
    departments: Sequence[str] | None = None,
    years: Sequence[int] = DEFAULT_YEARS,
    broken: tuple[str, int] | None = BROKEN,
    phases: Sequence[str] = ("budget",),
) -> list[DemoDocument]:
    """Every requested department × year as a rendered disclosure; ``broken`` names the one to break.

    ``phases``: "budget" gives every department × year's 部门预算; "final" adds the 部门决算 of each
    of :func:`final_years` after that year's budget. The default stays budgets only (callers count
    them); the demo inbox (:func:`write_demo_inbox`) asks for both, :data:`DEMO_PHASES`. Only a budget
    is ever broken.
    """
    specs = [department(s) for s in departments] if departments else list(DEPARTMENTS)
    closed = set(final_years(years)) if "final" in phases else set()
    wanted = [(year, phase) for year in years for phase in ("budget", "final")
              if phase in phases and (phase == "budget" or year in closed)]
    out = []
    for spec in specs:
        for year, phase in wanted:
            filename = demo_filename(spec, year, phase)
            if phase == "final":
                intended = build_final_document(spec, year, seed, filename)
            else:
                intended = build_document(spec, year, seed, filename)
            printed = intended.model_copy(deep=True)
            rule = row = None
            if phase == "budget" and broken == (spec.slug, year):
                rule, row = BROKEN_RULE, break_rule_b07(printed)
            text = render_text(printed, notes=[DEMO_NOTE])
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            source = SourceFile(name=filename, sha256=sha, pages=None, format="text")
            doc_id = hashlib.sha256(f"{sha}\n{READER_VERSION}".encode()).hexdigest()
            meta = intended.document.model_copy(update={"id": doc_id, "source_files": [source]})
            out.append(DemoDocument(filename=filename, document=intended.model_copy(update={"document": meta}),
                                    text=text, department=spec.name, year=year, broken_rule=rule,
                                    broken_row=row, phase=phase))
    return out
