"""A department-year's numbers laid out as the Hebei standard tables, budget or 决算.

Why every table from the same few dicts: each identity of balance-rules.md holds by construction only
if the summary, fiscal summary, income, expenditure and general-budget tables are sums of the same
function items (totals are sums; the basic-expenditure table splits the general-budget basic spending
into economic items; the 三公 table covers the matching items). A 决算 lays out what was spent, with
its income following the money (ingest/demo/final.py), under the 决算 titles.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from ingest.demo.budget import Budget
from ingest.demo.catalogue import ECONOMIC_NAMES, FACTOR, FUNCTION_NAMES, FUNDS, PERSONNEL_CLASSES
from ingest.demo.cells import cell_row, hierarchy_rows
from ingest.demo.final import Final
from ingest.demo.writers.hebei_template import EMPTY_NOTES, FINAL_EMPTY_NOTES, FINAL_TITLES, TITLES
from ingest.model import Row, Table


def _table(kind: str, file: str, columns: Sequence[str], rows: list[Row], note: str | None = None) -> Table:
    return Table(kind=kind, title=TITLES[kind], unit="万元", unit_factor=FACTOR, file=file, columns=list(columns),
                 note=note, rows=rows)


def _function_items(b: Budget) -> dict[str, dict[str, int]]:
    """项 → basic / project by fund, the common ground of every function-classified table."""
    items: dict[str, dict[str, int]] = {}
    for code, amount in b.basic_by_code.items():
        items.setdefault(code, {})["basic"] = amount
    for project, amount in b.projects:
        cell = items.setdefault(project.code, {})
        cell[project.fund] = cell.get(project.fund, 0) + amount
    return items


def document_tables(b: Budget, file: str, final: Final | None = None) -> list[Table]:
    """The tables of a budget, or of final accounts (``final``; ``b`` is then ``final.spent``)."""
    items = _function_items(b)
    levels = (3, 5, 7)

    def projects(cell: dict[str, int], funds: Iterable[str]) -> int:
        return sum(cell.get(f, 0) for f in funds)

    expenditure = {
        code: {"total": c.get("basic", 0) + projects(c, FUNDS), "basic": c.get("basic", 0),
               "project": projects(c, FUNDS)}
        for code, c in items.items()
    }
    income = {}
    # a 决算's income: what was spent, plus general-budget money carried out, plus 上年结转 carried in
    carried_out = final.carry_out if final else {}
    carried_in = final.budget.project_by("carry_over") if final else {}
    for code, c in items.items():
        fiscal = (c.get("basic", 0) + c.get("general_budget", 0) + c.get("government_fund", 0)
                  + carried_out.get(code, 0))
        current = fiscal + c.get("business", 0)
        carry = carried_in.get(code, 0) if final else c.get("carry_over", 0)
        income[code] = {"total": current + carry, "current_income": current,
                        "fiscal_appropriation": fiscal, "business": c.get("business", 0),
                        "carry_over": carry}
    general = {
        code: {"total": c.get("basic", 0) + projects(c, ("general_budget", "carry_over")), "basic": c.get("basic", 0),
               "project": projects(c, ("general_budget", "carry_over"))}
        for code, c in items.items()
        if c.get("basic") or projects(c, ("general_budget", "carry_over"))
    }
    fund = {code: {"total": c["government_fund"], "project": c["government_fund"]}
            for code, c in items.items() if c.get("government_fund")}
    exp_columns = ("total", "basic", "project", "operating", "remit_superior", "subsidy_subordinate")
    gb_columns = ("total", "basic", "project")
    income_columns = ("total", "current_income", "fiscal_appropriation", "fiscal_special", "business", "operating",
                      "superior_subsidy", "subordinate_remit", "other", "carry_over")
    economic = {
        code: {"total": amount, ("personnel" if code[:3] in PERSONNEL_CLASSES else "public"): amount}
        for code, amount in b.economic.items()
    }
    names = {**FUNCTION_NAMES, **ECONOMIC_NAMES}
    fund_table_rows = hierarchy_rows(fund, names, gb_columns, levels) if fund else []
    notes = FINAL_EMPTY_NOTES if final else EMPTY_NOTES
    tables = [
        _final_summary(final, file) if final else _summary(b, file),
        _table("income", file, income_columns, hierarchy_rows(income, names, income_columns, levels)),
        _table("expenditure", file, exp_columns, hierarchy_rows(expenditure, names, exp_columns, levels)),
        _final_fiscal_summary(final, file) if final else _fiscal_summary(b, file),
        _table("general_budget", file, gb_columns, hierarchy_rows(general, names, gb_columns, levels)),
        _table("basic_expenditure", file, ("total", "personnel", "public"),
               hierarchy_rows(economic, names, ("total", "personnel", "public"), (3, 5))),
        _table("government_fund", file, gb_columns, fund_table_rows,
               note=None if fund else notes["government_fund"]),
        _table("state_capital", file, gb_columns, [], note=notes["state_capital"]),
        _three_public_table(b, file),
        _table("procurement", file, (), [], note=notes["procurement"]),
        _fixed_assets_table(b, file),
    ]
    if final:
        for table in tables:
            table.title = FINAL_TITLES[table.kind]
    return tables


def _class_totals(b: Budget, funds: Sequence[str], with_basic: bool = True) -> dict[str, int]:
    totals: dict[str, int] = {}
    for code, c in _function_items(b).items():
        amount = (c.get("basic", 0) if with_basic else 0) + sum(c.get(f, 0) for f in funds)
        if amount:
            totals[code[:3]] = totals.get(code[:3], 0) + amount
    return totals


def _summary(b: Budget, file: str) -> Table:
    rows = []
    income = {
        "general_budget": b.general_budget,
        "government_fund": b.fund_total("government_fund"),
        "business": b.fund_total("business"),
    }
    current = sum(income.values())
    carry = b.fund_total("carry_over")
    for line, amount in income.items():
        rows.append(cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income"))
    for line, amount in (("current_year_total", current), ("carry_over", carry), ("grand_total", current + carry)):
        rows.append(cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income"))
    for code, amount in sorted(_class_totals(b, FUNDS).items()):
        rows.append(cell_row(code, FUNCTION_NAMES[code], 1, "function", {"amount": amount}, ("amount",),
                              side="expenditure"))
    for line, amount in (("current_year_total", b.total), ("year_end_carry", 0), ("grand_total", b.total)):
        rows.append(cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="expenditure"))
    return _table("summary", file, ("amount",), rows)


def _fiscal_summary(b: Budget, file: str) -> Table:
    """财政拨款收支总表 of a budget: 年末结转 printed blank."""
    return _fiscal_summary_table(b, file, general_budget_income=b.general_budget,
                                 carry_in=b.fund_total("carry_over"), year_end_carry=None)


def _fiscal_summary_table(b: Budget, file: str, *, general_budget_income: Decimal, carry_in: Decimal,
                          year_end_carry: Decimal | None) -> Table:
    """The fiscal summary of a budget or a 决算: appropriations received (and carried in) beside
    what ``b`` spends by function class, then 年末结转 (blank in a budget) and the totals."""
    gb, gf = general_budget_income, b.fund_total("government_fund")
    columns = ("total", "general_budget", "government_fund", "state_capital")
    rows = [
        cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income")
        for line, amount in (
            ("general_budget", gb),
            ("government_fund", gf),
            ("state_capital", 0),
            ("current_year_total", gb + gf),
            ("carry_over", carry_in),
            ("carry_over.general_budget", carry_in),
            ("grand_total", gb + gf + carry_in),
        )
    ]
    general = _class_totals(b, ("general_budget", "carry_over"))
    fund = _class_totals(b, ("government_fund",), with_basic=False)
    for code in sorted(set(general) | set(fund)):
        cells = {"total": general.get(code, 0) + fund.get(code, 0), "general_budget": general.get(code, 0),
                 "government_fund": fund.get(code, 0)}
        rows.append(cell_row(code, FUNCTION_NAMES[code], 1, "function", cells, columns, side="expenditure"))
    spent_gb = b.general_budget + b.fund_total("carry_over")
    spent = {"total": spent_gb + gf, "general_budget": spent_gb, "government_fund": gf}
    end, grand = {}, spent
    if year_end_carry is not None:
        end = {"total": year_end_carry, "general_budget": year_end_carry}
        grand = {"total": spent_gb + gf + year_end_carry, "general_budget": spent_gb + year_end_carry,
                 "government_fund": gf}
    rows.append(cell_row(None, "current_year_total", None, "current_year_total", spent, columns, side="expenditure"))
    rows.append(cell_row(None, "year_end_carry", None, "year_end_carry", end, columns, side="expenditure"))
    rows.append(cell_row(None, "grand_total", None, "grand_total", grand, columns, side="expenditure"))
    return _table("fiscal_summary", file, columns, rows)


def _final_summary(f: Final, file: str) -> Table:
    """收入支出决算总表: this year's income and spending, 年初 / 年末结转和结余 (F01)."""
    b = f.spent
    rows = []
    income = {
        "general_budget": f.general_budget_income,
        "government_fund": b.fund_total("government_fund"),
        "business": b.fund_total("business"),
    }
    for line, amount in income.items():
        rows.append(cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income"))
    for line, amount in (("current_year_total", f.current_income), ("non_fiscal_balance", 0),
                         ("carry_over", f.carry_in), ("grand_total", f.grand_total)):
        rows.append(cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income"))
    for code, amount in sorted(_class_totals(b, FUNDS).items()):
        rows.append(cell_row(code, FUNCTION_NAMES[code], 1, "function", {"amount": amount}, ("amount",),
                              side="expenditure"))
    for line, amount in (("current_year_total", b.total), ("balance_distribution", 0),
                         ("year_end_carry", f.year_end_carry), ("grand_total", b.total + f.year_end_carry)):
        rows.append(cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="expenditure"))
    return _table("summary", file, ("amount",), rows)


def _final_fiscal_summary(f: Final, file: str) -> Table:
    """财政拨款收入支出决算总表: appropriations received and carried in = spent and carried out (F02)."""
    return _fiscal_summary_table(f.spent, file, general_budget_income=f.general_budget_income,
                                 carry_in=f.carry_in, year_end_carry=f.year_end_carry)


def _three_public_table(b: Budget, file: str) -> Table:
    columns = ("total", "general_budget", "government_fund", "state_capital")
    rows = []
    for line, amount in b.three_public().items():
        level = 0 if line == "total" else None
        rows.append(cell_row(None, line, level, line, {"total": amount, "general_budget": amount}, columns))
    order = ("total", "subtotal", "abroad", "abroad.teaching", "abroad.other", "car", "car.purchase",
             "car.operation", "reception")
    rows.sort(key=lambda r: order.index(r.line or ""))
    return _table("three_public", file, columns, rows)


def _fixed_assets_table(b: Budget, file: str) -> Table:
    rows = []
    for line, (quantity, value) in b.assets.items():
        row = cell_row(None, line, {"total": 0, "buildings.office": 2}.get(line, 1), line, {"value": value},
                        ("value",))
        row.texts["quantity"] = quantity
        rows.append(row)
    return _table("fixed_assets", file, ("value",), rows)
