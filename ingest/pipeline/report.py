"""Stage 7: the comparison report of the marts (ingest/report/), written where the settings say; and
``budgetwh report``, which reports on the latest load."""

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


def report_of_latest_load(out_dir: Path):
    """``budgetwh report --out DIR``: the report with the overview of the latest load in audit.load
    (none when nothing was loaded). Returns the report's ReportResult."""
    from ingest.pipeline.summary import summarise
    from ingest.report.build import build_report as write_report
    from ingest.report.queries import latest_load_id
    from ingest.warehouse import connection as warehouse

    with warehouse.connect() as conn:
        load_id = latest_load_id(conn)
    load = summarise(load_id) if load_id else None
    if load is not None:
        load["failed_steps"] = []  # a summary read afterwards does not know the steps' results
    return write_report(out_dir, load=load, gx_dir=gx_docs_dir())
