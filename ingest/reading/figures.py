"""The ten contract figures (contract.md, "The ten figures"), taken from the canonical tables.

Why a module: each figure has exactly one place it may come from (the summary's 收入总计, the
expenditure table's 合计 row, the basic-expenditure table's 人员经费 total …), and contract.md forbids
falling back to another table. Keeping every choice here, one small function per figure, makes
those choices reviewable. No arithmetic rule is checked here; the only arithmetic is the contract's
own definition of two figures (fiscal-appropriation income, 三公 total) and deriving a 三公 line that
was printed blank over non-blank parts (balance-rules.md: "derive it, and use the derived value").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ingest.amounts import format_yuan
from ingest.model import Figures, NarrativeFact, Row, Table

_FUNDS = ("general_budget", "government_fund", "state_capital")


def _table(tables: Sequence[Table], kind: str) -> Table | None:
    return next((t for t in tables if t.kind == kind), None)


def _line(table: Table | None, line: str, side: str | None = None) -> Row | None:
    if table is None:
        return None
    return next((r for r in table.rows if r.line == line and (side is None or r.side == side)), None)


def _value(row: Row | None, column: str) -> str | None:
    return None if row is None else row.values.get(column)


def _total_row(table: Table | None) -> Row | None:
    if table is None:
        return None
    return next((r for r in table.rows if r.line == "total" and r.level == 0), None)


def _sum(values: Iterable[str | None]) -> Decimal:
    return sum((Decimal(x) for x in values if x is not None), Decimal(0))


def fiscal_appropriation_income(summary: Table | None) -> str | None:
    """一般公共预算 + 政府性基金 + 国有资本经营 appropriation lines of the summary (blank = 0)."""
    rows = [_line(summary, fund, "income") for fund in _FUNDS]
    if not any(r is not None and r.values.get("amount") is not None for r in rows):
        return None  # no appropriation line, or only blank ones (a blank template): none printed
    return format_yuan(_sum(_value(r, "amount") for r in rows))


def current_year_income(summary: Table | None, income: Table | None) -> str | None:
    """本年收入合计 of the summary; the income table's 本年收入 total where the summary has no such line.

    Shanghai's income table prints no 本年收入 column and no 上年结转 column: its 合计 is this
    year's income (contract.md: "the income table's 本年收入 total").
    """
    row = _line(summary, "current_year_total", "income")
    if row is not None:
        return _value(row, "amount")
    if income is not None and "current_income" not in income.columns and "carry_over" not in income.columns:
        return _value(_total_row(income), "total")
    return _value(_total_row(income), "current_income")


def _three_public_part(table: Table, line: str, column: str) -> Decimal:
    """A 三公 part in one column; printed blank over non-blank children → derived from them."""
    row = _line(table, line)
    if row is not None and row.values.get(column) is not None:
        return Decimal(row.values[column])
    children = [r for r in table.rows if r.line and r.line.startswith(f"{line}.")]
    return _sum(r.values.get(column) for r in children)


def three_public_total(table: Table | None) -> str | None:
    """因公出国(境) + 公务用车购置及运行(维护) + 公务接待, fiscal-appropriation (general budget) column;
    never 会议费 / 培训费. 0.00 for a present table that is empty or zero, None when there is none."""
    if table is None:
        return None
    # 决算 tables pair 预算数 (column budget) with 决算数 (total): the figure is the 决算数
    column = "general_budget" if "general_budget" in table.columns else "total"
    return format_yuan(sum((_three_public_part(table, p, column) for p in ("abroad", "car", "reception")),
                           Decimal(0)))


def operating_costs(tables: Sequence[Table], narrative: Sequence[NarrativeFact]) -> str | None:
    """机关运行经费 from its table (the 三公 table's line or the 机关运行经费 table), else the narrative."""
    for table in tables:
        if table.kind == "three_public":
            row = _line(table, "operating_costs")
            if row is not None:
                column = "general_budget" if row.values.get("general_budget") is not None else "total"
                if row.values.get(column) is not None:
                    return row.values[column]
        if table.kind == "operating_costs":
            total = _total_row(table) or (table.rows[0] if table.rows else None)
            if total is not None:
                value = next((x for x in total.values.values() if x is not None), None)
                if value is not None:
                    return value
    fact = next((f for f in narrative if f.kind == "operating_costs"), None)
    return fact.stated if fact else None


def figures(tables: Sequence[Table], narrative: Sequence[NarrativeFact] = ()) -> Figures:
    """The ten figures of a document from its tables (and the narrative for 机关运行经费 only)."""
    summary = _table(tables, "summary")
    expenditure = _total_row(_table(tables, "expenditure"))
    basic = _total_row(_table(tables, "basic_expenditure"))
    return Figures(
        income_total=_value(_line(summary, "grand_total", "income"), "amount"),
        expenditure_total=_value(_line(summary, "grand_total", "expenditure"), "amount"),
        current_year_income=current_year_income(summary, _table(tables, "income")),
        fiscal_appropriation_income=fiscal_appropriation_income(summary),
        basic_expenditure=_value(expenditure, "basic"),
        project_expenditure=_value(expenditure, "project"),
        personnel_expenditure=_value(basic, "personnel"),
        public_expenditure=_value(basic, "public"),
        three_public_total=three_public_total(_table(tables, "three_public")),
        operating_costs=operating_costs(tables, narrative),
    )
