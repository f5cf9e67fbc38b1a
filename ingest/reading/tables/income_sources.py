"""Income by source printed as rows (Jiangsu 收入预算总表: 项目名称 | 金额)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.amounts import is_blank
from ingest.model import Row, Table
from ingest.readers.blocks import GridRow
from ingest.reading.tables.cells import CellReader, source_ref
from ingest.reading.tables.grid import pad
from ingest.reading.tables.headers import INCOME_HEADERS
from ingest.reading.tables.text import clean, first_match, strip_enumeration

_SOURCE_GROUPS = (
    (r"总计|^合计$", "total"),
    (r"一般公共预算", "general_budget"),
    (r"政府性基金", "government_fund"),
    (r"国有资本", "state_capital"),
    (r"专户", "fiscal_special"),  # 财政专户管理资金 (also misprinted 财政转专户管理资金)
    (r"上年结转|结转和结余", "carry_over"),
    (r"^其他资金$|^单位资金$", "other"),
)
_SOURCE_ITEMS = (
    (r"公共财政拨款|^财政拨款", "appropriation"),
    (r"专项收入", "earmarked"),
    (r"教育收费", "education_fees"),
    (r"非税收入", "non_tax"),
    (r"事业收入", "business"),
    (r"经营收入", "operating"),
    (r"其他收入", "other"),
    (r"债务|贷款", "debt"),
    (r"动用", "used"),
)
_SUBTOTAL = ("", "小计", "合计")


def sources_as_rows(labels: Sequence[str]) -> int | None:
    """The amount column of an income table that lists its sources as rows under one 金额 column
    (no header names a source), else None."""
    amounts = [i for i, lab in enumerate(labels) if re.fullmatch(r"金额|预算数", lab)]
    if len(amounts) != 1 or any(first_match(lab, INCOME_HEADERS) for lab in labels):
        return None
    return amounts[0]


def read_source_rows(
    table: Table, labels: list[str], amount: int, data: list[GridRow], width: int, cells: CellReader
) -> int:
    """One row per source: a group (一般公共预算资金 | 小计) and its items (| 公共财政拨款(补助)资金);
    the group's cell is printed once, in its first row. Line keys: the group's source
    (``general_budget``, ``fiscal_special``, ``other``, ``carry_over`` …) and ``<group>.<item>``
    (``general_budget.appropriation``, ``other.business``, ``carry_over.used`` …); 收入总计 is the
    table's 合计 row (``total``, level 0), read with the one column ``total``."""
    table.columns = ["total"]
    table.column_labels = {"total": labels[amount]}
    group_key = None
    count = 0
    for grid_row in data:
        raw = pad(grid_row, width)
        texts = [raw[i].strip() for i in range(amount)]
        if not any(texts) and is_blank(raw[amount]):
            continue
        item = texts[-1] if len(texts) > 1 else ""
        head = next((t for t in texts[:-1] if t), "") if len(texts) > 1 else texts[0]
        if head:
            group_key = first_match(clean(head), _SOURCE_GROUPS)
        if head and clean(item) in _SUBTOTAL:
            name, line, level = f"{head}{item}", group_key, 1
            if group_key == "total":
                name, level = head, 0
        else:
            name = item
            key = first_match(strip_enumeration(item), _SOURCE_ITEMS)
            line = f"{group_key}.{key}" if group_key and key else None
            level = 2
        row = Row(name=name, line=line, level=level, source=source_ref(grid_row))
        cells.fill(row, "total", raw[amount].strip(), labels[amount], grid_row.where(amount))
        table.rows.append(row)
        count += level != 0
    return count
