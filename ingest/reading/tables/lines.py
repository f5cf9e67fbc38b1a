"""A row's printed name → its line key: summary income / expenditure / use, 三公, fixed assets."""

from __future__ import annotations

from ingest.reading import vocabulary as v
from ingest.reading.tables.text import ENUMERATION, clean, first_match, strip_enumeration


def summary_income_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = (
        (r"本年收入合计|当年收入小计|本年收入小计", "current_year_total"),
        (r"收入总计|^收入合计$|^总计$", "grand_total"),
        (r"使用非财政拨款结余", "non_fiscal_balance"),  # 决算: 使用非财政拨款结余（含专用结余）
        (r"^财政拨款(收入)?$", "fiscal_appropriation"),  # Shanghai: the parent of 1. 一般公共预算 …
        (r"上年结转|年初.*结转|结转和结余$", "carry_over"),
        (r"一般公共预算", "general_budget"),
        (r"政府性基金", "government_fund"),
        (r"国有资本经营", "state_capital"),
        (r"财政专户", "fiscal_special"),
        (r"经营收入", "operating"),
        (r"事业收入", "business"),
        (r"上级补助", "superior_subsidy"),
        (r"附属单位上缴", "subordinate_remit"),
        (r"其他收入", "other"),
        (r"^其他资金$", "other"),  # Jiangsu: 三、其他资金 (事业收入, 经营收入, 其他收入 …) is the other sources
    )
    return first_match(text, rules)


def summary_expenditure_line(label: str) -> tuple[str | None, str | None]:
    """(line key, 类 code): function lines are ("function", "201")."""
    text = strip_enumeration(label)
    code = v.FUNCTION_CLASSES.get(text)
    if code:
        return "function", code
    rules = (
        (r"本年支出合计|当年支出小计|本年支出小计", "current_year_total"),
        (r"支出总计|^支出合计$|^总计$", "grand_total"),
        (r"年终结转|年末.*结转|结转下年", "year_end_carry"),
        (r"^结余分配$", "balance_distribution"),  # 决算
    )
    line = first_match(text, rules) or summary_use_line(label)
    if line is None and ENUMERATION.match(clean(label)):
        # a numbered line of the function list whose name we do not know (Hebei's 三十一、人行科目)
        return "function", None
    return line, None


def summary_use_line(label: str) -> str | None:
    """Jiangsu's expenditure by use (支出用途): 一、基本支出 / 二、项目支出 / 三、单位预留机动经费."""
    text = strip_enumeration(label)
    return first_match(text, ((r"^基本支出$", "use.basic"), (r"^项目支出$", "use.project"),
                              (r"机动经费$", "use.reserve")))


def three_public_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = (
        (r"^(合计|总计)$", "total"),
        (r"三公经费(小计|合计)|^小计$", "subtotal"),
        (r"教学科研人员因公出国", "abroad.teaching"),
        (r"其他因公出国", "abroad.other"),
        (r"因公出国", "abroad"),
        (r"公务用车购置及运", "car"),
        (r"公务用车购置", "car.purchase"),
        (r"公务用车运", "car.operation"),
        (r"公务接待", "reception"),
        (r"会议费", "meeting"),
        (r"培训费", "training"),
        (r"机关运行经费", "operating_costs"),
    )
    return first_match(text, rules)


def fixed_asset_line(label: str) -> str | None:
    text = strip_enumeration(label)
    rules = (
        (r"资产总额|^合计$", "total"),
        (r"办公用房", "buildings.office"),
        (r"房屋", "buildings"),
        (r"车辆", "vehicles"),
        (r"设备", "equipment"),
        (r"其他固定资产", "other"),
    )
    return first_match(text, rules)
