"""三公 printed as one row, the parts as columns (Shanghai): one canonical row per part."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.amounts import looks_like_amount
from ingest.model import Row, Table
from ingest.readers.blocks import GridRow
from ingest.reading.tables.cells import CellReader, source_ref
from ingest.reading.tables.grid import pad
from ingest.reading.tables.lines import three_public_line
from ingest.reading.tables.unmapped import report_unmapped_columns


def parts_as_columns(paths: Sequence[Sequence[str]]) -> bool:
    return sum(1 for p in paths if _three_public_part(p)[0] in ("abroad", "reception")) >= 2


def _three_public_part(path: Sequence[str]) -> tuple[str | None, str]:
    """(line, column) of one 三公 column from its header path: 决算 tables pair 预算数 / 决算数
    under each part; a budget prints one amount per part. 小计 / 购置费 / 运行费 under
    公务用车购置及运行费 are the car lines."""
    column = "total"
    texts = list(path)
    if texts and texts[-1] in ("预算数", "决算数"):
        column = "budget" if texts.pop() == "预算数" else "total"  # 决算数 is the document's own amount
    for k in range(len(texts) - 1, -1, -1):
        parent = three_public_line(texts[k - 1]) if k else None
        leaf = texts[k]
        if parent == "car":
            if re.search(r"小计|合计", leaf):
                return "car", column
            if "购置" in leaf:
                return "car.purchase", column
            if "运行" in leaf or "运维" in leaf:
                return "car.operation", column
        line = three_public_line(leaf)
        if line == "subtotal" and parent is None and k == 0:
            return "subtotal", column
        if line:
            return line, column
    return None, column


def read_three_public_columns(
    table: Table, paths: list[list[str]], data: list[GridRow], width: int, cells: CellReader
) -> int:
    """One printed row (or none) → one canonical row per part (total, abroad, car …)."""
    parts: dict[str, Row] = {}
    columns: list[str] = []
    printed = [r for r in data if any(looks_like_amount(c) for c in r.cells)]
    unread: list[int] = []
    for j, path in enumerate(paths):
        line, column = _three_public_part(path)
        if line is None:
            unread.append(j)
            continue
        if column not in columns:
            columns.append(column)
        if not printed:
            continue
        grid_row = printed[0]
        raw = pad(grid_row, width)
        row = parts.get(line)
        if row is None:
            name = next((t for t in reversed(path) if t not in ("预算数", "决算数")), line)
            row = parts[line] = Row(name=name, line=line, level=0 if line == "total" else None,
                                    source=source_ref(grid_row))
        cells.fill(row, column, raw[j].strip(), "/".join(path), grid_row.where(j))
    labels = ["/".join(path) if j in unread else "" for j, path in enumerate(paths)]
    report_unmapped_columns(cells, labels, printed, width, [], ())
    table.columns = columns
    table.column_labels = {"total": "决算数" if "budget" in columns else "预算数", "budget": "预算数"}
    table.column_labels = {c: table.column_labels[c] for c in columns}
    table.rows.extend(parts.values())
    return len(printed)
