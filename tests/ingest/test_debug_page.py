"""`budgetwh debug-page` on one page of every corpus PDF: the page of its first standard table.

The picture is a PNG of the page's size (pypdfium2's page size in points × the scale), and what it
draws is what `parse` reads: every table parse reads on that page is drawn with its kind and title,
each of its rows on the page is a drawn row band whose cells hold the row's printed text, the
drawn cells of a band are the cells of the reader's grid row, and every drawn cell's rectangle
holds, on the page itself (pdfplumber's characters, read apart from the reader), the text drawn
for it.
"""

from __future__ import annotations

import json
from collections import Counter

import pdfplumber
import pypdfium2
import pytest
from click.testing import CliRunner
from PIL import Image

from ingest.cli import main
from ingest.reading import vocabulary as v
from ingest.reading.parse import parse_file
from ingest.settings import shared_dir

PDFS = sorted((shared_dir() / "corpus").glob("*.pdf"))  # read in place, never copied into the project
SCALE = 1.5  # not the default, so that the size check sees the option


def _page_of_first_standard_table(doc) -> int:
    for table in doc.tables:
        if table.kind in v.STANDARD_KINDS:
            return next((r.source.page for r in table.rows if r.source.page), table.page or 1)
    return 1  # a narrative half: no table on its first page either


def _chars(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


@pytest.mark.parametrize("pdf", PDFS, ids=[p.name for p in PDFS])
def test_debug_page_draws_what_parse_reads(pdf, tmp_path):
    doc = parse_file(pdf)
    page = _page_of_first_standard_table(doc)
    out = tmp_path / "page.png"
    result = CliRunner().invoke(main, ["debug-page", str(pdf), str(page), "--out", str(out),
                                       "--scale", str(SCALE), "--json"])
    assert result.exit_code == 0, result.output
    drawn = json.loads(result.stdout)

    # an image of the page's size
    document = pypdfium2.PdfDocument(str(pdf))
    width, height = document[page - 1].get_size()
    document.close()
    with Image.open(out) as image:
        assert image.format == "PNG"
        # pdfium rounds a fractional pixel up: the page's size × scale, to within that pixel
        assert 0 <= image.width - width * SCALE < 1 and 0 <= image.height - height * SCALE < 1, image.size
        assert tuple(drawn["image_size"]) == image.size

    # every table parse reads on the page is drawn, with its kind, title and unit
    parsed = [t for t in doc.tables if any(r.source.page == page for r in t.rows)]
    titled = [t for t in drawn["tables"] if t["kind"] is not None]
    if doc.tables and doc.document.status == "parsed":
        assert parsed, f"{pdf.name}: no parsed row on page {page}"
    for table in parsed:
        matches = [t for t in titled if t["title"] == table.title and t["kind"] == table.kind]
        assert matches, f"{pdf.name} p{page}: {table.kind} {table.title} not drawn"
        assert any(t["unit"] == table.unit for t in matches)
        bands = {(row["page"], row["line"]): row for t in matches for row in t["rows"]}
        cells = [c for t in matches for c in t["cells"]]
        for row in (r for r in table.rows if r.source.page == page):
            key = (row.source.page, row.source.line)
            assert key in bands, f"{pdf.name} p{page}: row {row.source.text!r} (line {row.source.line}) not drawn"
            band = bands[key]
            assert band["role"] == "data", f"{pdf.name} p{page}: {row.source.text!r} drawn as {band['role']}"
            in_band = [c for c in cells if c["band"] == band["band"] and c["text"]]
            printed = [part for part in row.source.text.split(" | ") if part]
            assert _chars("".join(printed)) <= _chars("".join(c["text"] for c in in_band)), (
                f"{pdf.name} p{page}: row {row.source.text!r} is not what the cells of its band hold")

    # the drawn cells are the cells of the reader's grid: one per cell a grid row has
    for table in drawn["tables"]:
        for row in table["rows"]:
            if row["spans"] is None or len(row["spans"]) != len(table["columns"] or row["spans"]):
                continue
            crossing = [c for c in table["cells"] if c["band"] <= row["band"] < c["band"] + c["rows"]]
            assert len(crossing) == sum(1 for s in row["spans"] if s), f"{pdf.name} p{page}: band {row['band']}"
            assert sorted((c["col"], c["cols"]) for c in crossing) == [
                (j, s) for j, s in enumerate(row["spans"]) if s]

    # and each drawn rectangle holds, on the page, the text drawn in it
    with pdfplumber.open(pdf) as plumber:
        chars = [c for c in plumber.pages[page - 1].chars if c["text"].strip()]
    for table in drawn["tables"]:
        for cell in table["cells"]:
            x0, top, x1, bottom = cell["box"]
            inside = [c["text"] for c in chars
                      if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]
            assert set(_chars(cell["text"])) == set(_chars("".join(inside))), (
                f"{pdf.name} p{page}: cell {cell['text']!r} at {cell['box']} holds {''.join(inside)!r}")


def test_debug_page_refuses_a_page_the_file_does_not_have(tmp_path):
    pdf = next(iter(PDFS), None)
    if pdf is None:
        pytest.skip("no corpus")
    result = CliRunner().invoke(main, ["debug-page", str(pdf), "999", "--out", str(tmp_path / "x.png")])
    assert result.exit_code != 0
    assert "not a page 999" in result.output
    assert not (tmp_path / "x.png").exists()
