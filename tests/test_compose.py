"""docker-compose.yml, checked without a Docker engine (none runs where the tests run).

What can go wrong silently in a compose file: a mounted folder that does not exist (Docker creates
an empty one and the DAG list is empty), a ${VAR} nobody documents (it expands to ""), a port
open to the network, Airflow services that drift apart in environment or mount a different DAGs
folder than the one the tests load. The Postgres init script is run for real against the session's
embedded server: it must create both databases and a reader that can see what the warehouse role
builds in marts.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import psycopg
import pytest
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
COMPOSE = PROJECT_ROOT / "docker-compose.yml"
ENV_EXAMPLE = PROJECT_ROOT / ".env.example"
INIT_SCRIPT = PROJECT_ROOT / "docker" / "postgres-init" / "01-databases.sh"
DAGS_USED_BY_TESTS = PROJECT_ROOT / "dags"  # tests/dags/test_dag_integrity.py and ingest/pipeline/airflow_runner.py
AIRFLOW_SERVICES = ("airflow-init", "airflow-api-server", "airflow-scheduler", "airflow-dag-processor",
                    "airflow-triggerer")
_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?-][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def env_example() -> dict[str, str]:
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def _volumes(service: dict) -> list[tuple[str, str]]:
    out = []
    for entry in service.get("volumes", []):
        source, target = entry.split(":")[:2]
        out.append((source, target))
    return out


def test_compose_parses_and_has_the_stack(compose):
    services = compose["services"]
    assert set(AIRFLOW_SERVICES) | {"postgres", "metabase", "metabase-setup"} <= set(services)
    assert services["airflow-init"]["command"] == ["airflow", "db", "migrate"]
    assert services["metabase"]["profiles"] == ["bi"]
    for name in AIRFLOW_SERVICES[1:]:
        assert services[name]["depends_on"]["airflow-init"]["condition"] == "service_completed_successfully"


def test_every_mounted_host_path_exists(compose):
    named = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for source, _ in _volumes(service):
            if source.startswith((".", "/")):
                assert (PROJECT_ROOT / source).exists(), f"{name} mounts {source}, which does not exist"
            else:
                assert source in named, f"{name} mounts volume {source}, which is not declared"
        build = service.get("build")
        if build:
            assert (PROJECT_ROOT / build["context"] / build["dockerfile"]).is_file(), f"{name}: no Dockerfile"


def test_every_variable_is_documented_in_env_example(env_example):
    used = set(_VARIABLE.findall(COMPOSE.read_text(encoding="utf-8")))
    assert used, "no ${VAR} found: the pattern is wrong"
    assert sorted(used - set(env_example)) == []
    unused = set(env_example) - used
    assert sorted(unused) == [], f".env.example documents variables compose never reads: {unused}"


def test_secrets_stay_out_of_git():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=PROJECT_ROOT, check=False)
    assert ignored.returncode == 0, ".env must be git-ignored"


def test_ports_listen_on_localhost_only(compose):
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} beyond this machine"


def test_airflow_services_share_one_environment_and_the_tested_dags_folder(compose):
    services = compose["services"]
    environments = [services[name]["environment"] for name in AIRFLOW_SERVICES]
    assert all(env == environments[0] for env in environments), "the Airflow services' environments differ"
    env = environments[0]
    for name in AIRFLOW_SERVICES:
        mounts = dict((target, source) for source, target in _volumes(services[name]))
        dags_source = mounts.get(env["AIRFLOW__CORE__DAGS_FOLDER"])
        assert dags_source, f"{name} does not mount the DAGs folder {env['AIRFLOW__CORE__DAGS_FOLDER']}"
        assert (PROJECT_ROOT / dags_source).resolve() == DAGS_USED_BY_TESTS.resolve()
        for folder in ("ingest", "expectations", "dbt_project"):
            assert mounts.get(f"/opt/budgetwh/{folder}") == f"./{folder}", f"{name} does not mount ./{folder}"


def test_the_pipeline_settings_fit_a_multi_worker_deployment(compose):
    env = compose["x-airflow-environment"]
    assert env["BUDGETWH_DSN"].startswith("postgresql://") and "@postgres:5432/" in env["BUDGETWH_DSN"]
    assert env["BUDGETWH_STAGING_DIR"].startswith("/opt/budgetwh/data/"), "staging must be on the shared volume"
    assert env["AIRFLOW__CORE__LOAD_EXAMPLES"] == "False" and env["DO_NOT_TRACK"] == "1"
    assert "${AIRFLOW_DB}" in env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    assert "${WAREHOUSE_DB}" in env["BUDGETWH_DSN"], "the warehouse and the metadata are separate databases"


def test_the_init_script_creates_both_databases_and_the_pipeline_a_reader(compose, env_example, warehouse_dsn: str):
    """The init script as the postgres image runs it, then the pipeline's grant (ingest/warehouse/reader_role.py)
    as the warehouse role, which the script lets create roles: the reader reads what the warehouse
    role builds in marts — before and after the grant — and nothing else, and writes nothing."""
    from ingest.warehouse.reader_role import ensure_reader_role

    postgres_env = compose["services"]["postgres"]["environment"]
    script_vars = set(re.findall(r"\$([A-Z_][A-Z0-9_]*)", INIT_SCRIPT.read_text(encoding="utf-8")))
    assert script_vars <= set(postgres_env), f"the init script reads {script_vars - set(postgres_env)}"

    socket_dir = parse_qs(urlparse(warehouse_dsn).query)["host"][0]
    values = {key: env_example[key] for key in ("WAREHOUSE_DB", "WAREHOUSE_USER", "WAREHOUSE_PASSWORD",
                                                "AIRFLOW_DB", "AIRFLOW_DB_USER", "AIRFLOW_DB_PASSWORD")}
    values = {key: f"compose_test_{value}".replace("-", "_") if not key.endswith("PASSWORD") else value
              for key, value in values.items()}
    env = {**os.environ, **values, "POSTGRES_USER": "postgres", "PGHOST": socket_dir}
    result = subprocess.run(["bash", str(INIT_SCRIPT)], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    reader = "compose_test_budgetwh_reader"  # roles are cluster-wide: the session's own reader stays apart

    def connect(database: str, user: str):
        return psycopg.connect(host=socket_dir, dbname=database, user=user, autocommit=True)

    with connect(values["AIRFLOW_DB"], values["AIRFLOW_DB_USER"]) as conn:
        conn.execute("create table airflow_probe (id int)")  # the metadata role owns its database
    with connect(values["WAREHOUSE_DB"], values["WAREHOUSE_USER"]) as conn:
        for schema in ("raw", "staging", "marts"):  # the loader and dbt create their schemas as this role
            conn.execute(f"create schema {schema}")
        conn.execute("create table raw.secret as select 1 as x")
        conn.execute("create table marts.probe as select 1 as x")
        outcome = ensure_reader_role(conn, env_example["BUDGETWH_READER_PASSWORD"], role=reader)
        conn.execute("create table marts.later as select 2 as x")  # a mart rebuilt after the grant
    assert outcome["login"] and outcome["owner"] == values["WAREHOUSE_USER"]
    with connect(values["WAREHOUSE_DB"], reader) as conn:
        assert conn.execute("select x from marts.probe").fetchone() == (1,)
        assert conn.execute("select x from marts.later").fetchone() == (2,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("select x from raw.secret")
        with pytest.raises((psycopg.errors.InsufficientPrivilege, psycopg.errors.ReadOnlySqlTransaction)):
            conn.execute("create table marts.nope (x int)")


def test_metabase_is_optional_and_wired_to_the_reader(compose, env_example):
    services = compose["services"]
    assert services["metabase"]["profiles"] == services["metabase-setup"]["profiles"] == ["bi"]
    setup = services["metabase-setup"]
    assert setup["command"] == ["python", "-m", "ingest.warehouse.metabase_setup"]
    assert setup["image"] == services["airflow-scheduler"]["image"]  # the image that has budgetwh
    assert setup["environment"]["METABASE_URL"] == "http://metabase:3000"
    assert setup["environment"]["BUDGETWH_READER_PASSWORD"] == "${BUDGETWH_READER_PASSWORD}"
    airflow_env = compose["x-airflow-environment"]
    assert airflow_env["BUDGETWH_READER_PASSWORD"] == "${BUDGETWH_READER_PASSWORD}", "the pipeline sets the password"
    assert env_example["BUDGETWH_READER_PASSWORD"] and env_example["METABASE_ADMIN_PASSWORD"]
