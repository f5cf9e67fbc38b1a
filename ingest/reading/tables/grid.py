"""A grid's scaffolding: meta rows, header rows and data rows; 栏次; split 类 / 款 / 项 code columns."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.amounts import looks_like_amount
from ingest.readers.blocks import Grid, GridRow
from ingest.reading.tables.text import ENUMERATION, TOTAL_NAMES, clean

DEPT_CODE = re.compile(r"^(\d{3,9})\s*(?!年)([^\d\s:：][^:：]*)$")  # 203组织部门, not 2024年…
META = re.compile(r"(预算|决算)年度|单位[:：]|编制(部门|单位)|截止(时间|日期)")
_EMPTY_MARKERS = re.compile(r"^(无|此表为空|本表为空|[…。.．·]+)$")
_CODE_LABELS = ("类", "款", "项")


def _is_meta_row(row: GridRow) -> bool:
    cells = [c for c in row.cells if c.strip()]
    if not cells:
        return False
    return all(META.search(c) or DEPT_CODE.match(clean(c)) for c in cells) and not any(
        looks_like_amount(c) for c in cells
    )


def _is_column_number_row(row: GridRow) -> bool:
    """栏次 1 2 3 …, or a row of consecutive column numbers alone."""
    cells = [clean(c) for c in row.cells]
    if cells and cells[0] == "栏次":
        return True
    numbers = [c for c in cells if c]
    return len(numbers) >= 3 and numbers == [str(i) for i in range(1, len(numbers) + 1)] and len(numbers) == len(cells)


def split_grid(grid: Grid) -> tuple[list[GridRow], list[GridRow], list[GridRow]]:
    """(meta rows, header rows, data rows). The 栏次 row, when printed, ends the header."""
    rows = list(grid.rows)
    meta: list[GridRow] = []
    while rows and (_is_meta_row(rows[0]) or rows[0].is_blank()):
        meta.append(rows.pop(0))
    numbered = next((i for i, r in enumerate(rows) if _is_column_number_row(r)), None)
    if numbered is not None:
        return meta, rows[:numbered], rows[numbered + 1 :]
    header: list[GridRow] = []
    positional = any(r.spans for r in rows)
    while rows and not any(looks_like_amount(c) for c in rows[0].cells[1:]) and not rows[0].is_blank():
        if positional and _positional_data_row(rows[0]):
            break
        if not positional and header and _looks_like_data_label(rows[0]):
            break
        header.append(rows.pop(0))
    return meta, header, rows


def _looks_like_data_label(row: GridRow) -> bool:
    first = clean(next((c for c in row.cells if c.strip()), ""))
    return bool(re.match(r"^\d{3,7}$", first)) or first in TOTAL_NAMES


def pad(row: GridRow, width: int) -> list[str]:
    return list(row.cells) + [""] * (width - len(row.cells))


def is_empty_marker_row(cells: Sequence[str]) -> bool:
    """A row holding only 无 (an empty table says so) or ellipses (a template's sample rows)."""
    texts = [clean(c) for c in cells if clean(c)]
    return bool(texts) and all(_EMPTY_MARKERS.match(t) for t in texts)


def _positional_data_row(row: GridRow) -> bool:
    """In a positional grid, where the header ends: a row that starts with a subject code, an
    empty-table marker, or a 合计 row whose other cells hold no header text."""
    first = clean(row.cells[0]) if row.cells else ""
    if re.match(r"^\d{3,7}$", first) or is_empty_marker_row(row.cells) or ENUMERATION.match(first):
        return True  # a code, 无, or a numbered line (一、一般公共预算财政拨款收入) of a table with no amounts
    if first in TOTAL_NAMES:
        return all(not clean(c) or looks_like_amount(c) for c in row.cells[1:])
    return False


def join_code(cells: Sequence[str]) -> tuple[str | None, int]:
    """Code cells of a row → (joined code, how many code columns are filled).

    Split over 类 / 款 / 项 columns the parts join (204 | 06 | 01 → 2040601); a one-digit 款 or 项
    part lost its leading zero in a spreadsheet export and is padded (301 | 2 → 30102). The 类
    part is never padded: a misprinted 类 (7 | 11 | 02) stays as printed, for the rules to catch.
    """
    texts = [clean(c) for c in cells]
    filled = [t for t in texts if t]
    if not filled:
        return None, 0
    if len(texts) > 1 and all(t.isdigit() for t in filled):
        padded = [texts[0]] + [t.zfill(2) if len(t) == 1 else t for t in texts[1:]]
        return "".join(padded), len(filled)
    return "".join(texts), len(filled) if len(texts) > 1 else 1


def lift_code_labels(header: list[GridRow], data: list[GridRow]) -> tuple[list[GridRow], list[GridRow]]:
    """决算 tables print the 类 / 款 / 项 labels in the band of the 合计 row: move them to a header row."""
    if not data:
        return header, data
    first = data[0]
    positions = [i for i, c in enumerate(first.cells) if clean(c) in _CODE_LABELS]
    if not positions or not any(looks_like_amount(c) or clean(c) in TOTAL_NAMES for c in first.cells):
        return header, data
    labels = tuple(c if i in positions else "" for i, c in enumerate(first.cells))
    rest = tuple("" if i in positions else c for i, c in enumerate(first.cells))
    spans = tuple(1 for _ in first.cells)
    lifted = GridRow(labels, line=first.line, page=first.page, spans=spans)
    kept = GridRow(rest, line=first.line, page=first.page, spans=first.spans, refs=first.refs)
    return header + [lifted], [kept] + data[1:]
