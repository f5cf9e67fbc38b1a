"""收支总表 (summary, fiscal_summary): income and expenditure panels side by side, each printed row
two logical rows; Jiangsu's third panel, the expenditure by use; labels cut by a page break."""

from __future__ import annotations

from ingest.amounts import looks_like_amount
from ingest.model import Row, Table
from ingest.readers.blocks import GridRow
from ingest.reading import vocabulary as v
from ingest.reading.tables.cells import CellReader, source_ref
from ingest.reading.tables.grid import pad
from ingest.reading.tables.headers import FUND_HEADERS, SUMMARY_EXPENDITURE_HEADERS, is_label_header
from ingest.reading.tables.lines import summary_expenditure_line, summary_income_line, summary_use_line
from ingest.reading.tables.text import first_match
from ingest.reading.tables.unmapped import report_unmapped_columns


def _summary_layout(
    kind: str, labels: list[str], width: int
) -> tuple[int, int, int | None, dict[int, str], dict[int, str]]:
    """(income label column, expenditure label column, use label column or None, income amount
    columns, expenditure amount columns) of a summary-kind table."""
    label_cols = [i for i, lab in enumerate(labels) if is_label_header(lab)]
    if len(label_cols) < 2:
        # no 项目 headers found (a blank template whose rows all read as header): assume the
        # two-panel layout instead of indexing past the row (项目 | 预算数 | 项目 | 预算数 at width 4)
        label_cols = [1, 3] if width >= 5 else [0, width // 2] if width >= 2 else [0, 0]
    income_label, expenditure_label = label_cols[0], label_cols[1]
    use_label = label_cols[2] if len(label_cols) > 2 and label_cols[2] + 1 < width else None
    income_amounts = {i: v.AMOUNT for i in range(income_label + 1, expenditure_label)}
    income_amounts = dict(list(income_amounts.items())[:1])
    expenditure_amounts: dict[int, str] = {}
    if kind == "fiscal_summary":
        for i in range(expenditure_label + 1, use_label or width):
            column = first_match(labels[i], FUND_HEADERS)
            if column and column not in expenditure_amounts.values():
                expenditure_amounts[i] = column
        if not expenditure_amounts and expenditure_label + 1 < width and use_label is None:
            # one amount column (Jiangsu 金额): the expenditure side's 合计
            expenditure_amounts = {expenditure_label + 1: "total"}
    if kind == "summary":
        # the expenditure side printed by use beside the line's amount (合计 | 人员经费 | 公用经费 | 项目支出)
        by_use: dict[int, str] = {}
        for i in range(expenditure_label + 1, use_label or width):
            column = first_match(labels[i], SUMMARY_EXPENDITURE_HEADERS)
            if column and column not in by_use.values():
                by_use[i] = column
        if len(by_use) > 1 and next(iter(by_use.values())) == v.AMOUNT:
            expenditure_amounts = by_use
    if not expenditure_amounts and expenditure_label + 1 < width:
        expenditure_amounts = {expenditure_label + 1: v.AMOUNT}
    return income_label, expenditure_label, use_label, income_amounts, expenditure_amounts


def read_summary(
    kind: str, table: Table, labels: list[str], data: list[GridRow], width: int, cells: CellReader
) -> int:
    """Two panels per physical row → two logical rows (side income / expenditure); Jiangsu prints a
    third, the expenditure by use (基本支出 / 项目支出 / 单位预留机动经费), whose rows are expenditure
    lines ``use.*`` of their own."""
    income_label, expenditure_label, use_label, income_amounts, expenditure_amounts = _summary_layout(
        kind, labels, width)
    read = [income_label, expenditure_label, *income_amounts, *expenditure_amounts]
    if use_label is not None:
        read += [use_label, use_label + 1]
    # a breakdown beside the one amount of a line (合计 | 人员经费 | 公用经费 | 项目支出): not read
    report_unmapped_columns(cells, labels, data, width, read,
                            FUND_HEADERS if kind == "fiscal_summary" else SUMMARY_EXPENDITURE_HEADERS)
    columns = [v.AMOUNT] + [c for c in expenditure_amounts.values() if c != v.AMOUNT]
    table.columns = columns
    table.column_labels = {v.AMOUNT: labels[income_label + 1] if income_label + 1 < width else ""}
    table.column_labels.update({c: labels[i] for i, c in expenditure_amounts.items() if c != v.AMOUNT})
    count = 0
    in_carry_over = False
    last: dict[str, Row] = {}  # the last row of each side, for a label wrapped over a page break
    previous_page: int | None = None
    for grid_row in data:
        raw = pad(grid_row, width)
        spans = list(grid_row.spans or ()) + [1] * width
        left, right = raw[income_label].strip(), raw[expenditure_label].strip()
        use = raw[use_label].strip() if use_label is not None and spans[use_label] != 0 else ""
        new_page = previous_page is not None and grid_row.page != previous_page
        previous_page = grid_row.page
        if new_page and not any(looks_like_amount(c) for c in raw) and _join_wrapped_labels(last, left, right):
            continue  # the rest of a label cut by the page break (八、社会保障和就 / 业支出)
        if not left and not right and not use:
            continue
        count += 1
        if left:
            line = summary_income_line(left)
            if line == "carry_over":
                in_carry_over = True
            elif line in ("general_budget", "government_fund", "state_capital") and in_carry_over:
                line = f"carry_over.{line}"
            elif line in ("grand_total", "current_year_total"):
                in_carry_over = False
            row = Row(name=left, line=line, side="income", source=source_ref(grid_row))
            for i, column in income_amounts.items():
                cells.fill(row, column, raw[i].strip(), labels[i], grid_row.where(i))
            table.rows.append(row)
            last["income"] = row
        if right:
            amounts = expenditure_amounts
            span = spans[expenditure_label]
            if span > 1 and len(amounts) == 1 and expenditure_label + span < width:
                # a label over both expenditure panels (Jiangsu 当年支出小计, 支出合计): its amount is
                # printed in the column after it
                amounts = {expenditure_label + span: next(iter(amounts.values()))}
            last["expenditure"] = _expenditure_line(table, grid_row, right, raw, amounts, labels, cells)
        if use:
            row = Row(name=use, line=summary_use_line(use), side="expenditure", source=source_ref(grid_row))
            cells.fill(row, v.AMOUNT, raw[use_label + 1].strip(), labels[use_label + 1], grid_row.where(use_label + 1))
            table.rows.append(row)
    return count


def _expenditure_line(table: Table, grid_row: GridRow, label: str, raw: list[str], amounts: dict[int, str],
                      labels: list[str], cells: CellReader) -> Row:
    line, code = summary_expenditure_line(label)
    row = Row(name=label, line=line, code=code, side="expenditure", level=1 if line == "function" else None,
              source=source_ref(grid_row))
    for i, column in amounts.items():
        cells.fill(row, column, raw[i].strip(), labels[i], grid_row.where(i))
    table.rows.append(row)
    return row


def _join_wrapped_labels(last: dict[str, Row], left: str, right: str) -> bool:
    """A row at the top of a page that only finishes the labels of the row before it (the cell was
    cut by the page break): join them into that row and say so. A label that reads as a line of its
    own, or whose join reads as none, is a row of its own."""
    joined: dict[str, tuple[str, str | None, str | None]] = {}
    for side, text in (("income", left), ("expenditure", right)):
        if not text:
            continue
        row = last.get(side)
        if row is None:
            return False
        if side == "income":
            if summary_income_line(text) is not None or (line := summary_income_line(row.name + text)) is None:
                return False
            joined[side] = (row.name + text, line, None)
        else:
            line, code = summary_expenditure_line(text)
            if line is not None:
                return False
            line, code = summary_expenditure_line(row.name + text)
            if line is None or (line == "function" and code is None):
                return False
            joined[side] = (row.name + text, line, code)
    if not joined:
        return False
    for side, (name, line, code) in joined.items():
        row = last[side]
        row.name, row.line, row.code = name, line, code
        row.level = 1 if line == "function" else None
    return True
