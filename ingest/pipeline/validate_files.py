"""`budgetwh validate`: the production rules on a scratch pair of schemas, then dropped.

Why a scratch schema and not the raw one: validating a file by hand must not add it to the
warehouse, yet it must run exactly the same SQL rules through the same Great Expectations suites as
the nightly load does — so the file is loaded with the production loader into ``scratch_<hex>_raw``
and ``scratch_<hex>_audit``, validated there, and the pair is dropped afterwards.
"""

from __future__ import annotations

import uuid

from ingest.model import Document, Finding


def validate_documents_in_scratch(docs: list[Document], uri: str | None = None) -> list[Document]:
    """Each parsed document with all its findings: the reader's S findings and every rule's."""
    from expectations.run import validate_documents
    from ingest.warehouse import connection as warehouse
    from ingest.warehouse.load import ensure_schema, load_document, start_load

    uri = uri or warehouse.dsn()
    tag = uuid.uuid4().hex[:10]
    raw, audit = f"scratch_{tag}_raw", f"scratch_{tag}_audit"
    ensure_schema(uri, raw=raw, audit=audit)
    try:
        with warehouse.connect(uri) as conn:
            load_id = start_load(conn, inbox="budgetwh validate", audit=audit)
            parsed = [d for d in docs if d.document.status == "parsed"]
            for doc in parsed:
                load_document(conn, doc, load_id, raw=raw)
        result = validate_documents(uri, [d.document.id for d in parsed], load_id, raw=raw, audit=audit)
        by_document = result.findings_by_document()
        out = []
        for doc in docs:
            findings = [Finding(**f) for f in by_document.get(doc.document.id, [])]
            out.append(doc.model_copy(update={"findings": findings or doc.findings}))
        return out
    finally:
        with warehouse.connect(uri, autocommit=True) as conn:
            conn.execute(f"drop schema if exists {raw} cascade")
            conn.execute(f"drop schema if exists {audit} cascade")
