"""Nothing dropped in silence: a printed column the vocabulary cannot map is a reading finding (R02).

A column of a recognised table whose header maps to no canonical column (ingest/reference/
column_headers.csv), or to one another column of the table already holds while it prints something
of its own, is not read. R02 names the table's title, its page and the printed header. It is an
error where the balance rules would miss the column's amounts (a table kind whose columns are summed
by an identity, and the column prints a non-zero amount): the sums the rules check would come out
short because of the reading, not the document. Otherwise (a blank column, a summary's breakdown
beside the one amount the rules read, an extra table) it is a warning.
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.amounts import AmountError, parse_amount
from ingest.model import Finding
from ingest.readers.blocks import GridRow
from ingest.reading.printed_vocabulary import TEXT_COLUMN
from ingest.reading.tables.cells import CellReader
from ingest.reading.tables.grid import pad
from ingest.reading.tables.headers import TEXT_HEADERS
from ingest.reading.tables.text import clean, first_match

# kinds whose columns are terms of a "total = sum of parts" rule (expectations/identities/*.csv)
SUMMED_KINDS = ("income", "expenditure", "general_budget", "government_fund", "state_capital",
                "basic_expenditure", "fiscal_summary")


def _prints_amount(values: Sequence[str]) -> bool:
    for text in values:
        try:
            amount = parse_amount(text.strip(), 1)
        except AmountError:
            continue
        if amount is not None and amount.yuan() not in ("0.00", "-0.00"):
            return True
    return False


def report_unmapped_columns(
    cells: CellReader,
    labels: Sequence[str],
    data: Sequence[GridRow],
    width: int,
    read: Sequence[int],
    patterns: Sequence[tuple[str, str]],
    summed: bool = True,
) -> None:
    """R02 for every printed header among ``labels`` whose column is not in ``read`` (the indices the
    table's reading used: amounts, codes, names) and that is no printed text column (序号, 数量 …).
    ``summed``: whether the rules sum this part of the table's columns."""
    rows = [pad(r, width) for r in data]
    for i, label in enumerate(labels):
        text = clean(label)
        if not text or i in read or first_match(text, TEXT_HEADERS):
            continue
        values = [r[i] for r in rows]
        column = first_match(text, patterns)
        if column == TEXT_COLUMN:
            continue  # printed text of this kind of table (procurement's 单价, 预算资金 …)
        if column is not None and not any(v.strip() for v in values):
            continue  # a second header of a column already read (merged header cells), nothing printed
        amounts = _prints_amount(values)
        severity = "error" if summed and cells.kind in SUMMED_KINDS and amounts else "warn"
        why = (f"the vocabulary maps it to {column}, which another column of the table already holds"
               if column is not None else "the vocabulary (ingest/reference/column_headers.csv) maps it to no column")
        effect = ("it prints amounts the balance rules would miss" if severity == "error"
                  else "it prints amounts" if amounts else "nothing is printed under it")
        cells.findings.append(Finding(
            rule="R02",
            severity=severity,
            table=cells.kind,
            column=label,
            file=cells.file,
            page=cells.page,
            message=f"{cells.title} (page {cells.page}): column {label!r} is not read: {why}; {effect}",
        ))
