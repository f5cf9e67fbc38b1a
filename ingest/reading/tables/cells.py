"""A printed cell → exact 元 in a Row (R01 when it is no amount), and a printed row's source reference."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ingest.amounts import AmountError, parse_amount
from ingest.model import Finding, Row, SourceRef
from ingest.readers.blocks import GridRow

HALF_UNIT_PLACES = Decimal("0.0001")  # raw.table_cell.half_unit is numeric(20, 4)
# raw.table_cell.amount is numeric(20, 2): 18 digits before the point; half_unit numeric(20, 4): 16
AMOUNT_BOUND = Decimal("999999999999999999.995")
HALF_UNIT_BOUND = Decimal("9999999999999999.99995")


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
        if abs(amount.value) >= AMOUNT_BOUND or amount.half_unit >= HALF_UNIT_BOUND:
            # more than the warehouse holds (and than any budget prints): a reading finding on the
            # cell, never a load that fails at COPY
            row.values[column] = None
            self.findings.append(
                Finding(
                    rule="R05", severity="error", table=self.kind, row=row.code or row.name, column=column,
                    file=self.file,
                    message=(
                        f"{self.title}: row {row.code or ''} {row.name!r}, column {label or column}: "
                        f"cell {_shown(text)} reads as an amount of {amount.value.adjusted() + 1:,} digits in 元, "
                        "more than the warehouse holds (numeric(20, 2): under 10^18 元)"
                        + (f" ({where})" if where else "")
                    ).replace("row  ", "row "),
                )
            )
            return
        row.values[column] = amount.yuan()
        row.half_units[column] = _format_half(amount.half_unit)


def _shown(text: str, keep: int = 40) -> str:
    """The printed text, shortened in the middle when it is long (a 5,000-digit cell is named, not printed)."""
    return repr(text) if len(text) <= keep else repr(f"{text[:keep // 2]}…{text[-keep // 2:]}") + f" ({len(text):,} characters)"


def source_ref(row: GridRow) -> SourceRef:
    return SourceRef(page=row.page, line=row.line, text=row.text)
