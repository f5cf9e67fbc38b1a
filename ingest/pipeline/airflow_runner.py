"""Run the ``budget_nightly`` DAG in this process with ``dag.test()``: what ``budgetwh run`` does.

Why the real DAG and not a loop over ingest/pipeline/: the command a developer runs and the
schedule production runs must be the same graph — the same tasks, trigger rules and mapped parse
tasks — so a change to the DAG is exercised by ``budgetwh run`` and by the tests.

``dag.test()`` needs an Airflow metadata database and the DAG file inside the DAGs folder
(stack-facts.md). :func:`configure_airflow` points Airflow at a project folder (``data/airflow``, or
``BUDGETWH_AIRFLOW_HOME``) with a SQLite metadata database and ``dags/`` as its DAGs folder, and
:func:`ensure_metadata_db` runs ``airflow db migrate`` once (a marker file remembers it). Airflow
reads most of its configuration when it is first imported, so call :func:`configure_airflow` before
anything imports ``airflow``; if something already did, the database settings are re-applied.

Retries are switched off for the in-process run: ``dag.test()`` would wait out each retry delay,
and a local run should report a failure at once.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ingest.settings import DAGS_FOLDER, airflow_home

DAG_ID = "budget_nightly"
DAG_FILE = DAGS_FOLDER / "budget_nightly.py"
SUMMARY_TASK = "summarise"
_MARKER = ".budgetwh-migrated"
_migrated: set[str] = set()



def airflow_environment(home: Path) -> dict[str, str]:
    """The environment of an in-process run: this home, SQLite metadata, dags/, no examples."""
    return {
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(DAGS_FOLDER),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "DO_NOT_TRACK": "1",
        "SCARF_ANALYTICS": "false",
    }


def configure_airflow(home: Path | None = None, *, fresh: bool = False, quiet: bool = True) -> Path:
    """Point this process's Airflow at ``home`` (see the module docstring); returns the home.

    ``fresh`` deletes an existing metadata database first (the tests start each session clean);
    ``quiet`` lowers Airflow's log level to WARNING unless ``AIRFLOW__LOGGING__LOGGING_LEVEL`` is set.
    """
    home = Path(home or airflow_home()).resolve()
    home.mkdir(parents=True, exist_ok=True)
    if fresh:
        for name in ("airflow.db", _MARKER):
            (home / name).unlink(missing_ok=True)
        _migrated.discard(str(home))
    os.environ.update(airflow_environment(home))
    if quiet:
        os.environ.setdefault("AIRFLOW__LOGGING__LOGGING_LEVEL", "WARNING")
    if "airflow.settings" in sys.modules:
        _reconfigure_imported_airflow()
    return home


def _reconfigure_imported_airflow() -> None:
    """Airflow was imported before configure_airflow: re-read the database and DAGs settings."""
    from airflow import settings

    wanted = os.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    if settings.SQL_ALCHEMY_CONN != wanted or settings.DAGS_FOLDER != os.environ["AIRFLOW__CORE__DAGS_FOLDER"]:
        settings.configure_vars()
        settings.reconfigure_orm()


def ensure_metadata_db(home: Path | None = None) -> None:
    """``airflow db migrate`` on the SQLite metadata database, once: skipped when the marker says
    this Airflow version already migrated this database."""
    home = Path(home or airflow_home()).resolve()
    from airflow import __version__ as airflow_version

    database = home / "airflow.db"
    marker = home / _MARKER
    stamp = f"{airflow_version} {database}"
    if str(home) in _migrated:
        return
    if database.exists() and marker.exists() and marker.read_text(encoding="utf-8").strip() == stamp:
        _migrated.add(str(home))
        return
    from airflow.utils import db

    db.upgradedb()
    marker.write_text(stamp + "\n", encoding="utf-8")
    _migrated.add(str(home))


def load_dag():
    """The budget_nightly DAG object, parsed from dags/ as the dag-processor would."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(DAG_FILE))
    if bag.import_errors:
        raise RuntimeError(f"{DAG_FILE} does not import: {bag.import_errors}")
    dag = bag.dags.get(DAG_ID)
    if dag is None:
        raise RuntimeError(f"no DAG {DAG_ID!r} in {DAG_FILE}")
    return dag


def _task_states(dag_id: str, run_id: str) -> list[dict[str, Any]]:
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session

    with create_session() as session:
        rows = (
            session.query(TaskInstance)
            .filter(TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id)
            .order_by(TaskInstance.task_id, TaskInstance.map_index)
            .all()
        )
        return [
            {
                "task_id": ti.task_id,
                "map_index": ti.map_index,
                "label": ti.rendered_map_index,
                "state": str(getattr(ti.state, "value", ti.state)),
            }
            for ti in rows
        ]


def _xcom(dag_id: str, run_id: str, task_id: str) -> Any:
    from airflow.models.xcom import XComModel
    from airflow.utils.session import create_session

    with create_session() as session:
        row = (
            session.query(XComModel)
            .filter(
                XComModel.dag_id == dag_id,
                XComModel.run_id == run_id,
                XComModel.task_id == task_id,
                XComModel.key == "return_value",
                XComModel.map_index == -1,
            )
            .one_or_none()
        )
        return None if row is None else XComModel.deserialize_value(row)


def run_inbox(inbox: Path, *, home: Path | None = None) -> dict[str, Any]:
    """Run budget_nightly on ``inbox`` in this process; return the summary task's result.

    The summary (see ingest.pipeline.summarise) gains the run's ``state`` (success | failed), its
    ``run_id``, every task instance's state (``tasks``: task_id, map_index, label, state) and
    ``failed_tasks`` (task ids, with the file name for a mapped parse task), and ``dbt_log``: the file
    dbt logged to (ingest.warehouse.dbt_runner.dbt_log_file; dbt prints nothing on the console). When
    the summary task itself did not run, a minimal summary with those keys is returned.

    The whole run holds the warehouse (ingest/pipeline/run_lock.py), from before Airflow's metadata
    is migrated: another run of the same warehouse raises ``RunInProgress`` here after waiting at most
    ``BUDGETWH_RUN_WAIT`` seconds; this home's Airflow runs a killed run left ``running`` are marked
    failed (``interrupted_airflow_runs``).
    """
    from ingest.pipeline import run_lock

    inbox = Path(inbox).resolve()
    home = configure_airflow(home)
    with run_lock.hold_process_lock():
        ensure_metadata_db(home)
        stale_runs = run_lock.fail_stale_airflow_runs(DAG_ID)
        dag = load_dag()
        for task in dag.tasks:
            task.retries = 0
        run = dag.test(run_conf={"inbox": str(inbox)})
        summary = _run_summary(dag, run, inbox)
    summary["interrupted_airflow_runs"] = stale_runs
    return summary


def _run_summary(dag, run, inbox: Path) -> dict[str, Any]:
    from ingest.warehouse.dbt_runner import dbt_log_file

    states = _task_states(dag.dag_id, run.run_id)
    summary = _xcom(dag.dag_id, run.run_id, SUMMARY_TASK) or without_summary(_xcom(dag.dag_id, run.run_id, "open_load"))
    failed = [_label(s) for s in states if s["state"] in ("failed", "upstream_failed")]
    run_state = str(getattr(run.state, "value", run.state))
    summary.update(
        inbox=str(inbox),
        run_id=run.run_id,
        tasks=states,
        failed_tasks=failed,
        state="success" if run_state == "success" and not failed else "failed",
    )
    summary.setdefault("dbt_log", str(dbt_log_file()))
    return summary


def without_summary(load_id: str | None) -> dict[str, Any]:
    """The summary of a run whose summary task did not run or failed: its load, and whether the
    warehouse can be reached (``warehouse_unreachable``: why not, when its server died mid-run)."""
    from ingest.pipeline.summary import _redacted, unreachable
    from ingest.warehouse import connection as warehouse

    uri = warehouse.dsn()
    summary: dict[str, Any] = {"load_id": load_id, "dsn": _redacted(uri), "failed_steps": ["summarise"]}
    why = unreachable(uri)
    if why:
        summary["warehouse_unreachable"] = why
    return summary


def _label(state: dict[str, Any]) -> str:
    if state["map_index"] is not None and state["map_index"] >= 0:
        return f"{state['task_id']}[{state['label'] or state['map_index']}]"
    return state["task_id"]


# --- printing ---------------------------------------------------------------------------------


def _count_line(summary: dict[str, Any], keys: Iterable[str]) -> str:
    return ", ".join(f"{summary.get(k, 0)} {k.replace('_', ' ')}" for k in keys)


def format_summary(summary: dict[str, Any]) -> str:
    """The summary as a few screens of text: what was loaded, warned, held back (could not be read:
    unread; does not add up: quarantined), where to look."""
    lines = [
        f"budget_nightly {summary.get('state', '?')}: run {summary.get('run_id', '?')}, load {summary.get('load_id')}",
        f"inbox: {summary.get('inbox', '?')}",
    ]
    if summary.get("warehouse_unreachable"):  # nothing could be read back: no counts, rather than zeros
        failed = [_label(t) for t in summary.get("tasks") or [] if t.get("state") == "failed"]
        lines += [f"the warehouse became unreachable: {summary['warehouse_unreachable']}",
                  "failed: " + ", ".join(failed or summary.get("failed_steps") or ["?"])
                  + "; files and documents of this load unknown (the warehouse could not be read)"]
    else:
        lines += [
            "files: " + _count_line(summary, ("loaded", "already_loaded", "rejected", "unreadable", "failed")),
            "documents (latest decision): " + _count_line(summary, ("accepted", "warned"))
            + f", {summary.get('unread', 0)} unread (could not be read)"
            + f", {summary.get('quarantined', 0)} quarantined (do not add up)",
        ]
    for dead in summary.get("interrupted_loads") or []:
        lines.append(f"recovered: load {dead['load_id']} (started {dead.get('started_at')}, "
                     f"{dead.get('files_seen', 0)} files recorded) was interrupted; closed as interrupted")
    if summary.get("interrupted_airflow_runs"):
        lines.append("recovered: Airflow runs left running marked failed: "
                     + ", ".join(summary["interrupted_airflow_runs"]))
    for file in summary.get("files", []):
        if file.get("status") in ("unreadable", "failed", "rejected"):
            lines.append(f"  {file['status']:<14} {file.get('error') or file.get('file_name')}")
    for note in summary.get("left_for_next_run") or []:
        lines.append(f"  {'left':<14} {note}")
    documents = summary.get("documents", [])
    if documents:
        lines.append("")
        lines.append("documents:")
    for doc in documents:
        name = f"{doc.get('department') or '?'} {doc.get('year') or ''}".strip()
        earlier = "" if doc.get("decided_now", True) else " (decided in an earlier load)"
        lines.append(
            f"  {doc['status']:<12} {name:<24} {doc.get('errors', 0)} errors, {doc.get('warnings', 0)} warnings"
            f"  [{doc.get('files') or doc['document_id'][:12]}]{earlier}"
        )
        for reason in doc.get("reasons", []):
            lines.append(f"      {reason}")
    if summary.get("failed_tasks"):
        lines.append("")
        lines.append("failed tasks: " + ", ".join(summary["failed_tasks"]))
    lines += [
        "",
        f"warehouse:  {summary.get('dsn', '?')}",
        f"            psql \"{summary.get('dsn', '')}\"",
        "tables:     raw.document, raw.table_cell, audit.load_file, audit.finding, audit.document_status",
    ]
    if summary.get("mart_tables"):
        lines.append("marts:      " + ", ".join(summary["mart_tables"]))
    if summary.get("gx_data_docs"):
        lines.append(f"GX docs:    {summary['gx_data_docs']}")
    else:
        lines.append("GX docs:    none for this load (no document needed validating)")
    if summary.get("gx_docs_index"):
        lines.append(f"            every load's rules: {summary['gx_docs_index']}")
    if summary.get("dbt_log"):
        lines.append(f"dbt log:    {summary['dbt_log']}")
    lines.append("findings:   select department_name, fiscal_year, rule_id, severity, message"
                 " from marts.fct_finding order by 1, 2, 3;")
    from ingest.escape import terminal  # names and reasons as published: control characters shown escaped

    return "\n".join(terminal(line) for line in lines)
