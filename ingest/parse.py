"""`parse_file` / `parse_paths`: disclosure files → canonical ``Document``s. Reads only.

Why this module is thin: each step has its own module (a reader per format → blocks; table_kinds
recognises titles; tables normalises grids; figures, narrative, performance, identity and
structure_rules do one thing each). This file only wires them in document order. It must stay
fast and database-free (contract.md): nothing here imports psycopg or Great Expectations, and a
test checks that.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from ingest import READER_VERSION
from ingest import vocabulary as v
from ingest.errors import UnreadableFile
from ingest.figures import figures
from ingest.identity import Identity, document_id, identify, title_facts
from ingest.model import Document, DocumentMeta, Finding, PerformanceTarget, SourceFile
from ingest.narrative import narrative_facts
from ingest.performance import read_performance_target
from ingest.readers.blocks import Grid, SourceBlocks, TextLine
from ingest.readers.text_rendering import read_text_rendering
from ingest.structure_rules import StructureEvidence, TableEvidence, structure_findings
from ingest.table_kinds import PERFORMANCE_KIND, recognise
from ingest.tables import ReadTable, read_table

FORMATS = {".txt": "text", ".pdf": "pdf", ".docx": "docx", ".doc": "docx", ".xlsx": "xlsx", ".xls": "xls",
           ".html": "html", ".htm": "html", ".jsp": "html"}
READERS = {".txt": read_text_rendering}
NOT_A_DISCLOSURE = "not a disclosure: no standard table found"
BLANK_TEMPLATE = "blank template: no amounts"
_DOC_UNIT = re.compile(r"^(?:金额)?单位[:：]\s*(万元|元)$")
_NOTE = re.compile(r"^注[:：]|空表列示|本部门无相关")


def _sha256(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return hashlib.sha256(str(path).encode()).hexdigest()


def rejected_document(path: str | Path, reason: str) -> Document:
    """A file that is not (or cannot be read as) a disclosure: one object with status rejected."""
    path = Path(path)
    sha = _sha256(path)
    source = SourceFile(name=path.name, sha256=sha, format=FORMATS.get(path.suffix.lower(), "unknown"))
    return Document(document=DocumentMeta(id=document_id([sha]), status="rejected", reason=reason,
                                          source_files=[source], reader_version=READER_VERSION))


def parse_file(path: str | Path) -> Document:
    """Read one file into a Document; rejected when its format has no reader yet or it is no disclosure.

    Raises UnreadableFile when the file cannot be opened or decoded.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(path, "no such file")
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        return rejected_document(path, f"unsupported format: {path.suffix.lower() or '(none)'} (issue 3)")
    return document_from_blocks([reader(path)])


def parse_paths(paths: Iterable[str | Path]) -> list[Document]:
    """Parse files and folders (a folder's files, sorted), ordered by document key then id."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith(".")))
        else:
            files.append(p)
    docs = [parse_file(f) for f in files]
    return sorted(docs, key=lambda d: (d.document.document_key or "", d.document.id))


def _document_unit(sources: Sequence[SourceBlocks]) -> str | None:
    """A unit printed on its own line outside any table (the cover's 金额单位：万元), if any."""
    for source in sources:
        for block in source.blocks:
            if isinstance(block, TextLine) and (m := _DOC_UNIT.match(re.sub(r"\s+", "", block.text))):
                return m.group(1)
    return None


def document_from_blocks(sources: Sequence[SourceBlocks]) -> Document:
    """Blocks of one document's files (one, or narrative + tables) → the canonical Document."""
    doc_unit = _document_unit(sources)
    read_tables: list[ReadTable] = []
    targets: list[PerformanceTarget] = []
    findings: list[Finding] = []
    paragraphs: dict[str, list[TextLine]] = {}
    texts: list[str] = []
    phases: list[str] = []
    for source in sources:
        blocks = source.blocks
        consumed: set[int] = set()
        for index, block in enumerate(blocks):
            if not isinstance(block, Grid):
                continue
            texts.extend(c for r in block.rows for c in r.cells if c)
            before = blocks[index - 1] if index and isinstance(blocks[index - 1], TextLine) else None
            match = recognise(before.text) if before is not None else None
            if match is None:
                continue
            consumed.add(index - 1)
            if match.kind == PERFORMANCE_KIND:
                target, target_findings = read_performance_target(before.text, block, source.name)
                targets.append(target)
                findings.extend(target_findings)
                continue
            after = blocks[index + 1] if index + 1 < len(blocks) else None
            note = None
            if isinstance(after, TextLine) and _NOTE.search(after.text):
                note = after.text
                consumed.add(index + 1)
            phases.append(match.phase)
            read = read_table(match.kind, before.text, block, source.name, document_unit=doc_unit, note=note)
            read_tables.append(read)
            findings.extend(read.findings)
        lines = [b for i, b in enumerate(blocks) if isinstance(b, TextLine) and i not in consumed]
        paragraphs[source.name] = lines
        texts[:0] = [b.text for b in lines]
    source_files = [SourceFile(name=s.name, sha256=s.sha256, pages=s.pages, format=s.format) for s in sources]
    meta = DocumentMeta(id=document_id([s.sha256 for s in sources]), source_files=source_files,
                        reader_version=READER_VERSION)
    if not any(r.table.kind in v.STANDARD_KINDS for r in read_tables):
        meta.status, meta.reason = "rejected", NOT_A_DISCLOSURE
        return Document(document=meta)
    tables = [r.table for r in read_tables]
    if not any(text.strip() for table in tables for row in table.rows for text in row.texts.values()):
        meta.status, meta.reason = "rejected", BLANK_TEMPLATE
        return Document(document=meta, tables=tables)
    ident = identify(
        texts,
        [(r.facts.department_code, r.facts.department) for r in read_tables],
        [r.facts.year for r in read_tables if r.facts.year],
        phases,
    )
    for field in ("department", "department_code", "region", "year", "phase", "scope", "department_key",
                  "document_key"):
        setattr(meta, field, getattr(ident, field))
    narrative = [f for name, lines in paragraphs.items() for f in narrative_facts(lines, name)]
    evidence = _structure_evidence(sources, read_tables, targets, paragraphs, ident)
    findings.extend(structure_findings(evidence))
    return Document(
        document=meta,
        figures=figures(tables, narrative),
        tables=tables,
        narrative=narrative,
        performance_targets=targets,
        findings=findings,
    )


def _structure_evidence(
    sources: Sequence[SourceBlocks],
    read_tables: Sequence[ReadTable],
    targets: Sequence[PerformanceTarget],
    paragraphs: dict[str, list[TextLine]],
    ident: Identity,
) -> StructureEvidence:
    file = ", ".join(s.name for s in sources)
    evidence = StructureEvidence(file=file, phase=ident.phase, year=ident.year)
    evidence.tables = [TableEvidence(r.table, r.data_row_count) for r in read_tables]
    all_lines = [line.text for lines in paragraphs.values() for line in lines]
    title_dept, title_year, _ = title_facts(all_lines)
    if title_year is not None:
        evidence.years.append(("title", title_year))
    if title_dept:
        evidence.departments.append(("title", title_dept))
    for r in read_tables:
        if r.facts.year is not None:
            evidence.years.append((r.table.title, r.facts.year))
        if r.facts.department:
            evidence.departments.append((r.table.title, r.facts.department))
    evidence.texts = [("department", ident.department or "")]
    evidence.texts += [("title", r.table.title) for r in read_tables]
    for r in read_tables:
        for row in r.table.rows:
            evidence.texts.append((f"{r.table.title} row", row.name))
            evidence.texts.extend((f"{r.table.title} cell", t) for t in row.texts.values() if t)
    evidence.texts += [("performance project", t.project) for t in targets]
    evidence.texts += [("text", line) for line in all_lines]
    return evidence
