"""The final accounts (部门决算) of a department-year: its budget executed at 85–105 %.

Why: the budget-against-final comparison (the mart mart_comparison__budget_vs_final and the report's
预算与决算 section) needs a 决算 to compare with. It draws an execution rate for every economic item
and project of the year's budget from a random stream of its own (so the budgets stay byte-identical),
and carries unspent general-budget project money and unspent 上年结转 to 年末结转和结余, so that
F01–F03 hold by construction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ingest.demo.budget import Budget, book_basic, draw_budget
from ingest.demo.catalogue import DepartmentSpec

# Execution rates (决算 / 年初预算) are drawn per economic item and per project in basis points;
# projects paid from last year's carry-over cannot spend more than was carried in.
EXECUTION_BP = (8500, 10500)
CARRY_OVER_EXECUTION_BP = (8500, 10000)


@dataclass
class Final:
    """The 决算 of one department-year: its 年初预算 (the year's budget) and what was spent.

    ``spent`` has the budget's shape (economic items, 项, projects) with the final amounts. Income
    follows the money: general-budget appropriations of projects that spent less than planned
    stay with the department as 年末结转和结余 (``carry_out``); a project that spent more received a
    supplementary appropriation; unspent carry-over (上年结转) money is carried on as well. Basic
    spending is appropriated as spent. So 收入总计 = 支出总计 (F01) and the fiscal summary balances
    (F02) by construction.
    """

    budget: Budget
    spent: Budget
    carry_out: dict[str, int] = field(default_factory=dict)  # 项 → general-budget money carried to next year

    @property
    def carry_in(self) -> int:
        """年初结转和结余: the carry-over the budget planned to spend (上年结转)."""
        return self.budget.fund_total("carry_over")

    @property
    def year_end_carry(self) -> int:
        return sum(self.carry_out.values()) + self.carry_in - self.spent.fund_total("carry_over")

    @property
    def general_budget_income(self) -> int:
        return self.spent.general_budget + sum(self.carry_out.values())

    @property
    def current_income(self) -> int:
        return (self.general_budget_income + self.spent.fund_total("government_fund")
                + self.spent.fund_total("business"))

    @property
    def grand_total(self) -> int:
        return self.current_income + self.carry_in


def _scaled(amount: int, rng: random.Random, bp: tuple[int, int] = EXECUTION_BP) -> int:
    return amount * rng.randint(*bp) // 10000


def draw_final_accounts(spec: DepartmentSpec, year: int, seed: int) -> Final:
    """The final accounts of a department-year whose budget :func:`~ingest.demo.budget.draw_budget` draws: the same items
    and projects executed at 85–105 % (a random stream of its own, so the budget is unchanged)."""
    budget = draw_budget(spec, year, seed)
    rng = random.Random(f"{seed}|{spec.slug}|{year}|final")
    spent = Budget(spec, year)
    spent.economic = {code: _scaled(amount, rng) for code, amount in budget.economic.items()}
    spent.economic = {code: amount for code, amount in spent.economic.items() if amount}
    spent.basic_by_code = book_basic(spec, spent.economic)
    carry_out: dict[str, int] = {}
    for project, planned in budget.projects:
        carried = project.fund == "carry_over"
        amount = _scaled(planned, rng, CARRY_OVER_EXECUTION_BP if carried else EXECUTION_BP)
        spent.projects.append((project, amount))
        if project.fund == "general_budget" and amount < planned:
            carry_out[project.code] = carry_out.get(project.code, 0) + planned - amount
    spent.car_purchase = _scaled(budget.car_purchase, rng, CARRY_OVER_EXECUTION_BP)
    # fixed assets at the end of the year: what next year's budget reports as 上年末
    spent.assets = draw_budget(spec, year + 1, seed).assets
    return Final(budget=budget, spent=spent, carry_out=carry_out)
