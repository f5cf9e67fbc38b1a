"""Connect Metabase to the warehouse as the read-only role (the `metabase-setup` service of compose).

``python -m ingest.warehouse.metabase_setup`` waits for Metabase, then either finishes its first-start setup
(``POST /api/setup``: the admin user and the warehouse connection in one call) or, when Metabase is
already set up, logs in as that admin and creates the connection or updates its credentials. The
connection is PostgreSQL, user ``budgetwh_reader``, limited to the schema ``marts``. Idempotent, so
compose runs it on every ``--profile bi up``. Standard library only; settings from the environment:

METABASE_URL (http://metabase:3000), METABASE_ADMIN_EMAIL, METABASE_ADMIN_PASSWORD, WAREHOUSE_HOST
(postgres), WAREHOUSE_PORT (5432), WAREHOUSE_DB, BUDGETWH_READER_PASSWORD.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from typing import Any

from ingest.settings import READER_PASSWORD_ENV as PASSWORD_ENV
from ingest.settings import READER_ROLE

DATABASE_NAME = "budgetwh marts"


class MetabaseError(RuntimeError):
    """Metabase did not answer, or refused a step."""


def _call(base: str, method: str, path: str, body: dict[str, Any] | None = None,
          session: str | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(base.rstrip("/") + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if session:
        request.add_header("X-Metabase-Session", session)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        raise MetabaseError(f"{method} {path}: HTTP {error.code}: {error.read().decode('utf-8', 'replace')}") from error
    return json.loads(text) if text.strip() else None


def wait_until_healthy(base: str, timeout: float = 600, interval: float = 5) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if (_call(base, "GET", "/api/health") or {}).get("status") == "ok":
                return
        except (OSError, MetabaseError):
            pass
        if time.monotonic() > deadline:
            raise MetabaseError(f"Metabase at {base} was not healthy within {timeout:.0f} s")
        time.sleep(interval)


def connection_details(host: str, port: int, database: str, password: str) -> dict[str, Any]:
    """The warehouse as Metabase's postgres engine sees it: the reader role, the marts schema only."""
    return {"host": host, "port": port, "dbname": database, "user": READER_ROLE, "password": password,
            "ssl": False, "schema-filters-type": "inclusion", "schema-filters-patterns": "marts"}


def configure(base: str, email: str, admin_password: str, details: dict[str, Any]) -> str:
    """Set Metabase up (first start) or update its warehouse connection; returns what was done."""
    database = {"engine": "postgres", "name": DATABASE_NAME, "details": details, "is_full_sync": True}
    token = (_call(base, "GET", "/api/session/properties") or {}).get("setup-token")
    if token:
        _call(base, "POST", "/api/setup", {
            "token": token,
            "user": {"email": email, "password": admin_password, "first_name": "budgetwh", "last_name": "admin",
                     "site_name": "budgetwh"},
            "prefs": {"site_name": "budgetwh", "allow_tracking": False},
            "database": database,
        })
        return "set up"
    session = _call(base, "POST", "/api/session", {"username": email, "password": admin_password})["id"]
    listed = _call(base, "GET", "/api/database", session=session)
    existing = listed.get("data", []) if isinstance(listed, dict) else listed
    match = next((d for d in existing if d.get("name") == DATABASE_NAME), None)
    if match is None:
        _call(base, "POST", "/api/database", database, session=session)
        return "connected"
    _call(base, "PUT", f"/api/database/{match['id']}", {"details": details}, session=session)
    return "updated"


def main() -> int:
    base = os.environ.get("METABASE_URL", "http://metabase:3000")
    missing = [k for k in ("METABASE_ADMIN_EMAIL", "METABASE_ADMIN_PASSWORD", "WAREHOUSE_DB", PASSWORD_ENV)
               if not os.environ.get(k)]
    if missing:
        print(f"metabase-setup: set {', '.join(missing)} (see .env.example)", file=sys.stderr)
        return 2
    details = connection_details(os.environ.get("WAREHOUSE_HOST", "postgres"),
                                 int(os.environ.get("WAREHOUSE_PORT", "5432")),
                                 os.environ["WAREHOUSE_DB"], os.environ[PASSWORD_ENV])
    wait_until_healthy(base)
    outcome = configure(base, os.environ["METABASE_ADMIN_EMAIL"], os.environ["METABASE_ADMIN_PASSWORD"], details)
    print(f"metabase-setup: {outcome}: {DATABASE_NAME} as {READER_ROLE} on {details['host']}/{details['dbname']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
