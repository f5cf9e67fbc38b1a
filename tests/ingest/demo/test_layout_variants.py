"""Generated documents printed in many layouts read back exactly (issue 11): every figure, every
table row and cell value of the source Document, and no finding (ingest/demo/variant_check.py).

A few documents per variant here (``BUDGETWH_LAYOUT_DOCUMENTS``, default 2) to keep the suite fast;
bench/layout_variants.py reads every variant × 50 documents and lists what does not yet read.
"""

from __future__ import annotations

import os

import pytest

from ingest.demo.layouts import DEFAULT, VARIANTS, LayoutOptions, vary_blocks
from ingest.demo.variant_check import differences, read_variant, reference, source_documents
from ingest.demo.writers.layout import LayoutTable, grid_rows, layout
from ingest.model import Finding
from ingest.reading.parse import parse_file

DOCUMENTS = int(os.environ.get("BUDGETWH_LAYOUT_DOCUMENTS", "2"))

# The variants the PDF reader reads exactly (ruled by lines, rectangles or fills, by
# horizontal rules only or by nothing: pdf_aligned_tables.py finds those columns from whitespace).
# header_tree changes a table only where the document has income of the unit's own (事业收入 …):
# test_header_tree_reads_the_unit_funds_subtotal_by_its_path picks such a document.
READ_EXACTLY = [
    "default", "portrait", "separators", "zero_0", "zero_decimal", "zero_dash", "totals_last",
    "unit_own_line", "unit_split", "unit_in_header", "title_at_foot", "split_repeated", "split_plain", "portrait_split_repeated",
    "portrait_split_plain", "rect_borders", "rect_borders_portrait_split", "cell_fills", "cell_fills_dash_totals_last",
    "cell_fills_split_plain", "foot_title_totals_last_separators", "horizontal_rules", "unruled",
    "unruled_separators_dash",
    "summary_three_panels", "code_columns_split", "code_columns_grouped", "code_columns_grouped_totals_last",
    "three_panels_rect_borders_split", "three_panels_cell_fills_grouped", "header_tree",
    "header_tree_grouped_codes_portrait", "unruled_three_panels_split_codes_tree",
]
# Not listed: unruled_grouped_codes — with no ruling the aligned recogniser resolves the header band
# into two rows, so the 科目编码 › 类 | 款 | 项 level is lost and a narrow function table (一般公共预算
# 财政拨款支出表) reads its 款 / 项 parts as codes; documents whose first tables are wide read exactly.

# What the cells say and the tables' shape apply to DOCX and XLSX too (ruling and pages are the PDF's)
# (bench/layout_variants.py reads every one of them as DOCX and XLSX; unit_own_line, zero_0,
# zero_decimal, code_columns_split and code_columns_grouped_totals_last read exactly there too)
OFFICE_READ_EXACTLY = [
    "separators", "zero_dash", "totals_last", "unit_split", "unit_in_header", "summary_three_panels",
    "code_columns_grouped", "header_tree",
]


@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layout_sources")
    docs = list(source_documents(DOCUMENTS))
    return folder, [(doc, reference(doc, folder, parse_file)) for doc in docs]


@pytest.mark.parametrize("name", READ_EXACTLY)
def test_variant_reads_exactly(name, sources):
    folder, pairs = sources
    for doc, want in pairs:
        got = read_variant(doc, VARIANTS[name], folder, parse_file)
        assert got.document.source_files[0].format == "pdf"
        assert differences(want, got) == [], f"{name}: {doc.document.department_code}/{doc.document.year}"


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
@pytest.mark.parametrize("name", OFFICE_READ_EXACTLY)
def test_office_variant_reads_exactly(name, fmt, sources):
    folder, pairs = sources
    for doc, want in pairs:
        got = read_variant(doc, VARIANTS[name], folder, parse_file, fmt)
        assert got.document.source_files[0].format == fmt
        assert differences(want, got) == [], f"{name} ({fmt}): {doc.document.department_code}/{doc.document.year}"


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_header_tree_reads_the_unit_funds_subtotal_by_its_path(fmt, tmp_path):
    """本年收入 › 小计 and 本年收入 › 单位资金 › 小计: the same leaf, told apart by the path above it."""
    doc = next(d for d in source_documents(12) if any(
        r.values.get("business") for r in d.table("income").rows))
    want = reference(doc, tmp_path, parse_file)
    got = read_variant(doc, VARIANTS["header_tree"], tmp_path, parse_file, fmt)
    assert differences(want, got) == []
    total = next(r for r in got.table("income").rows if r.line == "total")
    assert total.values["unit_funds"] == total.values["business"] != None  # noqa: E711
    assert got.table("income").column_labels["unit_funds"] == "单位资金小计"


def test_any_finding_is_a_difference(sources):
    """No finding is tolerated, not even one the reference reading shares: a generated document
    balances and prints only columns the vocabulary maps (its text rendering reads with none)."""
    _, pairs = sources
    doc, want = pairs[0]
    assert not doc.findings and not want.findings
    r02 = Finding(rule="R02", severity="warn", table="procurement", column="单价",
                  message="部门政府采购预算 (page 1): column '单价' is not read")
    assert differences(want, want) == []
    shared = want.model_copy(update={"findings": [r02]})
    assert differences(shared, shared) == [f"finding R02 warn: {r02.message}"]


def test_shapes_change_the_tables_they_apply_to():
    doc = next(source_documents(1))
    blocks = layout(doc)
    widths = [b.width for b in blocks if isinstance(b, LayoutTable)]
    for options, grown in ((LayoutOptions(panels=3), 2), (LayoutOptions(codes="split"), 2),
                           (LayoutOptions(header_tree=True), 1)):
        varied = [b.width for b in vary_blocks(blocks, options) if isinstance(b, LayoutTable)]
        assert any(b - a == grown for a, b in zip(widths, varied, strict=True)), options.name
    grouped = [b for b in vary_blocks(blocks, LayoutOptions(codes="grouped")) if isinstance(b, LayoutTable)]
    assert any(grid_rows(t)[3][1:4] == ["类", "款", "项"] for t in grouped)


def test_at_least_twenty_variants_are_named():
    assert len(VARIANTS) >= 20 and VARIANTS["default"] == DEFAULT
    assert len({options.name for options in VARIANTS.values()}) == len(VARIANTS)


def test_default_layout_is_unchanged_and_variants_change_only_cells():
    doc = next(source_documents(1))
    blocks = layout(doc)
    assert vary_blocks(blocks, DEFAULT) == blocks
    varied = vary_blocks(blocks, LayoutOptions(separators=True, zero="-", totals_last=True))
    tables = [(a, b) for a, b in zip(blocks, varied, strict=True) if isinstance(a, LayoutTable)]
    assert all(len(a.rows) == len(b.rows) and a.width == b.width for a, b in tables)
    assert any(a.rows != b.rows for a, b in tables)
    assert blocks == layout(doc)  # the input is untouched
