"""A printed cell → exact 元 in a Row (R01 when it is no amount), and a printed row's source reference."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ingest.amounts import AmountError, parse_amount
from ingest.model import Finding, Row, SourceRef
from ingest.readers.blocks import GridRow

HALF_UNIT_PLACES = Decimal("0.0001")  # raw.table_cell.half_unit is numeric(20, 4)


def _format_half(value: Decimal) -> str:
    return str(value.quantize(HALF_UNIT_PLACES))


@dataclass
class CellReader:
    """Turns printed cells into values / texts / half_units of a Row, collecting R01 findings."""

    kind: str
    title: str
    file: str
    factor: int | None
    findings: list[Finding] = field(default_factory=list)
    page: int | None = None  # where the table is printed (R02 names it)

    def fill(self, row: Row, column: str, text: str, label: str, where: str | None = None) -> None:
        """``where``: the cell's place in the file when the reader knows it (sheet / row / cell)."""
        row.texts[column] = text
        try:
            amount = parse_amount(text, self.factor or 1)
        except AmountError:
            row.values[column] = None
            self.findings.append(
                Finding(
                    rule="R01",
                    severity="error",
                    table=self.kind,
                    row=row.code or row.name,
                    column=column,
                    file=self.file,
                    message=(
                        f"{self.title}: row {row.code or ''} {row.name!r}, column {label or column}: "
                        f"cell {text!r} is not an amount" + (f" ({where})" if where else "")
                    ).replace("row  ", "row "),
                )
            )
            return
        if amount is None or self.factor is None:
            # blank, or no unit to convert with (S04 reports the unit once; never a guess)
            row.values[column] = None
            return
        row.values[column] = amount.yuan()
        row.half_units[column] = _format_half(amount.half_unit)


def source_ref(row: GridRow) -> SourceRef:
    return SourceRef(page=row.page, line=row.line, text=row.text)
