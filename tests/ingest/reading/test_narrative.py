"""What the seed's narrative states, figure by figure, and how sentences are read."""

from __future__ import annotations

import pytest

from ingest.reading.narrative import facts_from_paragraph
from ingest.reading.parse import parse_file


@pytest.fixture(scope="module")
def facts(seed_path):
    return parse_file(seed_path).narrative


def _by_kind(facts, kind, subject=None):
    return [(f.stated, f.stated_text) for f in facts if f.kind == kind and f.subject == subject]


@pytest.mark.parametrize(
    ("kind", "stated", "stated_text"),
    [
        ("income_total", "10295900.00", "1029.59万元"),
        ("general_budget_income", "10182400.00", "1018.24万元"),
        ("government_fund_income", "0.00", "0.00万元"),
        ("state_capital_income", "0.00", "0.00万元"),
        ("carry_over", "113500.00", "11.35万元"),
        ("basic_expenditure", "5869400.00", "586.94万元"),
        ("personnel_expenditure", "5352700.00", "535.27万元"),
        ("public_expenditure", "516700.00", "51.67万元"),
        ("project_expenditure", "4426500.00", "442.65万元"),
        ("operating_costs", "516700.00", "51.67万元"),
        ("three_public_total", "113000.00", "11.30万元"),
        ("three_public.abroad", "0.00", "0万元"),
        ("three_public.car.purchase", "0.00", "0万元"),
        ("three_public.car.operation", "110000.00", "11万元"),
        ("three_public.reception", "3000.00", "0.30万元"),
        ("procurement_total", "0.00", "0.00万元"),
        ("fixed_assets_total", "2763300.00", "276.33万元"),
    ],
)
def test_stated_amounts(facts, kind, stated, stated_text):
    assert (stated, stated_text) in _by_kind(facts, kind)


def test_expenditure_total_is_stated_twice(facts):
    assert _by_kind(facts, "expenditure_total") == [("10295900.00", "1029.59万元")] * 2


def test_year_over_year_changes(facts):
    changes = [(f.subject, f.direction, f.stated) for f in facts if f.kind == "change"]
    assert changes == [
        ("expenditure_total", "decrease", "612900.00"),
        ("basic_expenditure", "increase", "682600.00"),
        ("project_expenditure", "decrease", "1295500.00"),
        ("three_public_total", "decrease", "100.00"),
        ("three_public.abroad", "flat", "0.00"),
        ("three_public.car.purchase", "flat", "0.00"),
        ("three_public.car.operation", "flat", "0.00"),
        ("three_public.reception", "decrease", "100.00"),
    ]


def test_facts_keep_sentence_file_and_line(facts):
    fact = next(f for f in facts if f.kind == "income_total")
    assert fact.text.startswith("2023年预算收入为1029.59万元")
    assert fact.unit == "万元" and fact.file == "000_6885cbf63360e79d.txt" and fact.line == 1786


def test_shares_and_percent_changes():
    facts = facts_from_paragraph("基本支出500.00万元，占总支出的50.5%；项目支出较上年增长12%。", "f")
    assert [(f.kind, f.subject, f.stated, f.direction) for f in facts] == [
        ("basic_expenditure", None, "5000000.00", None),
        ("share", "basic_expenditure", "50.50%", None),
        ("change", "project_expenditure", "12.00%", "increase"),
    ]


def test_performance_standards_are_not_figures():
    assert facts_from_paragraph("绩效标准：90%以上的为优； 80%-90%的为良。", "f") == []
