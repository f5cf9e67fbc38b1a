"""The ten contract figures of the seed, and the rules that pick each one."""

from __future__ import annotations

import pytest

from ingest.model import NarrativeFact, Row, Table
from ingest.reading.figures import figures, three_public_total
from ingest.reading.parse import parse_file

SEED_FIGURES = {
    "income_total": "10295900.00",
    "expenditure_total": "10295900.00",
    "current_year_income": "10182400.00",
    "fiscal_appropriation_income": "10182400.00",
    "basic_expenditure": "5869400.00",
    "project_expenditure": "4426500.00",
    "personnel_expenditure": "5352700.00",
    "public_expenditure": "516700.00",
    "three_public_total": "113000.00",
    "operating_costs": "516700.00",
}


@pytest.fixture(scope="module")
def doc(seed_path):
    return parse_file(seed_path)


def test_seed_ten_figures(doc):
    assert doc.figures.model_dump() == SEED_FIGURES


def _three_public(rows: dict[str, str | None]) -> Table:
    return Table(kind="three_public", title="t", file="f", columns=["total", "general_budget"],
                 rows=[Row(name=line, line=line, values={"total": value, "general_budget": value})
                       for line, value in rows.items()])


def test_three_public_derives_a_blank_car_line_from_its_children():
    table = _three_public({"abroad": None, "car": None, "car.purchase": None, "car.operation": "110000.00",
                           "reception": "3000.00"})
    assert three_public_total(table) == "113000.00"


def test_three_public_prefers_a_printed_parent_and_ignores_meetings():
    table = _three_public({"abroad": "100.00", "abroad.other": "100.00", "car": "500.00",
                           "car.operation": "400.00", "reception": "1.00", "meeting": "9999.00",
                           "training": "9999.00"})
    assert three_public_total(table) == "601.00"


def test_three_public_absent_is_null_and_empty_is_zero():
    assert three_public_total(None) is None
    assert three_public_total(_three_public({})) == "0.00"


def test_no_fallback_to_other_tables():
    """basic/project come only from the expenditure table, personnel/public only from the basic table."""
    general = Table(kind="general_budget", title="g", file="f", columns=["total", "basic", "project"],
                    rows=[Row(name="合计", level=0, line="total", values={"total": "3.00", "basic": "1.00",
                                                                         "project": "2.00"})])
    result = figures([general])
    assert result.basic_expenditure is None and result.project_expenditure is None
    assert result.personnel_expenditure is None and result.three_public_total is None


def test_operating_costs_falls_back_to_the_narrative():
    fact = NarrativeFact(kind="operating_costs", text="机关运行经费51.67万元", stated="516700.00",
                         stated_text="51.67万元", file="f")
    assert figures([], [fact]).operating_costs == "516700.00"
    assert figures([], []).operating_costs is None


def test_current_year_income_falls_back_to_the_income_table_without_a_summary_line():
    income = Table(kind="income", title="i", file="f", columns=["total", "current_income"],
                   rows=[Row(name="合计", level=0, line="total", values={"total": "5.00", "current_income": "4.00"})])
    assert figures([income]).current_year_income == "4.00"
