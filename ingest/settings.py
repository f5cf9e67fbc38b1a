"""Every ``BUDGETWH_*`` setting and every folder budgetwh writes, in one place.

Why one module: a setting read in several places drifts (one reader falls back to ``data/``, another
to the working directory), and a newcomer cannot find what can be configured. Each variable is
declared once in :data:`SETTINGS` with its default and meaning; the README's "Settings" table is
that list (a test compares them), and no other module reads a ``BUDGETWH_*`` variable from the
environment (a test greps for it).

Values are read when asked for, not at import: tests, ``budgetwh`` and Airflow tasks set the
environment after this module is imported. This module imports nothing heavy (the DAG file imports it
at parse time).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DAGS_FOLDER = PROJECT_ROOT / "dags"
READER_ROLE = "budgetwh_reader"  # the read-only role BI tools log in as (ingest/warehouse/reader_role.py)
READER_PASSWORD_ENV = "BUDGETWH_READER_PASSWORD"
OFFICE_TIMEOUT_ENV = "BUDGETWH_OFFICE_TIMEOUT"
DEFAULT_OFFICE_TIMEOUT = 120.0  # seconds; a 300-page .doc converts in well under a minute
RUN_WAIT_ENV = "BUDGETWH_RUN_WAIT"
RUN_STALE_AFTER_ENV = "BUDGETWH_RUN_STALE_AFTER"
DEFAULT_RUN_WAIT = 0.0  # seconds a run waits for another run of the same warehouse: none, it says so
DEFAULT_RUN_STALE_AFTER = 10800.0  # seconds without a heartbeat before a run is judged dead (the DAG's timeout)


@dataclass(frozen=True)
class ReadLimit:
    """A bound on reading one file (ingest/readers/bounded.py): its variable, default and what it bounds."""

    name: str
    default: int
    unit: str  # how a message names it: "seconds", "MB", "pages", ...
    meaning: str


# Each file is read in a child process under these limits; a file over one is named unreadable with
# the limit and its variable. The defaults are far above any published disclosure (the largest corpus
# PDF has 68 pages, the largest template sheet 3,000 rows) and far below what exhausts a worker.
READ_LIMITS: tuple[ReadLimit, ...] = (
    ReadLimit("BUDGETWH_READ_TIMEOUT", 300, "seconds", "seconds one file's reading may take before its "
              "process is stopped"),
    ReadLimit("BUDGETWH_READ_MEMORY_MB", 2048, "MB", "address space of the process reading a file "
              "(RLIMIT_AS, in MB)"),
    ReadLimit("BUDGETWH_READ_MAX_FILE_MB", 200, "MB", "size of one file, in MB"),
    ReadLimit("BUDGETWH_READ_MAX_PAGES", 1000, "pages", "pages of one PDF (counted from its page tree, "
              "before any page is read)"),
    ReadLimit("BUDGETWH_READ_MAX_ROWS", 200_000, "rows", "rows of one sheet of a workbook"),
    ReadLimit("BUDGETWH_READ_MAX_CELLS", 2_000_000, "cells", "cells of one workbook (all its sheets)"),
    ReadLimit("BUDGETWH_READ_MAX_UNZIPPED_MB", 80, "MB", "uncompressed size of the members of a .docx / "
              ".xlsx package (as declared in its ZIP directory), in MB"),
    ReadLimit("BUDGETWH_READ_MAX_ZIP_MEMBERS", 5000, "members", "members of a .docx / .xlsx package"),
    ReadLimit("BUDGETWH_INBOX_SETTLE_SECONDS", 2, "seconds", "the nightly run looks at each inbox file twice, "
              "this far apart; a file whose size or time changed is still being written and is left for the "
              "next run (0: look once)"),
)


@dataclass(frozen=True)
class Setting:
    """One environment variable: its name, its default as said to a person, and what it sets."""

    name: str
    default: str
    meaning: str


SETTINGS: tuple[Setting, ...] = (
    Setting("BUDGETWH_DATA_DIR", "`data/` in the project", "the data folder: embedded PostgreSQL (`pg/`), "
            "staging, artifacts, report, Airflow home and dbt logs live under it unless set one by one"),
    Setting("BUDGETWH_DSN", "(embedded server)", "a libpq URI of the warehouse server; unset, budgetwh starts "
            "its own PostgreSQL in `<data>/pg`"),
    Setting("AIRFLOW_CONN_BUDGETWH_WAREHOUSE", "(unset)", "the same, as an Airflow connection (used when "
            "`BUDGETWH_DSN` is unset)"),
    Setting("BUDGETWH_INBOX", "(none)", "the nightly run's inbox when the DAG param `inbox` is not given"),
    Setting("BUDGETWH_STAGING_DIR", "`<data>/staging`", "where parsed documents wait for the loader; a volume "
            "every worker shares when tasks run on several machines"),
    Setting("BUDGETWH_ARTIFACTS_DIR", "`<data>/artifacts`", "each run's artifacts (dbt docs site per load)"),
    Setting("BUDGETWH_GX_DOCS_DIR", "`<artifacts>/gx`", "Great Expectations Data Docs, one folder per load"),
    Setting("BUDGETWH_REPORT_DIR", "`<data>/report`", "where the nightly run writes the comparison report"),
    Setting("BUDGETWH_AIRFLOW_HOME", "`<data>/airflow`", "the Airflow home of in-process runs (`budgetwh run`)"),
    Setting(READER_PASSWORD_ENV, "(unset)", "password of the read-only role `budgetwh_reader`; "
            "`budgetwh serve` refuses to start without it"),
    Setting("BUDGETWH_USER", "the login name", "who waives a finding (`budgetwh waive --by`)"),
    Setting("BUDGETWH_ALERT_WEBHOOK", "(unset)", "POST each alert as JSON to this URL"),
    Setting("BUDGETWH_ALERT_EMAIL_TO", "(unset)", "e-mail each alert to these addresses (comma-separated)"),
    Setting("BUDGETWH_ALERT_EMAIL_FROM", "the SMTP connection's sender", "the alert e-mail's sender"),
    Setting("BUDGETWH_ALERT_SMTP_CONN_ID", "`smtp_default`", "the Airflow SMTP connection for alert e-mail"),
    Setting("BUDGETWH_ALERT_FILE", "(unset)", "append each alert as one JSON line to this file"),
    Setting("BUDGETWH_SHARED", "`../shared` beside the project", "the shared disclosures: the demo inbox copies "
            "the seed from it, the tests read the corpus"),
    Setting(OFFICE_TIMEOUT_ENV, f"`{DEFAULT_OFFICE_TIMEOUT:g}`", "seconds LibreOffice may take to convert one "
            "`.doc`, `.wps` or `.et` file before it is stopped and the file named unreadable"),
    Setting(RUN_WAIT_ENV, f"`{DEFAULT_RUN_WAIT:g}`", "seconds a nightly run waits while another run holds the "
            "warehouse (`budgetwh run` then exits with code 75, a scheduled run's `open_load` fails)"),
    Setting(RUN_STALE_AFTER_ENV, f"`{DEFAULT_RUN_STALE_AFTER:g}`", "seconds without a heartbeat after which "
            "another run's hold on the warehouse is judged dead and taken over (its load closed as interrupted)"),
    *(Setting(limit.name, f"`{limit.default}`",
              limit.meaning) for limit in READ_LIMITS),
)
_DECLARED = frozenset(s.name for s in SETTINGS)


def value(name: str, environ: Mapping[str, str] | None = None) -> str:
    """The declared variable ``name`` from ``environ`` (default: the process environment), stripped;
    empty when unset. Asking for an undeclared name is a programming error."""
    if name not in _DECLARED:
        raise KeyError(f"{name} is not a declared setting (ingest/settings.py SETTINGS)")
    return (os.environ if environ is None else environ).get(name, "").strip()


def _folder(name: str, default: Path) -> Path:
    return Path(value(name) or default).resolve()


def data_dir() -> Path:
    """The data folder: ``BUDGETWH_DATA_DIR`` or data/ in the project."""
    return _folder("BUDGETWH_DATA_DIR", PROJECT_ROOT / "data")


def warehouse_uri() -> str:
    """The configured warehouse server (``BUDGETWH_DSN``, else the Airflow connection), or "" for the
    embedded one."""
    return value("BUDGETWH_DSN") or value("AIRFLOW_CONN_BUDGETWH_WAREHOUSE")


def inbox() -> str:
    """The inbox folder of the nightly run when the DAG param is not given: ``BUDGETWH_INBOX``."""
    return value("BUDGETWH_INBOX")


def staging_dir() -> Path:
    """Where parsed documents wait for the loader: ``BUDGETWH_STAGING_DIR`` or data/staging."""
    return _folder("BUDGETWH_STAGING_DIR", data_dir() / "staging")


def artifacts_dir() -> Path:
    """Where a run's artifacts are kept: ``BUDGETWH_ARTIFACTS_DIR`` or data/artifacts."""
    return _folder("BUDGETWH_ARTIFACTS_DIR", data_dir() / "artifacts")


def gx_docs_dir() -> Path:
    """Where the Great Expectations Data Docs of all loads are: ``BUDGETWH_GX_DOCS_DIR`` or <artifacts>/gx."""
    return _folder("BUDGETWH_GX_DOCS_DIR", artifacts_dir() / "gx")


def dbt_docs_dir(load_id: str) -> Path:
    """``<artifacts>/dbt-docs/<load id>/`` (the id with anything but letters, digits, - _ . as _)."""
    return artifacts_dir() / "dbt-docs" / "".join(c if c.isalnum() or c in "-_." else "_" for c in load_id)


def report_dir() -> Path:
    """Where the nightly run writes the comparison report: ``BUDGETWH_REPORT_DIR`` or data/report."""
    return _folder("BUDGETWH_REPORT_DIR", data_dir() / "report")


def airflow_home() -> Path:
    """The Airflow home of in-process runs: ``BUDGETWH_AIRFLOW_HOME`` or data/airflow."""
    return _folder("BUDGETWH_AIRFLOW_HOME", data_dir() / "airflow")


def dbt_log_dir() -> Path:
    """Where dbt logs when nothing else says: <data dir>/dbt-logs."""
    return data_dir() / "dbt-logs"


def shared_dir() -> Path:
    """The shared disclosures (seed, corpus): ``BUDGETWH_SHARED`` or ../shared beside the project."""
    return _folder("BUDGETWH_SHARED", PROJECT_ROOT.parent / "shared")


def reader_password() -> str | None:
    """The read-only role's password from ``BUDGETWH_READER_PASSWORD`` (None when unset or empty)."""
    return value(READER_PASSWORD_ENV) or None


def office_timeout() -> float:
    """Seconds one LibreOffice conversion may take (``BUDGETWH_OFFICE_TIMEOUT``, default 120)."""
    text = value(OFFICE_TIMEOUT_ENV)
    if not text:
        return DEFAULT_OFFICE_TIMEOUT
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise ValueError(f"{OFFICE_TIMEOUT_ENV}={text!r}: expected a number of seconds above 0")
    return seconds


def read_limits(environ: Mapping[str, str] | None = None) -> dict[str, int]:
    """The read limits (:data:`READ_LIMITS`) by variable name, each its setting or its default; a value
    that is no whole number above 0 (or 0 where it means "off": the settle time) is refused, naming it."""
    limits = {}
    for limit in READ_LIMITS:
        text = value(limit.name, environ)
        try:
            number = int(text) if text else limit.default
        except ValueError:
            number = -1
        if number < 0 or (number == 0 and limit.name != "BUDGETWH_INBOX_SETTLE_SECONDS"):
            raise ValueError(f"{limit.name}={text!r}: expected a whole number of {limit.unit} above 0")
        limits[limit.name] = number
    return limits


def _seconds(name: str, default: float, *, zero: bool) -> float:
    text = value(name)
    if not text:
        return default
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if seconds < 0 or (seconds == 0 and not zero):
        raise ValueError(f"{name}={text!r}: expected a number of seconds" + (" (0 or more)" if zero else " above 0"))
    return seconds


def run_wait() -> float:
    """Seconds a run waits for another run of the same warehouse (``BUDGETWH_RUN_WAIT``, default 0)."""
    return _seconds(RUN_WAIT_ENV, DEFAULT_RUN_WAIT, zero=True)


def run_stale_after() -> float:
    """Seconds without a heartbeat before a run's hold is judged dead (``BUDGETWH_RUN_STALE_AFTER``)."""
    return _seconds(RUN_STALE_AFTER_ENV, DEFAULT_RUN_STALE_AFTER, zero=False)


def settings_table() -> str:
    """The README's table of settings, made from :data:`SETTINGS`."""
    lines = ["| variable | default | what it sets |", "|---|---|---|"]
    lines += [f"| `{s.name}` | {s.default} | {s.meaning} |" for s in SETTINGS]
    return "\n".join(lines)
