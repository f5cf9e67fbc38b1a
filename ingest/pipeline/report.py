"""Stage 7: the comparison report of the marts (ingest/report/), written where the settings say."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.settings import gx_docs_dir, report_dir


def build_report(summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The comparison report of the marts (ingest/report/): HTML, CSV and XLSX in :func:`report_dir`.

    ``summary`` (the summarise task's result) gives the report its overview of this run's load.
    Returns the paths written, as strings.
    """
    from ingest.report.build import build_report as write_report

    gx_docs = (summary or {}).get("gx_data_docs")  # this load's GX site; else the index of every load
    return write_report(report_dir(), load=summary, gx_dir=Path(gx_docs).parent if gx_docs else gx_docs_dir()).as_dict()
