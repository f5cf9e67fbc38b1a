"""All corpus documents at once, per region (Jiangsu two-file documents read as one): how many of the
ten figures read exactly (printed as "figures exact N/M"), and how long reading a Shanghai PDF takes
against pdfplumber's own extract_text."""

from __future__ import annotations

import time

import pdfplumber
import pytest
from corpus_checks import blocks, corpus_document, expected_readings
from corpus_documents import JIANGSU, SHANGHAI

from ingest.readers.pdf import read_pdf


@pytest.mark.parametrize(("documents", "keys"), [pytest.param("Shanghai PDFs", SHANGHAI, id="shanghai"),
                                                 pytest.param("Jiangsu documents", JIANGSU, id="jiangsu")])
def test_figures_exact(documents, keys, corpus_dir, capsys):
    expected = expected_readings(corpus_dir)
    exact = total = 0
    wrong: list[str] = []
    for key in keys:
        got = corpus_document(corpus_dir, key).figures.model_dump()
        for figure, value in expected[key]["figures"].items():
            total += 1
            if got[figure] == value:
                exact += 1
            else:
                wrong.append(f"{key} {figure}: {got[figure]} != {value}")
    with capsys.disabled():
        print(f"\nfigures exact {exact}/{total} over {len(keys)} {documents}")
    assert wrong == []
    assert (exact, total) == (100, 100)


def test_reading_is_within_three_times_plain_text_extraction(corpus_dir):
    """The benchmark target (bench/pdf_read.py measures it properly): read_pdf over a file costs at
    most 3x pdfplumber's extract_text over the same pages. Best of three, to ride out noise."""
    path = corpus_dir / "sh_putuo_wanli_street_dept_budget_2023.pdf"
    blocks(path)  # warm imports and caches of both sides

    def extract_text() -> None:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()

    def ours() -> None:
        read_pdf(path)

    def best(fn) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    assert best(ours) <= 3 * best(extract_text)
