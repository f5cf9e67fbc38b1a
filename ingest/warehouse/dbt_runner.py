"""Run dbt on the warehouse, in this process.

The dbt project (``dbt_project/``) reads its connection from environment variables through the
committed ``profiles.yml``; :func:`dbt_env` derives them from a warehouse URI (the embedded
server's unix-socket URI works: the socket directory is the host), and :func:`run_dbt` sets them
for the duration of one in-process ``dbtRunner`` invocation, then restores the environment.

    run_dbt(["build"])                       # the warehouse of ingest.warehouse.connection.dsn()
    run_dbt(["build", "--select", "marts"], uri)

dbt's log goes to a file, not the console: unless ``args`` (or dbt's ``DBT_LOG_LEVEL``,
``DBT_QUIET``, ``DBT_DEBUG``, ``DBT_LOG_PATH`` environment variables) say otherwise, an invocation
runs with ``--log-level none`` (nothing on stdout, so ``budgetwh run`` prints its summary and
progress only) and ``--log-level-file debug --no-use-colors-file --log-path <data dir>/dbt-logs``.
:func:`dbt_log_file` says where: ``<data dir>/dbt-logs/dbt.log``, each invocation headed by a
``=== time | invocation id ===`` line (dbt appends, and rotates the file at 10 MB).

A failed invocation raises :class:`DbtRunError`, whose message names every failed node with its
status and message, and the log file; the :class:`dbtRunnerResult` stays available as
``error.result``, the log file as ``error.log_file``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ingest import settings
from ingest.settings import DBT_PROJECT_DIR
from ingest.warehouse.connection import connection_params

if TYPE_CHECKING:
    from dbt.cli.main import dbtRunnerResult

DBT_LOG_FILE_NAME = "dbt.log"  # the file dbt writes in its log path

log = logging.getLogger(__name__)

# Options (and dbt's environment variables for them) that choose what dbt prints on the console,
# or how much goes to the log file: when the caller sets one, run_dbt leaves that choice alone.
_CONSOLE_OPTIONS = ("--log-level", "--quiet", "--no-quiet", "-q", "--debug", "-d")
_CONSOLE_ENV = ("DBT_LOG_LEVEL", "DBT_QUIET", "DBT_DEBUG")

# Statuses of a node result that make an invocation a failure.
_FAILED = {"error", "fail", "runtime error", "skipped"}


class DbtRunError(RuntimeError):
    """A dbt invocation that did not succeed; ``result`` is the dbtRunnerResult."""

    def __init__(
        self, message: str, result: dbtRunnerResult | None = None, log_file: Path | None = None
    ) -> None:
        super().__init__(message)
        self.result = result
        self.log_file = log_file


def dbt_env(uri: str | None = None) -> dict[str, str]:
    """The environment variables ``dbt_project/profiles.yml`` reads, for the warehouse at ``uri``
    (default: :func:`ingest.warehouse.connection.dsn`), plus ``DO_NOT_TRACK=1``."""
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


def _has_option(args: Sequence[str], *names: str) -> bool:
    return any(arg == name or arg.startswith(f"{name}=") for arg in args for name in names)


def _option_value(args: Sequence[str], name: str) -> str | None:
    for index, arg in enumerate(args):
        if arg == name and index + 1 < len(args):
            return args[index + 1]
        if arg.startswith(f"{name}="):
            return arg.split("=", 1)[1]
    return None


def dbt_log_dir(args: Sequence[str] = ()) -> Path:
    """The folder dbt logs to for ``args``: their ``--log-path``, else ``DBT_LOG_PATH``, else
    ``<data dir>/dbt-logs`` (``BUDGETWH_DATA_DIR`` or data/, the warehouse's folder)."""
    chosen = _option_value(args, "--log-path") or os.environ.get("DBT_LOG_PATH")
    return Path(chosen).resolve() if chosen else settings.dbt_log_dir()


def dbt_log_file(args: Sequence[str] = ()) -> Path:
    """The file dbt writes its log to when :func:`run_dbt` runs ``args``: ``dbt_log_dir(args)/dbt.log``."""
    return dbt_log_dir(args) / DBT_LOG_FILE_NAME


def _with_project_dirs(args: list[str], project_dir: Path) -> list[str]:
    extra: list[str] = []
    if "--project-dir" not in args:
        extra += ["--project-dir", str(project_dir)]
    if "--profiles-dir" not in args:
        extra += ["--profiles-dir", str(project_dir)]
    return [*args, *extra]


def _with_log_options(args: list[str]) -> list[str]:
    """``args`` with dbt's log in a file and none of it on the console (see the module docstring)."""
    extra: list[str] = []
    if not _has_option(args, "--log-path"):
        extra += ["--log-path", str(dbt_log_dir(args))]
    colours_chosen = _has_option(args, "--use-colors-file", "--no-use-colors-file")
    if not colours_chosen and not os.environ.get("DBT_USE_COLORS_FILE"):
        extra += ["--no-use-colors-file"]  # plain text to grep and page through
    if not _has_option(args, *_CONSOLE_OPTIONS) and not any(os.environ.get(name) for name in _CONSOLE_ENV):
        extra += ["--log-level", "none"]
        # an explicit --log-level also sets the file's level unless that is set too (dbt's flags)
        if not _has_option(args, "--log-level-file") and not os.environ.get("DBT_LOG_LEVEL_FILE"):
            extra += ["--log-level-file", "debug"]
    return [*args, *extra]


def _failure_message(args: list[str], result: dbtRunnerResult, log_file: Path) -> str:
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
    lines.append(f"  dbt log: {log_file}")
    return "\n".join(lines)


def run_dbt(args: list[str], uri: str | None = None) -> dbtRunnerResult:
    """Invoke dbt in-process with ``args`` (e.g. ``["build"]``) against the warehouse at ``uri``.

    ``--project-dir`` and ``--profiles-dir`` point at ``dbt_project/`` unless ``args`` sets them.
    dbt logs to :func:`dbt_log_file` and not to the console, unless ``args`` choose a console level
    (``--log-level info``, ``--quiet``, ``--debug``) or dbt's environment variables for them are set.
    Returns the dbtRunnerResult of a successful invocation; raises :class:`DbtRunError` otherwise.
    """
    from dbt.cli.main import dbtRunner

    args = list(args)
    log_file = dbt_log_file(args)
    full_args = _with_log_options(_with_project_dirs(args, DBT_PROJECT_DIR))
    log.info("dbt %s: log in %s", " ".join(args), log_file)
    with _environment(dbt_env(uri)):
        result = dbtRunner().invoke(full_args)
    if not result.success:
        raise DbtRunError(_failure_message(args, result, log_file), result, log_file)
    return result
