"""PDF reading: ingest/readers/pdf.py against pdfplumber's plain extract_text over the same pages.

The baseline is the cheapest thing anyone does with a PDF's text layer: pdfplumber parses every
page and lays its characters out as text. budgetwh's reader parses the same characters plus the
ruling lines and rebuilds tables and paragraphs from them; the target is at most 3x the baseline.
Both run over the corpus PDFs (../shared/corpus, or BUDGETWH_SHARED), best of three runs each,
in the same process.
"""

from __future__ import annotations

import os
import platform
import time
from datetime import date
from pathlib import Path

TARGET = 3.0


def corpus_pdfs() -> list[Path]:
    shared = Path(os.environ.get("BUDGETWH_SHARED", Path(__file__).resolve().parents[2] / "shared"))
    return sorted((shared / "corpus").glob("*.pdf"))


def _extract_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def _read(path: Path) -> None:
    from ingest.readers.pdf import read_pdf

    read_pdf(path)


def _best(fn, files: list[Path], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for path in files:
            fn(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> float | None:
    files = corpus_pdfs()
    if not files:
        print("pdf_read: no corpus PDFs found (set BUDGETWH_SHARED); skipped")
        return None
    _read(files[0])  # imports on both sides before timing
    _extract_text(files[0])
    baseline = _best(_extract_text, files)
    ours = _best(_read, files)
    ratio = ours / baseline
    print(f"pdf_read {date.today()} {platform.machine()} {platform.python_version()}: {len(files)} PDFs, "
          f"extract_text {baseline:.2f}s, read_pdf {ours:.2f}s, ratio {ratio:.2f}x (target <= {TARGET:.0f}x)")
    return ratio


if __name__ == "__main__":
    main()
