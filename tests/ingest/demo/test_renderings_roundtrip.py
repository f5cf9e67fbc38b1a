"""One Document, four renderings: the seed (and generated demo documents) written as text, DOCX,
XLSX and PDF parse to the same canonical JSON — same document fields, figures, table values,
narrative facts, performance targets and findings — apart from what only says where things were
printed (source files, ids, pages, line and row positions)."""

from __future__ import annotations

import json
import re

import pytest

from ingest.demo.catalogue import DEMO_NOTE, department
from ingest.demo.documents import build_document
from ingest.demo.writers.docx import write_docx
from ingest.demo.writers.pdf import write_pdf
from ingest.demo.writers.text_rendering import render_text
from ingest.demo.writers.xlsx import write_xlsx
from ingest.reading.parse import parse_file
from ingest.reading.vocabulary import STANDARD_KINDS

WRITERS = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}


def canonical(doc, *, squeeze_narrative_spaces: bool = False) -> dict:
    """The contract object without what depends on the file format (see the module docstring)."""
    data = json.loads(doc.model_dump_json())
    meta = data["document"]
    for key in ("id", "source_files"):
        meta.pop(key)
    for table in data["tables"]:
        table.pop("file")
        table.pop("page")
        for row in table["rows"]:
            for key in ("page", "line", "row"):
                row["source"].pop(key)
    for fact in data["narrative"]:
        for key in ("file", "page", "line"):
            fact.pop(key)
        if squeeze_narrative_spaces:
            fact["text"] = re.sub(r"\s+", "", fact["text"])
    for target in data["performance_targets"]:
        for key in ("file", "page", "line"):
            target.pop(key)
    for finding in data["findings"]:
        finding.pop("file")
        finding.pop("page")
    return data


@pytest.fixture(scope="module")
def seed_document(seed_path):
    return parse_file(seed_path)


@pytest.fixture(scope="module")
def renderings(tmp_path_factory, seed_document):
    """The seed's Document written in every format: {format: path}."""
    folder = tmp_path_factory.mktemp("renderings")
    text = folder / "seed.txt"
    text.write_text(render_text(seed_document), encoding="utf-8")
    paths = {"text": text}
    for fmt, write in WRITERS.items():
        paths[fmt] = write(seed_document, folder / f"seed.{fmt}")
    return paths


@pytest.fixture(scope="module")
def reference(renderings):
    doc = parse_file(renderings["text"])
    assert doc.document.status == "parsed" and doc.findings == []
    return doc


def test_the_text_rendering_reads_like_the_seed(reference, seed_document):
    # the reference every format is compared with is itself a faithful reading of the seed: the
    # same figures and the same nine standard tables, value for value and text for text
    def standard(doc):
        return [t for t in canonical(doc)["tables"] if t["kind"] in STANDARD_KINDS]

    assert reference.figures == seed_document.figures
    assert standard(reference) == standard(seed_document)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_seed_renders_identically(fmt, renderings, reference):
    doc = parse_file(renderings[fmt])
    assert doc.document.source_files[0].format == fmt
    assert canonical(doc) == canonical(reference)


def test_seed_as_pdf_renders_identically(renderings, reference):
    """Every table value, figure, finding and performance target is identical; narrative sentences
    are compared without whitespace here, see the next test."""
    doc = parse_file(renderings["pdf"])
    assert doc.document.source_files[0].format == "pdf"
    assert doc.document.source_files[0].pages and doc.document.source_files[0].pages > 9
    got = canonical(doc, squeeze_narrative_spaces=True)
    want = canonical(reference, squeeze_narrative_spaces=True)
    assert got == want


def test_seed_as_pdf_keeps_narrative_spaces(renderings, reference):
    """A space the PDF prints as a glyph is kept (ingest/readers/pdf_glyphs.py line_text): '…0.00万元， 国有资本…'."""
    assert canonical(parse_file(renderings["pdf"]))["narrative"] == canonical(reference)["narrative"]


@pytest.mark.parametrize("slug", ["public_security", "housing"])
@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_generated_documents_render_identically(tmp_path, slug, fmt):
    """Demo documents (a fund table with rows, a carry-over, 三公 with car purchases) in every format."""
    doc = build_document(department(slug), 2024)
    text = tmp_path / f"{slug}.txt"
    text.write_text(render_text(doc, notes=[DEMO_NOTE]), encoding="utf-8")
    written = WRITERS[fmt](doc, tmp_path / f"{slug}.{fmt}", notes=[DEMO_NOTE])
    reference = parse_file(text)
    assert reference.document.status == "parsed"
    assert canonical(parse_file(written)) == canonical(reference)


def test_renderings_of_one_document_are_one_document_key_but_different_ids(renderings, reference):
    docs = [parse_file(path) for path in renderings.values()]
    assert {d.document.document_key for d in docs} == {reference.document.document_key}
    assert len({d.document.id for d in docs}) == len(docs)  # different bytes, different ids
