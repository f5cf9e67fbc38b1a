"""The report tests: the demo load through the real DAG (its last task writes the report), and
Debian's Chromium with the Noto CJK fonts, installed with apt when missing.

Chromium and the fonts are large downloads, so only these tests install them, once: when
/usr/bin/chromium or a Chinese font is missing, the ``chromium`` fixture runs
``apt-get update && apt-get install -y chromium fonts-noto-cjk`` (tests/apt.py; CI runs as root on
the same kind of machine). Airflow is configured here as in tests/ingest/pipeline/conftest.py (same per-slot home).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ingest.pipeline.airflow_runner import configure_airflow
from tests.apt import apt_install

PROJECT_ROOT = Path(__file__).resolve().parents[3]
AIRFLOW_HOME = PROJECT_ROOT / "data" / f"test-airflow-{os.environ.get('BUDGETWH_TEST_SLOT', 'main')}"
CHROMIUM = Path("/usr/bin/chromium")
APT_PACKAGES = ("chromium", "fonts-noto-cjk")

if os.environ.get("BUDGETWH_AIRFLOW_HOME") != str(AIRFLOW_HOME):  # once per process, whichever conftest is first
    os.environ["BUDGETWH_AIRFLOW_HOME"] = str(AIRFLOW_HOME)
    configure_airflow(AIRFLOW_HOME, fresh=True)


def _has_cjk_font() -> bool:
    if shutil.which("fc-list"):
        listed = subprocess.run(["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False)
        if "Noto Sans CJK" in listed.stdout:
            return True
    return any(Path("/usr/share/fonts/opentype/noto").glob("NotoSansCJK*"))


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium (with fonts-noto-cjk for the Chinese labels), installed when missing."""
    if not CHROMIUM.exists() or not _has_cjk_font():
        apt_install(APT_PACKAGES, f"{CHROMIUM} or the Noto CJK fonts")
    assert CHROMIUM.exists(), f"apt-get installed chromium but {CHROMIUM} is missing"
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def airflow_metadata() -> Path:
    from ingest.pipeline.airflow_runner import ensure_metadata_db

    ensure_metadata_db(AIRFLOW_HOME)
    return AIRFLOW_HOME


@pytest.fixture(scope="session")
def demo_load(warehouse_dsn: str, airflow_metadata: Path, seed_path: Path) -> dict:
    """A demo inbox (six departments × 2023, 2024 budgets, one quarantined, and their 2023 final
    accounts) plus the seed (another region) and a document poisoned in every text field (poison.py), loaded by the budget_nightly DAG, whose ``report`` task
    writes the report; its summary."""
    from ingest.demo.catalogue import DEFAULT_SEED
    from ingest.demo.inbox import write_demo_inbox
    from ingest.pipeline.airflow_runner import format_summary, run_inbox
    from tests.ingest.report.poison import write_poisoned_document

    inbox = Path(os.environ["BUDGETWH_DATA_DIR"]) / "report-inbox"
    # a generator seed and file names of its own: other tests of the session count on being the first
    # to load the default demo documents, and look them up by file name
    for path in write_demo_inbox(inbox, include_seed=False, seed=DEFAULT_SEED + 6):
        path.rename(path.with_name(f"report_{path.name}"))
    shutil.copyfile(seed_path, inbox / seed_path.name)
    write_poisoned_document(inbox)  # issue 12: one document poisoned in every text field (poison.py)
    summary = run_inbox(inbox)
    assert summary["state"] == "success", format_summary(summary)
    return summary
