"""All Shanghai PDFs of the corpus at once: how many of the ten figures read exactly (printed as
"figures exact N/M"), and how long reading takes against pdfplumber's own extract_text."""

from __future__ import annotations

import time

import pdfplumber
from shanghai_checks import blocks, expected_readings, parsed

from ingest.readers.pdf import read_pdf

FILES = (
    "sh_putuo_wanli_street_dept_budget_2023.pdf",
    "sh_putuo_wanli_street_dept_budget_2024.pdf",
    "sh_putuo_govoffice_dept_budget_2025.pdf",
    "sh_putuo_govoffice_unit_budget_2025.pdf",
    "sh_putuo_finance_dept_budget_2025.pdf",
    "sh_putuo_justice_dept_budget_2026.pdf",
    "sh_putuo_welfarehome_unit_budget_2024.pdf",
    "sh_putuo_finance_final_2024.pdf",
    "sh_putuo_planning_final_2024.pdf",
    "sh_template_dept_final_2024.pdf",
)


def test_figures_exact(corpus_dir, capsys):
    expected = expected_readings(corpus_dir)
    exact = total = 0
    wrong: list[str] = []
    for name in FILES:
        got = parsed(corpus_dir / name).figures.model_dump()
        for key, value in expected[name]["figures"].items():
            total += 1
            if got[key] == value:
                exact += 1
            else:
                wrong.append(f"{name} {key}: {got[key]} != {value}")
    with capsys.disabled():
        print(f"\nfigures exact {exact}/{total} over {len(FILES)} Shanghai PDFs")
    assert wrong == []
    assert (exact, total) == (100, 100)


def test_reading_is_within_three_times_plain_text_extraction(corpus_dir):
    """The benchmark target (bench/pdf_read.py measures it properly): read_pdf over a file costs at
    most 3x pdfplumber's extract_text over the same pages. Best of three, to ride out noise."""
    path = corpus_dir / FILES[0]
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
