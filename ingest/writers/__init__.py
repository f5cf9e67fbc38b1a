"""Writers: canonical Document → a disclosure file in one published layout.

The mirror image of ingest/readers/: each module renders a ``model.Document`` in one format, so that
generated inputs (``budgetwh demo-inbox``, test fixtures) and the readers can be checked against each
other by a round trip. :mod:`ingest.writers.text_rendering` prints the Hebei layout as the seed's
text rendering; :mod:`ingest.writers.layout` turns that layout into tables with merged cells, which
:mod:`ingest.writers.docx`, :mod:`ingest.writers.xlsx` and :mod:`ingest.writers.pdf` draw as Word
tables, one-sheet-per-table workbooks and ruled PDF tables. The same Document in every format reads
back as the same canonical JSON (tests/ingest/test_renderings_roundtrip.py).
"""

from ingest.writers.text_rendering import render_text

__all__ = ["render_text"]
