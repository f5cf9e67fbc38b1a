"""`parse_file` / `parse_paths`: disclosure files → canonical ``Document``s. Reads only.

Why this module is thin: each step has its own module (a reader per format → blocks; sections
walks the blocks into titled grids, notes and paragraphs; table_kinds recognises titles; tables/
normalises grids; figures, narrative, performance, identity and structure_rules do one thing each).
This file only wires them in document order. It must stay
fast and database-free (contract.md): nothing here imports psycopg or Great Expectations, and a
test checks that.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ingest import READER_VERSION
from ingest.errors import UnreadableFile
from ingest.hashing import file_sha256
from ingest.model import Document, DocumentMeta, Finding, NarrativeFact, PerformanceTarget, SourceFile
from ingest.readers import bounded
from ingest.readers.blocks import Image, SourceBlocks, TextLine
from ingest.readers.registry import format_name, reader_for
from ingest.reading import vocabulary as v
from ingest.reading.evidence import weak_evidence, year_from_other_half
from ingest.reading.figures import figures
from ingest.reading.identity import Identity, document_id, heading_departments, identify, title_facts
from ingest.reading.narrative import narrative_facts
from ingest.reading.performance import read_performance_target
from ingest.reading.rejection import rejection_reason
from ingest.reading.sections import sections
from ingest.reading.structure_rules import StructureEvidence, TableEvidence, structure_findings
from ingest.reading.table_kinds import PERFORMANCE_KIND
from ingest.reading.tables.cells import AMOUNT_BOUND
from ingest.reading.tables.read import ReadTable, read_table

NOT_A_DISCLOSURE = "not a disclosure: no standard table found"
BLANK_TEMPLATE = "blank template: no amounts"


def _sha256(path: Path) -> str:
    """The file's hash; a file that cannot be read is named by the hash of its path."""
    return file_sha256(path) or hashlib.sha256(str(path).encode()).hexdigest()


def rejected_document(path: str | Path, reason: str) -> Document:
    """A file that is not (or cannot be read as) a disclosure: one object with status rejected."""
    path = Path(path)
    sha = _sha256(path)
    source = SourceFile(name=path.name, sha256=sha, format=format_name(path))
    return Document(document=DocumentMeta(id=document_id([sha]), status="rejected", reason=reason,
                                          source_files=[source], reader_version=READER_VERSION))


def parse_file(path: str | Path) -> Document:
    """Read one file into a Document; rejected when its format has no reader yet or it is no disclosure.

    Raises UnreadableFile when the file cannot be opened or decoded.
    """
    path = Path(path)
    if not path.is_file():
        raise UnreadableFile(path, "no such file")
    reader = reader_for(path)
    if reader is None:
        return rejected_document(path, f"unsupported format: {path.suffix.lower() or '(none)'} (issue 3)")
    return document_from_blocks([reader(path)])


Progress = Callable[[int, int, str | None], None]  # (files done, files in all, file being read)


def parse_paths(paths: Iterable[str | Path], *, progress: Progress | None = None) -> list[Document]:
    """Parse files and folders (a folder's files, sorted) into documents, ordered by document key then id.

    Files are grouped into documents by ingest/pairing.py: a sidecar manifest, else department and
    year, else ``<stem>_narrative`` / ``<stem>_tables`` names; every other file is a document of its
    own. Each file is read once. A file that cannot be read (or a manifest that cannot be used) is a
    rejected document whose reason starts with ``unreadable:``; one bad file never stops the others.
    ``progress(done, total, name)`` is called before each file is read and once at the end (name None).
    """
    from ingest.reading import pairing

    files = pairing.expand(paths)
    groups, singles, bad_manifests = pairing.manifest_groups(files)
    docs = [rejected_document(e.path, f"unreadable: {e.reason}") for e in bad_manifests]
    total = sum(len(g.files) for g in groups) + len(singles)
    done = 0

    def read(path: Path) -> SourceBlocks | Document:
        nonlocal done
        if progress is not None:
            progress(done, total, path.name)
        done += 1
        return _read_or_reject(path)

    for group in groups:
        sources = []
        for result in map(read, group.files):
            if isinstance(result, SourceBlocks):
                sources.append(result)
            else:
                docs.append(result)
        docs.extend(rejected_document(path, f"unreadable: listed in {group.label}'s manifest but not found")
                    for path in group.missing)
        if sources:
            docs.append(document_from_blocks(sources))
    read_alone: dict[Path, tuple[SourceBlocks | None, Document]] = {}
    facts: list[pairing.FileFacts] = []
    for path in singles:
        result = read(path)
        if isinstance(result, Document):
            docs.append(result)
            continue
        doc = document_from_blocks([result])
        fact = _file_facts(path, doc)
        read_alone[path] = (result if fact.half else None, doc)  # keep blocks only of possible halves
        facts.append(fact)
    for group in pairing.pair(facts):
        if len(group.files) == 1:
            docs.append(read_alone[group.files[0]][1])
        else:
            docs.append(document_from_blocks([read_alone[f][0] for f in group.files]))
    if progress is not None:
        progress(total, total, None)
    return sorted(docs, key=lambda d: (d.document.document_key or "", d.document.id))


def _read_or_reject(path: Path) -> SourceBlocks | Document:
    """A file's blocks, or the rejected document saying why it has none (unsupported, unreadable)."""
    reader = reader_for(path)
    if not path.is_file():
        return rejected_document(path, "unreadable: no such file")
    if reader is None:
        return rejected_document(path, f"unsupported format: {path.suffix.lower() or '(none)'} (issue 3)")
    try:
        return bounded.read(path)  # in a child process, under the read limits (ingest/settings.py)
    except UnreadableFile as exc:
        return rejected_document(path, f"unreadable: {exc.reason}")
    except bounded.ReaderFailed as exc:  # a reader bug on this file: named, and the other files go on
        return rejected_document(path, f"unreadable: {exc}")


def _file_facts(path: Path, doc: Document):
    """What ingest/pairing.py needs of a file read alone."""
    from ingest.reading.pairing import FileFacts

    meta = doc.document
    parsed = meta.status == "parsed"
    return FileFacts(
        path=path,
        has_tables=parsed and any(t.kind in v.STANDARD_KINDS for t in doc.tables),
        has_narrative=bool(doc.narrative),
        department=meta.department,
        year=meta.year,
        phase=meta.phase,
        scope=meta.scope,
    )


def document_from_blocks(sources: Sequence[SourceBlocks]) -> Document:
    """Blocks of one document's files (one, or narrative + tables) → the canonical Document."""
    found = sections(sources)
    paragraphs, texts = found.paragraphs, found.texts
    read_tables: list[ReadTable] = []
    targets: list[PerformanceTarget] = []
    findings: list[Finding] = []
    phases: list[str] = []
    for titled in found.grids:
        if titled.match.kind == PERFORMANCE_KIND:
            target, target_findings = read_performance_target(titled.title, titled.grid, titled.file)
            targets.append(target)
            findings.extend(target_findings)
            continue
        phases.append(titled.match.phase)
        read = read_table(titled.match.kind, titled.title, titled.grid, titled.file, document_unit=found.unit,
                          note=titled.note)
        read_tables.append(read)
        findings.extend(read.findings)
    findings.extend(_unrecognised_tables(found.unrecognised))
    source_files = [SourceFile(name=s.name, sha256=s.sha256, pages=s.pages, format=s.format) for s in sources]
    meta = DocumentMeta(id=document_id([s.sha256 for s in sources]), source_files=source_files,
                        reader_version=READER_VERSION)
    if not any(r.table.kind in v.STANDARD_KINDS for r in read_tables):
        # no standard table: still a disclosure when its title says so (tables published as images,
        # a narrative half arriving alone: S01 reports each missing table), else rejected with why
        reason = rejection_reason([b.text for lines in paragraphs.values() for b in lines], NOT_A_DISCLOSURE)
        if reason is not None:
            meta.status, meta.reason = "rejected", reason
            return Document(document=meta)
    tables = [r.table for r in read_tables]
    if (tables and not any(text.strip() for table in tables for row in table.rows for text in row.texts.values())
            and None in title_facts([b.text for lines in paragraphs.values() for b in lines])[:2]):
        # no amounts and no title naming a department and year: a fill-in form. A document that
        # names itself (上海市 XX 局 2024 年度部门决算) is read, and S05 judges its placeholders.
        meta.status, meta.reason = "rejected", BLANK_TEMPLATE
        return Document(document=meta, tables=tables)
    ident = identify(
        texts,
        [(r.facts.department_code, r.facts.department) for r in read_tables],
        [r.facts.year for r in read_tables if r.facts.year],
        phases,
        [(e.source, e.department, e.year) for s in sources for e in weak_evidence(s)],
    )
    for field in ("department", "department_code", "region", "year", "phase", "scope", "department_key",
                  "document_key"):
        setattr(meta, field, getattr(ident, field))
    meta.identity_sources = ident.sources
    findings.extend(year_from_other_half(sources, read_tables, ident.year))
    narrative = [f for name, lines in paragraphs.items() for f in narrative_facts(lines, name)]
    narrative, too_big = _within_warehouse(narrative)
    findings.extend(too_big)
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


PERCENT_BOUND = Decimal("99999.99995")  # raw.narrative_fact.stated_percent is numeric(9, 4)


def _within_warehouse(facts: Sequence[NarrativeFact]) -> tuple[list[NarrativeFact], list[Finding]]:
    """The narrative facts the warehouse can hold, and an R05 finding for each figure beyond its numeric
    columns (an amount of 10^18 元 or more, a percentage of 100,000 or more): reported, not kept as a fact."""
    kept, findings = [], []
    for fact in facts:
        try:
            number = abs(Decimal(fact.stated.rstrip("%"))) if fact.unit in ("元", "万元", "%") else None
        except InvalidOperation:
            number = None
        bound = PERCENT_BOUND if fact.stated.endswith("%") else AMOUNT_BOUND
        if number is None or number < bound:
            kept.append(fact)
            continue
        shown = fact.stated_text if len(fact.stated_text) <= 40 else f"{fact.stated_text[:20]}…{fact.stated_text[-20:]}"
        findings.append(Finding(
            rule="R05", severity="error", file=fact.file, page=fact.page,
            message=(f"narrative: the figure {shown!r} is more than the warehouse holds "
                     f"({'numeric(9, 4): under 100,000%' if bound is PERCENT_BOUND else 'numeric(20, 2): under 10^18 元'})"
                     " and is not kept as a stated figure" + (f" (page {fact.page})" if fact.page else "")
                     + (f" (line {fact.line})" if fact.line else ""))))
    return kept, findings


def _unrecognised_tables(grids: Sequence[tuple[str, str, int | None]]) -> list[Finding]:
    """R03: a grid that prints amounts under a title no table kind recognises (ingest/reference/
    table_titles.csv): not read, and said so (a warning: S01 judges the standard set)."""
    return [
        Finding(rule="R03", severity="warn", table=title or None, file=file, page=page,
                message=(f"a table printing amounts on page {page} is not read: its title {title!r} names no "
                         "table kind (ingest/reference/table_titles.csv)") if title else
                (f"a table printing amounts on page {page} is not read: no title names its kind"))
        for title, file, page in grids
    ]


def _structure_evidence(
    sources: Sequence[SourceBlocks],
    read_tables: Sequence[ReadTable],
    targets: Sequence[PerformanceTarget],
    paragraphs: dict[str, list[TextLine]],
    ident: Identity,
) -> StructureEvidence:
    file = ", ".join(s.name for s in sources)
    evidence = StructureEvidence(file=file, phase=ident.phase, year=ident.year)
    evidence.images = sum(isinstance(b, Image) for s in sources for b in s.blocks)
    evidence.tables = [TableEvidence(r.table, r.data_row_count) for r in read_tables]
    all_lines = [line.text for lines in paragraphs.values() for line in lines]
    title_dept, title_year, _ = title_facts(all_lines)
    if title_year is not None:
        evidence.years.append(("title", title_year))
    if title_dept:
        evidence.departments.append(("title", title_dept))
    evidence.departments.extend(("table heading", name) for name in heading_departments(all_lines))
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
