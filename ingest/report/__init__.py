"""The cross-department comparison report: one self-contained HTML page (plotly.js inlined) with the
comparison tables as CSV and XLSX, built from the marts. ``budgetwh report --out DIR`` and the
``report`` task of budget_nightly call ``build.build_report``; ``queries`` reads the marts,
``charts`` draws, ``exports`` writes CSV and XLSX, ``formatting`` writes amounts as people read them."""
