"""Grid + recognised kind → canonical ``model.Table``: columns, line keys, codes, levels, exact amounts.

Why here and not in the readers: every format prints the same tables with the same headers, only
laid out differently. Once a reader has produced a grid, mapping its printed headers onto the
canonical columns of ingest/reading/vocabulary.py, dropping scaffolding (序号, 栏次, header rows, the
department-code line, 预算年度), reading the unit and turning each cell into 元 is the same work for
all of them. Nothing here judges whether the numbers add up: that is the SQL rules' job.

Where each part is:

- ``read.py``: ``read_table`` (the entry point) and ``ReadTable``; picks the reading for the layout
- ``text.py``: how a printed label is compared (``clean``, ``strip_enumeration``, first matching pattern)
- ``grid.py``: a grid's scaffolding: meta rows, header rows, data rows, 栏次, code columns (``join_code``)
- ``headers.py``: printed header → canonical column, per kind; column labels of merged headers; what
  the scaffolding says (year, unit, department)
- ``cells.py``: a printed cell → exact 元 (R01 when it is no amount), and its source reference
- ``lines.py``: a row's printed name → line key (summary, 三公, fixed assets)
- ``rows.py``: the common reading: one canonical row per printed row (code, name, level, amounts)
- one module per special layout: ``summary.py`` (收支总表 panels side by side), ``income_sources.py``
  (income by source printed as rows), ``three_public.py`` (三公 parts as columns), ``panels.py``
  (economic classes in two panels side by side)

This file holds no imports of its own: import from the module that holds the name.
"""
