"""ingest.warehouse.dbt_runner: the environment dbt's committed profile reads, and in-process invocation."""

from __future__ import annotations

import os

import pytest

from ingest.warehouse.dbt_runner import DBT_PROJECT_DIR, DbtRunError, dbt_env, run_dbt

SOCKET_URI = "postgresql://postgres:@/postgres?host=/work/main/data/pg"


def test_dbt_env_takes_the_socket_directory_as_host():
    env = dbt_env(SOCKET_URI)
    assert env == {
        "BUDGETWH_PGHOST": "/work/main/data/pg",
        "BUDGETWH_PGPORT": "5432",
        "BUDGETWH_PGUSER": "postgres",
        "BUDGETWH_PGPASSWORD": "",
        "BUDGETWH_PGDATABASE": "postgres",
        "DO_NOT_TRACK": "1",
    }


def test_dbt_env_reads_a_tcp_uri():
    env = dbt_env("postgresql://reader:s3cret@db.internal:6543/warehouse")
    assert (env["BUDGETWH_PGHOST"], env["BUDGETWH_PGPORT"]) == ("db.internal", "6543")
    assert (env["BUDGETWH_PGUSER"], env["BUDGETWH_PGPASSWORD"]) == ("reader", "s3cret")
    assert env["BUDGETWH_PGDATABASE"] == "warehouse"


def test_profile_reads_every_variable_dbt_env_sets():
    profile = (DBT_PROJECT_DIR / "profiles.yml").read_text(encoding="utf-8")
    for name in dbt_env(SOCKET_URI):
        if name.startswith("BUDGETWH_"):
            assert f"env_var('{name}'" in profile, name
    assert "env_var('BUDGETWH_PGPORT', '5432') | as_number" in profile


def test_dbt_parse_succeeds_and_leaves_the_environment_as_it_was(tmp_path):
    """The whole project parses (yml, docs blocks, unit tests, macros with validated arguments);
    parse does not connect, so any URI will do. The profile's variables are set only while dbt runs."""
    os.environ.pop("BUDGETWH_PGHOST", None)
    result = run_dbt(["parse", "--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path)],
                     "postgresql://postgres@127.0.0.1:1/postgres")
    assert result.success
    assert "BUDGETWH_PGHOST" not in os.environ
    manifest = result.result
    models = {n.name: n for n in manifest.nodes.values() if n.resource_type == "model"}
    marts = [n for n in models.values() if n.fqn[1] == "marts"]
    assert marts and all(n.config.contract.enforced for n in marts)
    assert all(n.config.materialized == "table" and n.config.schema == "marts" for n in marts)
    assert all(models[name].config.materialized == "view" for name in models if name.startswith("stg_"))
    assert len(manifest.unit_tests) >= 6
    assert {e.name for e in manifest.exposures.values()} >= {"comparison_report", "metabase"}


def test_run_dbt_raises_a_clear_error_when_dbt_fails(tmp_path):
    with pytest.raises(DbtRunError) as failure:
        run_dbt(["debug", "--log-path", str(tmp_path)], "postgresql://postgres@127.0.0.1:1/postgres")
    assert str(failure.value).startswith("dbt debug")
    assert failure.value.result is not None and not failure.value.result.success
