"""Validation at scale: one set-based validation against the same rules run document by document.

budgetwh validates a load as ONE validation (expectations/run.py): the documents go into one scope,
``prepare_validation`` materialises their cells once, and every rule is one query over all of them.
The baselines, measured in the same run on the same loaded documents, are the naive designs:

* **per document, GX**: ``validate_documents`` called once per document — what a DAG with one
  validation task per file would do (a GX context, the suites and 2 queries per rule, each time);
* **per document, rule SQL only**: the rule SQL itself run document by document on one connection
  (scope and ``prepare_validation`` per document, then every rule's query): documents × rules
  queries, compared with **one validation, rule SQL only** (the same statements once over the whole
  scope), so Great Expectations' own overhead is out of that ratio.

A fourth line, **set-based, planner defaults**, is the set-based validation with the nested-loop
joins PostgreSQL picks for the rules' CTEs when left alone (expectations/run.py switches them off:
``RULE_SESSION_SETTINGS``). It is measured up to 100 documents only: it grows with documents squared.

The documents are ingest/demo/'s generator — 6 departments × 8 years per seed, the seed varied
and each seed's documents in a fictional county of their own (演示1区, 演示2区 …), every identity
holding by construction except one broken document (B07) per 48 — written as text,
read by the production reader and loaded with the production loader into a scratch schema pair of
the embedded warehouse (or BUDGETWH_DSN), dropped afterwards. A per-document run that would exceed
its time budget stops, and its total is extrapolated linearly from the documents it did validate
(each call validates one document, so its cost does not depend on how many there are); the output
says so with ``~`` and the number measured.

Run: ``python -m bench.validate_scale [--sizes 10,100,1000] [--budget SECONDS]`` (also part of
``python -m bench``). Results go to BENCHMARKS.md by hand, with the machine and date printed here.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ingest.model import Document
from ingest.warehouse import connection as warehouse
from ingest.warehouse.load import ensure_schema, load_document, start_load

SIZES = (10, 100, 1000)
YEARS = tuple(range(2019, 2027))
BROKEN_DEPARTMENT = "public_security"  # the demo department whose expenditure table can break B07
DEFAULT_BUDGET = float(os.environ.get("BUDGETWH_BENCH_NAIVE_SECONDS", "900"))  # per naive line and size
PLANNER_DEFAULTS_MAX = 100


def demo_corpus(count: int, folder: Path) -> list[Document]:
    """``count`` generated documents, read back by the production reader (ordered by seed, year,
    department, so every prefix mixes departments and years and holds broken documents)."""
    from ingest.demo.catalogue import DEFAULT_SEED
    from ingest.demo.documents import generate_documents
    from ingest.reading.parse import parse_file

    documents: list[Document] = []
    batch_index = 0
    while len(documents) < count:
        broken = (BROKEN_DEPARTMENT, YEARS[batch_index % len(YEARS)])
        batch = generate_documents(seed=DEFAULT_SEED + batch_index, years=YEARS, broken=broken)
        for demo in sorted(batch, key=lambda d: (d.year, d.department)):
            if len(documents) == count:
                break
            path = folder / f"{batch_index:03d}_{demo.filename}"
            # each draw in its own fictional county: department keys (and last year's document,
            # which N03 compares with) stay within one consistent draw of the generator
            path.write_text(demo.text.replace("演示区", f"演示{batch_index + 1}区"), encoding="utf-8")
            documents.append(parse_file(path))
        batch_index += 1
    return documents


@dataclass
class Timing:
    seconds: float  # measured, or extrapolated when ``measured`` < ``documents``
    documents: int
    measured: int
    quarantined: int

    @property
    def extrapolated(self) -> bool:
        return self.measured < self.documents

    def text(self) -> str:
        if self.extrapolated:
            return f"~{self.seconds:8.1f} s (extrapolated from {self.measured} documents)"
        return f"{self.seconds:9.2f} s"


def _set_based(uri: str, ids: Sequence[str], load_id: str, raw: str, audit: str) -> Timing:
    from expectations.run import validate_documents

    started = time.perf_counter()
    result = validate_documents(uri, list(ids), load_id, raw=raw, audit=audit)
    seconds = time.perf_counter() - started
    quarantined = sum(status == "quarantined" for status in result.statuses.values())
    return Timing(seconds, len(ids), len(ids), quarantined)


def _planner_defaults(uri: str, ids: Sequence[str], load_id: str, raw: str, audit: str) -> Timing:
    """The set-based validation with the planner's own join choices (before RULE_SESSION_SETTINGS)."""
    from expectations import run

    saved = dict(run.RULE_SESSION_SETTINGS)
    run.RULE_SESSION_SETTINGS.clear()
    try:
        return _set_based(uri, ids, load_id, raw, audit)
    finally:
        run.RULE_SESSION_SETTINGS.update(saved)


def _per_document(one: Callable[[str], bool], ids: Sequence[str], budget: float) -> Timing:
    """Call ``one`` per document until done or out of budget; extrapolate the rest linearly."""
    started = time.perf_counter()
    quarantined = measured = 0
    for document_id in ids:
        quarantined += one(document_id)
        measured += 1
        if time.perf_counter() - started > budget and measured < len(ids):
            break
    seconds = time.perf_counter() - started
    return Timing(seconds * len(ids) / measured, len(ids), measured, quarantined)


def _per_document_gx(uri: str, ids: Sequence[str], load_id: str, raw: str, audit: str, budget: float) -> Timing:
    from expectations.run import validate_documents

    def one(document_id: str) -> bool:
        result = validate_documents(uri, [document_id], load_id, raw=raw, audit=audit)
        return result.statuses.get(document_id) == "quarantined"

    return _per_document(one, ids, budget)


class _RuleSql:
    """The rules' SQL on one connection, without Great Expectations: scope, ``prepare_validation``,
    every rule's query once, ``finish_validation`` (the planner settings of GX's sessions)."""

    def __init__(self, conn, raw: str, audit: str):
        from expectations import run
        from expectations import suites as s

        self.conn, self.audit = conn, audit
        self.queries = [(rule, s.rule_sql(rule, raw, audit)) for rule in s.RULES]
        run.ensure_objects(conn, raw, audit)
        for name, value in run.RULE_SESSION_SETTINGS.items():
            conn.execute("select set_config(%s, %s, false)", (name, value))

    def quarantined(self, ids: Sequence[str]) -> int:
        """Validate ``ids`` as one scope; the number of documents with an error row."""
        from expectations import suites as s

        validation_id = uuid.uuid4().hex
        self.conn.cursor().executemany(
            f"insert into {self.audit}.validation_scope (validation_id, load_id, document_id) "
            "values (%s, 'bench-sql', %s)", [(validation_id, d) for d in ids])
        self.conn.execute(f"select {self.audit}.prepare_validation(%s)", (validation_id,))
        batch = f"({s.scope_query(validation_id, self.audit)})"
        with_errors: set[str] = set()
        for rule, sql in self.queries:
            rows = self.conn.execute(sql.replace("{batch}", batch)).fetchall()
            if rule.severity == "error":
                with_errors.update(row[2] for row in rows)  # document_id, the third column of every rule
        self.conn.execute(f"select {self.audit}.finish_validation(%s)", (validation_id,))
        return len(with_errors)


def _set_based_sql(uri: str, ids: Sequence[str], raw: str, audit: str) -> Timing:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        rules = _RuleSql(conn, raw, audit)
        started = time.perf_counter()
        quarantined = rules.quarantined(ids)
        return Timing(time.perf_counter() - started, len(ids), len(ids), quarantined)


def _per_document_sql(uri: str, ids: Sequence[str], raw: str, audit: str, budget: float) -> Timing:
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        rules = _RuleSql(conn, raw, audit)
        return _per_document(lambda document_id: rules.quarantined([document_id]) > 0, ids, budget)


WORKING_TABLES = ("validation_scope", "validation_cell", "validation_row", "validation_identity", "finding",
                  "document_status")


def _clean_slate(uri: str, audit: str) -> None:
    """VACUUM ANALYZE the validation's working tables before each measured line: the rows an earlier
    line deleted stay as dead tuples until (auto)vacuum, and every later line — the naive ones
    most, since they come after the big set-based runs — would pay for scanning them."""
    import psycopg

    with psycopg.connect(uri, autocommit=True) as conn:
        for table in WORKING_TABLES:
            exists = conn.execute("select to_regclass(%s)", (f"{audit}.{table}",)).fetchone()[0]
            if exists:
                conn.execute(f"vacuum analyze {audit}.{table}")


def _cells(conn, raw: str, ids: Sequence[str]) -> tuple[int, int]:
    rows = conn.execute(f"select count(*) from {raw}.table_row where document_id = any(%s)", (list(ids),)).fetchone()
    cells = conn.execute(f"select count(*) from {raw}.table_cell where document_id = any(%s)", (list(ids),)).fetchone()
    return rows[0], cells[0]


def _ratio(naive: Timing, ours: Timing) -> str:
    return f"{'~' if naive.extrapolated else ''}{naive.seconds / ours.seconds:.1f}x"


def main(sizes: Sequence[int] = SIZES, budget: float = DEFAULT_BUDGET) -> list[dict]:
    from expectations import suites as s

    uri = warehouse.dsn()
    tag = uuid.uuid4().hex[:8]
    raw, audit = f"bench_{tag}_raw", f"bench_{tag}_audit"
    load_before = os.getloadavg()
    started = time.perf_counter()
    results: list[dict] = []
    ensure_schema(uri, raw=raw, audit=audit)
    try:
        with tempfile.TemporaryDirectory(prefix="budgetwh-bench-") as folder:
            corpus = demo_corpus(max(sizes), Path(folder))
        t0 = time.perf_counter()
        with warehouse.connect(uri) as conn:
            load_id = start_load(conn, inbox="bench validate_scale", audit=audit)
            for doc in corpus:
                load_document(conn, doc, load_id, raw=raw)
        load_seconds = time.perf_counter() - t0
        ids = [doc.document.id for doc in corpus]
        # warm-up: GX's import and first context, the objects' DDL, so neither side pays them
        _set_based(uri, ids[:1], "bench-warmup", raw, audit)
        rules = len(s.RULES)
        print(f"validate_scale  {date.today()}  {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
              f"Python {platform.python_version()}, load average {load_before[0]:.1f} at start")
        print(f"  {len(corpus)} demo documents read and loaded in {load_seconds:.1f} s; {rules} rule expectations "
              f"(GX sends 2 queries each); naive lines capped at {budget:.0f} s per size")
        for size in sizes:
            scope = ids[:size]
            with warehouse.connect(uri) as conn:
                rows, cells = _cells(conn, raw, scope)
            _clean_slate(uri, audit)
            ours = _set_based(uri, scope, f"bench-set-{size}", raw, audit)
            _clean_slate(uri, audit)
            ours_sql = _set_based_sql(uri, scope, raw, audit)
            _clean_slate(uri, audit)
            gx = _per_document_gx(uri, scope, f"bench-doc-{size}", raw, audit, budget)
            _clean_slate(uri, audit)
            sql = _per_document_sql(uri, scope, raw, audit, budget)
            defaults = None
            if size <= PLANNER_DEFAULTS_MAX:
                _clean_slate(uri, audit)
                defaults = _planner_defaults(uri, scope, f"bench-defaults-{size}", raw, audit)
            print(f"  {size} documents ({rows:,} rows, {cells:,} cells; {ours.quarantined} quarantined):")
            print(f"    one validation, GX (budgetwh):  {ours.text()}   {2 * rules} rule queries, "
                  f"{1000 * ours.seconds / cells * 1000:.0f} ms per 1,000 cells")
            print(f"    per document, GX:               {gx.text()}   {2 * rules * size:,} rule queries, "
                  f"ratio {_ratio(gx, ours)}")
            print(f"    one validation, rule SQL only:  {ours_sql.text()}   {rules} rule queries, "
                  f"{1000 * ours_sql.seconds / cells * 1000:.0f} ms per 1,000 cells")
            print(f"    per document, rule SQL only:    {sql.text()}   {rules * size:,} rule queries, "
                  f"ratio {_ratio(sql, ours_sql)}")
            if defaults is not None:
                print(f"    one validation, GX, planner's nested loops: {defaults.text()}   "
                      f"ratio {_ratio(defaults, ours)}")
            checked = [t for t in (ours_sql, gx, sql, defaults) if t is not None and not t.extrapolated]
            for timing in checked:  # same rules, same documents: the same documents held back
                assert timing.quarantined == ours.quarantined, (timing, ours)
            results.append({"documents": size, "rows": rows, "cells": cells, "set_based": ours, "set_based_sql": ours_sql,
                            "per_document_gx": gx, "per_document_sql": sql, "planner_defaults": defaults})
    finally:
        with warehouse.connect(uri, autocommit=True) as conn:
            conn.execute(f"drop schema if exists {raw} cascade")
            conn.execute(f"drop schema if exists {audit} cascade")
    load_after = os.getloadavg()
    print(f"  total {time.perf_counter() - started:.0f} s; load average {load_after[0]:.1f} at the end "
          "(other processes share this machine: compare ratios, not seconds)")
    return results


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)), help="document counts, comma-separated")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                        help="seconds per naive line and size before extrapolating (default %(default)s)")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    main([int(n) for n in arguments.sizes.split(",")], arguments.budget)
