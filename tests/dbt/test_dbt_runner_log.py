"""ingest.warehouse.dbt_runner keeps dbt's log off the console: it goes to a file that the runner names.

``budgetwh run`` prints its progress and summary only; dbt's own lines (``Running with dbt=``, one
per node, the ``Done. PASS=`` tally) go to ``<data dir>/dbt-logs/dbt.log`` at debug level. A failed
invocation still says which node failed, and where the log is, in the DbtRunError it raises.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.warehouse.dbt_runner import DBT_PROJECT_DIR, DbtRunError, dbt_log_file, run_dbt

# parse does not connect: any URI will do
NO_SERVER = "postgresql://postgres@127.0.0.1:1/postgres"
TINY_SCHEMA = "dbt_runner_log_test"


@pytest.fixture(autouse=True)
def _no_dbt_log_settings(monkeypatch):
    """The defaults under test, whatever the developer's shell sets."""
    for name in ("DBT_LOG_LEVEL", "DBT_LOG_LEVEL_FILE", "DBT_QUIET", "DBT_DEBUG", "DBT_LOG_PATH",
                 "DBT_USE_COLORS_FILE"):
        monkeypatch.delenv(name, raising=False)


def _tiny_project(folder: Path) -> Path:
    """A two-model project on the committed profile: ``fine`` builds, ``broken`` divides by zero."""
    (folder / "models").mkdir(parents=True)
    (folder / "dbt_project.yml").write_text(
        'name: tiny\nversion: "1.0.0"\nprofile: budgetwh\nmodel-paths: ["models"]\n'
        "flags:\n  send_anonymous_usage_stats: false\n"
        "models:\n  tiny:\n    +materialized: table\n",
        encoding="utf-8",
    )
    (folder / "models" / "fine.sql").write_text("select 1 as x\n", encoding="utf-8")
    (folder / "models" / "broken.sql").write_text("select 1 / 0 as x\n", encoding="utf-8")
    return folder


def _project_args(project: Path) -> list[str]:
    return ["--project-dir", str(project), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(project / "target")]


def test_dbt_logs_to_the_data_dir_and_prints_nothing(tmp_path, monkeypatch, capfd):
    """A real ``dbt parse`` of the project: nothing of dbt's log on stdout or stderr; all of it, at
    debug level and without colour codes, in <data dir>/dbt-logs/dbt.log."""
    monkeypatch.setenv("BUDGETWH_DATA_DIR", str(tmp_path))
    log_file = dbt_log_file()
    assert log_file == tmp_path / "dbt-logs" / "dbt.log"

    result = run_dbt(["parse", "--target-path", str(tmp_path / "target")], NO_SERVER)

    assert result.success
    out, err = capfd.readouterr()
    assert out == ""
    for line in ("Running with dbt=", "Registered adapter", "Performance info"):
        assert line not in err, f"dbt's log reached stderr: {err[:500]}"
    text = log_file.read_text(encoding="utf-8")
    assert "Running with dbt=" in text and "Registered adapter: postgres" in text
    assert "[debug]" in text, "the file keeps dbt's debug lines"
    assert "\x1b[" not in text, "the file is plain text"


def test_a_chosen_console_level_is_left_alone(tmp_path, capfd):
    """``--log-level info`` (or DBT_LOG_LEVEL) brings dbt's console lines back, for a developer who
    wants them; the file is still written where ``--log-path`` says."""
    project = _tiny_project(tmp_path / "tiny")
    logs = tmp_path / "logs"
    run_dbt(["parse", *_project_args(project), "--log-level", "info", "--log-path", str(logs)], NO_SERVER)
    assert "Running with dbt=" in capfd.readouterr().out
    assert dbt_log_file(["parse", "--log-path", str(logs)]) == logs / "dbt.log"
    assert "Running with dbt=" in (logs / "dbt.log").read_text(encoding="utf-8")


def test_a_failed_node_is_named_in_the_error_not_on_the_console(warehouse_dsn, tmp_path, monkeypatch, capfd):
    """``dbt run`` of the tiny project on the session's server: ``broken`` fails. The DbtRunError
    names the node, the database's message and the log file; the console stays empty."""
    import psycopg

    monkeypatch.setenv("BUDGETWH_DBT_SCHEMA", TINY_SCHEMA)
    project = _tiny_project(tmp_path / "tiny")
    logs = tmp_path / "logs"
    try:
        with pytest.raises(DbtRunError) as failure:
            run_dbt(["run", *_project_args(project), "--log-path", str(logs)], warehouse_dsn)
    finally:
        with psycopg.connect(warehouse_dsn, autocommit=True) as conn:
            conn.execute(f"drop schema if exists {TINY_SCHEMA} cascade")

    message = str(failure.value)
    assert message.startswith("dbt run")
    assert "error: model.tiny.broken:" in message and "division by zero" in message
    assert "model.tiny.fine" not in message
    assert f"dbt log: {logs / 'dbt.log'}" in message
    assert failure.value.log_file == logs / "dbt.log"

    out, err = capfd.readouterr()
    assert out == ""
    assert "division by zero" not in err and "Running with dbt=" not in err
    text = (logs / "dbt.log").read_text(encoding="utf-8")
    assert "division by zero" in text
    assert "OK created sql table model" in text and "ERROR creating sql table model" in text
