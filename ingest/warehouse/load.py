"""Parsed documents → the raw schema, with COPY, one transaction per document.

Why this shape (contract.md, "Identity, versions, pairs"): a document's id is a hash over its files'
contents and the reader version, so loading is idempotent by construction. The document row is
inserted first with ``on conflict do nothing``; when it already exists the transaction ends there and
nothing else is written. Rows, cells, narrative facts and indicators go in with COPY (psycopg 3
``cursor.copy``), never row by row. Nothing is updated or deleted here: a new version of a document is
a new document, and which one the marts show is decided downstream (audit.document_status + dbt).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from ingest.model import Document, finding_kind

SCHEMA_SQL = Path(__file__).with_name("raw_schema.sql")

LoadStatus = Literal["loaded", "already_loaded"]


@dataclass(frozen=True)
class Schemas:
    """The pair of schemas a load writes: production ``raw``/``audit`` or a scratch pair."""

    raw: str = "raw"
    audit: str = "audit"


def schema_sql(raw: str = "raw", audit: str = "audit") -> str:
    """The DDL with the schema names substituted (scratch schemas for `budgetwh validate`)."""
    _check_identifier(raw)
    _check_identifier(audit)
    text = SCHEMA_SQL.read_text(encoding="utf-8")
    text = re.sub(r"\braw\.", f"{raw}.", text)
    text = re.sub(r"\baudit\.", f"{audit}.", text)
    text = text.replace("create schema if not exists raw;", f"create schema if not exists {raw};")
    text = text.replace("create schema if not exists audit;", f"create schema if not exists {audit};")
    return text


def _check_identifier(name: str) -> None:
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"not a plain schema name: {name!r}")


def ensure_schema(uri: str, raw: str = "raw", audit: str = "audit") -> None:
    """Create the raw and audit schemas and tables when missing (safe to call on every run)."""
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        # one creator at a time: parallel workers may all start by ensuring the schema
        conn.execute("select pg_advisory_lock(hashtext('budgetwh.ensure_schema'))")
        try:
            conn.execute(schema_sql(raw, audit))
            _fill_finding_kinds(conn, audit)
        finally:
            conn.execute("select pg_advisory_unlock(hashtext('budgetwh.ensure_schema'))")


def _fill_finding_kinds(conn, audit: str) -> None:
    """Give findings recorded before ``audit.finding.kind`` existed their kind (by rule id)."""
    rules = [r[0] for r in conn.execute(f"select distinct rule from {audit}.finding where kind is null")]
    if rules:
        conn.execute(
            f"""update {audit}.finding as f set kind = k.kind
                from unnest(%s::text[], %s::text[]) as k (rule, kind)
                where f.kind is null and f.rule = k.rule""",
            (rules, [finding_kind(r) for r in rules]),
        )


def new_load_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:8]


def start_load(conn, inbox: str | None, load_id: str | None = None, audit: str = "audit") -> str:
    """Open a load in the audit: every file seen later is recorded against this id."""
    load_id = load_id or new_load_id()
    with conn.transaction():
        conn.execute(
            f"insert into {audit}.load (load_id, inbox) values (%s, %s) on conflict (load_id) do nothing",
            (load_id, inbox),
        )
    return load_id


def record_file(
    conn,
    load_id: str,
    path: str | Path,
    sha256: str | None,
    document_id: str | None,
    status: str,
    counts: dict[str, int] | None = None,
    parse_seconds: float | None = None,
    load_seconds: float | None = None,
    error: str | None = None,
    audit: str = "audit",
) -> None:
    """One line of the load audit per file seen: loaded, already loaded, rejected, unreadable, failed."""
    counts = counts or {}
    with conn.transaction():
        conn.execute(
            f"""insert into {audit}.load_file (load_id, file_name, file_path, sha256, document_id, status,
                    tables_count, rows_count, cells_count, parse_seconds, load_seconds, error)
                values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
                on conflict (load_id, file_path) do update set
                    status = excluded.status, document_id = excluded.document_id, error = excluded.error,
                    tables_count = excluded.tables_count, rows_count = excluded.rows_count,
                    cells_count = excluded.cells_count, parse_seconds = excluded.parse_seconds,
                    load_seconds = excluded.load_seconds""",
            (
                load_id,
                Path(path).name,
                str(path),
                sha256,
                document_id,
                status,
                counts.get("tables"),
                counts.get("rows"),
                counts.get("cells"),
                parse_seconds,
                load_seconds,
                error,
            ),
        )


def finish_load(conn, load_id: str, audit: str = "audit") -> dict[str, Any]:
    """Close a load: counts from its file lines, so the summary is what the audit says."""
    with conn.transaction():
        row = conn.execute(
            f"""update {audit}.load l set
                    finished_at = now(),
                    files_seen = s.seen,
                    documents_loaded = s.loaded,
                    documents_skipped = s.skipped,
                    files_failed = s.failed
                from (select count(*) as seen,  -- files; a two-file document is one document
                             count(distinct document_id) filter (where status = 'loaded') as loaded,
                             count(distinct document_id) filter (where status = 'already_loaded') as skipped,
                             count(*) filter (where status in ('unreadable', 'failed')) as failed
                      from {audit}.load_file where load_id = %s) s
                where l.load_id = %s
                returning files_seen, documents_loaded, documents_skipped, files_failed""",
            (load_id, load_id),
        ).fetchone()
    keys = ("files_seen", "documents_loaded", "documents_skipped", "files_failed")
    return dict(zip(keys, row or (0, 0, 0, 0), strict=True))


def document_counts(doc: Document) -> dict[str, int]:
    rows = sum(len(t.rows) for t in doc.tables)
    cells = sum(len(r.texts) or len(r.values) for t in doc.tables for r in t.rows)
    return {"tables": len(doc.tables), "rows": rows, "cells": cells}


def content_hash(doc: Document) -> str:
    import hashlib

    hashes = sorted(f.sha256 for f in doc.document.source_files)
    return hashlib.sha256("\n".join(hashes).encode()).hexdigest()


def load_document(conn, doc: Document, load_id: str, raw: str = "raw") -> LoadStatus:
    """Write one document into ``raw`` in one transaction; a no-op when its id is already there."""
    meta = doc.document
    with conn.transaction():
        inserted = conn.execute(
            f"""insert into {raw}.document (document_id, document_key, department_key, department,
                    department_code, region_province, region_city, region_county, year, phase, scope,
                    status, reason, reader_version, content_hash, figures, contract, load_id)
                values (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)
                on conflict (document_id) do nothing
                returning document_id""",
            (
                meta.id,
                meta.document_key,
                meta.department_key,
                meta.department,
                meta.department_code,
                meta.region.province,
                meta.region.city,
                meta.region.county,
                meta.year,
                meta.phase,
                meta.scope,
                meta.status,
                meta.reason,
                meta.reader_version,
                content_hash(doc),
                json.dumps(doc.figures.model_dump(), ensure_ascii=False),
                doc.model_dump_json(),
                load_id,
            ),
        ).fetchone()
        if inserted is None:
            return "already_loaded"
        _copy(conn, f"{raw}.source_file", ("document_id", "file_name", "sha256", "pages", "format"),
              ((meta.id, f.name, f.sha256, f.pages, f.format) for f in meta.source_files))
        _copy_tables(conn, doc, raw)
        _copy_narrative(conn, doc, raw)
        _copy_performance(conn, doc, raw)
        _copy(
            conn,
            f"{raw}.reading_finding",
            ("document_id", "finding_index", "rule", "severity", "table_kind", "row_label", "column_name",
             "left_value", "right_value", "difference", "file_name", "page", "message"),
            ((meta.id, i, f.rule, f.severity, f.table, f.row, f.column, f.left, f.right, f.difference,
              f.file, f.page, f.message) for i, f in enumerate(doc.findings)),
        )
    return "loaded"


def _copy(conn, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    count = 0
    with conn.cursor().copy(f"copy {table} ({', '.join(columns)}) from stdin") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
    return count


def _copy_tables(conn, doc: Document, raw: str) -> None:
    doc_id = doc.document.id
    _copy(
        conn,
        f"{raw}.disclosure_table",
        ("document_id", "table_index", "kind", "title", "unit", "unit_factor", "file_name", "page", "columns",
         "note"),
        ((doc_id, ti, t.kind, t.title, t.unit, t.unit_factor, t.file, t.page, t.columns, t.note)
         for ti, t in enumerate(doc.tables)),
    )
    _copy(
        conn,
        f"{raw}.table_row",
        ("document_id", "table_index", "row_index", "code", "name", "level", "line", "side", "page",
         "source_line", "source_text"),
        ((doc_id, ti, ri, r.code, r.name, r.level, r.line, r.side, r.source.page, r.source.line, r.source.text)
         for ti, t in enumerate(doc.tables) for ri, r in enumerate(t.rows)),
    )
    _copy(
        conn,
        f"{raw}.table_cell",
        ("document_id", "table_index", "row_index", "column_name", "amount", "half_unit", "is_blank",
         "published_text", "unit"),
        _cells(doc),
    )


def _cells(doc: Document) -> Iterable[tuple]:
    doc_id = doc.document.id
    for ti, table in enumerate(doc.tables):
        for ri, row in enumerate(table.rows):
            for column in row.values.keys() | row.texts.keys():
                value = row.values.get(column)
                text = row.texts.get(column, "" if value is None else value)
                half = row.half_units.get(column, "0")
                yield (doc_id, ti, ri, column, value, half, value is None, text, table.unit)


_STATED = re.compile(r"(-?[\d,]+(?:\.(\d+))?)\s*(万元|元|%|％)?")


def stated_precision(stated_text: str) -> tuple[Decimal, str | None]:
    """Half a unit of the last printed digit of a stated figure, in 元 or percentage points."""
    match = _STATED.search(stated_text.replace("，", ","))
    if not match:
        return Decimal(0), None
    decimals = len(match.group(2) or "")
    unit = match.group(3)
    factor = 10000 if unit == "万元" else 1
    unit = "%" if unit in ("%", "％") else unit
    return Decimal(1).scaleb(-decimals) / 2 * factor, unit


def _copy_narrative(conn, doc: Document, raw: str) -> None:
    def rows() -> Iterable[tuple]:
        for i, fact in enumerate(doc.narrative):
            half, unit = stated_precision(fact.stated_text)
            is_percent = fact.stated.endswith("%")
            amount = None if is_percent else fact.stated
            percent = fact.stated.rstrip("%") if is_percent else None
            yield (doc.document.id, i, fact.kind, fact.subject, fact.direction, fact.text, fact.stated, amount,
                   percent, half, fact.stated_text, fact.unit or unit, fact.file, fact.page, fact.line)

    _copy(
        conn,
        f"{raw}.narrative_fact",
        ("document_id", "fact_index", "kind", "subject", "direction", "sentence", "stated", "stated_amount",
         "stated_percent", "stated_half_unit", "stated_text", "unit", "file_name", "page", "source_line"),
        rows(),
    )


def _copy_performance(conn, doc: Document, raw: str) -> None:
    doc_id = doc.document.id
    _copy(
        conn,
        f"{raw}.performance_target",
        ("document_id", "project_index", "project", "goal", "funding", "file_name", "page", "source_line"),
        ((doc_id, pi, p.project, p.goal, json.dumps(p.funding, ensure_ascii=False) if p.funding else None,
          p.file, p.page, p.line) for pi, p in enumerate(doc.performance_targets)),
    )
    _copy(
        conn,
        f"{raw}.performance_indicator",
        ("document_id", "project_index", "indicator_index", "level1", "level2", "level3", "description",
         "value_text", "comparator", "value", "unit", "quantified", "basis"),
        ((doc_id, pi, ii, ind.level1, ind.level2, ind.level3, ind.description, ind.value_text, ind.comparator,
          ind.value, ind.unit, ind.quantified, ind.basis)
         for pi, p in enumerate(doc.performance_targets) for ii, ind in enumerate(p.indicators)),
    )
