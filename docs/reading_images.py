"""Regenerate the pictures of docs/reading.md: `make docs-images` (or `.venv/bin/python docs/reading_images.py`).

Each picture is `budgetwh debug-page` on a page of a *generated* disclosure (ingest/demo: the demo
catalogue's 财政局 2024 budget, written as a PDF by ingest/demo/writers/pdf.py), never on a corpus
document: the corpus is not copied into the project, not even as pictures. The page is cropped to
its tables and saved with a small palette, so the three pictures stay a few hundred KB in all.
Chinese text shows where the machine has a CJK font (Debian: fonts-noto-cjk).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from ingest.demo.documents import generate_documents
from ingest.demo.writers.pdf import write_pdf
from ingest.reading.debug_page import write_debug_page
from ingest.reading.parse import parse_file

OUT = Path(__file__).resolve().parent / "images"
PICTURES = (
    ("summary", "reading-summary.png"),  # two panels, 收入 | 支出
    ("income", "reading-income.png"),  # a two-level header over code columns and many amount columns
    ("three_public", "reading-three-public.png"),  # a merged header cell over its parts
)
SCALE = 1.25
MARGIN = 24.0  # points around the tables (the table label sits above them)


def main() -> None:
    demo = generate_documents(years=[2024], broken=None)[0]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = write_pdf(demo.document, Path(tmp) / "demo.pdf")
        parsed = parse_file(pdf)
        for kind, name in PICTURES:
            table = next(t for t in parsed.tables if t.kind == kind)
            page = next((r.source.page for r in table.rows if r.source.page), table.page)
            out = OUT / name
            debug, _ = write_debug_page(pdf, page, out, SCALE)
            x0, top = debug.geometry.box[:2]
            boxes = [t.geometry.box for t in debug.tables]
            crop = (max(0.0, min(b[0] for b in boxes) - MARGIN - x0), max(0.0, min(b[1] for b in boxes) - 2 * MARGIN - top),
                    max(b[2] for b in boxes) + MARGIN - x0, max(b[3] for b in boxes) + MARGIN - top)
            with Image.open(out) as image:
                picture = image.crop(tuple(round(c * SCALE) for c in crop)).quantize(colors=96)
            picture.save(out, format="PNG", optimize=True)
            print(f"{out.relative_to(OUT.parent.parent)}: {demo.department} {demo.year}, {kind}, page {page}, "
                  f"{picture.size[0]}×{picture.size[1]} px, {out.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
