"""What both halves of the text rendering share: its line discipline, cell texts and a document's headings.

Why apart: the tables (ingest/demo/writers/text_tables.py) and the narrative
(ingest/demo/writers/text_narrative.py) print into the same lines with the same rules — an untabbed
line of text, one tabbed line per cell, a blank line after each row, two after a table — and look a
cell's printed text up the same way: the published text the row keeps (``Row.texts``), otherwise
its 元 value converted back into the table's unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ingest.demo.writers.hebei_template import (
    EMPTY_NOTES,
    FINAL_EMPTY_NOTES,
    FINAL_TITLES,
    TITLES,
    UNIT,
    UNIT_FACTOR,
)
from ingest.model import Document, Row, Table

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十, 31 → 三十一 (enough for the 31 function lines)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def wan_text(value: str | Decimal | None, factor: int = UNIT_FACTOR) -> str:
    """元 amount → the printed text in the table's unit with two decimals; None → blank."""
    if value is None:
        return ""
    return f"{Decimal(value) / factor:.2f}"


class TextOut:
    """The text rendering's line discipline: untabbed text lines, tabbed cells, blank row ends."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def text(self, line: str) -> None:
        self.lines.append(line)

    def row(self, cells: Iterable[str]) -> None:
        self.lines.extend(f"\t{cell}" for cell in cells)
        self.lines.append("")

    def blank(self, count: int = 1) -> None:
        self.lines.extend([""] * count)

    def end_table(self) -> None:
        self.blank(2)

    def render(self) -> str:
        return "\n".join(self.lines).rstrip("\n") + "\n"


def cell_text(row: Row | None, column: str, factor: int) -> str:
    if row is None:
        return ""
    if column in row.texts:
        return row.texts[column]
    return wan_text(row.values.get(column), factor)


def table_factor(table: Table) -> int:
    return table.unit_factor or UNIT_FACTOR


def unit_line(table: Table) -> str:
    return f"单位：{table.unit or UNIT}"



class TextWriter:
    """A document's headings as either half prints them: department, year, 预算 or 决算 titles and words."""

    def __init__(self, doc: Document, notes: Sequence[str], out: TextOut) -> None:
        self.doc = doc
        self.meta = doc.document
        self.notes = notes
        self.out = out
        self.department = self.meta.department or ""
        self.year = self.meta.year or 0
        self.final = self.meta.phase == "final"
        self.titles = FINAL_TITLES if self.final else TITLES
        self.empty_notes = FINAL_EMPTY_NOTES if self.final else EMPTY_NOTES
        self.word = "决算" if self.final else "预算"  # 预算年度 / 决算年度, 部门预算 / 部门决算
