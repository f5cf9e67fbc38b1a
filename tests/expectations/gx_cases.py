"""Helpers for the expectation tests: edit one cell of a parsed document, load documents into a
scratch schema pair, count the statements Great Expectations sends.

A test breaks a rule by changing ONE printed cell of the seed (its text, its 元 value and its
half-unit, exactly as the reader would have produced them for that text) and gives the copy a
document id of its own, so many broken copies load side by side and validate in one run.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from ingest.amounts import parse_amount
from ingest.model import Document, NarrativeFact, Row
from ingest.warehouse.load import ensure_schema, load_document


def scratch_pair(uri: str, prefix: str) -> tuple[str, str]:
    """A fresh (raw, audit) schema pair, as `budgetwh validate` uses."""
    tag = f"{prefix}_{uuid.uuid4().hex[:8]}"
    raw, audit = f"{tag}_raw", f"{tag}_audit"
    ensure_schema(uri, raw=raw, audit=audit)
    return raw, audit


def copy_with_id(doc: Document, suffix: str) -> Document:
    copy = doc.model_copy(deep=True)
    copy.document.id = f"{doc.document.id[:16]}-{suffix}"
    return copy


def find_row(
    doc: Document,
    kind: str,
    *,
    line: str | None = None,
    code: str | None = None,
    side: str | None = None,
    level: int | None = None,
) -> Row:
    table = doc.table(kind)
    assert table is not None, kind
    for row in table.rows:
        if line is not None and row.line != line:
            continue
        if code is not None and row.code != code:
            continue
        if side is not None and row.side != side:
            continue
        if level is not None and row.level != level:
            continue
        return row
    raise AssertionError(f"no row {kind} line={line} code={code} side={side} level={level}")


def set_cell(row: Row, column: str, text: str, unit_factor: int = 10000) -> None:
    """Print ``text`` in one cell, as the reader would have read it."""
    amount = parse_amount(text, unit_factor)
    row.texts[column] = text
    if amount is None:
        row.values[column] = None
        row.half_units.pop(column, None)
    else:
        row.values[column] = amount.yuan()
        row.half_units[column] = str(amount.half_unit)


def set_fact(doc: Document, kind: str, stated_text: str, stated: str) -> NarrativeFact:
    fact = next(f for f in doc.narrative if f.kind == kind)
    fact.stated_text = stated_text
    fact.stated = stated
    return fact


def edit_fact(doc: Document, kind: str, *, subject: str | None = None, nth: int = 0, **fields) -> NarrativeFact:
    """Change what the ``nth`` narrative fact of ``kind`` (and ``subject``) states, as the reader would
    have recorded the edited sentence (``stated``, ``stated_text``, ``direction`` …)."""
    facts = [f for f in doc.narrative if f.kind == kind and (subject is None or f.subject == subject)]
    fact = facts[nth]
    for name, value in fields.items():
        setattr(fact, name, value)
    return fact


def add_summary_line(doc: Document, name: str, line: str, text: str, side: str = "expenditure") -> Row:
    """A line printed in the summary table (Jiangsu's 支出用途 panel: use.basic, use.project …)."""
    table = doc.table("summary")
    assert table is not None
    row = Row(name=name, line=line, side=side)
    set_cell(row, "amount", text, table.unit_factor or 10000)
    table.rows.append(row)
    return row


def load_all(uri: str, docs: list[Document], raw: str, load_id: str) -> None:
    import psycopg

    with psycopg.connect(uri) as conn:
        for doc in docs:
            assert load_document(conn, doc, load_id, raw=raw) == "loaded"


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement any SQLAlchemy engine (Great Expectations') executes meanwhile."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    seen: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)
