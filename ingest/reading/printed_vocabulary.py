"""What the documents print → the canonical names: the vocabulary of titles, column headers and row
labels, held as data in ingest/reference/ and read once here.

- ``table_titles.csv``: ``order, kind, pattern, qualifier, example, phase, source, note``. A title is
  tried against the patterns in ``order`` (most specific first: 基本支出 before 一般公共预算,
  财政拨款收支总表 before 收支总表, “三公” before everything naming 一般公共预算); ``qualifier``, when
  given, must be found in the bracketed qualifier after the title (…支出表（按经济科目）).
- ``column_headers.csv``: ``order, family, pattern, column, example, note``: a printed header →
  canonical column, per header family (which kinds use which family: ingest/reading/tables/headers.py);
  family ``*`` lists printed text columns that hold no amount (column ``-``: 序号, 数量, 采购组织形式 …).
- ``summary_lines.csv``: ``list, order, pattern, line, example, note``: a printed row label → line
  key, per list (summary_income, summary_expenditure, summary_use, three_public, fixed_assets).

Every row carries an ``example`` as printed: tests/ingest/reading/test_printed_vocabulary.py reads
each one back through the reader and checks it lands on the row's kind, column or line. dbt loads
the same files as seeds (dbt_project/seeds/*.yml describe them).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent.parent / "reference"
TABLE_TITLES_CSV = REFERENCE / "table_titles.csv"
COLUMN_HEADERS_CSV = REFERENCE / "column_headers.csv"
SUMMARY_LINES_CSV = REFERENCE / "summary_lines.csv"
TEXT_COLUMN = "-"  # column_headers.csv: a printed text column, no amount
TEXT_FAMILY = "*"


@dataclass(frozen=True)
class TitlePattern:
    order: int
    kind: str
    pattern: re.Pattern[str]
    qualifier: re.Pattern[str] | None
    example: str
    phase: str


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def title_patterns() -> tuple[TitlePattern, ...]:
    rows = sorted(_rows(TABLE_TITLES_CSV), key=lambda r: int(r["order"]))
    return tuple(
        TitlePattern(int(r["order"]), r["kind"], re.compile(r["pattern"]),
                     re.compile(r["qualifier"]) if r["qualifier"] else None, r["example"], r["phase"])
        for r in rows
    )


@cache
def header_patterns() -> dict[str, tuple[tuple[str, str], ...]]:
    """family → ((pattern, column), …) in order; the ``*`` family's column is ``-``."""
    families: dict[str, list[tuple[int, str, str]]] = {}
    for r in _rows(COLUMN_HEADERS_CSV):
        families.setdefault(r["family"], []).append((int(r["order"]), r["pattern"], r["column"]))
    return {f: tuple(dict.fromkeys((p, c) for _, p, c in sorted(rows))) for f, rows in families.items()}


@cache
def line_patterns() -> dict[str, tuple[tuple[str, str], ...]]:
    """list → ((pattern, line key), …) in order."""
    lists: dict[str, list[tuple[int, str, str]]] = {}
    for r in _rows(SUMMARY_LINES_CSV):
        lists.setdefault(r["list"], []).append((int(r["order"]), r["pattern"], r["line"]))
    return {name: tuple(dict.fromkeys((p, k) for _, p, k in sorted(rows))) for name, rows in lists.items()}


def examples(path: Path) -> list[dict[str, str]]:
    """Every row of a vocabulary CSV (the tests read each row's example back)."""
    return _rows(path)
