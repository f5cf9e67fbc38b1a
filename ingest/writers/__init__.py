"""Writers: canonical Document → a disclosure file in one published layout.

The mirror image of ingest/readers/: each module renders a ``model.Document`` in one format, so that
generated inputs (``budgetwh demo-inbox``, test fixtures) and the readers can be checked against each
other by a round trip. Only the text rendering of the Hebei layout exists so far
(:mod:`ingest.writers.text_rendering`); DOCX / XLSX / PDF writers can reuse its layout tables.
"""

from ingest.writers.text_rendering import render_text

__all__ = ["render_text"]
