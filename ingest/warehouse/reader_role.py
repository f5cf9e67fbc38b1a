"""The read-only role BI tools connect as: ``budgetwh_reader`` reads the marts and nothing else.

The nightly pipeline calls :func:`grant_reader_access` right after ``dbt build`` (ingest/pipeline/,
``build_marts``), so the role and its grants exist wherever the marts do, and every table dbt just
rebuilt is readable. What the role gets and does not get:

* ``CONNECT`` on the warehouse database, ``USAGE`` on schema ``marts`` and ``SELECT`` on every table
  and view there — now (``GRANT … ON ALL TABLES``) and for the tables the marts' owner creates later
  (``ALTER DEFAULT PRIVILEGES FOR ROLE <owner>``: default privileges only cover tables created by the
  role named, so they are granted for the role that builds the marts, the one running this);
* nothing on ``raw``, ``audit``, ``staging``, ``intermediate``, ``reference`` (revoked explicitly, so a
  grant made by hand earlier does not linger);
* no writes: no privilege to write anywhere, ``default_transaction_read_only`` on, and ``TEMPORARY``
  on the database revoked from ``PUBLIC`` (which every role inherits; the owner keeps it).

The password comes from ``BUDGETWH_READER_PASSWORD``. Without one, the role is still created and
granted, but ``NOLOGIN`` (an existing role's login and password are left as they are), so an unset
variable never opens a passwordless door. On the embedded server, whose pg_hba.conf trusts every
local connection, password authentication is switched on for the role first
(:func:`ingest.warehouse.serve.require_password_auth`), so its password is really checked.
"""

from __future__ import annotations

from typing import Any

from ingest import settings
from ingest.settings import READER_ROLE
from ingest.warehouse.password_auth import require_password_auth

READABLE_SCHEMAS = ("marts",)
PRIVATE_SCHEMAS = ("raw", "audit", "staging", "intermediate", "reference")


def reader_password() -> str | None:
    """The reader's password from ``BUDGETWH_READER_PASSWORD`` (None when unset or empty)."""
    return settings.reader_password()


def ensure_reader_role(conn, password: str | None = None, role: str = READER_ROLE) -> dict[str, Any]:
    """Create or update the read-only role and its grants on the database of ``conn`` (autocommit).

    ``password`` sets LOGIN with that password; None leaves an existing role's login as it is and
    creates a new one NOLOGIN. Idempotent. Returns what was done, for the run's summary.
    """
    from psycopg import sql

    who = sql.Identifier(role)
    owner, database = conn.execute("select current_user, current_database()").fetchone()
    exists = conn.execute("select 1 from pg_roles where rolname = %s", (role,)).fetchone() is not None
    if password is not None:
        verb = "alter" if exists else "create"
        conn.execute(sql.SQL(verb + " role {} with login password {}").format(who, sql.Literal(password)))
    elif not exists:
        conn.execute(sql.SQL("create role {} with nologin").format(who))
    conn.execute(sql.SQL("alter role {} set default_transaction_read_only = on").format(who))

    db = sql.Identifier(database)
    conn.execute(sql.SQL("revoke temporary on database {} from public").format(db))
    conn.execute(sql.SQL("revoke all on database {} from {}").format(db, who))
    conn.execute(sql.SQL("grant connect on database {} to {}").format(db, who))

    present = {r[0] for r in conn.execute("select nspname from pg_namespace").fetchall()}
    for schema in PRIVATE_SCHEMAS:
        if schema in present:
            name = sql.Identifier(schema)
            conn.execute(sql.SQL("revoke all on schema {} from {}").format(name, who))
            conn.execute(sql.SQL("revoke all on all tables in schema {} from {}").format(name, who))
    granted = []
    for schema in READABLE_SCHEMAS:
        name = sql.Identifier(schema)
        conn.execute(sql.SQL("create schema if not exists {}").format(name))
        conn.execute(sql.SQL("grant usage on schema {} to {}").format(name, who))
        conn.execute(sql.SQL("grant select on all tables in schema {} to {}").format(name, who))
        conn.execute(sql.SQL("alter default privileges for role {} in schema {} grant select on tables to {}")
                     .format(sql.Identifier(owner), name, who))
        granted.append(schema)
    login = conn.execute("select rolcanlogin from pg_roles where rolname = %s", (role,)).fetchone()[0]
    tables = conn.execute(
        "select count(*) from information_schema.role_table_grants"
        " where grantee = %s and privilege_type = 'SELECT'", (role,)
    ).fetchone()[0]
    return {"role": role, "database": database, "owner": owner, "login": bool(login),
            "password_set": password is not None, "schemas": granted, "tables": tables}


def grant_reader_access(uri: str | None = None, password: str | None = None,
                        role: str = READER_ROLE) -> dict[str, Any]:
    """:func:`ensure_reader_role` on the warehouse (default: ``ingest.warehouse.connection.dsn()``) with the
    password from the environment; on the embedded server, password authentication for the role too."""
    from ingest.warehouse import connection as warehouse

    uri = uri or warehouse.dsn()
    password = password if password is not None else reader_password()
    with warehouse.connect(uri, autocommit=True) as conn:
        outcome = ensure_reader_role(conn, password, role)
    if warehouse.is_embedded() and uri == warehouse.dsn():
        outcome["hba"] = str(require_password_auth(uri, roles=(role,)))
    return outcome
