"""The demo: generated budget and 决算 disclosures of a fictional 演示区, and the writers that print them.

Why generate rather than collect: the demo must run offline and show every path of the pipeline —
documents that balance, a warning, and a document that breaks a rule and is quarantined — with
figures known in advance. Where each part lives:

- ``catalogue``: the departments, their projects, the subjects they book, the seed and defaults;
- ``budget`` and ``final``: the numbers of a department-year's budget and of its 决算;
- ``cells``: amounts in 0.01 万元 as printed text, and canonical rows;
- ``tables``, ``narrative``, ``performance``: those numbers as a Document's tables, 情况说明 and
  绩效目标;
- ``documents``: a whole consistent Document per department-year, rendered, one broken on purpose;
- ``inbox``: the documents written as files (``budgetwh demo-inbox``, ``make demo``);
- ``writers/``: a Document printed as text, DOCX, XLSX or PDF in the Hebei layout.

This file imports nothing (a package's __init__ that imports its submodules is a cycle waiting to
happen): import from the module that holds the name.
"""
