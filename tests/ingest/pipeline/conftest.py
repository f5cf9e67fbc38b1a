"""Airflow for the pipeline tests: a per-session home under data/, set before anything imports airflow.

Airflow reads its configuration when first imported, so the environment is set here, at collection
time (tests/dags/conftest.py does the same; whichever is collected first wipes the metadata
database of the previous session). The ``airflow_metadata`` fixture migrates it once, on first use.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ingest.pipeline.airflow_runner import configure_airflow

PROJECT_ROOT = Path(__file__).resolve().parents[3]
AIRFLOW_HOME = PROJECT_ROOT / "data" / f"test-airflow-{os.environ.get('BUDGETWH_TEST_SLOT', 'main')}"

if os.environ.get("BUDGETWH_AIRFLOW_HOME") != str(AIRFLOW_HOME):  # once per process, whichever conftest is first
    os.environ["BUDGETWH_AIRFLOW_HOME"] = str(AIRFLOW_HOME)
    configure_airflow(AIRFLOW_HOME, fresh=True)


@pytest.fixture(scope="session")
def airflow_metadata() -> Path:
    """The session's Airflow metadata database, migrated once (about 5 s)."""
    from ingest.pipeline.airflow_runner import ensure_metadata_db

    ensure_metadata_db(AIRFLOW_HOME)
    return AIRFLOW_HOME
