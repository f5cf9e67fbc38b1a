"""Every parsed PDF document of the corpus against expected.json and what was counted from its pages
(corpus_documents.PRINTED): document fields, the ten figures, function_leaf_rows, rows per table, no
misread cell, the reader's own findings; for Jiangsu also the tables' kinds in printed order and
two-file documents read as one. One test per document and check, its id naming the document.

Checks of one document that fit no common shape live in the per-topic modules beside this one
(test_corpus_three_public, _empty_tables, _layout, _lines, _narrative) and at the end of this module
(the defects of a document that the reader keeps or reports).
"""

from __future__ import annotations

import pytest
from corpus_checks import (
    assert_figures,
    assert_jiangsu_document_fields,
    assert_shanghai_document_fields,
    expected_kinds,
    expected_reading_rules,
    expected_readings,
    is_jiangsu,
    jiangsu_breaks,
    jiangsu_data_rows,
    leaf_rows,
    reading_rules,
    shanghai_breaks,
    shanghai_cross_breaks,
    shanghai_data_rows,
    table_kinds,
)
from corpus_documents import JIANGSU, PRINTED, SHANGHAI, TWO_FILES, documents, for_document


def test_every_corpus_document_is_covered(corpus_dir):
    """Each Jiangsu entry of expected.json and each Shanghai PDF has its row here."""
    expected = expected_readings(corpus_dir)
    assert sorted(k for k in expected if k.startswith("js_")) == sorted(JIANGSU)
    assert sorted(k for k in expected if k.startswith("sh_") and k.endswith(".pdf")) == sorted(SHANGHAI)


@pytest.mark.parametrize("key", documents(list(PRINTED)))
def test_document_fields(key, doc, expected):
    if is_jiangsu(key):
        assert_jiangsu_document_fields(doc, expected)
    else:
        assert_shanghai_document_fields(doc, expected)
    printed = PRINTED[key].document
    assert {name: getattr(doc.document, name) for name in printed} == printed


@pytest.mark.parametrize("key", documents(list(PRINTED)))
def test_figures(key, doc, expected):
    assert_figures(doc, expected)
    printed = PRINTED[key].figures
    assert {name: getattr(doc.figures, name) for name in printed} == printed


@pytest.mark.parametrize("key", documents(list(PRINTED)))
def test_function_leaf_rows(key, doc, expected):
    if is_jiangsu(key):
        assert expected["function_leaf_rows_table"].split(" ", 1)[1] in doc.table("general_budget").title
    kind = "general_budget" if is_jiangsu(key) else "expenditure"
    assert leaf_rows(doc, kind) == expected["function_leaf_rows"] == PRINTED[key].leaf_rows


def _rows_message(key: str, read: dict[str, int], counted: dict[str, tuple[int, str]]) -> str:
    where = f" (pages of {key}_tables.pdf)" if key in TWO_FILES else ""
    lines = [f"{kind}: read {read.get(kind)}, counted {n} on {pages}"
             for kind, (n, pages) in counted.items() if read.get(kind) != n]
    lines += [f"{kind}: read {n}, no such table counted" for kind, n in read.items() if kind not in counted]
    return f"rows per table of {key}{where}:\n" + "\n".join(lines)


@pytest.mark.parametrize("key", documents(list(PRINTED)))
def test_tables_are_on_the_page_of_their_title(key, doc, expected):
    """Each table expected.json lists (by title, else by kind) is read on the page its title is
    printed on (a title at the foot of a page names that page, though the grid starts on the next)."""
    found = {}
    for entry in expected.get("table_rows", []):
        if entry.get("title"):
            tables = [t for t in doc.tables if entry["title"] in t.title and t.file == entry.get("file", t.file)]
        else:
            tables = [t for t in doc.tables if t.kind == entry["kind"]]
        if tables:
            found[entry.get("title") or entry["kind"]] = (tables[0].page, entry["page"])
    assert found, f"{key}: no table of expected.json found"
    wrong = {title: pages for title, pages in found.items() if pages[0] != pages[1]}
    assert not wrong, f"{key}: (read page, expected page) by title: {wrong}"


@pytest.mark.parametrize("key", documents(list(PRINTED)))
def test_table_rows(key, doc):
    data_rows = jiangsu_data_rows if is_jiangsu(key) else shanghai_data_rows
    read = {t.kind: data_rows(t) for t in doc.tables}
    counted = PRINTED[key].table_rows
    assert read == {kind: n for kind, (n, _) in counted.items()}, _rows_message(key, read, counted)


@pytest.mark.parametrize("key", documents(list(PRINTED)))
def test_no_misread_cell(key, doc):
    """Every sum holds, but the breaks that are the document's own defects (PRINTED's ``breaks``)."""
    if is_jiangsu(key):
        assert jiangsu_breaks(doc) == PRINTED[key].breaks
    else:
        assert shanghai_breaks(doc) == PRINTED[key].breaks
        assert shanghai_cross_breaks(doc) == []


@pytest.mark.parametrize("key", documents(list(PRINTED)))
def test_reading_findings(key, doc, expected):
    assert reading_rules(doc) == expected_reading_rules(expected) == PRINTED[key].reading_rules


@pytest.mark.parametrize("key", documents(JIANGSU))
def test_table_kinds(key, doc, expected):
    assert table_kinds(doc) == expected_kinds(expected)
    printed = PRINTED[key].titles
    assert {kind: doc.table(kind).title for kind in printed} == printed


@pytest.mark.parametrize("key", documents(TWO_FILES))
def test_one_document_of_two_files(key, doc):
    names = [f.name for f in doc.document.source_files]
    assert names == [f"{key}_narrative.pdf", f"{key}_tables.pdf"]
    assert {t.file for t in doc.tables} == {names[1]}
    assert {f.file for f in doc.narrative} == {names[0]}


# --- a document's own defects, as the reader keeps or reports them -------------------------------


@for_document("sh_putuo_welfarehome_unit_budget_2024.pdf")
def test_own_break_is_listed_in_expected(expected):
    """The B08 break test_no_misread_cell expects of this document is expected.json's defect."""
    assert {d["rule"] for d in expected["defects"] if d["rule"] == "B08"} == {"B08"}
    assert {(d["table"], d["left"], d["right"]) for d in expected["defects"] if d["rule"] == "B08"} == {
        ("expenditure", "503724.00", "0.00"), ("general_budget", "503724.00", "0.00")}


@for_document("sh_putuo_welfarehome_unit_budget_2024.pdf")
def test_misprinted_code_kept_as_printed(doc):
    for kind in ("expenditure", "general_budget"):
        row = next(r for r in doc.table(kind).rows if r.name == "事业单位医疗")
        assert (row.code, row.level) == ("71102", 3)  # a 项 row by position; no 2101102 is invented
        assert row.source.text.startswith("7 | 11 | 02 | 事业单位医疗")
    income = {r.code: r for r in doc.table("income").rows if r.code}
    assert "2101102" in income  # the income table prints it correctly


@for_document("sh_putuo_planning_final_2024.pdf")
def test_page_heading_names_the_city_bureau_s06(doc):
    s06 = next(f for f in doc.findings if f.rule == "S06")
    assert (s06.left, s06.right) == ("上海市普陀区规划和自然资源局", "上海市规划和自然资源局")


@for_document("sh_template_dept_final_2024.pdf")
def test_placeholders_are_an_s05_error(doc):
    s05 = [f for f in doc.findings if f.rule == "S05"]
    assert all(f.severity == "error" for f in s05)
    assert any("department" in f.message and f.left == "上海市XX局" for f in s05)
    assert any("XXX万元" in (f.left or "") for f in s05)
