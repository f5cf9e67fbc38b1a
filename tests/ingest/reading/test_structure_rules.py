"""S01–S06: none on the seed; each one fires on a file broken for it."""

from __future__ import annotations

import pytest

from ingest.reading.parse import parse_file


@pytest.fixture(scope="module")
def seed_text(seed_path):
    return seed_path.read_text(encoding="utf-8")


def _parse(tmp_path, text, name="broken.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


def _rules(doc, prefix="S"):
    return sorted((f.rule, f.severity, f.table) for f in doc.findings if f.rule.startswith(prefix))


def test_seed_has_no_findings_at_all(seed_path):
    assert parse_file(seed_path).findings == []


def test_s04_table_without_unit(tmp_path, seed_text):
    # drop the unit line of the income table (the second 单位：万元 of the file)
    first = seed_text.index("\t单位：万元\n")
    second = seed_text.index("\t单位：万元\n", first + 1)
    doc = _parse(tmp_path, seed_text[:second] + seed_text[second + len("\t单位：万元\n"):])
    assert _rules(doc) == [("S04", "error", "income")]
    income = doc.table("income")
    assert income.unit is None and all(v is None for r in income.rows for v in r.values.values())
    assert doc.figures.current_year_income == "10182400.00"  # from the summary, which has its unit


def test_s04_not_raised_when_the_document_states_a_unit(tmp_path, seed_text):
    first = seed_text.index("\t单位：万元\n")
    second = seed_text.index("\t单位：万元\n", first + 1)
    text = "金额单位：万元\n" + seed_text[:second] + seed_text[second + len("\t单位：万元\n"):]
    doc = _parse(tmp_path, text)
    assert _rules(doc) == [] and doc.table("income").unit == "万元"


def test_r01_unreadable_cell_names_table_row_and_cell(tmp_path, seed_text):
    text = seed_text.replace("\t2101101\n\t行政单位医疗\n\t320.91\n\t20.91\n",
                             "\t2101101\n\t行政单位医疗\n\t320.91\n\t2O.91\n", 1)
    assert text != seed_text
    doc = _parse(tmp_path, text)
    [finding] = [f for f in doc.findings if f.rule == "R01"]
    assert (finding.severity, finding.table, finding.row, finding.column) == ("error", "expenditure", "2101101",
                                                                               "basic")
    assert "部门预算支出总表" in finding.message and "行政单位医疗" in finding.message and "'2O.91'" in finding.message


def test_s01_missing_tables_and_pre_2020_state_capital(tmp_path, seed_text):
    start = seed_text.index("部门预算国有资本经营预算财政拨款支出表")
    end = seed_text.index("部门预算财政拨款“三公”经费支出表")
    doc = _parse(tmp_path, seed_text[:start] + seed_text[end:])
    assert _rules(doc) == [("S01", "warn", "state_capital")]
    old = (seed_text[:start] + seed_text[end:]).replace("2023", "2019")
    assert _rules(_parse(tmp_path, old, "old.txt")) == []


def test_s02_fund_table_without_note(tmp_path, seed_text):
    doc = _parse(tmp_path, seed_text.replace("注：无政府基金预算财政拨款预算，空表列示。\n", ""))
    assert _rules(doc) == [("S02", "warn", "government_fund")]


def test_s03_two_years(tmp_path, seed_text):
    doc = _parse(tmp_path, seed_text.replace("预算年度：2023", "预算年度：2022", 1))
    assert _rules(doc) == [("S03", "error", None)]


def test_s05_placeholder(tmp_path, seed_text):
    doc = _parse(tmp_path, seed_text.replace("\t行政运行\n", "\tXX运行\n", 1))
    assert ("S05", "error", None) in _rules(doc)


def test_s06_two_department_names(tmp_path, seed_text):
    doc = _parse(tmp_path, seed_text.replace("\t203组织部门\n", "\t203宣传部门\n", 1))
    assert _rules(doc) == [("S06", "warn", None)]
