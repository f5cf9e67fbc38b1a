"""Alerts of the nightly run: who is told when a run fails or a document is quarantined.

Two events, each an Airflow notifier (:class:`BudgetwhNotifier`, an ``airflow.sdk.BaseNotifier``)
that dags/budget_nightly.py calls from its callbacks:

* ``run_failed`` — the DAG's ``on_failure_callback``: the run, the task that failed and why, and
  what this run's load recorded (files loaded, unreadable, failed, with their errors);
* ``quarantined`` — the ``on_success_callback`` of the ``validate`` task: every document this load
  quarantined — department, year, files — with each unwaived error finding: the rule id, the table,
  row and column, both sides, the difference, the file and page, and the finding's own sentence.
  A document decided in an earlier load is not announced again (the same inbox twice: one alert).

Where alerts go is read from the environment when one is sent (the DAG file stays cheap to parse,
and a change needs no restart of the dag-processor):

| variable | channel |
|---|---|
| ``BUDGETWH_ALERT_WEBHOOK`` | POST the alert as JSON (UTF-8) to this URL; ``text`` holds the whole message (Slack and Mattermost incoming webhooks show it as is) |
| ``BUDGETWH_ALERT_EMAIL_TO`` | e-mail to these addresses (comma-separated) with the SMTP provider's ``SmtpNotifier`` |
| ``BUDGETWH_ALERT_EMAIL_FROM`` | the sender (default: the SMTP connection's ``from_email``) |
| ``BUDGETWH_ALERT_SMTP_CONN_ID`` | the Airflow SMTP connection (default ``smtp_default``: ``AIRFLOW_CONN_SMTP_DEFAULT`` or the UI) |
| ``BUDGETWH_ALERT_FILE`` | append each alert as one JSON line to this file (a local record) |

With none set an alert is only logged. Every alert is also logged (WARNING) in the task log. A channel
that cannot deliver is logged with its error and the others still send: an alert never fails the
task it reports on. The run-failure callback runs in the dag-processor in a deployed Airflow, so
these variables (and the warehouse's ``BUDGETWH_DSN``) belong in its environment too.
"""

from __future__ import annotations

import html
import json
import logging
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal, Protocol

from airflow.sdk import BaseNotifier

from ingest import settings
from ingest.escape import visible_controls

log = logging.getLogger(__name__)

Event = Literal["run_failed", "quarantined"]
EVENTS: tuple[Event, ...] = ("run_failed", "quarantined")
MAX_FINDINGS = 20  # error findings listed per document; the count says how many there are
WEBHOOK_TIMEOUT = 10.0


@dataclass
class Alert:
    """One message: ``title`` (a line), ``text`` (the whole message, plain text) and the facts as data."""

    event: Event
    title: str
    text: str
    dag_id: str | None = None
    run_id: str | None = None
    load_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return _plain(asdict(self))

    def as_html(self) -> str:
        # names as published: markup escaped, control characters HTML forbids shown visibly
        return (f"<h3>{html.escape(visible_controls(self.title))}</h3>"
                f"<pre>{html.escape(visible_controls(self.text))}</pre>")


class Channel(Protocol):
    name: str

    def send(self, alert: Alert, context: Any) -> None: ...


# --- channels ------------------------------------------------------------------------------------


@dataclass
class WebhookChannel:
    """POST the alert as JSON to ``url``."""

    url: str
    timeout: float = WEBHOOK_TIMEOUT
    name: str = "webhook"

    def send(self, alert: Alert, context: Any) -> None:
        body = json.dumps(alert.as_json(), ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=body, method="POST",
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            if response.status >= 300:
                raise OSError(f"webhook answered HTTP {response.status}")


@dataclass
class EmailChannel:
    """E-mail through the SMTP provider's notifier and the Airflow SMTP connection ``conn_id``."""

    to: list[str]
    from_email: str | None = None
    conn_id: str = "smtp_default"
    name: str = "email"

    def send(self, alert: Alert, context: Any) -> None:
        from airflow.providers.smtp.notifications.smtp import SmtpNotifier

        notifier = SmtpNotifier(to=self.to, from_email=self.from_email, subject=alert.title,
                                html_content=alert.as_html(), smtp_conn_id=self.conn_id)
        # notify(), not the notifier's __call__: the message is finished text, never a Jinja template
        notifier.notify(context if isinstance(context, dict) else {})


@dataclass
class FileChannel:
    """Append the alert as one JSON line to ``path``."""

    path: Path
    name: str = "file"

    def send(self, alert: Alert, context: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(alert.as_json(), ensure_ascii=False) + "\n")


def channels_from_env(environ: dict[str, str] | None = None) -> list[Channel]:
    """The channels the ``BUDGETWH_ALERT_*`` variables configure (see the module docstring)."""
    env = environ
    channels: list[Channel] = []
    webhook = settings.value("BUDGETWH_ALERT_WEBHOOK", env)
    if webhook:
        channels.append(WebhookChannel(webhook))
    recipients = [a.strip() for a in settings.value("BUDGETWH_ALERT_EMAIL_TO", env).split(",") if a.strip()]
    if recipients:
        channels.append(EmailChannel(recipients, settings.value("BUDGETWH_ALERT_EMAIL_FROM", env) or None,
                                     settings.value("BUDGETWH_ALERT_SMTP_CONN_ID", env) or "smtp_default"))
    alert_file = settings.value("BUDGETWH_ALERT_FILE", env)
    if alert_file:
        channels.append(FileChannel(Path(alert_file)))
    return channels


def send(alert: Alert, channels: Sequence[Channel], context: Any = None) -> dict[str, str]:
    """Send ``alert`` to every channel; returns channel name → "sent" or the error (never raises)."""
    log.warning("%s\n%s", alert.title, alert.text)
    outcome = {}
    for channel in channels:
        try:
            channel.send(alert, context)
        except Exception as exc:  # noqa: BLE001 - one channel down must not silence the others
            log.error("alert %s: the %s channel failed: %s: %s", alert.event, channel.name, type(exc).__name__, exc)
            outcome[channel.name] = f"{type(exc).__name__}: {exc}"
        else:
            outcome[channel.name] = "sent"
    return outcome


# --- the notifier --------------------------------------------------------------------------------


class BudgetwhNotifier(BaseNotifier):
    """The Airflow notifier of one event: builds the alert from the callback's context and the
    warehouse's audit, and sends it to ``channels`` (default: :func:`channels_from_env`)."""

    def __init__(self, event: Event, channels: Sequence[Channel] | None = None):
        super().__init__()
        if event not in EVENTS:
            raise ValueError(f"unknown alert event {event!r} (one of {', '.join(EVENTS)})")
        self.event = event
        self.channels = channels
        self.last_outcome: dict[str, str] | None = None

    def render_template_fields(self, context: Any, jinja_env: Any = None) -> None:
        """Nothing to render: the alert is built from the context and the audit, not from a template
        (and a run callback of dag.test() passes a serialized DAG, which has no template environment)."""

    def notify(self, context: Any) -> None:
        alert = build_alert(self.event, context)
        if alert is None:
            return
        self.last_outcome = send(alert, channels_from_env() if self.channels is None else self.channels, context)


def notifier(event: Event) -> BudgetwhNotifier:
    """The notifier the DAG's callbacks call (dags/budget_nightly.py imports this lazily)."""
    return BudgetwhNotifier(event)


def build_alert(event: Event, context: Any) -> Alert | None:
    """The alert of ``event`` for the run in ``context``; None when there is nothing to tell."""
    dag_id, run_id = _run_of(context)
    from ingest.pipeline.load import load_id_for_run

    load_id = load_id_for_run(run_id) if run_id else None
    if event == "quarantined":
        return quarantine_alert(load_id, dag_id=dag_id, run_id=run_id) if load_id else None
    return run_failed_alert(context, dag_id=dag_id, run_id=run_id, load_id=load_id)


def _get(context: Any, key: str) -> Any:
    try:
        return context.get(key) if hasattr(context, "get") else context[key]
    except (KeyError, TypeError):
        return None


def _run_of(context: Any) -> tuple[str | None, str | None]:
    dag_run = _get(context, "dag_run")
    dag = _get(context, "dag")
    run_id = _get(context, "run_id") or getattr(dag_run, "run_id", None)
    dag_id = getattr(dag, "dag_id", None) or getattr(dag_run, "dag_id", None)
    return dag_id, run_id


# --- quarantined documents -----------------------------------------------------------------------


def quarantined_documents(load_id: str, uri: str | None = None) -> list[dict[str, Any]]:
    """The documents ``load_id`` quarantined, each with its unwaived error findings (rule, table, row,
    column, both sides, difference, file, page, message), read from audit and raw."""
    from ingest.warehouse import connection as warehouse

    with warehouse.connect(uri) as conn:
        documents = conn.execute(
            """select s.document_id, d.department, d.year, d.phase, s.errors,
                      (select string_agg(f.file_name, ', ' order by f.file_name)
                         from raw.source_file as f where f.document_id = s.document_id)
               from audit.document_status as s
               left join raw.document as d on d.document_id = s.document_id
               where s.load_id = %s and s.status = 'quarantined'
               order by d.department nulls last, d.year, s.document_id""",
            (load_id,),
        ).fetchall()
        out = []
        for document_id, department, year, phase, errors, files in documents:
            findings = conn.execute(
                """select f.rule, f.table_kind, f.row_label, f.column_name,
                          coalesce(f.left_text, f.left_value::text), coalesce(f.right_text, f.right_value::text),
                          f.difference, f.file_name, f.page, f.message
                   from audit.finding as f
                   left join audit.waiver as w on w.document_id = f.document_id and w.rule = f.rule
                   where f.load_id = %s and f.document_id = %s and f.severity = 'error' and w.rule is null
                   order by f.rule, f.table_kind nulls first, f.row_label, f.column_name, f.finding_id
                   limit %s""",
                (load_id, document_id, MAX_FINDINGS),
            ).fetchall()
            keys = ("rule", "table", "row", "column", "left", "right", "difference", "file", "page", "message")
            out.append({"document_id": document_id, "department": department, "year": year, "phase": phase,
                        "files": files, "errors": errors,
                        "findings": [dict(zip(keys, row, strict=True)) for row in findings]})
    return out


def _place(finding: dict[str, Any]) -> str:
    where = [finding["file"]] if finding.get("file") else []
    if finding.get("page"):
        where.append(f"第 {finding['page']} 页")
    return "，".join(where)


def quarantine_alert(load_id: str, *, dag_id: str | None = None, run_id: str | None = None,
                     uri: str | None = None) -> Alert | None:
    """The alert for the documents ``load_id`` quarantined; None when it quarantined none."""
    documents = quarantined_documents(load_id, uri)
    if not documents:
        return None
    title = (f"budgetwh: {len(documents)} document{'s' if len(documents) > 1 else ''} quarantined "
             f"(load {load_id})")
    lines = [f"{len(documents)} 份文件未通过平衡校验，已隔离，不进入数据集市（load {load_id}）：", ""]
    for doc in documents:
        lines.append(f"■ {doc['department'] or '?'} {doc['year'] or ''} 年（{doc['files'] or doc['document_id'][:12]}），"
                     f"{doc['errors']} 个错误")
        for finding in doc["findings"]:
            place = _place(finding)
            lines.append(f"  [{finding['rule']}] {finding['message']}" + (f"（{place}）" if place else ""))
        if doc["errors"] > len(doc["findings"]):
            lines.append(f"  …… 另有 {doc['errors'] - len(doc['findings'])} 个错误，见 audit.finding")
        lines.append(f"  文档编号 {doc['document_id']}")
    lines += ["", "核对原件后可放行：budgetwh waive <文档编号> <规则> --reason \"…\"；"
              "查询：select * from audit.finding where document_id = '<文档编号>';"]
    return Alert("quarantined", title, "\n".join(lines), dag_id=dag_id, run_id=run_id, load_id=load_id,
                 details={"documents": documents})


# --- a failed run --------------------------------------------------------------------------------


def _load_files(load_id: str) -> dict[str, Any]:
    from ingest.warehouse import connection as warehouse

    with warehouse.connect() as conn:
        rows = conn.execute(
            "select file_name, status, error from audit.load_file where load_id = %s order by file_name", (load_id,)
        ).fetchall()
    counts: dict[str, int] = {}
    for _, status, _ in rows:
        counts[status] = counts.get(status, 0) + 1
    problems = [{"file": name, "status": status, "error": error} for name, status, error in rows
                if status in ("unreadable", "failed", "rejected")]
    return {"files": counts, "problems": problems}


def _failed_tasks(dag_id: str | None, run_id: str | None) -> list[str] | None:
    """The run's failed task instances in the order they ended, from Airflow's metadata database when
    this process can read it (an in-process run, the scheduler's side); None where it cannot."""
    if not dag_id or not run_id:
        return None
    try:
        from airflow.models.taskinstance import TaskInstance
        from airflow.utils.session import create_session

        with create_session() as session:
            rows = (session.query(TaskInstance.task_id, TaskInstance.map_index, TaskInstance.rendered_map_index)
                    .filter(TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id,
                            TaskInstance.state == "failed")
                    .order_by(TaskInstance.end_date, TaskInstance.task_id).all())
    except Exception as exc:  # noqa: BLE001 - a dag-processor without database access: say less
        log.debug("failed tasks of %s are not readable here: %s", run_id, exc)
        return None
    return [f"{task}[{label or index}]" if index is not None and index >= 0 else task for task, index, label in rows]


def run_failed_alert(context: Any, *, dag_id: str | None = None, run_id: str | None = None,
                     load_id: str | None = None) -> Alert:
    """The alert for a failed run: the failing task and reason from ``context``, this load's files from audit."""
    ti = _get(context, "ti") or _get(context, "task_instance")
    task = getattr(ti, "task_id", None)
    label = getattr(ti, "rendered_map_index", None) or (
        getattr(ti, "map_index", -1) if getattr(ti, "map_index", -1) not in (None, -1) else None)
    failed_task = f"{task}[{label}]" if task and label is not None else task
    reason = _get(context, "reason")
    exception = _get(context, "exception")
    details: dict[str, Any] = {"failed_task": failed_task, "reason": reason,
                               "exception": f"{type(exception).__name__}: {exception}" if exception else None}
    details["failed_tasks"] = _failed_tasks(dag_id, run_id)
    lines = [f"The {dag_id or 'budget_nightly'} run {run_id or '?'} failed."]
    if failed_task:
        lines.append(f"Failed task: {failed_task}" + (f" ({reason})" if reason else ""))
    if details["failed_tasks"]:
        lines.append(f"All failed tasks, in order: {', '.join(details['failed_tasks'])}")
    if exception:
        lines.append(f"Error: {details['exception']}")
    if load_id:
        try:
            details.update(_load_files(load_id))
        except Exception as exc:  # noqa: BLE001 - the warehouse may be why the run failed
            details["warehouse_error"] = f"{type(exc).__name__}: {exc}"
            lines.append(f"Load {load_id}: the warehouse could not be read ({details['warehouse_error']}).")
        else:
            counts = ", ".join(f"{n} {status}" for status, n in sorted(details["files"].items())) or "no files"
            lines.append(f"Load {load_id}: {counts}.")
            lines += [f"  {p['status']}: {p['error'] or p['file']}" for p in details["problems"]]
    lines.append("See the failed task's log; `budgetwh run --inbox DIR` prints the same summary locally.")
    title = f"budgetwh: {dag_id or 'budget_nightly'} run failed ({run_id or '?'})"
    return Alert("run_failed", title, "\n".join(lines), dag_id=dag_id, run_id=run_id, load_id=load_id,
                 details=details)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value
