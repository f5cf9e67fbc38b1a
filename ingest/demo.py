"""Generated budget disclosures for the demo inbox: several departments × years, one deliberately broken.

Why generate rather than collect: the demo must run offline and show every path of the pipeline —
documents that balance, a warning, and a document that breaks a rule and is quarantined — with figures
we know in advance. Each department-year is built as a canonical ``model.Document`` in which every
identity of balance-rules.md holds by construction (totals are sums; the summary, fiscal summary,
income, expenditure and general-budget tables agree; the basic-expenditure table splits the
general-budget basic spending into economic items; the 三公 table covers the matching items), and is
then printed by :func:`ingest.writers.text_rendering.render_text` in the seed's text rendering, so
the demo goes through the same reader as real disclosures. One document is then broken on purpose
(B07: an expenditure-table row whose 合计 omits its 项目支出, a known real case) to show quarantine.

Final accounts (部门决算): for every year but the latest, each department also publishes the 决算 of
that year (:func:`build_final_document`), so the budget-against-final comparison (the mart
mart_comparison__budget_vs_final and the report's 预算与决算 section) has something to compare. The
决算 draws an execution rate of 85–105 % for every economic item and project of the year's budget
from a random stream of its own (the budgets stay byte-identical), carries unspent general-budget
project money and unspent 上年结转 to 年末结转和结余, and is printed in the same Hebei text layout
under 决算 titles with the 决算 summary lines (F01–F03 hold by construction). Its narrative states
年初预算 against 决算 (N05). :func:`generate_documents` gives budgets only unless asked
(``phases``); :func:`write_demo_inbox`, and so ``make demo``, writes both.

Everything is deterministic for a given seed. The documents are fictional: the region is a made-up
演示区 of 秦皇岛市, and each document says under 九、其他需要说明的事项 that it was generated.
Amounts are integers in 0.01 万元 (100 元) while building, so sums are exact.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

from ingest import READER_VERSION
from ingest.amounts import parse_amount
from ingest.model import (
    Document,
    DocumentMeta,
    Figures,
    Indicator,
    NarrativeFact,
    PerformanceTarget,
    Region,
    Row,
    SourceFile,
    Table,
)
from ingest.writers.text_rendering import EMPTY_NOTES, FINAL_EMPTY_NOTES, FINAL_TITLES, TITLES, render_text

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20240601
DEFAULT_YEARS = (2023, 2024)
DEMO_PHASES = ("budget", "final")  # the demo inbox: budgets and the 决算 of every year but the latest
SEED_NAME = "000_6885cbf63360e79d.txt"
REGION = Region(province="河北省", city="秦皇岛市", county="演示区")
DEMO_NOTE = "本文件为 budgetwh 生成的演示数据（演示区为虚构地区），所列数字均为虚构，仅用于演示数据仓库的加载、校验与隔离流程。"
FACTOR = 10000  # 万元

# --- subjects the demo uses (支出功能分类 类 / 款 / 项) ------------------------------------------
FUNCTION_NAMES = {
    "201": "一般公共服务支出",
    "20106": "财政事务",
    "2010601": "行政运行",
    "2010602": "一般行政管理事务",
    "2010607": "信息化建设",
    "2010699": "其他财政事务支出",
    "204": "公共安全支出",
    "20402": "公安",
    "2040201": "行政运行",
    "2040219": "信息化建设",
    "2040220": "执法办案",
    "2040221": "特别业务",
    "205": "教育支出",
    "20501": "教育管理事务",
    "2050101": "行政运行",
    "2050199": "其他教育管理事务支出",
    "20502": "普通教育",
    "2050202": "小学教育",
    "2050203": "初中教育",
    "20508": "进修及培训",
    "2050803": "培训支出",
    "208": "社会保障和就业支出",
    "20805": "行政事业单位养老支出",
    "2080501": "行政单位离退休",
    "2080505": "机关事业单位基本养老保险缴费支出",
    "210": "卫生健康支出",
    "21001": "卫生健康管理事务",
    "2100101": "行政运行",
    "21004": "公共卫生",
    "2100408": "基本公共卫生服务",
    "2100409": "重大公共卫生服务",
    "21007": "计划生育事务",
    "2100717": "计划生育服务",
    "21011": "行政事业单位医疗",
    "2101101": "行政单位医疗",
    "2101103": "公务员医疗补助",
    "212": "城乡社区支出",
    "21201": "城乡社区管理事务",
    "2120101": "行政运行",
    "2120104": "城管执法",
    "21208": "国有土地使用权出让收入安排的支出",
    "2120803": "城市建设支出",
    "213": "农林水支出",
    "21301": "农业农村",
    "2130101": "行政运行",
    "2130122": "农业生产发展",
    "2130153": "农田建设",
    "21305": "巩固脱贫攻坚成果衔接乡村振兴",
    "2130599": "其他巩固脱贫攻坚成果衔接乡村振兴支出",
    "221": "住房保障支出",
    "22101": "保障性安居工程支出",
    "2210103": "棚户区改造",
    "22102": "住房改革支出",
    "2210201": "住房公积金",
}

# --- 部门预算支出经济分类: the basic-expenditure items, personnel (301/303) and public (302) ------------
ECONOMIC_NAMES = {
    "301": "工资福利支出",
    "30101": "基本工资",
    "30102": "津贴补贴",
    "30103": "奖金",
    "30107": "绩效工资",
    "30108": "机关事业单位基本养老保险缴费",
    "30110": "职工基本医疗保险缴费",
    "30111": "公务员医疗补助缴费",
    "30112": "其他社会保障缴费",
    "30113": "住房公积金",
    "302": "商品和服务支出",
    "30201": "办公费",
    "30202": "印刷费",
    "30205": "水费",
    "30206": "电费",
    "30207": "邮电费",
    "30208": "取暖费",
    "30211": "差旅费",
    "30212": "因公出国（境）费用",
    "30213": "维修(护)费",
    "30216": "培训费",
    "30217": "公务接待费",
    "30228": "工会经费",
    "30229": "福利费",
    "30231": "公务用车运行维护费",
    "30239": "其他交通费用",
    "30299": "其他商品和服务支出",
    "303": "对个人和家庭的补助",
    "30301": "离休费",
    "30302": "退休费",
    "30305": "生活补助",
    "30309": "奖励金",
}
PERSONNEL_CLASSES = ("301", "303")

FUNDS = ("general_budget", "government_fund", "carry_over", "business")


@dataclass(frozen=True)
class Project:
    """A project (项目支出) booked under one 项 subject and paid from one source of funds."""

    name: str
    code: str
    low: int  # 万元
    high: int
    fund: str = "general_budget"  # general_budget | government_fund | carry_over | business
    output: str = "任务完成率"
    benefit: str = "工作水平"
    car_purchase: bool = False  # the project buys official cars (三公 公务用车购置费)


@dataclass(frozen=True)
class DepartmentSpec:
    slug: str
    name: str
    code: str
    admin_code: str  # the 行政运行 项 that carries the basic spending not booked elsewhere
    staff: int
    retirees: int
    cars: int
    projects: tuple[Project, ...]
    abroad: bool = False
    office_area: int = 1200


DEPARTMENTS: tuple[DepartmentSpec, ...] = (
    DepartmentSpec(
        "finance", "财政局", "106", "2010601", staff=46, retirees=12, cars=2,
        projects=(
            Project("财政业务综合管理经费", "2010602", 40, 90, output="预算评审项目数", benefit="财政资金使用效益"),
            Project("预算管理一体化系统运维费", "2010607", 60, 160, output="系统正常运行率", benefit="预算管理信息化水平"),
            Project("财政投资评审经费", "2010699", 20, 60, output="评审项目完成率", benefit="政府投资审减率"),
        ),
    ),
    DepartmentSpec(
        "public_security", "公安分局", "121", "2040201", staff=180, retirees=40, cars=24,
        projects=(
            Project("机关综合运行保障经费", "2040201", 80, 160, output="保障事项完成率", benefit="机关运转效率"),
            Project("公安信息化建设运维费", "2040219", 120, 320, output="系统正常运行率", benefit="案件研判效率"),
            Project("执法办案经费", "2040220", 150, 300, output="案件办结率", benefit="群众安全感", car_purchase=True),
            Project("特勤保障经费", "2040221", 40, 110, output="勤务保障完成率", benefit="重大活动安全"),
        ),
    ),
    DepartmentSpec(
        "education", "教育局", "130", "2050101", staff=38, retirees=15, cars=1, abroad=True,
        projects=(
            Project("教育督导评估经费", "2050199", 15, 45, output="督导学校覆盖率", benefit="办学规范水平"),
            Project("义务教育阶段小学公用经费补助", "2050202", 300, 700, output="补助学生覆盖率", benefit="小学办学条件"),
            Project("义务教育阶段初中公用经费补助", "2050203", 200, 500, output="补助学生覆盖率", benefit="初中办学条件"),
            Project("教师继续教育培训经费", "2050803", 30, 80, fund="business", output="培训教师人数达标率",
                    benefit="教师专业能力"),
        ),
    ),
    DepartmentSpec(
        "health", "卫生健康局", "135", "2100101", staff=42, retirees=10, cars=2,
        projects=(
            Project("基本公共卫生服务补助资金", "2100408", 400, 900, output="居民健康档案建档率", benefit="居民健康水平"),
            Project("重大传染病防控经费", "2100409", 80, 200, output="免疫规划疫苗接种率", benefit="传染病发病率控制"),
            Project("计划生育家庭奖励扶助资金", "2100717", 60, 150, output="奖励扶助对象覆盖率", benefit="家庭发展能力"),
        ),
    ),
    DepartmentSpec(
        "agriculture", "农业农村局", "142", "2130101", staff=55, retirees=20, cars=3,
        projects=(
            Project("农业生产发展资金", "2130122", 150, 400, output="良种推广面积达标率", benefit="粮食综合生产能力"),
            Project("高标准农田建设经费", "2130153", 200, 600, output="高标准农田建成面积完成率", benefit="农田灌溉保证率"),
            Project("乡村振兴衔接补助（上年结转）", "2130599", 20, 80, fund="carry_over", output="帮扶项目完成率",
                    benefit="脱贫人口收入增长"),
        ),
    ),
    DepartmentSpec(
        "housing", "住房和城乡建设局", "148", "2120101", staff=60, retirees=18, cars=3,
        projects=(
            Project("城市管理综合执法经费", "2120104", 60, 160, output="违法建设查处率", benefit="市容环境"),
            Project("城市基础设施建设支出", "2120803", 500, 1500, fund="government_fund", output="道路建设完成率",
                    benefit="城市通行能力"),
            Project("棚户区改造补助资金", "2210103", 150, 450, output="棚改安置完成率", benefit="群众居住条件"),
        ),
    ),
)
# The document broken on purpose (slug, year) and the rule it breaks.
BROKEN = ("public_security", 2024)
BROKEN_RULE = "B07"


@dataclass
class DemoDocument:
    """One generated disclosure: what the generator intended, the text written, and whether it was broken."""

    filename: str
    document: Document  # the intended document (for a broken one: the figures before breaking a row)
    text: str
    department: str
    year: int
    broken_rule: str | None = None
    broken_row: str | None = None  # the code of the broken row
    phase: str = "budget"  # budget (部门预算) | final (部门决算)

    @property
    def figures(self) -> Figures:
        return self.document.figures


# --- amounts ----------------------------------------------------------------------------------


def wan(cents: int) -> str:
    """0.01 万元 units → printed 万元 text with two decimals ("" for zero: Hebei prints blanks)."""
    if cents == 0:
        return ""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}{whole}.{frac:02d}"


def wan_always(cents: int) -> str:
    """Like :func:`wan`, but zero prints as 0.00 (narrative sentences)."""
    return wan(cents) or "0.00"


def yuan(cents: int) -> str:
    """0.01 万元 units → the contract's 元 string."""
    return f"{cents * 100}.00"


def _draw(rng: random.Random, low: float, high: float) -> int:
    """A random amount between low and high 万元, in 0.01 万元 units."""
    return rng.randint(round(low * 100), round(high * 100))


def _cell_row(code: str | None, name: str, level: int | None, line: str | None, cells: dict[str, int],
              columns: Sequence[str], *, side: str | None = None, blank_zero: bool = True) -> Row:
    """A canonical row with values, published texts and half units as the reader would produce them."""
    row = Row(code=code, name=name, level=level, line=line, side=side)
    for column in columns:
        cents = cells.get(column, 0)
        text = wan(cents) if blank_zero else wan_always(cents)
        row.texts[column] = text
        amount = parse_amount(text, FACTOR)
        row.values[column] = None if amount is None else amount.yuan()
        if amount is not None:
            row.half_units[column] = str(amount.half_unit.quantize(_HALF))
    return row


_HALF = Decimal("0.0001")


def _add(into: dict[str, int], cells: dict[str, int]) -> None:
    for key, value in cells.items():
        into[key] = into.get(key, 0) + value


def hierarchy_rows(items: dict[str, dict[str, int]], names: dict[str, str], columns: Sequence[str],
                   level_lengths: Sequence[int]) -> list[Row]:
    """合计, then each class with its children, each parent the sum of its children (B08, B09, B11).

    ``items`` maps leaf codes (7-digit 项 or 5-digit economic items) to their column amounts.
    """
    parents: dict[str, dict[str, int]] = {}
    total: dict[str, int] = {}
    for code, cells in items.items():
        for length in level_lengths[:-1]:
            _add(parents.setdefault(code[:length], {}), cells)
        _add(total, cells)
    rows = [_cell_row(None, "合计", 0, "total", total, columns)]
    codes = sorted(set(items) | set(parents))
    for code in codes:
        level = level_lengths.index(len(code)) + 1
        cells = items.get(code) or parents[code]
        rows.append(_cell_row(code, names[code], level, None, cells, columns))
    return rows


# --- one department-year ----------------------------------------------------------------------


@dataclass
class _Budget:
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


def _book_basic(spec: DepartmentSpec, econ: dict[str, int]) -> dict[str, int]:
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


def _budget(spec: DepartmentSpec, year: int, seed: int) -> _Budget:
    rng = random.Random(f"{seed}|{spec.slug}|{year}")
    budget = _Budget(spec, year)
    budget.economic = _economic_items(spec, year, rng)
    budget.basic_by_code = _book_basic(spec, budget.economic)
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


# --- final accounts (决算) of a department-year ------------------------------------------------

# Execution rates (决算 / 年初预算) are drawn per economic item and per project in basis points;
# projects paid from last year's carry-over cannot spend more than was carried in.
EXECUTION_BP = (8500, 10500)
CARRY_OVER_EXECUTION_BP = (8500, 10000)


@dataclass
class _Final:
    """The 决算 of one department-year: its 年初预算 (the year's budget) and what was spent.

    ``spent`` has the budget's shape (economic items, 项, projects) with the final amounts. Income
    follows the money: general-budget appropriations of projects that spent less than planned
    stay with the department as 年末结转和结余 (``carry_out``); a project that spent more received a
    supplementary appropriation; unspent carry-over (上年结转) money is carried on as well. Basic
    spending is appropriated as spent. So 收入总计 = 支出总计 (F01) and the fiscal summary balances
    (F02) by construction.
    """

    budget: _Budget
    spent: _Budget
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


def _final_accounts(spec: DepartmentSpec, year: int, seed: int) -> _Final:
    """The final accounts of a department-year whose budget :func:`_budget` draws: the same items
    and projects executed at 85–105 % (a random stream of its own, so the budget is unchanged)."""
    budget = _budget(spec, year, seed)
    rng = random.Random(f"{seed}|{spec.slug}|{year}|final")
    spent = _Budget(spec, year)
    spent.economic = {code: _scaled(amount, rng) for code, amount in budget.economic.items()}
    spent.economic = {code: amount for code, amount in spent.economic.items() if amount}
    spent.basic_by_code = _book_basic(spec, spent.economic)
    carry_out: dict[str, int] = {}
    for project, planned in budget.projects:
        carried = project.fund == "carry_over"
        amount = _scaled(planned, rng, CARRY_OVER_EXECUTION_BP if carried else EXECUTION_BP)
        spent.projects.append((project, amount))
        if project.fund == "general_budget" and amount < planned:
            carry_out[project.code] = carry_out.get(project.code, 0) + planned - amount
    spent.car_purchase = _scaled(budget.car_purchase, rng, CARRY_OVER_EXECUTION_BP)
    # fixed assets at the end of the year: what next year's budget reports as 上年末
    spent.assets = _budget(spec, year + 1, seed).assets
    return _Final(budget=budget, spent=spent, carry_out=carry_out)


# --- tables -----------------------------------------------------------------------------------


def _table(kind: str, file: str, columns: Sequence[str], rows: list[Row], note: str | None = None) -> Table:
    return Table(kind=kind, title=TITLES[kind], unit="万元", unit_factor=FACTOR, file=file, columns=list(columns),
                 note=note, rows=rows)


def _function_items(b: _Budget) -> dict[str, dict[str, int]]:
    """项 → basic / project by fund, the common ground of every function-classified table."""
    items: dict[str, dict[str, int]] = {}
    for code, amount in b.basic_by_code.items():
        items.setdefault(code, {})["basic"] = amount
    for project, amount in b.projects:
        cell = items.setdefault(project.code, {})
        cell[project.fund] = cell.get(project.fund, 0) + amount
    return items


def _tables(b: _Budget, file: str, final: _Final | None = None) -> list[Table]:
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


def _class_totals(b: _Budget, funds: Sequence[str], with_basic: bool = True) -> dict[str, int]:
    totals: dict[str, int] = {}
    for code, c in _function_items(b).items():
        amount = (c.get("basic", 0) if with_basic else 0) + sum(c.get(f, 0) for f in funds)
        if amount:
            totals[code[:3]] = totals.get(code[:3], 0) + amount
    return totals


def _summary(b: _Budget, file: str) -> Table:
    rows = []
    income = {
        "general_budget": b.general_budget,
        "government_fund": b.fund_total("government_fund"),
        "business": b.fund_total("business"),
    }
    current = sum(income.values())
    carry = b.fund_total("carry_over")
    for line, amount in income.items():
        rows.append(_cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income"))
    for line, amount in (("current_year_total", current), ("carry_over", carry), ("grand_total", current + carry)):
        rows.append(_cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income"))
    for code, amount in sorted(_class_totals(b, FUNDS).items()):
        rows.append(_cell_row(code, FUNCTION_NAMES[code], 1, "function", {"amount": amount}, ("amount",),
                              side="expenditure"))
    for line, amount in (("current_year_total", b.total), ("year_end_carry", 0), ("grand_total", b.total)):
        rows.append(_cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="expenditure"))
    return _table("summary", file, ("amount",), rows)


def _fiscal_summary(b: _Budget, file: str) -> Table:
    """财政拨款收支总表 of a budget: 年末结转 printed blank."""
    return _fiscal_summary_table(b, file, general_budget_income=b.general_budget,
                                 carry_in=b.fund_total("carry_over"), year_end_carry=None)


def _fiscal_summary_table(b: _Budget, file: str, *, general_budget_income: Decimal, carry_in: Decimal,
                          year_end_carry: Decimal | None) -> Table:
    """The fiscal summary of a budget or a 决算: appropriations received (and carried in) beside
    what ``b`` spends by function class, then 年末结转 (blank in a budget) and the totals."""
    gb, gf = general_budget_income, b.fund_total("government_fund")
    columns = ("total", "general_budget", "government_fund", "state_capital")
    rows = [
        _cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income")
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
        rows.append(_cell_row(code, FUNCTION_NAMES[code], 1, "function", cells, columns, side="expenditure"))
    spent_gb = b.general_budget + b.fund_total("carry_over")
    spent = {"total": spent_gb + gf, "general_budget": spent_gb, "government_fund": gf}
    end, grand = {}, spent
    if year_end_carry is not None:
        end = {"total": year_end_carry, "general_budget": year_end_carry}
        grand = {"total": spent_gb + gf + year_end_carry, "general_budget": spent_gb + year_end_carry,
                 "government_fund": gf}
    rows.append(_cell_row(None, "current_year_total", None, "current_year_total", spent, columns, side="expenditure"))
    rows.append(_cell_row(None, "year_end_carry", None, "year_end_carry", end, columns, side="expenditure"))
    rows.append(_cell_row(None, "grand_total", None, "grand_total", grand, columns, side="expenditure"))
    return _table("fiscal_summary", file, columns, rows)


def _final_summary(f: _Final, file: str) -> Table:
    """收入支出决算总表: this year's income and spending, 年初 / 年末结转和结余 (F01)."""
    b = f.spent
    rows = []
    income = {
        "general_budget": f.general_budget_income,
        "government_fund": b.fund_total("government_fund"),
        "business": b.fund_total("business"),
    }
    for line, amount in income.items():
        rows.append(_cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income"))
    for line, amount in (("current_year_total", f.current_income), ("non_fiscal_balance", 0),
                         ("carry_over", f.carry_in), ("grand_total", f.grand_total)):
        rows.append(_cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="income"))
    for code, amount in sorted(_class_totals(b, FUNDS).items()):
        rows.append(_cell_row(code, FUNCTION_NAMES[code], 1, "function", {"amount": amount}, ("amount",),
                              side="expenditure"))
    for line, amount in (("current_year_total", b.total), ("balance_distribution", 0),
                         ("year_end_carry", f.year_end_carry), ("grand_total", b.total + f.year_end_carry)):
        rows.append(_cell_row(None, line, None, line, {"amount": amount}, ("amount",), side="expenditure"))
    return _table("summary", file, ("amount",), rows)


def _final_fiscal_summary(f: _Final, file: str) -> Table:
    """财政拨款收入支出决算总表: appropriations received and carried in = spent and carried out (F02)."""
    return _fiscal_summary_table(f.spent, file, general_budget_income=f.general_budget_income,
                                 carry_in=f.carry_in, year_end_carry=f.year_end_carry)


def _three_public_table(b: _Budget, file: str) -> Table:
    columns = ("total", "general_budget", "government_fund", "state_capital")
    rows = []
    for line, amount in b.three_public().items():
        level = 0 if line == "total" else None
        rows.append(_cell_row(None, line, level, line, {"total": amount, "general_budget": amount}, columns))
    order = ("total", "subtotal", "abroad", "abroad.teaching", "abroad.other", "car", "car.purchase",
             "car.operation", "reception")
    rows.sort(key=lambda r: order.index(r.line or ""))
    return _table("three_public", file, columns, rows)


def _fixed_assets_table(b: _Budget, file: str) -> Table:
    rows = []
    for line, (quantity, value) in b.assets.items():
        row = _cell_row(None, line, {"total": 0, "buildings.office": 2}.get(line, 1), line, {"value": value},
                        ("value",))
        row.texts["quantity"] = quantity
        rows.append(row)
    return _table("fixed_assets", file, ("value",), rows)


# --- narrative, performance targets, figures ----------------------------------------------------


def _change(now: int, before: int) -> tuple[str, int, str]:
    """(word, |change|, direction) for a year-over-year sentence."""
    if now > before:
        return "增加", now - before, "increase"
    if now < before:
        return "减少", before - now, "decrease"
    return "持平", 0, "flat"


def _fact(kind: str, text: str, cents: int, file: str, subject: str | None = None,
          direction: Literal["increase", "decrease", "flat"] | None = None) -> NarrativeFact:
    return NarrativeFact(kind=kind, text=text, stated=yuan(cents), stated_text=f"{wan_always(cents)}万元", unit="万元",
                         subject=subject, direction=direction, file=file)


def _narrative(b: _Budget, previous: _Budget, file: str) -> list[NarrativeFact]:
    spec, year = b.spec, b.year
    gb, gf, bu, carry = (b.general_budget, b.fund_total("government_fund"), b.fund_total("business"),
                         b.fund_total("carry_over"))
    income = (
        f"{year}年预算收入为{wan_always(b.total)}万元，其中：一般公共预算收入{wan_always(gb)}万元，"
        f"政府性基金预算收入{wan_always(gf)}万元，国有资本经营预算收入0.00万元，财政专户核拨收入0.00万元，"
        f"单位资金收入{wan_always(bu)}万元，上年结转结余{wan_always(carry)}万元。"
    )
    names = "、".join(p.name for p, _ in b.projects)
    spending = (
        f"{year}年预算支出为{wan_always(b.total)}万元，其中：基本支出{wan_always(b.basic)}万元，"
        f"主要是人员经费{wan_always(b.personnel)}万元和日常公用经费{wan_always(b.public)}万元；"
        f"项目支出{wan_always(b.project_total)}万元，主要为{names}等。"
    )
    word, delta, direction = _change(b.total, previous.total)
    bword, bdelta, _ = _change(b.basic, previous.basic)
    pword, pdelta, _ = _change(b.project_total, previous.project_total)
    change = (
        f"{year}年预算支出安排{wan_always(b.total)}万元，较{year - 1}年预算{word}{wan_always(delta)}万元，"
        f"其中：基本支出{bword}{wan_always(bdelta)}万元，主要原因为人员经费正常调整；"
        f"项目支出{pword}{wan_always(pdelta)}万元，主要原因为项目安排变化。"
    )
    operating = (
        f"{year}年我部门机关运行经费共计安排{wan_always(b.public)}万元，"
        "主要用于办公费、印刷费、水电费、取暖费等日常运行支出。"
    )
    now, before = b.three_public(), previous.three_public()
    tword, tdelta, tdirection = _change(now["subtotal"], before["subtotal"])
    parts = []
    for key, label in (("abroad", "因公出国（境）费"), ("car.purchase", "公务用车购置费"),
                       ("car.operation", "公务用车运行维护费"), ("reception", "公务接待费")):
        pw, pd, _ = _change(now[key], before[key])
        detail = "与上年持平，无增减变化" if pw == "持平" else f"比上年{pw}{wan_always(pd)}万元"
        parts.append(f"{label}{wan_always(now[key])}万元（{detail}）")
    three = (
        f"{year}年，我部门财政拨款“三公”经费预算安排{wan_always(now['subtotal'])}万元，"
        f"比上年{tword}{wan_always(tdelta)}万元。其中：" + "，".join(parts) + "，主要原因是严格落实过紧日子要求。"
    )
    procurement = f"{year}年，{spec.name}安排政府采购预算0.00万元。具体内容见下表。"
    assets = (
        f"{spec.name}上年末固定资产金额为{wan_always(b.assets['total'][1])}万元（详见下表）。"
        "本年度拟购置固定资产总额为0.00万元。"
    )
    return [
        _fact("income_total", income, b.total, file),
        _fact("fiscal_appropriation_income", income, gb + gf, file),
        _fact("expenditure_total", spending, b.total, file),
        _fact("basic_expenditure", spending, b.basic, file),
        _fact("personnel_expenditure", spending, b.personnel, file),
        _fact("public_expenditure", spending, b.public, file),
        _fact("project_expenditure", spending, b.project_total, file),
        _fact("change", change, delta, file, subject="expenditure_total", direction=direction),
        _fact("operating_costs", operating, b.public, file),
        _fact("three_public_total", three, now["subtotal"], file),
        _fact("three_public", three, tdelta, file, subject="three_public_total", direction=tdirection),
        _fact("procurement", procurement, 0, file),
        _fact("fixed_assets", assets, b.assets["total"][1], file),
    ]


def _indicator(level1: str, level2: str, level3: str, comparator: str | None, value: str | None,
               unit: str | None) -> Indicator:
    text = f"{comparator or ''}{value or ''}{unit or ''}" if value else "有所提升"
    return Indicator(level1=level1, level2=level2, level3=level3, description=level3, value_text=text,
                     comparator=comparator, value=value, unit=unit, quantified=value is not None,
                     basis="历史标准及行业标准")


def _performance(b: _Budget, file: str) -> list[PerformanceTarget]:
    targets = []
    for project, amount in b.projects:
        targets.append(PerformanceTarget(
            project=project.name,
            goal=f"1.按计划完成{project.name}支持的各项任务，提升{project.benefit}。",
            file=file,
            indicators=[
                _indicator("产出指标", "数量指标", project.output, "≥", "95", "%"),
                _indicator("产出指标", "质量指标", "任务验收合格率", "≥", "98", "%"),
                _indicator("产出指标", "时效指标", "按时完成率", "=", "100", "%"),
                _indicator("成本指标", "经济成本指标", "项目预算控制数", "≤", wan_always(amount), "万元"),
                _indicator("效益指标", "社会效益指标", f"{project.benefit}提升情况", None, None, None),
                _indicator("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥", "90", "%"),
            ],
        ))
    return targets


def _figures(b: _Budget) -> Figures:
    current = b.general_budget + b.fund_total("government_fund") + b.fund_total("business")
    return Figures(
        income_total=yuan(b.total),
        expenditure_total=yuan(b.total),
        current_year_income=yuan(current),
        fiscal_appropriation_income=yuan(b.general_budget + b.fund_total("government_fund")),
        basic_expenditure=yuan(b.basic),
        project_expenditure=yuan(b.project_total),
        personnel_expenditure=yuan(b.personnel),
        public_expenditure=yuan(b.public),
        three_public_total=yuan(b.three_public()["subtotal"]),
        operating_costs=yuan(b.public),
    )


def _meta(spec: DepartmentSpec, year: int, phase: str) -> DocumentMeta:
    """A generated document's metadata; its id is set from the rendered text's hash by
    :func:`generate_documents`."""
    return DocumentMeta(id="", department=spec.name, department_code=spec.code, region=REGION, year=year,
                        phase=phase, scope="department", reader_version=READER_VERSION)


def build_document(spec: DepartmentSpec, year: int, seed: int = DEFAULT_SEED, filename: str | None = None) -> Document:
    """The consistent budget Document of one department and year (every balance identity holds)."""
    filename = filename or demo_filename(spec, year)
    budget, previous = _budget(spec, year, seed), _budget(spec, year - 1, seed)
    meta = _meta(spec, year, "budget")
    return Document(
        document=meta,
        figures=_figures(budget),
        tables=_tables(budget, filename),
        narrative=_narrative(budget, previous, filename),
        performance_targets=_performance(budget, filename),
    )


def _percent(part: int, whole: int) -> str:
    """part / whole as a percentage with two decimals, rounded half up (完成年初预算的 Z%)."""
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))


def _final_narrative(f: _Final, file: str) -> list[NarrativeFact]:
    """The 决算 情况说明: totals, 年初预算 against 决算 (N05), 机关运行经费, 三公, assets at year end.

    No year-over-year sentence: the demo publishes no 决算 of the year before to compare with."""
    b, spec, year = f.spent, f.spent.spec, f.spent.year
    fiscal = f.general_budget_income + b.fund_total("government_fund")
    income = (
        f"{year}年度收入总计{wan_always(f.grand_total)}万元，其中：本年收入合计{wan_always(f.current_income)}万元，"
        f"上年结转结余{wan_always(f.carry_in)}万元。本年收入合计中，财政拨款收入{wan_always(fiscal)}万元。"
    )
    grand = b.total + f.year_end_carry
    total = f"{year}年度支出总计{wan_always(grand)}万元，其中：本年支出合计{wan_always(b.total)}万元。"
    names = "、".join(p.name for p, _ in b.projects)
    spending = (
        f"本年支出合计中，基本支出{wan_always(b.basic)}万元，主要是人员经费{wan_always(b.personnel)}万元和"
        f"日常公用经费{wan_always(b.public)}万元；项目支出{wan_always(b.project_total)}万元，主要为{names}等。"
    )
    planned = f.budget.total
    completion = (
        f"{year}年度支出年初预算为{wan_always(planned)}万元，支出决算为{wan_always(b.total)}万元，"
        f"完成年初预算的{_percent(b.total, planned)}%。"
    )
    if b.total < planned:
        reason = "决算数小于预算数的主要原因：部分项目按实际进度执行，结余资金按规定结转下年使用。"
    elif b.total > planned:
        reason = "决算数大于预算数的主要原因：年中追加部分项目经费。"
    else:
        reason = "决算数与预算数持平。"
    operating = (
        f"{year}年度机关运行经费支出{wan_always(b.public)}万元，"
        "主要用于办公费、印刷费、水电费、取暖费等日常运行支出。"
    )
    now = b.three_public()
    three = (
        f"{year}年度财政拨款“三公”经费支出决算{wan_always(now['subtotal'])}万元。其中：因公出国（境）费"
        f"{wan_always(now['abroad'])}万元，公务用车购置费{wan_always(now['car.purchase'])}万元，"
        f"公务用车运行维护费{wan_always(now['car.operation'])}万元，公务接待费{wan_always(now['reception'])}万元。"
    )
    procurement = f"{year}年度，{spec.name}政府采购支出总额0.00万元。"
    assets = (
        f"截至{year}年12月31日，{spec.name}固定资产金额为{wan_always(b.assets['total'][1])}万元（详见下表）。"
    )
    return [
        _fact("income_total", income, f.grand_total, file),
        _fact("current_year_income", income, f.current_income, file),
        _fact("fiscal_appropriation_income", income, fiscal, file),
        _fact("expenditure_total", total, grand, file),
        _fact("basic_expenditure", spending, b.basic, file),
        _fact("personnel_expenditure", spending, b.personnel, file),
        _fact("public_expenditure", spending, b.public, file),
        _fact("project_expenditure", spending, b.project_total, file),
        _fact("final_amount", completion, b.total, file),
        _fact("final_vs_budget", reason, 0, file, subject="final_amount",
              direction="decrease" if b.total < planned else "increase" if b.total > planned else "flat"),
        _fact("operating_costs", operating, b.public, file),
        _fact("three_public_total", three, now["subtotal"], file),
        _fact("procurement", procurement, 0, file),
        _fact("fixed_assets", assets, b.assets["total"][1], file),
    ]


def _final_figures(f: _Final) -> Figures:
    b = f.spent
    return Figures(
        income_total=yuan(f.grand_total),
        expenditure_total=yuan(b.total + f.year_end_carry),
        current_year_income=yuan(f.current_income),
        fiscal_appropriation_income=yuan(f.general_budget_income + b.fund_total("government_fund")),
        basic_expenditure=yuan(b.basic),
        project_expenditure=yuan(b.project_total),
        personnel_expenditure=yuan(b.personnel),
        public_expenditure=yuan(b.public),
        three_public_total=yuan(b.three_public()["subtotal"]),
        operating_costs=yuan(b.public),
    )


def build_final_document(spec: DepartmentSpec, year: int, seed: int = DEFAULT_SEED,
                         filename: str | None = None) -> Document:
    """The consistent final-accounts (决算) Document of one department and year: the year's budget
    (:func:`build_document`) executed at 85–105 %, every balance identity (F01–F03, B08, B09, B11,
    B12, X01–X08) holding by construction."""
    filename = filename or demo_filename(spec, year, "final")
    final = _final_accounts(spec, year, seed)
    meta = _meta(spec, year, "final")
    return Document(
        document=meta,
        figures=_final_figures(final),
        tables=_tables(final.spent, filename, final),
        narrative=_final_narrative(final, filename),
        performance_targets=[],
    )


def break_rule_b07(doc: Document) -> str:
    """Break B07 in the expenditure table: the 项 row with both 基本 and 项目 spending prints 合计 =
    基本支出, omitting its 项目支出 (a known real case). Returns the broken row's code."""
    table = doc.table("expenditure")
    assert table is not None
    row = next(r for r in table.rows if r.level == 3 and r.values.get("basic") and r.values.get("project"))
    row.texts["total"] = row.texts["basic"]
    row.values["total"] = row.values["basic"]
    row.half_units["total"] = row.half_units["basic"]
    return row.code or ""


def two_files(demo: DemoDocument, county: str | None = None) -> tuple[str, str]:
    """A generated document as two files' texts, (tables, narrative), the way Jiangsu publishes
    公开表 and 情况说明 apart (ingest/pairing.py). ``county`` renames 演示区, so the pair's document
    key is its own and does not supersede the single-file document of the same department and year."""
    text = demo.text.replace("演示区", county) if county else demo.text
    title = text.index(f"{demo.year}年部门预算信息公开情况说明")
    cut = text.rindex("\n", 0, title) + 1
    return text[:cut], text[cut:]


def demo_filename(spec: DepartmentSpec, year: int, phase: str = "budget") -> str:
    suffix = "_final" if phase == "final" else ""
    return f"demo_{year}_{spec.code}_{spec.slug}{suffix}.txt"


def department(slug: str) -> DepartmentSpec:
    return next(d for d in DEPARTMENTS if d.slug == slug)


def final_years(years: Sequence[int]) -> list[int]:
    """The years whose final accounts (决算) the demo publishes: every requested year but the latest,
    whose accounts are not closed yet (2023 of 2023 and 2024; none of a single year)."""
    return sorted(set(years))[:-1]


def generate_documents(
    seed: int = DEFAULT_SEED,
    departments: Sequence[str] | None = None,
    years: Sequence[int] = DEFAULT_YEARS,
    broken: tuple[str, int] | None = BROKEN,
    phases: Sequence[str] = ("budget",),
) -> list[DemoDocument]:
    """Every requested department × year as a rendered disclosure; ``broken`` names the one to break.

    ``phases``: "budget" gives every department × year's 部门预算; "final" adds the 部门决算 of each
    of :func:`final_years` after that year's budget. The default stays budgets only (callers count
    them); the demo inbox (:func:`write_demo_inbox`) asks for both, :data:`DEMO_PHASES`. Only a budget
    is ever broken.
    """
    specs = [department(s) for s in departments] if departments else list(DEPARTMENTS)
    closed = set(final_years(years)) if "final" in phases else set()
    wanted = [(year, phase) for year in years for phase in ("budget", "final")
              if phase in phases and (phase == "budget" or year in closed)]
    out = []
    for spec in specs:
        for year, phase in wanted:
            filename = demo_filename(spec, year, phase)
            if phase == "final":
                intended = build_final_document(spec, year, seed, filename)
            else:
                intended = build_document(spec, year, seed, filename)
            printed = intended.model_copy(deep=True)
            rule = row = None
            if phase == "budget" and broken == (spec.slug, year):
                rule, row = BROKEN_RULE, break_rule_b07(printed)
            text = render_text(printed, notes=[DEMO_NOTE])
            sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
            source = SourceFile(name=filename, sha256=sha, pages=None, format="text")
            doc_id = hashlib.sha256(f"{sha}\n{READER_VERSION}".encode()).hexdigest()
            meta = intended.document.model_copy(update={"id": doc_id, "source_files": [source]})
            out.append(DemoDocument(filename=filename, document=intended.model_copy(update={"document": meta}),
                                    text=text, department=spec.name, year=year, broken_rule=rule,
                                    broken_row=row, phase=phase))
    return out


def shared_seed_path() -> Path:
    """The seed disclosure in the read-only ../shared folder (BUDGETWH_SHARED moves it)."""
    shared = Path(os.environ.get("BUDGETWH_SHARED", PROJECT_ROOT.parent / "shared"))
    return shared / "seeds" / SEED_NAME


# ``write_demo_inbox(formats=MIXED_FORMATS)``: an inbox that holds every format the readers read
# (the broken document stays a text rendering, so its quarantine shows the same row as ever).
MIXED_FORMATS = {"education": "docx", "health": "xlsx", "agriculture": "pdf"}


def demo_path(dir: Path, demo: DemoDocument, fmt: str) -> Path:  # noqa: A002
    """Where a generated document is written in ``fmt`` (text | docx | xlsx | pdf)."""
    return dir / (demo.filename if fmt == "text" else Path(demo.filename).with_suffix(f".{fmt}").name)


def _write_demo(path: Path, demo: DemoDocument, fmt: str) -> None:
    """One generated document in ``fmt``, printed exactly as its text rendering (broken row included)."""
    if fmt == "text":
        path.write_text(demo.text, encoding="utf-8")
        return
    from ingest.writers.docx import write_docx
    from ingest.writers.pdf import write_pdf
    from ingest.writers.xlsx import write_xlsx

    writers = {"docx": write_docx, "xlsx": write_xlsx, "pdf": write_pdf}
    if fmt not in writers:
        raise ValueError(f"no demo writer for format {fmt!r} (text, docx, xlsx or pdf)")
    printed = demo.document.model_copy(deep=True)
    if demo.broken_rule == BROKEN_RULE:
        break_rule_b07(printed)
    writers[fmt](printed, path, notes=[DEMO_NOTE])


def write_demo_inbox(
    dir: Path,  # noqa: A002 - the name the CLI and the brief use
    include_seed: bool = True,
    *,
    departments: Sequence[str] | None = None,
    years: Sequence[int] = DEFAULT_YEARS,
    seed: int = DEFAULT_SEED,
    broken: tuple[str, int] | None = BROKEN,
    formats: dict[str, str] | None = None,
    phases: Sequence[str] = DEMO_PHASES,
) -> list[Path]:
    """Write the demo disclosures (and a copy of the seed when ../shared exists) into ``dir``.

    ``formats`` maps department slugs to the format their documents are written in (text, docx,
    xlsx, pdf; see :data:`MIXED_FORMATS`); departments not named are text renderings, as they all
    are by default. ``phases`` (:func:`generate_documents`): by default budgets and the final accounts
    (决算) of every year but the latest; final accounts are always text renderings (the DOCX, XLSX
    and PDF writers lay out budgets only). Deterministic: the same arguments write byte-identical files, so loading the
    inbox twice is a no-op the second time. Files already in ``dir`` are left alone. Returns the
    paths written, sorted.
    """
    dir = Path(dir)
    dir.mkdir(parents=True, exist_ok=True)
    slugs = {spec.name: spec.slug for spec in DEPARTMENTS}
    written = []
    for demo in generate_documents(seed, departments, years, broken, phases):
        fmt = (formats or {}).get(slugs[demo.department], "text") if demo.phase == "budget" else "text"
        path = demo_path(dir, demo, fmt)
        _write_demo(path, demo, fmt)
        written.append(path)
    seed_file = shared_seed_path()
    if include_seed and seed_file.exists():
        target = dir / SEED_NAME
        shutil.copyfile(seed_file, target)
        written.append(target)
    return sorted(written)
