"""The demo generator's documents (ingest/demo/) in the dbt test database, for the BI marts.

Six departments of the fictional 演示区 × 2023 and 2024 budgets, written as the demo inbox writes
them and read back by the real reader, then loaded by the real loader; the validation step is
stood in for by the decisions it reaches on them (tests/ingest/demo/test_demo_inbox.py proves those
with the real rules): every document accepted but 公安分局 2024, which breaks B07 and is
quarantined. Two 2023 final accounts (决算) are added for the budget-versus-final mart: a
different draw of the same generator (so every identity still holds), loaded from the model.

``DemoLoad.intended`` keeps what the generator meant for each published document, so the tests can
compare the marts with the documents without reading the marts' own SQL.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.demo import catalogue
from ingest.demo import documents as demo_documents
from ingest.demo import inbox as inbox_writer
from ingest.demo.documents import build_document
from ingest.model import Document, SourceFile
from ingest.reading.identity import department_key, document_key

DEMO_LOAD_ID = "dbt-test-demo"
FINAL_SEED = catalogue.DEFAULT_SEED + 1
FINAL_DEPARTMENTS = ("finance", "education")
FINAL_YEAR = 2023


@dataclass
class DemoLoad:
    intended: dict[str, Document] = field(default_factory=dict)  # document id → the generator's document
    files: dict[str, str] = field(default_factory=dict)  # document id → file name
    quarantined: set[str] = field(default_factory=set)


def final_document(slug: str, year: int = FINAL_YEAR) -> Document:
    """A final-accounts (决算) document of a demo department: another draw of the generator."""
    spec = catalogue.department(slug)
    name = f"demo_{year}_{spec.code}_{slug}_final.txt"
    doc = build_document(spec, year, FINAL_SEED, name)
    meta = doc.document
    meta.phase = "final"
    sha = hashlib.sha256(f"final|{slug}|{year}|{FINAL_SEED}".encode()).hexdigest()
    meta.id = hashlib.sha256(f"{sha}\n{meta.reader_version}".encode()).hexdigest()
    meta.source_files = [SourceFile(name=name, sha256=sha, pages=None, format="text")]
    meta.department_key = department_key(meta.region, meta.department)
    meta.document_key = document_key(meta.department_key, year, "final", meta.scope)
    # a Shanghai-style funding block on the first project (项目资金总额, 年度资金申请总额 = 财政资金 + 上年结转
    # + 其他资金), for fct_project_funding
    doc.performance_targets[0].funding = dict(FUNDING)
    return doc


FUNDING = {"project_total": "1500000.00", "total": "600000.00", "fiscal": "550000.00", "carry_over": "50000.00",
           "other": None}


def load_demo_documents(conn, folder: Path) -> DemoLoad:
    """Write the demo inbox to ``folder``, read and load it, add the final accounts, decide all."""
    from ingest.reading.parse import parse_file
    from ingest.warehouse.load import load_document, start_load

    generated = {d.filename: d for d in demo_documents.generate_documents()}
    inbox_writer.write_demo_inbox(folder, include_seed=False)
    load_id = start_load(conn, inbox=str(folder), load_id=DEMO_LOAD_ID)
    loaded = DemoLoad()
    for name, generated_doc in sorted(generated.items()):
        doc = parse_file(folder / name)
        load_document(conn, doc, load_id)
        loaded.intended[doc.document.id] = generated_doc.document
        loaded.files[doc.document.id] = name
        if generated_doc.broken_rule:
            loaded.quarantined.add(doc.document.id)
    for slug in FINAL_DEPARTMENTS:
        doc = final_document(slug)
        load_document(conn, doc, load_id)
        loaded.intended[doc.document.id] = doc
        loaded.files[doc.document.id] = doc.document.source_files[0].name
    with conn.transaction():
        for document_id in sorted(loaded.intended):
            status = "quarantined" if document_id in loaded.quarantined else "accepted"
            conn.execute(
                "insert into audit.document_status (load_id, document_id, status, errors, warnings)"
                " values (%s, %s, %s, %s, 0)",
                (load_id, document_id, status, 1 if status == "quarantined" else 0),
            )
            if status == "quarantined":
                conn.execute(
                    "insert into audit.finding (load_id, document_id, rule, severity, kind, table_kind, message)"
                    " values (%s, %s, %s, 'error', 'document', 'expenditure', %s)",
                    (load_id, document_id, catalogue.BROKEN_RULE, "合计 ≠ 基本支出 + 项目支出 (demo: broken on purpose)"),
                )
    return loaded
