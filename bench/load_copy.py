"""Loading: budgetwh's COPY loader against row-by-row INSERTs of the same rows, same server, same run.

The baseline is what a first implementation would do (one INSERT per cell via executemany); the
ratio says what COPY buys on the raw layer's widest table. Both write into a scratch schema pair of the
embedded warehouse (or BUDGETWH_DSN) that is dropped afterwards.
"""

from __future__ import annotations

import os
import platform
import time
import uuid
from datetime import date
from decimal import Decimal

from ingest.model import Document, DocumentMeta, Row, SourceFile, Table
from ingest.warehouse import connection as warehouse
from ingest.warehouse.load import _cells, ensure_schema, load_document, start_load


def synthetic_document(index: int, rows: int = 400) -> Document:
    """A document with one wide expenditure table of ``rows`` function rows (7 columns each)."""
    columns = ["total", "basic", "project", "operating", "remit_superior", "subsidy_subordinate", "reserve"]
    table_rows = []
    for r in range(rows):
        amount = Decimal(1000 + r) + Decimal(index) / 100
        values = {c: str(amount * 10000) if c in ("total", "basic") else None for c in columns}
        texts = {c: str(amount) if c in ("total", "basic") else "" for c in columns}
        table_rows.append(Row(code=f"201{r:04d}", name=f"科目{r}", level=3, values=values, texts=texts,
                              half_units={"total": "50", "basic": "50"}))
    doc_id = uuid.uuid4().hex * 2
    return Document(
        document=DocumentMeta(id=doc_id, department=f"部门{index}", year=2023, phase="budget",
                              scope="department", reader_version="bench",
                              source_files=[SourceFile(name=f"{index}.txt", sha256=doc_id, format="text")]),
        tables=[Table(kind="expenditure", title="部门预算支出总表", unit="万元", unit_factor=10000,
                      file=f"{index}.txt", columns=columns, rows=table_rows)],
    )


def _insert_row_by_row(conn, doc: Document, raw: str) -> None:
    """The baseline: the same document, every row and cell with its own INSERT."""
    meta = doc.document
    with conn.transaction():
        conn.execute(
            f"insert into {raw}.document (document_id, status, reader_version, content_hash, figures, contract,"
            " load_id) values (%s, 'parsed', 'bench', %s, '{}', '{}', 'bench')", (meta.id, meta.id))
        with conn.cursor() as cur:
            cur.executemany(
                f"insert into {raw}.disclosure_table (document_id, table_index, kind, title, file_name, columns)"
                " values (%s, %s, %s, %s, %s, %s)",
                [(meta.id, i, t.kind, t.title, t.file, t.columns) for i, t in enumerate(doc.tables)])
            cur.executemany(
                f"insert into {raw}.table_row (document_id, table_index, row_index, code, name, level,"
                " source_text) values (%s, %s, %s, %s, %s, %s, %s)",
                [(meta.id, ti, ri, r.code, r.name, r.level, r.source.text)
                 for ti, t in enumerate(doc.tables) for ri, r in enumerate(t.rows)])
            cur.executemany(
                f"insert into {raw}.table_cell (document_id, table_index, row_index, column_name, amount,"
                " half_unit, is_blank, published_text, unit) values (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                list(_cells(doc)))


def main(documents: int = 20, rows: int = 400) -> None:
    uri = warehouse.dsn()
    tag = uuid.uuid4().hex[:8]
    raw, audit = f"bench_{tag}_raw", f"bench_{tag}_audit"
    ensure_schema(uri, raw=raw, audit=audit)
    docs_copy = [synthetic_document(i, rows) for i in range(documents)]
    docs_insert = [synthetic_document(i, rows) for i in range(documents)]
    cells = sum(len(r.values) for d in docs_copy for t in d.tables for r in t.rows)
    try:
        with warehouse.connect(uri) as conn:
            load_id = start_load(conn, inbox="bench", audit=audit)
            t0 = time.perf_counter()
            for doc in docs_insert:
                _insert_row_by_row(conn, doc, raw)
            baseline = time.perf_counter() - t0
            t0 = time.perf_counter()
            for doc in docs_copy:
                load_document(conn, doc, load_id, raw=raw)
            copy = time.perf_counter() - t0
    finally:
        with warehouse.connect(uri, autocommit=True) as conn:
            conn.execute(f"drop schema {raw} cascade")
            conn.execute(f"drop schema {audit} cascade")
    print(f"load_copy  {date.today()}  {platform.node()} {platform.machine()} {os.cpu_count()} cores")
    print(f"  {documents} documents, {cells} cells")
    print(f"  baseline row-by-row INSERT: {baseline:.3f} s  ({cells / baseline:,.0f} cells/s)")
    print(f"  budgetwh COPY loader:       {copy:.3f} s  ({cells / copy:,.0f} cells/s)")
    print(f"  ratio (baseline / budgetwh): {baseline / copy:.1f}x")


if __name__ == "__main__":
    main()
