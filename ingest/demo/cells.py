"""Demo amounts and rows: 0.01 万元 integers printed as the published text, and canonical rows.

Why integers: the demo builds every document so that each balance identity holds exactly, and sums
of integers in 0.01 万元 (100 元) cannot drift. These helpers turn such an amount into what Hebei
prints (:func:`wan`), what a narrative sentence says (:func:`wan_always`) and the contract's 元
string (:func:`yuan`), and build rows with values, texts and half units exactly as the reader would
produce them, so that a generated document compares cell for cell with its reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ingest.amounts import parse_amount
from ingest.demo.catalogue import FACTOR
from ingest.model import Row


def wan(cents: int) -> str:
    """0.01 万元 units → printed 万元 text with two decimals ("" for zero: Hebei prints blanks)."""
    if cents == 0:
        return ""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


def wan_always(cents: int) -> str:
    """Like :func:`wan`, but zero prints as 0.00 (narrative sentences)."""
    return wan(cents) or "0.00"


def yuan(cents: int) -> str:
    """0.01 万元 units → the contract's 元 string."""
    return f"{cents * 100}.00"



def cell_row(code: str | None, name: str, level: int | None, line: str | None, cells: dict[str, int],
              columns: Sequence[str], *, side: str | None = None, blank_zero: bool = True) -> Row:
    """A canonical row with values, published texts and half units as the reader would produce them."""
    row = Row(code=code, name=name, level=level, line=line, side=side)
    for column in columns:
        cents = cells.get(column, 0)
        text = wan(cents) if blank_zero else wan_always(cents)
        row.texts[column] = text
        amount = parse_amount(text, FACTOR)
        row.values[column] = None if amount is None else amount.yuan()
        if amount is not None:
            row.half_units[column] = str(amount.half_unit.quantize(_HALF))
    return row


_HALF = Decimal("0.0001")


def _add(into: dict[str, int], cells: dict[str, int]) -> None:
    for key, value in cells.items():
        into[key] = into.get(key, 0) + value


def hierarchy_rows(items: dict[str, dict[str, int]], names: dict[str, str], columns: Sequence[str],
                   level_lengths: Sequence[int]) -> list[Row]:
    """合计, then each class with its children, each parent the sum of its children (B08, B09, B11).

    ``items`` maps leaf codes (7-digit 项 or 5-digit economic items) to their column amounts.
    """
    parents: dict[str, dict[str, int]] = {}
    total: dict[str, int] = {}
    for code, cells in items.items():
        for length in level_lengths[:-1]:
            _add(parents.setdefault(code[:length], {}), cells)
        _add(total, cells)
    rows = [cell_row(None, "合计", 0, "total", total, columns)]
    codes = sorted(set(items) | set(parents))
    for code in codes:
        level = level_lengths.index(len(code)) + 1
        cells = items.get(code) or parents[code]
        rows.append(cell_row(code, names[code], level, None, cells, columns))
    return rows
