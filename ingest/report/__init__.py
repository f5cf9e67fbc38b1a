"""The cross-department comparison report: one self-contained HTML page (plotly.js inlined) with the
comparison tables as CSV and XLSX, built from the marts. ``budgetwh report --out DIR`` and the
``report`` task of budget_nightly call :func:`build_report`."""

from ingest.report.build import REPORT_FILE, ReportResult, build_report

__all__ = ["REPORT_FILE", "ReportResult", "build_report"]
