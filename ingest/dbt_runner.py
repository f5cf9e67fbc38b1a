"""Run dbt on the warehouse, in this process.

The dbt project (``dbt_project/``) reads its connection from environment variables through the
committed ``profiles.yml``; :func:`dbt_env` derives them from a warehouse URI (the embedded
server's unix-socket URI works: the socket directory is the host), and :func:`run_dbt` sets them
for the duration of one in-process ``dbtRunner`` invocation, then restores the environment.

    run_dbt(["build"])                       # the warehouse of ingest.warehouse.dsn()
    run_dbt(["build", "--select", "marts"], uri)

A failed invocation raises :class:`DbtRunError`, whose message names every failed node with its
status and message; the :class:`dbtRunnerResult` stays available as ``error.result``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ingest.warehouse import PROJECT_ROOT, connection_params

if TYPE_CHECKING:
    from dbt.cli.main import dbtRunnerResult

DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

# Statuses of a node result that make an invocation a failure.
_FAILED = {"error", "fail", "runtime error", "skipped"}


class DbtRunError(RuntimeError):
    """A dbt invocation that did not succeed; ``result`` is the dbtRunnerResult."""

    def __init__(self, message: str, result: dbtRunnerResult | None = None) -> None:
        super().__init__(message)
        self.result = result


def dbt_env(uri: str | None = None) -> dict[str, str]:
    """The environment variables ``dbt_project/profiles.yml`` reads, for the warehouse at ``uri``
    (default: :func:`ingest.warehouse.dsn`), plus ``DO_NOT_TRACK=1``."""
    params = connection_params(uri)
    return {
        "BUDGETWH_PGHOST": params["host"],
        "BUDGETWH_PGPORT": params["port"],
        "BUDGETWH_PGUSER": params["user"],
        "BUDGETWH_PGPASSWORD": params["password"],
        "BUDGETWH_PGDATABASE": params["dbname"],
        "DO_NOT_TRACK": "1",
    }


@contextmanager
def _environment(values: Mapping[str, str]) -> Iterator[None]:
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _with_project_dirs(args: list[str], project_dir: Path) -> list[str]:
    extra: list[str] = []
    if "--project-dir" not in args:
        extra += ["--project-dir", str(project_dir)]
    if "--profiles-dir" not in args:
        extra += ["--profiles-dir", str(project_dir)]
    return [*args, *extra]


def _failure_message(args: list[str], result: dbtRunnerResult) -> str:
    lines = [f"dbt {' '.join(args)} failed"]
    if result.exception is not None:
        lines.append(f"  {type(result.exception).__name__}: {result.exception}")
    node_results = getattr(result.result, "results", None) or []
    for node_result in node_results:
        status = str(getattr(node_result.status, "value", node_result.status))
        if status in _FAILED:
            node = getattr(node_result, "node", None)
            name = getattr(node, "unique_id", None) or getattr(node, "name", "?")
            message = (node_result.message or "").strip().replace("\n", " ")
            age = getattr(node_result, "age", None)  # source freshness: seconds since the newest row
            if age is not None:
                message = f"newest row {age / 86400:.0f} days old (max loaded_at {node_result.max_loaded_at})"
            lines.append(f"  {status}: {name}: {message}")
    return "\n".join(lines)


def run_dbt(args: list[str], uri: str | None = None) -> dbtRunnerResult:
    """Invoke dbt in-process with ``args`` (e.g. ``["build"]``) against the warehouse at ``uri``.

    ``--project-dir`` and ``--profiles-dir`` point at ``dbt_project/`` unless ``args`` sets them.
    Returns the dbtRunnerResult of a successful invocation; raises :class:`DbtRunError` otherwise.
    """
    from dbt.cli.main import dbtRunner

    full_args = _with_project_dirs(list(args), DBT_PROJECT_DIR)
    with _environment(dbt_env(uri)):
        result = dbtRunner().invoke(full_args)
    if not result.success:
        raise DbtRunError(_failure_message(list(args), result), result)
    return result
