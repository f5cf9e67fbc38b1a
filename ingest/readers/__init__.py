"""Readers: one module per input format, each turning a file into format-neutral blocks
(ingest/readers/blocks.py): text renderings (``text_rendering``), Word (``docx``), spreadsheets
(``xlsx``, ``xls``; shared layout rules in ``spreadsheet``), web pages (``html``) and PDF (``pdf``).
"""
