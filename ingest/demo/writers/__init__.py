"""Writers: canonical Document → a disclosure file in one published layout.

The mirror image of ingest/readers/: each module renders a ``model.Document`` in one format, so that
generated inputs (``budgetwh demo-inbox``, test fixtures) and the readers can be checked against each
other by a round trip. :mod:`ingest.demo.writers.text_rendering` prints the Hebei layout as the seed's
text rendering (the tables from :mod:`~ingest.demo.writers.hebei_template` by
:mod:`~ingest.demo.writers.text_tables`, the 情况说明 by :mod:`~ingest.demo.writers.text_narrative`);
:mod:`ingest.demo.writers.layout` turns that layout into tables with merged cells, which
:mod:`ingest.demo.writers.docx`, :mod:`ingest.demo.writers.xlsx` and :mod:`ingest.demo.writers.pdf` draw
as Word tables, one-sheet-per-table workbooks and ruled PDF tables. The same Document in every format
reads back as the same canonical JSON (tests/ingest/demo/test_renderings_roundtrip.py).
"""
