"""Validate loaded documents: run the rule suites, record every finding, decide the quarantine.

Called after each load with the ids of the documents just written to ``{raw}`` (the nightly DAG
with ``raw``/``audit``, ``budgetwh validate`` with a scratch pair). One call is one *validation*:

1. the documents go into ``{audit}.validation_scope`` under a fresh validation id, and
   ``{audit}.prepare_validation`` materialises their cells, the identity terms and the derived blank
   totals (expectations/sql/, suites.OBJECTS_SQL) — all arithmetic is SQL;
2. Great Expectations runs the suites of expectations/suites.py once over the whole scope (one query
   per rule, never one per document), batch = the scope rows;
3. every unexpected row becomes a finding; the reader's findings in ``{raw}.reading_finding`` are
   copied beside them; both replace this load's earlier findings for these documents in
   ``{audit}.finding`` (re-running a load is idempotent; ``{raw}`` is only read);
4. every finding gets its kind from its rule id (``ingest.model.finding_kind``, read from
   ingest/reference/finding_kinds.csv): ``reading`` (the reader could not understand what is
   printed) or ``document`` (the printed figures break a rule);
5. a document is **unread** iff it has a reading error not waived in ``{audit}.waiver`` (its
   document findings may be the misreading's echo: the reader is at fault first), else
   **quarantined** iff it has an unwaived error, else **accepted**; the decision goes to
   ``{audit}.document_status``. Unread and quarantined documents alike stay out of the marts.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from expectations import suites as s
from ingest.model import finding_kind

log = logging.getLogger(__name__)

FINDING_COLUMNS = (
    "rule",
    "severity",
    "document_id",
    "table_kind",
    "row_label",
    "column_name",
    "left_value",
    "right_value",
    "difference",
    "file_name",
    "page",
    "message",
)
DOCS_SITE = "budgetwh"
# Planner settings of the sessions that run the rule queries. Rules are CTE-heavy; PostgreSQL has no
# statistics for a CTE, estimates a filtered CTE scan at about one row and then picks a nested loop
# whose inner side is the whole validation, so a rule's cost grew with documents squared (X04 took
# 42 s on 100 demo documents, 0.7 s with hash joins; bench/validate_scale.py). Without nested loops
# the rules join by hashing the validation's rows: linear in rows. (The planner still takes a nested
# loop where no other join fits; index scans stay available.)
RULE_SESSION_SETTINGS = {"enable_nestloop": "off"}


class RuleFailure(RuntimeError):
    """A rule's query could not run: no document may be accepted on a rule that did not run."""


@dataclass
class ValidationResult:
    """What one validation decided. ``findings`` maps document id → findings as
    ``ingest.model.Finding``-compatible dicts; ``statuses`` maps document id → accepted | unread |
    quarantined."""

    load_id: str
    validation_id: str
    findings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    expectations: list[dict[str, Any]] = field(default_factory=list)
    docs_index: Path | None = None

    def findings_by_document(self) -> dict[str, list[dict[str, Any]]]:
        """document id → its findings (the reader's S findings and every rule's), in a stable order."""
        return self.findings

    @property
    def success(self) -> bool:
        return all(status == "accepted" for status in self.statuses.values())

    def errors(self, document_id: str) -> list[dict[str, Any]]:
        return [f for f in self.findings.get(document_id, []) if f["severity"] == "error"]

    def warnings(self, document_id: str) -> list[dict[str, Any]]:
        return [f for f in self.findings.get(document_id, []) if f["severity"] == "warn"]

    def of_kind(self, document_id: str, kind: str) -> list[dict[str, Any]]:
        """The document's ``reading`` or ``document`` findings."""
        return [f for f in self.findings.get(document_id, []) if f["kind"] == kind]


def ensure_objects(conn, raw: str = "raw", audit: str = "audit") -> None:
    """Create or refresh the views and functions the rules read (one creator at a time)."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext('budgetwh.expectations.objects'))")
        conn.execute(s.objects_sql(raw, audit))


def validate_documents(
    uri: str,
    document_ids: list[str],
    load_id: str,
    raw: str = "raw",
    audit: str = "audit",
    docs_dir: Path | None = None,
    once: bool = False,
) -> ValidationResult:
    """Run every rule on ``document_ids`` (already in ``{raw}``), record findings and statuses.

    ``once`` (the nightly run): a document that has a decision from another load when the findings
    are recorded keeps it: nothing is recorded for it now (two validations that interleave decide a
    document once; the decision is taken under a transaction lock, so the check cannot race)."""
    import psycopg

    s.check_schema_name(raw)
    s.check_schema_name(audit)
    ids = sorted(set(document_ids))
    validation_id = uuid.uuid4().hex
    result = ValidationResult(load_id=load_id, validation_id=validation_id)
    if not ids:
        return result
    with psycopg.connect(uri) as conn:
        ensure_objects(conn, raw, audit)
        _open_scope(conn, validation_id, load_id, ids, raw, audit)
        try:
            rows, result.expectations, result.docs_index = _run_suites(
                conn, uri, validation_id, raw, audit, docs_dir
            )
            _record(conn, validation_id, load_id, ids, rows, raw, audit, once=once)
        finally:
            with conn.transaction():
                conn.execute(f"select {audit}.finish_validation(%s)", (validation_id,))
        result.findings, result.statuses = _read_back(conn, load_id, ids, audit)
    return result


def _open_scope(conn, validation_id: str, load_id: str, ids: Sequence[str], raw: str, audit: str) -> None:
    with conn.transaction():
        found = conn.execute(
            f"select document_id from {raw}.document where document_id = any(%s)", (list(ids),)
        ).fetchall()
        missing = sorted(set(ids) - {r[0] for r in found})
        if missing:
            raise ValueError(f"documents not loaded in {raw}: {', '.join(missing)}")
        conn.cursor().executemany(
            f"insert into {audit}.validation_scope (validation_id, load_id, document_id) values (%s, %s, %s)",
            [(validation_id, load_id, d) for d in ids],
        )
        derived = conn.execute(f"select {audit}.prepare_validation(%s)", (validation_id,)).fetchone()[0]
    log.info("validation %s: %d documents, %d derived totals", validation_id, len(ids), derived)


def _run_suites(
    conn, uri: str, validation_id: str, raw: str, audit: str, docs_dir: Path | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Path | None]:
    """Run all suites in one checkpoint; return the unexpected rows and a summary per expectation."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from ingest.warehouse.connection import sqlalchemy_url

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    options = " ".join(f"-c {name}={value}" for name, value in RULE_SESSION_SETTINGS.items())
    datasource = context.data_sources.add_postgres(
        name="warehouse", connection_string=sqlalchemy_url(uri), kwargs={"connect_args": {"options": options}}
    )
    asset = datasource.add_query_asset(name="validation_scope", query=s.scope_query(validation_id, audit))
    batch_definition = asset.add_batch_definition_whole_table("scope")
    definitions = [
        context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{suite.name}__{validation_id}", data=batch_definition, suite=suite)
        )
        for suite in s.build_suites(context, raw, audit)
    ]
    actions = []
    if docs_dir is not None:
        docs_dir = Path(docs_dir).resolve()
        docs_dir.mkdir(parents=True, exist_ok=True)
        context.add_data_docs_site(
            site_name=DOCS_SITE,
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
        actions.append(gx.checkpoint.UpdateDataDocsAction(name="update_data_docs", site_names=[DOCS_SITE]))
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(
            name=f"balance_rules__{validation_id}",
            validation_definitions=definitions,
            actions=actions,
            result_format={"result_format": "COMPLETE"},
        )
    )
    try:
        outcome = checkpoint.run()
    finally:  # GX keeps two pools open until the context is garbage-collected: a process that
        # validates again and again (a worker, the tests, bench/) would run out of connections
        datasource.get_execution_engine().engine.dispose()
        datasource.get_engine().dispose()
    rows: list[dict[str, Any]] = []
    summary: list[dict[str, Any]] = []
    for suite_result in outcome.run_results.values():
        for er in suite_result.results:
            meta = er.expectation_config.meta or {}
            if er.exception_info and er.exception_info.get("raised_exception"):
                raise RuleFailure(
                    f"{meta.get('expectation_id')}: {er.exception_info.get('exception_message')}"
                )
            found = list((er.result or {}).get("details", {}).get("unexpected_rows") or [])
            count = int((er.result or {}).get("observed_value") or 0)
            if count > len(found):
                # GX returns at most 200 rows per expectation; fetch the rest with the same query
                found = _fetch_all(
                    conn, er.expectation_config.kwargs["unexpected_rows_query"], validation_id, audit
                )
            rows.extend(found)
            summary.append(
                {
                    "suite": suite_result.suite_name,
                    "expectation_id": meta.get("expectation_id"),
                    "rule_id": meta.get("rule_id"),
                    "severity": meta.get("severity"),
                    "success": bool(er.success),
                    "unexpected": count,
                }
            )
    docs_index = None
    if docs_dir is not None:
        docs_index = docs_dir / "index.html"
    return rows, summary, docs_index


def _fetch_all(conn, query: str, validation_id: str, audit: str) -> list[dict[str, Any]]:
    """Run a rule's own query directly (the batch spelled out) when GX truncated its rows."""
    from psycopg.rows import dict_row

    sql = query.replace("{batch}", f"({s.scope_query(validation_id, audit)})")
    with conn.cursor(row_factory=dict_row) as cur:
        for name, value in RULE_SESSION_SETTINGS.items():  # as in the GX sessions, for this transaction
            cur.execute("select set_config(%s, %s, true)", (name, value))
        return list(cur.execute(sql).fetchall())


def _record(
    conn,
    validation_id: str,
    load_id: str,
    ids: Sequence[str],
    rows: list[dict[str, Any]],
    raw: str,
    audit: str,
    once: bool = False,
) -> None:
    """Replace this load's findings and decisions for these documents, in one transaction (one at a
    time per audit schema; with ``once``, leaving out documents another load has decided)."""
    with conn.transaction():
        conn.execute("select pg_advisory_xact_lock(hashtext(%s))", (f"budgetwh.decide.{audit}",))
        if once:
            decided = {r[0] for r in conn.execute(
                f"select distinct document_id from {audit}.document_status where document_id = any(%s) "
                "and load_id <> %s", (list(ids), load_id))}
            if decided:
                log.warning("validation %s: %d documents were decided meanwhile by another load; kept",
                            validation_id, len(decided))
            ids = [d for d in ids if d not in decided]
            rows = [r for r in rows if r["document_id"] not in decided]
        conn.execute(
            f"delete from {audit}.finding where load_id = %s and document_id = any(%s)", (load_id, list(ids))
        )
        with conn.cursor().copy(
            f"copy {audit}.finding (load_id, document_id, rule, severity, kind, table_kind, row_label, "
            "column_name, left_value, right_value, difference, left_text, right_text, file_name, page, message) "
            "from stdin"
        ) as copy:
            for row in rows:
                copy.write_row(
                    (
                        load_id,
                        row["document_id"],
                        row["rule"],
                        row["severity"],
                        finding_kind(row["rule"]),
                        row["table_kind"],
                        row["row_label"],
                        row["column_name"],
                        row["left_value"],
                        row["right_value"],
                        row["difference"],
                        _yuan(row["left_value"]),
                        _yuan(row["right_value"]),
                        row["file_name"],
                        row["page"],
                        row["message"],
                    )
                )
        # the reader's findings (S rules, unreadable cells), judged once at parse time; their kind by
        # rule id, as the rules' (the contract's kind follows from the rule too)
        reader_rules = [
            r[0]
            for r in conn.execute(
                f"select distinct rule from {raw}.reading_finding where document_id = any(%s)", (list(ids),)
            )
        ]
        conn.execute(
            f"""insert into {audit}.finding (load_id, document_id, rule, severity, kind, table_kind, row_label,
                    column_name, left_value, right_value, difference, left_text, right_text, file_name, page,
                    message)
                select %s, f.document_id, f.rule, f.severity, k.kind, f.table_kind, f.row_label, f.column_name,
                    case when f.left_value ~ '^-?[0-9]+(\\.[0-9]+)?$' then f.left_value::numeric end,
                    case when f.right_value ~ '^-?[0-9]+(\\.[0-9]+)?$' then f.right_value::numeric end,
                    case when f.difference ~ '^-?[0-9]+(\\.[0-9]+)?$' then f.difference::numeric end,
                    f.left_value, f.right_value, f.file_name, f.page, f.message
                from {raw}.reading_finding as f
                inner join unnest(%s::text[], %s::text[]) as k (rule, kind) on f.rule = k.rule
                where f.document_id = any(%s)
                order by f.document_id, f.finding_index""",
            (load_id, reader_rules, [finding_kind(r) for r in reader_rules], list(ids)),
        )
        conn.execute(
            f"delete from {audit}.document_status where load_id = %s and document_id = any(%s)",
            (load_id, list(ids)),
        )
        conn.execute(
            f"""insert into {audit}.document_status (load_id, document_id, status, errors, warnings)
                select scope.load_id, scope.document_id,
                    case
                        when count(f.finding_id) filter (
                            where f.severity = 'error' and f.kind = 'reading' and w.rule is null) > 0
                            then 'unread'
                        when count(f.finding_id) filter (where f.severity = 'error' and w.rule is null) > 0
                            then 'quarantined'
                        else 'accepted'
                    end,
                    count(f.finding_id) filter (where f.severity = 'error' and w.rule is null),
                    count(f.finding_id) filter (where f.severity = 'warn')
                from {audit}.validation_scope as scope
                left join {audit}.finding as f
                    on f.load_id = scope.load_id and f.document_id = scope.document_id
                left join {audit}.waiver as w
                    on w.document_id = f.document_id and w.rule = f.rule
                where scope.validation_id = %s and scope.document_id = any(%s)
                group by scope.load_id, scope.document_id""",
            (validation_id, list(ids)),
        )


def _read_back(
    conn, load_id: str, ids: Sequence[str], audit: str
) -> tuple[dict[str, list[dict[str, Any]]], dict[str, str]]:
    findings: dict[str, list[dict[str, Any]]] = {d: [] for d in ids}
    for row in conn.execute(
        f"""select document_id, rule, severity, kind, table_kind, row_label, column_name,
                coalesce(left_text, left_value::text), coalesce(right_text, right_value::text),
                difference, file_name, page, message
            from {audit}.finding
            where load_id = %s and document_id = any(%s)
            order by document_id, severity, rule, table_kind nulls first, row_label, column_name, page nulls first, message,
                finding_id""",
        (load_id, list(ids)),
    ).fetchall():
        doc, rule, severity, kind, table, row_label, column, left, right, difference, file, page, message = row
        findings[doc].append(
            {
                "rule": rule,
                "severity": severity,
                "kind": kind,
                "table": table,
                "row": row_label,
                "column": column,
                "left": left,
                "right": right,
                "difference": _yuan(difference),
                "file": file,
                "page": page,
                "message": message,
            }
        )
    statuses = dict(
        conn.execute(
            f"select document_id, status from {audit}.document_status where load_id = %s and document_id = any(%s)",
            (load_id, list(ids)),
        ).fetchall()
    )
    return findings, statuses


def _yuan(value: Any) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal("0.01")))
