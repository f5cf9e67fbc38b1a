"""Layout variants read back: every variant of ingest/demo/layouts.py × 50 generated documents
(``BUDGETWH_LAYOUT_DOCUMENTS``) written as PDF and read — and the variants DOCX and XLSX print too
(``office_variants``) written as those, named ``variant@docx`` — each compared with its document by
ingest/demo/variant_check.py. Prints, per variant, how many documents read exactly, the first
difference of one that does not, and documents read per second. Record the result in BENCHMARKS.md.

Run: ``python -m bench.layout_variants [VARIANT[@FORMAT] ...]``.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from datetime import date
from pathlib import Path


def main(names: list[str] | None = None) -> dict[str, int]:
    from ingest.demo.layouts import VARIANTS, office_variants
    from ingest.demo.variant_check import differences, read_variant, reference, source_documents
    from ingest.reading.parse import parse_file

    count = int(os.environ.get("BUDGETWH_LAYOUT_DOCUMENTS", "50"))
    names = names or [*VARIANTS, *(f"{n}@{fmt}" for fmt in ("docx", "xlsx") for n in office_variants())]
    exact: dict[str, int] = {}
    started = time.perf_counter()
    print(f"layout_variants {date.today()} {platform.machine()} {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, load average {os.getloadavg()[0]:.1f} at start: "
          f"{len(names)} variants x {count} documents", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        docs = list(source_documents(count))
        pairs = [(doc, reference(doc, folder, parse_file)) for doc in docs]
        for name in names:
            start = time.perf_counter()
            first: tuple[str, list[str]] | None = None
            exact[name] = 0
            variant, _, fmt = name.partition("@")
            for doc, want in pairs:
                diff = differences(want, read_variant(doc, VARIANTS[variant], folder, parse_file, fmt or "pdf"))
                if not diff:
                    exact[name] += 1
                elif first is None:
                    first = (f"{doc.document.department_code}/{doc.document.year}", diff)
            seconds = time.perf_counter() - start
            print(f"  {name:36s} {exact[name]:3d}/{len(pairs)} exact  {len(pairs) / seconds:5.2f} documents/s",
                  flush=True)
            if first is not None:
                print(f"      first difference ({first[0]}): {first[1][0]}", flush=True)
    total = sum(exact.values())
    print(f"  {total}/{len(names) * count} variant documents exact; {sum(v == count for v in exact.values())} of "
          f"{len(names)} variants read every document; total {time.perf_counter() - started:.0f} s; load average "
          f"{os.getloadavg()[0]:.1f} at the end", flush=True)
    return exact


if __name__ == "__main__":
    main(sys.argv[1:] or None)
