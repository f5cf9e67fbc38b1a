"""Password authentication for roles on the embedded server: our lines first in pg_hba.conf.

Why its own module: the read-only role (reader_role.py) needs it after every ``dbt build`` and
``budgetwh serve`` (serve.py) before it listens on TCP; neither should import the other.
The embedded PostgreSQL trusts every local and 127.0.0.1 connection, so without these lines no
password is ever checked.
"""

from __future__ import annotations

import os
from pathlib import Path

from ingest.settings import READER_ROLE

BEGIN = "# budgetwh: password authentication first (ingest/warehouse/password_auth.py) - begin"
END = "# budgetwh: password authentication first - end"


class PasswordAuthError(RuntimeError):
    """pg_hba.conf could not be made to require passwords."""


def hba_lines(roles: tuple[str, ...] = (READER_ROLE,)) -> list[str]:
    """The lines put first in pg_hba.conf: the roles' socket logins and every TCP login need a password."""
    lines = [BEGIN]
    lines += [f"local   all   {role}   scram-sha-256" for role in roles]
    lines += ["host    all   all   127.0.0.1/32   scram-sha-256", "host    all   all   ::1/128   scram-sha-256", END]
    return lines


def _with_lines_first(text: str, lines: list[str]) -> str:
    """pg_hba.conf ``text`` with our block (replacing an earlier one) before every other line."""
    kept, inside = [], False
    for line in text.splitlines():
        if line == BEGIN:
            inside = True
        if not inside:
            kept.append(line)
        if line == END:
            inside = False
    return "\n".join([*lines, *kept]) + "\n"


def require_password_auth(uri: str, roles: tuple[str, ...] = (READER_ROLE,)) -> Path:
    """Put scram-sha-256 lines for ``roles`` (and all TCP logins) first in the server's pg_hba.conf
    and reload it. Needs a superuser connection and write access to the file (the embedded server,
    run by this machine's user or root). Idempotent; returns the file's path."""
    from ingest.warehouse import connection as warehouse

    with warehouse.connect(uri, autocommit=True) as conn:
        hba = Path(conn.execute("show hba_file").fetchone()[0])
        text = hba.read_text(encoding="utf-8")
        wanted = _with_lines_first(text, hba_lines(roles))
        if wanted != text:
            stat = hba.stat()
            hba.write_text(wanted, encoding="utf-8")
            if os.geteuid() == 0:
                os.chown(hba, stat.st_uid, stat.st_gid)
            conn.execute("select pg_reload_conf()")
        errors = conn.execute("select line_number, error from pg_hba_file_rules where error is not null").fetchall()
    if errors:
        raise PasswordAuthError(f"{hba} has errors after the edit: {errors}")
    return hba
