"""Real corpus files that are read but are not ordinary PDF disclosures, against expected.json:
the Shanghai fill-in templates (rejected as blank), the finance bureau's QA checklist (rejected as
no disclosure) and the Chongqing web page whose tables are images (parsed from its narrative, with
S01 for every table it cannot read). One test per file."""

from __future__ import annotations

import json

import pytest

from ingest.model import FIGURE_KEYS
from ingest.reading.parse import parse_file


@pytest.fixture(scope="module")
def expected(corpus_dir):
    return json.loads((corpus_dir / "expected.json").read_text(encoding="utf-8"))


def _rule_ids(doc, severity):
    return sorted({f.rule for f in doc.findings if f.severity == severity})


def _check_against(doc, entry):
    meta = doc.document
    assert meta.status == entry["status"]
    assert doc.figures.model_dump() == {k: entry["figures"][k] for k in FIGURE_KEYS}
    assert _rule_ids(doc, "error") == sorted(entry["expect_errors"])
    assert _rule_ids(doc, "warn") == sorted(entry["expect_warnings"])


def _check_blank_template(corpus_dir, expected, name, fmt):
    doc = parse_file(corpus_dir / name)
    entry = expected[name]
    _check_against(doc, entry)
    assert doc.document.reason == entry["reason"] == "blank template: no amounts"
    assert doc.document.source_files[0].format == fmt
    # the standard tables were recognised (it is the layout of a disclosure) but hold no amount
    assert {t.kind for t in doc.tables} >= {"summary", "income", "expenditure", "three_public"}
    assert all(v is None for t in doc.tables for r in t.rows for v in r.values.values())


def test_sh_fill_template_budget_xls(corpus_dir, expected):
    _check_blank_template(corpus_dir, expected, "sh_fill_template_budget.xls", "xls")


def test_sh_fill_template_dept_budget_xlsx(corpus_dir, expected):
    _check_blank_template(corpus_dir, expected, "sh_fill_template_dept_budget.xlsx", "xlsx")


def test_sh_fill_template_unit_budget_xlsx(corpus_dir, expected):
    _check_blank_template(corpus_dir, expected, "sh_fill_template_unit_budget.xlsx", "xlsx")


def test_sh_putuo_justice_qa_checklist_is_not_a_disclosure(corpus_dir, expected):
    name = "sh_putuo_justice_dept_budget_2026.qa_checklist.xlsx"
    doc = parse_file(corpus_dir / name)
    entry = expected[name]
    _check_against(doc, entry)
    # expected.json: "not a disclosure: a finance bureau's review checklist (…)": same verdict and kind
    assert entry["reason"].startswith("not a disclosure: ") and "checklist" in entry["reason"]
    assert doc.document.reason.startswith("not a disclosure: a review checklist")
    assert "公开情况检查表" in doc.document.reason
    assert doc.tables == [] and doc.findings == []


def test_cq_transport_commission_jsp_narrative_only(corpus_dir, expected):
    name = "cq_transport_commission_budget_2018.jsp"
    doc = parse_file(corpus_dir / name)
    entry = expected[name]
    _check_against(doc, entry)  # every table figure null; 机关运行经费 from the narrative
    meta = doc.document
    assert (meta.department, meta.year, meta.phase, meta.scope) == (
        entry["department"], entry["year"], entry["phase"], entry["scope"])
    assert meta.source_files[0].format == "html" and meta.source_files[0].pages == entry["pages"][name]
    assert meta.region.province == "重庆市"
    # the tables are 8 images: S01 for every standard table it cannot read (state_capital is not
    # mandatory before 2020), each saying why
    images = [t for t in entry["table_rows"] if t["kind"] == "image"]
    s01 = [f for f in doc.findings if f.rule == "S01"]
    assert {f.table for f in s01} == {"summary", "income", "expenditure", "fiscal_summary", "general_budget",
                                      "basic_expenditure", "government_fund", "three_public"}
    assert all(f"published as images: {len(images)} image(s)" in f.message for f in s01)
    # the narrative is read: the figures expected.json lists under figures_alt are stated facts
    stated = {(f.kind, f.stated) for f in doc.narrative}
    alt = entry["figures_alt"]
    assert ("operating_costs", entry["figures"]["operating_costs"]) in stated
    assert ("three_public_total", alt["three_public_total"]) in stated
    assert ("basic_expenditure", alt["general_budget_basic_expenditure"]) in stated
    assert ("project_expenditure", alt["general_budget_project_expenditure"]) in stated
