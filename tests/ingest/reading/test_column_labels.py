"""One list of printed column headings (ingest/reference/column_labels.csv) for `budgetwh validate`
and the balance rules' messages: every canonical column has one, and both readers print the same."""

from __future__ import annotations

import csv

from expectations import suites
from ingest.reading import vocabulary as v


def _canonical_columns() -> set[str]:
    columns = {v.AMOUNT, v.THREE_PUBLIC_BUDGET_COLUMN}
    for name in dir(v):
        if name.endswith("_COLUMNS") and isinstance(getattr(v, name), tuple):
            columns.update(getattr(v, name))
    return columns


def test_every_canonical_column_has_a_printed_heading():
    with v.COLUMN_LABELS_CSV.open(encoding="utf-8", newline="") as handle:
        listed = {row["column_name"] for row in csv.DictReader(handle)}
    assert _canonical_columns() <= listed


def test_python_and_sql_print_the_same_heading():
    case = suites.column_label_case()
    with v.COLUMN_LABELS_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            label = v.column_label(row["table_kind"] or None, row["column_name"])
            assert label == row["label"]
            assert f"when '{row['column_name']}' then" in case and f"'{row['label']}'" in case
    assert v.column_label("income", "operating") == "事业单位经营收入"
    assert v.column_label("expenditure", "operating") == "经营支出"
    assert v.column_label(None, "no_such_column") == "no_such_column"
