"""One real ``dbt build`` per test session, on a database of its own in the session's PostgreSQL.

The dbt tests get a database of their own (``budgetwh_dbt``) on the session server that
``warehouse_dsn`` starts, so documents other test modules load into ``raw`` never reach these
marts, and no second server is started (CI has 2 cores). The database gets the production DDL
(``ingest.warehouse.load.ensure_schema``), the hand-made documents of fixture_documents.py, the seed and
the demo generator's documents (demo_documents.py), read by the real reader and written by the
real loader, then one ``dbt build``: models, seeds, unit tests, data tests and contracts. dbt's target and log folders go under the session's data
folder, so a build here never touches ``dbt_project/target`` that another process may be using.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import pytest
from demo_documents import DemoLoad, load_demo_documents
from fixture_documents import FixtureDocument, insert_fixture

DBT_DATABASE = "budgetwh_dbt"
SEED_LOAD_ID = "dbt-test-seed"


@dataclass
class DbtBuild:
    uri: str
    result: object  # dbtRunnerResult
    documents: dict[str, FixtureDocument]
    seed_document_id: str | None  # None when the seed could not be read or loaded
    seed_error: str | None
    target_path: Path
    demo: DemoLoad  # the demo generator's documents (demo_documents.py)


def _with_database(uri: str, database: str) -> str:
    parts = urlparse(uri)
    return urlunparse(parts._replace(path=f"/{database}"))


def _create_database(uri: str) -> str:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        conn.execute(f"drop database if exists {DBT_DATABASE}")
        conn.execute(f"create database {DBT_DATABASE}")
    return _with_database(uri, DBT_DATABASE)


def _load_seed(conn, seed_path: Path) -> str:
    """The seed through the real reader and loader, accepted as the validation step would decide
    (every error rule holds on the seed, balance-rules.md "Known real cases")."""
    from ingest.reading.parse import parse_file
    from ingest.warehouse.load import load_document, start_load

    doc = parse_file(seed_path)
    load_id = start_load(conn, inbox=str(seed_path.parent), load_id=SEED_LOAD_ID)
    load_document(conn, doc, load_id)
    with conn.transaction():
        conn.execute(
            "insert into audit.document_status (load_id, document_id, status, errors, warnings)"
            " values (%s, %s, 'accepted', 0, %s)",
            (load_id, doc.document.id, sum(f.severity == "warn" for f in doc.findings)),
        )
    return doc.document.id


@pytest.fixture(scope="session")
def dbt_build(warehouse_dsn: str, seed_path: Path) -> DbtBuild:
    import psycopg

    from ingest.warehouse.connection import data_dir
    from ingest.warehouse.dbt_runner import run_dbt
    from ingest.warehouse.load import ensure_schema

    uri = _create_database(warehouse_dsn)
    ensure_schema(uri)
    with psycopg.connect(uri) as conn:
        documents = {d.name: d for d in insert_fixture(conn)}
        # The seed goes through the reader and the loader: when either is broken, only the tests
        # that need the seed fail (with the reason); the build still runs on the fixture documents.
        seed_document_id, seed_error = None, None
        try:
            seed_document_id = _load_seed(conn, seed_path)
        except Exception as error:  # noqa: BLE001 - reported by the seed_document_id fixture
            seed_error = f"{type(error).__name__}: {error}"
        # the demo generator's departments × two years, for the comparison marts and the BI query
        demo = load_demo_documents(conn, data_dir() / "dbt-demo-inbox")

    session_dir = data_dir()  # data/test-session-<slot>, fresh each session
    target_path = session_dir / "dbt-target"
    result = run_dbt(
        ["build", "--target-path", str(target_path), "--log-path", str(session_dir / "dbt-logs")],
        uri,
    )
    return DbtBuild(uri, result, documents, seed_document_id, seed_error, target_path, demo)


@pytest.fixture(scope="session")
def seed_document_id(dbt_build: DbtBuild) -> str:
    if dbt_build.seed_document_id is None:
        pytest.fail(f"the seed could not be read and loaded: {dbt_build.seed_error}", pytrace=False)
    return dbt_build.seed_document_id


@pytest.fixture(scope="session")
def marts_conn(dbt_build: DbtBuild):
    import psycopg

    with psycopg.connect(dbt_build.uri, autocommit=True) as conn:
        yield conn
