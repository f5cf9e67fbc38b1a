"""ingest/warehouse/metabase_setup.py against a stand-in Metabase API on 127.0.0.1 (no Metabase runs here).

The stand-in answers the four endpoints the setup uses the way Metabase does: a setup token until
/api/setup is called, then sessions and databases. First run: one /api/setup call carrying the admin
and the warehouse connection as budgetwh_reader, limited to the marts schema. Second run: a login
and an update of the same connection, not a second one.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ingest.warehouse import metabase_setup


class FakeMetabase(BaseHTTPRequestHandler):
    state: dict = {}

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def _reply(self, body, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length)) if length else None

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        state = self.state
        state["calls"].append(("GET", self.path))
        if self.path == "/api/health":
            self._reply({"status": "ok"})
        elif self.path == "/api/session/properties":
            self._reply({"setup-token": None if state["admin"] else "token-1"})
        elif self.path == "/api/database" and self.headers.get("X-Metabase-Session") == "session-1":
            self._reply({"data": state["databases"]})
        else:
            self._reply({"message": "unauthenticated"}, 401)

    def do_POST(self) -> None:  # noqa: N802
        state, body = self.state, self._body()
        state["calls"].append(("POST", self.path))
        if self.path == "/api/setup" and body["token"] == "token-1":
            state["admin"] = body["user"]
            state["databases"].append({"id": 1, **body["database"]})
            self._reply({"id": "session-0"})
        elif self.path == "/api/session" and state["admin"] and body["password"] == state["admin"]["password"]:
            self._reply({"id": "session-1"})
        else:
            self._reply({"message": "no"}, 400)

    def do_PUT(self) -> None:  # noqa: N802
        state, body = self.state, self._body()
        state["calls"].append(("PUT", self.path))
        database = next(d for d in state["databases"] if self.path == f"/api/database/{d['id']}")
        database["details"] = body["details"]
        self._reply(database)


@pytest.fixture
def metabase():
    FakeMetabase.state = {"admin": None, "databases": [], "calls": []}
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeMetabase)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", FakeMetabase.state
    finally:
        server.shutdown()
        server.server_close()


def test_first_start_sets_up_metabase_with_the_reader_connection(metabase):
    base, state = metabase
    details = metabase_setup.connection_details("postgres", 5432, "warehouse", "reader-secret")
    metabase_setup.wait_until_healthy(base, timeout=5, interval=0.1)
    assert metabase_setup.configure(base, "admin@example.org", "admin-secret", details) == "set up"
    [database] = state["databases"]
    assert database["engine"] == "postgres" and database["name"] == metabase_setup.DATABASE_NAME
    assert database["details"]["user"] == "budgetwh_reader"
    assert database["details"]["password"] == "reader-secret"
    assert (database["details"]["schema-filters-type"], database["details"]["schema-filters-patterns"]) == (
        "inclusion", "marts")
    assert state["admin"]["email"] == "admin@example.org"


def test_a_second_run_updates_the_same_connection(metabase):
    base, state = metabase
    first = metabase_setup.connection_details("postgres", 5432, "warehouse", "old")
    metabase_setup.configure(base, "admin@example.org", "admin-secret", first)
    second = metabase_setup.connection_details("postgres", 5432, "warehouse", "rotated")
    assert metabase_setup.configure(base, "admin@example.org", "admin-secret", second) == "updated"
    assert len(state["databases"]) == 1 and state["databases"][0]["details"]["password"] == "rotated"
    assert ("POST", "/api/setup") in state["calls"] and state["calls"].count(("POST", "/api/setup")) == 1


def test_missing_settings_stop_with_a_message(monkeypatch, capsys):
    for name in ("METABASE_ADMIN_EMAIL", "METABASE_ADMIN_PASSWORD", "WAREHOUSE_DB", "BUDGETWH_READER_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    assert metabase_setup.main() == 2
    assert "BUDGETWH_READER_PASSWORD" in capsys.readouterr().err
