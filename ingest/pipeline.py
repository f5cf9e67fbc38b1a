"""The nightly pipeline's steps, one function per task of the ``budget_nightly`` DAG (dags/).

discover → open a load → parse (one task per group of files: usually one file, both halves of a
two-file document) → pair halves found by content and read them together → load raw → validate
(GX) → dbt build → validate marts → summary. Each function is the whole body of one Airflow task, so the DAG file only
wires them (style guide §3), and each is idempotent:

* ``parse_group`` writes each parsed document's contract JSON to a staging folder keyed by its id (a
  hash of its files' contents and the reader version); running it again rewrites the same file. Tasks pass each
  other small values (paths, hashes, statuses), never documents, so XComs stay small under any
  executor. The staging folder is the only local state: ``BUDGETWH_STAGING_DIR`` must point at a
  volume every worker shares when tasks run on different machines.
* ``load_raw`` writes each document once (ingest/load.py: one transaction per document, keyed by
  its id); the same files again are ``already_loaded``. Its audit lines are upserts keyed by
  (load id, file path), and the load id comes from the DAG run, so a retried task rewrites them.
* ``validate`` decides each document once, like it is loaded once: only documents without a
  decision are validated, so the same inbox again adds no finding, no decision and no mart row;
  ``build_marts`` rebuilds the marts from raw + audit; ``validate_marts`` only reads.

A file that cannot be read never stops the others: the reader's ``UnreadableFile`` becomes an
``unreadable`` line in audit.load_file naming the file and the reason, a reader crash a ``failed``
line with the exception, and a parse task that died without reporting is recorded as ``failed`` by
``load_raw`` from the list of discovered files.

Heavy modules (psycopg, Great Expectations, dbt) are imported inside the functions that use them:
the DAG file imports this module's name only inside its tasks, and ``discover`` must stay cheap.
"""

from __future__ import annotations

import hashlib
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ingest import READER_VERSION
from ingest.warehouse import data_dir

log = logging.getLogger(__name__)

INBOX_SUFFIXES = (".txt", ".pdf", ".docx", ".xlsx", ".xls", ".html", ".jsp")
STANDARD_KINDS = (
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "general_budget",
    "basic_expenditure",
    "government_fund",
    "state_capital",
    "three_public",
)
FILE_STATUSES = ("loaded", "already_loaded", "rejected", "unreadable", "failed")


class PipelineError(RuntimeError):
    """A step that cannot do its job (no inbox, no load, a mart that disagrees with raw)."""


# --- configuration ------------------------------------------------------------------------------


def inbox_from_env() -> str:
    """The inbox folder of the nightly run when the DAG param is not given: ``BUDGETWH_INBOX``."""
    return os.environ.get("BUDGETWH_INBOX", "")


def staging_dir() -> Path:
    """Where parsed documents wait for the loader: ``BUDGETWH_STAGING_DIR`` or data/staging."""
    return Path(os.environ.get("BUDGETWH_STAGING_DIR") or data_dir() / "staging").resolve()


def report_dir() -> Path:
    """Where the nightly run writes the comparison report: ``BUDGETWH_REPORT_DIR`` or data/report."""
    return Path(os.environ.get("BUDGETWH_REPORT_DIR") or data_dir() / "report").resolve()


def gx_docs_dir() -> Path:
    """Where the Great Expectations Data Docs are built: ``BUDGETWH_GX_DOCS_DIR`` or <artifacts>/gx;
    one folder per load, and index.html naming every load's rules (ingest/data_docs.py)."""
    from ingest.data_docs import docs_root

    return docs_root()


def load_id_for_run(run_id: str) -> str:
    """A load id derived from the Airflow run id, so a retried task writes to the same load."""
    safe = "".join(c if c.isalnum() or c in "-_.:+" else "_" for c in run_id)
    return f"airflow:{safe}"


# --- discover ---------------------------------------------------------------------------------


def discover(inbox: Path | str) -> list[str]:
    """The disclosure files in ``inbox`` (not recursive), as absolute paths, sorted by name.

    Only the formats budgetwh reads or recognises are listed (.txt .pdf .docx .xlsx .xls .html
    .jsp), and pairing manifests (``<stem>.manifest.json``, docs/pairing.md); hidden files and
    anything else are logged and left alone.
    """
    from ingest.pairing import is_manifest

    if not str(inbox).strip():
        raise PipelineError("no inbox given: set the DAG param `inbox` or BUDGETWH_INBOX")
    folder = Path(inbox).expanduser()
    if not folder.is_dir():
        raise PipelineError(f"inbox {folder} is not a folder")
    found, ignored = [], []
    for path in sorted(folder.iterdir(), key=lambda p: p.name):
        if not path.is_file() or path.name.startswith("."):
            continue
        (found if path.suffix.lower() in INBOX_SUFFIXES or is_manifest(path) else ignored).append(path)
    if ignored:
        log.info("inbox %s: ignoring %d file(s) of other types: %s", folder, len(ignored),
                 ", ".join(p.name for p in ignored))
    return [str(p.resolve()) for p in found]


def discover_groups(inbox: Path | str) -> list[dict[str, Any]]:
    """The inbox's files in reading groups, one parse task each (ingest/pairing.py ``inbox_groups``):
    a manifest with its files, ``<stem>_narrative`` + ``<stem>_tables``, else one file.

    Each group is ``{"label": "a_narrative.pdf + a_tables.pdf", "how": "name", "paths": [...]}``,
    small enough for an XCom; grouping reads no disclosure, so this task stays cheap.
    """
    from ingest.pairing import inbox_groups

    groups = inbox_groups([Path(p) for p in discover(inbox)])
    return [_as_task_input(g) for g in groups]


def _as_task_input(group) -> dict[str, Any]:
    """A pairing.Group as a mapped parse task's input (an XCom): its label names its files."""
    return {"label": " + ".join(f.name for f in group.files), "how": group.how,
            "paths": [str(f) for f in group.files]}


def group_files(groups: Sequence[dict[str, Any]]) -> list[str]:
    """Every disclosure file of the groups (manifests are instructions, not files to record)."""
    from ingest.pairing import is_manifest

    return [path for g in groups for path in g["paths"] if not is_manifest(Path(path))]


# --- open a load -------------------------------------------------------------------------------


def open_load(inbox: str, load_id: str | None = None) -> str:
    """Create the raw and audit schemas when missing and open a load in audit.load."""
    from ingest import warehouse
    from ingest.load import ensure_schema, start_load

    uri = warehouse.dsn()
    ensure_schema(uri)
    with warehouse.connect(uri) as conn:
        return start_load(conn, inbox or None, load_id=load_id)


# --- parse ------------------------------------------------------------------------------------


def _sha256(path: Path) -> str | None:
    try:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()
    except OSError:
        return None


def staged_path(document_id: str, folder: Path | None = None) -> Path:
    """The staging file of a document's reading: <staging>/<reader version>/<document id>.json
    (the id is a hash of the files' contents and the reader version: the same files, the same file)."""
    return (folder or staging_dir()) / READER_VERSION / f"{document_id}.json"


def _record(paths: Sequence[Path], sha256s: dict[str, str] | None = None, **fields: Any) -> dict[str, Any]:
    """A parse record (see :func:`parse_group`) with every field present. ``sha256s``: the hashes
    the reader computed, by file name (a file read once is hashed once); else each file is hashed."""
    known = sha256s or {}
    record: dict[str, Any] = {
        "paths": [str(p) for p in paths],
        "files": [{"path": str(p), "file_name": p.name, "sha256": known.get(p.name) or _sha256(p)} for p in paths],
        "status": None, "staged": None, "document_id": None, "department": None, "year": None,
        "phase": None, "scope": None, "has_tables": False, "has_narrative": False, "error": None,
        "parse_seconds": None,
    }
    record.update(fields)
    return record


def _stage(doc, staging: Path | None) -> str:
    target = staged_path(doc.document.id, staging)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(doc.model_dump_json(), encoding="utf-8")
    os.replace(temporary, target)  # atomic: a reader never sees half a file
    return str(target)


def parse_group(paths: Sequence[str], staging: Path | None = None) -> list[dict[str, Any]]:
    """Read one group of files (:func:`discover_groups`) into its documents and stage each one's
    contract JSON; return one small record per document for the loader.

    Usually a group is one file and gives one document; two halves give one document over both
    files, or two when reading shows they are not halves of one (ingest/parse.py ``parse_paths``).
    A record: ``paths`` and ``files`` (path, file_name, sha256 of each file of the document),
    ``status`` (parsed | rejected | unreadable | failed), ``staged`` (the JSON's path, when parsed or
    rejected), ``document_id``, ``department``, ``year``, ``phase``, ``scope``, ``has_tables`` and
    ``has_narrative`` (what :func:`pair_halves` needs), ``error`` (why a file is rejected,
    unreadable or failed, naming the file) and ``parse_seconds`` (the group's reading). Never
    raises for a bad file: the rest of the inbox goes on.
    """
    return _read_group(paths, staging)


def _read_group(paths: Sequence[str], staging: Path | None) -> list[dict[str, Any]]:
    from ingest import vocabulary
    from ingest.parse import parse_paths

    started = time.perf_counter()
    files = [Path(p) for p in paths]
    by_name = {f.name: f for f in files}
    try:
        documents = parse_paths(files)
    except Exception as exc:  # noqa: BLE001 - a reader bug must not stop the inbox; it is recorded
        log.exception("reader failed on %s", ", ".join(map(str, files)))
        names = " + ".join(f.name for f in files)
        return [_record(files, status="failed", error=f"{names}: reader error: {type(exc).__name__}: {exc}",
                        parse_seconds=round(time.perf_counter() - started, 3))]
    seconds = round(time.perf_counter() - started, 3)
    records = []
    for doc in documents:
        meta = doc.document
        doc_files = [by_name.get(s.name, files[0].parent / s.name) for s in meta.source_files]
        names = " + ".join(f.name for f in doc_files)
        reason = meta.reason or ""
        if meta.status == "rejected" and reason.startswith("unreadable: "):
            records.append(_record(doc_files, status="unreadable", parse_seconds=seconds,
                                   error=f"{names}: cannot be read: {reason.removeprefix('unreadable: ')}"))
            continue
        record = _record(
            doc_files, {f.name: f.sha256 for f in meta.source_files},
            status=meta.status, staged=_stage(doc, staging), document_id=meta.id,
            department=meta.department, year=meta.year, phase=meta.phase, scope=meta.scope,
            has_tables=meta.status == "parsed" and any(t.kind in vocabulary.STANDARD_KINDS for t in doc.tables),
            has_narrative=bool(doc.narrative), parse_seconds=seconds,
            error=f"{names}: rejected: {reason}" if meta.status == "rejected" else None,
        )
        records.append(record)
    return records


def pair_halves(parsed: Sequence[Sequence[dict[str, Any]] | None] | None) -> list[dict[str, Any]]:
    """Groups of files to read again together: halves of one document that only their content
    pairs (the same department, year, phase and scope; ingest/pairing.py step 2), found among the
    documents of single files that :func:`parse_group` read. Empty when there are none (then the
    mapped ``parse_pair`` task has nothing to do and is skipped)."""
    from ingest.pairing import FileFacts, pair

    facts = [
        FileFacts(path=Path(r["paths"][0]), has_tables=r["has_tables"], has_narrative=r["has_narrative"],
                  department=r["department"], year=r["year"], phase=r["phase"], scope=r["scope"])
        for r in _flatten(parsed)
        if r["status"] == "parsed" and len(r["paths"]) == 1
    ]
    return [_as_task_input(g) for g in pair(facts) if len(g.files) > 1]


def parse_pair(paths: Sequence[str], staging: Path | None = None) -> list[dict[str, Any]]:
    """Read again, together, two halves :func:`pair_halves` found: :func:`parse_group` under its
    own name, so a run's progress counts each file once (ingest/progress.py)."""
    return _read_group(paths, staging)


def _flatten(records: Sequence[Any] | None) -> list[dict[str, Any]]:
    """Mapped parse tasks return a list of records each; a task that died returns nothing.

    Airflow hands over the mapped results as a lazy sequence: one slice fetches them all (iterating
    would fetch one by one, and log an error when it runs past the end)."""
    out: list[dict[str, Any]] = []
    for item in (records or [])[:]:
        if isinstance(item, dict):
            out.append(item)
        elif item:
            out.extend(r for r in item if r)
    return out


# --- load raw ----------------------------------------------------------------------------------


def _file_counts(doc, file_name: str) -> dict[str, int]:
    """Tables, rows and cells of one file of a document (a narrative half has none)."""
    tables = [t for t in doc.tables if t.file == file_name]
    return {"tables": len(tables), "rows": sum(len(t.rows) for t in tables),
            "cells": sum(len(r.texts) or len(r.values) for t in tables for r in t.rows)}


def _load_one(conn, record: dict[str, Any], load_id: str) -> list[dict[str, Any]]:
    """Load one staged document and write the audit line of each of its files; returns the files'
    outcomes for the summary."""
    from ingest.load import load_document, record_file
    from ingest.model import Document

    status = record.get("status")

    def outcomes(final: str, error: str | None, document_id: str | None) -> list[dict[str, Any]]:
        return [{"file_name": f["file_name"], "path": f["path"], "status": final, "document_id": document_id,
                 "error": error} for f in record["files"]]

    if status not in ("parsed", "rejected"):
        for f in record["files"]:
            record_file(conn, load_id, f["path"], f["sha256"], None, status or "failed",
                        parse_seconds=record.get("parse_seconds"), error=record.get("error"))
        return outcomes(status or "failed", record.get("error"), None)
    started = time.perf_counter()
    try:
        doc = Document.model_validate_json(Path(record["staged"]).read_text(encoding="utf-8"))
        loaded = load_document(conn, doc, load_id)
    except Exception as exc:  # noqa: BLE001 - one document's failure is recorded; the others load
        log.exception("loading %s failed", record["paths"])
        names = " + ".join(f["file_name"] for f in record["files"])
        error = f"{names}: load error: {type(exc).__name__}: {exc}"
        for f in record["files"]:
            record_file(conn, load_id, f["path"], f["sha256"], record.get("document_id"), "failed",
                        parse_seconds=record.get("parse_seconds"), error=error)
        return outcomes("failed", error, record.get("document_id"))
    final = "rejected" if doc.document.status == "rejected" else loaded
    seconds = round(time.perf_counter() - started, 3)
    for f in record["files"]:
        record_file(conn, load_id, f["path"], f["sha256"], doc.document.id, final, _file_counts(doc, f["file_name"]),
                    parse_seconds=record.get("parse_seconds"), load_seconds=seconds, error=record.get("error"))
    return outcomes(final, record.get("error"), doc.document.id)


def load_raw(parsed: Sequence[Any] | None, load_id: str | None,
             discovered: Sequence[dict[str, Any]] | None = (),
             paired: Sequence[Any] | None = ()) -> dict[str, Any]:
    """Load every staged document into ``raw`` and record every file in audit.load_file.

    ``parsed`` are the records of the mapped :func:`parse_group` tasks (a list per task; a task
    that failed leaves none: every file of ``discovered`` — the groups of :func:`discover_groups`,
    None only when the discover task failed, which fails this step too — without a record is
    written as ``failed``). ``paired`` are the records of reading content-paired halves together
    (:func:`pair_halves`): each replaces the two single-file documents it was made of, which are
    not loaded. Returns the load's counts and, per file, its status; ``document_ids`` are the parsed
    documents of this load (loaded now or already before), which :func:`validate` decides on.
    """
    from ingest import warehouse
    from ingest.load import ensure_schema, finish_load, record_file

    if not load_id:
        raise PipelineError("no load id: the open_load step failed")
    if discovered is None:
        raise PipelineError("no list of files: the discover step failed")
    pairs = _flatten(paired)
    superseded = {path for r in pairs if len(r["paths"]) > 1 for path in r["paths"]}
    records = [r for r in _flatten(parsed) if not (len(r["paths"]) == 1 and r["paths"][0] in superseded)]
    records = sorted(records + pairs, key=lambda r: r["paths"])
    uri = warehouse.dsn()
    ensure_schema(uri)
    files = []
    with warehouse.connect(uri) as conn:
        for record in records:
            files.extend(_load_one(conn, record, load_id))
        reported = {path for r in records for path in r["paths"]}
        for path in group_files(discovered or []):
            if path not in reported:
                error = f"{Path(path).name}: the parse task failed before reporting (see its Airflow log)"
                record_file(conn, load_id, path, _sha256(Path(path)), None, "failed", error=error)
                files.append({"file_name": Path(path).name, "path": path, "status": "failed",
                              "document_id": None, "error": error})
        totals = finish_load(conn, load_id)
    document_ids = sorted({f["document_id"] for f in files if f["status"] in ("loaded", "already_loaded")})
    return {"load_id": load_id, **totals, "files": files, "document_ids": document_ids}


# --- validate ----------------------------------------------------------------------------------


def _latest_decisions(conn, document_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Each document's latest decision (from whichever load decided it), with its department and files."""
    if not document_ids:
        return []
    rows = conn.execute(
        """select s.document_id, s.status, s.errors, s.warnings, s.load_id, d.department, d.year,
                  (select string_agg(f.file_name, ', ' order by f.file_name)
                     from raw.source_file f where f.document_id = s.document_id)
           from (select distinct on (document_id) document_id, status, errors, warnings, load_id
                 from audit.document_status where document_id = any(%s)
                 order by document_id, decided_at desc, load_id desc) s
           left join raw.document d on d.document_id = s.document_id
           order by d.department nulls last, d.year, s.document_id""",
        (list(document_ids),),
    ).fetchall()
    keys = ("document_id", "status", "errors", "warnings", "decided_in_load", "department", "year", "files")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def _undecided(conn, document_ids: Sequence[str]) -> list[str]:
    decided = conn.execute(
        "select distinct document_id from audit.document_status where document_id = any(%s)", (list(document_ids),)
    ).fetchall()
    return sorted(set(document_ids) - {r[0] for r in decided})


def validate(load_summary: dict[str, Any]) -> dict[str, Any]:
    """Run the expectation suites on this load's documents that have no decision yet.

    A document is decided once, like it is loaded once: the same files again change neither raw,
    nor the audit's findings and decisions, nor the marts. A document loaded earlier whose
    validation never ran (a crash between the two steps) is decided now. The decisions are written
    by expectations.run (audit.finding, audit.document_status); this returns the latest decision of
    every document of the load, as read back from the audit, and where the GX data docs are: the
    load's own site (``<gx docs>/<load id>/index.html``, None when no document needed validating).
    """
    from ingest import data_docs, warehouse

    load_id = load_summary["load_id"]
    document_ids = list(load_summary.get("document_ids") or [])
    with warehouse.connect() as conn:
        undecided = _undecided(conn, document_ids) if document_ids else []
    if undecided:
        from expectations.run import validate_documents

        result = validate_documents(warehouse.dsn(), undecided, load_id, docs_dir=data_docs.load_folder(load_id))
        data_docs.record(load_id, result.expectations, result.statuses)
    docs_index = data_docs.load_index(load_id)
    with warehouse.connect() as conn:
        decisions = _latest_decisions(conn, document_ids)
    return {
        "load_id": load_id,
        "documents": len(document_ids),
        "validated_now": len(undecided),
        "accepted": sum(d["status"] == "accepted" for d in decisions),
        "quarantined": sum(d["status"] == "quarantined" for d in decisions),
        "warned": sum(d["status"] == "accepted" and d["warnings"] > 0 for d in decisions),
        "gx_data_docs": str(docs_index) if docs_index else None,
    }


# --- marts -------------------------------------------------------------------------------------


def build_marts(load_id: str | None = None) -> dict[str, Any]:
    """``dbt build`` of the whole project (staging → marts, with tests), in-process; then the docs
    site (``dbt docs generate``) kept with the run's artifacts (:func:`publish_dbt_docs`), and the
    read-only role ``budgetwh_reader`` granted on the marts just built (ingest/reader_role.py).

    ``load_id`` names the artifacts folder; by default the newest load in audit.load, which is this
    run's (the DAG runs one load at a time and opens it before this step).
    """
    from ingest.dbt_runner import dbt_log_file, run_dbt
    from ingest.reader_role import grant_reader_access

    started = time.perf_counter()
    result = run_dbt(["build"])
    statuses: dict[str, int] = {}
    for node in getattr(result.result, "results", None) or []:
        status = str(getattr(node.status, "value", node.status))
        statuses[status] = statuses.get(status, 0) + 1
    docs = publish_dbt_docs(load_id or _latest_load_id())
    reader = grant_reader_access()
    return {"command": "dbt build", "nodes": sum(statuses.values()), "statuses": statuses,
            "seconds": round(time.perf_counter() - started, 1), "dbt_docs": str(docs), "dbt_log": str(dbt_log_file()),
            "reader_role": reader["role"], "reader_login": reader["login"]}


def artifacts_dir() -> Path:
    """Where a run's artifacts are kept: ``BUDGETWH_ARTIFACTS_DIR`` or data/artifacts."""
    return Path(os.environ.get("BUDGETWH_ARTIFACTS_DIR") or data_dir() / "artifacts").resolve()


def dbt_docs_dir(load_id: str) -> Path:
    """``<artifacts>/dbt-docs/<load id>/`` (the id with anything but letters, digits, - _ . as _)."""
    return artifacts_dir() / "dbt-docs" / "".join(c if c.isalnum() or c in "-_." else "_" for c in load_id)


def _latest_load_id() -> str:
    from ingest import warehouse

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

    from ingest.dbt_runner import DBT_PROJECT_DIR, run_dbt

    target = DBT_PROJECT_DIR / "target"
    folder = dbt_docs_dir(load_id)
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("manifest.json", "run_results.json"):  # the build's, before docs generate rewrites them
        shutil.copyfile(target / name, folder / name)
    run_dbt(["docs", "generate", "--no-compile", "--static"])
    for name in ("index.html", "static_index.html", "catalog.json"):
        shutil.copyfile(target / name, folder / name)
    return folder / "index.html"


# Each check returns offending rows; an empty result passes. They compare the marts with the
# layers they come from, so a mart that silently drops, duplicates or changes a cell is caught.
MART_CHECKS: dict[str, tuple[str, str]] = {
    "fact_cells_match_raw": (
        "every published document's fct_budget_line has exactly its raw standard-table cells, "
        "same count and same sum of 元",
        """with fact as (
               select document_id, count(*) as cells, coalesce(sum(amount_yuan), 0) as amount
               from marts.fct_budget_line group by document_id),
           source as (
               select c.document_id, count(*) as cells, coalesce(sum(c.amount), 0) as amount
               from raw.table_cell c
               join raw.disclosure_table t using (document_id, table_index)
               where t.kind = any(%(kinds)s)
               group by c.document_id)
           select fact.document_id, fact.cells as mart_cells, source.cells as raw_cells,
                  fact.amount as mart_amount, source.amount as raw_amount
           from fact left join source using (document_id)
           where source.document_id is null or fact.cells <> source.cells or fact.amount <> source.amount""",
    ),
    "no_quarantined_document_in_marts": (
        "no document whose latest decision is quarantined (or that has no decision) is in the marts",
        """with latest as (
               select distinct on (document_id) document_id, status
               from audit.document_status order by document_id, decided_at desc, load_id desc)
           select f.document_id, coalesce(latest.status, 'undecided') as status
           from (select distinct document_id from marts.fct_budget_line) f
           left join latest using (document_id)
           where latest.status is distinct from 'accepted'""",
    ),
    "accepted_documents_published": (
        "every document key whose newest accepted version exists is published with that version",
        """with latest as (
               select distinct on (document_id) document_id, status
               from audit.document_status order by document_id, decided_at desc, load_id desc),
           accepted as (
               select distinct on (d.document_key) d.document_key, d.document_id
               from raw.document d join latest using (document_id)
               where latest.status = 'accepted' and d.status = 'parsed' and d.document_key is not null
               order by d.document_key, d.loaded_at desc, d.reader_version desc, d.document_id desc),
           published as (select distinct document_id from marts.fct_budget_line)
           select accepted.document_key, accepted.document_id
           from accepted left join published using (document_id)
           where published.document_id is null""",
    ),
    "expenditure_total_matches_figure": (
        "each published document's summary 支出总计 in the marts equals its parsed expenditure_total",
        """select d.document_id, d.figures ->> 'expenditure_total' as figure, f.amount_yuan as mart_amount
           from raw.document d
           join marts.fct_budget_line f on f.document_id = d.document_id
           where f.table_kind = 'summary' and f.flow = 'expenditure' and f.line_key = 'grand_total'
             and d.figures ->> 'expenditure_total' is not null
             and f.amount_yuan is distinct from (d.figures ->> 'expenditure_total')::numeric""",
    ),
}


def validate_marts() -> dict[str, Any]:
    """Cheap consistency checks of the marts against raw and audit (see MART_CHECKS).

    Returns each check's result; raises :class:`PipelineError` naming every failing check and its
    first offending rows, so a mart that disagrees with its sources fails the task.
    """
    from ingest import warehouse

    results = []
    with warehouse.connect() as conn:
        published = conn.execute("select count(distinct document_id) from marts.fct_budget_line").fetchone()[0]
        for name, (description, sql) in MART_CHECKS.items():
            cursor = conn.execute(sql, {"kinds": list(STANDARD_KINDS)})
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


# --- summary -----------------------------------------------------------------------------------


def _mart_tables(conn) -> list[str]:
    rows = conn.execute(
        "select table_schema || '.' || table_name from information_schema.tables "
        "where table_schema = 'marts' order by table_name"
    ).fetchall()
    return [r[0] for r in rows]


def _error_findings(conn, decisions: Sequence[dict[str, Any]], limit: int = 3) -> dict[str, list[str]]:
    """The first error findings of each quarantined document, from the load that decided it."""
    pairs = [(d["document_id"], d["decided_in_load"]) for d in decisions if d["status"] == "quarantined"]
    out: dict[str, list[str]] = {}
    for document_id, load_id in pairs:
        rows = conn.execute(
            """select rule, message from audit.finding
               where load_id = %s and document_id = %s and severity = 'error'
               order by rule, finding_id limit %s""",
            (load_id, document_id, limit),
        ).fetchall()
        out[document_id] = [f"{rule}: {message}" for rule, message in rows]
    return out


def _redacted(uri: str) -> str:
    from urllib.parse import urlparse

    parts = urlparse(uri)
    if parts.password:
        return uri.replace(f":{parts.password}@", ":***@", 1)
    return uri


def summarise(
    load_id: str | None,
    load: dict[str, Any] | None = None,
    validation: dict[str, Any] | None = None,
    marts: dict[str, Any] | None = None,
    mart_checks: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """What this run did, read back from the audit tables: files by status, documents accepted,
    warned and quarantined (with their first error findings), the steps that failed, the DSN, the
    mart tables and where the GX data docs are. A step whose result is None did not succeed."""
    from ingest import warehouse

    steps = {"load_raw": load, "validate": validation, "build_marts": marts, "validate_marts": mart_checks}
    failed_steps = [name for name, result in steps.items() if result is None]
    from ingest import data_docs

    uri = warehouse.dsn()
    docs_index = data_docs.load_index(load_id) if load_id else None  # None: no document validated now
    summary: dict[str, Any] = {"load_id": load_id, "dsn": _redacted(uri), "failed_steps": failed_steps,
                               "gx_data_docs": str(docs_index) if docs_index else None,
                               "gx_docs_index": str(gx_docs_dir() / "index.html"), "files": [], "documents": []}
    if not load_id:
        summary["state"] = "failed"
        return summary
    with warehouse.connect(uri) as conn:
        files = conn.execute(
            """select file_name, status, document_id, error from audit.load_file
               where load_id = %s order by file_name""",
            (load_id,),
        ).fetchall()
        summary["files"] = [dict(zip(("file_name", "status", "document_id", "error"), f, strict=True)) for f in files]
        document_ids = sorted({f["document_id"] for f in summary["files"]
                               if f["document_id"] and f["status"] in ("loaded", "already_loaded")})
        documents = _latest_decisions(conn, document_ids)
        reasons = _error_findings(conn, documents)
        for document in documents:
            document["reasons"] = reasons.get(document["document_id"], [])
            document["decided_now"] = document["decided_in_load"] == load_id
        summary["documents"] = documents
        summary["undecided"] = len(set(document_ids) - {d["document_id"] for d in documents})
        summary["mart_tables"] = _mart_tables(conn)
    for status in FILE_STATUSES:
        summary[status] = sum(f["status"] == status for f in summary["files"])
    summary["accepted"] = sum(d["status"] == "accepted" for d in documents)
    summary["quarantined"] = sum(d["status"] == "quarantined" for d in documents)
    summary["warned"] = sum(d["status"] == "accepted" and d["warnings"] > 0 for d in documents)
    if mart_checks:
        summary["published_documents"] = mart_checks.get("published_documents")
    if marts:
        summary["dbt_log"] = marts.get("dbt_log")  # where dbt logged, wherever the task ran
    summary["state"] = "failed" if failed_steps else "success"
    return summary


def raise_for_failed_steps(summary: dict[str, Any]) -> dict[str, Any]:
    """Fail the run when a step failed (the summary itself runs whatever happened upstream).

    Without this the run would count as a success, because its last task — the summary, which runs
    on ALL_DONE so that one bad file never hides the report — succeeded.
    """
    if summary.get("failed_steps"):
        raise PipelineError(f"steps failed: {', '.join(summary['failed_steps'])} (see their task logs)")
    return {"state": summary.get("state"), "load_id": summary.get("load_id")}


# --- report ------------------------------------------------------------------------------------


def build_report(summary: dict[str, Any] | None = None) -> dict[str, Any]:
    """The comparison report of the marts (ingest/report/): HTML, CSV and XLSX in :func:`report_dir`.

    ``summary`` (the summarise task's result) gives the report its overview of this run's load.
    Returns the paths written, as strings.
    """
    from ingest.report import build_report as write_report

    gx_docs = (summary or {}).get("gx_data_docs")  # this load's GX site; else the index of every load
    return write_report(report_dir(), load=summary, gx_dir=Path(gx_docs).parent if gx_docs else gx_docs_dir()).as_dict()
