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
from ingest.demo.writers.layout import LayoutTable, layout
from ingest.reading.parse import parse_file

DOCUMENTS = int(os.environ.get("BUDGETWH_LAYOUT_DOCUMENTS", "2"))

# The variants the PDF reader reads exactly (ruled by lines, rectangles or fills, by
# horizontal rules only or by nothing: pdf_aligned_tables.py finds those columns from whitespace).
READ_EXACTLY = [
    "default", "portrait", "separators", "zero_0", "zero_decimal", "zero_dash", "totals_last",
    "unit_own_line", "unit_split", "unit_in_header", "title_at_foot", "split_repeated", "split_plain", "portrait_split_repeated",
    "portrait_split_plain", "rect_borders", "rect_borders_portrait_split", "cell_fills", "cell_fills_dash_totals_last",
    "cell_fills_split_plain", "foot_title_totals_last_separators", "horizontal_rules", "unruled",
    "unruled_separators_dash",
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
