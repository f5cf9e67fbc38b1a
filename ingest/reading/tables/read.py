"""``read_table``: one recognised grid → a canonical Table, by the reading its layout needs.

The package docstring (``__init__.py``) says what each module of ``ingest/reading/tables/`` holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.model import Finding, Table
from ingest.readers.blocks import Grid
from ingest.reading import vocabulary as v
from ingest.reading.tables.cells import CellReader
from ingest.reading.tables.grid import lift_code_labels, split_grid
from ingest.reading.tables.headers import (
    TableHeaderFacts,
    column_labels,
    header_facts,
    merged_column_paths,
    path_labels,
    positional_column_paths,
)
from ingest.reading.tables.income_sources import read_source_rows, sources_as_rows
from ingest.reading.tables.panels import find_panels, read_panels
from ingest.reading.tables.rows import read_rows
from ingest.reading.tables.summary import read_summary
from ingest.reading.tables.three_public import parts_as_columns, read_three_public_columns

SUMMARY_KINDS = ("summary", "fiscal_summary")


@dataclass
class ReadTable:
    table: Table
    facts: TableHeaderFacts
    findings: list[Finding] = field(default_factory=list)
    data_row_count: int = 0  # physical rows with any label or amount (S02: "has rows")


def read_table(
    kind: str,
    title: str,
    grid: Grid,
    file: str,
    document_unit: str | None = None,
    note: str | None = None,
) -> ReadTable:
    """Normalise one recognised grid into a canonical Table (see the package docstring)."""
    meta, header, data = split_grid(grid)
    facts = header_facts(meta, header, title)
    unit = facts.unit or document_unit
    factor = v.UNIT_FACTORS.get(unit) if unit else None
    table = Table(kind=kind, title=title, unit=unit, unit_factor=factor, file=file, page=grid.page, note=note)
    cells = CellReader(kind, title, file, factor, page=grid.page)
    width = max([grid.width] + [len(r.cells) for r in data])
    paths: list[list[str]] | None = None
    if any(r.spans for r in header):
        header, data = lift_code_labels(header, data)
        paths = positional_column_paths(header, width)
        labels = path_labels(kind, paths)
    elif kind not in SUMMARY_KINDS and len(header) > 2 and (tree := merged_column_paths(header, width)) is not None:
        labels = path_labels(kind, tree)  # a header tree of three levels or more, merged cells blanked
    else:
        labels = column_labels(header, width)
    if kind in SUMMARY_KINDS:
        count = read_summary(kind, table, labels, data, width, cells)
    elif kind == "three_public" and paths is not None and parts_as_columns(paths):
        count = read_three_public_columns(table, paths, data, width, cells)
    elif kind == "basic_expenditure" and (panels := find_panels(labels)) is not None:
        count = read_panels(kind, table, labels, panels, data, width, cells)
    elif kind == "income" and (amount := sources_as_rows(labels)) is not None:
        count = read_source_rows(table, labels, amount, data, width, cells)
    else:
        count = read_rows(kind, table, labels, data, width, cells)
    return ReadTable(table=table, facts=facts, findings=cells.findings, data_row_count=count)
