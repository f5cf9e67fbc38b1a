"""Stage 5: ``dbt build`` of the marts, the dbt docs site of the run, and the mart checks.

The mart checks (``mart_checks/*.sql``, one file each) compare the marts with raw and audit where
no dbt test does: dbt's own tests (dbt_project/tests/) already prove that the fact carries every
raw cell and that no quarantined document is published, and run inside ``dbt build``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from ingest.errors import PipelineError
from ingest.settings import dbt_docs_dir

MART_CHECKS_DIR = Path(__file__).with_name("mart_checks")


def build_marts(load_id: str | None = None) -> dict[str, Any]:
    """``dbt build`` of the whole project (staging → marts, with tests), in-process; then the docs
    site (``dbt docs generate``) kept with the run's artifacts (:func:`publish_dbt_docs`), and the
    read-only role ``budgetwh_reader`` granted on the marts just built (ingest/warehouse/reader_role.py).

    ``load_id`` names the artifacts folder; by default the newest load in audit.load, which is this
    run's (the DAG runs one load at a time and opens it before this step).
    """
    from ingest.pipeline import run_lock
    from ingest.warehouse.dbt_runner import dbt_log_file, run_dbt
    from ingest.warehouse.reader_role import grant_reader_access

    started = time.perf_counter()
    run_lock.heartbeat(load_id or latest_load_id())
    with run_lock.exclusive("dbt_build"):  # one dbt build per warehouse, whatever else runs
        result = run_dbt(["build"])
    statuses: dict[str, int] = {}
    for node in getattr(result.result, "results", None) or []:
        status = str(getattr(node.status, "value", node.status))
        statuses[status] = statuses.get(status, 0) + 1
    docs = publish_dbt_docs(load_id or latest_load_id())
    reader = grant_reader_access()
    return {"command": "dbt build", "nodes": sum(statuses.values()), "statuses": statuses,
            "seconds": round(time.perf_counter() - started, 1), "dbt_docs": str(docs), "dbt_log": str(dbt_log_file()),
            "reader_role": reader["role"], "reader_login": reader["login"]}


def latest_load_id() -> str:
    from ingest.warehouse import connection as warehouse

    with warehouse.connect() as conn:
        row = conn.execute("select load_id from audit.load order by started_at desc, load_id desc limit 1").fetchone()
    return row[0] if row else "no-load"


def publish_dbt_docs(load_id: str) -> Path:
    """``dbt docs generate`` right after the build and a copy of the site in
    ``<artifacts>/dbt-docs/<load id>/``: index.html with the build's manifest.json (compiled SQL
    included) and run_results.json, the fresh catalog.json (the columns and types of the marts just
    built), and static_index.html, one file that opens from disk. ``--no-compile``: the build has just
    compiled every node, so the catalog is all that is left to read (a third of the time).
    Returns the folder's index.html."""
    import shutil

    from ingest.warehouse.dbt_runner import DBT_PROJECT_DIR, run_dbt

    target = DBT_PROJECT_DIR / "target"
    folder = dbt_docs_dir(load_id)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("manifest.json", "run_results.json"):  # the build's, before docs generate rewrites them
        shutil.copyfile(target / name, folder / name)
    run_dbt(["docs", "generate", "--no-compile", "--static"])
    for name in ("index.html", "static_index.html", "catalog.json"):
        shutil.copyfile(target / name, folder / name)
    return folder / "index.html"


def mart_checks() -> dict[str, tuple[str, str]]:
    """Each check of ``mart_checks/``: name → (description, SQL). The description is the file's first
    comment line; a check returns offending rows, and an empty result passes."""
    checks = {}
    for path in sorted(MART_CHECKS_DIR.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        checks[path.stem] = (sql.splitlines()[0].removeprefix("-- ").strip(), sql)
    return checks


def validate_marts() -> dict[str, Any]:
    """Cheap consistency checks of the marts against raw and audit (:func:`mart_checks`).

    Returns each check's result; raises :class:`PipelineError` naming every failing check and its
    first offending rows, so a mart that disagrees with its sources fails the task.
    """
    from ingest.warehouse import connection as warehouse

    results = []
    with warehouse.connect() as conn:
        published = conn.execute("select count(distinct document_id) from marts.fct_budget_line").fetchone()[0]
        for name, (description, sql) in mart_checks().items():
            cursor = conn.execute(sql)
            columns = [c.name for c in cursor.description or []]
            rows = [dict(zip(columns, map(_plain, row), strict=True)) for row in cursor.fetchall()]
            results.append({"check": name, "description": description, "passed": not rows, "failures": rows[:5],
                            "failure_count": len(rows)})
    failed = [r for r in results if not r["passed"]]
    if failed:
        lines = [f"{r['check']}: {r['failure_count']} offending row(s), e.g. {r['failures'][:2]}" for r in failed]
        raise PipelineError("mart checks failed:\n  " + "\n  ".join(lines))
    return {"published_documents": published, "checks": results}


def _plain(value: Any) -> Any:
    """Database values → JSON-friendly XCom values (Decimal → str)."""
    from decimal import Decimal

    return str(value) if isinstance(value, Decimal) else value
