"""Alerts (ingest/pipeline/alerts.py) and the Data Docs of every load (ingest/pipeline/data_docs.py).

The stand-ins are real servers on 127.0.0.1 that record what they receive: a tiny HTTP server for
the webhook and a tiny SMTP server for e-mail. Then the budget_nightly DAG runs for real
(``run_inbox``, dag.test()) on a small inbox with the demo generator's broken document: the webhook
must receive the quarantine alert naming the document, the rule and the place, and the run's GX
Data Docs must be where the summary says, naming the rules. A run on a missing inbox fails, and the
webhook must receive the run-failure alert. The documents are of 2022, which no other test loads.
"""

from __future__ import annotations

import json
import os
import socketserver
import threading
from email import message_from_bytes
from email.header import decode_header, make_header
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from ingest.pipeline import alerts

# --- stand-ins ----------------------------------------------------------------------------------


class _Webhook:
    """An HTTP server on 127.0.0.1 that records every POSTed JSON body."""

    def __init__(self) -> None:
        received: list[dict] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server API
                length = int(self.headers.get("Content-Length", 0))
                received.append({"content_type": self.headers.get("Content-Type"),
                                 "body": json.loads(self.rfile.read(length).decode("utf-8"))})
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.received = received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def bodies(self, event: str | None = None) -> list[dict]:
        return [r["body"] for r in self.received if event is None or r["body"]["event"] == event]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Smtp:
    """An SMTP server on 127.0.0.1 that speaks just enough of RFC 5321 to record each message."""

    def __init__(self) -> None:
        messages: list[dict] = []

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 stand-in ESMTP\r\n")
                sender, recipients = None, []
                while line := self.rfile.readline():
                    verb = line.decode("ascii", "replace").strip().split(" ", 1)[0].upper()
                    if verb in ("EHLO", "HELO"):
                        self.wfile.write(b"250 stand-in\r\n")
                    elif verb == "MAIL":
                        sender = line.decode().split(":", 1)[1].strip()
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "RCPT":
                        recipients.append(line.decode().split(":", 1)[1].strip())
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "DATA":
                        self.wfile.write(b"354 end with <CRLF>.<CRLF>\r\n")
                        data = b""
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                            data += chunk[1:] if chunk.startswith(b"..") else chunk
                        messages.append({"from": sender, "to": recipients, "message": message_from_bytes(data)})
                        self.wfile.write(b"250 OK\r\n")
                    elif verb == "QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        self.messages = messages
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook():
    hook = _Webhook()
    yield hook
    hook.close()


@pytest.fixture
def smtp(monkeypatch):
    server = _Smtp()
    monkeypatch.setenv("AIRFLOW_CONN_BUDGETWH_TEST_SMTP", json.dumps({
        "conn_type": "smtp", "host": "127.0.0.1", "port": server.port,
        "extra": {"disable_tls": True, "disable_ssl": True, "from_email": "budgetwh@example.org", "retry_limit": 0,
                  "timeout": 10},
    }))
    yield server
    server.close()


ALERT = alerts.Alert("quarantined", "budgetwh: 1 document quarantined (load x)", "[B07] 部门预算支出总表：合计 ≠ 基本支出 + 项目支出",
                     run_id="manual__1", load_id="airflow:manual__1", details={"documents": [{"department": "公安分局"}]})


# --- channels -----------------------------------------------------------------------------------


def test_channels_come_from_the_environment(tmp_path: Path):
    env = {"BUDGETWH_ALERT_WEBHOOK": "http://127.0.0.1:9/hook", "BUDGETWH_ALERT_EMAIL_TO": "a@example.org, b@example.org",
           "BUDGETWH_ALERT_SMTP_CONN_ID": "mail", "BUDGETWH_ALERT_FILE": str(tmp_path / "alerts.jsonl")}
    channels = alerts.channels_from_env(env)
    assert [c.name for c in channels] == ["webhook", "email", "file"]
    assert channels[1].to == ["a@example.org", "b@example.org"] and channels[1].conn_id == "mail"
    assert channels[1].from_email is None
    assert alerts.channels_from_env({}) == [], "nothing configured: the alert is only logged"


def test_the_webhook_receives_the_alert_as_json(webhook):
    assert alerts.send(ALERT, [alerts.WebhookChannel(webhook.url)]) == {"webhook": "sent"}
    [received] = webhook.received
    assert received["content_type"].startswith("application/json")
    body = received["body"]
    assert body["event"] == "quarantined" and body["load_id"] == "airflow:manual__1"
    assert "B07" in body["text"] and body["details"]["documents"][0]["department"] == "公安分局"


def test_email_goes_through_the_smtp_provider(smtp):
    channel = alerts.EmailChannel(["clerk@example.org"], conn_id="budgetwh_test_smtp")
    assert alerts.send(ALERT, [channel]) == {"email": "sent"}
    [mail] = smtp.messages
    assert "clerk@example.org" in mail["to"][0] and "budgetwh@example.org" in mail["from"]
    message = mail["message"]
    assert str(make_header(decode_header(message["Subject"]))) == ALERT.title
    html_part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    assert "部门预算支出总表" in html_part.get_payload(decode=True).decode(html_part.get_content_charset())


def test_a_channel_that_fails_does_not_silence_the_others(tmp_path: Path):
    record = tmp_path / "alerts.jsonl"
    outcome = alerts.send(ALERT, [alerts.WebhookChannel("http://127.0.0.1:9/nobody-listens", timeout=2),
                                  alerts.FileChannel(record)])
    assert outcome["file"] == "sent" and outcome["webhook"] != "sent"
    assert json.loads(record.read_text(encoding="utf-8").splitlines()[0])["title"] == ALERT.title


def test_unknown_events_are_refused():
    with pytest.raises(ValueError, match="unknown alert event"):
        alerts.BudgetwhNotifier("disk_full")  # type: ignore[arg-type]


# --- a real run ---------------------------------------------------------------------------------

YEAR = 2022
BROKEN = ("public_security", YEAR)


@pytest.fixture(scope="module")
def alert_runs(warehouse_dsn: str, airflow_metadata: Path, tmp_path_factory):
    from ingest.demo.documents import generate_documents
    from ingest.demo.inbox import write_demo_inbox
    from ingest.pipeline.airflow_runner import run_inbox

    inbox = tmp_path_factory.mktemp("alerts-inbox")
    departments = ["finance", "public_security"]
    write_demo_inbox(inbox, include_seed=False, departments=departments, years=[YEAR], broken=BROKEN)
    broken = next(d for d in generate_documents(departments=departments, years=[YEAR], broken=BROKEN)
                  if d.broken_rule)
    hook = _Webhook()
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("BUDGETWH_ALERT_WEBHOOK", hook.url)
            quarantining = run_inbox(inbox)
            quarantine_alerts = hook.bodies()
            failing = run_inbox(tmp_path_factory.mktemp("gone") / "no-such-inbox")
            failure_alerts = hook.bodies()[len(quarantine_alerts):]
    finally:
        hook.close()
    return SimpleNamespace(quarantining=quarantining, failing=failing, quarantine_alerts=quarantine_alerts,
                           failure_alerts=failure_alerts, broken=broken)


@pytest.mark.slow
def test_the_quarantine_alert_names_the_document_the_rule_and_the_place(alert_runs):
    from ingest.pipeline.airflow_runner import format_summary

    assert alert_runs.quarantining["state"] == "success", format_summary(alert_runs.quarantining)
    [alert] = alert_runs.quarantine_alerts  # one alert for the run, and no failure alert
    assert alert["event"] == "quarantined"
    assert alert["load_id"] == alert_runs.quarantining["load_id"]
    assert alert["run_id"] == alert_runs.quarantining["run_id"]
    [document] = alert["details"]["documents"]
    broken = alert_runs.broken
    assert (document["department"], document["year"]) == ("公安分局", YEAR)
    assert document["files"] == broken.filename
    b07 = [f for f in document["findings"] if f["rule"] == "B07"]
    assert b07, document["findings"]
    finding = b07[0]
    assert finding["table"] == "expenditure" and finding["row"].startswith(broken.broken_row)
    assert finding["column"] == "total" and finding["file"] == broken.filename
    assert finding["left"] and finding["right"] and finding["difference"]
    text = alert["text"]
    assert "公安分局" in text and broken.filename in text and "[B07]" in text and "部门预算支出总表" in text
    assert document["document_id"] in text, "the alert says which id to waive or query"


@pytest.mark.slow
def test_a_failed_run_is_announced(alert_runs):
    assert alert_runs.failing["state"] == "failed"
    [alert] = alert_runs.failure_alerts
    assert alert["event"] == "run_failed"
    assert alert["run_id"] == alert_runs.failing["run_id"]
    assert alert["details"]["failed_task"] in alert_runs.failing["failed_tasks"], alert
    # in-process, the alert reads every failed task from the metadata database: the first is the cause
    assert alert["details"]["failed_tasks"][0] == "discover"
    assert set(alert["details"]["failed_tasks"]) <= set(alert_runs.failing["failed_tasks"])
    assert "failed" in alert["title"] and alert_runs.failing["run_id"] in alert["text"]


@pytest.mark.slow
def test_every_load_keeps_its_data_docs_and_the_index_names_the_rules(alert_runs):
    from expectations.suites import RULES
    from ingest.pipeline.airflow_runner import format_summary
    from ingest.pipeline.data_docs import load_folder

    summary = alert_runs.quarantining
    docs = Path(summary["gx_data_docs"])
    assert docs == load_folder(summary["load_id"]) / "index.html" and docs.is_file()
    assert f"GX docs:    {docs}" in format_summary(summary)
    index = Path(summary["gx_docs_index"])
    assert index.is_file()
    page = index.read_text(encoding="utf-8")
    assert summary["load_id"] in page
    missing = [rule.expectation_id for rule in RULES if f">{rule.expectation_id}<" not in page]
    assert missing == [], f"the index does not name {missing}"
    table_rows = next((docs.parent / "validations" / "table_rows").glob("**/*.html")).read_text(encoding="utf-8")
    assert "B07 (error)" in table_rows, "GX's validation page describes each expectation by its rule"
    assert "validations/table_rows/" in page, "each rule links to its suite's validation page"
    assert os.path.commonpath([docs, index.parent]) == str(index.parent)
