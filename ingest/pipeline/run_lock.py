"""One run at a time per warehouse, and the recovery of a run that died: the stage the DAG's first
and last steps call (``open_load``, ``summarise``) and that ``budgetwh run`` holds for its whole process.

Two mechanisms, because an Airflow run is not one process:

* **the process lock** — ``budgetwh run`` takes a session-level PostgreSQL advisory lock
  (:data:`PROCESS_LOCK`) on a connection of its own before it migrates Airflow's metadata and
  holds it until it exits (:func:`hold_process_lock`). A second ``budgetwh run`` on the same
  warehouse waits at most ``BUDGETWH_RUN_WAIT`` seconds, then exits with
  :data:`EXIT_RUN_IN_PROGRESS`. The server drops the lock when the process dies, however it dies.
* **the lease** — one row of ``audit.run_lease``, written only under ``pg_advisory_xact_lock``:
  holder (the load id), host, pid, started, heartbeat. ``open_load`` takes it (:func:`acquire`),
  the stages refresh its heartbeat (:func:`heartbeat`), ``summarise`` gives it back
  (:func:`release`). Tasks of a scheduled run may run in different processes and machines (Celery),
  where a session lock cannot span the run; the lease can. ``budgetwh run`` writes the lease when it
  takes the process lock, so a scheduled run beside it sees the warehouse held too, and vice versa.

A lease held by someone else is **stale** — its holder died — when its heartbeat is older than
``BUDGETWH_RUN_STALE_AFTER`` (default: the DAG's three-hour timeout), when it was taken by a
``budgetwh run`` whose advisory lock is no longer held (that process is gone, or the server
restarted), or when it was taken by a process of this host that no longer exists. A stale lease is
taken over, and **recovery** closes every load still ``running`` as ``interrupted`` (status,
``closed_at``, ``interrupted_by`` = the load that found it) and drops the working rows of its
validations. ``budgetwh run`` also marks its own Airflow runs left ``running`` failed
(:func:`fail_stale_airflow_runs`). The summary names the loads it closed
(:func:`interrupted_loads`); the data-quality mart shows their status.

Two more locks keep the work itself correct if two loads ever interleave (a lease taken over from a
run that was not dead after all): ``build_marts`` holds :func:`exclusive` ``dbt_build`` (one dbt
build per warehouse), and expectations/run.py decides a document under a transaction lock, never
twice.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from ingest.errors import PipelineError
from ingest.settings import run_stale_after, run_wait

log = logging.getLogger(__name__)

LEASE = "budget_nightly"
PROCESS_LOCK = "budgetwh.run"  # the session advisory lock of a whole `budgetwh run`
LEASE_LOCK = "budgetwh.run_lease"  # the transaction advisory lock every lease change takes
EXIT_RUN_IN_PROGRESS = 75  # EX_TEMPFAIL: try again later
POLL_SECONDS = 1.0
WORKING_TABLES = ("validation_cell", "validation_row", "validation_identity", "validation_figure")


class RunInProgress(PipelineError):
    """Another run holds the warehouse: the message names its load, start, host and pid."""

    def __init__(self, holder: dict[str, Any] | None, waited: float) -> None:
        self.holder = holder or {}
        h = self.holder
        who = f"load {h.get('load_id') or h.get('holder') or '?'}, started {h.get('started_at') or '?'}, " \
              f"host/pid {h.get('host') or '?'}/{h.get('pid') or '?'}"
        super().__init__(f"another run is in progress ({who}); waited {waited:g} s (BUDGETWH_RUN_WAIT)")


@dataclass
class _ProcessHold:
    conn: Any
    token: str
    load_id: str | None = None  # the load open_load named, once it has


_held: _ProcessHold | None = None  # this process's `budgetwh run` hold, when it has one


def _holder_row(conn) -> dict[str, Any] | None:
    row = conn.execute(
        """select holder, load_id, host, pid, holder_backend, process_bound, started_at, heartbeat_at,
                  extract(epoch from now() - heartbeat_at)
           from audit.run_lease where lease = %s""", (LEASE,)).fetchone()
    if row is None or row[0] is None:
        return None
    keys = ("holder", "load_id", "host", "pid", "holder_backend", "process_bound", "started_at", "heartbeat_at", "age")
    return dict(zip(keys, row, strict=True))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _stale(conn, holder: dict[str, Any]) -> str | None:
    """Why ``holder`` is dead, or None while it may be alive. A ``budgetwh run`` is alive exactly while
    its advisory lock is held (however long it takes); any other holder while it heartbeats."""
    if holder["process_bound"] and holder["holder_backend"] is not None:
        held = conn.execute(
            """select exists (select 1 from pg_locks where locktype = 'advisory' and granted
                   and pid = %s and objid::bigint = (hashtext(%s)::bigint & 4294967295))""",
            (holder["holder_backend"], PROCESS_LOCK)).fetchone()[0]
        if not held:
            return "its process no longer holds the run lock"
        if holder["host"] == socket.gethostname() and holder["pid"] and not _pid_alive(int(holder["pid"])):
            return f"process {holder['pid']} is gone"
        return None
    if holder["age"] is not None and float(holder["age"]) > run_stale_after():
        return f"no heartbeat for {float(holder['age']):.0f} s"
    return None


def _try_take(conn, holder: str, load_id: str | None, process_bound: bool, backend: int | None) -> tuple[bool, Any]:
    """One attempt, in one transaction: take the lease when free, ours or stale. Returns (taken,
    the other holder's row when not taken)."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (LEASE_LOCK,))
        conn.execute("insert into audit.run_lease (lease) values (%s) on conflict do nothing", (LEASE,))
        current = _holder_row(conn)
        ours = current is not None and (current["holder"] == holder
                                        or (_held is not None and current["holder"] == _held.token))
        if current is not None and not ours:
            why = _stale(conn, current)
            if why is None:
                return False, current
            log.warning("taking over the warehouse from %s (%s)", current["holder"], why)
        if ours:
            conn.execute(
                "update audit.run_lease set holder = %s, load_id = coalesce(%s, load_id), heartbeat_at = now() "
                "where lease = %s", (holder, load_id, LEASE))
            if _held is not None and current["holder"] == _held.token and holder != _held.token:
                _held.load_id = holder
                conn.execute("update audit.load set interrupted_by = %s where interrupted_by = %s",
                             (holder, _held.token))
        else:
            conn.execute(
                """update audit.run_lease set holder = %s, load_id = %s, host = %s, pid = %s, holder_backend = %s,
                       process_bound = %s, started_at = now(), heartbeat_at = now() where lease = %s""",
                (holder, load_id, socket.gethostname(), os.getpid(), backend, process_bound, LEASE))
            _recover(conn, holder, current["load_id"] if current else None)
        return True, None


def _recover(conn, holder: str, stale_load: str | None) -> list[str]:
    """Close every run's load still running (its run is dead: we hold the lease) as interrupted, with
    its file counts, and drop the working rows of its validations. A run's load is the stale lease's
    and any load of a DAG run (``airflow:…``); loads opened by other means (tests, scripts calling
    ingest.warehouse.load.start_load) are not runs and are left alone."""
    closed = [r[0] for r in conn.execute(
        """update audit.load l set status = 'interrupted', closed_at = now(), interrupted_by = %s,
               files_seen = coalesce(l.files_seen, s.seen),
               documents_loaded = coalesce(l.documents_loaded, s.loaded),
               documents_skipped = coalesce(l.documents_skipped, s.skipped),
               files_failed = coalesce(l.files_failed, s.failed)
           from (select x.load_id, count(f.file_path) as seen,
                        count(distinct f.document_id) filter (where f.status = 'loaded') as loaded,
                        count(distinct f.document_id) filter (where f.status = 'already_loaded') as skipped,
                        count(f.file_path) filter (where f.status in ('unreadable', 'failed')) as failed
                 from audit.load x left join audit.load_file f on f.load_id = x.load_id
                 where x.status = 'running' group by x.load_id) s
           where l.load_id = s.load_id and l.status = 'running' and l.load_id <> %s
               and (l.load_id like 'airflow:%%' or l.load_id = %s)
           returning l.load_id""", (holder, holder, stale_load)).fetchall()]
    if closed and conn.execute("select to_regclass('audit.validation_scope') is not null").fetchone()[0]:
        for table in WORKING_TABLES:
            if conn.execute("select to_regclass(%s) is not null", (f"audit.{table}",)).fetchone()[0]:
                conn.execute(
                    f"""delete from audit.{table} where validation_id in
                        (select validation_id from audit.validation_scope where load_id = any(%s))""", (closed,))
    if closed:
        log.warning("closed interrupted loads: %s", ", ".join(closed))
    return closed


def _take(conn, holder: str, load_id: str | None, process_bound: bool, backend: int | None,
          wait: float | None) -> None:
    wait = run_wait() if wait is None else wait
    deadline = time.monotonic() + wait
    while True:
        taken, other = _try_take(conn, holder, load_id, process_bound, backend)
        if taken:
            return
        if time.monotonic() >= deadline:
            raise RunInProgress(other, wait)
        time.sleep(min(POLL_SECONDS, max(0.0, deadline - time.monotonic())))


def _ensure_schema(uri: str) -> None:
    from ingest.warehouse.load import ensure_schema

    ensure_schema(uri)


def acquire(load_id: str, *, wait: float | None = None) -> None:
    """Take the warehouse for the run of ``load_id`` (``open_load``): at once when it is free, already
    this run's (a retried task) or held by this process's ``budgetwh run``; when another run's hold is
    stale, after recovering it; else wait up to ``BUDGETWH_RUN_WAIT`` seconds, then raise
    :class:`RunInProgress`."""
    from ingest.warehouse import connection as warehouse

    uri = warehouse.dsn()
    _ensure_schema(uri)
    with warehouse.connect(uri) as conn:
        _take(conn, load_id, load_id, False, None, wait)


def heartbeat(load_id: str | None) -> None:
    """Say the run of ``load_id`` is alive (its stages call this as they start)."""
    if not load_id:
        return
    from ingest.warehouse import connection as warehouse

    with warehouse.connect() as conn:
        conn.execute("update audit.run_lease set heartbeat_at = now() where lease = %s and holder = %s",
                     (LEASE, load_id))


def release(load_id: str | None, state: str) -> None:
    """Give the warehouse back at the end of the run of ``load_id`` and record how it ended
    (``finished`` or ``failed``); a no-op when the lease is not this run's."""
    if not load_id:
        return
    from ingest.warehouse import connection as warehouse

    with warehouse.connect() as conn, conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (LEASE_LOCK,))
        conn.execute("update audit.load set status = %s, closed_at = now() where load_id = %s and status = 'running'",
                     ("finished" if state == "success" else "failed", load_id))
        conn.execute(
            """update audit.run_lease set holder = null, load_id = null, host = null, pid = null,
                   holder_backend = null, process_bound = false, started_at = null, heartbeat_at = null
               where lease = %s and holder = %s""", (LEASE, load_id))


def interrupted_loads(conn, load_id: str) -> list[dict[str, Any]]:
    """The loads the run of ``load_id`` found dead and closed, oldest first."""
    rows = conn.execute(
        """select load_id, started_at, closed_at, coalesce(files_seen, 0) from audit.load
           where interrupted_by = %s order by started_at, load_id""", (load_id,)).fetchall()
    return [dict(zip(("load_id", "started_at", "closed_at", "files_seen"), r, strict=True)) for r in rows]


@contextmanager
def hold_process_lock(*, wait: float | None = None) -> Iterator[str]:
    """Hold the warehouse for this whole process (``budgetwh run``): the session advisory lock, then
    the lease, recovering a dead holder's load. Raises :class:`RunInProgress` after waiting at most
    ``BUDGETWH_RUN_WAIT`` seconds. Yields the holder token the lease carries until ``open_load``
    names the load."""
    global _held
    from ingest.warehouse import connection as warehouse

    uri = warehouse.dsn()
    _ensure_schema(uri)
    wait = run_wait() if wait is None else wait
    conn = warehouse.connect(uri, autocommit=True)
    try:
        deadline = time.monotonic() + wait
        while not conn.execute("select pg_try_advisory_lock(hashtext(%s))", (PROCESS_LOCK,)).fetchone()[0]:
            if time.monotonic() >= deadline:
                with warehouse.connect(uri) as probe:
                    raise RunInProgress(_holder_row(probe), wait)
            time.sleep(POLL_SECONDS)
        backend = conn.execute("select pg_backend_pid()").fetchone()[0]
        token = f"process:{socket.gethostname()}:{os.getpid()}:{backend}"
        _take(conn, token, None, True, backend, max(0.0, deadline - time.monotonic()))
        _held = hold = _ProcessHold(conn, token)
        try:
            yield token
        finally:
            _held = None
            _release_token(conn, token, hold.load_id)
    finally:
        conn.close()  # the session lock goes with the connection


def _release_token(conn, token: str, load_id: str | None) -> None:
    """Clear the lease when it still carries this process's token (a run that never opened its load)
    or its load (a run whose summary did not run: its load is closed as failed)."""
    try:
        if load_id:
            release(load_id, "failed")
        with conn.transaction():
            conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (LEASE_LOCK,))
            conn.execute(
                """update audit.run_lease set holder = null, load_id = null, host = null, pid = null,
                       holder_backend = null, process_bound = false, started_at = null, heartbeat_at = null
                   where lease = %s and holder = %s""", (LEASE, token))
    except Exception:  # noqa: BLE001 - the server may be gone; the lease is then stale by its lock
        log.warning("could not clear the run lease of %s", token, exc_info=True)


@contextmanager
def exclusive(name: str) -> Iterator[None]:
    """Hold the session advisory lock ``budgetwh.<name>`` on a connection of its own meanwhile (one
    dbt build per warehouse at a time); waits for it."""
    from ingest.warehouse import connection as warehouse

    with warehouse.connect(autocommit=True) as conn:
        conn.execute("select pg_advisory_lock(hashtext(%s))", (f"budgetwh.{name}",))
        try:
            yield
        finally:
            conn.execute("select pg_advisory_unlock(hashtext(%s))", (f"budgetwh.{name}",))


def fail_stale_airflow_runs(dag_id: str) -> list[str]:
    """Mark this Airflow home's runs of ``dag_id`` left ``running`` or ``queued`` failed, with their
    unfinished task instances (a ``budgetwh run`` killed mid-run leaves them so). Call while holding
    the process lock: no live run of this warehouse can then be among them. Returns their run ids."""
    from airflow.models.dagrun import DagRun
    from airflow.models.taskinstance import TaskInstance
    from airflow.utils.session import create_session
    from airflow.utils.state import DagRunState, TaskInstanceState

    unfinished = [TaskInstanceState.RUNNING, TaskInstanceState.QUEUED, TaskInstanceState.SCHEDULED,
                  TaskInstanceState.UP_FOR_RETRY, TaskInstanceState.UP_FOR_RESCHEDULE, TaskInstanceState.DEFERRED,
                  TaskInstanceState.RESTARTING]
    with create_session() as session:
        runs = session.query(DagRun).filter(
            DagRun.dag_id == dag_id, DagRun.state.in_([DagRunState.RUNNING, DagRunState.QUEUED])).all()
        for run in runs:
            for ti in session.query(TaskInstance).filter(
                    TaskInstance.dag_id == dag_id, TaskInstance.run_id == run.run_id,
                    TaskInstance.state.in_(unfinished)):
                ti.state = TaskInstanceState.FAILED
            run.state = DagRunState.FAILED
        ids = [run.run_id for run in runs]
    if ids:
        log.warning("marked interrupted Airflow runs failed: %s", ", ".join(ids))
    return ids
