"""Read a layout variant back and say how it differs from the Document it printed.

The oracle of reading (issue 11): a generated Document balances by construction and we know every
cell of it, so a variant read back must give the Document's figures and the tables of its text
rendering (the seed's layout, which the round-trip test proves reads as the Document) — the same rows
(code, name, level, line, side), in any order, with the same value in every cell — and no finding at
all: the Document has none (it balances by construction) and its text rendering reads with none
(``reference`` checks it), so any finding of a variant is the reader's. A zero printed as
blank, 0, 0.00 or - is the same value; a cell's printed text (1,234.56 or 1234.56) is no value and is
not compared. A shape that prints more than the text rendering does is checked against what it
prints: a third summary panel's 基本支出 / 项目支出 rows (the 支出总表's 合计 by use), a 单位资金 小计
column (the sum of its sources). The caller passes the parser (the demo room imports no reading). Used by tests/ingest/demo/test_layout_variants.py and bench/layout_variants.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ingest.demo.catalogue import DEFAULT_SEED, DEFAULT_YEARS, DEMO_NOTE, DEPARTMENTS
from ingest.demo.documents import build_document
from ingest.demo.layouts import LayoutOptions
from ingest.model import Document

Parse = Callable[[Path], Document]  # ingest.reading.parse.parse_file: the demo room does not import reading


def source_documents(count: int, first_seed: int = DEFAULT_SEED) -> Iterator[Document]:
    """``count`` generated budget Documents: every department × demo year, for seed after seed."""
    seed, made = first_seed, 0
    while True:
        for spec in DEPARTMENTS:
            for year in DEFAULT_YEARS:
                if made == count:
                    return
                yield build_document(spec, year, seed)
                made += 1
        seed += 1


def _value(text: str | None) -> Decimal:
    if text is None or not str(text).strip() or str(text).strip() == "-":
        return Decimal(0)
    try:
        return Decimal(str(text).replace(",", ""))
    except InvalidOperation:
        return Decimal("NaN")


def _rows(doc: Document, kind: str) -> list[tuple]:
    table = doc.table(kind)
    if table is None:
        return []
    out = []
    for row in table.rows:
        values = {k: _value(v) for k, v in row.values.items() if _value(v) != 0}
        out.append((row.code, row.name, row.level, row.line, row.side, tuple(sorted(values.items()))))
    return out


_USE_LINES = {"use.basic": ("一、基本支出", "basic"), "use.project": ("二、项目支出", "project")}


def _use_rows(doc: Document) -> list[tuple]:
    """The rows a summary's 支出按用途 panel (ingest/demo/layout_shapes.py add_use_panel) reads as."""
    table = doc.table("expenditure")
    total = next((r for r in table.rows if r.line == "total"), None) if table is not None else None
    out = []
    for line, (name, column) in _USE_LINES.items():
        value = _value(total.values.get(column)) if total is not None else Decimal(0)
        out.append((None, name, None, line, "expenditure", (("amount", value),) if value else ()))
    return out


_UNIT_SOURCES = ("business", "operating", "superior_subsidy", "subordinate_remit", "other")


def _with_unit_funds(rows: list[tuple]) -> list[tuple]:
    out = []
    for row in rows:
        values = dict(row[5])
        total = sum((values.get(c, Decimal(0)) for c in _UNIT_SOURCES), Decimal(0))
        if total:
            values["unit_funds"] = total
        out.append((*row[:5], tuple(sorted(values.items()))))
    return out


def differences(source: Document, read: Document, limit: int = 5) -> list[str]:
    """What ``read`` gets wrong about ``source``: figures, tables, rows, cells, findings (at most
    ``limit`` lines per kind)."""
    out: list[str] = []
    for name, want in source.figures.model_dump().items():
        got = getattr(read.figures, name)
        if _value(want) != _value(got):
            out.append(f"figure {name}: {got} (want {want})")
    kinds = [t.kind for t in source.tables]
    got_kinds = [t.kind for t in read.tables]
    missing = [k for k in kinds if k not in got_kinds]
    if missing:
        out.append(f"tables not read: {missing}")
    for kind in kinds:
        if kind in missing:
            continue
        want_table, got_table = source.table(kind), read.table(kind)
        if (want_table.unit or None) != (got_table.unit or None):
            out.append(f"{kind}: unit {got_table.unit} (want {want_table.unit})")
        # the order rows print in is layout (合计 first or last), not content
        want, got = sorted(_rows(source, kind), key=repr), sorted(_rows(read, kind), key=repr)
        if kind == "summary" and any(row[3] in _USE_LINES for row in got):
            # a third panel prints the expenditure by use: the 支出总表's 合计 by 基本 / 项目支出
            want = sorted(want + _use_rows(source), key=repr)
        if kind == "income" and any("unit_funds" in dict(row[5]) for row in got):
            want = sorted(_with_unit_funds(want), key=repr)  # a 单位资金 小计 column (group_unit_funds)
        if want != got:
            bad = [f"{kind} row {i}: {g} (want {w})" for i, (w, g) in enumerate(zip(want, got, strict=False)) if w != g]
            if len(want) != len(got):
                bad.insert(0, f"{kind}: {len(got)} rows (want {len(want)})")
            out += bad[:limit]
    # no finding at all: a generated document balances and every column it prints is in the
    # vocabulary, so a reading finding (R02 …) or a balance finding is a reader bug
    out += [f"finding {f.rule} {f.severity}: {f.message}" for f in read.findings][:limit]
    return out


def reference(source: Document, folder: Path, parse_file: Parse) -> Document:
    """``source`` as its text rendering reads: the tables every variant must read the same."""
    from ingest.demo.writers.text_rendering import render_text

    path = folder / f"reference_{source.document.department_code}_{source.document.year}.txt"
    path.write_text(render_text(source, notes=[DEMO_NOTE]), encoding="utf-8")
    read = parse_file(path)
    assert read.figures == source.figures, "the text rendering reads as the Document"
    assert not source.findings, f"a generated Document has no finding: {source.findings}"
    assert not read.findings, f"the text rendering reads with no finding: {[f.message for f in read.findings]}"
    return read


FORMATS = ("pdf", "docx", "xlsx")


def read_variant(source: Document, options: LayoutOptions, folder: Path, parse_file: Parse,
                 fmt: str = "pdf") -> Document:
    """``source`` written as ``fmt`` (pdf, docx, xlsx) as ``options`` say, read back."""
    from ingest.demo.writers.docx import write_docx
    from ingest.demo.writers.pdf import write_pdf
    from ingest.demo.writers.xlsx import write_xlsx

    writer = {"pdf": write_pdf, "docx": write_docx, "xlsx": write_xlsx}[fmt]
    path = writer(source, folder / f"variant_{source.document.department_code}_{source.document.year}.{fmt}",
                  notes=[DEMO_NOTE], options=options)
    return parse_file(path)
