"""The common reading: one canonical row per printed row (code, name, level, line key, amounts)."""

from __future__ import annotations

import re

from ingest.amounts import is_blank
from ingest.model import Row, Table
from ingest.readers.blocks import GridRow
from ingest.reading import vocabulary as v
from ingest.reading.printed_vocabulary import TEXT_COLUMN
from ingest.reading.tables.cells import CellReader, source_ref
from ingest.reading.tables.grid import is_empty_marker_row, join_code, pad
from ingest.reading.tables.headers import HEADERS_BY_KIND, is_code_header, is_label_header
from ingest.reading.tables.lines import fixed_asset_line, three_public_line
from ingest.reading.tables.text import TOTAL_NAMES, clean, first_match
from ingest.reading.tables.unmapped import report_unmapped_columns

# a subject code printed in the name cell (the ruling between the two is missing): 30104其他社会保障缴费
_CODE_IN_LABEL = re.compile(r"^(\d{3}|\d{5}|\d{7})(?![\d年月日%.])(\S.*)$")


def _level_of(kind: str, code: str | None) -> int | None:
    if not code:
        return None
    if kind in ("basic_expenditure", "fiscal_basic_expenditure", "operating_costs", "economic_expenditure"):
        return v.level_of_economic_code(code)
    return v.level_of_function_code(code)


def _classify(kind: str, row: Row, parts: int) -> None:
    """A row's level and line key from its code, its name and how its code was printed."""
    if not row.code and clean(row.name) in TOTAL_NAMES:
        row.level, row.line = 0, "total"
    elif kind == "three_public":
        row.line = three_public_line(row.name)
        row.level = 0 if row.line == "total" else None
    elif kind == "fixed_assets":
        row.line = fixed_asset_line(row.name)
        row.level = {"total": 0, "buildings.office": 2}.get(row.line or "", 1)
    elif parts > 1:
        row.level = parts  # split 类 / 款 / 项 columns: the level is where the code was printed
    else:
        row.level = _level_of(kind, row.code)


def read_rows(
    kind: str, table: Table, labels: list[str], data: list[GridRow], width: int, cells: CellReader
) -> int:
    patterns = HEADERS_BY_KIND.get(kind, ())
    code_cols = [i for i, lab in enumerate(labels) if is_code_header(lab)]
    label_cols = [i for i, lab in enumerate(labels) if is_label_header(lab) and i not in code_cols]
    amount_cols: dict[int, str] = {}
    for i, lab in enumerate(labels):
        if i in code_cols or i in label_cols or lab == "序号":
            continue
        column = first_match(lab, patterns)
        if column and column != TEXT_COLUMN and column not in amount_cols.values():
            amount_cols[i] = column
    name_col = label_cols[0] if label_cols else None
    numbered = [i for i, lab in enumerate(labels) if lab == "序号"]
    report_unmapped_columns(cells, labels, data, width, [*amount_cols, *code_cols, *label_cols, *numbered],
                            patterns)
    table.columns = list(amount_cols.values())
    table.column_labels = {column: labels[i] for i, column in amount_cols.items()}
    count = 0
    for grid_row in data:
        raw = pad(grid_row, width)
        if is_empty_marker_row(raw):
            continue  # 无 / … : an empty table's marker, a template's placeholder row
        code, parts = join_code([raw[i] for i in code_cols])
        name = raw[name_col].strip() if name_col is not None else ""
        if not name and name_col is None:
            name = next((c.strip() for i, c in enumerate(raw) if c.strip() and i not in amount_cols), "")
        if kind == "procurement":
            # 采购品目大类 | 专项名称 | 经济科目 | 采购物品名称 | 采购组织形式: each row fills some of them
            name = " / ".join(c.strip() for i, c in enumerate(raw) if c.strip() and i not in amount_cols)
        if not code and not name and all(is_blank(raw[i]) for i in amount_cols):
            continue  # blank filler row (an empty table prints one)
        if code and not code.isdigit():
            name, code, parts = f"{code}{name}", None, 0
        if code_cols and not code and (m := _CODE_IN_LABEL.match(clean(name))):
            code, name, parts = m.group(1), m.group(2), 1  # no ruling between the code and name cells
        if not code and not name and name_col is None and not code_cols and "total" in amount_cols.values():
            # Jiangsu 支出预算总表: one row of amounts under 合计 | 基本支出 | 项目支出 | …: the table's 合计
            name = next(labels[i] for i, column in amount_cols.items() if column == "total")
        row = Row(code=code, name=name, source=source_ref(grid_row))
        blank_total = not code and clean(name) in TOTAL_NAMES and all(is_blank(raw[i]) for i in amount_cols)
        count += 0 if blank_total else 1  # an empty table's 合计 row with nothing in it is no data
        _classify(kind, row, parts)
        for i, column in amount_cols.items():
            cells.fill(row, column, raw[i].strip(), labels[i], grid_row.where(i))
        table.rows.append(row)
    return count
