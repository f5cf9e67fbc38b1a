"""The numbers of one department-year's budget (部门预算), drawn before they become tables.

Why a random stream per department-year (``seed|slug|year``): every budget is reproducible on its
own, and drawing another department or year, or the 决算 (ingest/demo/final.py, a stream of its
own), leaves it byte-identical. Basic spending is drawn by economic item and booked to function
subjects the way the seed books it; projects are drawn within their catalogue range.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ingest.demo.catalogue import PERSONNEL_CLASSES, DepartmentSpec, Project


@dataclass
class Budget:
    """The numbers of one department-year before they are laid out as tables (0.01 万元 units)."""

    spec: DepartmentSpec
    year: int
    economic: dict[str, int] = field(default_factory=dict)  # 5-digit item → amount (basic, general budget)
    basic_by_code: dict[str, int] = field(default_factory=dict)  # 项 → basic (general budget)
    projects: list[tuple[Project, int]] = field(default_factory=list)
    car_purchase: int = 0
    assets: dict[str, tuple[str, int]] = field(default_factory=dict)  # line → (quantity text, value)

    # derived sums
    def project_by(self, fund: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for project, amount in self.projects:
            if project.fund == fund:
                out[project.code] = out.get(project.code, 0) + amount
        return out

    def fund_total(self, fund: str) -> int:
        return sum(a for p, a in self.projects if p.fund == fund)

    @property
    def basic(self) -> int:
        return sum(self.basic_by_code.values())

    @property
    def project_total(self) -> int:
        return sum(a for _, a in self.projects)

    @property
    def general_budget(self) -> int:
        return self.basic + self.fund_total("general_budget")

    @property
    def total(self) -> int:
        return self.basic + self.project_total

    @property
    def personnel(self) -> int:
        return sum(a for c, a in self.economic.items() if c[:3] in PERSONNEL_CLASSES)

    @property
    def public(self) -> int:
        return sum(a for c, a in self.economic.items() if c[:3] not in PERSONNEL_CLASSES)

    def three_public(self) -> dict[str, int]:
        abroad = self.economic.get("30212", 0)
        operation = self.economic.get("30231", 0)
        reception = self.economic.get("30217", 0)
        car = self.car_purchase + operation
        return {
            "abroad": abroad,
            "abroad.teaching": 0,
            "abroad.other": abroad,
            "car": car,
            "car.purchase": self.car_purchase,
            "car.operation": operation,
            "reception": reception,
            "subtotal": abroad + car + reception,
            "total": abroad + car + reception,
        }



def _draw(rng: random.Random, low: float, high: float) -> int:
    """A random amount between low and high 万元, in 0.01 万元 units."""
    return rng.randint(round(low * 100), round(high * 100))



def _economic_items(spec: DepartmentSpec, year: int, rng: random.Random) -> dict[str, int]:
    staff, growth = spec.staff, 1 + 0.03 * (year - 2022)
    wage = {
        "30101": _draw(rng, 3.0 * staff * growth, 3.4 * staff * growth),
        "30102": _draw(rng, 1.8 * staff * growth, 2.2 * staff * growth),
        "30103": _draw(rng, 0.5 * staff, 0.7 * staff),
        "30107": _draw(rng, 1.6 * staff * growth, 2.0 * staff * growth),
    }
    base = sum(wage.values())
    items = dict(wage)
    items["30108"] = base * 16 // 100
    items["30110"] = base * 7 // 100
    items["30111"] = base * 4 // 100
    items["30112"] = base // 200
    items["30113"] = base * 12 // 100
    items["30301"] = _draw(rng, 2.0, 6.0) if spec.retirees > 15 else 0
    items["30302"] = _draw(rng, 0.9 * spec.retirees, 1.2 * spec.retirees)
    items["30305"] = _draw(rng, 0.5, 2.0)
    items["30309"] = _draw(rng, 0.05, 0.3)
    items["30201"] = _draw(rng, 0.15 * staff, 0.3 * staff)
    items["30202"] = _draw(rng, 0.1, 1.0)
    items["30205"] = _draw(rng, 0.05, 0.5)
    items["30206"] = _draw(rng, 0.5, 3.0)
    items["30207"] = _draw(rng, 0.5, 4.0)
    items["30208"] = _draw(rng, 0.1 * staff, 0.2 * staff)
    items["30211"] = _draw(rng, 0.5, 3.0)
    items["30212"] = _draw(rng, 2.0, 6.0) if spec.abroad and year % 2 == 0 else 0
    items["30213"] = _draw(rng, 0.1, 2.0)
    items["30216"] = _draw(rng, 0.5, 3.0)
    items["30217"] = _draw(rng, 0.1, 1.5)
    items["30228"] = base * 2 // 100
    items["30229"] = _draw(rng, 0.5, 4.0)
    items["30231"] = _draw(rng, 1.2 * spec.cars, 2.0 * spec.cars) if spec.cars else 0
    items["30239"] = _draw(rng, 0.05 * staff, 0.15 * staff)
    items["30299"] = _draw(rng, 0.5, 3.0)
    return {code: amount for code, amount in items.items() if amount}


def book_basic(spec: DepartmentSpec, econ: dict[str, int]) -> dict[str, int]:
    """Basic spending by function subject: the social-security, health and housing lines take the
    matching contributions (as the seed's 2080505 = 30108, 2210201 = 30113), the rest is 行政运行."""
    booked = {
        "2080501": econ.get("30301", 0) + econ.get("30302", 0),
        "2080505": econ["30108"],
        "2101101": econ["30110"],
        "2101103": econ["30111"],
        "2210201": econ["30113"],
    }
    admin = sum(econ.values()) - sum(booked.values())
    by_code = {code: amount for code, amount in booked.items() if amount}
    by_code[spec.admin_code] = by_code.get(spec.admin_code, 0) + admin
    return by_code


def draw_budget(spec: DepartmentSpec, year: int, seed: int) -> Budget:
    rng = random.Random(f"{seed}|{spec.slug}|{year}")
    budget = Budget(spec, year)
    budget.economic = _economic_items(spec, year, rng)
    budget.basic_by_code = book_basic(spec, budget.economic)
    for project in spec.projects:
        amount = _draw(rng, project.low, project.high)
        budget.projects.append((project, amount))
        if project.car_purchase and year % 2 == 0:
            budget.car_purchase = _draw(rng, 18, 30)
    # fixed assets at the end of last year (部门固定资产占用情况表)
    building = _draw(rng, 0.04 * spec.office_area, 0.08 * spec.office_area)
    vehicles = _draw(rng, 12 * spec.cars, 20 * spec.cars) if spec.cars else 0
    equipment = _draw(rng, 20, 60) if spec.staff > 100 else 0
    other = _draw(rng, 0.8 * spec.staff, 1.6 * spec.staff)
    area = f"{spec.office_area + rng.randint(0, 99)}.{rng.randint(0, 99):02d}"
    budget.assets = {
        "total": ("", building + vehicles + equipment + other),
        "buildings": (area, building),
        "buildings.office": ("", 0),
        "vehicles": (str(spec.cars) if spec.cars else "", vehicles),
        "equipment": ("1" if equipment else "", equipment),
        "other": (str(spec.staff * 25 + rng.randint(0, 40)), other),
    }
    return budget
