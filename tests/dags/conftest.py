"""Airflow for the DAG tests: a per-session home under data/, set before anything imports airflow.

Airflow reads its configuration when first imported, so the environment is set here, at collection
time. The metadata database (SQLite) is deleted once per test process and migrated on first use by
the ``airflow_metadata`` fixture (tests/ingest/pipeline/conftest.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from ingest.pipeline.airflow_runner import configure_airflow

PROJECT_ROOT = Path(__file__).resolve().parents[2]
AIRFLOW_HOME = PROJECT_ROOT / "data" / f"test-airflow-{os.environ.get('BUDGETWH_TEST_SLOT', 'main')}"

if os.environ.get("BUDGETWH_AIRFLOW_HOME") != str(AIRFLOW_HOME):  # once per process, whichever conftest is first
    os.environ["BUDGETWH_AIRFLOW_HOME"] = str(AIRFLOW_HOME)
    configure_airflow(AIRFLOW_HOME, fresh=True)
